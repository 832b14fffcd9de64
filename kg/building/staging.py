"""Where a build writes: a staging folder beside the output folder, under the output's lock, swapped in
when complete, rolled back when the swap is cut short.

A build takes the lock of its output folder (`.<name>.lock` beside it) for its whole run, so a second
build into the same folder waits. Holding the lock, it first repairs what a killed build left: a swap
that a journal says was under way is undone (the earlier files go back in place, byte for byte) and
every staging folder of the output is removed, since no live build can own one.

The swap moves each output file or folder of the staging folder into place and keeps the one it
replaces in the staging folder's `.earlier` folder. Before the first move a journal names the files
to move; deleting the journal after the last move is the moment the new output takes over. Killed
in between, the next build (or `settle`) moves the earlier files back. So the output folder holds
either the earlier output or the new one once a build has ended, however it ended.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from filelock import FileLock, Timeout

from kg.store import write_atomic

__all__ = ["Staging", "staged", "settle"]

logger = logging.getLogger(__name__)

_EARLIER = ".earlier"  # in a staging folder: the files the swap replaced


def _lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


def _journal_path(out: Path) -> Path:
    return out.parent / f".{out.name}.swap"


def _staging_folders(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.build-*"))


class Staging:
    """A build's staging folder for the output folder `out`; `swap_in` puts its files in place."""

    def __init__(self, out: Path, folder: Path) -> None:
        self.out = out
        self.folder = folder

    def swap_in(self, names: Sequence[str]) -> None:
        """Move each of `names` the staging folder holds into the output folder, replacing what is
        there (other files of the output folder stay). Undone if a move fails."""
        staged = [name for name in names if (self.folder / name).exists()]
        self.out.mkdir(parents=True, exist_ok=True)
        journal = _journal_path(self.out)
        write_atomic(journal, json.dumps({"staging": self.folder.name, "names": staged}).encode("utf-8"))
        try:
            (self.folder / _EARLIER).mkdir()
            for name in staged:
                target = self.out / name
                if target.exists():
                    os.replace(target, self.folder / _EARLIER / name)
                os.replace(self.folder / name, target)
        except OSError:
            _roll_back(self.out, self.folder, staged)
            journal.unlink()
            raise
        journal.unlink()  # the new output has taken over


def _roll_back(out: Path, folder: Path, names: Sequence[str]) -> None:
    """Undo a swap cut short: the files it moved out of the way go back, the new ones are removed."""
    for name in names:
        target = out / name
        earlier = folder / _EARLIER / name
        moved = not (folder / name).exists()
        if earlier.exists():
            _remove(target)
            os.replace(earlier, target)
        elif moved:
            _remove(target)  # new in this output: there was no earlier one


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def _repair(out: Path) -> None:
    """Undo a swap a killed build left under way, and remove every staging folder of `out`. Called
    with the lock held: no live build owns one."""
    journal = _journal_path(out)
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
            folder = out.parent / str(plan["staging"])
            names = [str(n) for n in plan["names"]]
        except (OSError, ValueError, KeyError, TypeError):
            folder, names = None, []
        if folder is not None and folder.is_dir():
            logger.warning(
                "%s: an earlier build was stopped while it swapped its output in; its output is undone.", out
            )
            _roll_back(out, folder, names)
        journal.unlink()
    for folder in _staging_folders(out):
        shutil.rmtree(folder, ignore_errors=True)


def settle(out: Path) -> None:
    """Repair `out` if a build was killed while writing it and no build holds it now."""
    out = Path(out)
    if not _journal_path(out).exists() and not _staging_folders(out):
        return
    lock = FileLock(_lock_path(out))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return  # a build is at work on it: it repairs it
    try:
        _repair(out)
    finally:
        lock.release()


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Staging]:
    """The output folder `out` locked, repaired and given a fresh staging folder beside it; the
    staging folder is removed when the block ends, whether the swap happened or not."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(_lock_path(out))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        logger.warning("%s: another build is writing this folder; waiting for it to end.", out)
        lock.acquire()
    try:
        _repair(out)
        folder = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=out.parent))
        try:
            yield Staging(out, folder)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        lock.release()
