"""analysis_quads, made through Oxigraph's N-Quads parser, gives the quads it made term by term, in quad_key order."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.analysis import ANALYSIS_GRAPH, Analysis, affiliation_roles, analyse_graph, analysis_quads, to_networkx
from kg.analysis.rdf import COMMUNITY_BASE
from kg.build import quad_key
from kg.store import open_store
from kg.vocab import RDF, RDFS, SAMV, XSD


def reference_quads(analysis: Analysis) -> list[ox.Quad]:
    """analysis_quads as it was written before: each term and quad made from Python."""
    triples: set[tuple[str, str, ox.NamedNode | ox.Literal]] = set()

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        triples.add((s, SAMV + p, o))

    def decimal(value: float) -> ox.Literal:
        return ox.Literal(f"{value:.6f}", datatype=ox.NamedNode(XSD + "decimal"))

    for n in analysis.centrality.nodes:
        add(n.node.iri, "degree", ox.Literal(str(n.degree), datatype=ox.NamedNode(XSD + "integer")))
        add(n.node.iri, "weightedDegree", decimal(n.weighted_degree))
        add(n.node.iri, "pageRank", decimal(n.pagerank))
        add(n.node.iri, "betweenness", decimal(n.betweenness))
    for b in analysis.brokers:
        add(b.node.iri, "constraint", decimal(b.constraint))
        add(b.node.iri, "effectiveSize", decimal(b.effective_size))
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
        add(ap.person.iri, "articulationPoint", ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")))
    for t in analysis.typology.items:
        add(t.node.iri, "collaborationLevel", ox.NamedNode(SAMV + t.level))
        add(t.node.iri, "formalisation", ox.NamedNode(SAMV + t.formalisation))
        add(t.node.iri, "typologyReason", ox.Literal(t.reason, language="en"))
    graph = ox.NamedNode(ANALYSIS_GRAPH)
    return sorted((ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, graph) for s, p, o in triples), key=quad_key)


@pytest.fixture(scope="module")
def seed_analysis(seed_graph: Path) -> Analysis:
    store = open_store(seed_graph)
    return analyse_graph(to_networkx(store), affiliation_roles(store))


def test_the_seed_analysis_gives_the_same_quads(seed_analysis: Analysis) -> None:
    quads = analysis_quads(seed_analysis)
    assert quads == reference_quads(seed_analysis)
    assert [str(q) for q in quads] == [str(q) for q in reference_quads(seed_analysis)]
    assert len(quads) > 100


def test_texts_that_need_escaping_give_the_same_quads(seed_analysis: Analysis) -> None:
    names = ['Citat "med" \\ och\nrad', "Tab\there \u2028 och \U0001f600", "Åäö <script>"]
    items = tuple(
        dataclasses.replace(c, name=names[i % len(names)]) for i, c in enumerate(seed_analysis.communities.items)
    )
    typology = dataclasses.replace(
        seed_analysis.typology,
        items=tuple(
            dataclasses.replace(t, reason=names[i % len(names)] + t.reason)
            for i, t in enumerate(seed_analysis.typology.items)
        ),
    )
    odd = dataclasses.replace(
        seed_analysis, communities=dataclasses.replace(seed_analysis.communities, items=items), typology=typology
    )
    assert analysis_quads(odd) == reference_quads(odd)


def test_quads_come_in_the_order_of_every_output(seed_analysis: Analysis) -> None:
    # "<x/a1>" sorts before "<x/a>" though "x/a" sorts before "x/a1": the build writes the quads in
    # this order without sorting them again, so it must be the written order (quad_key's).
    first = seed_analysis.centrality.nodes[0]
    nodes = tuple(
        dataclasses.replace(first, node=dataclasses.replace(first.node, iri=first.node.iri + suffix))
        for suffix in ("", "1", "-2", "/3", "a")
    )
    odd = dataclasses.replace(seed_analysis, centrality=dataclasses.replace(seed_analysis.centrality, nodes=nodes))
    quads = analysis_quads(odd)
    assert quads == sorted(quads, key=quad_key)
    subjects = list(dict.fromkeys(q.subject.value for q in quads if q.predicate.value == SAMV + "degree"))
    iri = first.node.iri
    assert subjects == [iri + "-2", iri + "/3", iri + "1", iri, iri + "a"]  # "-", "/", "1" < ">" < "a"


def test_a_bad_iri_is_refused_as_before(seed_analysis: Analysis) -> None:
    first = seed_analysis.centrality.nodes[0]
    bad = dataclasses.replace(first, node=dataclasses.replace(first.node, iri="not an iri> <x"))
    broken = dataclasses.replace(seed_analysis, centrality=dataclasses.replace(seed_analysis.centrality, nodes=(bad,)))
    with pytest.raises(ValueError):
        reference_quads(broken)
    with pytest.raises(ValueError):
        analysis_quads(broken)
