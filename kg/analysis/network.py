"""Centrality, communities and brokers of the entity graph (NetworkX; igraph on large graphs).

All three work on the undirected projection of the entity graph made by `to_networkx`: one edge per
pair of entities that a relation joins, weighted by the number of relations between them.

* **Centrality**: degree (distinct neighbours), weighted degree, PageRank (weighted) and
  betweenness (normalised, unweighted shortest paths, Brandes' algorithm).
* **Communities**: modularity communities (weighted, seed SEED) of the entities that have
  relations, with the modularity of the partition. A community is named by its most central
  members (organisations first, then the rest, by PageRank).
* **Brokers**: persons and organisations whose neighbours lie in at least two communities, ranked
  by betweenness, with Burt's constraint and effective size on the unweighted simple projection.

Up to EXACT_LIMIT nodes NetworkX computes all of it, as it always has: exact betweenness
(`networkx.betweenness_centrality`), PageRank (SciPy power iteration), Louvain communities
(`networkx.community.louvain_communities`), `networkx.constraint` for every broker.

Above EXACT_LIMIT igraph's C code computes the same measures (kg.analysis.engine says how): PageRank
by PRPACK, communities by the Leiden algorithm (Louvain's refinement, seeded by SEED; igraph's own
Louvain took from 10 to 42 s on the 100k-node benchmark graph depending on the seed), constraint and
effective size for the BROKER_CANDIDATES persons and organisations of highest betweenness that touch
two communities. Betweenness is Brandes' algorithm from `betweenness_pivots(n, m)` source nodes:
all of them (exact) while the work fits in BETWEENNESS_WORK, which holds graphs of about 10,000
nodes and 50,000 edges (7 s here); above that, pivots drawn uniformly with `random.Random(SEED)`
exactly as `networkx.betweenness_centrality(G, k, seed=SEED)` draws them, as many as the same work
allows (with five edges a node: 3,800 at 20,000 nodes, 800 at 50,000, 230 at 100,000; never fewer
than MIN_PIVOTS), scaled as NetworkX scales a k-pivot estimate. `Centrality` records whether
betweenness is exact, the pivot count and the seed.

Why exact while it fits: on graphs of the project's shape the nodes of highest betweenness differ
by a few percent, and a k-pivot estimate ranks them well only when k is nearly n. On the 10k
benchmark graphs (two generator seeds) the top 20 of an estimate share with the exact top 20: 0.65
of the nodes from 1,000 pivots, 0.75-0.85 from 5,000, 0.85-0.9 from 9,000; among persons and
organisations 0.3-0.4, 0.7-0.75 and 0.9-0.95 (benchmarks/bench_analyze.py measures it). Above
10,000 nodes the estimate finds the broad set of high-betweenness nodes, not their exact order.
"""

from __future__ import annotations

import logging
import random

import networkx as nx

from kg.analysis import engine
from kg.analysis.graph import pagerank
from kg.analysis.result import Broker, Centrality, Communities, Community, Node, NodeCentrality
from kg.vocab import ORG_CLASSES

__all__ = [
    "EXACT_LIMIT",
    "BETWEENNESS_WORK",
    "CACHE_NODES",
    "MIN_PIVOTS",
    "BROKER_CANDIDATES",
    "BROKER_LIMIT",
    "SEED",
    "undirected",
    "betweenness_pivots",
    "compute_centrality",
    "compute_communities",
    "compute_brokers",
]

logger = logging.getLogger(__name__)

EXACT_LIMIT = 2000  # nodes; up to this NetworkX computes everything, above it igraph
BETWEENNESS_WORK = 1_000_000_000  # cost units of betweenness above EXACT_LIMIT (about 7 s here); see betweenness_pivots
CACHE_NODES = 16_000  # graph size at which a node or edge visit costs twice what it costs in cache
MIN_PIVOTS = 64  # source nodes of the betweenness estimate, at least
BROKER_CANDIDATES = 100  # persons and organisations for which constraint is computed on large graphs
BROKER_LIMIT = 20  # brokers reported
SEED = 42
_NAME_MEMBERS = 3
_DIGITS = 6


def undirected(g: nx.MultiDiGraph) -> nx.Graph:
    """One undirected edge per related pair of distinct entities, `weight` = number of relations."""
    h = nx.Graph()
    h.add_nodes_from(sorted(g.nodes))
    weight: dict[tuple[str, str], int] = {}  # pairs in the order they first occur, as h adds them
    for u, v in sorted(g.edges()):
        if u == v:
            continue
        pair = (v, u) if (v, u) in weight else (u, v)
        weight[pair] = weight.get(pair, 0) + 1
    h.add_edges_from((u, v, {"weight": w}) for (u, v), w in weight.items())
    return h


def betweenness_pivots(n: int, m: int) -> int:
    """Source nodes of betweenness above EXACT_LIMIT: as many as BETWEENNESS_WORK allows, all n when it allows.

    Brandes' algorithm visits the n nodes and m edges once per source, and a visit costs more as
    the graph outgrows the processor's caches: 1 + n / CACHE_NODES units (measured with igraph on
    the benchmark graphs: 10 ns per visit at 5,000 nodes, 12 at 10,000, 14 at 20,000, 35 at 50,000,
    53 at 100,000).
    """
    per_source = (n + m) * (1 + n / CACHE_NODES)
    return min(n, max(MIN_PIVOTS, int(BETWEENNESS_WORK // per_source)))


def compute_centrality(h: nx.Graph, nodes: dict[str, Node], ix: engine.Indexed | None = None) -> Centrality:
    """Degree, weighted degree, PageRank and betweenness of every node of `h`, by PageRank then label.

    `ix` is `h` indexed for igraph (`engine.index_graph`), given above EXACT_LIMIT nodes.
    """
    n = h.number_of_nodes()
    if n == 0:
        return Centrality(nodes=(), exact=True, sample_size=0, seed=SEED)
    if ix is None:
        pivots = n
        between = nx.betweenness_centrality(h, k=None, normalized=True, seed=SEED)
        rank = pagerank(h, weight="weight")
    else:
        pivots = betweenness_pivots(n, h.number_of_edges())
        sources = list(h.nodes) if pivots == n else random.Random(SEED).sample(list(h.nodes), pivots)
        between = engine.betweenness(ix, sources)
        logger.info("betweenness of %d nodes from %d pivots", n, pivots)
        rank = engine.pagerank(ix)
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
    return Centrality(nodes=tuple(rows), exact=pivots == n, sample_size=pivots, seed=SEED)


def compute_communities(
    h: nx.Graph, nodes: dict[str, Node], rank: dict[str, float], ix: engine.Indexed | None = None
) -> Communities:
    """Communities of the related entities (Louvain; Leiden on large graphs), numbered by size, named by members."""
    if ix is None:
        related = h.subgraph(sorted(v for v in h.nodes if h.degree(v) > 0))
        if related.number_of_edges() == 0:
            return Communities(items=(), modularity=0.0, seed=SEED)
        parts = nx.community.louvain_communities(related, weight="weight", seed=SEED)
        modularity = nx.community.modularity(related, parts, weight="weight")
    else:
        if h.number_of_edges() == 0:
            return Communities(items=(), modularity=0.0, seed=SEED, method="Leiden")
        parts, modularity = engine.leiden(ix, SEED)
    ordered = []
    for part in parts:
        members = sorted(part, key=lambda m: (-rank.get(m, 0.0), nodes[m].label, m))
        ordered.append([nodes[m] for m in members])
    ordered.sort(key=lambda ms: (-len(ms), ms[0].label, ms[0].iri))
    items = tuple(
        Community(number=i, name=_name(members), members=tuple(members)) for i, members in enumerate(ordered, 1)
    )
    method = "Louvain" if ix is None else "Leiden"
    return Communities(items=items, modularity=round(modularity, _DIGITS), seed=SEED, method=method)


def compute_brokers(
    h: nx.Graph, centrality: Centrality, communities: Communities, ix: engine.Indexed | None = None
) -> tuple[Broker, ...]:
    """Persons and organisations touching two or more communities, by betweenness then constraint.

    Above EXACT_LIMIT (`ix` given) only the BROKER_CANDIDATES of highest betweenness that touch two
    communities are measured and ranked.
    """
    community_of = communities.of()
    candidates = [
        r for r in centrality.nodes if r.betweenness > 0 and (r.node.cls == "Person" or r.node.cls in ORG_CLASSES)
    ]
    candidates.sort(key=lambda r: (-r.betweenness, r.node.label, r.node.iri))
    touching = []
    for r in candidates:
        around = {community_of[v] for v in [r.node.iri, *h.neighbors(r.node.iri)] if v in community_of}
        if len(around) >= 2:
            touching.append((r, tuple(sorted(around))))
            if ix is not None and len(touching) == BROKER_CANDIDATES:
                break
    if not touching:
        return ()
    ids = [r.node.iri for r, _ in touching]
    if ix is None:
        simple = nx.Graph(h.edges())  # unweighted: Burt's measures on the simple projection
        constraint = nx.constraint(simple, nodes=ids)
        effective = {v: _effective_size(simple, v) for v in ids}
    else:
        constraint = engine.constraint(ix, ids)
        effective = {v: _effective_size(h, v) for v in ids}  # h is simple: the same contacts
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
