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


def _pid_and(value: int) -> tuple[int, int]:
    return os.getpid(), value * 2


def _fails_outside(parent: int) -> int:
    if os.getpid() != parent:
        raise RuntimeError("only in the helper")
    return 7


def test_a_helper_runs_tasks_in_its_own_process_and_falls_back_when_one_fails() -> None:
    parent = os.getpid()
    with parallel.Helper() as helper:
        first = helper.submit(_pid_and, 21)
        pid, value = first()
        assert value == 42 and pid != parent
        assert helper.submit(_fails_outside, parent)() == 7  # done here after it failed there
        assert helper.submit(lambda: os.getpid())() == parent  # not picklable: done here
        assert helper.submit(_pid_and, 1)()[1] == 2  # the helper still serves after a failure


def _wait_for(path: str, then: int) -> int:
    """Wait until the file `path` exists (the test writes it), then answer `then`; -1 if it does not
    come within a minute (the test then fails instead of hanging)."""
    import time

    deadline = time.monotonic() + 60
    while not os.path.exists(path):
        if time.monotonic() > deadline:
            return -1
        time.sleep(0.01)
    return then


def _size(data: bytes) -> tuple[int, int]:
    return os.getpid(), len(data)


def test_queued_helper_tasks_answer_in_any_order_and_a_large_one_is_taken_at_once(tmp_path: Path) -> None:
    parent = os.getpid()
    gate = str(tmp_path / "go")
    with parallel.Helper() as helper:
        busy = helper.submit(_wait_for, gate, 5)  # the helper is busy with this one until the gate opens
        # Far more than a pipe holds: taken by the helper's reader while it is busy, so submitting
        # returns (it would otherwise block here for good, since the gate opens below).
        large = helper.submit(_size, b"x" * 5_000_000)
        small = helper.submit(_pid_and, 4)
        Path(gate).write_text("", encoding="utf-8")
        pid, value = small()  # waited for first: the earlier answers are kept for their waiters
        assert (value, pid != parent) == (8, True)
        assert busy() == 5
        pid, size = large()
        assert (size, pid != parent) == (5_000_000, True)
        unread = helper.submit(_pid_and, 10)  # an answer nobody waits for does not hold up the next
        assert helper.submit(_pid_and, 11)()[1] == 22
        del unread


def test_a_closed_or_missing_helper_leaves_the_work_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    helper = parallel.Helper()
    helper.close()
    assert helper.submit(_pid_and, 2)() == (os.getpid(), 4)
    monkeypatch.delattr(os, "fork")
    with parallel.Helper() as alone:
        assert alone.submit(_pid_and, 3)() == (os.getpid(), 6)


def test_reaping_a_child_does_not_do_its_work_here(tmp_path: Path) -> None:
    def work() -> int:
        (tmp_path / f"ran-in-{os.getpid()}").write_text("", encoding="utf-8")
        return 1

    pending = parallel.in_child(work)
    pending.reap()
    ran = [p.name for p in tmp_path.iterdir()]
    assert f"ran-in-{os.getpid()}" not in ran  # the parent did not redo it
    assert len(ran) <= 1  # the child may have finished before it was reaped


def test_one_job_builds_in_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # With jobs=1 no child is forked (helper, output writers, betweenness halves), and the output
    # is what two jobs give.
    from seedbuild import ROOT

    from kg.pipeline import build

    forks: list[int] = []
    real_fork = os.fork

    def counted() -> int:
        forks.append(1)
        return real_fork()

    import shutil

    corpus = tmp_path / "docs"
    shutil.copytree(ROOT / "tests" / "data" / "gold" / "docs", corpus)
    build([corpus], tmp_path / "two", jobs=2)
    monkeypatch.setattr(os, "fork", counted)
    build([corpus], tmp_path / "one", jobs=1)
    assert forks == []
    # A patched rebuild with one job forks nothing either.
    klimat = corpus / "umea-kommun-klimatlabb.txt"
    klimat.write_text(klimat.read_text(encoding="utf-8") + "\nKarin Ek, Umeå universitet, deltog.\n", encoding="utf-8")
    assert build([corpus], tmp_path / "one", jobs=1).patched is not None
    assert forks == []
    monkeypatch.setattr(os, "fork", real_fork)
    build([corpus], tmp_path / "two", jobs=2)
    for name in ("graph.trig", "graph.ttl", "graph.html", "report.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name
