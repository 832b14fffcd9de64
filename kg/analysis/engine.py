"""The engine for large graphs: betweenness, PageRank, communities, constraint, cut points by igraph (C).

Above EXACT_LIMIT nodes (kg.analysis.network) NetworkX's pure-Python algorithms take minutes to
hours; igraph computes the same measures in C. igraph is used rather than own vectorised code
because it is a kept library with every measure the analysis needs, and its sampled betweenness
(Brandes from a subset of sources) is the estimator NetworkX uses. What each function computes:

* `betweenness`: Brandes' shortest-path dependencies summed over the given pivot sources (all
  nodes: exact), unweighted, normalised as `networkx.betweenness_centrality(G, k=len(pivots))`
  does for the same pivots: sum / ((k - 1)(n - 2)) on pivots and sum / (k(n - 2)) on the other
  nodes, which for k = n is exact normalised betweenness.
* `leiden`: communities by the Leiden algorithm (Traag, Waltman & van Eck 2019: Louvain's local
  moving of nodes plus a refinement that keeps communities connected) maximising weighted
  modularity at resolution 1, two iterations (igraph's default), on the nodes that have edges, with
  igraph's random numbers drawn from `random.Random(seed)`, so the same graph gives the same
  partition; and its modularity. Leiden rather than igraph's Louvain (`community_multilevel`):
  on the 100k-node benchmark graph the latter took from 10 to 42 s depending on the seed and found
  modularity 0.666, Leiden 0.6 s and 0.717.
* `pagerank`: weighted PageRank, damping 0.85, solved by PRPACK; NetworkX iterates to a tolerance
  of 1e-10 and agrees to about 1e-7.
* `constraint`: Burt's constraint on the unweighted graph, as `networkx.constraint`.
* `articulation_points`: the cut vertices of an undirected graph given as numbered edges.

The graph handed in is the simple undirected projection made by kg.analysis.network.undirected.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kg.errors import KgError

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only
    import networkx as nx

__all__ = ["Indexed", "index_graph", "betweenness", "pagerank", "leiden", "constraint", "articulation_points"]


@dataclass(frozen=True, slots=True)
class Indexed:
    """An igraph copy of an undirected NetworkX graph: vertex i is `names[i]`, edge attribute `weight`."""

    graph: Any  # igraph.Graph (igraph has no type hints)
    names: list[str]
    index: dict[str, int]


def index_graph(h: nx.Graph) -> Indexed:
    """An igraph copy of `h` (simple, undirected), nodes in the order of `h`."""
    ig = _igraph()
    names = list(h.nodes)
    index = {v: i for i, v in enumerate(names)}
    edges, weights = [], []
    for u, v, w in h.edges(data="weight", default=1):
        edges.append((index[u], index[v]))
        weights.append(w)
    graph = ig.Graph(n=len(names), edges=edges, directed=False, edge_attrs={"weight": weights})
    return Indexed(graph=graph, names=names, index=index)


def betweenness(ix: Indexed, pivots: list[str]) -> dict[str, float]:
    """Normalised betweenness estimated from the shortest paths out of `pivots` (every node: exact)."""
    n, k = len(ix.names), len(pivots)
    sources = list(range(n)) if k >= n else [ix.index[p] for p in pivots]
    # igraph counts each (source, target) path of an undirected graph once, as half its dependency.
    raw = _dependencies(ix.graph, sources)
    if k >= n:
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return {v: b * scale for v, b in zip(ix.names, raw, strict=True)}
    sampled = set(pivots)
    on_pivot = 2 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    elsewhere = 2 / (k * (n - 2))
    return {v: b * (on_pivot if v in sampled else elsewhere) for v, b in zip(ix.names, raw, strict=True)}


def _dependencies(graph: Any, sources: list[int]) -> list[float]:
    """Brandes' dependencies summed over `sources` (halved, as igraph gives them for undirected graphs).

    A leaf (a node of degree 1) as a source depends on the same paths as its neighbour u, plus
    every path through u to the rest of their component: its dependencies are u's, and
    (component size - 2) on u. So each leaf whose neighbour has other neighbours is folded into
    that neighbour, which becomes a source counted as many times as leaves and itself stand for;
    on the project's graphs a quarter of the nodes are such leaves. Likewise twins, nodes with the
    same neighbours (persons of the same organisation and project, say): no shortest path from one
    passes through the other, and every other node is as far from both, so their dependencies are
    the same and one of them is counted for all. Sources of the same count are one igraph call,
    scaled by the count.

    The sum is made in two halves (alternate sources of each count) added in a fixed order: another
    grouping would change the last bits of the scores, and with them the bytes of the outputs.
    """
    degree = graph.degree()
    times: dict[int, int] = {}
    ends: dict[int, int] = {}  # neighbour u -> leaves folded into it
    for s in sources:
        u = graph.neighbors(s)[0] if degree[s] == 1 else -1
        if u >= 0 and degree[u] >= 2:
            ends[u] = ends.get(u, 0) + 1
            s = u
        times[s] = times.get(s, 0) + 1
    # Twins (the same neighbours, not each other's) have the same dependencies as sources: one of
    # them stands for all.
    adjacency = graph.get_adjlist()
    first_of: dict[tuple[int, ...], int] = {}
    for s in sorted(times):
        if degree[s] >= 2:
            twin = first_of.setdefault(tuple(sorted(adjacency[s])), s)
            if twin != s:
                times[twin] += times.pop(s)
    groups: dict[int, list[int]] = {}
    for s in sorted(times):
        groups.setdefault(times[s], []).append(s)
    counted = sorted(groups.items())
    first = [(count, members[0::2]) for count, members in counted]
    second = [(count, members[1::2]) for count, members in counted]
    total = _weighted(graph, first)
    total += _weighted(graph, second)
    if ends:
        components = graph.connected_components()
        size, member = components.sizes(), components.membership
        for u in sorted(ends):
            total[u] += ends[u] * (size[member[u]] - 2) / 2
    return [float(b) for b in total]


def _weighted(graph: Any, groups: list[tuple[int, list[int]]]) -> Any:
    """Sum over `groups` of count x igraph's dependencies from the group's sources, as a numpy array."""
    import numpy as np

    total = np.zeros(graph.vcount())
    for count, members in groups:
        if members:
            total += count * np.asarray(graph.betweenness(directed=False, sources=members), dtype=float)
    return total


def pagerank(ix: Indexed) -> dict[str, float]:
    """Weighted PageRank (damping 0.85) of every node."""
    found = ix.graph.pagerank(weights="weight", damping=0.85, directed=False)
    return {v: float(r) for v, r in zip(ix.names, found, strict=True)}


def leiden(ix: Indexed, seed: int) -> tuple[list[set[str]], float]:
    """Leiden communities (weighted modularity) of the nodes that have edges, and the partition's modularity."""
    ig = _igraph()
    related = [i for i, d in enumerate(ix.graph.degree()) if d > 0]
    sub = ix.graph.induced_subgraph(related, implementation="create_from_scratch")
    ig.set_random_number_generator(random.Random(seed))
    try:
        clustering = sub.community_leiden(
            objective_function="modularity", weights="weight", resolution=1, n_iterations=2
        )
    finally:
        ig.set_random_number_generator(random)
    parts: dict[int, set[str]] = {}
    for position, part in enumerate(clustering.membership):
        parts.setdefault(part, set()).add(ix.names[related[position]])
    modularity = sub.modularity(clustering.membership, weights="weight", resolution=1)
    return list(parts.values()), float(modularity)


def constraint(ix: Indexed, nodes: list[str]) -> dict[str, float]:
    """Burt's constraint of `nodes` on the unweighted graph."""
    found = ix.graph.constraint([ix.index[v] for v in nodes])
    return {v: float(c) for v, c in zip(nodes, found, strict=True)}


def articulation_points(count: int, edges: list[tuple[int, int]]) -> list[int]:
    """The articulation points (cut vertices) of the undirected graph on vertices 0..count-1 with `edges`."""
    return list(_igraph().Graph(n=count, edges=edges, directed=False).articulation_points())


def _igraph() -> Any:
    try:
        import igraph
    except ImportError:  # a dependency of the package; missing only in a broken install
        raise KgError("kg analyze needs python-igraph for graphs this large: pip install igraph") from None
    return igraph
