"""`analyse`: project the graph to NetworkX once and run every analysis on it."""

from __future__ import annotations

import logging
from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from kg.analysis.dependency import compute_gaps, compute_person_dependency
from kg.analysis.graph import to_networkx
from kg.analysis.links import involvement, org_links
from kg.analysis.network import compute_brokers, compute_centrality, compute_communities, undirected
from kg.analysis.result import Analysis, Node
from kg.analysis.typology import Roles, classify
from kg.store import select
from kg.vocab import SAMV

__all__ = ["analyse", "analyse_graph", "affiliation_roles"]

logger = logging.getLogger(__name__)


def analyse(store: ox.Store) -> Analysis:
    """Centrality, brokers, communities, person dependency, gaps and typology of a built graph."""
    return analyse_graph(to_networkx(store), affiliation_roles(store))


def analyse_graph(g: nx.MultiDiGraph, roles: Roles | None = None) -> Analysis:
    """The analyses of a graph made by `to_networkx`; `roles` from `affiliation_roles`."""
    nodes = {n: Node(n, str(d.get("label", n)), str(d.get("cls", ""))) for n, d in g.nodes(data=True)}
    h = undirected(g)
    centrality = compute_centrality(h, nodes)
    rank = {r.node.iri: r.pagerank for r in centrality.nodes}
    communities = compute_communities(h, nodes, rank)
    brokers = compute_brokers(h, centrality, communities)
    links = org_links(g)
    return Analysis(
        centrality=centrality,
        brokers=brokers,
        communities=communities,
        person_dependency=compute_person_dependency(g, links, nodes),
        gaps=compute_gaps(links, involvement(g), nodes),
        typology=classify(g, roles or {}, nodes),
    )


def affiliation_roles(store: ox.Store) -> Roles:
    """Person IRI -> (organisation IRI, role) of every qualified affiliation that states a role."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?p ?o ?r {{ ?a a <{SAMV}Affiliation> ; <{SAMV}person> ?p ;
        <{SAMV}organisation> ?o ; <{SAMV}role> ?r }}"""
    for row in select(store, query):
        found[row["p"].value].add((row["o"].value, row["r"].value))
    return {p: tuple(sorted(held)) for p, held in sorted(found.items())}
