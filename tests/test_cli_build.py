"""`kg build` as a user runs it: a separate process, the real seed, real bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from seedbuild import ROOT

from kg.cli import main


def _kg(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_a_build_in_another_process_gives_the_same_bytes(seed_graph: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    done = _kg("build", "seeds", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Built {out}: 31 documents,")
    for name in ("graph.ttl", "graph.trig", "merges.csv"):
        assert (out / name).read_bytes() == (seed_graph / name).read_bytes(), name


def test_build_warns_about_an_unreadable_source_and_goes_on(tmp_path: Path) -> None:
    src = tmp_path / "källor med mellanslag"
    src.mkdir()
    (src / "rapport.txt").write_text("Anna Berg, Umeå universitet, berättade.", encoding="utf-8")
    (src / "trasig.txt").write_bytes(b"\x00\x01\x02")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "Warning: " in result.stderr and "trasig.txt" in result.stderr
    assert "1 documents" in result.stdout
    strict = CliRunner().invoke(main, ["build", str(src), "--strict", "--out", str(tmp_path / "out2")])
    assert strict.exit_code == 1
    assert strict.stderr.count("\n") == 1 and "trasig.txt" in strict.stderr
    assert not (tmp_path / "out2").exists()


def test_a_missing_source_is_one_line_and_no_traceback(tmp_path: Path) -> None:
    done = _kg("build", str(tmp_path / "finns-inte"), "--out", str(tmp_path / "out"))
    assert done.returncode == 1
    assert done.stderr == f"Error: {tmp_path / 'finns-inte'}: no such file or folder\n"


def test_a_failing_build_keeps_the_previous_output(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "rapport.md").write_text("# Rapport\n\nKarin Ek från Högskolan i Gävle talade.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert _kg("build", str(src), "--out", str(out)).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (src / "trasig.trig").write_text("<a> <b> <c> .\nGRAPH {", encoding="utf-8")
    done = _kg("build", str(src), "--strict", "--out", str(out))
    assert done.returncode == 1
    assert "trasig.trig" in done.stderr and "Traceback" not in done.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [
        ("turtle", ox.RdfFormat.TURTLE),
        ("nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("xml", ox.RdfFormat.RDF_XML),
        ("trig", ox.RdfFormat.TRIG),
        ("nq", ox.RdfFormat.N_QUADS),
    ],
)
def test_seed_exports_round_trip(seed_graph: Path, tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(main, ["export", "--format", fmt, "--out", str(target), "--graph", str(seed_graph)])
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(target.read_bytes(), format=rdf_format))
    store = ox.Store.read_only(str(seed_graph / "store"))
    data = [
        q
        for q in store.quads_for_pattern(None, None, None, None)
        if isinstance(q.graph_name, ox.NamedNode)
        and q.graph_name != ox.NamedNode("https://w3id.org/samverkan/ontology")
    ]
    if fmt in ("trig", "nq", "jsonld"):
        assert len(set(parsed)) == len(set(data))
    else:
        assert len(set(parsed)) == len({q.triple for q in data})
