"""graph.ttl and merges.csv of a build: the Turtle of the union graph, sorted, and the merges table.

graph.ttl is kept in the cache file by subject (`kg.trig.turtle_pieces`): a patched build does not
serialise the whole graph again, only the subjects whose triples changed, and takes the pieces of the
others as they are."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import serialize_rdf
from kg.building.options import Unpatchable
from kg.building.state import TurtleSubject
from kg.csv_rows import csv_bytes
from kg.trig import turtle_pieces

__all__ = ["TextJob", "merges_csv", "triple_key", "turtle_subjects", "write_text_files"]


@dataclass
class TextJob:
    """graph.ttl and merges.csv of a patched build: the earlier graph.ttl by subject, `before`, less
    the triples `lost`, with those of `come`."""

    before: list[TurtleSubject]
    folder: Path
    lost: set[ox.Triple]
    come: set[ox.Triple]
    merges: list[tuple[str, str, str]]


def write_text_files(job: TextJob) -> tuple[str, int, list[TurtleSubject]]:
    """Write graph.ttl and merges.csv into `job.folder`; returns graph.ttl's sha256, its number of
    triples and what the cache file keeps of it."""
    subjects = _patched(job.before, job.lost, job.come)
    head = serialize_rdf([], ox.RdfFormat.TURTLE)
    ttl = head + b"".join(piece for _, _, piece in subjects)
    (job.folder / "graph.ttl").write_bytes(ttl)
    (job.folder / "merges.csv").write_bytes(merges_csv(job.merges))
    return hashlib.sha256(ttl).hexdigest(), sum(count for _, count, _ in subjects), subjects


def turtle_subjects(triples: Sequence[ox.Triple], ttl: bytes) -> list[TurtleSubject] | None:
    """graph.ttl (`ttl`, the Turtle of `triples`, sorted) by subject, as the cache file keeps it; None
    when it cannot be split so (blank nodes, which the Turtle of a piece would name anew)."""
    if any(not isinstance(t.subject, ox.NamedNode) or isinstance(t.object, ox.BlankNode | ox.Triple) for t in triples):
        return None
    split = turtle_pieces(ttl)
    groups = [
        (str(subject), sum(1 for _ in group)) for subject, group in itertools.groupby(triples, lambda t: t.subject)
    ]
    if split is None or len(split[1]) != len(groups):
        return None
    return [(subject, count, piece) for (subject, count), piece in zip(groups, split[1], strict=True)]


def _patched(before: list[TurtleSubject], lost: set[ox.Triple], come: set[ox.Triple]) -> list[TurtleSubject]:
    """graph.ttl by subject: `before` less the triples `lost`, with those of `come`; the subjects of
    either are read back from their pieces and made again."""
    touched = {str(t.subject) for t in lost} | {str(t.subject) for t in come}
    pieces = {subject: (count, piece) for subject, count, piece in before}
    old = [pieces.pop(subject)[1] for subject in sorted(touched) if subject in pieces]
    head = serialize_rdf([], ox.RdfFormat.TURTLE)
    triples = {q.triple for q in ox.parse(head + b"".join(old), format=ox.RdfFormat.TURTLE)}
    made = sorted((triples - lost) | come, key=triple_key)
    subjects = turtle_subjects(made, serialize_rdf(made, ox.RdfFormat.TURTLE))
    if subjects is None:
        raise Unpatchable("graph.ttl cannot be patched by subject")
    pieces.update((subject, (count, piece)) for subject, count, piece in subjects)
    return [(subject, *pieces[subject]) for subject in sorted(pieces)]


def triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def merges_csv(merges: Iterable[tuple[str, str, str]]) -> bytes:
    return csv_bytes(["surface_form", "entity", "reason"], merges)
