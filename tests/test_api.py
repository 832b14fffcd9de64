"""The notebook API: build, query, named query, NetworkX graph."""

from __future__ import annotations

import contextlib
from pathlib import Path

from seedbuild import ROOT

import kg.api


def test_build_query_and_graph_from_python(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with contextlib.chdir(ROOT):
        summary = kg.api.build(["seeds"], out)
    assert summary.documents == 31
    rows = kg.api.query("SELECT DISTINCT ?name WHERE { ?p a samv:Person ; skos:prefLabel ?name } ORDER BY ?name", out)
    assert {"name": "Cecilia Vestman"} in rows
    persons = kg.api.named_query("persons", out)
    assert {"Cecilia Vestman", "Karin Röding"} <= {r["name"] for r in persons}
    graph = kg.api.networkx_graph(out)
    node = "https://w3id.org/samverkan/id/person/cecilia-vestman"
    assert graph.nodes[node]["cls"] == "Person"
    assert any(data.get("property") == "affiliatedWith" for _, _, data in graph.out_edges(node, data=True))
