"""The whole build: sources -> documents -> facts -> dataset -> files, store, view and report.

Everything is written to a temporary folder beside the output folder first and moved into place
only when all of it succeeded, so a failed build leaves earlier output exactly as it was.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.build import Dataset, build_dataset, quad_key, serialize
from kg.cache import ExtractionCache, extractor_version
from kg.errors import KgError, OutputError
from kg.extraction import extract_facts, extract_parallel, load_ner, load_reference
from kg.loaders import load_sources
from kg.model import Document, Extraction

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["BuildSummary", "build", "build_in_memory", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

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


def _merges_csv(dataset: Dataset) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["surface_form", "entity", "reason"])
    for row in dataset.merges:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def _write_outputs(dataset: Dataset, folder: Path) -> int | None:
    """Write every output into `folder`; returns the number of SHACL violations (None: not checked)."""
    # Imported here: the store, analysis, view and report stages come after the build in the data flow.
    import pyoxigraph as ox

    from kg.analysis import analyse, analysis_quads, to_networkx
    from kg.build import serialize_rdf
    from kg.report import render_analysis
    from kg.store import add_quads, write_store
    from kg.validate import validate_quads
    from kg.view import write_html

    (folder / "graph.ttl").write_bytes(serialize(dataset, "turtle"))
    (folder / "merges.csv").write_bytes(_merges_csv(dataset))
    write_store(dataset.quads, folder / "store")
    store = ox.Store(str(folder / "store"))
    try:
        analysis = analyse(store)
        extra = analysis_quads(analysis)
        add_quads(store, extra)
        store.flush()
        (folder / "graph.trig").write_bytes(serialize_rdf(_with_graph(dataset.quads, extra), ox.RdfFormat.TRIG))
        graph = to_networkx(store)
        communities = {m.iri: (c.number, c.name) for c in analysis.communities.items for m in c.members}
        scores = {r.node.iri: r.pagerank for r in analysis.centrality.nodes}
        write_html(
            graph,
            folder / "graph.html",
            title="Samverkan: kunskapsgraf",
            store=store,
            communities=communities,
            scores=scores,
        )
        (folder / "report.md").write_text(render_analysis(store, analysis), encoding="utf-8")
        violations = None
        if len(dataset.quads) <= VALIDATE_MAX_QUADS:
            violations = validate_quads(list(dataset.quads)).violations
    finally:
        del store
    return violations


def _with_graph(quads: Sequence[ox.Quad], extra: Sequence[ox.Quad]) -> Sequence[ox.Quad]:
    """`quads` (sorted by graph, subject, predicate, object) with the quads of one more graph in place.

    The analysis graph goes in where its name sorts, without sorting the whole dataset again;
    should the dataset already hold quads of that graph (a graph.trig read back as a source), the
    union is sorted in full.
    """
    import bisect

    if not extra:
        return quads
    key = quad_key
    block = sorted(set(extra), key=key)
    graphs = {str(q.graph_name) for q in block}
    if len(graphs) != 1:
        return sorted({*quads, *extra}, key=key)
    name = graphs.pop()
    start = bisect.bisect_left(quads, name, key=lambda q: str(q.graph_name))
    end = bisect.bisect_right(quads, name, key=lambda q: str(q.graph_name))
    if start != end:
        return sorted({*quads, *extra}, key=key)
    return [*quads[:start], *block, *quads[start:]]


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
    loaded = load_sources(list(sources), strict=strict)
    if not loaded.documents and not loaded.rdf_sources:
        names = ", ".join(str(s) for s in sources)
        raise KgError(f"{names}: no readable documents or RDF files found.")
    if ner:
        load_ner(ner)  # a bad --ner is one clear error before any work is done
    out = Path(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=parent))
    except OSError as err:
        raise OutputError(f"{out}: cannot write the output folder ({err.strerror or err}).") from None
    try:
        previous = out / "cache" if incremental and (out / "cache").is_dir() else None
        version = extractor_version() + (f"|{ner}" if ner else "")
        cache = ExtractionCache(previous, staging / "cache", version=version)
        extractions = _extract_with_cache(
            loaded.documents, cache, jobs=jobs or os.cpu_count() or 1, ner=ner, progress=progress
        )
        dataset = build_dataset(extractions, loaded.rdf_sources, load_reference(), min_confidence=min_confidence)
        warnings = loaded.warnings
        violations = _write_outputs(dataset, staging)
        _swap_in(staging, out)
    except OSError as err:
        raise OutputError(
            f"{out}: writing the build failed ({err.strerror or err}); earlier output is unchanged."
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildSummary(
        documents=dataset.documents,
        entities=dataset.entities,
        facts=dataset.facts,
        triples=len(dataset.triples()),
        warnings=warnings,
        merges=len(dataset.merges),
        curations=dataset.curations,
        violations=violations,
        reused=cache.hits,
        out=out,
    )
