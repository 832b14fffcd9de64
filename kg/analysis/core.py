"""`analyse`: project the graph to NetworkX once and run every analysis on it."""

from __future__ import annotations

import gc
import logging
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from kg.analysis import engine, network
from kg.analysis.dependency import compute_gaps, compute_person_dependency
from kg.analysis.graph import to_networkx
from kg.analysis.network import compute_brokers, compute_centrality, compute_communities, undirected
from kg.analysis.result import Analysis, Node
from kg.analysis.table import link_table
from kg.analysis.timeline import DEFAULT_QUIET_YEARS
from kg.analysis.typology import Roles, classify
from kg.analysis.years import compute_timeline
from kg.observations import TimeData, read_time
from kg.store import select
from kg.vocab import SAMV

__all__ = ["analyse", "analyse_graph", "affiliation_roles"]

logger = logging.getLogger(__name__)


def analyse(store: ox.Store, *, quiet_years: int = DEFAULT_QUIET_YEARS) -> Analysis:
    """Centrality, brokers, communities, person dependency, gaps, typology and timeline of a built graph."""
    return analyse_graph(to_networkx(store), affiliation_roles(store), read_time(store), quiet_years=quiet_years)


def analyse_graph(
    g: nx.MultiDiGraph,
    roles: Roles | None = None,
    time: TimeData | None = None,
    *,
    quiet_years: int = DEFAULT_QUIET_YEARS,
) -> Analysis:
    """The analyses of a graph made by `to_networkx`; `roles` from `affiliation_roles`, `time` from
    `kg.observations.read_time` (without it the timeline is empty)."""
    # On large graphs the results are millions of small objects (a CarriedLink per pair of linked
    # organisations) in no reference cycle: 54 s instead of 40 on the 100k-node benchmark graph
    # with the cyclic collector running, so it is paused meanwhile.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _analyse(g, roles or {}, time or TimeData(), quiet_years)
    finally:
        if enabled:
            gc.enable()


def _analyse(g: nx.MultiDiGraph, roles: Roles, time: TimeData, quiet_years: int) -> Analysis:
    nodes = {n: Node(n, str(d.get("label", n)), str(d.get("cls", ""))) for n, d in g.nodes(data=True)}
    h = undirected(g)
    large = h.number_of_nodes() > network.EXACT_LIMIT  # NetworkX up to the limit, igraph above
    ix = engine.index_graph(h) if large else None
    centrality = compute_centrality(h, nodes, ix)
    rank = {r.node.iri: r.pagerank for r in centrality.nodes}
    communities = compute_communities(h, nodes, rank, ix)
    brokers = compute_brokers(h, centrality, communities, ix)
    links = link_table(g, nodes)
    return Analysis(
        centrality=centrality,
        brokers=brokers,
        communities=communities,
        person_dependency=compute_person_dependency(g, links, nodes, large=large),
        gaps=compute_gaps(links),
        typology=classify(g, roles, nodes),
        timeline=compute_timeline(g, nodes, time, links=len(links), quiet_years=quiet_years),
    )


def affiliation_roles(store: ox.Store) -> Roles:
    """Person IRI -> (organisation IRI, role) of every qualified affiliation that states a role."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?p ?o ?r {{ ?a a <{SAMV}Affiliation> ; <{SAMV}person> ?p ;
        <{SAMV}organisation> ?o ; <{SAMV}role> ?r }}"""
    for row in select(store, query):
        found[row["p"].value].add((row["o"].value, row["r"].value))
    return {p: tuple(sorted(held)) for p, held in sorted(found.items())}
