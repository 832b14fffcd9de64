"""The build: sources -> documents -> facts -> dataset -> store, files, view and report.

Its stages, in order:

1. `sources` fetches the web addresses among the sources (`kg.fetch`, asking conditionally for the
   pages the previous build kept) and reads files and pages into documents (`kg.loaders`), before
   anything is written;
2. `staging` locks the output folder and gives the build a staging folder beside it;
3. `make` reads the previous build back through `earlier` and asks `plan` what changed; then `patch`
   carries that build over where documents did not change, or `full` builds everything (both
   extract through `cache`); what the next build needs goes into one cache file (`state`);
4. `outputs` analyses the stored graph (with what `reads` took from the store) and writes graph.html,
   graph.trig and report.md; `text_files` writes graph.ttl and merges.csv;
5. `staging` swaps the finished files into the output folder.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Sequence
from pathlib import Path

from kg.building.make import Request, make_outputs
from kg.building.options import OUTPUT_FILES, BuildSummary, ExtractOptions
from kg.building.sources import read_sources
from kg.building.staging import staged
from kg.errors import KgError, OutputError
from kg.extraction import load_ner
from kg.fetch import FetchOptions

__all__ = ["OUTPUT_FILES", "BuildSummary", "ExtractOptions", "Request", "build"]


def build(
    sources: Sequence[str | Path],
    out: Path,
    *,
    strict: bool = False,
    jobs: int | None = None,
    progress: bool = False,
    incremental: bool = True,
    extract: ExtractOptions | None = None,
    fetch: FetchOptions | None = None,
) -> BuildSummary:
    """Build the graph of every document under `sources` (files, folders and web addresses) into the
    folder `out`, extracting in `jobs` processes (default: one per core). When `incremental`, the
    previous build in `out` is patched or its cached extractions and fetched pages reused; the output
    is the same bytes as a clean build's, whatever `jobs`. `extract` sets the confidence floor and a
    statistical model; `fetch` how addresses are fetched."""
    extract = extract or ExtractOptions()
    request = Request(extract.min_confidence, extract.ner, jobs or os.cpu_count() or 1, progress, incremental)
    if not 0.0 <= request.min_confidence <= 1.0:
        raise KgError(f"--min-confidence must be between 0 and 1, not {request.min_confidence}.")
    out = Path(out)
    read = read_sources(sources, out, fetch or FetchOptions(), request, strict=strict)
    if request.ner:
        load_ner(request.ner)  # a bad --ner is one clear error before any work is done
    # Millions of objects that live until the build ends, in almost no cycle: the collector waits.
    paused = gc.isenabled()
    gc.disable()
    try:
        with staged(out.resolve()) as staging:
            written = make_outputs(read.loaded, out, staging.folder, request, read.fetched.cache)
            staging.swap_in(OUTPUT_FILES)
    except OSError as err:
        raise OutputError(
            f"{out}: writing the build failed ({err.strerror or err}); earlier output is unchanged."
        ) from None
    finally:
        if paused:
            gc.enable()
    return BuildSummary(**dataclasses.asdict(written), warnings=read.warnings, out=out, pages=read.pages)
