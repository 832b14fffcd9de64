"""RDF as bytes: Turtle and TriG with the project's prefixes, and graph.trig as blocks, one per named
graph, that a patched build can copy from the earlier file without parsing it."""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.vocab import PREFIXES

__all__ = [
    "TrigBlock",
    "graph_key",
    "parse_block",
    "serialize_rdf",
    "subject_pieces",
    "turtle_pieces",
    "trig_blocks",
    "trig_document",
    "write_trig_document",
]


def serialize_rdf(items: Iterable[ox.Quad] | Iterable[ox.Triple], rdf_format: ox.RdfFormat) -> bytes:
    """Serialise triples or quads as given (sort them first); Turtle and TriG get the project prefixes
    declared in the order of kg.vocab.PREFIXES, so the same data always gives the same bytes."""
    if rdf_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        return ox.serialize(items, format=rdf_format) or b""
    data = ox.serialize(items, format=rdf_format, prefixes=dict(PREFIXES)) or b""
    lines = data.split(b"\n")
    body = 0
    while body < len(lines) and lines[body].startswith(b"@prefix "):
        body += 1
    header = [f"@prefix {name}: <{ns}> .".encode() for name, ns in PREFIXES.items()]
    return b"\n".join(header + [b""] + lines[body:])


def graph_key(quad: ox.Quad) -> str:
    """The name of the graph of `quad` as quad_key orders it."""
    return str(quad.graph_name)


def _trig_header() -> bytes:
    return b"\n".join(f"@prefix {name}: <{ns}> .".encode() for name, ns in PREFIXES.items()) + b"\n\n"


def trig_blocks(quads: Iterable[ox.Quad]) -> Iterator[tuple[str, bytes]]:
    """Each graph of `quads` (sorted by quad_key) as TriG of its own, without prefix declarations.

    Oxigraph writes one graph's block the same way whatever comes before or after it, so graph.trig
    is the prefix declarations followed by these blocks (`trig_document`), and an incremental build
    can replace the blocks of the graphs that changed and keep the others as bytes.
    """
    prefixes = dict(PREFIXES)
    for graph, group in itertools.groupby(quads, key=lambda q: q.graph_name):
        name = str(graph)
        data = ox.serialize(list(group), format=ox.RdfFormat.TRIG, prefixes=prefixes) or b""
        lines = data.split(b"\n")
        body = 0
        while body < len(lines) and lines[body].startswith(b"@prefix "):
            body += 1
        yield name, b"\n".join(lines[body:])


# Where a subject's triples start in a block: a line indented once (its predicates are twice, and a
# literal's line breaks are written escaped).
_SUBJECT_START = re.compile(rb"\n\t(?!\t)")


def subject_pieces(block: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A block of `trig_blocks` split into its head (`<graph> {` and a newline), one piece per subject
    in order (its triples, from the tab before it to the ` .` and newline after them) and its tail.

    Oxigraph writes a subject's triples the same way whatever subjects come before or after it, so
    a block is its head, its subjects' pieces and its tail joined: a patched build makes only the
    pieces of subjects whose triples changed."""
    starts = [found.start() + 1 for found in _SUBJECT_START.finditer(block)]
    if not starts or not block.endswith(b" .\n}\n"):
        raise ValueError("not a TriG block of trig_blocks with triples")
    ends = [*starts[1:], len(block) - 2]
    return block[: starts[0]], [block[a:b] for a, b in zip(starts, ends, strict=True)], block[-2:]


_TURTLE_SUBJECT = re.compile(rb"\n(?=[^\t])")  # a line not indented: a subject's triples start


def turtle_pieces(data: bytes) -> tuple[bytes, list[bytes]] | None:
    """Turtle of `serialize_rdf` split into its prefix declarations (with the blank line after them)
    and one piece per subject in order, as `subject_pieces` splits a block; None when it is not
    such Turtle."""
    at = data.find(b"\n\n") + 2
    if at < 2 or data[:at] != _trig_header():
        return None
    if at == len(data):
        return data, []
    starts = [at] + [found.start() + 1 for found in _TURTLE_SUBJECT.finditer(data, at)]
    return data[:at], [data[a:b] for a, b in zip(starts, [*starts[1:], len(data)], strict=True)]


def parse_block(block: bytes) -> list[ox.Quad]:
    """The quads of one block that `trig_blocks` made (the block relies on the project prefixes)."""
    return list(ox.parse(_trig_header() + block, format=ox.RdfFormat.TRIG))


def trig_document(blocks: Iterable[tuple[str, bytes]]) -> tuple[bytes, list[tuple[str, int, int]]]:
    """graph.trig from blocks in graph order, and where each block starts and ends in it."""
    parts = [_trig_header()]
    offsets: list[tuple[str, int, int]] = []
    at = len(parts[0])
    for name, block in blocks:
        parts.append(block)
        offsets.append((name, at, at + len(block)))
        at += len(block)
    return b"".join(parts), offsets


# A block of graph.trig: its graph's name, and its bytes or where they are in an earlier graph.trig.
TrigBlock = tuple[str, "bytes | tuple[int, int]"]


def write_trig_document(
    path: Path, blocks: Iterable[TrigBlock], earlier: Path | None = None
) -> tuple[str, list[tuple[str, int, int]]]:
    """Write `trig_document(blocks)` to `path`, and return its sha256 and the offsets of its blocks.

    A block given as (start, end) is that range of the file `earlier`. Runs of such blocks that
    follow each other in both files are copied as one piece through a buffer of fixed size, so a
    large graph.trig is never held in memory whole.
    """
    header = _trig_header()
    pieces: list[bytes | list[int]] = []  # bytes, or [start, end] in `earlier`
    offsets: list[tuple[str, int, int]] = []
    at = len(header)
    for name, block in blocks:
        if isinstance(block, tuple):
            start, end = block
            last = pieces[-1] if pieces else None
            if isinstance(last, list) and last[1] == start:
                last[1] = end
            else:
                pieces.append([start, end])
            size = end - start
        else:
            pieces.append(block)
            size = len(block)
        offsets.append((name, at, at + size))
        at += size
    digest = hashlib.sha256(header)
    buffer = bytearray(1 << 20)
    with open(path, "wb") as out, open(earlier, "rb") if earlier is not None else contextlib.nullcontext() as source:
        out.write(header)
        for piece in pieces:
            if isinstance(piece, bytes):
                out.write(piece)
                digest.update(piece)
                continue
            if source is None:
                raise ValueError("a block of an earlier graph.trig, but no earlier graph.trig")
            start, end = piece
            source.seek(start)
            while start < end:
                view = memoryview(buffer)[: min(len(buffer), end - start)]
                count = source.readinto(view)
                if not count:
                    raise OSError(f"{earlier} ends before byte {end}")
                out.write(view[:count])
                digest.update(view[:count])
                start += count
    return digest.hexdigest(), offsets
