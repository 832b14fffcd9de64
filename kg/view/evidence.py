"""What the view's side panel shows beyond the graph: evidence quotes and alternative labels, from the store."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from kg.store import select
from kg.vocab import DCTERMS, PROV, RDF, RDFS, SAMV, SKOS

__all__ = ["node_evidence", "node_aliases"]

logger = logging.getLogger(__name__)

_STATEMENTS = f"""SELECT ?st ?s ?o ?p ?quote ?doc ?page ?start WHERE {{
  ?st a <{RDF}Statement> ; <{RDF}subject> ?s ; <{RDF}object> ?o ; <{SAMV}quote> ?quote ;
      <{PROV}wasDerivedFrom> ?doc .
  OPTIONAL {{ ?st <{RDF}predicate> ?p }}
  OPTIONAL {{ ?st <{SAMV}page> ?page }}
  OPTIONAL {{ ?st <{SAMV}charStart> ?start }}
}}"""

_TITLES = f"""SELECT ?doc ?p ?t WHERE {{
  VALUES ?p {{ <{DCTERMS}title> <{RDFS}label> }}
  ?doc a <{SAMV}Document> ; ?p ?t FILTER(isLiteral(?t))
}}"""

_LABELS = f"""SELECT DISTINCT ?e ?l WHERE {{
  VALUES ?p {{ <{SKOS}altLabel> <{SKOS}prefLabel> <{RDFS}label> }}
  ?e ?p ?l FILTER(isIRI(?e) && isLiteral(?l))
}}"""


def node_evidence(store: ox.Store, limit_per_node: int = 5) -> dict[str, list[dict[str, Any]]]:
    """For every resource that is the subject or object of a provenance statement: its quotes.

    Each item is `{"quote": str, "document": str (title), "page": int | None}`; at most
    `limit_per_node` per resource, distinct, ordered by document title, page and offset.
    """
    titles = _document_titles(store)
    found: dict[str, set[tuple[str, int, int, str, str]]] = defaultdict(set)
    for row in select(store, _STATEMENTS):
        quote = _text(row["quote"])
        if not quote:
            continue
        doc = row["doc"].value
        title = titles.get(doc) or doc.rsplit("/", 1)[-1]
        page = _int(row["page"])
        start = _int(row["start"])
        key = (title, page if page is not None else -1, start if start is not None else -1, quote, doc)
        for end in (row["s"], row["o"]):
            if isinstance(end, ox.NamedNode) and end.value != doc:
                found[end.value].add(key)
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


def node_aliases(store: ox.Store) -> dict[str, list[str]]:
    """Every label of every resource (skos:altLabel, skos:prefLabel, rdfs:label in any language), sorted."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in select(store, _LABELS):
        text = _text(row["l"])
        if text:
            found[row["e"].value].add(text)
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
