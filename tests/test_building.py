"""`kg build` end to end on the seed (kg.building): files, determinism, what the graph holds, provenance."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from seedbuild import SEED_FILE, SEEDS, build_seed

from kg.building import build
from kg.errors import KgError, SourceError
from kg.privacy import redact
from kg.store import open_store, run_query

PREFIX = """
PREFIX samv: <https://w3id.org/samverkan/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""


def _select(folder: Path, query: str) -> list[dict[str, str]]:
    store = open_store(folder)
    result = run_query(store, PREFIX + query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: str(row[n].value) if row[n] is not None else "" for n in names} for row in result]


def test_build_writes_the_four_files(seed_graph: Path) -> None:
    for name in ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv"):
        assert (seed_graph / name).stat().st_size > 0, name
    assert (seed_graph / "store").is_dir()


def test_two_builds_give_the_same_bytes(seed_graph: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_seed(again)
    for name in ("graph.ttl", "graph.trig", "merges.csv"):
        assert (again / name).read_bytes() == (seed_graph / name).read_bytes(), name


def test_builds_in_two_processes_with_different_hash_seeds_give_the_same_bytes(tmp_path: Path) -> None:
    """Same input, same bytes: across interpreters whose str hashes differ, and with a worker pool."""
    root = Path(__file__).resolve().parent.parent
    sources = [str(root / "seeds"), str(root / "tests" / "data" / "gold" / "docs")]
    outputs = []
    for seed, jobs in (("1", "1"), ("2", "2")):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-m", "kg", "build", *sources, "--out", str(out), "--jobs", jobs],
            env=env, cwd=tmp_path, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        outputs.append(out)
    for name in ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes(), name


def _labels_of(folder: Path, cls: str) -> set[str]:
    rows = _select(folder, f"SELECT DISTINCT ?l WHERE {{ ?x a samv:{cls} ; skos:prefLabel ?l }}")
    return {r["l"] for r in rows}


def test_seed_graph_holds_what_the_report_is_about(seed_graph: Path) -> None:
    persons = _labels_of(seed_graph, "Person")
    assert len(persons) >= 20
    assert {"Karin Axelsson", "Cecilia Vestman", "Ulla Boström Hjorth", "Anna Jansson Åkerson"} <= persons
    rows = _select(
        seed_graph,
        """SELECT DISTINCT ?o ?c WHERE {
             ?o a ?c . ?c rdfs:subClassOf+ samv:Organisation .
             FILTER NOT EXISTS { ?o a ?d . ?d rdfs:subClassOf+ ?c }
           }""",
    )
    classes = {r["o"].rsplit("/", 1)[-1]: r["c"].rsplit("#", 1)[-1] for r in rows}
    assert len(classes) >= 15
    assert classes["malardalens-hogskola"] == "HigherEducationInstitution"
    assert classes["gavle-kommun"] == "Municipality"
    assert classes["lansstyrelsen-gavleborg"] == "CountyAdministrativeBoard"
    assert classes["vinnova"] == "GovernmentAgency"
    assert classes["unilink"] == "Association"
    assert {"KLOSS", "CARENA"} <= _labels_of(seed_graph, "Project")
    assert "Samhällskontraktet" in _labels_of(seed_graph, "Agreement")
    assert {"Forskarna på Slottet", "Akademin för ekonomistyrning i staten"} <= _labels_of(seed_graph, "Arena")
    events = _select(seed_graph, "SELECT DISTINCT ?e ?d WHERE { ?e a samv:Event ; samv:date ?d }")
    assert len({r["e"] for r in events}) >= 4


def test_every_relation_has_its_evidence_in_its_documents_graph(seed_graph: Path) -> None:
    store = open_store(seed_graph)
    text = SEED_FILE.read_text(encoding="utf-8")
    data_graphs = [g for g in store.named_graphs() if "/document/" in g.value]
    assert data_graphs
    checked = 0
    for graph in data_graphs:
        statements = {}
        for quad in store.quads_for_pattern(
            None,
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"),
            graph,
        ):
            props = {
                q.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]: q.object
                for q in store.quads_for_pattern(quad.subject, None, None, graph)
            }
            statements[(props["subject"], props["predicate"], props["object"])] = props
        for quad in store.quads_for_pattern(None, None, None, graph):
            if not quad.predicate.value.startswith("https://w3id.org/samverkan/ontology#"):
                continue
            local = quad.predicate.value.rsplit("#", 1)[-1]
            if local in ("quote", "page", "charStart", "charEnd", "confidence", "contentHash", "format", "snippet"):
                continue
            props = statements.get((quad.subject, quad.predicate, quad.object))
            assert props is not None, f"no evidence for {quad}"
            assert props["wasDerivedFrom"] == graph
            start, end = int(props["charStart"].value), int(props["charEnd"].value)
            assert redact(text[start:end]) == props["quote"].value
            assert 0 < float(props["confidence"].value) <= 1
            if graph.value.endswith("/000-88b4f557058b1943"):
                assert 1 <= int(props["page"].value) <= 5
            checked += 1
    assert checked > 50


def test_seed_merges_include_the_spelling_variant(seed_graph: Path) -> None:
    merges = (seed_graph / "merges.csv").read_text(encoding="utf-8").splitlines()
    assert merges[0] == "surface_form,entity,reason"
    assert any(line.startswith("Elisabet Berg,") and "person/elisabeth-berg" in line for line in merges)


def test_a_failed_build_leaves_earlier_output_untouched(seed_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build([SEEDS], out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "broken.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b \n", encoding="utf-8")
    with pytest.raises(SourceError, match="broken.ttl"):
        build([bad], out, strict=True)
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.build-")]


def test_a_source_with_nothing_readable_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KgError, match="no readable documents"):
        build([empty], tmp_path / "out")


def test_an_unreadable_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "rapport.txt").write_text("Anna Berg, Umeå universitet, berättade.", encoding="utf-8")
    (src / "trasig.txt").write_bytes(b"\x00\x01\x02binary\x00")
    summary = build([src], tmp_path / "out")
    assert summary.documents == 1
    assert any("trasig.txt" in w for w in summary.warnings)


def test_rdf_sources_are_merged_as_they_are(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "rapport.txt").write_text("Anna Berg, Umeå universitet, berättade.", encoding="utf-8")
    (src / "curation.ttl").write_text(
        "@prefix samv: <https://w3id.org/samverkan/ontology#> .\n"
        "<https://w3id.org/samverkan/id/person/anna-berg> samv:affiliatedWith "
        "<https://w3id.org/samverkan/id/org/vinnova> .\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    build([src], out)
    rows = _select(
        out, "SELECT ?o WHERE { <https://w3id.org/samverkan/id/person/anna-berg> samv:affiliatedWith ?o } ORDER BY ?o"
    )
    assert [r["o"].rsplit("/", 1)[-1] for r in rows] == ["umea-universitet", "vinnova"]
    assert "vinnova" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_output_folder_keeps_files_it_did_not_write(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("keep me", encoding="utf-8")
    build([SEEDS], out)
    assert (out / "README.md").read_text(encoding="utf-8") == "keep me"
    assert os.path.exists(out / "graph.ttl")


def test_no_email_address_or_phone_number_is_stored(seed_graph: Path) -> None:
    raw = SEED_FILE.read_text(encoding="utf-8")
    assert "caroline.olsson@skl.se" in raw and "08-563 085 00" in raw
    for name in ("graph.ttl", "graph.trig"):
        data = (seed_graph / name).read_text(encoding="utf-8")
        assert "@skl.se" not in data and "hsv@hsv.se" not in data
        assert "08-563 085 00" not in data
    assert "[e-post]" in (seed_graph / "graph.trig").read_text(encoding="utf-8")
