"""Finding the files under the sources a user names: files as given, folders walked in sorted order."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Candidate", "walk_folder"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file to read: its path as the user reaches it, its path relative to the named source, and
    whether the user named the file itself (rather than a folder holding it)."""

    path: Path
    relative: str
    explicit: bool


def walk_folder(
    root: Path,
    *,
    visited: set[str],
    on_problem: Callable[[Path, str], None],
    wanted: Callable[[Path], bool],
) -> Iterator[Candidate]:
    """The files under `root` for which `wanted(path)` holds, skipping hidden names.

    Symbolic links are followed, but a folder whose real path is in `visited` is not entered again
    (which ends link loops and repeated sources). `on_problem` hears of folders that cannot be listed
    and of broken links with a wanted suffix.
    """
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in visited:
            logger.debug("%s: already visited (as %s)", folder, real)
            continue
        visited.add(real)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as err:
            on_problem(folder, f"cannot list folder ({err.strerror or err})")
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            try:
                is_dir = entry.is_dir()
                is_file = entry.is_file()
            except OSError as err:
                on_problem(path, f"cannot be read ({err.strerror or err})")
                continue
            if is_dir:
                subfolders.append(path)
            elif is_file:
                if wanted(path):
                    yield Candidate(path, path.relative_to(root).as_posix(), explicit=False)
            elif entry.is_symlink() and wanted(path):
                on_problem(path, "broken symbolic link")
        stack.extend(reversed(subfolders))
