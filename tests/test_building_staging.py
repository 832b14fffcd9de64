"""A build killed at any step of writing its output leaves the earlier output whole; builds into one
folder take turns."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from kg.building import OUTPUT_FILES, build
from kg.store import open_store

FILES = ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv")

FIRST = "Mittuniversitetet och Sundsvalls kommun tecknade ett samverkansavtal i maj 2021.\n"
SECOND = FIRST + "\nRegion Västernorrland och Mittuniversitetet samarbetar i projektet Unga Jobb.\n"


def _snapshot(out: Path) -> dict[str, object]:
    """What a user of the output folder sees: its files' bytes, and the quads its store holds (read
    as any command reads it, which first undoes a swap that a killed build cut short)."""
    quads = len(open_store(out))
    return {"store": quads, **{name: (out / name).read_bytes() for name in FILES}}


def _build(source: Path, out: Path) -> None:
    with contextlib.chdir(source.parent):  # the source recorded as its relative path: the same bytes
        build([source.name], out, jobs=1)


def _kill_at(step: int, source: Path, out: Path) -> None:
    """Build, and SIGKILL this process at the `step`-th rename or removal the staging module makes
    (the journal's writing and removal, the moves of the swap)."""
    made = [0]

    def counted(real: Callable[..., None]) -> Callable[..., None]:
        def call(*args: object, **kwargs: object) -> None:
            if sys._getframe(1).f_code.co_filename.endswith(os.path.join("building", "staging.py")):
                made[0] += 1
                if made[0] == step:
                    os.kill(os.getpid(), signal.SIGKILL)
            real(*args, **kwargs)

        return call

    os.replace = counted(os.replace)  # type: ignore[assignment]
    Path.unlink = counted(Path.unlink)  # type: ignore[assignment,method-assign]
    _build(source, out)


def _in_fresh_process(work: Callable[..., None], *args: object) -> int | None:
    """Run `work` in a process started afresh (no store of this one open in it); its exit code."""
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    child = context.Process(target=work, args=args)
    child.start()
    child.join(120)
    return child.exitcode


def test_a_build_killed_at_each_step_of_its_swap_leaves_one_whole_output(tmp_path: Path) -> None:
    source = tmp_path / "docs" / "nyhet.md"
    source.parent.mkdir()
    out = tmp_path / "out"
    source.write_text(FIRST, encoding="utf-8")
    _build(source, out)
    earlier = _snapshot(out)
    source.write_text(SECOND, encoding="utf-8")
    reference = tmp_path / "reference"
    _build(source, reference)
    new = _snapshot(reference)
    assert new != earlier

    steps = 0
    for step in range(1, 40):
        assert _in_fresh_process(_kill_at, step, source, out) in (-signal.SIGKILL, 0)
        now = _snapshot(out)
        if now == new:  # the kill came after the new output took over: every step before is covered
            steps = step
            break
        assert now == earlier, f"killed at step {step}"
    assert steps >= 8  # the journal, the moves of the five files, the store and the cache
    # The next build removes what the killed ones left and ends with the new output.
    _build(source, out)
    assert _snapshot(out) == new
    assert not list(tmp_path.glob(".out.build-*"))
    assert not (tmp_path / ".out.swap").exists()
    for name in OUTPUT_FILES:
        assert (out / name).exists(), name


def test_a_second_build_into_one_folder_waits_for_the_first(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "docs" / "nyhet.md"
    source.parent.mkdir()
    source.write_text(FIRST, encoding="utf-8")
    out = tmp_path / "out"
    holder = FileLock(tmp_path / ".out.lock")
    holder.acquire()  # a build at work on the folder

    child = multiprocessing.get_context("spawn").Process(target=_build, args=(source, out))
    child.start()
    said = ""
    for _ in range(600):  # until the waiting build says so (a runaway is the pytest timeout's)
        said += capfd.readouterr().err
        if "waiting" in said:
            break
        time.sleep(0.1)
    assert f"{out.resolve()}: another build is writing this folder; waiting for it to end." in said
    assert child.is_alive()
    assert not (out / "graph.ttl").exists()
    holder.release()
    child.join(120)
    assert child.exitcode == 0
    assert (out / "graph.ttl").exists()
