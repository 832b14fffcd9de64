"""Export: every format parses back with the same size as the store."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from test_store import make_graph_dir

from kg.export import CSV_COLUMNS, EXPORT_FORMATS, export_graph
from kg.stats import compute_stats
from kg.store import open_store

TRIPLES = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "xml": ox.RdfFormat.RDF_XML}
QUADS = {"trig": ox.RdfFormat.TRIG, "nq": ox.RdfFormat.N_QUADS, "jsonld": ox.RdfFormat.JSON_LD}
RDFLIB = {"turtle": "turtle", "nt": "nt", "xml": "xml"}


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_graph_dir(tmp_path_factory.mktemp("export"))


@pytest.mark.parametrize("fmt", sorted(TRIPLES))
def test_triple_formats_merge_the_graphs(graph_dir: Path, fmt: str) -> None:
    data = export_graph(graph_dir, fmt)
    assert data is not None
    stats = compute_stats(open_store(graph_dir))
    parsed = list(ox.parse(data, format=TRIPLES[fmt]))
    assert len(set(parsed)) == len(parsed) == stats.triples
    graph = rdflib.Graph()
    graph.parse(data=data, format=RDFLIB[fmt])
    assert len(graph) == stats.triples


@pytest.mark.parametrize("fmt", sorted(QUADS))
def test_dataset_formats_keep_the_named_graphs(graph_dir: Path, fmt: str) -> None:
    data = export_graph(graph_dir, fmt)
    assert data is not None
    quads = list(ox.parse(data, format=QUADS[fmt]))
    assert len(quads) == compute_stats(open_store(graph_dir)).quads
    assert {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)} == {
        "https://w3id.org/samverkan/id/document/rapport",
        "https://w3id.org/samverkan/id/document/avtal",
        "https://w3id.org/samverkan/id/graph/reference",
    }


def test_turtle_declares_the_project_prefixes(graph_dir: Path) -> None:
    data = export_graph(graph_dir, "turtle")
    assert data is not None
    text = data.decode("utf-8")
    assert text.startswith("@prefix samv: <https://w3id.org/samverkan/ontology#> .\n")
    assert "org:malardalens-hogskola" in text
    assert "Mälardalens högskola" in text


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_formats_read_back(graph_dir: Path, fmt: str) -> None:
    data = export_graph(graph_dir, fmt)
    assert data is not None
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    g = reader(io.BytesIO(data))
    assert g.number_of_nodes() == 8
    assert g.number_of_edges() == 11
    assert all("cls" in attrs for _, attrs in g.nodes(data=True))
    assert g.nodes["https://w3id.org/samverkan/id/org/eskilstuna-kommun"]["cls"] == "Municipality"


def test_csv_has_one_row_per_relation(graph_dir: Path) -> None:
    data = export_graph(graph_dir, "csv")
    assert data is not None
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == compute_stats(open_store(graph_dir)).relations == 11
    assert [
        "https://w3id.org/samverkan/id/org/region-vastmanland",
        "Region Västmanland",
        "Region",
        "funds",
        "https://w3id.org/samverkan/id/project/kloss",
        "KLOSS",
        "Project",
    ] in rows


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_is_deterministic_and_writes_files(graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    assert export_graph(graph_dir, fmt, out) is None
    assert out.read_bytes() == export_graph(graph_dir, fmt)


def test_ontology_is_not_exported(graph_dir: Path) -> None:
    data = export_graph(graph_dir, "nq")
    assert data is not None
    assert b"<https://w3id.org/samverkan/ontology>" not in data


def test_pseudonymised_export_names_no_person_of_the_seed(seed_graph: Path) -> None:
    from kg.export import export_graph
    from kg.store import query_rows

    names = [
        r["n"]
        for r in query_rows(
            seed_graph, "SELECT DISTINCT ?n WHERE { ?p a samv:Person ; skos:altLabel|skos:prefLabel ?n }"
        )
    ]
    assert len(names) >= 20
    for fmt in ("trig", "csv", "graphml"):
        data = export_graph(seed_graph, fmt, pseudonymise=True)
        assert data is not None
        text = data.decode("utf-8")
        found = [n for n in names if n in text]
        assert not found, (fmt, found)
        assert "person/p-" in text or "Person " in text
    again = export_graph(seed_graph, "trig", pseudonymise=True)
    assert again == export_graph(seed_graph, "trig", pseudonymise=True)
    keyed = export_graph(seed_graph, "trig", pseudonymise=True, key="hemlig")
    assert keyed != again
