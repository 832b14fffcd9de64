"""The analysis graph among a build's outputs: its block of graph.trig and its quads in the store, made
from the N-Quads lines of `kg.analysis.rdf.analysis_lines`, which come sorted, each subject's lines
together.

The cache file keeps each subject's lines and its piece of the block (`kg.trig.subject_pieces`), so a
patched build parses, serialises and stores again only the subjects whose lines changed: after one
changed document of the 2,000-document benchmark corpus, 8,000 of 31,000 (most of them because
communities are numbered anew).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.build import quad_key
from kg.building.state import AnalysisSubject
from kg.trig import subject_pieces, trig_blocks
from kg.vocab import ANALYSIS_GRAPH

__all__ = ["ANALYSIS_GRAPH_KEY", "AnalysisPatch", "full_analysis", "patch_analysis", "store_patch"]

ANALYSIS_GRAPH_KEY = f"<{ANALYSIS_GRAPH}>"  # the analysis graph's key among graph.trig's blocks
_HEAD, _TAIL = f"{ANALYSIS_GRAPH_KEY} {{\n".encode(), b"}\n"  # of its block, around the subjects' pieces


@dataclass(frozen=True)
class AnalysisPatch:
    """A patched build's analysis graph: its block, what the cache file keeps of it, and the lines
    the store loses and gains."""

    block: bytes | None  # None: the analysis graph is empty
    subjects: list[AnalysisSubject]
    gone: list[str]
    come: list[str]


def full_analysis(
    lines: Sequence[str], quads: list[ox.Quad], earlier: Sequence[ox.Quad] = ()
) -> tuple[bytes | None, list[AnalysisSubject]]:
    """The block of the analysis graph made of `lines` (whose `quads` are given) and of the quads an
    RDF source put in it (`earlier`), and what the cache file keeps of it: nothing when there are
    RDF sources, whose builds are not patched."""
    in_order = quads if not earlier else sorted({*quads, *earlier}, key=quad_key)
    block = next((data for _, data in trig_blocks(in_order)), None)
    if block is None or earlier:
        return block, []
    groups = _by_subject(lines)
    head, pieces, tail = subject_pieces(block)
    if (head, tail) != (_HEAD, _TAIL) or len(pieces) != len(groups):
        return block, []  # not kept: the next build is made in full
    return block, [(subject, text, piece) for (subject, text), piece in zip(groups, pieces, strict=True)]


def patch_analysis(lines: Sequence[str], earlier: Sequence[AnalysisSubject]) -> AnalysisPatch:
    """The analysis graph of `lines`, given the `earlier` build's: the pieces of the block of subjects
    whose lines are the same are taken over, the others made; the store loses and gains the lines
    of those only."""
    before = {subject: (text, piece) for subject, text, piece in earlier}
    groups = _by_subject(lines)
    changed = [(subject, text) for subject, text in groups if before.get(subject, ("",))[0] != text]
    made = iter(_pieces([text for _, text in changed]))
    subjects = [
        (subject, text, piece if old == text else next(made))
        for subject, text in groups
        for old, piece in [before.get(subject, ("", b""))]
    ]
    gone: set[str] = set()
    come: set[str] = set()
    for subject, text in changed:
        old = set(_split(before[subject][0])) if subject in before else set()
        new = set(_split(text))
        gone |= old - new
        come |= new - old
    kept = {subject for subject, _ in groups}
    for subject, (text, _) in before.items():
        if subject not in kept:
            gone.update(_split(text))
    block = _HEAD + b"".join(piece for _, _, piece in subjects) + _TAIL if subjects else None
    return AnalysisPatch(block, subjects, sorted(gone), sorted(come))


def _by_subject(lines: Sequence[str]) -> list[tuple[str, str]]:
    """`lines` grouped by subject, in order: (the subject's N-Triples text, its lines joined)."""
    return [(subject, "".join(group)) for subject, group in itertools.groupby(lines, key=lambda x: x[: x.index(" ")])]


def _split(text: str) -> list[str]:
    # At newlines only: a literal may hold other line separators (U+2028, U+0085) as they are.
    return [line + "\n" for line in text.split("\n")[:-1]]


def _pieces(texts: list[str]) -> list[bytes]:
    """The pieces of the analysis block of the subjects whose lines are `texts`, in order."""
    from kg.analysis.rdf import quads_of_lines

    if not texts:
        return []
    block = next(data for _, data in trig_blocks(quads_of_lines(texts)))
    head, pieces, tail = subject_pieces(block)
    if (head, tail) != (_HEAD, _TAIL) or len(pieces) != len(texts):
        raise ValueError("the analysis block is not one piece per subject")
    return pieces


def store_patch(store: ox.Store, patch: AnalysisPatch, sizes: tuple[int, int]) -> tuple[int, int]:
    """Take the lines `patch.gone` out of the analysis graph in `store` and put `patch.come` in, with
    their copies in the default graph (the union); returns the store's (named, union) sizes, given
    the earlier build's `sizes`.

    Analysis triples are about the analysis only (its properties, community IRIs): no other graph
    of a patched build (no RDF sources there) holds one, so the union loses and gains them with the
    analysis graph, and its size changes by as much as the analysis graph's.
    """
    from kg.analysis.rdf import quads_of_lines

    default = ox.DefaultGraph()
    for quad in quads_of_lines(patch.gone):
        store.remove(quad)
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, default))
    suffix = f" {ANALYSIS_GRAPH_KEY} .\n"
    if not all(line.endswith(suffix) for line in patch.come):
        raise ValueError("an analysis line outside the analysis graph")
    copies = [line[: -len(suffix)] + " .\n" for line in patch.come]
    store.load("".join([*patch.come, *copies]).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    # Into the store's files: a checkpoint of the store opened read-only (how the next build copies
    # it) leaves out what only the write-ahead log holds.
    store.flush()
    named, union = sizes
    change = len(patch.come) - len(patch.gone)
    return named + change, union + change
