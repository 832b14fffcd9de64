"""What the view's side panel shows beyond the graph: evidence quotes and alternative labels, from the store."""

from __future__ import annotations

import itertools
import logging
from collections import defaultdict
from collections.abc import Collection, Iterator
from typing import Any

import pyoxigraph as ox

from kg.store import select
from kg.vocab import DCTERMS, PROV, RDF, RDFS, SAMV, SKOS

__all__ = ["node_evidence", "node_aliases"]

logger = logging.getLogger(__name__)

_STATEMENT = ox.NamedNode(f"{RDF}Statement")

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

_LABELS = f"""SELECT DISTINCT ?e ?l WHERE {{
  VALUES ?p {{ <{SKOS}altLabel> <{SKOS}prefLabel> <{RDFS}label> }}
  ?e ?p ?l FILTER(isIRI(?e) && isLiteral(?l))
}}"""


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
    titles = _document_titles(store)
    wanted = set(nodes) if nodes is not None else None
    found: dict[str, set[tuple[str, int, int, str, str]]] = defaultdict(set)
    texts: dict[str, str] = {}  # a quote is often the evidence of several statements
    rows = _rows_of(store, wanted) if lookup and wanted is not None else select(store, _STATEMENTS)
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
        title = titles.get(doc) or doc.rsplit("/", 1)[-1]
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


def _rows_of(store: ox.Store, nodes: Collection[str]) -> Iterator[tuple[Any, ...]]:
    """The rows of _STATEMENTS for the statements whose rdf:subject or rdf:object is one of `nodes`."""
    ends = (ox.NamedNode(f"{RDF}subject"), ox.NamedNode(f"{RDF}object"))
    statements: set[Any] = set()
    for iri in sorted(nodes):
        node = ox.NamedNode(iri)
        for end in ends:
            statements.update(q.subject for q in store.quads_for_pattern(None, end, node, None))
    for statement in sorted(statements, key=str):
        values: dict[str, set[Any]] = defaultdict(set)
        for quad in store.quads_for_pattern(statement, None, None, None):
            values[quad.predicate.value].add(quad.object)
        if _STATEMENT not in values[f"{RDF}type"]:
            continue
        yield from itertools.product(
            values[f"{RDF}subject"],
            values[f"{RDF}object"],
            values[f"{SAMV}quote"],
            values[f"{PROV}wasDerivedFrom"],
            values.get(f"{SAMV}page") or {None},  # OPTIONAL: unbound when absent
            values.get(f"{SAMV}charStart") or {None},
        )


def node_aliases(store: ox.Store, *, nodes: Collection[str] | None = None) -> dict[str, list[str]]:
    """Every label of every resource (skos:altLabel, skos:prefLabel, rdfs:label in any language), sorted.

    With `nodes`, only the resources among them are kept.
    """
    wanted = set(nodes) if nodes is not None else None
    found: dict[str, set[str]] = defaultdict(set)
    for entity, label in select(store, _LABELS):
        iri = entity.value
        if wanted is not None and iri not in wanted:
            continue
        text = _text(label)
        if text:
            found[iri].add(text)
    return {iri: sorted(labels) for iri, labels in sorted(found.items())}


def _document_titles(store: ox.Store) -> dict[str, str]:
    ranked: dict[str, tuple[int, str]] = {}
    for row in select(store, _TITLES):
        literal = row["t"]
        assert isinstance(literal, ox.Literal)
        rank = (0 if row["p"].value == f"{DCTERMS}title" else 1) + (0 if literal.language in ("sv", None) else 2)
        candidate = (rank, literal.value.strip())
        doc = row["doc"].value
        if candidate[1] and (doc not in ranked or candidate < ranked[doc]):
            ranked[doc] = candidate
    return {doc: title for doc, (_, title) in ranked.items()}


def _text(term: object) -> str:
    return " ".join(term.value.split()) if isinstance(term, ox.Literal) else ""


def _int(term: object) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None
