"""The analysis as RDF: scores, communities and classifications in the named graph ANALYSIS_GRAPH."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import pyoxigraph as ox

from kg.analysis.result import Analysis
from kg.analysis.timeline_rdf import timeline_pairs
from kg.vocab import ANALYSIS_GRAPH, ID, RDF, RDFS, SAMV, XSD

__all__ = [
    "ANALYSIS_GRAPH",
    "COMMUNITY_BASE",
    "analysis_lines",
    "analysis_quads",
    "analysis_subjects",
    "quads_of_lines",
]

COMMUNITY_BASE = ID + "community/"

_GRAPH = f"<{ANALYSIS_GRAPH}>"
_TRUE = str(ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))


def analysis_quads(analysis: Analysis) -> list[ox.Quad]:
    """The quads of `analysis_lines`, in their order."""
    return quads_of_lines(text for _, text in analysis_subjects(analysis))


def quads_of_lines(lines: Iterable[str]) -> list[ox.Quad]:
    """N-Quads lines (each ending in a newline; or texts of such lines) as quads, in their order."""
    return list(ox.parse("".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def analysis_lines(analysis: Analysis) -> list[str]:
    """The N-Quads lines of `analysis_subjects`, one after another."""
    return [f"{line}\n" for _, text in analysis_subjects(analysis) for line in text.split("\n")[:-1]]


def analysis_subjects(analysis: Analysis) -> list[tuple[str, str]]:
    """The results as N-Quads lines in ANALYSIS_GRAPH, sorted as kg.build.quad_key sorts quads: per entity samv:degree, samv:weightedDegree,
    samv:pageRank, samv:betweenness, samv:community; per broker samv:constraint, samv:effectiveSize;
    samv:personDependent between organisations; samv:articulationPoint on persons; per typology item
    samv:collaborationLevel, samv:formalisation, samv:typologyReason@en; the timeline's observations and
    observed links (kg.analysis.timeline_rdf); per subject, in order: its N-Triples text and its lines
    joined."""
    # N-Triples text of subject, property and object, made into quads by Oxigraph's N-Quads parser:
    # several times faster than making each term and quad from Python. Grouped by subject, so the
    # sort is of the subjects and then of each subject's few (property, object) pairs.
    by_subject: dict[str, set[tuple[str, str]]] = defaultdict(set)
    iris: dict[str, str] = {}

    def iri(value: str) -> str:
        """`<value>`, checked once by ox.NamedNode (a bad IRI raises ValueError, as a NamedNode would)."""
        text = iris.get(value)
        if text is None:
            text = iris[value] = str(ox.NamedNode(value))
        return text

    degree, weighted, rank, between = (iri(SAMV + p) for p in ("degree", "weightedDegree", "pageRank", "betweenness"))
    for n in analysis.centrality.nodes:
        pairs = by_subject[iri(n.node.iri)]
        pairs.add((degree, f'"{n.degree}"^^<{XSD}integer>'))
        pairs.add((weighted, _decimal(n.weighted_degree)))
        pairs.add((rank, _decimal(n.pagerank)))
        pairs.add((between, _decimal(n.betweenness)))
    constraint, effective = iri(SAMV + "constraint"), iri(SAMV + "effectiveSize")
    for b in analysis.brokers:
        pairs = by_subject[iri(b.node.iri)]
        pairs.add((constraint, _decimal(b.constraint)))
        pairs.add((effective, _decimal(b.effective_size)))
    a_type, a_label, a_community = iri(RDF + "type"), iri(RDFS + "label"), iri(SAMV + "community")
    community_class = iri(SAMV + "Community")
    for c in analysis.communities.items:
        community = iri(f"{COMMUNITY_BASE}{c.number}")
        by_subject[community].update({(a_type, community_class), (a_label, str(ox.Literal(c.name)))})
        for m in c.members:
            by_subject[iri(m.iri)].add((a_community, community))
    dependent = iri(SAMV + "personDependent")
    for link in analysis.person_dependency.links:
        if link.person_dependent:
            by_subject[iri(link.source.iri)].add((dependent, iri(link.target.iri)))
    articulation = iri(SAMV + "articulationPoint")
    for ap in analysis.person_dependency.articulation_persons:
        by_subject[iri(ap.person.iri)].add((articulation, _TRUE))
    level, formalisation, reason = (iri(SAMV + p) for p in ("collaborationLevel", "formalisation", "typologyReason"))
    for t in analysis.typology.items:
        pairs = by_subject[iri(t.node.iri)]
        pairs.add((level, iri(SAMV + t.level)))
        pairs.add((formalisation, iri(SAMV + t.formalisation)))
        pairs.add((reason, str(ox.Literal(t.reason, language="en"))))
    timeline_pairs(analysis.timeline, by_subject, iri)
    # Sorted by the N-Triples text of subject, property and object: the order of kg.build.quad_key.
    return [(s, "".join([f"{s} {p} {o} {_GRAPH} .\n" for p, o in sorted(by_subject[s])])) for s in sorted(by_subject)]


def _decimal(value: float) -> str:
    """An xsd:decimal literal in N-Triples."""
    return f'"{value:.6f}"^^<{XSD}decimal>'
