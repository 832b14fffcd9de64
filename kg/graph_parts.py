"""The entity classes, labels and relations of a built graph, read from its store: what the analysis
and the view project to NetworkX, and what a patched build updates instead of reading again."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.store import select, union_is_stored, union_pairs
from kg.vocab import CLASS_PATHS, RDFS, RELATIONS, SAMV, SKOS

__all__ = ["ENTITY_CLASSES", "entity_classes", "entity_labels", "local_name", "patched_parts", "relation_triples"]

# The classes whose instances are entities of the graph (documents, affiliations, statements are not).
ENTITY_CLASSES: frozenset[str] = frozenset(c for c in CLASS_PATHS if c != "Document")

# Used only when the store holds no ontology: the general classes lose to any more specific one.
_GENERAL = ("Organisation", "PublicActor")

# Rank of the label properties in entity_labels (dcterms:title and any other: 2).
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_TITLE = "http://purl.org/dc/terms/title"
_LABEL_ORDER = {f"{RDFS}label": 0, f"{SKOS}prefLabel": 1}


def entity_classes(store: ox.Store) -> dict[str, str]:
    """Every entity IRI with the local name of its most specific samv: class."""
    parents = _superclasses(store)
    found: dict[str, set[str]] = defaultdict(set)
    for entity, cls in _typed_entities(store):
        found[entity].add(cls)
    result: dict[str, str] = {}
    for iri, classes in found.items():
        shown = _most_specific(classes, parents)
        if shown is not None:
            result[iri] = shown
    return dict(sorted(result.items()))


def _most_specific(classes: set[str], parents: dict[str, set[str]]) -> str | None:
    """The class an entity of `classes` (local names) is shown as; None for a document."""
    if "Document" in classes:
        return None
    specific = {c for c in classes if not any(c in parents.get(o, ()) for o in classes if o != c)}
    if not parents and len(specific) > 1:
        specific = {c for c in specific if c not in _GENERAL} or specific
    return sorted(specific)[0]


def patched_parts(
    parts: tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]],
    store: ox.Store,
    added: Iterable[ox.Triple],
    removed: Iterable[ox.Triple],
) -> tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]]:
    """(`entity_classes`, `entity_labels`, `relation_triples`) of `store`, from those read before
    the triples `added` and `removed` changed the union of its graphs (its default graph).

    Relation triples come and go with the union's; the class and the label of a resource are read
    again, through the index, for the resources whose types or labels changed.
    """
    classes, labels, relations = dict(parts[0]), dict(parts[1]), set(parts[2])
    relation_iris = {SAMV + name for name in RELATIONS}
    retyped: set[str] = set()
    renamed: set[str] = set()
    for triple, present in [*((t, False) for t in removed), *((t, True) for t in added)]:
        subject, prop, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode):
            continue
        if prop == _RDF_TYPE:
            retyped.add(subject.value)
        elif prop in _LABEL_ORDER or prop == _TITLE:
            renamed.add(subject.value)
        elif prop in relation_iris and isinstance(obj, ox.NamedNode):
            (relations.add if present else relations.discard)((subject.value, prop, obj.value))
    default = ox.DefaultGraph() if union_is_stored(store) else None
    parents = _superclasses(store) if retyped else {}
    for iri in retyped:
        found = set()
        for quad in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(_RDF_TYPE), None, default):
            cls = quad.object
            if isinstance(cls, ox.NamedNode | ox.Literal) and cls.value.startswith(SAMV):
                if local_name(cls.value) in ENTITY_CLASSES:
                    found.add(local_name(cls.value))
        shown = _most_specific(found, parents) if found else None
        if shown is None:
            classes.pop(iri, None)
        else:
            classes[iri] = shown
    for iri in renamed:
        best: tuple[int, str] | None = None
        for prop in (f"{RDFS}label", f"{SKOS}prefLabel", _TITLE):
            order = _LABEL_ORDER.get(prop, 2)
            for quad in store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, default):
                literal = quad.object
                if isinstance(literal, ox.Literal):
                    candidate = _label_candidate(order, literal)
                    best = candidate if best is None or candidate < best else best
        if best is None:
            labels.pop(iri, None)
        else:
            labels[iri] = best[1]
    return dict(sorted(classes.items())), dict(sorted(labels.items())), sorted(relations)


def entity_labels(store: ox.Store) -> dict[str, str]:
    """The preferred label of every labelled resource: rdfs:label@sv, skos:prefLabel@sv, then any."""
    ranked: dict[str, tuple[int, str]] = {}
    for prop in (f"{RDFS}label", f"{SKOS}prefLabel", _TITLE):
        order = _LABEL_ORDER.get(prop, 2)
        for entity, literal in union_pairs(store, prop):
            if not isinstance(entity, ox.NamedNode) or not isinstance(literal, ox.Literal):
                continue
            candidate = _label_candidate(order, literal)
            iri = entity.value
            known = ranked.get(iri)
            if known is None or candidate < known:
                ranked[iri] = candidate
    return {iri: label for iri, (_, label) in sorted(ranked.items())}


def _label_candidate(order: int, literal: ox.Literal) -> tuple[int, str]:
    """How a label ranks (lower first): by property `order`, Swedish or untagged before other languages."""
    return (order if literal.language in ("sv", None) else order + 3, literal.value)


def relation_triples(store: ox.Store) -> list[tuple[str, str, str]]:
    """Every distinct relation triple (subject, property IRI, object) between resources, sorted."""
    found: set[tuple[str, str, str]] = set()
    for name in RELATIONS:
        prop = SAMV + name
        found.update(
            (s.value, prop, o.value)
            for s, o in union_pairs(store, prop)
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode)
        )
    return sorted(found)


def local_name(iri: str) -> str:
    """The part of an IRI after its last `#` or `/`."""
    for sep in ("#", "/"):
        _, found, tail = iri.rpartition(sep)
        if found and tail:
            return tail
    return iri


def _superclasses(store: ox.Store) -> dict[str, set[str]]:
    """Local name of each samv: class -> the local names of all its samv: superclasses (ontology)."""
    parents: dict[str, set[str]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?c ?p {{ ?c rdfs:subClassOf+ ?p
        FILTER(STRSTARTS(STR(?c), "{SAMV}") && STRSTARTS(STR(?p), "{SAMV}")) }}"""
    for row in select(store, query, ontology=True):
        parents[local_name(row["c"].value)].add(local_name(row["p"].value))
    return dict(parents)


def _typed_entities(store: ox.Store) -> Iterator[tuple[str, str]]:
    """(entity IRI, local name) for every `?e a ?c` whose class is a samv: IRI naming an entity class.

    In two steps: the distinct classes first, then the instances of the classes that qualify. One
    query filtering every rdf:type triple by the text of its class is slower: it reads the text of
    the class of each of the many provenance statements too.
    """
    wanted: dict[str, str] = {}
    for (cls,) in select(store, "SELECT DISTINCT ?c { ?e a ?c }"):
        # STR() in the one-query form accepts literals as well; kept so the result is the same.
        if isinstance(cls, ox.NamedNode | ox.Literal) and cls.value.startswith(SAMV):
            name = local_name(cls.value)
            if name in ENTITY_CLASSES:
                wanted[str(cls)] = name
    if not wanted:
        return
    query = f"SELECT DISTINCT ?e ?c {{ VALUES ?c {{ {' '.join(sorted(wanted))} }} ?e a ?c FILTER(isIRI(?e)) }}"
    for entity, cls in select(store, query):
        yield entity.value, wanted[str(cls)]
