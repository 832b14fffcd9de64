"""The whole build: sources -> documents -> facts -> dataset -> files, store, view and report.

Everything is written to a temporary folder beside the output folder first and moved into place
only when all of it succeeded, so a failed build leaves earlier output exactly as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import pyoxigraph as ox

from kg.build import Canon, Dataset, TrigBlock, build_dataset, entity_records, quad_key, serialize_rdf
from kg.cache import ExtractionCache, extractor_version
from kg.errors import KgError, OutputError
from kg.extraction import extract_facts, extract_parallel, load_ner, load_reference
from kg.incremental import (
    BuildState,
    DocumentState,
    Plan,
    affected,
    build_mode,
    canon_table,
    changed_entities,
    file_hash,
    graph_name,
    plan_build,
    read_state,
    write_state,
)
from kg.loaders import load_sources
from kg.model import Document, Extraction, RdfSource
from kg.parallel import Helper, Pending, cores, in_child, in_thread
from kg.runtime import collector_paused
from kg.view.evidence import node_evidence
from kg.view.layout import LayoutMemo

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only, when a build gets there
    from kg.analysis.graph import GraphParts
    from kg.analysis.result import Centrality, Communities
    from kg.analysis.typology import Roles
from kg.vocab import ONTOLOGY_GRAPH, RDF, REFERENCE_GRAPH, document_iri

__all__ = ["BuildSummary", "build", "build_in_memory", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

EVIDENCE_NAME = "evidence.json"  # in the cache folder: node_evidence of every node
PARTS_NAME = "parts.json"  # in the cache folder: the graph_parts the analysis read
ANALYSIS_NAME = "analysis.nq"  # in the cache folder: the analysis graph as sorted N-Quads lines
SNAPSHOT_DIR = ".store-snapshot"  # in a build's staging folder: what a helper process reads
Evidence = dict[str, list[dict[str, Any]]]  # node IRI -> the view's evidence items
_ENDS = (ox.NamedNode(RDF + "subject"), ox.NamedNode(RDF + "object"))
_TYPE_IRI = RDF + "type"
_STATEMENT_IRI = RDF + "Statement"

# SHACL validation of every build up to this size; larger graphs are checked with `kg validate`.
VALIDATE_MAX_QUADS = 300_000

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv", "store", "cache")


@dataclass(frozen=True)
class BuildSummary:
    """What a build read and wrote."""

    documents: int
    entities: int
    facts: int
    triples: int
    warnings: tuple[str, ...]
    merges: int
    curations: int = 0
    violations: int | None = None  # SHACL violations, None when the graph was too large to check
    reused: int = 0  # documents whose extraction the cache of the previous build gave
    out: Path | None = None
    # Set when the previous build was patched instead of built again: (documents extracted,
    # documents removed, document graphs made again).
    patched: tuple[int, int, int] | None = None


def build_in_memory(
    sources: Sequence[str | Path], *, strict: bool = False, min_confidence: float = 0.0, ner: str | None = None
) -> tuple[Dataset, list[Extraction], tuple[str, ...]]:
    """Load, extract and assemble the dataset without writing anything (for notebooks and tests)."""
    loaded = load_sources(list(sources), strict=strict)
    if not loaded.documents and not loaded.rdf_sources:
        names = ", ".join(str(s) for s in sources)
        raise KgError(f"{names}: no readable documents or RDF files found.")
    model = load_ner(ner) if ner else None
    extractions = extract_facts(loaded.documents, ner=model)
    dataset = build_dataset(extractions, loaded.rdf_sources, load_reference(), min_confidence=min_confidence)
    return dataset, extractions, loaded.warnings


def _merges_csv(merges: Iterable[tuple[str, str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["surface_form", "entity", "reason"])
    for row in merges:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


@dataclass
class _Written:
    """What the output stage reports back to `build`."""

    documents: int
    entities: int
    facts: int
    triples: int
    merges: int
    curations: int
    violations: int | None
    reused: int
    patched: tuple[int, int, int] | None = None


class _OutputOptions(TypedDict):
    """What a patched and a full build's output stage are both given besides the documents."""

    mode: str
    jobs: int
    ner: str | None
    progress: bool
    min_confidence: float
    layouts: LayoutMemo


class _Unpatchable(Exception):
    """The previous build cannot be patched after all (its store or cache is not there as described)."""


def _full_outputs(
    documents: Sequence[Document],
    cache: ExtractionCache,
    loaded_rdf: Sequence[RdfSource],
    folder: Path,
    *,
    mode: str,
    jobs: int,
    ner: str | None,
    progress: bool,
    min_confidence: float,
    layouts: LayoutMemo,
) -> _Written:
    """Extract (reusing the cache), assemble the whole dataset and write every output into `folder`."""
    from kg.build import trig_blocks
    from kg.store import write_store

    extractions = _extract_with_cache(documents, cache, jobs=jobs, ner=ner, progress=progress)
    ref = load_reference()
    dataset = build_dataset(extractions, loaded_rdf, ref, min_confidence=min_confidence)
    written = _Written(
        documents=dataset.documents,
        entities=dataset.entities,
        facts=dataset.facts,
        triples=0,
        merges=len(dataset.merges),
        curations=dataset.curations,
        violations=None,
        reused=cache.hits,
    )
    state = None
    if not loaded_rdf:  # a build with RDF sources is not patched later: no state for it
        by_key = {e.document.key: e for e in extractions}
        state = BuildState(
            mode=mode,
            documents={doc.key: _document_state(by_key[doc.key], cache, min_confidence) for doc in documents},
            canon=canon_table(Canon((r for e in extractions for r in entity_records(e)), ref)),
            blocks=[],
            trig="",
            ttl="",
            quads=len(dataset.quads),
        )
        del by_key
    del extractions  # the dataset has what is needed from here on; the peak memory comes later
    triples = dataset.triples()
    written.triples = len(triples)
    ttl = serialize_rdf(triples, ox.RdfFormat.TURTLE)
    del triples
    (folder / "graph.ttl").write_bytes(ttl)
    (folder / "merges.csv").write_bytes(_merges_csv(dataset.merges))
    write_store(dataset.quads, folder / "store")
    from kg.analysis import ANALYSIS_GRAPH

    analysis_key = f"<{ANALYSIS_GRAPH}>"
    # A graph.trig read back as a source brings an analysis graph of its own: its quads join the
    # new analysis in one block.
    blocks = [block for block in trig_blocks(dataset.quads) if block[0] != analysis_key]
    earlier = _graph_quads(dataset.quads, analysis_key)
    checked = list(dataset.quads) if len(dataset.quads) <= VALIDATE_MAX_QUADS else None
    del dataset  # the store holds the quads now
    store = ox.Store(str(folder / "store"))
    try:
        trig, offsets, sizes, analysis_digest = _finish(
            store,
            folder,
            blocks,
            earlier,
            previous=None,
            layouts=layouts,
            view=partial(_full_view, store),
            parallel=jobs >= 2 and cores() >= 2,
        )
        if checked is not None:
            from kg.validate import validate_quads

            written.violations = validate_quads(checked).violations
    finally:
        del store
    if state is not None:
        state.blocks = offsets
        state.trig = trig
        state.analysis = analysis_digest
        state.ttl = hashlib.sha256(ttl).hexdigest()
        state.named, state.union = sizes
        write_state(state, folder / "cache")
    return written


def _graph_quads(quads: Sequence[ox.Quad], key: str) -> list[ox.Quad]:
    """The quads of graph `key` in `quads` (sorted by quad_key), found by bisection."""
    import bisect

    start = bisect.bisect_left(quads, key, key=lambda q: str(q.graph_name))
    end = bisect.bisect_right(quads, key, key=lambda q: str(q.graph_name))
    return list(quads[start:end])


def _document_state(extraction: Extraction, cache: ExtractionCache, min_confidence: float) -> DocumentState:
    """What the state keeps of the document of `extraction`."""
    doc = extraction.document
    return DocumentState(
        entry=cache.entry_name(doc),
        graph=f"<{document_iri(doc.key)}>",
        entities=tuple(entity_records(extraction)),
        merges=tuple(sorted(set(extraction.merges))),
        facts=sum(1 for f in extraction.facts if f.evidence.confidence >= min_confidence),
    )


def _finish(
    store: ox.Store,
    folder: Path,
    blocks: Sequence[TrigBlock],
    earlier: Sequence[ox.Quad],
    *,
    source: Path | None = None,
    previous: set[str] | None,
    layouts: LayoutMemo,
    view: Callable[[], _StoreReads],
    sizes: tuple[int, int] | None = None,
    parts: GraphParts | None = None,
    parallel: bool = False,
    then: Callable[[str, list[tuple[str, int, int]], tuple[int, int], str], None] | None = None,
) -> tuple[str, list[tuple[str, int, int]], tuple[int, int], str]:
    """Analyse the stored graph, store the analysis, write graph.trig, graph.html and report.md.

    `blocks` are the TriG blocks of the dataset's graphs (the analysis graph not among them), as
    bytes or as ranges of the earlier graph.trig `source`; `earlier` the quads an RDF source put in
    the analysis graph. `previous`, in a patched build, holds the N-Quads lines of the analysis
    graph the store holds from the earlier build, which is patched into the new one, and `sizes` the
    store's (named, union) sizes. `view` gives what is read from the store for the view and the
    report (it may wait for a helper process that reads them meanwhile). `parts`, when given, is `graph_parts(store)` made otherwise (patched from the
    earlier build's). With `parallel`, graph.html and graph.trig are written by child processes.
    Returns the sha256 of graph.trig, the offsets of its blocks, the store's sizes and the sha256 of
    the analysis lines kept in the cache; `then` is called with them as soon as graph.trig is
    written, while graph.html and the store may still be in the works.
    """
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.analysis.graph import graph_parts
    from kg.analysis.rdf import COMMUNITY_BASE, analysis_lines, quads_of_lines
    from kg.report import render_analysis
    from kg.stats import compute_stats
    from kg.store import add_quads, store_sizes, write_atomic
    from kg.view import shown_aliases

    # The analysis graph adds no entity classes, labels or relations, so the graph read here is
    # also the one the view shows.
    if parts is None:
        parts = graph_parts(store)
        if previous is not None:  # the earlier analysis graph is still there: its community labels are not read
            parts = (parts[0], {k: v for k, v in parts[1].items() if not k.startswith(COMMUNITY_BASE)}, parts[2])
    graph = to_networkx(store, parts)
    waits: list[Pending[None]] = []
    reads: list[_StoreReads] = []

    def view_files(centrality: Centrality, communities: Communities) -> None:
        """Start graph.html and the view's caches in a child as soon as the view's inputs are known
        (the rest of the analysis does not change it); it needs no store, only what is read here."""
        reads.append(view())
        member_of = {m.iri: (c.number, c.name) for c in communities.items for m in c.members}
        scores = {r.node.iri: r.pagerank for r in centrality.nodes}
        aliases = reads[0].aliases if reads[0].aliases is not None else shown_aliases(graph, store, scores)

        def work() -> None:
            _write_view(folder, graph, member_of, scores, aliases, reads[0], layouts)
            _save_parts(folder / "cache", parts)

        waits.append(in_child(work) if parallel else Pending(work))

    try:

        def roles() -> Roles:
            read = reads[0].roles if reads else None
            return read if read is not None else affiliation_roles(store)

        analysis = analyse_graph(graph, roles, view=view_files, parallel=parallel)
        lines = analysis_lines(analysis)

        def trig_file() -> tuple[str, list[tuple[str, int, int]]]:
            return _write_trig(folder, blocks, quads_of_lines(lines), earlier, source)

        written = in_child(trig_file) if parallel else Pending(trig_file)
        patching: Pending[None] = Pending(lambda: None)
        try:
            if previous is not None:
                # Only the lines that changed are written: between two builds most PageRank and
                # betweenness values stay. The store takes them in a thread while the report is
                # made (no child is forked from here on).
                assert sizes is not None
                new = set(lines)
                gone, come = sorted(previous - new), sorted(new - previous)
                named, union = sizes
                sizes = (named + len(come) - len(gone), union + len(come) - len(gone))

                _remove_analysis(store, gone)  # holds the interpreter: done before the thread starts

                def patch() -> None:
                    _add_analysis(store, come)

                patching = in_thread(patch) if parallel else Pending(patch)
            else:
                add_quads(store, quads_of_lines(lines))
                sizes = store_sizes(store)
                store.flush()
            # Entity classes and relations are what they were before the analysis graph was added
            # (it adds neither), so the report counts them from the parts already read.
            stats = compute_stats(store, classes=parts[0], relations=parts[2], sizes=sizes, counts=reads[0].counts)
            report = render_analysis(store, analysis, stats=stats, sections=reads[0].sections)
            (folder / "report.md").write_text(report, encoding="utf-8")
            # The analysis lines for the next build to patch from (here: the child has graph.trig to write).
            text = "".join(lines).encode("utf-8")
            write_atomic(folder / "cache" / ANALYSIS_NAME, text)
            analysis_digest = hashlib.sha256(text).hexdigest()
        except BaseException:
            written.reap()  # the build fails or is interrupted: the child's work is not wanted
            patching.reap()
            raise
        try:
            digest, offsets = written()
            if then is not None:
                then(digest, offsets, sizes, analysis_digest)
            for wait in waits:
                wait()
        finally:
            patching.reap()
        patching()
    except BaseException:
        for wait in waits:
            wait.reap()
        raise
    return digest, offsets, sizes, analysis_digest


def _write_trig(
    folder: Path,
    blocks: Sequence[TrigBlock],
    extra: list[ox.Quad],
    earlier: Sequence[ox.Quad],
    source: Path | None = None,
) -> tuple[str, list[tuple[str, int, int]]]:
    """Write graph.trig: the dataset's blocks (bytes, or ranges of the earlier graph.trig `source`)
    and the analysis graph's; returns its sha256 and the offsets of its blocks."""
    from kg.build import trig_blocks, write_trig_document

    # analysis_lines come sorted; quads of an RDF source's analysis graph join them in order.
    in_order = extra if not earlier else sorted({*extra, *earlier}, key=quad_key)
    ordered: list[TrigBlock] = [*blocks, *trig_blocks(in_order)]
    ordered.sort(key=lambda b: b[0])
    return write_trig_document(folder / "graph.trig", ordered, source)


def _write_view(
    folder: Path,
    graph: Any,
    communities: dict[str, tuple[int, str]],
    scores: dict[str, float],
    aliases: dict[str, list[str]],
    reads: _StoreReads,
    layouts: LayoutMemo,
) -> None:
    """Write graph.html and, unless written already, the evidence cache into `folder`."""
    from kg.view import write_html

    write_html(
        graph,
        folder / "graph.html",
        title="Samverkan: kunskapsgraf",
        communities=communities,
        scores=scores,
        layouts=layouts,
        evidence=reads.evidence,
        aliases=aliases,
    )
    if not reads.evidence_saved:
        _save_evidence(folder / "cache", reads.evidence)


def _save_parts(folder: Path, parts: GraphParts) -> None:
    """Keep the entity classes, labels and relations a build read, for the next build to patch."""
    from kg.store import write_atomic

    classes, labels, relations = parts
    data = json.dumps(
        {"classes": classes, "labels": labels, "relations": relations},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    write_atomic(folder / PARTS_NAME, data.encode("utf-8"))


def _read_earlier(out: Path) -> tuple[BuildState | None, tuple[str, str]]:
    """The state the previous build in `out` left in its cache, and the sha256 of its graph.trig and
    graph.ttl (what `plan_build` checks them against)."""
    return read_state(out / "cache"), (file_hash(out / "graph.trig"), file_hash(out / "graph.ttl"))


def _earlier_analysis(folder: Path, digest: str) -> set[str] | None:
    """The analysis lines the previous build kept in `folder`, if they are the ones its state names."""
    try:
        text = (folder / ANALYSIS_NAME).read_bytes()
    except OSError:
        return None
    if not digest or hashlib.sha256(text).hexdigest() != digest:
        return None
    try:
        return set(text.decode("utf-8").splitlines(keepends=True))
    except UnicodeDecodeError:
        return None


def _read_parts(folder: Path) -> GraphParts | None:
    """The entity classes, labels and relations the previous build kept; None when unusable."""
    try:
        data = json.loads((folder / PARTS_NAME).read_text(encoding="utf-8"))
        classes, labels, relations = data["classes"], data["labels"], data["relations"]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if not (isinstance(classes, dict) and isinstance(labels, dict) and isinstance(relations, list)):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in [*classes.items(), *labels.items()]):
        return None
    if not all(isinstance(r, list) and len(r) == 3 and all(isinstance(x, str) for x in r) for r in relations):
        return None
    return classes, labels, [(s, p, o) for s, p, o in relations]


def _save_evidence(folder: Path, evidence: Evidence) -> None:
    from kg.store import write_atomic

    data = json.dumps(evidence, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_atomic(folder / EVIDENCE_NAME, data.encode("utf-8"))


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
    `store`, with their copies in the default graph; the store parses them itself, in native code
    that lets another thread of the build run meanwhile (see `_remove_analysis`)."""
    from kg.analysis.rdf import ANALYSIS_GRAPH

    suffix = f" <{ANALYSIS_GRAPH}> .\n"
    if not all(line.endswith(suffix) for line in come):
        raise ValueError("an analysis line outside the analysis graph")
    copies = [line[: -len(suffix)] + " .\n" for line in come]
    store.load("".join([*come, *copies]).encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    # Into the store's files: a checkpoint of the store opened read-only (how the next build copies
    # it) leaves out what only the write-ahead log holds.
    store.flush()


def _patched_outputs(
    plan: Plan,
    documents: Sequence[Document],
    cache: ExtractionCache,
    out: Path,
    folder: Path,
    *,
    mode: str,
    jobs: int,
    ner: str | None,
    progress: bool,
    min_confidence: float,
    layouts: LayoutMemo,
    helper: Helper,
) -> _Written:
    """The previous build in `out` patched for the documents that changed, written into `folder`.

    `helper` is a process forked before any store was opened; it reads the patched store too.
    With `jobs` above one (and as many cores), outputs are written by child processes meanwhile.
    """
    from kg.build import fact_graph_quads, parse_block, reference_quads, trig_blocks
    from kg.stats import patched_parts
    from kg.store import patch_graph, settle_union, stored_quads

    parallel = jobs >= 2 and cores() >= 2

    state = plan.state
    listed = {name for name, _, _ in state.blocks}
    for doc in plan.kept:
        if state.documents[doc.key].graph not in listed:
            raise _Unpatchable(f"graph.trig has no graph for {doc.source}")
        if not cache.keep(doc):
            raise _Unpatchable(f"no cache entry for {doc.source}")
    # Read ahead by the helper while this process patches the store. Its answer is not waited for:
    # without a helper (or if it fails there), `_patched_view` reads everything itself.
    helper.submit(_preread_view, out / "cache", out / "graph.ttl", out / "store")
    fresh = _extract_with_cache(plan.changed, cache, jobs=jobs, ner=ner, progress=progress)
    reused = len(plan.kept) + cache.hits  # before the cache is read again below, for kept documents
    records = [r for doc in plan.kept for r in state.documents[doc.key].entities]
    records += [r for e in fresh for r in entity_records(e)]
    ref = load_reference()
    canon = Canon(records, ref)
    touched = affected(plan.kept, state, changed_entities(state.canon, canon))
    again = [cache.get(doc) for doc in touched]
    if any(e is None for e in again):
        raise _Unpatchable("a cache entry cannot be read")
    remade = [_above(e, min_confidence) for e in [*fresh, *again] if e is not None]

    graphs: dict[str, list[ox.Quad]] = {}
    for extraction in remade:
        made = sorted(set(fact_graph_quads(extraction, canon)), key=quad_key)
        graphs[f"<{document_iri(extraction.document.key)}>"] = made
    reference_key = f"<{REFERENCE_GRAPH}>"
    graphs[reference_key] = sorted(set(reference_quads(canon, ref)), key=quad_key)
    gone_graphs = {state.documents[key].graph for key in plan.removed}

    try:
        ox.Store.read_only(str(out / "store")).backup(str(folder / "store"))
        store = ox.Store(str(folder / "store"))
    except OSError as err:
        raise _Unpatchable(f"the store cannot be copied ({err})") from None
    try:
        gone: set[ox.Quad] = set()
        come: set[ox.Quad] = set()
        statements: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
        touched_nodes: set[str] = set()  # subjects and objects of the statements of patched graphs
        for key in sorted([*graphs, *gone_graphs]):
            node = graph_name(key)
            taken, added = patch_graph(store, node, graphs.get(key, ()))
            if not graphs.get(key):
                store.remove_graph(node)
            gone |= taken
            come |= added
            touched_nodes.update(
                q.object.value
                for q in (*taken, *graphs.get(key, ()))
                if q.predicate in _ENDS and isinstance(q.object, ox.NamedNode)
            )
            statements.update(q.subject for q in (*taken, *graphs.get(key, ())) if _is_statement_type(q))
        gained, lost_union = settle_union(store, (q.triple for q in gone), (q.triple for q in come))
        grown = len(gained) - len(lost_union)
        earlier_parts = _read_parts(out / "cache")
        parts = None if earlier_parts is None else patched_parts(earlier_parts, store, gained, lost_union)
        # The helper reads the view's evidence and the report's sections from the patched store
        # meanwhile, from a checkpoint of it (hard links): the store itself changes under a reader
        # as RocksDB flushes and compacts it.
        quads = state.quads + len(come) - len(gone)
        sizes = (state.named + len(come) - len(gone), state.union + grown)

        # graph.ttl: the earlier triples, less those no dataset graph holds any more, plus the new;
        # and merges.csv. Neither needs the store once `lost` is known: the helper writes them.
        ttl_gone = {q.triple for q in gone if q.subject not in statements}
        ttl_come = {q.triple for q in come if q.subject not in statements}
        lost = {t for t in ttl_gone - ttl_come if not _in_dataset(store, t)}
        merges = sorted(
            {m for doc in plan.kept for m in state.documents[doc.key].merges} | {m for e in fresh for m in e.merges}
        )
        text = _TextJob(out / "graph.ttl", folder, lost, ttl_come, merges)

        # The helper reads the view's evidence and the report's sections from the patched store
        # meanwhile, from a checkpoint of it (hard links): the store itself changes under a reader
        # as RocksDB flushes and compacts it.
        snapshot = folder / SNAPSHOT_DIR
        store.backup(str(snapshot))
        reading = helper.submit(
            _patched_view,
            snapshot,
            out / "cache",
            folder / "cache",
            sorted(touched_nodes),
            text,
            out / "store",
            [*gained, *lost_union],
        )
        read: list[_StoreReads] = []

        def view() -> _StoreReads:
            try:
                read.append(reading())
                return read[0]
            finally:
                shutil.rmtree(snapshot, ignore_errors=True)

        try:
            # graph.trig: the earlier blocks of unchanged graphs as bytes, new blocks for the others.
            from kg.analysis import ANALYSIS_GRAPH

            # The earlier blocks are copied from the earlier file as the new one is written.
            keep = {name: (start, end) for name, start, end in state.blocks}
            analysis_block = keep.get(f"<{ANALYSIS_GRAPH}>")
            if analysis_block is None:
                raise _Unpatchable("graph.trig has no analysis graph")
            previous = _earlier_analysis(out / "cache", state.analysis)
            if previous is None:  # from graph.trig instead: the same quads, if not the same text
                with (out / "graph.trig").open("rb") as handle:
                    handle.seek(analysis_block[0])
                    earlier_block = handle.read(analysis_block[1] - analysis_block[0])
                previous = {f"{q} .\n" for q in parse_block(earlier_block)}
            for key in [*graphs, *gone_graphs, f"<{ANALYSIS_GRAPH}>"]:
                keep.pop(key, None)
            blocks: list[TrigBlock] = list(keep.items())
            blocks += [b for quads_of in graphs.values() for b in trig_blocks(quads_of)]
            blocks.sort(key=lambda b: b[0])
            renewed = {e.document.key: e for e in fresh}
            documents_state = {
                doc.key: _document_state(renewed[doc.key], cache, min_confidence)
                if doc.key in renewed
                else state.documents[doc.key]
                for doc in documents
            }
            text_result: list[tuple[str, int]] = []

            def save_state(
                trig: str, offsets: list[tuple[str, int, int]], sizes: tuple[int, int], analysis: str
            ) -> None:
                """The state of this build, written as soon as graph.trig is (while the rest ends)."""
                text_result.append(read[0].text if read and read[0].text is not None else _write_text_files(text))
                write_state(
                    BuildState(
                        mode=mode,
                        documents=documents_state,
                        canon=canon_table(canon),
                        blocks=offsets,
                        trig=trig,
                        ttl=text_result[0][0],
                        analysis=analysis,
                        quads=quads,
                        named=sizes[0],
                        union=sizes[1],
                    ),
                    folder / "cache",
                )

            _finish(
                store,
                folder,
                blocks,
                (),
                then=save_state,
                source=out / "graph.trig",
                previous=previous,
                layouts=layouts,
                view=view,
                sizes=sizes,
                parts=parts,
                parallel=parallel,
            )
            violations = None
            if quads <= VALIDATE_MAX_QUADS:
                from kg.validate import validate_quads

                skip = {ONTOLOGY_GRAPH, ANALYSIS_GRAPH}
                data = [
                    q
                    for q in stored_quads(store)
                    if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip)
                ]
                violations = validate_quads(sorted(data, key=quad_key)).violations
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)
        _, triple_count = text_result[0]
    finally:
        del store

    return _Written(
        documents=len(documents),
        entities=canon.entities,
        facts=sum(d.facts for d in documents_state.values()),
        triples=triple_count,
        merges=len(merges),
        curations=0,
        violations=violations,
        reused=reused,
        patched=(len(plan.changed), len(plan.removed), len(remade)),
    )


def _above(extraction: Extraction, min_confidence: float) -> Extraction:
    if min_confidence <= 0:
        return extraction
    return replace(extraction, facts=tuple(f for f in extraction.facts if f.evidence.confidence >= min_confidence))


@dataclass
class _StoreReads:
    """What the view and the report read from the store besides the graph the analysis reads."""

    evidence: Evidence  # the view's evidence of every node
    aliases: dict[str, list[str]] | None = None  # every node's labels; None: read for the shown nodes
    sections: tuple[str, str] | None = None  # kg.report.store_sections; None: read with the report
    counts: tuple[int, int] | None = None  # kg.stats.document_counts; None: counted with the stats
    roles: Roles | None = None  # kg.analysis.affiliation_roles; None: read for the typology
    text: tuple[str, int] | None = None  # graph.ttl's sha256 and triples, when written with these reads
    evidence_saved: bool = False  # whether the evidence cache of this build is written already


def _full_view(store: ox.Store) -> _StoreReads:
    """The view's evidence of every node of `store`, read by the build itself (the rest: later)."""
    return _StoreReads(evidence=node_evidence(store))


@dataclass
class _TextJob:
    """graph.ttl and merges.csv of a patched build: the earlier graph.ttl, less `lost`, with `come`."""

    earlier: Path
    folder: Path
    lost: set[ox.Triple]
    come: set[ox.Triple]
    merges: list[tuple[str, str, str]]


def _write_text_files(job: _TextJob) -> tuple[str, int]:
    """Write graph.ttl and merges.csv into `job.folder`; returns graph.ttl's sha256 and triple count."""
    before = _preread.pop(("ttl", job.earlier), None)
    if before is None:
        before = _read_ttl(job.earlier)
    triples = _merged(before, job.lost, job.come)
    ttl = serialize_rdf(triples, ox.RdfFormat.TURTLE)
    (job.folder / "graph.ttl").write_bytes(ttl)
    (job.folder / "merges.csv").write_bytes(_merges_csv(job.merges))
    return hashlib.sha256(ttl).hexdigest(), len(triples)


def _read_ttl(path: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)]


def _patched_view(
    store_path: Path,
    previous: Path,
    cache: Path,
    touched: list[str],
    text: _TextJob,
    earlier_store: Path,
    changes: list[ox.Triple],
) -> _StoreReads:
    """The view's evidence of every node of the patched store at `store_path`, the report's sections
    read from the store, and the evidence cache written into `cache`.

    The evidence of a node comes from the statements about it: only the nodes of the patched
    graphs' statements (`touched`, before and after) can have other items than in the earlier
    build's cache `previous`, so only theirs are looked up. Runs in a helper process, so it opens
    the store itself; it also writes graph.ttl and merges.csv (`text`), last, since the build needs
    them last. The report's tables are those of the earlier store `earlier_store` (read ahead by
    `_preread_view`), read again for what the triples the union gained or lost (`changes`) touch.
    """
    from kg.analysis import affiliation_roles
    from kg.report import Rows, patched_rows, render_sections, store_sections
    from kg.stats import document_counts

    store = ox.Store.read_only(str(store_path))
    roles = affiliation_roles(store)  # first: the typology waits for them
    evidence = _preread.pop(("evidence", previous), None) or _read_evidence(previous)
    rows: tuple[Rows, Rows] | None = _preread.pop(("rows", earlier_store), None)
    if evidence is None:
        evidence = node_evidence(store)
    else:
        fresh = node_evidence(store, nodes=touched, lookup=True)
        for iri in touched:
            evidence.pop(iri, None)
        evidence.update(fresh)
    _save_evidence(cache, evidence)
    return _StoreReads(
        evidence,
        sections=store_sections(store)
        if rows is None
        else render_sections(*patched_rows(store, rows[0], rows[1], changes)),
        counts=document_counts(store),
        roles=roles,
        evidence_saved=True,
        text=_write_text_files(text),
    )


# What `_preread_view` read ahead: ("evidence", cache folder) -> Evidence, ("ttl", file) -> triples,
# ("rows", store folder) -> the rows of the report's tables.
_preread: dict[tuple[str, Path], Any] = {}


def _preread_view(previous: Path, ttl: Path, store: Path) -> None:
    """Read the earlier build's evidence cache in `previous`, its graph.ttl `ttl` and the rows of
    its report's tables from its store `store` ahead of `_patched_view` (in the helper, while the
    build patches the store)."""
    from kg.report import document_rows, person_rows

    _preread.clear()
    evidence = _read_evidence(previous)
    if evidence is not None:
        _preread[("evidence", previous)] = evidence
    try:
        _preread[("ttl", ttl)] = _read_ttl(ttl)
    except (OSError, SyntaxError, ValueError):
        pass  # read again, and the problem reported, by the build
    try:
        earlier = ox.Store.read_only(str(store))
        _preread[("rows", store)] = (document_rows(earlier), person_rows(earlier))
    except OSError:
        pass  # the tables are read from the patched store


def _read_evidence(folder: Path) -> dict[str, list[dict[str, Any]]] | None:
    """The view evidence of every node the previous build kept in its cache; None when unusable."""
    try:
        data = json.loads((folder / EVIDENCE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(items, list) and all(isinstance(item, dict) for item in items) for items in data.values()
    ):
        return None
    return data


def _is_statement_type(quad: ox.Quad) -> bool:
    return (
        quad.predicate.value == _TYPE_IRI
        and isinstance(quad.object, ox.NamedNode)
        and (quad.object.value == _STATEMENT_IRI)
    )


def _merged(before: list[ox.Triple], lost: set[ox.Triple], come: set[ox.Triple]) -> list[ox.Triple]:
    """`before` (graph.ttl's triples, in _triple_key order) less `lost`, with `come` put in their places.

    The few new triples find their places by bisection, so only their keys and some dozens of
    others are made, not a key for each of the graph's triples as a sort would.
    """
    import bisect

    kept = [t for t in before if t not in lost] if lost else before
    present = set(kept)
    new = sorted((t for t in come if t not in present), key=_triple_key)
    merged: list[ox.Triple] = []
    at = 0
    for triple in new:
        place = bisect.bisect_left(kept, _triple_key(triple), lo=at, key=_triple_key)
        merged += kept[at:place]
        merged.append(triple)
        at = place
    merged += kept[at:]
    return merged


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _in_dataset(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether a graph of the dataset (not the analysis, the ontology or the union) holds `triple`."""
    from kg.analysis import ANALYSIS_GRAPH

    for quad in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value not in (ANALYSIS_GRAPH, ONTOLOGY_GRAPH):
            return True
    return False


def _swap_in(staging: Path, out: Path) -> None:
    """Move each built file into `out`, replacing what was there; other files in `out` stay."""
    out.mkdir(parents=True, exist_ok=True)
    for name in OUTPUT_FILES:
        source = staging / name
        if not source.exists():
            continue
        target = out / name
        if source.is_dir():
            old = out / f".{name}.old-{os.getpid()}"
            if target.exists():
                os.replace(target, old)
            os.replace(source, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(source, target)


def _extract_with_cache(
    documents: Sequence[Document], cache: ExtractionCache, *, jobs: int, ner: str | None, progress: bool
) -> list[Extraction]:
    """Extract what the cache does not hold (in parallel), in document order; keep everything for next time."""
    from tqdm import tqdm

    cached = [cache.get(doc) for doc in documents]
    todo = [doc for doc, hit in zip(documents, cached, strict=True) if hit is None]
    with tqdm(
        total=len(documents), desc="Extracting", unit="doc", disable=not progress, leave=False, file=sys.stderr
    ) as bar:
        bar.update(len(documents) - len(todo))
        fresh = iter(extract_parallel(todo, jobs=jobs, ner_spec=ner, progress=bar.update))
    extractions = [hit if hit is not None else next(fresh) for hit in cached]
    for extraction in extractions:
        cache.put(extraction)
    return extractions


@collector_paused()  # for the whole build (kg.runtime says why)
def build(
    sources: Sequence[str | Path],
    out: Path,
    *,
    strict: bool = False,
    min_confidence: float = 0.0,
    ner: str | None = None,
    jobs: int | None = None,
    progress: bool = False,
    incremental: bool = True,
) -> BuildSummary:
    """Build the graph of every document under `sources` and write it to the folder `out`.

    Extraction runs in `jobs` processes (default: one per core) and, when `incremental`, reuses the
    extractions of the previous build in `out/cache` for documents whose content, and the extractor,
    have not changed; the output is the same bytes as a clean build's.
    """
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"--min-confidence must be between 0 and 1, not {min_confidence}.")
    out = Path(out)
    workers = jobs or os.cpu_count() or 1
    previous = out / "cache" if incremental and (out / "cache").is_dir() else None
    if previous is not None:
        # What the helper runs: imported before it is forked, so that it need not import it again.
        import kg.report  # noqa: F401
    # A helper process reads the previous build's state while this one reads the sources; in a
    # patched build it then reads from the store beside this process (see _patched_outputs).
    with Helper(enabled=previous is not None and workers >= 2 and cores() >= 2) as helper:
        earlier = helper.submit(_read_earlier, out) if previous is not None else None
        loaded = load_sources(list(sources), strict=strict)
        if not loaded.documents and not loaded.rdf_sources:
            names = ", ".join(str(s) for s in sources)
            raise KgError(f"{names}: no readable documents or RDF files found.")
        if ner:
            load_ner(ner)  # a bad --ner is one clear error before any work is done
        parent = out.resolve().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=parent))
        except OSError as err:
            raise OutputError(f"{out}: cannot write the output folder ({err.strerror or err}).") from None
        try:
            version = extractor_version() + (f"|{ner}" if ner else "")
            mode = build_mode(version, min_confidence)
            plan = None
            state, digests = earlier() if earlier is not None else (None, None)
            # Layouts of the previous build are reused when it was made by this same code and options.
            memo = previous / "layouts" if previous is not None and state is not None and state.mode == mode else None
            layouts = LayoutMemo(memo, staging / "cache" / "layouts")
            if previous is not None:
                cache = ExtractionCache(previous, staging / "cache", version=version)
                plan = plan_build(
                    state,
                    loaded.documents,
                    cache,
                    mode=mode,
                    out=out,
                    rdf_sources=len(loaded.rdf_sources),
                    digests=digests,
                )
            written = None
            options = _OutputOptions(
                mode=mode, jobs=workers, ner=ner, progress=progress, min_confidence=min_confidence, layouts=layouts
            )
            if plan is not None:
                try:
                    written = _patched_outputs(plan, loaded.documents, cache, out, staging, helper=helper, **options)
                except _Unpatchable as err:
                    logger.info("The previous build cannot be patched (%s); building in full.", err)
                    shutil.rmtree(staging)
                    staging.mkdir()
            if written is None:
                helper.close()  # a full build has no use for it
                cache = ExtractionCache(previous, staging / "cache", version=version)
                written = _full_outputs(loaded.documents, cache, loaded.rdf_sources, staging, **options)
            _swap_in(staging, out)
        except OSError as err:
            raise OutputError(
                f"{out}: writing the build failed ({err.strerror or err}); earlier output is unchanged."
            ) from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return BuildSummary(
        documents=written.documents,
        entities=written.entities,
        facts=written.facts,
        triples=written.triples,
        warnings=loaded.warnings,
        merges=written.merges,
        curations=written.curations,
        violations=written.violations,
        reused=written.reused,
        out=out,
        patched=written.patched,
    )
