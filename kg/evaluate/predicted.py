"""What a built graph predicts for the documents of a gold file: its entities with their names and
classes, and the relations between them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.evaluate.gold import ENTITY_CLASSES, SYMMETRIC
from kg.store import select
from kg.vocab import DCTERMS, RDFS, RELATIONS, SAMV, SKOS

# --- predictions -----------------------------------------------------------------------------------
# Used only when the store holds no ontology to tell a class from its superclasses.
_GENERAL = frozenset({"Organisation", "PublicActor"})


@dataclass(frozen=True)
class PredictedEntity:
    """An entity the build found in the documents of a gold file's source."""

    iri: str
    cls: str
    labels: tuple[str, ...]  # the preferred label first
    date: str | None = None

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.iri


@dataclass(frozen=True)
class PredictedRelation:
    """A relation triple between two predicted entities, asserted in one of the documents' graphs."""

    subject: str
    property: str
    object: str


def _iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _local(iri: str) -> str:
    return iri.rpartition("#")[2] if "#" in iri else iri.rpartition("/")[2]


def source_documents(store: ox.Store, source: Path) -> tuple[str, ...]:
    """The documents built from `source` (same content hash) and the documents they relate to."""
    digest = "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
    query = f'SELECT DISTINCT ?d {{ ?d samv:contentHash ?h FILTER(isIRI(?d) && STR(?h) = "{digest}") }}'
    found = {row["d"].value for row in select(store, query)}
    if not found:
        return ()
    query = f"SELECT DISTINCT ?r {{ VALUES ?d {{ {_iri_values(found)} }} ?d <{DCTERMS}relation> ?r FILTER(isIRI(?r)) }}"
    found |= {row["r"].value for row in select(store, query)}
    return tuple(sorted(found))


def superclasses(store: ox.Store) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    query = f"""SELECT DISTINCT ?c ?p {{ ?c rdfs:subClassOf+ ?p
        FILTER(STRSTARTS(STR(?c), "{SAMV}") && STRSTARTS(STR(?p), "{SAMV}")) }}"""
    for row in select(store, query, ontology=True):
        parents.setdefault(_local(row["c"].value), set()).add(_local(row["p"].value))
    return parents


def _most_specific(classes: set[str], parents: Mapping[str, set[str]]) -> str:
    specific = {c for c in classes if not any(c in parents.get(o, ()) for o in classes if o != c)}
    if not parents and len(specific) > 1:
        specific = (specific - _GENERAL) or specific
    return sorted(specific)[0]


def predicted_entities(
    store: ox.Store, documents: Sequence[str], parents: Mapping[str, set[str]]
) -> dict[str, PredictedEntity]:
    docs = _iri_values(documents)
    query = f"""SELECT DISTINCT ?e {{ VALUES ?d {{ {docs} }}
        {{ ?d samv:mentions ?e }} UNION {{ GRAPH ?d {{ ?e a ?c }} FILTER(STRSTARTS(STR(?c), "{SAMV}")) }}
        FILTER(isIRI(?e)) }}"""
    candidates = {row["e"].value for row in select(store, query)}
    if not candidates:
        return {}
    values = _iri_values(candidates)
    types: dict[str, set[str]] = {}
    for row in select(store, f"SELECT DISTINCT ?e ?c {{ VALUES ?e {{ {values} }} ?e a ?c }}"):
        cls = row["c"].value
        if cls.startswith(SAMV):
            types.setdefault(row["e"].value, set()).add(cls[len(SAMV) :])
    ranked: dict[str, set[tuple[int, str]]] = {}
    rank = {f"{SKOS}prefLabel": 0, f"{RDFS}label": 2, f"{SKOS}altLabel": 4}
    query = f"""SELECT DISTINCT ?e ?p ?l {{ VALUES ?e {{ {values} }}
        VALUES ?p {{ <{SKOS}prefLabel> <{RDFS}label> <{SKOS}altLabel> }} ?e ?p ?l FILTER(isLiteral(?l)) }}"""
    for row in select(store, query):
        literal = row["l"]
        assert isinstance(literal, ox.Literal)
        order = rank[row["p"].value] + (0 if literal.language in (None, "sv") else 1)
        ranked.setdefault(row["e"].value, set()).add((order, literal.value))
    dates: dict[str, str] = {}
    for row in select(store, f"SELECT DISTINCT ?e ?date {{ VALUES ?e {{ {values} }} ?e samv:date ?date }}"):
        iri, value = row["e"].value, row["date"].value
        if iri not in dates or value < dates[iri]:
            dates[iri] = value
    result: dict[str, PredictedEntity] = {}
    for iri in sorted(candidates):
        classes = types.get(iri, set())
        if "Document" in classes or "Affiliation" in classes:
            continue
        classes &= ENTITY_CLASSES
        if not classes:
            continue
        labels: list[str] = []
        for _, text in sorted(ranked.get(iri, set())):
            if text not in labels:
                labels.append(text)
        cls = _most_specific(classes, parents)
        result[iri] = PredictedEntity(
            iri=iri, cls=cls, labels=tuple(labels), date=dates.get(iri) if cls == "Event" else None
        )
    return result


def predicted_relations(
    store: ox.Store, documents: Sequence[str], entities: Mapping[str, PredictedEntity]
) -> list[PredictedRelation]:
    props = " ".join(f"<{SAMV}{name}>" for name in RELATIONS)
    query = f"""SELECT DISTINCT ?s ?p ?o {{ VALUES ?d {{ {_iri_values(documents)} }} VALUES ?p {{ {props} }}
        GRAPH ?d {{ ?s ?p ?o }} }}"""
    found: set[tuple[str, str, str]] = set()
    for row in select(store, query):
        s, p, o = row["s"].value, row["p"].value[len(SAMV) :], row["o"].value
        if s in entities and o in entities and s != o:
            if p in SYMMETRIC and o < s:
                s, o = o, s
            found.add((s, p, o))
    return [PredictedRelation(s, p, o) for s, p, o in sorted(found)]
