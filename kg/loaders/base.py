"""What a loader is, and the text helpers the document loaders share (lines and blocks with offsets)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kg.model import Document, RdfSource, Region

__all__ = [
    "LoadFn",
    "SniffFn",
    "Loader",
    "Line",
    "Block",
    "iter_lines",
    "iter_blocks",
    "trimmed_region",
]

logger = logging.getLogger(__name__)


class LoadFn(Protocol):
    """A loader's load function: one file's bytes -> its documents (or, for RDF, the file to merge).

    `charset` is an encoding the transport declares (a web page's Content-Type); text loaders try it
    before their own detection, the others ignore it.
    """

    def __call__(self, path: Path, data: bytes, *, charset: str | None = None) -> list[Document] | RdfSource: ...


SniffFn = Callable[[Path, bytes], bool]


@dataclass(frozen=True, slots=True)
class Loader:
    """A format: the file suffixes it claims, an optional sniff on the content, and its load function.

    `load(path, data, charset=None)` returns the documents read from one file (or, for RDF, the file to
    merge) and raises `SourceError` when the file cannot be read.
    """

    name: str
    suffixes: frozenset[str]
    load: LoadFn
    sniff: SniffFn | None = None

    def accepts(self, path: Path, data: bytes) -> bool:
        """Whether this loader reads `path`: its suffix matches and, if there is a sniff, the sniff agrees."""
        if path.suffix.lower() not in self.suffixes:
            return False
        return self.sniff is None or self.sniff(path, data)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a text: its offsets (without the "\\n") and its content."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True, slots=True)
class Block:
    """Consecutive non-blank lines: a paragraph."""

    lines: tuple[Line, ...]

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end

    def joined(self) -> str:
        """The block's lines, stripped and joined by single spaces."""
        return " ".join(line.text.strip() for line in self.lines)


def iter_lines(text: str, start: int = 0, end: int | None = None) -> Iterator[Line]:
    """The lines of `text[start:end]` with their offsets into `text`."""
    stop = len(text) if end is None else end
    pos = start
    while pos < stop:
        newline = text.find("\n", pos, stop)
        line_end = stop if newline < 0 else newline
        yield Line(pos, line_end, text[pos:line_end])
        pos = line_end + 1


def iter_blocks(lines: Iterator[Line] | list[Line]) -> Iterator[Block]:
    """Group lines into blocks separated by blank lines."""
    current: list[Line] = []
    for line in lines:
        if line.blank:
            if current:
                yield Block(tuple(current))
                current = []
        else:
            current.append(line)
    if current:
        yield Block(tuple(current))


def trimmed_region(text: str, start: int, end: int, page: int | None = None) -> Region | None:
    """A region over `text[start:end]` without leading and trailing whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    return Region(start=start, end=end, page=page)
