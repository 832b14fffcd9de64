"""Work in a forked child: the result comes back, and a failing child leaves the work to the parent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kg import parallel


def test_the_childs_result_comes_back_and_its_files_are_written(tmp_path: Path) -> None:
    parent = os.getpid()

    def work() -> tuple[int, dict[str, list[float]]]:
        (tmp_path / "out.txt").write_text("skrivet", encoding="utf-8")
        return os.getpid(), {"å": [0.1, 2.5]}

    wait = parallel.in_child(work)
    pid, value = wait()
    assert value == {"å": [0.1, 2.5]}
    assert pid != parent  # it ran in the child
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "skrivet"


def test_a_failing_child_leaves_the_work_to_the_parent() -> None:
    parent = os.getpid()

    def work() -> int:
        if os.getpid() != parent:
            raise RuntimeError("only in the child")
        return 42

    assert parallel.in_child(work)() == 42


def test_without_fork_the_parent_does_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "fork")
    parent = os.getpid()
    assert parallel.in_child(os.getpid)() == parent
