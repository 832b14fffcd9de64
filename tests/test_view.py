"""The HTML view: self-contained, scriptable, escaped, deterministic."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from test_store import make_graph_dir

from kg.analysis import to_networkx
from kg.store import open_store
from kg.view import render_html, write_html

SOURCES = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
ATTACK = "<script>alert(1)</script>"


def test_view_of_the_mini_graph(tmp_path: Path) -> None:
    g = to_networkx(open_store(make_graph_dir(tmp_path)))
    out = tmp_path / "graph.html"
    write_html(g, out, title="Mini")
    page = out.read_text(encoding="utf-8")
    assert "window.network" in page
    assert "Mälardalens högskola" in page
    assert "<title>Mini</title>" in page
    assert not SOURCES.search(page)
    assert "<link" not in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    assert page == render_html(g, title="Mini")  # same graph, same bytes


def test_labels_and_title_from_documents_are_escaped() -> None:
    g = nx.MultiDiGraph()
    g.add_node("https://w3id.org/samverkan/id/org/x", label=ATTACK, cls="Municipality")
    g.add_node("https://w3id.org/samverkan/id/project/y", label="</script><b>", cls="Project")
    g.add_edge(
        "https://w3id.org/samverkan/id/org/x",
        "https://w3id.org/samverkan/id/project/y",
        key="participatesIn",
        property="participatesIn",
    )
    page = render_html(g, title=ATTACK)
    assert ATTACK not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    # the only closing script tags are the page's own two
    assert page.count("</script>") == 2


def test_legend_lists_the_classes(tmp_path: Path) -> None:
    g = to_networkx(open_store(make_graph_dir(tmp_path)))
    page = render_html(g, title="Mini")
    for cls in ("Person", "HigherEducationInstitution", "Municipality", "Region", "Project", "Event", "Place"):
        assert f"{cls} (1)</li>" in page


NODE_STUB = """
var window = {};
var document = {getElementById: function (id) { return {id: id}; }};
var vis = {
  DataSet: function (items) { this.items = items; this.get = function () { return items; }; },
  Network: function (container, data, options) {
    this.data = data; this.options = options;
    this.once = function () {}; this.on = function () {}; this.setOptions = function () {};
  }
};
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to check the page's JavaScript")
def test_inline_scripts_are_valid_javascript(tmp_path: Path) -> None:
    g = to_networkx(open_store(make_graph_dir(tmp_path)))
    g.add_node("https://w3id.org/samverkan/id/org/x", label=ATTACK + "\u2028\"'\\", cls="Company")
    page = render_html(g, title="Mini")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for number, script in enumerate(scripts):
        path = tmp_path / f"s{number}.js"
        path.write_text(script, encoding="utf-8")
        subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)
    # Run the page's own script against a stub of vis-network: the data parses, window.network is set.
    check = tmp_path / "run.js"
    check.write_text(
        NODE_STUB + scripts[1] + "\nconsole.log(JSON.stringify([window.network.data.nodes.items.length,"
        " window.network.data.edges.items.length, window.network.data.nodes.items.map(function (n) "
        "{ return n.label; })]));\n",
        encoding="utf-8",
    )
    out = subprocess.run(["node", str(check)], check=True, capture_output=True, text=True).stdout
    nodes, edges, labels = json.loads(out)
    assert (nodes, edges) == (9, 11)
    assert ATTACK + "\u2028\"'\\" in labels
    assert "Mälardalens högskola" in labels
