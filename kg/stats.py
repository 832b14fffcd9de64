"""Counts of a built graph: entities by class, relations by property, documents, triples, statements."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from kg.graph_parts import ENTITY_CLASSES, entity_classes, local_name, relation_triples
from kg.store import select, union_is_stored
from kg.vocab import ONTOLOGY_GRAPH, SAMV

__all__ = [
    "ENTITY_CLASSES",
    "Stats",
    "compute_stats",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts of a built graph; the ontology graph is never counted."""

    entities_by_class: tuple[tuple[str, int], ...]
    relations_by_property: tuple[tuple[str, int], ...]
    documents: int
    triples: int  # distinct triples over all data graphs
    quads: int  # triples counted once per graph they are in
    statements: int  # provenance rdf:Statements

    @property
    def entities(self) -> int:
        """All entities."""
        return sum(n for _, n in self.entities_by_class)

    @property
    def relations(self) -> int:
        """All relation triples."""
        return sum(n for _, n in self.relations_by_property)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "entities": self.entities,
            "entities_by_class": dict(self.entities_by_class),
            "relations": self.relations,
            "relations_by_property": dict(self.relations_by_property),
            "documents": self.documents,
            "triples": self.triples,
            "quads": self.quads,
            "statements": self.statements,
        }


def compute_stats(
    store: ox.Store,
    *,
    classes: dict[str, str] | None = None,
    relations: list[tuple[str, str, str]] | None = None,
    sizes: tuple[int, int] | None = None,
    counts: tuple[int, int] | None = None,
) -> Stats:
    """Count entities by class, relations by property, documents, triples and statements.

    `classes`, `relations`, `sizes` and `counts`, when given, are `entity_classes(store)`,
    `relation_triples(store)`, `kg.store.store_sizes(store)` and `document_counts(store)` known
    beforehand.
    """
    if classes is None:
        classes = entity_classes(store)
    if relations is None:
        relations = relation_triples(store)
    by_class = Counter(classes.values())
    by_property = Counter(local_name(p) for _, p, _ in relations)
    triples, quads = _count_triples_and_quads(store, sizes)
    documents, statements = counts if counts is not None else document_counts(store)
    return Stats(
        entities_by_class=tuple(sorted(by_class.items(), key=lambda kv: (-kv[1], kv[0]))),
        relations_by_property=tuple(sorted(by_property.items(), key=lambda kv: (-kv[1], kv[0]))),
        documents=documents,
        triples=triples,
        quads=quads,
        statements=statements,
    )


def document_counts(store: ox.Store) -> tuple[int, int]:
    """The documents and the reified statements of the data graphs."""
    return (
        _count(store, f"SELECT (COUNT(DISTINCT ?d) AS ?n) {{ ?d a <{SAMV}Document> }}"),
        _count(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a rdf:Statement }"),
    )


def _count(store: ox.Store, query: str) -> int:
    """The number `?n` of a COUNT query over the data graphs."""
    return _number(select(store, query))


def _count_triples_and_quads(store: ox.Store, sizes: tuple[int, int] | None = None) -> tuple[int, int]:
    """Distinct triples over the data graphs, and quads in the named graphs, the ontology's not counted.

    The numbers of `SELECT DISTINCT ?s ?p ?o { ?s ?p ?o FILTER NOT EXISTS { GRAPH <ontology> ... } }`
    and `GRAPH ?g { ?s ?p ?o } FILTER(?g != <ontology>)`, without their cost: the quads of the named
    graphs are all quads less the default graph's. When the default graph holds the union, the
    triples are its triples less those also in the ontology graph; otherwise (stores of old builds)
    the distinct triples of the union less the ontology's, which are all in the union. `sizes`
    (named-graph quads, default-graph triples), when known, spare counting them.
    """
    ontology = list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))
    if union_is_stored(store):
        if sizes is not None:
            named, default = sizes
            triples = default - sum(1 for q in ontology if ox.Quad(q.subject, q.predicate, q.object) in store)
            return triples, named - len(ontology)
        result = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # the default graph alone
        assert isinstance(result, ox.QuerySolutions)
        default = _number(result)
        triples = default - sum(1 for q in ontology if ox.Quad(q.subject, q.predicate, q.object) in store)
    else:
        default = 0  # what `union_is_stored` found
        triples = _count(store, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }") - len(ontology)
    return triples, len(store) - default - len(ontology)


def _number(rows: Iterable[ox.QuerySolution]) -> int:
    for row in rows:
        term = row["n"]
        return int(term.value) if term is not None else 0
    return 0
