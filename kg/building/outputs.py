"""The outputs of a stored graph: the analysis, then graph.html, graph.trig, the analysis in the store,
report.md, and what the next build patches from (evidence, graph parts, analysis lines) in the cache file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.build import TrigBlock, quad_key
from kg.building.reads import StoreReads
from kg.building.state import CacheFile
from kg.view.layout import LayoutMemo
from kg.vocab import ANALYSIS_GRAPH

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only, when a build gets there
    from kg.analysis.graph import GraphParts
    from kg.analysis.result import Analysis
    from kg.analysis.typology import Roles
    from kg.observations import Observations

__all__ = [
    "ANALYSIS_GRAPH_KEY",
    "EarlierAnalysis",
    "TrigInput",
    "write_outputs",
    "write_trig",
    "write_view",
]

ANALYSIS_GRAPH_KEY = f"<{ANALYSIS_GRAPH}>"  # the analysis graph's key among graph.trig's blocks


@dataclass(frozen=True)
class TrigInput:
    """What graph.trig is made of besides the new analysis graph."""

    blocks: Sequence[TrigBlock]  # the dataset's graphs (not the analysis), as bytes or ranges of `source`
    earlier: Sequence[ox.Quad] = ()  # quads an RDF source put in the analysis graph
    source: Path | None = None  # the earlier graph.trig that ranges point into


@dataclass(frozen=True)
class EarlierAnalysis:
    """In a patched build: the analysis graph's N-Quads lines the store holds from the earlier build,
    and the store's (named, union) sizes with them."""

    lines: set[str]
    sizes: tuple[int, int]


def write_outputs(
    store: ox.Store,
    folder: Path,
    trig: TrigInput,
    reads: StoreReads,
    layouts: LayoutMemo,
    kept: CacheFile,
    *,
    parts: GraphParts | None = None,
    earlier: EarlierAnalysis | None = None,
) -> tuple[str, list[tuple[str, int, int]], tuple[int, int]]:
    """Analyse the stored graph, then write graph.html, graph.trig, the analysis into the store and
    report.md into `folder`, and what the next build patches from into the cache file `kept`.
    `reads` is what was read from the store for the view and the report; `parts`, when given, is
    `graph_parts(store)` made otherwise (patched from the earlier build's). Returns the sha256 of
    graph.trig, the offsets of its blocks and the store's sizes."""
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.analysis.graph import graph_parts
    from kg.analysis.rdf import COMMUNITY_BASE, analysis_lines, quads_of_lines
    from kg.observations import read_time
    from kg.report import render_analysis
    from kg.stats import compute_stats

    # The analysis graph adds no entity classes, labels or relations, so the graph read here is
    # also the one the view shows.
    if parts is None:
        parts = graph_parts(store)
        if earlier is not None:  # the earlier analysis graph is still there: its community labels are not read
            parts = (parts[0], {k: v for k, v in parts[1].items() if not k.startswith(COMMUNITY_BASE)}, parts[2])
    graph = to_networkx(store, parts)
    roles: Roles = reads.roles if reads.roles is not None else affiliation_roles(store)
    time = read_time(store)
    analysis = analyse_graph(graph, roles, time)
    write_view(folder, store, graph, analysis, reads, layouts, time.observations)
    if not reads.evidence_saved:
        kept.put_evidence(reads.evidence)
    kept.put_parts(parts)

    lines = analysis_lines(analysis)
    digest, offsets = write_trig(folder, trig, quads_of_lines(lines))
    sizes = _store_analysis(store, lines, earlier)
    # Entity classes and relations are what they were before the analysis graph was added
    # (it adds neither), so the report counts them from the parts already read.
    stats = compute_stats(store, classes=parts[0], relations=parts[2], sizes=sizes, counts=reads.counts)
    report = render_analysis(store, analysis, stats=stats, sections=reads.sections)
    (folder / "report.md").write_text(report, encoding="utf-8")
    kept.put_analysis_lines(lines)
    return digest, offsets, sizes


def _store_analysis(store: ox.Store, lines: list[str], earlier: EarlierAnalysis | None) -> tuple[int, int]:
    """Put the analysis graph into the store; returns the store's (named, union) sizes. A patched
    build writes only the lines that changed: between two builds most PageRank and betweenness
    values stay."""
    from kg.analysis.rdf import quads_of_lines
    from kg.store import add_quads, store_sizes

    if earlier is None:
        add_quads(store, quads_of_lines(lines))
        sizes = store_sizes(store)
        store.flush()
        return sizes
    new = set(lines)
    gone, come = sorted(earlier.lines - new), sorted(new - earlier.lines)
    named, union = earlier.sizes
    _remove_analysis(store, gone)
    _add_analysis(store, come)
    return named + len(come) - len(gone), union + len(come) - len(gone)


def _remove_analysis(store: ox.Store, gone: Sequence[str]) -> None:
    """Take the analysis quads of the N-Quads lines `gone` out of `store`, with their copies in the
    default graph (the union).

    Analysis triples are about the analysis only (its properties, community IRIs): no other graph
    of a patched build (no RDF sources there) holds one, so the union loses and gains them with the
    analysis graph, and its size changes by as much as the analysis graph's.
    """
    from kg.analysis.rdf import quads_of_lines

    default = ox.DefaultGraph()
    for quad in quads_of_lines(gone):
        store.remove(quad)
        store.remove(ox.Quad(quad.subject, quad.predicate, quad.object, default))


def _add_analysis(store: ox.Store, come: Sequence[str]) -> None:
    """Put the analysis quads of the lines `come` (of `analysis_lines`, all in the analysis graph) into
    `store`, with their copies in the default graph; the store parses them itself."""
    suffix = f" {ANALYSIS_GRAPH_KEY} .\n"
    if not all(line.endswith(suffix) for line in come):
        raise ValueError("an analysis line outside the analysis graph")
    copies = [line[: -len(suffix)] + " .\n" for line in come]
    store.load("".join([*come, *copies]).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    # Into the store's files: a checkpoint of the store opened read-only (how the next build copies
    # it) leaves out what only the write-ahead log holds.
    store.flush()


def write_trig(folder: Path, trig: TrigInput, analysis: list[ox.Quad]) -> tuple[str, list[tuple[str, int, int]]]:
    """Write graph.trig: the dataset's blocks (bytes, or ranges of the earlier graph.trig) and the
    analysis graph's; returns its sha256 and the offsets of its blocks."""
    from kg.build import trig_blocks, write_trig_document

    # analysis_lines come sorted; quads of an RDF source's analysis graph join them in order.
    in_order = analysis if not trig.earlier else sorted({*analysis, *trig.earlier}, key=quad_key)
    ordered: list[TrigBlock] = [*trig.blocks, *trig_blocks(in_order)]
    ordered.sort(key=lambda b: b[0])
    return write_trig_document(folder / "graph.trig", ordered, trig.source)


def write_view(
    folder: Path,
    store: ox.Store,
    graph: Any,
    analysis: Analysis,
    reads: StoreReads,
    layouts: LayoutMemo,
    observed: Observations | None = None,
) -> None:
    """Write graph.html (communities and PageRank from `analysis`, years from `observed`) into `folder`."""
    from kg.view import shown_aliases, view_inputs, write_html

    communities, scores = view_inputs(analysis)
    write_html(
        graph,
        folder / "graph.html",
        title="Samverkan: kunskapsgraf",
        communities=communities,
        scores=scores,
        layouts=layouts,
        evidence=reads.evidence,
        aliases=reads.aliases if reads.aliases is not None else shown_aliases(graph, store, scores),
        observed=observed,
    )
