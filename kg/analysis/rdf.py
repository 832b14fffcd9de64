"""The analysis as RDF: scores, communities and classifications in the named graph ANALYSIS_GRAPH."""

from __future__ import annotations

import pyoxigraph as ox

from kg.analysis.result import Analysis
from kg.vocab import ID, RDF, RDFS, SAMV, XSD

__all__ = ["ANALYSIS_GRAPH", "COMMUNITY_BASE", "analysis_quads"]

ANALYSIS_GRAPH = ID + "graph/analysis"
COMMUNITY_BASE = ID + "community/"

_GRAPH = ox.NamedNode(ANALYSIS_GRAPH)
_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_TRUE = ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean"))


def analysis_quads(analysis: Analysis) -> list[ox.Quad]:
    """The results as quads in ANALYSIS_GRAPH, sorted: per entity samv:degree, samv:weightedDegree,
    samv:pageRank, samv:betweenness, samv:community; per broker samv:constraint, samv:effectiveSize;
    samv:personDependent between organisations; samv:articulationPoint on persons; per typology item
    samv:collaborationLevel, samv:formalisation, samv:typologyReason@en."""
    triples: set[tuple[str, str, ox.NamedNode | ox.Literal]] = set()

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.add((s, SAMV + p, o))

    for n in analysis.centrality.nodes:
        iri = n.node.iri
        add(iri, "degree", ox.Literal(str(n.degree), datatype=ox.NamedNode(XSD + "integer")))
        add(iri, "weightedDegree", _decimal(n.weighted_degree))
        add(iri, "pageRank", _decimal(n.pagerank))
        add(iri, "betweenness", _decimal(n.betweenness))
    for b in analysis.brokers:
        add(b.node.iri, "constraint", _decimal(b.constraint))
        add(b.node.iri, "effectiveSize", _decimal(b.effective_size))
    for c in analysis.communities.items:
        community = f"{COMMUNITY_BASE}{c.number}"
        triples.add((community, RDF + "type", ox.NamedNode(SAMV + "Community")))
        triples.add((community, RDFS + "label", ox.Literal(c.name)))
        for m in c.members:
            add(m.iri, "community", ox.NamedNode(community))
    for link in analysis.person_dependency.links:
        if link.person_dependent:
            add(link.source.iri, "personDependent", ox.NamedNode(link.target.iri))
    for ap in analysis.person_dependency.articulation_persons:
        add(ap.person.iri, "articulationPoint", _TRUE)
    for t in analysis.typology.items:
        add(t.node.iri, "collaborationLevel", ox.NamedNode(SAMV + t.level))
        add(t.node.iri, "formalisation", ox.NamedNode(SAMV + t.formalisation))
        add(t.node.iri, "typologyReason", ox.Literal(t.reason, language="en"))
    return [
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, _GRAPH)
        for s, p, o in sorted(triples, key=lambda t: (t[0], t[1], str(t[2])))
    ]


def _decimal(value: float) -> ox.Literal:
    return ox.Literal(f"{value:.6f}", datatype=ox.NamedNode(XSD + "decimal"))
