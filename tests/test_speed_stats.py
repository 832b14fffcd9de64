"""The fast counts of kg.stats give the numbers of the SPARQL queries they replace, on every kind of store."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_store import mini_quads

from kg.graph_parts import ENTITY_CLASSES, _typed_entities, local_name
from kg.stats import compute_stats
from kg.store import select, write_store
from kg.vocab import ONTOLOGY_GRAPH, RDF, SAMV, ontology_dir

# The queries compute_stats ran before it counted from the store's sizes: the reference.
TRIPLES = (
    "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o "
    f"FILTER NOT EXISTS {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }} }} }}"
)
QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}>) }}"
TYPED = f"""SELECT DISTINCT ?e ?c {{ ?e a ?c FILTER(isIRI(?e) && STRSTARTS(STR(?c), "{SAMV}")) }}"""

EX = "https://example.org/"
TYPE = ox.NamedNode(RDF + "type")


def count(store: ox.Store, query: str) -> int:
    for row in select(store, query):
        term = row["n"]
        assert isinstance(term, ox.Literal)
        return int(term.value)
    raise AssertionError("no row")


def reference_typed(store: ox.Store) -> set[tuple[str, str]]:
    """(entity, class local name) as entity_classes read them with one query filtering every rdf:type."""
    found = set()
    for row in select(store, TYPED):
        cls = local_name(row["c"].value)
        if cls in ENTITY_CLASSES:
            found.add((row["e"].value, cls))
    return found


def ontology_quads() -> list[ox.Quad]:
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    triples = ox.parse(path=str(ontology_dir() / "samverkan.ttl"), format=ox.RdfFormat.TURTLE)
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def awkward_quads() -> list[ox.Quad]:
    """Quads that tell the exact counts from near ones: an ontology triple in a data graph, a triple in
    two graphs, blank nodes, literal classes (one with a second `#`), a typed blank node."""
    one, two = ox.NamedNode(EX + "graph/one"), ox.NamedNode(EX + "graph/two")
    copied = ontology_quads()[0]
    entity, blank = ox.NamedNode(EX + "entity"), ox.BlankNode("b1")
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    return [
        ox.Quad(copied.subject, copied.predicate, copied.object, one),
        ox.Quad(entity, label, ox.Literal("Entitet", language="sv"), one),
        ox.Quad(entity, label, ox.Literal("Entitet", language="sv"), two),
        ox.Quad(blank, label, ox.Literal("Tom"), two),
        ox.Quad(blank, TYPE, ox.NamedNode(SAMV + "Person"), two),
        ox.Quad(entity, TYPE, ox.Literal(SAMV + "Project"), one),
        ox.Quad(ox.NamedNode(EX + "other"), TYPE, ox.Literal(SAMV + "odd#Event"), two),
        ox.Quad(ox.NamedNode(EX + "third"), TYPE, ox.NamedNode(SAMV + "Arena"), two),
    ]


def union_store(path: Path) -> ox.Store:
    """A store as `kg build` writes it: the default graph holds the union of the named graphs."""
    write_store([*mini_quads(), *awkward_quads()], path)
    return ox.Store(str(path))


def old_store(path: Path) -> ox.Store:
    """A store as builds before the stored union wrote it: named graphs only, queried as their union."""
    store = ox.Store(str(path))
    store.bulk_extend([*mini_quads(), *awkward_quads(), *ontology_quads()])
    return store


def odd_default_store(path: Path) -> ox.Store:
    """A stored union whose default graph also holds a triple of no named graph, and lacks an ontology triple."""
    store = union_store(path)
    store.add(ox.Quad(ox.NamedNode(EX + "loose"), TYPE, ox.NamedNode(SAMV + "Place")))
    last = ontology_quads()[-1]
    store.remove(ox.Quad(last.subject, last.predicate, last.object))
    return store


def empty_store(path: Path) -> ox.Store:
    return ox.Store(str(path))


STORES: dict[str, Callable[[Path], ox.Store]] = {
    "union stored": union_store,
    "old, no union": old_store,
    "default graph beyond the union": odd_default_store,
    "empty": empty_store,
}


@pytest.mark.parametrize("kind", list(STORES))
def test_counts_equal_the_sparql_reference(tmp_path: Path, kind: str) -> None:
    store = STORES[kind](tmp_path / "store")
    stats = compute_stats(store)
    assert stats.triples == count(store, TRIPLES)
    assert stats.quads == count(store, QUADS)
    if kind != "empty":
        assert stats.triples > 0 and stats.quads > stats.triples  # the awkward triple is in two graphs


@pytest.mark.parametrize("kind", list(STORES))
def test_typed_entities_equal_the_one_query_reference(tmp_path: Path, kind: str) -> None:
    store = STORES[kind](tmp_path / "store")
    typed = set(_typed_entities(store))
    assert typed == reference_typed(store)
    if kind != "empty":
        assert (EX + "entity", "Project") in typed  # a literal class, as STR() reads it
        assert (EX + "other", "Event") in typed  # "samv:odd#Event": its local name is Event
        assert not any(e.startswith("_:") or e == "b1" for e, _ in typed)


def test_the_seed_build_counts_as_before(seed_graph: Path) -> None:
    store = ox.Store.read_only(str(seed_graph / "store"))
    stats = compute_stats(store)
    assert (stats.triples, stats.quads) == (count(store, TRIPLES), count(store, QUADS))
    assert set(_typed_entities(store)) == reference_typed(store)
