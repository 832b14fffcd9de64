"""The graph as a pyvis Network, coloured, sized and placed as in the HTML view (the only pyvis import)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kg.view import CLASS_STYLES, DEFAULT_MAX_NODES, _page_data

if TYPE_CHECKING:  # NetworkX is imported by kg.analysis only
    import networkx as nx

__all__ = ["pyvis_network", "plain_title"]

# U+2060 WORD JOINER: invisible, and it keeps "href" out of a title (see plain_title).
_WORD_JOINER = "\u2060"


def pyvis_network(
    g: nx.MultiDiGraph,
    *,
    communities: Mapping[str, tuple[Any, str]] | None = None,
    scores: Mapping[str, float] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    height: str = "600px",
    width: str = "100%",
) -> Any:
    """A pyvis Network of `g` with the view's nodes (class colour and shape, PageRank size, seeded layout).

    `communities` and `scores` are what `kg.view.view_inputs` gives (default: PageRank, no communities);
    above `max_nodes` nodes only the most central are kept, as in the view. Physics is off, so the
    nodes stay where the layout put them; the page pyvis writes embeds vis-network (in-line resources).
    """
    from pyvis.network import Network

    data = _page_data(g, {}, communities, scores, {}, max_nodes)
    net = Network(height=height, width=width, directed=True, notebook=True, cdn_resources="in_line")
    net.toggle_physics(False)
    names = {iri: str(name) for iri, (_, name) in (communities or {}).items()}
    for node in data["nodes"]:
        colour, shape = CLASS_STYLES.get(node["cls"], CLASS_STYLES["Resource"])
        net.add_node(
            node["id"],
            label=node["label"],
            shape=shape,
            color=colour,
            size=node["size"],
            x=node["x"],
            y=node["y"],
            title=plain_title(_title_lines(node, names.get(node["id"]))),
        )
    for edge in data["edges"]:
        net.add_edge(edge["from"], edge["to"], label=edge["label"], title=plain_title([edge["label"]]))
    return net


def plain_title(lines: list[str]) -> str:
    """A tooltip text vis-network shows as plain text.

    vis-network sets a string title with innerText; pyvis's page, though, switches to a popup that
    sets innerHTML as soon as any title contains "href", so that word is broken by an invisible joiner.
    """
    text = "\n".join(line for line in lines if line)
    return text.replace("href", "h" + _WORD_JOINER + "ref")


def _title_lines(node: Mapping[str, Any], community: str | None) -> list[str]:
    """The tooltip of a view node: name, class, other names, community, PageRank."""
    lines = [str(node["name"]), str(node["cls"])]
    if node["aliases"]:
        lines.append("Also: " + "; ".join(str(a) for a in node["aliases"]))
    if community:
        lines.append(f"Community: {community}")
    lines.append(f"PageRank: {node['score']:.4f}")
    return lines
