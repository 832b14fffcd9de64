"""The view in a notebook: kg.api.show (an iframe with srcdoc) and kg.api.pyvis_network (kg.view.network)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from test_view import ATTACK, ORG, SOURCES, page_data

import kg.api
from kg.view import CLASS_STYLES
from kg.view.inline import srcdoc_iframe
from kg.view.network import pyvis_network

SRCDOC = re.compile(r'<iframe srcdoc="([^"]*)"')


def _shown(monkeypatch: pytest.MonkeyPatch, *args: Any) -> str:
    """The HTML that kg.api.show(*args) hands to IPython's display."""
    import IPython.display

    shown: list[Any] = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs: shown.extend(objs))
    kg.api.show(*args)
    assert len(shown) == 1 and isinstance(shown[0], IPython.display.HTML)
    data = shown[0].data
    assert isinstance(data, str)
    return data


def test_show_embeds_the_built_view_in_an_iframe(seed_graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = _shown(monkeypatch, seed_graph)
    match = SRCDOC.search(outer)
    assert match is not None
    page = html.unescape(match.group(1))
    assert page == (seed_graph / "graph.html").read_text(encoding="utf-8")
    assert "window.network" in page and "vis.Network" in page  # the JavaScript is in the page itself
    assert re.search(r"<script[^>]*\bsrc\s*=", page, re.IGNORECASE) is None
    assert not SOURCES.search(page)
    assert 'sandbox="allow-scripts"' in outer
    assert "<script" not in SRCDOC.sub("", outer)  # the page stays inside the attribute


def test_srcdoc_escapes_what_would_close_the_attribute() -> None:
    page = '<p title="x">"></iframe><script>alert(1)</script></p>'
    outer = srcdoc_iframe(page, height='1px"><script>')
    match = SRCDOC.search(outer)
    assert match is not None and html.unescape(match.group(1)) == page
    assert "<script" not in outer and outer.count("<iframe") == 1


def test_pyvis_network_matches_the_graph_and_the_view(seed_graph: Path) -> None:
    net = kg.api.pyvis_network(seed_graph)
    g = kg.api.networkx_graph(seed_graph)
    assert len(net.nodes) == g.number_of_nodes() > 50
    assert len(net.edges) == g.number_of_edges() > 50
    view = page_data((seed_graph / "graph.html").read_text(encoding="utf-8"))
    colours = {c["name"]: c["color"] for c in view["classes"]}
    ours = {n["id"]: n for n in net.nodes}
    assert set(ours) == {n["id"] for n in view["nodes"]}
    for node in view["nodes"]:
        mine = ours[node["id"]]
        assert mine["color"] == colours[node["cls"]] == CLASS_STYLES[node["cls"]][0]
        assert (mine["size"], mine["x"], mine["y"], mine["label"]) == (
            node["size"],
            node["x"],
            node["y"],
            node["label"],
        )
    assert {(e["from"], e["to"], e["label"]) for e in net.edges} == {
        (e["from"], e["to"], e["label"]) for e in view["edges"]
    }
    assert net.options.physics.enabled is False  # nodes stay where the seeded layout put them


def test_pyvis_titles_are_plain_text() -> None:
    g = nx.MultiDiGraph()
    link = '<a href="https://example.org" onclick="alert(2)">här</a>'
    g.add_node(ORG + "x", label=ATTACK, cls="Municipality")
    g.add_node(ORG + "y", label=link, cls="Company")
    g.add_edge(ORG + "x", ORG + "y", key="collaboratesWith", property="collaboratesWith")
    net = pyvis_network(g)
    titles = {n["id"]: n["title"] for n in net.nodes}
    assert titles[ORG + "x"].splitlines()[:2] == [ATTACK, "Municipality"]
    assert "href" not in titles[ORG + "y"]  # pyvis would show a title holding "href" as HTML
    assert titles[ORG + "y"].splitlines()[0].replace("\u2060", "") == link
    page = net.generate_html()
    assert ATTACK not in page and link not in page  # the data is JSON with < escaped
    assert "popup.innerHTML" not in page  # pyvis's HTML tooltip is not switched on
    assert "vis-network" in page and "tom-select" not in page.lower()


def test_show_displays_a_pyvis_network(monkeypatch: pytest.MonkeyPatch) -> None:
    g = nx.MultiDiGraph()
    g.add_node(ORG + "x", label="Ett", cls="Municipality")
    outer = _shown(monkeypatch, pyvis_network(g))
    match = SRCDOC.search(outer)
    assert match is not None and "new vis.Network" in html.unescape(match.group(1))
