"""The HTML view: self-contained, scriptable, escaped, deterministic, trimmed when big."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_store import make_graph_dir

from kg.analysis import to_networkx
from kg.store import open_store
from kg.view import DEFAULT_MAX_NODES, node_aliases, node_evidence, render_html, write_html
from kg.view.layout import compute_layout

SOURCES = re.compile(r"""\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)
ATTACK = "<script>alert(1)</script>"
ORG = "https://w3id.org/samverkan/id/org/"


def page_data(page: str) -> dict[str, Any]:
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert match is not None
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def star(n: int) -> nx.MultiDiGraph:
    """A hub org with n - 1 projects around it, and one isolated person."""
    g = nx.MultiDiGraph()
    g.add_node(ORG + "hub", label="Hubben", cls="HigherEducationInstitution")
    for i in range(n - 2):
        g.add_node(f"{ORG}p{i:04d}", label=f"Projekt {i}", cls="Project")
        g.add_edge(ORG + "hub", f"{ORG}p{i:04d}", key="coordinates", property="coordinates")
    g.add_node(ORG + "alone", label="Ensam", cls="Person")
    return g


def test_view_of_the_mini_graph(tmp_path: Path) -> None:
    graph_dir = make_graph_dir(tmp_path)
    store = open_store(graph_dir)
    g = to_networkx(store)
    out = tmp_path / "graph.html"
    write_html(g, out, title="Mini", store=store)
    page = out.read_text(encoding="utf-8")
    assert "window.network" in page
    assert "Mälardalens högskola" in page
    assert "<title>Mini</title>" in page
    assert not SOURCES.search(page)
    assert "<link" not in page
    assert re.search(r"<script[^>]*\bsrc=", page) is None
    assert "Content-Security-Policy" in page
    data = page_data(page)
    assert len(data["nodes"]) == g.number_of_nodes()
    assert len(data["edges"]) == g.number_of_edges()
    assert data["omitted"] is None
    assert data["communities"] is None
    # same graph, same bytes (the layout is seeded by nothing but the graph)
    again = tmp_path / "again.html"
    write_html(to_networkx(open_store(graph_dir)), again, title="Mini", store=open_store(graph_dir))
    assert again.read_bytes() == out.read_bytes()


def test_labels_and_title_from_documents_are_escaped() -> None:
    g = nx.MultiDiGraph()
    g.add_node(ORG + "x", label=ATTACK, cls="Municipality", aliases=["<img src=x onerror=alert(1)>"])
    g.add_node("https://w3id.org/samverkan/id/project/y", label="</script><b>", cls="Project")
    g.add_edge(ORG + "x", "https://w3id.org/samverkan/id/project/y", key="participatesIn", property="participatesIn")
    evidence = {ORG + "x": [{"quote": "<!-- " + ATTACK, "document": "]]></title>", "page": 2}]}
    page = render_html(g, title=ATTACK, evidence=evidence)
    assert ATTACK not in page
    assert "<img" not in page
    assert "<!--" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the title, as HTML text
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page  # the data, as JSON
    # the only closing script tags are the page's own three
    assert page.count("</script>") == 3
    data = page_data(page)
    assert {n["name"] for n in data["nodes"]} == {ATTACK, "</script><b>"}
    assert data["evidence"][ORG + "x"][0]["quote"] == "<!-- " + ATTACK


def test_the_page_script_inserts_data_with_text_content_only() -> None:
    script = (Path(__file__).parent.parent / "kg" / "view" / "assets" / "view.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script
    assert "outerHTML" not in script
    assert "insertAdjacentHTML" not in script
    assert "document.write" not in script
    assert "title:" not in script  # no vis-network tooltips: they render strings as HTML


def test_legend_and_filters_list_the_classes_and_relations(tmp_path: Path) -> None:
    g = to_networkx(open_store(make_graph_dir(tmp_path)))
    data = page_data(render_html(g, title="Mini"))
    classes = {c["name"]: c["count"] for c in data["classes"]}
    for cls in ("Person", "HigherEducationInstitution", "Municipality", "Region", "Project", "Event", "Place"):
        assert classes[cls] == 1
    assert sum(r["count"] for r in data["relations"]) == g.number_of_edges()


def test_evidence_and_aliases_come_from_the_store(seed_graph: Path) -> None:
    store = open_store(seed_graph)
    evidence = node_evidence(store, limit_per_node=3)
    berg = evidence["https://w3id.org/samverkan/id/person/elisabeth-berg"]
    assert 1 <= len(berg) <= 3
    assert any(e["quote"].startswith("Elisabeth Berg, Karlstads universitet, undrade") and e["page"] == 3 for e in berg)
    assert all(set(e) == {"quote", "document", "page"} for e in berg)
    assert berg[0]["document"].startswith("samverkan i fokus")
    aliases = node_aliases(store)
    assert "University of Gothenburg" in aliases[ORG + "goteborgs-universitet"]


def test_scores_size_the_nodes_and_communities_make_a_filter() -> None:
    g = star(6)
    scores = {ORG + "hub": 1.0, ORG + "p0000": 0.25}
    communities = {ORG + "hub": (0, "Hubben m.fl."), ORG + "p0000": (0, "Hubben m.fl."), ORG + "p0001": (1, "Ett")}
    data = page_data(render_html(g, title="t", scores=scores, communities=communities))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    assert size[ORG + "hub"] > size[ORG + "p0000"] > size[ORG + "p0002"]
    assert data["communities"] == [
        {"id": "0", "name": "Hubben m.fl.", "count": 2},
        {"id": "1", "name": "Ett", "count": 1},
    ]
    assert {n["id"]: n["community"] for n in data["nodes"]}[ORG + "p0003"] is None


def test_a_big_graph_shows_its_most_central_part_and_says_what_it_left_out() -> None:
    g = star(DEFAULT_MAX_NODES + 10)
    data = page_data(render_html(g, title="big"))
    ids = {n["id"] for n in data["nodes"]}
    assert len(ids) == DEFAULT_MAX_NODES
    assert ORG + "hub" in ids and ORG + "alone" not in ids
    assert data["omitted"] == {"nodes": 10, "edges": 9, "max_nodes": DEFAULT_MAX_NODES}
    assert data["total"] == {"nodes": DEFAULT_MAX_NODES + 10, "edges": DEFAULT_MAX_NODES + 8}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    everything = page_data(render_html(g, title="big", max_nodes=0))
    assert len(everything["nodes"]) == DEFAULT_MAX_NODES + 10 and everything["omitted"] is None


def test_layout_is_deterministic_and_spreads_the_nodes() -> None:
    edges = [(0, i) for i in range(1, 30)] + [(30, 31)]
    first = compute_layout(33, edges, list(range(33)))
    assert first == compute_layout(33, edges, list(range(33)))
    assert len(set(first)) == 33
    # no two nodes on top of each other
    close = [
        (a, b)
        for a in range(33)
        for b in range(a + 1, 33)
        if (first[a][0] - first[b][0]) ** 2 + (first[a][1] - first[b][1]) ** 2 < 15**2
    ]
    assert close == []
    assert compute_layout(0, [], []) == []


def test_layout_positions_are_those_of_earlier_versions() -> None:
    # The forces are summed in a fixed order of node pairs, and the positions are part of graph.html's
    # bytes: a faster layout must give these very positions (those of the grid layout "fr-grid-2").
    pick = random.Random(14)
    edges = [(pick.randrange(300), pick.randrange(300)) for _ in range(700)]
    positions = compute_layout(300, edges, list(range(300)))
    assert positions[:2] == [(149.5, 250.9), (-446.0, 73.0)]
    digest = hashlib.sha256(repr(positions).encode()).hexdigest()
    assert digest == "1c3a17fffd187d6ec7382b6ff2cc8f8f9e3212e9a77608bdda55d750c94d2b9e"


NODE_STUB = """
var window = {};
var performance = {now: function () { return 1; }};
function element(id) {
  return {id: id, hidden: true, textContent: "", style: {}, children: [], className: "",
    appendChild: function (c) { this.children.push(c); return c; }, replaceChildren: function () {},
    addEventListener: function () {}, setAttribute: function () {}, querySelector: function () { return null; }};
}
var document = {
  body: element("body"),
  getElementById: function (id) {
    if (id === "kg-data") { return {textContent: DATA}; }
    return element(id);
  },
  createElement: element, createElementNS: function (ns, tag) { return element(tag); }
};
var vis = {
  DataSet: function (items) { this.items = items; this.get = function () { return items; };
    this.update = function () {}; },
  Network: function (container, data, options) {
    this.data = data; this.options = options; this.fit = function () {};
    this.once = function () {}; this.on = function () {}; this.setOptions = function () {};
  }
};
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to check the page's JavaScript")
def test_inline_scripts_are_valid_javascript(tmp_path: Path) -> None:
    g = to_networkx(open_store(make_graph_dir(tmp_path)))
    g.add_node(ORG + "x", label=ATTACK + "\u2028\"'\\", cls="Company")
    page = render_html(g, title="Mini")
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for number, script in enumerate(scripts):
        path = tmp_path / f"s{number}.js"
        path.write_text(script, encoding="utf-8")
        subprocess.run(["node", "--check", str(path)], check=True, capture_output=True)
    raw = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S)
    assert raw is not None
    # Run the page's own script against a stub of vis-network and the DOM: the data parses, window.network is set.
    check = tmp_path / "run.js"
    check.write_text(
        "var DATA = "
        + json.dumps(raw.group(1))
        + ";\n"
        + NODE_STUB
        + scripts[1]
        + "\nconsole.log(JSON.stringify([window.network.data.nodes.items.length,"
        " window.network.data.edges.items.length, window.network.data.nodes.items.map(function (n) "
        "{ return n.label; }), window.kgView.search('MÄLARDALENS')]));\n",
        encoding="utf-8",
    )
    out = subprocess.run(["node", str(check)], check=True, capture_output=True, text=True).stdout
    nodes, edges, labels, found = json.loads(out)
    assert (nodes, edges) == (g.number_of_nodes(), g.number_of_edges())
    assert "Mälardalens högskola" in labels
    assert found == [ORG + "malardalens-hogskola"]
    assert any(label.startswith("<script>alert(1)") for label in labels)
