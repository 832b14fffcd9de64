"""Parallel and incremental builds give the same bytes as a clean build with one process."""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

from seedbuild import ROOT

from kg.pipeline import build

FILES = ("graph.ttl", "graph.trig", "merges.csv", "report.md", "graph.html")


def _same(a: Path, b: Path) -> None:
    for name in FILES:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_jobs_give_the_same_bytes_as_one(tmp_path: Path) -> None:
    with contextlib.chdir(ROOT):
        one = build(["seeds", "tests/data/gold/docs"], (tmp_path / "one").resolve(), jobs=1, incremental=False)
        two = build(["seeds", "tests/data/gold/docs"], (tmp_path / "two").resolve(), jobs=2, incremental=False)
    assert one.documents == two.documents > 40
    _same(tmp_path / "one", tmp_path / "two")


def test_an_incremental_build_reuses_unchanged_documents_and_equals_a_clean_one(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "tests" / "data" / "gold" / "docs", corpus)
    out = tmp_path / "out"
    first = build([corpus], out, jobs=1)
    assert first.reused == 0
    again = build([corpus], out, jobs=1)
    assert again.reused == first.documents

    changed = corpus / "umea-kommun-klimatlabb.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "\nKarin Ek, Umeå universitet, deltog också.\n", encoding="utf-8"
    )
    third = build([corpus], out, jobs=1)
    assert third.reused == first.documents - 1
    build([corpus], tmp_path / "clean", jobs=1, incremental=False)
    _same(out, tmp_path / "clean")
    assert "Karin Ek" in (out / "graph.ttl").read_text(encoding="utf-8")

    (corpus / "malmo-stadsdelslabbet.html").unlink()
    fourth = build([corpus], out, jobs=1)
    assert fourth.documents == first.documents - 1 and fourth.reused == fourth.documents
    build([corpus], tmp_path / "clean2", jobs=1, incremental=False)
    _same(out, tmp_path / "clean2")
    assert "Stadsdelslabbet" not in (out / "graph.ttl").read_text(encoding="utf-8")
