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
    if k >= n:
        raw = ix.graph.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2)) if n > 2 else 1.0
        return {v: float(b) * scale for v, b in zip(ix.names, raw, strict=True)}
    # igraph counts each (source, target) path of an undirected graph once, as half its dependency.
    raw = ix.graph.betweenness(directed=False, sources=[ix.index[p] for p in pivots])
    sampled = set(pivots)
    on_pivot = 2 / ((k - 1) * (n - 2)) if k > 1 else float("nan")
    elsewhere = 2 / (k * (n - 2))
    return {v: float(b) * (on_pivot if v in sampled else elsewhere) for v, b in zip(ix.names, raw, strict=True)}


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
