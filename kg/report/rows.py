"""The rows of the report's documents and persons sections, read from the store, and patched for the
triples a patched build changed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from kg.store import select
from kg.vocab import DCTERMS, RDF, RDFS, SAMV

__all__ = ["Rows", "document_rows", "patched_rows", "person_rows"]


# The rows of those sections, by the document or person IRI they are about.
Rows = dict[str, list[list[str]]]


def document_rows(store: ox.Store) -> Rows:
    """Each document's row: title (its IRI without one), source, format and the distinct entities
    it mentions; the least of several titles, sources or formats."""
    query = f"""SELECT ?d (MIN(STR(?t)) AS ?title) (MIN(STR(?s)) AS ?source) (MIN(STR(?f)) AS ?format)
        (COUNT(DISTINCT ?m) AS ?mentions) {{
        ?d a <{SAMV}Document> .
        OPTIONAL {{ ?d <{DCTERMS}title> ?t }} OPTIONAL {{ ?d <{DCTERMS}source> ?s }}
        OPTIONAL {{ ?d <{SAMV}format> ?f }} OPTIONAL {{ ?d <{SAMV}mentions> ?m }}
    }} GROUP BY ?d"""
    rows: Rows = {}
    for row in select(store, query):
        d = row["d"].value
        rows[d] = [
            [_value(row["title"]) or d, _value(row["source"]), _value(row["format"]), _value(row["mentions"]) or "0"]
        ]
    return rows


def person_rows(store: ox.Store) -> Rows:
    """Each person's rows: one per organisation it is affiliated with (with the roles that qualified
    affiliations of the two state), or one without; the least of several labels, the IRI without."""
    query = f"""SELECT DISTINCT ?p ?pl ?o ?ol ?r {{
        ?p a <{SAMV}Person> .
        OPTIONAL {{ ?p rdfs:label ?pl }}
        OPTIONAL {{
            ?p <{SAMV}affiliatedWith> ?o . OPTIONAL {{ ?o rdfs:label ?ol }}
            OPTIONAL {{ ?a <{SAMV}person> ?p ; <{SAMV}organisation> ?o ; <{SAMV}role> ?r }}
        }}
    }}"""
    person_label: dict[str, str] = {}
    org_label: dict[str, str] = {}
    roles: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for row in select(store, query):
        p = row["p"].value
        person_label[p] = min(person_label.get(p, _value(row["pl"]) or p), _value(row["pl"]) or p)
        if row["o"] is None:
            continue
        o = row["o"].value
        org_label[o] = min(org_label.get(o, _value(row["ol"]) or o), _value(row["ol"]) or o)
        entry = roles[p].setdefault(o, set())
        if row["r"] is not None:
            entry.add(row["r"].value)
    return {p: _person_rows(label, org_label, roles.get(p, {})) for p, label in person_label.items()}


def _person_rows(label: str, org_label: dict[str, str], roles: dict[str, set[str]]) -> list[list[str]]:
    if not roles:
        return [[label, "", ""]]
    return sorted([label, org_label[o], ", ".join(sorted(held))] for o, held in roles.items())


def patched_rows(store: ox.Store, documents: Rows, persons: Rows, changes: Sequence[ox.Triple]) -> tuple[Rows, Rows]:
    """The rows of `document_rows` and `person_rows` of `store` from those of an earlier state of it,
    given the triples its union gained or lost since (`changes`).

    A document's row is made of triples about it, so only the subjects of the changes are read again.
    A person's rows are made of triples about the person, the organisations it is affiliated with and
    the qualified affiliations that name it: the persons read again are those among the subjects and
    objects of the changes, those affiliated with a changed subject and those a changed subject names
    as samv:person. Their rows are read through the store's index (which holds the union in its
    default graph), with the same rules as the queries.
    """
    documents, persons = dict(documents), dict(persons)
    default = ox.DefaultGraph()
    subjects = {t.subject for t in changes if isinstance(t.subject, ox.NamedNode)}
    for node in subjects:
        rows = _document_rows_of(store, node)
        if rows:
            documents[node.value] = rows
        else:
            documents.pop(node.value, None)
    candidates: set[object] = {*subjects, *(t.object for t in changes if isinstance(t.object, ox.NamedNode))}
    affiliated, person = ox.NamedNode(f"{SAMV}affiliatedWith"), ox.NamedNode(f"{SAMV}person")
    for node in subjects:
        candidates.update(q.subject for q in store.quads_for_pattern(None, affiliated, node, default))
        candidates.update(q.object for q in store.quads_for_pattern(node, person, None, default))
    for candidate in candidates:
        if not isinstance(candidate, ox.NamedNode):
            continue
        rows = _person_rows_of(store, candidate)
        if rows:
            persons[candidate.value] = rows
        else:
            persons.pop(candidate.value, None)
    return documents, persons


def _objects(store: ox.Store, subject: ox.NamedNode | ox.BlankNode | ox.Triple, predicate: str) -> list[object]:
    return [q.object for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None, ox.DefaultGraph())]


def _least(values: Iterable[object], fallback: str = "") -> str:
    texts = [_value(v) for v in values]
    return min(texts) if texts else fallback


def _document_rows_of(store: ox.Store, d: ox.NamedNode) -> list[list[str]]:
    """`document_rows(store)[d.value]` (none: `d` is no document), through the index."""
    if ox.Quad(d, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{SAMV}Document"), ox.DefaultGraph()) not in store:
        return []
    mentions = {_value(m) for m in _objects(store, d, f"{SAMV}mentions")}
    return [
        [
            _least(_objects(store, d, f"{DCTERMS}title")) or d.value,
            _least(_objects(store, d, f"{DCTERMS}source")),
            _least(_objects(store, d, f"{SAMV}format")),
            str(len(mentions)),
        ]
    ]


def _person_rows_of(store: ox.Store, p: ox.NamedNode) -> list[list[str]]:
    """`person_rows(store)[p.value]` (none: `p` is no person), through the index."""
    if ox.Quad(p, ox.NamedNode(f"{RDF}type"), ox.NamedNode(f"{SAMV}Person"), ox.DefaultGraph()) not in store:
        return []

    def label(node: object) -> str:
        own = _value(node)
        if not isinstance(node, (ox.NamedNode, ox.BlankNode)):
            return own
        return min((_value(v) or own for v in _objects(store, node, f"{RDFS}label")), default=own)

    orgs = _objects(store, p, f"{SAMV}affiliatedWith")
    roles: dict[str, set[str]] = {_value(o): set() for o in orgs}
    org_label = {_value(o): label(o) for o in orgs}
    person = ox.NamedNode(f"{SAMV}person")
    for quad in store.quads_for_pattern(None, person, p, ox.DefaultGraph()):
        stated = {_value(r) for r in _objects(store, quad.subject, f"{SAMV}role")}
        if not stated:
            continue
        for o in _objects(store, quad.subject, f"{SAMV}organisation"):
            if _value(o) in roles:
                roles[_value(o)].update(stated)
    return _person_rows(label(p), org_label, roles)


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))
