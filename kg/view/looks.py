"""How the view draws each node: class colour, size from its score, position from the seeded layout.

The page (`kg.view.render_html`) and the network exports (`kg export --format gexf|graphml`) take
their colours, sizes and positions from here, so a graph opened in Gephi looks like the view.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.view.layout import LayoutMemo, compute_layout

if TYPE_CHECKING:  # NetworkX is imported by kg.analysis only
    import networkx as nx

__all__ = [
    "CLASS_STYLES",
    "DEFAULT_MAX_NODES",
    "NodeLook",
    "Placement",
    "class_style",
    "node_class",
    "node_looks",
    "node_size",
    "place",
    "shown",
]

# Above this many nodes the page shows only the most central ones (`kg viz --max-nodes N` changes it).
DEFAULT_MAX_NODES = 1500

# class local name -> (colour, vis-network shape); unknown classes get the last entry.
# Shapes are ones vis-network scales with the node size (so size can show centrality).
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "HigherEducationInstitution": ("#4e79a7", "square"),
    "Municipality": ("#59a14f", "square"),
    "Region": ("#8cd17d", "square"),
    "CountyAdministrativeBoard": ("#b6992d", "square"),
    "GovernmentAgency": ("#f1ce63", "square"),
    "PublicActor": ("#86bcb6", "square"),
    "Company": ("#9d7660", "square"),
    "Association": ("#d37295", "square"),
    "Organisation": ("#bab0ac", "square"),
    "Project": ("#f28e2b", "diamond"),
    "Agreement": ("#b07aa1", "triangle"),
    "Arena": ("#76b7b2", "hexagon"),
    "Event": ("#ff9da7", "star"),
    "Place": ("#79706e", "triangleDown"),
    "Resource": ("#cccccc", "dot"),
}

_MIN_SIZE, _SIZE_RANGE = 8.0, 24.0


@dataclass(frozen=True, slots=True)
class NodeLook:
    """A node as the view draws it: class, colour ("#rrggbb"), size and position (y pointing down)."""

    cls: str
    color: str
    size: float
    x: float
    y: float


@dataclass(frozen=True, slots=True)
class Placement:
    """The nodes the view shows, in order, with their positions, and the relations between them."""

    every: list[str]  # every node, sorted
    ids: list[str]  # the shown nodes, sorted
    all_edges: list[tuple[str, str, str]]  # (source, target, property) of every relation, sorted
    edges: list[tuple[str, str, str]]  # those between shown nodes
    positions: list[tuple[float, float]]  # of ids, in order
    top: float  # the highest score of a shown node


def class_style(cls: str) -> tuple[str, str]:
    """The view's (colour, shape) of a class local name."""
    return CLASS_STYLES.get(cls, CLASS_STYLES["Resource"])


def shown(g: nx.MultiDiGraph, scores: Mapping[str, float], max_nodes: int) -> tuple[list[str], list[str], set[str]]:
    """Every node sorted, every node by score (highest first), and the `max_nodes` of highest score."""
    every = sorted(str(n) for n in g.nodes)
    ranked = sorted(every, key=lambda n: (-float(scores.get(n, 0.0)), n))
    kept = set(ranked[:max_nodes]) if 0 < max_nodes < len(ranked) else set(every)
    return every, ranked, kept


def place(
    g: nx.MultiDiGraph, scores: Mapping[str, float], max_nodes: int, layouts: LayoutMemo | None = None
) -> Placement:
    """The shown nodes of `g` laid out by the seeded layout (looked up in `layouts` when given)."""
    every, ranked, kept = shown(g, scores, max_nodes)
    ids = [n for n in every if n in kept]
    index = {n: i for i, n in enumerate(ids)}
    all_edges = sorted(
        ((str(u), str(v), str(data.get("property", key))) for u, v, key, data in g.edges(keys=True, data=True)),
    )
    edges = [e for e in all_edges if e[0] in kept and e[1] in kept]
    pairs = [(index[u], index[v]) for u, v, _ in edges]
    order = [index[n] for n in ranked if n in kept]
    layout = layouts.layout if layouts is not None else compute_layout
    positions = layout(len(ids), pairs, order)
    top = max((float(scores.get(n, 0.0)) for n in ids), default=0.0)
    return Placement(every=every, ids=ids, all_edges=all_edges, edges=edges, positions=positions, top=top)


def node_size(score: float, top: float) -> float:
    """The view's node size: 8 to 32, by the square root of the score relative to the highest."""
    return round(_MIN_SIZE + _SIZE_RANGE * (math.sqrt(score / top) if top > 0 else 0.0), 1)


def node_class(g: nx.MultiDiGraph, node: str) -> str:
    """The class local name the view draws `node` as (Resource when it has none)."""
    return str(g.nodes[node].get("cls") or "Resource")


def node_looks(
    g: nx.MultiDiGraph,
    scores: Mapping[str, float],
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    layouts: LayoutMemo | None = None,
) -> dict[str, NodeLook]:
    """Node IRI -> how the view (`render_html` with the same arguments) draws it, for the nodes it shows.

    `scores` are the view's (PageRank from the analysis, see `kg.view.view_inputs`); `max_nodes=0`
    lays out every node.
    """
    placed = place(g, scores, max_nodes, layouts)
    looks: dict[str, NodeLook] = {}
    for iri, (x, y) in zip(placed.ids, placed.positions, strict=True):
        cls = node_class(g, iri)
        size = node_size(float(scores.get(iri, 0.0)), placed.top)
        looks[iri] = NodeLook(cls=cls, color=class_style(cls)[0], size=size, x=x, y=y)
    return looks
