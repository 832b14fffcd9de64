"""A patched build: the previous build's outputs carried over where documents did not change.

Only the named graphs of new and changed documents (and of documents naming an entity whose class
or label changed) are made again. A copy of the earlier store is patched graph by graph, graph.trig
keeps the other graphs' blocks as bytes, graph.ttl keeps the pieces of the subjects whose triples
did not change, and the view's evidence is looked up only for the patched statements' entities. The
analysis, view and report are then made on the whole graph as in a full build (the timeline reading
the statements of the remade graphs only, the analysis graph stored and serialised for the subjects
that changed): the result is the same bytes as a clean build's. Whatever does not fit raises `Unpatchable`, and the
build is made in full instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.build import Canon, TrigBlock, entity_records, quad_key
from kg.building.cache import ExtractionCache, above, extract_with_cache
from kg.building.earlier import Earlier
from kg.building.options import VALIDATE_MAX_QUADS, BuildOptions, Unpatchable, Written
from kg.building.outputs import (
    ANALYSIS_GRAPH_KEY,
    EarlierAnalysis,
    TrigInput,
    write_outputs,
)
from kg.building.plan import (
    Plan,
    affected,
    canon_table,
    changed_entities,
    document_state,
    graph_name,
)
from kg.building.reads import patched_reads
from kg.building.state import BuildState, DocumentState, TurtleSubject
from kg.building.text_files import TextJob, write_text_files
from kg.extraction import load_reference
from kg.model import Document, Extraction
from kg.vocab import ANALYSIS_GRAPH, ONTOLOGY_GRAPH, RDF, REFERENCE_GRAPH, document_iri

__all__ = ["build_patched"]

_ENDS = (ox.NamedNode(RDF + "subject"), ox.NamedNode(RDF + "object"))
_TYPE_IRI = RDF + "type"
_STATEMENT_IRI = RDF + "Statement"


@dataclass
class _Remade:
    """The documents' graphs made again, and what they were made with."""

    fresh: list[Extraction]  # the new and changed documents' extractions
    canon: Canon  # the entities' classes and labels over all documents
    graphs: dict[str, list[ox.Quad]]  # graph key ("<iri>") -> its quads, sorted
    remade: int  # document graphs made again
    reused: int  # documents whose extraction was not made again

    @property
    def merges(self) -> set[tuple[str, str, str]]:
        return {m for e in self.fresh for m in e.merges}


@dataclass
class _Patch:
    """What patching the store's graphs took away and added."""

    gone: set[ox.Quad]
    come: set[ox.Quad]
    statements: set[ox.NamedNode | ox.BlankNode | ox.Triple]  # the reified statements among them
    touched: set[str]  # subjects and objects of the statements of patched graphs


def build_patched(
    plan: Plan, documents: Sequence[Document], cache: ExtractionCache, folder: Path, options: BuildOptions
) -> Written:
    """The previous build (`plan.earlier`) patched for the documents that changed, written into `folder`."""
    from kg.graph_parts import patched_parts
    from kg.store import settle_union

    state, earlier = plan.state, plan.earlier
    _check_kept(plan, cache)
    rows_before = earlier.report_rows()  # the report's tables before the store is patched
    made = _remake(plan, cache, options)
    gone_graphs = {state.documents[key].graph for key in plan.removed}
    store = earlier.copy_store(folder)
    try:
        patch = _patch_store(store, made.graphs, gone_graphs)
        gained, lost_union = settle_union(store, (q.triple for q in patch.gone), (q.triple for q in patch.come))
        earlier_parts = earlier.parts()
        parts = None if earlier_parts is None else patched_parts(earlier_parts, store, gained, lost_union)
        quads = state.quads + len(patch.come) - len(patch.gone)
        sizes = (state.named + len(patch.come) - len(patch.gone), state.union + len(gained) - len(lost_union))
        merges = sorted({m for d in plan.kept for m in state.documents[d.key].merges} | made.merges)
        reads = patched_reads(
            store, earlier.evidence(), options.kept, sorted(patch.touched), rows_before, [*gained, *lost_union]
        )
        ttl_digest, triples, turtle = write_text_files(_text_job(store, patch, earlier.turtle(), folder, merges))
        options.kept.put_turtle(turtle)
        trig = _trig_input(state, earlier, [*made.graphs, *gone_graphs], made.graphs)
        remade = {*made.graphs, *gone_graphs}
        analysis = EarlierAnalysis(earlier.analysis(), sizes, earlier.statements(), remade)
        digest, offsets, sizes = write_outputs(
            store, folder, trig, reads, options.layouts, options.kept, parts=parts, earlier=analysis
        )
        documents_state = _documents_state(plan, documents, made.fresh, cache, options.min_confidence)
        canon = canon_table(made.canon)
        new_state = BuildState(options.mode, documents_state, canon, offsets, digest, ttl_digest, quads, *sizes)
        options.kept.put_state(new_state)
        violations = _validate(store) if quads <= VALIDATE_MAX_QUADS else None
    finally:
        del store
    return Written(
        documents=len(documents),
        entities=made.canon.entities,
        facts=sum(d.facts for d in documents_state.values()),
        triples=triples,
        merges=len(merges),
        curations=0,
        violations=violations,
        reused=made.reused,
        patched=(len(plan.changed), len(plan.removed), made.remade),
    )


def _documents_state(
    plan: Plan, documents: Sequence[Document], fresh: list[Extraction], cache: ExtractionCache, min_confidence: float
) -> dict[str, DocumentState]:
    """What the state keeps of each document: made again for the new and changed ones, kept for the others."""
    renewed = {e.document.key: e for e in fresh}
    return {
        doc.key: document_state(renewed[doc.key], cache, min_confidence)
        if doc.key in renewed
        else plan.state.documents[doc.key]
        for doc in documents
    }


def _check_kept(plan: Plan, cache: ExtractionCache) -> None:
    """Every kept document has its graph in graph.trig and its entry in the cache (carried into the new one)."""
    listed = {name for name, _, _ in plan.state.blocks}
    for doc in plan.kept:
        if plan.state.documents[doc.key].graph not in listed:
            raise Unpatchable(f"graph.trig has no graph for {doc.source}")
    missing = cache.carry(plan.kept)
    if missing:
        raise Unpatchable(f"no cache entry for {missing[0].source}")


def _remake(plan: Plan, cache: ExtractionCache, options: BuildOptions) -> _Remade:
    """Extract the new and changed documents; make their graphs, those of the documents that name an
    entity whose canon changed, and the reference graph again."""
    from kg.build import fact_graph_quads, reference_quads

    state = plan.state
    fresh = extract_with_cache(plan.changed, cache, jobs=options.jobs, ner=options.ner, progress=options.progress)
    reused = len(plan.kept) + cache.hits  # before the cache is read again below, for kept documents
    records = [r for doc in plan.kept for r in state.documents[doc.key].entities]
    records += [r for e in fresh for r in entity_records(e)]
    ref = load_reference()
    canon = Canon(records, ref)
    touched = affected(plan.kept, state, changed_entities(state.canon, canon))
    again = [cache.get(doc) for doc in touched]
    if any(e is None for e in again):
        raise Unpatchable("a cache entry cannot be read")
    remade = [above(e, options.min_confidence) for e in [*fresh, *again] if e is not None]
    graphs: dict[str, list[ox.Quad]] = {}
    for extraction in remade:
        made = sorted(set(fact_graph_quads(extraction, canon)), key=quad_key)
        graphs[f"<{document_iri(extraction.document.key)}>"] = made
    graphs[f"<{REFERENCE_GRAPH}>"] = sorted(set(reference_quads(canon, ref)), key=quad_key)
    return _Remade(fresh=fresh, canon=canon, graphs=graphs, remade=len(remade), reused=reused)


def _patch_store(store: ox.Store, graphs: dict[str, list[ox.Quad]], gone_graphs: set[str]) -> _Patch:
    """Each made graph patched into the store, each removed document's graph taken out."""
    from kg.store import patch_graph

    patch = _Patch(set(), set(), set(), set())
    for key in sorted([*graphs, *gone_graphs]):
        node = graph_name(key)
        taken, added = patch_graph(store, node, graphs.get(key, ()))
        if not graphs.get(key):
            store.remove_graph(node)
        patch.gone |= taken
        patch.come |= added
        patch.touched.update(
            q.object.value
            for q in (*taken, *graphs.get(key, ()))
            if q.predicate in _ENDS and isinstance(q.object, ox.NamedNode)
        )
        patch.statements.update(q.subject for q in (*taken, *graphs.get(key, ())) if _is_statement_type(q))
    return patch


def _text_job(
    store: ox.Store, patch: _Patch, before: list[TurtleSubject], folder: Path, merges: list[tuple[str, str, str]]
) -> TextJob:
    """graph.ttl: the earlier triples `before`, less those no dataset graph holds any more, plus the
    new; and merges.csv."""
    ttl_gone = {q.triple for q in patch.gone if q.subject not in patch.statements}
    ttl_come = {q.triple for q in patch.come if q.subject not in patch.statements}
    lost = {t for t in ttl_gone - ttl_come if not _in_dataset(store, t)}
    return TextJob(before, folder, lost, ttl_come, merges)


def _trig_input(state: BuildState, earlier: Earlier, patched: list[str], graphs: dict[str, list[ox.Quad]]) -> TrigInput:
    """graph.trig's blocks: the earlier file's blocks of unchanged graphs (copied from it as the new
    one is written), new blocks for the `patched` graphs made again."""
    from kg.build import trig_blocks

    keep = {name: (start, end) for name, start, end in state.blocks}
    for key in [*patched, ANALYSIS_GRAPH_KEY]:
        keep.pop(key, None)
    blocks: list[TrigBlock] = list(keep.items())
    blocks += [b for quads_of in graphs.values() for b in trig_blocks(quads_of)]
    blocks.sort(key=lambda b: b[0])
    return TrigInput(blocks=blocks, source=earlier.trig)


def _validate(store: ox.Store) -> int:
    """SHACL violations of the dataset's graphs (not the analysis or the ontology)."""
    from kg.store import stored_quads
    from kg.validate import validate_quads

    skip = {ONTOLOGY_GRAPH, ANALYSIS_GRAPH}
    data = [
        q for q in stored_quads(store) if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value in skip)
    ]
    return validate_quads(sorted(data, key=quad_key)).violations


def _in_dataset(store: ox.Store, triple: ox.Triple) -> bool:
    """Whether a graph of the dataset (not the analysis, the ontology or the union) holds `triple`."""
    for quad in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value not in (ANALYSIS_GRAPH, ONTOLOGY_GRAPH):
            return True
    return False


def _is_statement_type(quad: ox.Quad) -> bool:
    return (
        quad.predicate.value == _TYPE_IRI
        and isinstance(quad.object, ox.NamedNode)
        and (quad.object.value == _STATEMENT_IRI)
    )
