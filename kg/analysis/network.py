"""Centrality, communities and brokers of the entity graph (NetworkX).

All three work on the undirected projection of the entity graph made by `to_networkx`: one edge per
pair of entities that a relation joins, weighted by the number of relations between them.

* **Centrality**: degree (distinct neighbours), weighted degree, PageRank (weighted) and
  betweenness (normalised, unweighted shortest paths). Betweenness is exact up to EXACT_LIMIT
  nodes; above it, it is estimated from BETWEENNESS_PIVOTS source nodes drawn with the fixed SEED,
  and the result says so.
* **Communities**: Louvain (`networkx.community.louvain_communities`, weighted, seed SEED) on the
  entities that have relations, with the modularity of the partition. A community is named by its
  most central members (organisations first, then the rest, by PageRank).
* **Brokers**: persons and organisations whose neighbours lie in at least two communities, ranked
  by betweenness, with Burt's constraint and effective size on the unweighted simple projection.
  On large graphs constraint and effective size are computed for the BROKER_CANDIDATES persons and
  organisations of highest betweenness only.
"""

from __future__ import annotations

import logging

import networkx as nx

from kg.analysis.graph import pagerank
from kg.analysis.result import Broker, Centrality, Communities, Community, Node, NodeCentrality
from kg.vocab import ORG_CLASSES

__all__ = [
    "EXACT_LIMIT",
    "BETWEENNESS_PIVOTS",
    "BROKER_CANDIDATES",
    "BROKER_LIMIT",
    "SEED",
    "undirected",
    "compute_centrality",
    "compute_communities",
    "compute_brokers",
]

logger = logging.getLogger(__name__)

EXACT_LIMIT = 2000  # nodes; above this betweenness is sampled
BETWEENNESS_PIVOTS = 64  # source nodes of the betweenness estimate on large graphs
BROKER_CANDIDATES = 100  # persons and organisations for which constraint is computed on large graphs
BROKER_LIMIT = 20  # brokers reported
SEED = 42
_NAME_MEMBERS = 3
_DIGITS = 6


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per related pair of distinct entities, `weight` = number of relations."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    for u, v in sorted(g.edges()):
        if u == v:
            continue
        if h.has_edge(u, v):
            h[u][v]["weight"] += 1
        else:
            h.add_edge(u, v, weight=1)
    return h


def compute_centrality(h: nx.Graph, nodes: dict[str, Node]) -> Centrality:
    """Degree, weighted degree, PageRank and betweenness of every node of `h`, by PageRank then label."""
    n = h.number_of_nodes()
    if n == 0:
        return Centrality(nodes=(), exact=True, sample_size=0, seed=SEED)
    exact = n <= EXACT_LIMIT
    pivots = n if exact else min(BETWEENNESS_PIVOTS, n)
    between = nx.betweenness_centrality(h, k=None if exact else pivots, normalized=True, seed=SEED)
    rank = pagerank(h, weight="weight")
    rows = [
        NodeCentrality(
            node=nodes[v],
            degree=int(h.degree(v)),
            weighted_degree=round(float(h.degree(v, weight="weight")), _DIGITS),
            pagerank=round(rank[v], _DIGITS),
            betweenness=round(between[v], _DIGITS),
        )
        for v in h.nodes
    ]
    rows.sort(key=lambda r: (-r.pagerank, -r.degree, r.node.label, r.node.iri))
    return Centrality(nodes=tuple(rows), exact=exact, sample_size=pivots, seed=SEED)


def compute_communities(h: nx.Graph, nodes: dict[str, Node], rank: dict[str, float]) -> Communities:
    """Louvain communities of the related entities, numbered from 1 by size, named by central members."""
    related = h.subgraph(sorted(v for v in h.nodes if h.degree(v) > 0))
    if related.number_of_edges() == 0:
        return Communities(items=(), modularity=0.0, seed=SEED)
    parts = nx.community.louvain_communities(related, weight="weight", seed=SEED)
    modularity = nx.community.modularity(related, parts, weight="weight")
    ordered = []
    for part in parts:
        members = sorted(part, key=lambda m: (-rank.get(m, 0.0), nodes[m].label, m))
        ordered.append([nodes[m] for m in members])
    ordered.sort(key=lambda ms: (-len(ms), ms[0].label, ms[0].iri))
    items = tuple(
        Community(number=i, name=_name(members), members=tuple(members)) for i, members in enumerate(ordered, 1)
    )
    return Communities(items=items, modularity=round(modularity, _DIGITS), seed=SEED)


def compute_brokers(h: nx.Graph, centrality: Centrality, communities: Communities) -> tuple[Broker, ...]:
    """Persons and organisations touching two or more communities, by betweenness then constraint."""
    community_of = communities.of()
    candidates = [
        r for r in centrality.nodes if r.betweenness > 0 and (r.node.cls == "Person" or r.node.cls in ORG_CLASSES)
    ]
    candidates.sort(key=lambda r: (-r.betweenness, r.node.label, r.node.iri))
    if not centrality.exact:
        candidates = candidates[:BROKER_CANDIDATES]
    touching = []
    for r in candidates:
        around = {community_of[v] for v in [r.node.iri, *h.neighbors(r.node.iri)] if v in community_of}
        if len(around) >= 2:
            touching.append((r, tuple(sorted(around))))
    if not touching:
        return ()
    simple = nx.Graph(h.edges())  # unweighted: Burt's measures on the simple projection
    ids = [r.node.iri for r, _ in touching]
    constraint = nx.constraint(simple, nodes=ids)
    effective = {v: _effective_size(simple, v) for v in ids}
    brokers = [
        Broker(
            node=r.node,
            betweenness=r.betweenness,
            constraint=round(float(constraint[r.node.iri]), _DIGITS),
            effective_size=round(float(effective[r.node.iri]), _DIGITS),
            communities=around,
        )
        for r, around in touching
    ]
    brokers.sort(key=lambda b: (-b.betweenness, b.constraint, b.node.label, b.node.iri))
    return tuple(brokers[:BROKER_LIMIT])


def _effective_size(g: nx.Graph, v: str) -> float:
    """Burt's effective size on an undirected unweighted graph (Borgatti): n - 2t/n, t = ties among the n contacts.

    The same figure as `networkx.effective_size`, which builds an ego graph per node and is slow on hubs.
    """
    contacts = set(g.neighbors(v)) - {v}
    n = len(contacts)
    if n == 0:
        return 0.0
    ties = sum(len(contacts.intersection(g.neighbors(u))) for u in contacts) / 2
    return n - 2 * ties / n


def _name(members: list[Node]) -> str:
    """ "Högskolan i Gävle, Gävle kommun, …": organisations first, then the rest, most central first."""
    orgs = [m for m in members if m.cls in ORG_CLASSES]
    others = [m for m in members if m.cls not in ORG_CLASSES and m.cls != "Place"]
    places = [m for m in members if m.cls == "Place"]
    named = (orgs + others + places)[:_NAME_MEMBERS]
    text = ", ".join(m.label for m in named)
    return text + ", …" if len(members) > len(named) else text
