"""The interactive HTML view: one self-contained page (vis-network inlined), no request leaves it.

`render_html(g, ...)` turns the NetworkX graph of `kg.analysis.to_networkx` into the page;
`write_html(g, path, ..., store=...)` writes it, with evidence quotes and aliases read from the store.
Graphs above `DEFAULT_MAX_NODES` nodes are trimmed to their most central part and the page says so.
With `layouts=LayoutMemo(previous, target)` a layout computed by an earlier run for the same
input is reused.
"""

from __future__ import annotations

import html
import importlib.resources
import importlib.util
import json
import logging
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.observations import Observations
from kg.store import write_atomic
from kg.view.evidence import node_aliases, node_evidence
from kg.view.layout import LayoutMemo
from kg.view.looks import (
    CLASS_STYLES,
    DEFAULT_MAX_NODES,
    NodeLook,
    class_style,
    node_class,
    node_looks,
    node_size,
    place,
    shown,
)
from kg.view.timeline import edge_years

if TYPE_CHECKING:  # NetworkX is imported by kg.analysis only
    import networkx as nx
    import pyoxigraph as ox

    from kg.analysis.result import Analysis

__all__ = [
    "CLASS_STYLES",
    "DEFAULT_MAX_NODES",
    "LayoutMemo",
    "NodeLook",
    "node_looks",
    "render_html",
    "write_html",
    "node_evidence",
    "node_aliases",
    "shown_aliases",
    "view_inputs",
]

logger = logging.getLogger(__name__)

_VIS_DIR = "templates/lib/vis-9.1.2"
_LABEL_MAX = 40
_MARKER = re.compile(r"@@(TITLE|CSS|DATA|VIS_JS|VIEW_JS)@@")


def view_inputs(analysis: Analysis) -> tuple[dict[str, tuple[int, str]], dict[str, float]]:
    """What the view takes from an analysis: each node's community (number, name) and its PageRank."""
    communities = {m.iri: (c.number, c.name) for c in analysis.communities.items for m in c.members}
    scores = {r.node.iri: r.pagerank for r in analysis.centrality.nodes}
    return communities, scores


def write_html(
    g: nx.MultiDiGraph,
    path: Path,
    *,
    title: str,
    store: ox.Store | None = None,
    communities: Mapping[str, tuple[Any, str]] | None = None,
    scores: Mapping[str, float] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    layouts: LayoutMemo | None = None,
    evidence: Mapping[str, list[dict[str, Any]]] | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    observed: Observations | None = None,
) -> None:
    """Write the view of `g` to `path`; with `store`, the panel shows evidence quotes and aliases.

    `layouts` keeps the layout for the next run and gives the one of an earlier run with the same input.
    `evidence`, when given, is `node_evidence(store)` (of every node or more) made beforehand, and
    `aliases` `shown_aliases(g, store, scores)`; what is given is not read from `store`.
    """
    if store is not None and (evidence is None or aliases is None):
        if scores is None:
            scores = _default_scores(g)
        _, _, kept = shown(g, scores, max_nodes)
        if evidence is None:
            evidence = node_evidence(store, nodes=kept)
        if aliases is None:
            aliases = node_aliases(store, nodes=kept)
    page = render_html(
        g,
        title=title,
        evidence=evidence,
        communities=communities,
        scores=scores,
        aliases=aliases,
        max_nodes=max_nodes,
        layouts=layouts,
        observed=observed,
    )
    write_atomic(Path(path), page.encode("utf-8"))


def render_html(
    g: nx.MultiDiGraph,
    *,
    title: str,
    evidence: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    communities: Mapping[str, tuple[Any, str]] | None = None,
    scores: Mapping[str, float] | None = None,
    aliases: Mapping[str, Sequence[str]] | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    layouts: LayoutMemo | None = None,
    observed: Observations | None = None,
) -> str:
    """The page for `g` (nodes: label, cls, optional aliases; edges: property), deterministic bytes.

    `evidence`: node IRI -> [{quote, document, page}]; `communities`: node IRI -> (id, name), or None
    for no community filter; `scores`: node IRI -> centrality (default: PageRank from kg.analysis),
    which sizes the nodes and picks the `max_nodes` most central ones of a bigger graph (0: no limit);
    `layouts`: where the layout is looked up and kept (default: always computed); `observed`: the
    dates each relation was observed at (kg.observations), for the year control.
    """
    data = _page_data(g, evidence or {}, communities, scores, aliases or {}, max_nodes, layouts)
    data.update(edge_years(data["edges"], observed or {}))
    vis_js = _vis_js()
    view_js = _asset("view.js")
    parts = {
        "TITLE": html.escape(title),
        "CSS": _asset("view.css"),
        "DATA": _script_json(data),
        "VIS_JS": vis_js,
        "VIEW_JS": view_js,
    }
    # One pass, so a marker inside the data is never expanded.
    return _MARKER.sub(lambda m: parts[m.group(1)], _asset("page.html"))


def shown_aliases(
    g: nx.MultiDiGraph, store: ox.Store, scores: Mapping[str, float], max_nodes: int = DEFAULT_MAX_NODES
) -> dict[str, list[str]]:
    """The labels in `store` of the nodes of `g` that the view shows (the `max_nodes` of highest score)."""
    _, _, kept = shown(g, scores, max_nodes)
    return node_aliases(store, nodes=kept)


def _page_data(
    g: nx.MultiDiGraph,
    evidence: Mapping[str, Sequence[Mapping[str, Any]]],
    communities: Mapping[str, tuple[Any, str]] | None,
    scores: Mapping[str, float] | None,
    aliases: Mapping[str, Sequence[str]],
    max_nodes: int,
    layouts: LayoutMemo | None = None,
) -> dict[str, Any]:
    if scores is None:
        scores = _default_scores(g)
    placed = place(g, scores, max_nodes, layouts)
    every, ids, all_edges, edges, positions = placed.every, placed.ids, placed.all_edges, placed.edges, placed.positions
    nodes: list[dict[str, Any]] = []
    for i, iri in enumerate(ids):
        attrs = g.nodes[iri]
        cls = node_class(g, iri)
        name = str(attrs.get("label") or iri)
        names = set(aliases.get(iri, ())) | {str(a) for a in attrs.get("aliases", ())}
        score = float(scores.get(iri, 0.0))
        community = communities.get(iri) if communities is not None else None
        nodes.append(
            {
                "id": iri,
                "name": name,
                "label": name if len(name) <= _LABEL_MAX else name[: _LABEL_MAX - 1].rstrip() + "\u2026",
                "aliases": sorted(a for a in names if a and a != name),
                "cls": cls,
                "score": round(score, 6),
                "size": node_size(score, placed.top),
                "x": positions[i][0],
                "y": positions[i][1],
                "community": str(community[0]) if community is not None else None,
            }
        )
    class_counts: Counter[str] = Counter(str(n["cls"]) for n in nodes)
    classes = sorted(class_counts, key=_class_order)
    community_list = None
    if communities is not None:
        members = Counter(str(communities[n][0]) for n in ids if n in communities)
        names_by_id = {str(cid): str(cname) for cid, cname in communities.values()}
        community_list = [
            {"id": cid, "name": names_by_id[cid], "count": members[cid]} for cid in sorted(members, key=_natural)
        ]
    omitted = None
    if len(ids) < len(every):
        omitted = {"nodes": len(every) - len(ids), "edges": len(all_edges) - len(edges), "max_nodes": max_nodes}
    return {
        "nodes": nodes,
        "edges": [{"id": f"e{i}", "from": u, "to": v, "label": p} for i, (u, v, p) in enumerate(edges)],
        "classes": [
            {"name": c, "color": class_style(c)[0], "shape": class_style(c)[1], "count": class_counts[c]}
            for c in classes
        ],
        "relations": [
            {"name": p, "count": n} for p, n in sorted(Counter(p for _, _, p in edges).items(), key=lambda kv: kv[0])
        ],
        "communities": community_list,
        "evidence": {
            n: [
                {"quote": str(e.get("quote", "")), "document": str(e.get("document", "")), "page": e.get("page")}
                for e in evidence[n]
            ]
            for n in ids
            if evidence.get(n)
        },
        "omitted": omitted,
        "total": {"nodes": len(every), "edges": len(all_edges)},
    }


def _default_scores(g: nx.MultiDiGraph) -> dict[str, float]:
    """PageRank from kg.analysis (NetworkX lives there)."""
    from kg.analysis import centrality

    return {str(s.iri): float(s.pagerank) for s in centrality(g)}


def _natural(text: str) -> tuple[int, int | str]:
    return (0, int(text)) if text.isdigit() else (1, text)


def _class_order(cls: str) -> tuple[int, str]:
    order = list(CLASS_STYLES)
    return (order.index(cls) if cls in order else len(order), cls)


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or `]]>` can be formed from the data."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _asset(name: str) -> str:
    return importlib.resources.files("kg.view").joinpath("assets", name).read_text(encoding="utf-8")


def _vis_js() -> str:
    """vis-network's JS as bundled with pyvis (so the page needs no CDN); its CSS is not needed."""
    # Locate the pyvis package without importing it (its import pulls in IPython).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("The view needs vis-network from the pyvis package: pip install 'pyvis>=0.3.2'.")
    path = Path(list(spec.submodule_search_locations)[0]) / _VIS_DIR / "vis-network.min.js"
    try:
        js = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KgError(f"Cannot read vis-network from the pyvis package at {path} ({err.strerror or err}).") from err
    # The bundle ends with a source-map comment pointing at a file that is not there.
    # (Split on "\n" only: the bundle holds U+2028 and other characters str.splitlines() would split on.)
    js = "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL="))
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)
