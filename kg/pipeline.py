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
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.build import Dataset, build_dataset, serialize
from kg.errors import KgError, OutputError
from kg.extraction import extract_facts, load_ner, load_reference
from kg.loaders import load_sources
from kg.model import Extraction

__all__ = ["BuildSummary", "build", "build_in_memory", "OUTPUT_FILES"]

logger = logging.getLogger(__name__)

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv", "store")


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


def _write_outputs(dataset: Dataset, folder: Path) -> None:
    # Imported here: the store, view and report stages come after the build in the data flow.
    from kg.analysis import to_networkx
    from kg.report import render_report
    from kg.store import open_store, write_store
    from kg.view import write_html

    (folder / "graph.ttl").write_bytes(serialize(dataset, "turtle"))
    (folder / "graph.trig").write_bytes(serialize(dataset, "trig"))
    (folder / "merges.csv").write_bytes(_merges_csv(dataset))
    write_store(dataset.quads, folder / "store")
    store = open_store(folder)
    try:
        graph = to_networkx(store)
        write_html(graph, folder / "graph.html", title="Samverkan: kunskapsgraf")
        (folder / "report.md").write_text(render_report(store), encoding="utf-8")
    finally:
        del store


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


def build(
    sources: Sequence[str | Path],
    out: Path,
    *,
    strict: bool = False,
    min_confidence: float = 0.0,
    ner: str | None = None,
) -> BuildSummary:
    """Build the graph of every document under `sources` and write it to the folder `out`."""
    if not 0.0 <= min_confidence <= 1.0:
        raise KgError(f"--min-confidence must be between 0 and 1, not {min_confidence}.")
    dataset, _, warnings = build_in_memory(sources, strict=strict, min_confidence=min_confidence, ner=ner)
    out = Path(out)
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.build-", dir=parent))
    except OSError as err:
        raise OutputError(f"{out}: cannot write the output folder ({err.strerror or err}).") from None
    try:
        _write_outputs(dataset, staging)
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
        out=out,
    )
