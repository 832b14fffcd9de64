"""A full build: every document extracted (or taken from the cache), the whole dataset assembled and
every output written into the staging folder."""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from kg.build import Canon, Dataset, build_dataset, entity_records, serialize_rdf, trig_blocks
from kg.building.cache import ExtractionCache, extract_with_cache
from kg.building.options import VALIDATE_MAX_QUADS, BuildOptions, Written
from kg.building.outputs import ANALYSIS_GRAPH_KEY, TrigInput, write_outputs
from kg.building.plan import canon_table, document_state
from kg.building.reads import full_reads
from kg.building.state import BuildState, CacheFile
from kg.building.text_files import merges_csv, turtle_subjects
from kg.extraction import Reference, load_reference
from kg.model import Document, Extraction, RdfSource

__all__ = ["build_full"]


def build_full(
    documents: Sequence[Document],
    cache: ExtractionCache,
    loaded_rdf: Sequence[RdfSource],
    folder: Path,
    options: BuildOptions,
) -> Written:
    """Extract (reusing the cache), assemble the whole dataset and write every output into `folder`."""
    from kg.store import write_store

    extractions = extract_with_cache(documents, cache, jobs=options.jobs, ner=options.ner, progress=options.progress)
    ref = load_reference()
    dataset = build_dataset(extractions, loaded_rdf, ref, min_confidence=options.min_confidence)
    written = Written(
        documents=dataset.documents,
        entities=dataset.entities,
        facts=dataset.facts,
        triples=0,
        merges=len(dataset.merges),
        curations=dataset.curations,
        violations=None,
        reused=cache.hits,
    )
    # A build with RDF sources is not patched later: no state for it.
    state = None if loaded_rdf else _state(extractions, documents, cache, options, ref, len(dataset.quads))
    del extractions  # the dataset has what is needed from here on; the peak memory comes later
    ttl_digest, written.triples = _write_text(dataset, folder, options.kept)
    write_store(dataset.quads, folder / "store")
    trig = _trig_input(dataset.quads)
    checked = list(dataset.quads) if len(dataset.quads) <= VALIDATE_MAX_QUADS else None
    del dataset  # the store holds the quads now
    store = ox.Store(str(folder / "store"))
    try:
        digest, offsets, sizes = write_outputs(
            store, folder, trig, full_reads(store, options.kept), options.layouts, options.kept
        )
        if checked is not None:
            from kg.validate import validate_quads

            written.violations = validate_quads(checked).violations
        # The analysis graph's bulk load leaves files that RocksDB compacts into the rest in the
        # background (from the outputs' writing on); waiting for that here leaves the store as a
        # patched build expects it, instead of the patch redoing the compaction while it works.
        store.optimize()
    finally:
        del store
    if state is not None:
        state.blocks = offsets
        state.trig = digest
        state.ttl = ttl_digest
        state.named, state.union = sizes
        options.kept.put_state(state)
    return written


def _state(
    extractions: list[Extraction],
    documents: Sequence[Document],
    cache: ExtractionCache,
    options: BuildOptions,
    ref: Reference,
    quads: int,
) -> BuildState:
    """The state the next build patches from (its graph.trig and store figures filled in later)."""
    by_key = {e.document.key: e for e in extractions}
    return BuildState(
        mode=options.mode,
        documents={doc.key: document_state(by_key[doc.key], cache, options.min_confidence) for doc in documents},
        canon=canon_table(Canon((r for e in extractions for r in entity_records(e)), ref)),
        blocks=[],
        trig="",
        ttl="",
        quads=quads,
    )


def _write_text(dataset: Dataset, folder: Path, kept: CacheFile) -> tuple[str, int]:
    """graph.ttl and merges.csv, and graph.ttl by subject in the cache file `kept`; returns graph.ttl's
    sha256 and its number of triples."""
    triples = dataset.triples()
    ttl = serialize_rdf(triples, ox.RdfFormat.TURTLE)
    kept.put_turtle(turtle_subjects(triples, ttl) or [])
    (folder / "graph.ttl").write_bytes(ttl)
    (folder / "merges.csv").write_bytes(merges_csv(dataset.merges))
    return hashlib.sha256(ttl).hexdigest(), len(triples)


def _trig_input(quads: Sequence[ox.Quad]) -> TrigInput:
    """The dataset's graphs as TriG blocks. A graph.trig read back as a source brings an analysis
    graph of its own: its quads join the new analysis in one block."""
    key = ANALYSIS_GRAPH_KEY
    start = bisect.bisect_left(quads, key, key=lambda q: str(q.graph_name))
    end = bisect.bisect_right(quads, key, key=lambda q: str(q.graph_name))
    blocks = [block for block in trig_blocks(quads) if block[0] != key]
    return TrigInput(blocks=blocks, earlier=list(quads[start:end]))
