"""The command line: every command has help, outputs compared exactly, errors on one line."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_store import make_graph_dir

import kg
import kg.queries
from kg.cli import main

QUERIES = Path(__file__).parent / "data" / "queries"
COMMANDS = ["build", "query", "export", "analyze", "viz", "validate", "serve", "stats", "eval", "push"]
PERSONS = Path(QUERIES / "persons.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def graph_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_graph_dir(tmp_path_factory.mktemp("cli"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def assert_one_line_error(code: int, stdout: str, stderr: str, message: str) -> None:
    assert code == 1
    assert stdout == ""
    assert stderr == f"Error: {message}\n"
    assert "Traceback" not in stderr


def test_commands_are_the_spec_ones() -> None:
    assert sorted(main.commands) == sorted(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    code, out, _ = run(runner, command, "--help")
    assert code == 0
    assert "Example: kg " in out


def test_main_help(runner: CliRunner) -> None:
    code, out, _ = run(runner, "--help")
    assert code == 0
    for command in COMMANDS:
        assert command in out


@pytest.mark.parametrize("command", ["query", "export", "analyze", "viz", "validate", "serve", "stats"])
def test_graph_option_defaults_to_output(runner: CliRunner, command: str) -> None:
    code, out, _ = run(runner, command, "--help")
    assert "--graph" in out and "output" in out


def test_query_json(runner: CliRunner, graph_dir: Path) -> None:
    code, out, err = run(runner, "query", PERSONS, "--format", "json", "--graph", str(graph_dir))
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "head": {"vars": ["person", "name", "org", "orgName"]},
        "results": {
            "bindings": [
                {
                    "person": {"type": "uri", "value": "https://w3id.org/samverkan/id/person/karin-axelsson"},
                    "name": {"type": "literal", "value": "Karin Axelsson", "xml:lang": "sv"},
                    "org": {"type": "uri", "value": "https://w3id.org/samverkan/id/org/malardalens-hogskola"},
                    "orgName": {"type": "literal", "value": "Mälardalens högskola", "xml:lang": "sv"},
                }
            ]
        },
    }


def test_query_csv(runner: CliRunner, graph_dir: Path) -> None:
    result = runner.invoke(main, ["query", PERSONS, "--format", "csv", "--graph", str(graph_dir)])
    assert result.exit_code == 0
    assert result.stdout_bytes.decode("utf-8") == (  # W3C SPARQL CSV: CRLF line ends
        "person,name,org,orgName\r\n"
        "https://w3id.org/samverkan/id/person/karin-axelsson,Karin Axelsson,"
        "https://w3id.org/samverkan/id/org/malardalens-hogskola,Mälardalens högskola\r\n"
    )


def test_query_tsv(runner: CliRunner, graph_dir: Path) -> None:
    code, out, _ = run(runner, "query", PERSONS, "--format", "tsv", "--graph", str(graph_dir))
    assert code == 0
    assert out == (
        "?person\t?name\t?org\t?orgName\n"
        '<https://w3id.org/samverkan/id/person/karin-axelsson>\t"Karin Axelsson"@sv\t'
        '<https://w3id.org/samverkan/id/org/malardalens-hogskola>\t"Mälardalens högskola"@sv\n'
    )


def test_query_xml(runner: CliRunner, graph_dir: Path) -> None:
    code, out, _ = run(runner, "query", PERSONS, "--format", "xml", "--graph", str(graph_dir))
    assert code == 0
    assert out.startswith('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">')
    assert '<literal xml:lang="sv">Mälardalens högskola</literal>' in out
    assert out.count("<result>") == 1


def test_query_table_is_the_default(runner: CliRunner, graph_dir: Path) -> None:
    code, out, _ = run(runner, "query", PERSONS, "--graph", str(graph_dir))
    assert code == 0
    assert out == (
        "person                 name            org                       orgName\n"
        "---------------------  --------------  ------------------------  --------------------\n"
        "person:karin-axelsson  Karin Axelsson  org:malardalens-hogskola  Mälardalens högskola\n"
    )


def test_query_from_file_and_by_name(runner: CliRunner, graph_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(kg.queries, "queries_dir", lambda: QUERIES)
    by_text = run(runner, "query", PERSONS, "--graph", str(graph_dir))
    by_file = run(runner, "query", "--file", str(QUERIES / "persons.rq"), "--graph", str(graph_dir))
    by_name = run(runner, "query", "--name", "persons", "--graph", str(graph_dir))
    assert by_text == by_file == by_name
    code, out, _ = run(runner, "query", "--list")
    assert code == 0
    assert out.splitlines() == [
        "documents  Documents with their titles.",
        "persons    Persons and the organisations they are affiliated with. Sorted by person and organisation label.",
    ]
    code, out, err = run(runner, "query", "--name", "nope", "--graph", str(graph_dir))
    assert_one_line_error(code, out, err, "No named query 'nope'; known: documents, persons")


def test_query_needs_exactly_one_source(runner: CliRunner, graph_dir: Path) -> None:
    code, _, err = run(runner, "query", "--graph", str(graph_dir))
    assert code == 2
    assert "Give exactly one of QUERY" in err


def test_bad_query_is_one_line(runner: CliRunner, graph_dir: Path) -> None:
    code, out, err = run(runner, "query", "SELECT ?s WHERE { ?s ?p", "--graph", str(graph_dir))
    assert code == 1 and out == ""
    assert err.startswith("Error: Bad SPARQL query: line 1, column ")
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_graph(runner: CliRunner, tmp_path: Path) -> None:
    for command in (["query", "ASK {}"], ["export", "--format", "nt"], ["analyze"], ["viz"], ["stats"]):
        code, out, err = run(runner, *command, "--graph", str(tmp_path))
        assert_one_line_error(code, out, err, f"No built graph in {tmp_path}: run `kg build` first.")


def test_missing_query_file(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.rq"
    code, out, err = run(runner, "query", "--file", str(missing), "--graph", str(graph_dir))
    assert_one_line_error(code, out, err, f"{missing}: No such file or directory")


@pytest.mark.parametrize("fmt", ["turtle", "trig", "nt", "nq", "jsonld", "xml", "graphml", "gexf", "csv"])
def test_export_to_stdout_and_file(runner: CliRunner, graph_dir: Path, tmp_path: Path, fmt: str) -> None:
    code, out, _ = run(runner, "export", "--format", fmt, "--graph", str(graph_dir))
    assert code == 0
    assert "Karin Axelsson" in out  # a person of the graph, in every format
    target = tmp_path / f"x.{fmt}"
    code, out_file, err = run(runner, "export", "--format", fmt, "--out", str(target), "--graph", str(graph_dir))
    assert code == 0 and out_file == ""
    assert err == f"Wrote {target}.\n"
    assert target.read_text(encoding="utf-8") == out


def test_export_needs_a_format(runner: CliRunner, graph_dir: Path) -> None:
    code, _, err = run(runner, "export", "--graph", str(graph_dir))
    assert code == 2 and "--format" in err


def test_export_into_a_missing_place(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = run(runner, "export", "--format", "nt", "--out", str(blocker / "x.nt"), "--graph", str(graph_dir))
    assert code == 1 and out == "" and err.startswith(f"Error: {blocker / 'x.nt'}: cannot write")
    assert err.count("\n") == 1


def test_stats_table_and_json(runner: CliRunner, graph_dir: Path) -> None:
    code, out, _ = run(runner, "stats", "--graph", str(graph_dir))
    assert code == 0
    assert out.splitlines()[:3] == [
        "documents                       2",
        "entities                        8",
        "  Agreement                     1",
    ]
    assert "  HigherEducationInstitution    1" in out.splitlines()
    assert "  participatesIn                2" in out.splitlines()
    code, out, _ = run(runner, "stats", "--format", "json", "--graph", str(graph_dir))
    data = json.loads(out)
    assert data["documents"] == 2
    assert data["entities"] == 8
    assert data["relations"] == 11
    assert data["statements"] == 6
    assert data["entities_by_class"]["HigherEducationInstitution"] == 1


def test_analyze_formats(runner: CliRunner, graph_dir: Path) -> None:
    code, out, _ = run(runner, "analyze", "--graph", str(graph_dir))
    assert code == 0
    assert out.startswith("# ")
    assert "| Karin Axelsson | Mälardalens högskola | rektor |" in out
    code, out, _ = run(runner, "analyze", "--format", "json", "--graph", str(graph_dir))
    data = json.loads(out)
    assert list(data) == ["centrality", "brokers", "communities", "person_dependency", "gaps", "typology", "timeline"]
    assert data["centrality"]["nodes"][0]["label"] == "Mälardalens högskola"
    assert len(data["centrality"]["nodes"]) == 8
    code, out, _ = run(runner, "analyze", "--format", "csv", "--graph", str(graph_dir))
    lines = out.splitlines()
    assert lines[0] == "analysis,item,item_label,measure,value"
    assert lines[1:] == sorted(lines[1:])


def test_analyze_markdown_is_deterministic(runner: CliRunner, graph_dir: Path) -> None:
    assert run(runner, "analyze", "--graph", str(graph_dir)) == run(runner, "analyze", "--graph", str(graph_dir))


def test_viz(runner: CliRunner, graph_dir: Path, tmp_path: Path) -> None:
    target = tmp_path / "view.html"
    code, out, _ = run(runner, "viz", "--out", str(target), "--graph", str(graph_dir))
    assert code == 0
    assert out == f"Wrote {target}: 8 nodes, 11 relations.\n"
    assert "window.network" in target.read_text(encoding="utf-8")


def test_viz_default_target(runner: CliRunner, tmp_path: Path) -> None:
    graph_dir = make_graph_dir(tmp_path)
    code, out, _ = run(runner, "viz", "--graph", str(graph_dir))
    assert code == 0
    assert (graph_dir / "graph.html").is_file()


def test_serve_and_push_need_a_built_graph(runner: CliRunner, tmp_path: Path) -> None:
    for args in (["serve", "--port", "0"], ["push", "--endpoint", "http://127.0.0.1:1/sparql"]):
        code, out, err = run(runner, *args, "--graph", str(tmp_path))
        assert_one_line_error(code, out, err, f"No built graph in {tmp_path}: run `kg build` first.")


def test_build_calls_the_pipeline(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import kg.building as building

    calls: list[tuple[list[str], Path, bool, float]] = []

    def fake_build(
        sources: list[str], out: Path, *, strict: bool, extract: building.ExtractOptions, **kwargs: object
    ) -> types.SimpleNamespace:
        calls.append((sources, out, strict, extract.min_confidence))
        return types.SimpleNamespace(
            documents=2,
            entities=8,
            facts=11,
            triples=122,
            warnings=("a.pdf: cannot read",),
            merges=1,
            curations=3,
            violations=0,
            patched=(1, 2, 4),
            pages=None,
        )

    monkeypatch.setattr(building, "build", fake_build)
    out_dir = tmp_path / "out"
    code, out, err = run(
        runner, "build", "docs", "more.txt", "--out", str(out_dir), "--strict", "--min-confidence", "0.7"
    )
    assert code == 0
    assert calls == [(["docs", "more.txt"], out_dir, True, 0.7)]
    assert err == "Warning: a.pdf: cannot read\n"
    assert out == (
        f"Built {out_dir}: 2 documents, 8 entities, 11 facts, 122 triples, 1 merges, 3 curations applied, "
        "1 warnings, 0 SHACL violations.\n"
        "Updated the previous build in place: 1 documents new or changed, 2 removed, "
        "4 document graphs made again.\n"
    )
    run(runner, "build")
    assert calls[-1] == (["seeds"], Path("output"), False, 0.0)
    code, out, err = run(runner, "build", "--min-confidence", "1.5")
    assert code == 2 and "1.5" in err


def test_python_dash_m(graph_dir: Path) -> None:
    import subprocess

    result = subprocess.run(
        [sys.executable, "-m", "kg", "stats", "--format", "json", "--graph", str(graph_dir)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 2
