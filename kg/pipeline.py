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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

import pyoxigraph as ox

from kg.build import Canon, Dataset, TrigBlock, build_dataset, entity_records, quad_key, serialize_rdf
from kg.building.staging import Staging, staged
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
from kg.loaders import LoadResult, load_sources
from kg.model import Document, Extraction, RdfSource
from kg.runtime import collector_paused
from kg.view.evidence import node_evidence
from kg.view.layout import LayoutMemo

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only, when a build gets there
    from kg.analysis.graph import GraphParts
    from kg.analysis.typology import Roles
    from kg.report import Rows
from kg.vocab import ONTOLOGY_GRAPH, RDF, REFERENCE_GRAPH, document_iri

__all__ = ["BuildSummary", "build", "build_in_memory", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

EVIDENCE_NAME = "evidence.json"  # in the cache folder: node_evidence of every node
PARTS_NAME = "parts.json"  # in the cache folder: the graph_parts the analysis read
ANALYSIS_NAME = "analysis.nq"  # in the cache folder: the analysis graph as sorted N-Quads lines
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
            reads=_full_view(store),
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
    reads: _StoreReads,
    sizes: tuple[int, int] | None = None,
    parts: GraphParts | None = None,
) -> tuple[str, list[tuple[str, int, int]], tuple[int, int], str]:
    """Analyse the stored graph, store the analysis, write graph.trig, graph.html and report.md.

    `blocks` are the TriG blocks of the dataset's graphs (the analysis graph not among them), as
    bytes or as ranges of the earlier graph.trig `source`; `earlier` the quads an RDF source put in
    the analysis graph. `previous`, in a patched build, holds the N-Quads lines of the analysis
    graph the store holds from the earlier build, which is patched into the new one, and `sizes` the
    store's (named, union) sizes. `reads` is what was read from the store for the view and the
    report. `parts`, when given, is `graph_parts(store)` made otherwise (patched from the earlier
    build's). Returns the sha256 of graph.trig, the offsets of its blocks, the store's sizes and the
    sha256 of the analysis lines kept in the cache.
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
    roles = reads.roles if reads.roles is not None else affiliation_roles(store)
    analysis = analyse_graph(graph, roles)

    member_of = {m.iri: (c.number, c.name) for c in analysis.communities.items for m in c.members}
    scores = {r.node.iri: r.pagerank for r in analysis.centrality.nodes}
    aliases = reads.aliases if reads.aliases is not None else shown_aliases(graph, store, scores)
    _write_view(folder, graph, member_of, scores, aliases, reads, layouts)
    _save_parts(folder / "cache", parts)

    lines = analysis_lines(analysis)
    digest, offsets = _write_trig(folder, blocks, quads_of_lines(lines), earlier, source)
    if previous is not None:
        # Only the lines that changed are written: between two builds most PageRank and
        # betweenness values stay.
        assert sizes is not None
        new = set(lines)
        gone, come = sorted(previous - new), sorted(new - previous)
        named, union = sizes
        sizes = (named + len(come) - len(gone), union + len(come) - len(gone))
        _remove_analysis(store, gone)
        _add_analysis(store, come)
    else:
        add_quads(store, quads_of_lines(lines))
        sizes = store_sizes(store)
        store.flush()
    # Entity classes and relations are what they were before the analysis graph was added
    # (it adds neither), so the report counts them from the parts already read.
    stats = compute_stats(store, classes=parts[0], relations=parts[2], sizes=sizes, counts=reads.counts)
    report = render_analysis(store, analysis, stats=stats, sections=reads.sections)
    (folder / "report.md").write_text(report, encoding="utf-8")
    # The analysis lines for the next build to patch from.
    text = "".join(lines).encode("utf-8")
    write_atomic(folder / "cache" / ANALYSIS_NAME, text)
    return digest, offsets, sizes, hashlib.sha256(text).hexdigest()


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
    `store`, with their copies in the default graph; the store parses them itself."""
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
) -> _Written:
    """The previous build in `out` patched for the documents that changed, written into `folder`."""
    from kg.build import fact_graph_quads, parse_block, reference_quads, trig_blocks
    from kg.stats import patched_parts
    from kg.store import patch_graph, settle_union, stored_quads

    state = plan.state
    listed = {name for name, _, _ in state.blocks}
    for doc in plan.kept:
        if state.documents[doc.key].graph not in listed:
            raise _Unpatchable(f"graph.trig has no graph for {doc.source}")
        if not cache.keep(doc):
            raise _Unpatchable(f"no cache entry for {doc.source}")
    earlier_rows = _earlier_rows(out / "store")  # the report's tables before the store is patched
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
        quads = state.quads + len(come) - len(gone)
        sizes = (state.named + len(come) - len(gone), state.union + grown)

        # graph.ttl: the earlier triples, less those no dataset graph holds any more, plus the new;
        # and merges.csv.
        ttl_gone = {q.triple for q in gone if q.subject not in statements}
        ttl_come = {q.triple for q in come if q.subject not in statements}
        lost = {t for t in ttl_gone - ttl_come if not _in_dataset(store, t)}
        merges = sorted(
            {m for doc in plan.kept for m in state.documents[doc.key].merges} | {m for e in fresh for m in e.merges}
        )
        reads = _patched_view(
            store, out / "cache", folder / "cache", sorted(touched_nodes), earlier_rows, [*gained, *lost_union]
        )
        ttl_digest, triple_count = _write_text_files(_TextJob(out / "graph.ttl", folder, lost, ttl_come, merges))

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
        trig, offsets, sizes, analysis = _finish(
            store,
            folder,
            blocks,
            (),
            source=out / "graph.trig",
            previous=previous,
            layouts=layouts,
            reads=reads,
            sizes=sizes,
            parts=parts,
        )
        write_state(
            BuildState(
                mode=mode,
                documents=documents_state,
                canon=canon_table(canon),
                blocks=offsets,
                trig=trig,
                ttl=ttl_digest,
                analysis=analysis,
                quads=quads,
                named=sizes[0],
                union=sizes[1],
            ),
            folder / "cache",
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
    before = _read_ttl(job.earlier)
    triples = _merged(before, job.lost, job.come)
    ttl = serialize_rdf(triples, ox.RdfFormat.TURTLE)
    (job.folder / "graph.ttl").write_bytes(ttl)
    (job.folder / "merges.csv").write_bytes(_merges_csv(job.merges))
    return hashlib.sha256(ttl).hexdigest(), len(triples)


def _read_ttl(path: Path) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE)]


def _patched_view(
    store: ox.Store,
    previous: Path,
    cache: Path,
    touched: list[str],
    earlier_rows: tuple[Rows, Rows] | None,
    changes: list[ox.Triple],
) -> _StoreReads:
    """The view's evidence of every node of the patched `store`, the report's sections and the
    affiliation roles read from it, and the evidence cache written into `cache`.

    The evidence of a node comes from the statements about it: only the nodes of the patched
    graphs' statements (`touched`, before and after) can have other items than in the earlier
    build's cache `previous`, so only theirs are looked up. The report's tables are the earlier
    store's (`earlier_rows`), read again for what the triples the union gained or lost (`changes`) touch.
    """
    from kg.analysis import affiliation_roles
    from kg.report import patched_rows, render_sections, store_sections
    from kg.stats import document_counts

    roles = affiliation_roles(store)
    evidence = _read_evidence(previous)
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
        if earlier_rows is None
        else render_sections(*patched_rows(store, earlier_rows[0], earlier_rows[1], changes)),
        counts=document_counts(store),
        roles=roles,
        evidence_saved=True,
    )


def _earlier_rows(store: Path) -> tuple[Rows, Rows] | None:
    """The rows of the report's tables in the earlier build's store; None when it cannot be read."""
    from kg.report import document_rows, person_rows

    try:
        earlier = ox.Store.read_only(str(store))
    except OSError:
        return None  # the tables are read from the patched store
    return document_rows(earlier), person_rows(earlier)


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


def _write_build(
    loaded: LoadResult,
    out: Path,
    staging: Staging,
    *,
    incremental: bool,
    ner: str | None,
    options: tuple[int, bool, float],
) -> _Written:
    """Patch the earlier build in `out` or build in full, into the staging folder; then swap it in."""
    workers, progress, min_confidence = options
    folder = staging.folder
    previous = out / "cache" if incremental and (out / "cache").is_dir() else None
    version = extractor_version() + (f"|{ner}" if ner else "")
    mode = build_mode(version, min_confidence)
    plan = None
    state, digests = _read_earlier(out) if previous is not None else (None, None)
    # Layouts of the previous build are reused when it was made by this same code and options.
    memo = previous / "layouts" if previous is not None and state is not None and state.mode == mode else None
    layouts = LayoutMemo(memo, folder / "cache" / "layouts")
    if previous is not None:
        cache = ExtractionCache(previous, folder / "cache", version=version)
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
    choices = _OutputOptions(
        mode=mode, jobs=workers, ner=ner, progress=progress, min_confidence=min_confidence, layouts=layouts
    )
    if plan is not None:
        try:
            written = _patched_outputs(plan, loaded.documents, cache, out, folder, **choices)
        except _Unpatchable as err:
            logger.info("The previous build cannot be patched (%s); building in full.", err)
            shutil.rmtree(folder)
            folder.mkdir()
    if written is None:
        cache = ExtractionCache(previous, folder / "cache", version=version)
        written = _full_outputs(loaded.documents, cache, loaded.rdf_sources, folder, **choices)
    staging.swap_in(OUTPUT_FILES)
    return written


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
    loaded = load_sources(list(sources), strict=strict)
    if not loaded.documents and not loaded.rdf_sources:
        names = ", ".join(str(s) for s in sources)
        raise KgError(f"{names}: no readable documents or RDF files found.")
    if ner:
        load_ner(ner)  # a bad --ner is one clear error before any work is done
    try:
        with staged(out.resolve()) as staging:
            written = _write_build(
                loaded, out, staging, incremental=incremental, ner=ner, options=(workers, progress, min_confidence)
            )
    except OSError as err:
        raise OutputError(
            f"{out}: writing the build failed ({err.strerror or err}); earlier output is unchanged."
        ) from None
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
