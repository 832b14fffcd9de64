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

import array
import os
import random
import warnings
from collections.abc import Callable
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
    """Brandes' dependencies summed over `sources`, as two halves (alternate sources) added up.

    The halves run at the same time in this process and a forked child when the machine has two
    cores or more and the work is worth a process (about half the time on two cores). They are
    always two, added in the same order, so the result is the same bits on any machine.
    """
    first, second = sources[0::2], sources[1::2]
    work = len(sources) * (graph.vcount() + graph.ecount())
    pending = _in_child(graph, second) if work >= PARALLEL_WORK and _cores() >= 2 else None
    mine = graph.betweenness(directed=False, sources=first) if first else [0.0] * graph.vcount()
    if pending is not None:
        other = pending()
    else:
        other = graph.betweenness(directed=False, sources=second) if second else [0.0] * graph.vcount()
    return [float(a) + float(b) for a, b in zip(mine, other, strict=True)]


# Source-visits (sources x (nodes + edges)) above which the second half goes to a child process:
# about 0.2 s of work, against some 20 ms to fork.
PARALLEL_WORK = 20_000_000


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _in_child(graph: Any, sources: list[int]) -> Callable[[], list[float]] | None:
    """Start the dependencies of `sources` in a forked child; returns a function that waits for them.

    The function gives the child's list, or computes the list here when the child failed; None when
    this platform cannot fork.
    """
    if not sources or not hasattr(os, "fork"):
        return None
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12 warns about forking a process with threads (the store's); the child only runs
        # igraph's C code on memory it owns and leaves with os._exit.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            os.close(read)
            values = array.array("d", graph.betweenness(directed=False, sources=sources))
            with os.fdopen(write, "wb") as out:
                out.write(values.tobytes())
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def wait() -> list[float]:
        with os.fdopen(read, "rb") as handle:
            data = handle.read()
        _, status = os.waitpid(pid, 0)
        values = array.array("d")
        if status == 0 and len(data) == 8 * graph.vcount():
            values.frombytes(data)
            return values.tolist()
        return list(graph.betweenness(directed=False, sources=sources))

    return wait


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
