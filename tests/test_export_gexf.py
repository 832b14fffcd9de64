"""GEXF and GraphML for Gephi: valid GEXF 1.2draft, drawn as the view draws, with the analysis scores."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from lxml import etree
from test_store import make_graph_dir
from test_view import page_data

from kg.analysis import affiliation_roles, analyse_graph, to_networkx
from kg.export import export_graph
from kg.store import open_store
from kg.view import CLASS_STYLES, render_html, view_inputs

SCHEMA = Path(__file__).parent / "data" / "gexf-1.2draft" / "gexf.xsd"
SCORES = ("degree", "weighted_degree", "pagerank", "betweenness")


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_graph_dir(tmp_path_factory.mktemp("gexf"))


@pytest.fixture(scope="module")
def view(graph_dir: Path) -> dict[str, Any]:
    """The view of the mini graph as `kg viz` draws it, and the analysis it draws it from."""
    store = open_store(graph_dir)
    g = to_networkx(store)
    analysis = analyse_graph(g, affiliation_roles(store))
    communities, scores = view_inputs(analysis)
    page = render_html(g, title="Mini", communities=communities, scores=scores)
    return {"nodes": {n["id"]: n for n in page_data(page)["nodes"]}, "analysis": analysis}


def exported(graph_dir: Path, fmt: str, **options: Any) -> bytes:
    data = export_graph(graph_dir, fmt, **options)
    assert data is not None
    return data


def rgb(colour: str) -> dict[str, int]:
    return {"r": int(colour[1:3], 16), "g": int(colour[3:5], 16), "b": int(colour[5:7], 16)}


def assert_valid(schema: etree.XMLSchema, data: bytes) -> None:
    valid = schema.validate(etree.fromstring(data))
    assert valid, "\n".join(str(e) for e in schema.error_log)


def test_gexf_validates_against_the_gexf_schema(graph_dir: Path, schema: etree.XMLSchema) -> None:
    data = exported(graph_dir, "gexf")
    assert_valid(schema, data)
    assert b'xmlns="http://www.gexf.net/1.2draft"' in data
    assert data.count(b"<viz:color ") == data.count(b"<viz:size ") == data.count(b"<viz:position ") == 8


def test_the_schema_checks_the_drawing(graph_dir: Path, schema: etree.XMLSchema) -> None:
    """The validation above has teeth: a colour channel past 255 or a position without z is refused."""
    data = exported(graph_dir, "gexf")
    for broken in (re.sub(rb' r="\d+"', b' r="300"', data, count=1), re.sub(rb' z="[^"]*"', b"", data, count=1)):
        assert broken != data
        assert not schema.validate(etree.fromstring(broken))


def test_gexf_is_drawn_as_the_view_draws_it(graph_dir: Path, view: dict[str, Any]) -> None:
    g = nx.read_gexf(io.BytesIO(exported(graph_dir, "gexf")))
    assert set(g.nodes) == set(view["nodes"])
    for iri, drawn in view["nodes"].items():
        viz = g.nodes[iri]["viz"]
        assert viz["color"] == {**rgb(CLASS_STYLES[drawn["cls"]][0]), "a": 1.0}
        assert viz["size"] == drawn["size"]
        # Gephi's y points up, the browser's down.
        assert viz["position"] == {"x": drawn["x"], "y": -drawn["y"], "z": 0.0}
    sizes = {viz["size"] for _, viz in g.nodes(data="viz")}
    assert max(sizes) == 32.0 and len(sizes) > 2  # sized by PageRank, not all alike


def test_gexf_carries_the_scores_and_communities_of_kg_analyze(graph_dir: Path, view: dict[str, Any]) -> None:
    g = nx.read_gexf(io.BytesIO(exported(graph_dir, "gexf")))
    analysis = view["analysis"]
    for r in analysis.centrality.nodes:
        attrs = g.nodes[r.node.iri]
        assert [attrs[k] for k in SCORES] == [r.degree, r.weighted_degree, r.pagerank, r.betweenness]
    members = {m.iri: c for c in analysis.communities.items for m in c.members}
    assert members
    for iri, c in members.items():
        assert (g.nodes[iri]["community"], g.nodes[iri]["community_name"]) == (c.number, c.name)
    for b in analysis.brokers:
        assert g.nodes[b.node.iri]["constraint"] == b.constraint
    for t in analysis.typology.items:
        assert (g.nodes[t.node.iri]["level"], g.nodes[t.node.iri]["formalisation"]) == (t.level, t.formalisation)
    assert g.nodes["https://w3id.org/samverkan/id/org/eskilstuna-kommun"]["cls"] == "Municipality"


def test_graphml_carries_the_same_drawing_and_scores(graph_dir: Path, view: dict[str, Any]) -> None:
    g = nx.read_graphml(io.BytesIO(exported(graph_dir, "graphml")))
    gexf = nx.read_gexf(io.BytesIO(exported(graph_dir, "gexf")))
    assert g.number_of_edges() == gexf.number_of_edges() == 11
    for iri, drawn in view["nodes"].items():
        attrs = g.nodes[iri]
        colour = CLASS_STYLES[drawn["cls"]][0]
        assert attrs["color"] == colour
        assert {k: attrs[k] for k in "rgb"} == rgb(colour)
        assert (attrs["size"], attrs["x"], attrs["y"]) == (drawn["size"], drawn["x"], -drawn["y"])
        shared = {k: v for k, v in gexf.nodes[iri].items() if k not in ("viz", "label")}
        assert shared and {k: attrs[k] for k in shared} == shared


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_exports_carry_no_date(graph_dir: Path, fmt: str) -> None:
    data = exported(graph_dir, fmt)
    assert b"lastmodifieddate" not in data
    assert re.search(rb"\d{4}-\d{2}-\d{2}", data) is None


def test_seed_export_uses_the_layout_of_the_built_view(
    seed_graph: Path, schema: etree.XMLSchema, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The positions are those of graph.html as the build wrote it, its layout read from the build's
    cache file, not computed again."""
    import kg.view.layout as layout_module

    view = {n["id"]: n for n in page_data((seed_graph / "graph.html").read_text(encoding="utf-8"))["nodes"]}
    computed: list[int] = []
    monkeypatch.setattr(layout_module, "compute_layout", lambda count, *_: computed.append(count))
    data = exported(seed_graph, "gexf")
    assert computed == []
    assert_valid(schema, data)
    g = nx.read_gexf(io.BytesIO(data))
    assert set(g.nodes) == set(view)
    for iri, drawn in view.items():
        viz = g.nodes[iri]["viz"]
        assert (viz["position"]["x"], viz["position"]["y"], viz["size"]) == (drawn["x"], -drawn["y"], drawn["size"])
        assert viz["color"] == {**rgb(CLASS_STYLES[drawn["cls"]][0]), "a": 1.0}


def test_pseudonymised_gexf_is_valid_and_names_no_person(seed_graph: Path, schema: etree.XMLSchema) -> None:
    plain = nx.read_gexf(io.BytesIO(exported(seed_graph, "gexf")))
    persons = {str(label) for n, label in plain.nodes(data="label") if plain.nodes[n]["cls"] == "Person"}
    assert len(persons) >= 20
    data = exported(seed_graph, "gexf", pseudonymise=True)
    assert_valid(schema, data)
    text = data.decode("utf-8")
    assert not [p for p in persons if p in text]  # labels and community names alike
    assert data == exported(seed_graph, "gexf", pseudonymise=True)
