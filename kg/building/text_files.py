"""graph.ttl and merges.csv of a build: the Turtle of the union graph, sorted, and the merges table.

A patched build does not serialise the whole graph again: it takes the earlier graph.ttl's triples, in
their order, less those no graph holds any more, and puts the new ones in their places."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import serialize_rdf
from kg.csv_rows import csv_bytes

__all__ = ["TextJob", "merged", "merges_csv", "read_ttl", "triple_key", "write_text_files"]


@dataclass
class TextJob:
    """graph.ttl and merges.csv of a patched build: the earlier graph.ttl's triples `before`, less
    `lost`, with `come`."""

    before: list[ox.Triple]
    folder: Path
    lost: set[ox.Triple]
    come: set[ox.Triple]
    merges: list[tuple[str, str, str]]


def write_text_files(job: TextJob) -> tuple[str, int]:
    """Write graph.ttl and merges.csv into `job.folder`; returns graph.ttl's sha256 and triple count."""
    triples = merged(job.before, job.lost, job.come)
    ttl = serialize_rdf(triples, ox.RdfFormat.TURTLE)
    (job.folder / "graph.ttl").write_bytes(ttl)
    (job.folder / "merges.csv").write_bytes(merges_csv(job.merges))
    return hashlib.sha256(ttl).hexdigest(), len(triples)


def read_ttl(path: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)]


def merged(before: list[ox.Triple], lost: set[ox.Triple], come: set[ox.Triple]) -> list[ox.Triple]:
    """`before` (graph.ttl's triples, in triple_key order) less `lost`, with `come` put in their places.

    The few new triples find their places by bisection, so only their keys and some dozens of
    others are made, not a key for each of the graph's triples as a sort would.
    """

    kept = [t for t in before if t not in lost] if lost else before
    present = set(kept)
    new = sorted((t for t in come if t not in present), key=triple_key)
    merged: list[ox.Triple] = []
    at = 0
    for triple in new:
        place = bisect.bisect_left(kept, triple_key(triple), lo=at, key=triple_key)
        merged += kept[at:place]
        merged.append(triple)
        at = place
    merged += kept[at:]
    return merged


def triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def merges_csv(merges: Iterable[tuple[str, str, str]]) -> bytes:
    return csv_bytes(["surface_form", "entity", "reason"], merges)
