"""The interactive HTML view: a self-contained vis-network page (the JS bundled with pyvis, inlined)."""

from __future__ import annotations

import html
import importlib.util
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KgError
from kg.store import write_atomic

if TYPE_CHECKING:  # NetworkX is imported by kg.analysis only
    import networkx as nx

__all__ = ["CLASS_STYLES", "write_html", "render_html"]

logger = logging.getLogger(__name__)

# class local name -> (colour, vis-network shape); unknown classes get the last entry.
CLASS_STYLES: dict[str, tuple[str, str]] = {
    "Person": ("#e15759", "dot"),
    "HigherEducationInstitution": ("#4e79a7", "box"),
    "Municipality": ("#59a14f", "box"),
    "Region": ("#8cd17d", "box"),
    "CountyAdministrativeBoard": ("#b6992d", "box"),
    "GovernmentAgency": ("#f1ce63", "box"),
    "PublicActor": ("#86bcb6", "box"),
    "Company": ("#9d7660", "box"),
    "Association": ("#d37295", "box"),
    "Organisation": ("#bab0ac", "box"),
    "Project": ("#f28e2b", "diamond"),
    "Agreement": ("#b07aa1", "triangle"),
    "Arena": ("#76b7b2", "hexagon"),
    "Event": ("#ff9da7", "star"),
    "Place": ("#79706e", "square"),
    "Resource": ("#cccccc", "dot"),
}

_VIS_DIR = "templates/lib/vis-9.1.2"

_OPTIONS: dict[str, Any] = {
    "layout": {"randomSeed": 42, "improvedLayout": True},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 400, "fit": True},
    },
    "interaction": {"hover": True, "navigationButtons": False, "keyboard": True, "tooltipDelay": 150},
    "edges": {
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {"size": 10, "align": "middle", "color": "#555555", "strokeWidth": 3},
        "color": {"color": "#9a9a9a", "highlight": "#333333"},
        "smooth": {"type": "continuous"},
    },
    "nodes": {"font": {"size": 14, "face": "sans-serif"}, "borderWidth": 1},
}

_TEMPLATE = """<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{vis_css}
html, body {{ margin: 0; height: 100%; font-family: sans-serif; color: #222; }}
#header {{ padding: 8px 14px; border-bottom: 1px solid #ddd; }}
#header h1 {{ font-size: 18px; margin: 0 0 4px 0; }}
#header p {{ margin: 0; font-size: 13px; color: #555; }}
#main {{ display: flex; height: calc(100% - 62px); }}
#network {{ flex: 1; }}
#side {{ width: 260px; border-left: 1px solid #ddd; padding: 10px; overflow: auto; font-size: 13px; }}
#legend ul {{ list-style: none; padding: 0; margin: 0 0 12px 0; }}
#legend li {{ margin: 3px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; margin-right: 6px; vertical-align: middle;
  border: 1px solid #666; }}
#details {{ white-space: pre-wrap; word-break: break-all; }}
</style>
</head>
<body>
<div id="header"><h1>{title}</h1><p>{summary}</p></div>
<div id="main">
<div id="network"></div>
<div id="side">
<div id="legend"><strong>Classes</strong>
<ul>
{legend}
</ul></div>
<div><strong>Selected</strong><div id="details">Click a node.</div></div>
</div>
</div>
<script>
{vis_js}
</script>
<script>
(function () {{
  var data = {data};
  var options = {options};
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("network");
  var network = new vis.Network(container, {{nodes: nodes, edges: edges}}, options);
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{physics: {{enabled: false}}}});
  }});
  network.on("click", function (params) {{
    var box = document.getElementById("details");
    if (params.nodes.length === 0) {{ box.textContent = "Click a node."; return; }}
    var node = nodes.get(params.nodes[0]);
    var lines = [node.label, node.cls, node.id, ""];
    edges.get().forEach(function (e) {{
      if (e.from === node.id) {{ lines.push(e.label + " \\u2192 " + nodes.get(e.to).label); }}
      if (e.to === node.id) {{ lines.push(nodes.get(e.from).label + " " + e.label + " \\u2192"); }}
    }});
    box.textContent = lines.join("\\n");
  }});
  window.network = network;
  window.graphData = {{nodes: nodes, edges: edges}};
}})();
</script>
</body>
</html>
"""


def write_html(g: nx.MultiDiGraph, path: Path, *, title: str) -> None:
    """Write the self-contained interactive view of `g` (nodes: label, cls; edges: property) to `path`."""
    write_atomic(Path(path), render_html(g, title=title).encode("utf-8"))


def render_html(g: nx.MultiDiGraph, *, title: str) -> str:
    """The HTML of the view: no request leaves the page, everything from the data is escaped."""
    nodes = []
    classes = set()
    for node in sorted(g.nodes):
        data = g.nodes[node]
        cls = str(data.get("cls", "Resource")) or "Resource"
        classes.add(cls)
        colour, shape = _style(cls)
        label = str(data.get("label", node))
        nodes.append(
            {
                "id": str(node),
                "label": label,
                "cls": cls,
                "group": cls,
                "title": f"{label}\n{cls}\n{node}",  # vis-network shows string titles as text
                "color": colour,
                "shape": shape,
            }
        )
    edges = []
    for number, (u, v, key, data) in enumerate(
        sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    ):
        prop = str(data.get("property", key))
        edges.append({"id": f"e{number}", "from": str(u), "to": str(v), "label": prop, "title": prop})
    legend = "\n".join(
        f'<li><span class="swatch" style="background:{_style(cls)[0]}"></span>{html.escape(cls)}'
        f" ({sum(1 for n in nodes if n['cls'] == cls)})</li>"
        for cls in sorted(classes, key=_class_order)
    )
    summary = f"{g.number_of_nodes()} nodes, {g.number_of_edges()} relations"
    vis_js, vis_css = _vis_assets()
    return _TEMPLATE.format(
        title=html.escape(title),
        summary=html.escape(summary),
        legend=legend,
        vis_css=vis_css,
        vis_js=vis_js,
        data=_script_json({"nodes": nodes, "edges": edges}),
        options=_script_json(_OPTIONS),
    )


def _style(cls: str) -> tuple[str, str]:
    return CLASS_STYLES.get(cls, CLASS_STYLES["Resource"])


def _class_order(cls: str) -> tuple[int, str]:
    order = list(CLASS_STYLES)
    return (order.index(cls) if cls in order else len(order), cls)


def _script_json(value: Any) -> str:
    """JSON safe inside <script>: no `</script>`, `<!--` or `]]>` can be formed from the data."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as bundled with pyvis (so the page needs no CDN)."""
    # Locate the pyvis package without importing it (its import pulls in IPython).
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise KgError("The view needs vis-network from the pyvis package: pip install 'pyvis>=0.3.2'.")
    base = Path(list(spec.submodule_search_locations)[0]) / _VIS_DIR
    try:
        js = (base / "vis-network.min.js").read_text(encoding="utf-8")
        css = (base / "vis-network.css").read_text(encoding="utf-8")
    except OSError as err:
        raise KgError(f"Cannot read vis-network from the pyvis package in {base} ({err.strerror or err}).") from err
    # The bundle ends with a source-map comment pointing at a file that is not there.
    # (Split on "\n" only: the bundle holds U+2028 and other characters str.splitlines() would split on.)
    js = "\n".join(line for line in js.split("\n") if not line.startswith("//# sourceMappingURL="))
    if "</script" in js.lower():
        js = js.replace("</script", "<\\/script").replace("</SCRIPT", "<\\/SCRIPT")
    return js, css
