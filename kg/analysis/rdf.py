"""The analysis as RDF: scores, communities and classifications in the named graph ANALYSIS_GRAPH."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.analysis.result import Analysis
from kg.vocab import ID, RDF, RDFS, SAMV, XSD

__all__ = ["ANALYSIS_GRAPH", "COMMUNITY_BASE", "analysis_lines", "analysis_quads", "quads_of_lines"]

ANALYSIS_GRAPH = ID + "graph/analysis"
COMMUNITY_BASE = ID + "community/"

_GRAPH = f"<{ANALYSIS_GRAPH}>"
_TRUE = str(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))


def analysis_quads(analysis: Analysis) -> list[ox.Quad]:
    """The quads of `analysis_lines`, in their order."""
    return quads_of_lines(analysis_lines(analysis))


def quads_of_lines(lines: Iterable[str]) -> list[ox.Quad]:
    """N-Quads lines (each ending in a newline) as quads, in their order."""
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def analysis_lines(analysis: Analysis) -> list[str]:
    """The results as N-Quads lines in ANALYSIS_GRAPH, sorted as kg.build.quad_key sorts quads: per entity samv:degree, samv:weightedDegree,
    samv:pageRank, samv:betweenness, samv:community; per broker samv:constraint, samv:effectiveSize;
    samv:personDependent between organisations; samv:articulationPoint on persons; per typology item
    samv:collaborationLevel, samv:formalisation, samv:typologyReason@en."""
    # (subject IRI, property IRI, object in N-Triples), made into quads by Oxigraph's N-Quads parser:
    # several times faster than making each term and quad from Python.
    triples: set[tuple[str, str, str]] = set()
    iris: dict[str, str] = {}

    def iri(value: str) -> str:
        """`<value>`, checked once by ox.NamedNode (a bad IRI raises ValueError, as a NamedNode would)."""
        text = iris.get(value)
        if text is None:
            text = iris[value] = str(ox.NamedNode(value))
        return text

    def add(s: str, p: str, o: str) -> None:
        triples.add((s, SAMV + p, o))

    for n in analysis.centrality.nodes:
        node = n.node.iri
        add(node, "degree", f'"{n.degree}"^^<{XSD}integer>')
        add(node, "weightedDegree", _decimal(n.weighted_degree))
        add(node, "pageRank", _decimal(n.pagerank))
        add(node, "betweenness", _decimal(n.betweenness))
    for b in analysis.brokers:
        add(b.node.iri, "constraint", _decimal(b.constraint))
        add(b.node.iri, "effectiveSize", _decimal(b.effective_size))
    for c in analysis.communities.items:
        community = f"{COMMUNITY_BASE}{c.number}"
        triples.add((community, RDF + "type", iri(SAMV + "Community")))
        triples.add((community, RDFS + "label", str(ox.Literal(c.name))))
        for m in c.members:
            add(m.iri, "community", iri(community))
    for link in analysis.person_dependency.links:
        if link.person_dependent:
            add(link.source.iri, "personDependent", iri(link.target.iri))
    for ap in analysis.person_dependency.articulation_persons:
        add(ap.person.iri, "articulationPoint", _TRUE)
    for t in analysis.typology.items:
        add(t.node.iri, "collaborationLevel", iri(SAMV + t.level))
        add(t.node.iri, "formalisation", iri(SAMV + t.formalisation))
        add(t.node.iri, "typologyReason", str(ox.Literal(t.reason, language="en")))
    # Sorted by the N-Triples text of subject, property and object: the order of kg.build.quad_key.
    ordered = sorted((iri(s), iri(p), o) for s, p, o in triples)
    return [f"{s} {p} {o} {_GRAPH} .\n" for s, p, o in ordered]


def _decimal(value: float) -> str:
    """An xsd:decimal literal in N-Triples."""
    return f'"{value:.6f}"^^<{XSD}decimal>'
