"""What the view's side panel shows beyond the graph: evidence quotes and alternative labels, from the store."""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import Any

import pyoxigraph as ox

from kg.store import select, union_is_stored, union_pairs
from kg.vocab import DCTERMS, PROV, RDF, RDFS, SAMV, SKOS

__all__ = ["node_evidence", "node_aliases"]

logger = logging.getLogger(__name__)

_STATEMENT = ox.NamedNode(f"{RDF}Statement")
_DERIVED = ox.NamedNode(f"{PROV}wasDerivedFrom")
_TYPE = ox.NamedNode(f"{RDF}type")
_DOCUMENT = ox.NamedNode(f"{SAMV}Document")
_TITLE = ox.NamedNode(f"{DCTERMS}title")
_LABEL = ox.NamedNode(f"{RDFS}label")

# One subquery per property, so Oxigraph joins the statements' properties by hashing them; the plain
# group pattern looks each property up per statement, which is three times slower on big graphs.
_STATEMENTS = f"""SELECT ?s ?o ?quote ?doc ?page ?start WHERE {{
  {{ SELECT ?st WHERE {{ ?st a <{RDF}Statement> }} }}
  {{ SELECT ?st ?s WHERE {{ ?st <{RDF}subject> ?s }} }}
  {{ SELECT ?st ?o WHERE {{ ?st <{RDF}object> ?o }} }}
  {{ SELECT ?st ?quote WHERE {{ ?st <{SAMV}quote> ?quote }} }}
  {{ SELECT ?st ?doc WHERE {{ ?st <{PROV}wasDerivedFrom> ?doc }} }}
  OPTIONAL {{ SELECT ?st ?page WHERE {{ ?st <{SAMV}page> ?page }} }}
  OPTIONAL {{ SELECT ?st ?start WHERE {{ ?st <{SAMV}charStart> ?start }} }}
}}"""

_TITLES = f"""SELECT ?doc ?p ?t WHERE {{
  VALUES ?p {{ <{DCTERMS}title> <{RDFS}label> }}
  ?doc a <{SAMV}Document> ; ?p ?t FILTER(isLiteral(?t))
}}"""

_LABEL_PROPERTIES = (f"{SKOS}altLabel", f"{SKOS}prefLabel", f"{RDFS}label")


def node_evidence(
    store: ox.Store, limit_per_node: int = 5, *, nodes: Collection[str] | None = None, lookup: bool = False
) -> dict[str, list[dict[str, Any]]]:
    """For every resource that is the subject or object of a provenance statement: its quotes.

    Each item is `{"quote": str, "document": str (title), "page": int | None}`; at most
    `limit_per_node` per resource, distinct, ordered by document title, page and offset. With
    `nodes`, only the resources among them are kept (their items are the same as without). With
    `lookup` too, their statements are found through the store's indexes, one resource at a time,
    rather than by reading every statement: faster for a few dozen resources, slower for thousands.
    """
    wanted = set(nodes) if nodes is not None else None
    found: dict[str, set[tuple[str, int, int, str, str]]] = defaultdict(set)
    texts: dict[str, str] = {}  # a quote is often the evidence of several statements
    titles: Mapping[str, str] | _TitleLookup
    if lookup and wanted is not None:
        titles = _TitleLookup(store)
        rows: Iterable[Any] = _rows_of(store, wanted, titles, limit_per_node)
    else:
        titles = _document_titles(store)
        rows = select(store, _STATEMENTS)
    for subject, obj, quote_term, doc_term, page_term, start_term in rows:
        ends = [
            end.value
            for end in (subject, obj)
            if isinstance(end, ox.NamedNode) and (wanted is None or end.value in wanted)
        ]
        if not ends or not isinstance(quote_term, ox.Literal):
            continue
        raw = quote_term.value
        quote = texts.get(raw)
        if quote is None:
            quote = texts[raw] = " ".join(raw.split())
        if not quote:
            continue
        doc = doc_term.value
        title = _title(titles, doc_term)
        page = _int(page_term)
        start = _int(start_term)
        key = (title, page if page is not None else -1, start if start is not None else -1, quote, doc)
        for end in ends:
            if end != doc:
                found[end].add(key)
    result: dict[str, list[dict[str, Any]]] = {}
    for iri in sorted(found):
        items: list[dict[str, Any]] = []
        quotes: set[tuple[str, str, int]] = set()
        for title, page, _start, quote, doc in sorted(found[iri]):
            if (quote, doc, page) in quotes:
                continue
            quotes.add((quote, doc, page))
            items.append({"quote": quote, "document": title, "page": page if page >= 0 else None})
            if len(items) >= limit_per_node:
                break
        result[iri] = items
    return result


def _rows_of(store: ox.Store, nodes: Collection[str], titles: _TitleLookup, limit: int) -> Iterator[tuple[Any, ...]]:
    """Rows of _STATEMENTS for the statements whose rdf:subject or rdf:object is one of `nodes`,
    enough of them for the first `limit` items of each node.

    A node's items are ordered by document title first, so its statements are taken one title at a
    time (one index lookup each finds their documents) until `limit` distinct items are found
    within the titles taken; the statements of later titles cannot be among its first items. A
    hub named in a thousand documents is then read for a few of them.
    """
    ends = (ox.NamedNode(f"{RDF}subject"), ox.NamedNode(f"{RDF}object"))
    read: dict[Any, list[tuple[Any, ...]]] = {}
    for iri in sorted(nodes):
        node = ox.NamedNode(iri)
        statements: set[Any] = set()
        for end in ends:
            statements.update(q.subject for q in store.quads_for_pattern(None, end, node, None))
        by_title: dict[str, set[Any]] = defaultdict(set)
        for statement in statements:
            for quad in store.quads_for_pattern(statement, _DERIVED, None, None):
                by_title[_title(titles, quad.object)].add(statement)
        items: set[tuple[str, str, int | None]] = set()
        for title in sorted(by_title):
            for statement in sorted(by_title[title], key=str):
                if statement not in read:
                    read[statement] = list(_statement_rows(store, statement))
                for subject, obj, quote, doc, page, _start in read[statement]:
                    if iri not in (_iri(subject), _iri(obj)) or doc.value == iri or _title(titles, doc) > title:
                        continue
                    text = _text(quote)
                    if text:
                        items.add((text, doc.value, _int(page)))
            if len(items) >= limit:
                break
    for statement in sorted(read, key=str):
        yield from read[statement]


def _statement_rows(store: ox.Store, statement: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of _STATEMENTS for one statement (none when it is not an rdf:Statement)."""
    values: dict[str, set[Any]] = defaultdict(set)
    for quad in store.quads_for_pattern(statement, None, None, None):
        values[quad.predicate.value].add(quad.object)
    if _STATEMENT not in values[f"{RDF}type"]:
        return
    yield from itertools.product(
        values[f"{RDF}subject"],
        values[f"{RDF}object"],
        values[f"{SAMV}quote"],
        values[f"{PROV}wasDerivedFrom"],
        values.get(f"{SAMV}page") or {None},  # OPTIONAL: unbound when absent
        values.get(f"{SAMV}charStart") or {None},
    )


def _iri(term: object) -> str | None:
    return term.value if isinstance(term, ox.NamedNode) else None


def _title(titles: Mapping[str, str] | _TitleLookup, doc: Any) -> str:
    """The title a document's items are ordered and shown by (its last path segment without one)."""
    return titles.get(doc.value) or doc.value.rsplit("/", 1)[-1]


class _TitleLookup:
    """The titles `_document_titles` gives, looked up one document at a time through the index."""

    def __init__(self, store: ox.Store) -> None:
        self._store = store
        self._known: dict[str, str | None] = {}

    def get(self, doc: str) -> str | None:
        if doc not in self._known:
            self._known[doc] = self._find(doc)
        return self._known[doc]

    def _find(self, doc: str) -> str | None:
        try:
            node = ox.NamedNode(doc)
        except ValueError:  # a blank node's id
            return None
        if next(iter(self._store.quads_for_pattern(node, _TYPE, _DOCUMENT, None)), None) is None:
            return None
        best: tuple[int, str] | None = None
        for prop, rank in ((_TITLE, 0), (_LABEL, 1)):
            for quad in self._store.quads_for_pattern(node, prop, None, None):
                literal = quad.object
                if not isinstance(literal, ox.Literal):
                    continue
                candidate = _title_candidate(rank, literal)
                if candidate[1] and (best is None or candidate < best):
                    best = candidate
        return best[1] if best is not None else None


def node_aliases(store: ox.Store, *, nodes: Collection[str] | None = None) -> dict[str, list[str]]:
    """Every label of every resource (skos:altLabel, skos:prefLabel, rdfs:label in any language), sorted.

    With `nodes`, only the resources among them are kept; a few thousand of them are looked up one
    at a time through the store's index rather than by reading every label.
    """
    found: dict[str, set[str]] = defaultdict(set)
    if nodes is not None and len(nodes) <= _LOOKUP_NODES:
        default = ox.DefaultGraph() if union_is_stored(store) else None
        properties = [ox.NamedNode(name) for name in _LABEL_PROPERTIES]
        for iri in set(nodes):
            try:
                node = ox.NamedNode(iri)
            except ValueError:
                continue
            for label_of in properties:
                for quad in store.quads_for_pattern(node, label_of, None, default):
                    text = _text(quad.object)
                    if text:
                        found[iri].add(text)
        return {iri: sorted(labels) for iri, labels in sorted(found.items())}
    wanted = set(nodes) if nodes is not None else None
    for prop in _LABEL_PROPERTIES:
        for entity, label in union_pairs(store, prop):
            if not isinstance(entity, ox.NamedNode) or (wanted is not None and entity.value not in wanted):
                continue
            text = _text(label)
            if text:
                found[entity.value].add(text)
    return {iri: sorted(labels) for iri, labels in sorted(found.items())}


# Up to this many nodes node_aliases looks each up; a view shows at most 1,500 by default.
_LOOKUP_NODES = 5000


def _document_titles(store: ox.Store) -> dict[str, str]:
    ranked: dict[str, tuple[int, str]] = {}
    for row in select(store, _TITLES):
        literal = row["t"]
        assert isinstance(literal, ox.Literal)
        candidate = _title_candidate(0 if row["p"].value == f"{DCTERMS}title" else 1, literal)
        doc = row["doc"].value
        if candidate[1] and (doc not in ranked or candidate < ranked[doc]):
            ranked[doc] = candidate
    return {doc: title for doc, (_, title) in ranked.items()}


def _title_candidate(rank: int, literal: ox.Literal) -> tuple[int, str]:
    """How a document title ranks (lower first): dcterms:title (`rank` 0) before rdfs:label (1),
    Swedish or untagged before other languages."""
    return (rank + (0 if literal.language in ("sv", None) else 2), literal.value.strip())


def _text(term: object) -> str:
    return " ".join(term.value.split()) if isinstance(term, ox.Literal) else ""


def _int(term: object) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None
