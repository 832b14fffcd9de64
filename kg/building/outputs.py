"""The outputs of a stored graph: the analysis, the analysis graph in the store, then graph.html,
graph.trig, report.md, and what the next build patches from (evidence, graph parts, the analysis
graph and the timeline's statements) in the cache file."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.build import TrigBlock
from kg.building.analysis_graph import ANALYSIS_GRAPH_KEY, Lines, full_analysis, patch_analysis, store_patch
from kg.building.reads import StoreReads
from kg.building.state import AnalysisSubject, CacheFile, Relations
from kg.view.layout import LayoutMemo

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


@dataclass(frozen=True)
class TrigInput:
    """What graph.trig is made of besides the new analysis graph."""

    blocks: Sequence[TrigBlock]  # the dataset's graphs (not the analysis), as bytes or ranges of `source`
    earlier: Sequence[ox.Quad] = ()  # quads an RDF source put in the analysis graph
    source: Path | None = None  # the earlier graph.trig that ranges point into


@dataclass(frozen=True)
class EarlierAnalysis:
    """In a patched build, what the earlier build's analysis leaves: its analysis graph per subject
    (which the store holds), the store's (named, union) sizes with it, the timeline's statements of
    each dated document (None: none kept) and the graphs made again since (as `<iri>`)."""

    subjects: list[AnalysisSubject]
    sizes: tuple[int, int]
    statements: dict[str, Relations] | None
    remade: set[str]


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
    """Analyse the stored graph and put the analysis graph into the store, then write graph.html,
    graph.trig and report.md into `folder`, and what the next build patches from into the cache file `kept`.
    `reads` is what was read from the store for the view and the report; `parts`, when given, is
    `graph_parts(store)` made otherwise (patched from the earlier build's). Returns the sha256 of
    graph.trig, the offsets of its blocks and the store's sizes."""
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.analysis.graph import graph_parts
    from kg.analysis.rdf import COMMUNITY_BASE, analysis_subjects
    from kg.observations import document_statements, read_time
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
    if earlier is None:
        statements = document_statements(store)
    else:
        statements = document_statements(store, earlier.statements, earlier.remade)
    time = read_time(store, statements)
    analysis = analyse_graph(graph, roles, time)
    # Into the store before the view and the files are written: what RocksDB compacts after a full
    # build's bulk load of it runs in the background meanwhile (see kg.building.full).
    block, subjects, sizes = _store_analysis(store, trig, analysis_subjects(analysis), earlier)
    write_view(folder, store, graph, analysis, reads, layouts, time.observations)
    if not reads.evidence_saved:
        kept.put_evidence(reads.evidence)
    kept.put_parts(parts)
    kept.put_statements(statements)
    digest, offsets = write_trig(folder, trig, block)
    kept.put_analysis(subjects)
    # Entity classes and relations are what they were before the analysis graph was added
    # (it adds neither), so the report counts them from the parts already read.
    stats = compute_stats(store, classes=parts[0], relations=parts[2], sizes=sizes, counts=reads.counts)
    report = render_analysis(store, analysis, stats=stats, sections=reads.sections)
    (folder / "report.md").write_text(report, encoding="utf-8")
    return digest, offsets, sizes


def _store_analysis(
    store: ox.Store, trig: TrigInput, lines: Lines, earlier: EarlierAnalysis | None
) -> tuple[bytes | None, list[AnalysisSubject], tuple[int, int]]:
    """Put the analysis graph of `lines` (by subject) into the store (a patched build writes only the
    subjects that changed); returns its block of graph.trig, what the cache file keeps of it and the
    store's sizes."""
    from kg.analysis.rdf import quads_of_lines
    from kg.store import add_quads, store_sizes

    if earlier is not None:
        patch = patch_analysis(lines, earlier.subjects)
        return patch.block, patch.subjects, store_patch(store, patch, earlier.sizes)
    quads = quads_of_lines(text for _, text in lines)
    block, subjects = full_analysis(lines, quads, trig.earlier)
    add_quads(store, quads)
    sizes = store_sizes(store)
    store.flush()
    return block, subjects, sizes


def write_trig(folder: Path, trig: TrigInput, analysis: bytes | None) -> tuple[str, list[tuple[str, int, int]]]:
    """Write graph.trig: the dataset's blocks (bytes, or ranges of the earlier graph.trig) and the
    analysis graph's `analysis` block; returns its sha256 and the offsets of its blocks."""
    from kg.build import write_trig_document

    ordered: list[TrigBlock] = [*trig.blocks, *([(ANALYSIS_GRAPH_KEY, analysis)] if analysis is not None else [])]
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
