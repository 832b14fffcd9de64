"""`kg validate`: the seed graph conforms to the shapes; a seeded fault is reported with its focus node."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.validate import validate_graph

BAD = """
@prefix samv: <https://w3id.org/samverkan/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/samverkan/id/event/trasig> a samv:Event ;
    rdfs:label "Träff"@sv ; skos:prefLabel "Träff"@sv ;
    samv:date "4 november 2014" ;
    samv:heldIn <https://w3id.org/samverkan/id/person/anna-berg> .
<https://w3id.org/samverkan/id/person/anna-berg> a samv:Person ;
    rdfs:label "Anna Berg"@sv ; skos:prefLabel "Anna Berg"@sv .
"""


def test_the_seed_graph_conforms(seed_graph: Path) -> None:
    report = validate_graph(graph_dir=seed_graph)
    assert report.conforms, report.results[:3]
    result = CliRunner().invoke(main, ["validate", "--graph", str(seed_graph)])
    assert result.exit_code == 0
    assert result.output == "Conforms: no SHACL violations.\n"


def test_a_seeded_violation_names_the_focus_node_and_the_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(BAD, encoding="utf-8")
    report = validate_graph(bad)
    assert not report.conforms
    focus = {r.focus for r in report.results}
    assert focus == {"https://w3id.org/samverkan/id/event/trasig"}
    paths = {r.path.rsplit("#", 1)[-1] for r in report.results}
    assert {"date", "heldIn"} <= paths
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "event:trasig samv:date" in result.output
    assert "Violation" in result.output
    assert "Does not conform" in result.stderr


def test_validating_a_malformed_file_is_one_clear_line(tmp_path: Path) -> None:
    bad = tmp_path / "trasig.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "trasig.ttl" in result.stderr and "Traceback" not in result.output + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
