"""The analysis graph among a build's outputs: its block of graph.trig and its quads in the store, made
from `kg.analysis.rdf.analysis_subjects` (N-Quads lines by subject, in order).

The cache file keeps each subject's piece of the block (`kg.trig.subject_pieces`) and the sha256 of
its lines, so a patched build parses, serialises and stores again only the subjects whose lines
changed: after one changed document of the 2,000-document benchmark corpus, 8,000 of 31,000 (most
of them because communities are numbered anew).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.build import quad_key
from kg.building.state import AnalysisSubject
from kg.trig import parse_block, subject_pieces, trig_blocks
from kg.vocab import ANALYSIS_GRAPH

__all__ = ["ANALYSIS_GRAPH_KEY", "AnalysisPatch", "Lines", "full_analysis", "patch_analysis", "store_patch"]

ANALYSIS_GRAPH_KEY = f"<{ANALYSIS_GRAPH}>"  # the analysis graph's key among graph.trig's blocks
_HEAD, _TAIL = f"{ANALYSIS_GRAPH_KEY} {{\n".encode(), b"}\n"  # of its block, around the subjects' pieces

Lines = Sequence[tuple[str, str]]  # kg.analysis.rdf.analysis_subjects: (subject, its N-Quads lines joined)


@dataclass(frozen=True)
class AnalysisPatch:
    """A patched build's analysis graph: its block, what the cache file keeps of it, and the quads the
    store loses and gains."""

    block: bytes | None  # None: the analysis graph is empty
    subjects: list[AnalysisSubject]
    gone: set[ox.Quad]
    come: set[ox.Quad]


def full_analysis(
    lines: Lines, quads: list[ox.Quad], earlier: Sequence[ox.Quad] = ()
) -> tuple[bytes | None, list[AnalysisSubject]]:
    """The block of the analysis graph of `lines` (whose `quads` are given) and of the quads an RDF
    source put in it (`earlier`), and what the cache file keeps of it: nothing when there are RDF
    sources, whose builds are not patched."""
    in_order = quads if not earlier else sorted({*quads, *earlier}, key=quad_key)
    block = next((data for _, data in trig_blocks(in_order)), None)
    if block is None or earlier:
        return block, []
    head, pieces, tail = subject_pieces(block)
    if (head, tail) != (_HEAD, _TAIL) or len(pieces) != len(lines):
        return block, []  # not kept: the next build is made in full
    return block, [(subject, _digest(text), piece) for (subject, text), piece in zip(lines, pieces, strict=True)]


def patch_analysis(lines: Lines, earlier: Sequence[AnalysisSubject]) -> AnalysisPatch:
    """The analysis graph of `lines`, given the `earlier` build's: the pieces of the block of subjects
    whose lines are the same are taken over, the others made; the store loses and gains quads of
    those only."""
    from kg.analysis.rdf import quads_of_lines

    before = {subject: (digest, piece) for subject, digest, piece in earlier}
    digests = [_digest(text) for _, text in lines]
    same = {s for (s, _), digest in zip(lines, digests, strict=True) if before.get(s, ("",))[0] == digest}
    changed = [text for s, text in lines if s not in same]
    new = quads_of_lines(changed)
    made = iter(_pieces(new, len(changed)))
    subjects = [
        (s, digest, before[s][1] if s in same else next(made)) for (s, _), digest in zip(lines, digests, strict=True)
    ]
    # The earlier quads of the subjects changed or gone, read back from their pieces.
    old = [piece for s, (_, piece) in before.items() if s not in same]
    quads_before = set(parse_block(_HEAD + b"".join(old) + _TAIL)) if old else set()
    block = _HEAD + b"".join(piece for _, _, piece in subjects) + _TAIL if subjects else None
    return AnalysisPatch(block, subjects, quads_before.difference(new), set(new) - quads_before)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _pieces(quads: list[ox.Quad], count: int) -> list[bytes]:
    """The pieces of the analysis block of `quads` (sorted), which are of `count` subjects."""
    if not quads:
        return []
    block = next(data for _, data in trig_blocks(quads))
    head, pieces, tail = subject_pieces(block)
    if (head, tail) != (_HEAD, _TAIL) or len(pieces) != count:
        raise ValueError("the analysis block is not one piece per subject")
    return pieces


def store_patch(store: ox.Store, patch: AnalysisPatch, sizes: tuple[int, int]) -> tuple[int, int]:
    """Take the quads `patch.gone` out of the analysis graph in `store` and put `patch.come` in, with
    their copies in the default graph (the union); returns the store's (named, union) sizes, given
    the earlier build's `sizes`.

    Analysis triples are about the analysis only (its properties, community IRIs): no other graph
    of a patched build (no RDF sources there) holds one, so the union loses and gains them with the
    analysis graph, and its size changes by as much as the analysis graph's.
    """
    default = ox.DefaultGraph()
    graph = ox.NamedNode(ANALYSIS_GRAPH)
    if any(quad.graph_name != graph for quad in (*patch.gone, *patch.come)):
        raise ValueError("an analysis quad outside the analysis graph")
    for quad in patch.gone:  # in any order: the store holds the same quads
        store.remove(quad)
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, default))
    store.extend([*patch.come, *(ox.Quad(q.subject, q.predicate, q.object, default) for q in patch.come)])
    # Into the store's files: a checkpoint of the store opened read-only (how the next build copies
    # it) leaves out what only the write-ahead log holds.
    store.flush()
    named, union = sizes
    change = len(patch.come) - len(patch.gone)
    return named + change, union + change
