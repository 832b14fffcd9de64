"""The entity graph as GraphML and GEXF for Gephi and other graph tools, with scores and drawing.

Each node carries its label and class, the analysis scores of `kg analyze` (`node_attributes`) and,
when given, how the view draws it (colour, size, position). GEXF puts the drawing in `viz:color`,
`viz:size` and `viz:position` (GEXF 1.2draft); GraphML, which has no drawing of its own, in the data
keys color, r, g, b, size, x, y. Both writers are deterministic: nodes and edges sorted, no date.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Protocol

import networkx as nx

from kg.analysis.result import Analysis

__all__ = ["Look", "NodeValues", "node_attributes", "write_gexf", "write_graphml"]

# Node IRI -> attribute name -> value; the values of one name share one type.
NodeValues = Mapping[str, Mapping[str, str | int | float]]

_GEXF_DATE = re.compile(rb' lastmodifieddate="[^"]*"')
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class Look(Protocol):
    """How a node is drawn (kg.view.NodeLook): colour "#rrggbb", size, position with y pointing down."""

    @property
    def color(self) -> str: ...

    @property
    def size(self) -> float: ...

    @property
    def x(self) -> float: ...

    @property
    def y(self) -> float: ...


def node_attributes(analysis: Analysis) -> dict[str, dict[str, str | int | float]]:
    """Per node, what `kg analyze` computed for it, in a fixed order of names.

    Every node: degree, weighted_degree, pagerank, betweenness. Nodes in a community: community
    (its number) and community_name. Brokers: constraint and effective_size. Agreements, arenas,
    projects and events: level and formalisation (the 2x2 typology).
    """
    values: dict[str, dict[str, str | int | float]] = {}
    for r in analysis.centrality.nodes:
        values[r.node.iri] = {
            "degree": int(r.degree),
            "weighted_degree": float(r.weighted_degree),
            "pagerank": float(r.pagerank),
            "betweenness": float(r.betweenness),
        }
    for c in analysis.communities.items:
        for m in c.members:
            values.setdefault(m.iri, {}).update(community=int(c.number), community_name=str(c.name))
    for b in analysis.brokers:
        values.setdefault(b.node.iri, {}).update(constraint=float(b.constraint), effective_size=float(b.effective_size))
    for t in analysis.typology.items:
        values.setdefault(t.node.iri, {}).update(level=str(t.level), formalisation=str(t.formalisation))
    return values


def write_graphml(
    g: nx.MultiDiGraph,
    path: Path | IO[bytes],
    *,
    attributes: NodeValues | None = None,
    looks: Mapping[str, Look] | None = None,
) -> None:
    """Write GraphML: nodes with label, cls, `attributes` and their look (color, r, g, b, size, x, y)."""
    drawn = {n: _graphml_look(look) for n, look in (looks or {}).items()}
    nx.write_graphml(_typed_copy(g, attributes or {}, drawn), path)


def write_gexf(
    g: nx.MultiDiGraph,
    path: Path | IO[bytes],
    *,
    attributes: NodeValues | None = None,
    looks: Mapping[str, Look] | None = None,
) -> None:
    """Write GEXF 1.2draft: nodes with label, cls and `attributes`, drawn by viz:color, viz:size, viz:position."""
    drawn = {n: {"viz": _gexf_viz(look)} for n, look in (looks or {}).items()}
    buffer = io.BytesIO()
    nx.write_gexf(_typed_copy(g, attributes or {}, drawn), buffer, version="1.2draft")
    # NetworkX stamps today's date into <meta>; drop it so the same graph gives the same bytes.
    data = _GEXF_DATE.sub(b"", buffer.getvalue())
    # ...and gives <graph> an empty name, which the GEXF schema does not allow.
    data = data.replace(b' mode="static" name="">', b' mode="static">', 1)
    if isinstance(path, (str, Path)):
        Path(path).write_bytes(data)
    else:
        path.write(data)


def _typed_copy(
    g: nx.MultiDiGraph, attributes: NodeValues, drawn: Mapping[str, Mapping[str, object]]
) -> nx.MultiDiGraph:
    """A copy in sorted order whose attributes are strings or numbers, so the NetworkX writers accept them."""
    h = nx.MultiDiGraph()
    for node in sorted(g.nodes):
        data = g.nodes[node]
        h.add_node(node, label=str(data.get("label", node)), cls=str(data.get("cls", "")))
        h.nodes[node].update(attributes.get(node, {}))
        h.nodes[node].update(drawn.get(node, {}))
    for u, v, key, data in sorted(g.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))):
        prop = str(data.get("property", key))
        h.add_edge(u, v, key=str(key), property=prop, label=str(data.get("label", prop)))
    return h


def _rgb(color: str) -> tuple[int, int, int]:
    if not _HEX_COLOUR.fullmatch(color):
        raise ValueError(f"not a colour #rrggbb: {color!r}")
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _flipped(y: float) -> float:
    """y pointing up, as in Gephi, from the view's y pointing down (0.0 - y: never -0.0)."""
    return 0.0 - y


def _gexf_viz(look: Look) -> dict[str, object]:
    r, g, b = _rgb(look.color)
    return {
        "color": {"r": r, "g": g, "b": b, "a": 1.0},
        "size": float(look.size),
        "position": {"x": float(look.x), "y": _flipped(float(look.y)), "z": 0.0},
    }


def _graphml_look(look: Look) -> dict[str, object]:
    r, g, b = _rgb(look.color)
    return {
        "color": look.color,
        "r": r,
        "g": g,
        "b": b,
        "size": float(look.size),
        "x": float(look.x),
        "y": _flipped(float(look.y)),
    }
