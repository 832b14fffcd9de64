"""The build: sources -> documents -> facts -> dataset -> store, files, view and report.

Its stages, in order:

1. `kg.fetch` fetches the web addresses among the sources (asking the previous build's fetch cache
   conditionally) and `kg.loaders` reads the files and pages into documents (before anything is written);
2. `staging` locks the output folder and gives the build a staging folder beside it;
3. `make` reads the previous build back through `earlier` and asks `plan` what changed; then `patch`
   carries that build over where documents did not change, or `full` builds everything (both
   extract through `cache`);
4. `outputs` analyses the stored graph (with what `reads` took from the store) and writes graph.html,
   graph.trig and report.md; `text_files` writes graph.ttl and merges.csv;
5. the fetch cache of this build's pages joins the staged cache folder, and `staging` swaps the
   finished files into the output folder.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Sequence
from pathlib import Path

from kg.building.make import Request, make_outputs
from kg.building.options import FETCH_CACHE, OUTPUT_FILES, BuildSummary
from kg.building.staging import staged
from kg.errors import KgError, OutputError
from kg.extraction import load_ner
from kg.fetch import FetchCache, FetchOptions, FetchResult, fetch_pages, is_address
from kg.loaders import load_sources

__all__ = ["OUTPUT_FILES", "BuildSummary", "Request", "build"]


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
    fetch: FetchOptions | None = None,
) -> BuildSummary:
    """Build the graph of every document under `sources` (files, folders and web addresses) into the
    folder `out`, extracting in `jobs` processes (default: one per core). When `incremental`, the
    previous build in `out` is patched or its cached extractions and fetched pages reused; the output
    is the same bytes as a clean build's, whatever `jobs`. `fetch` sets how addresses are fetched."""
    request = Request(min_confidence, ner, jobs or os.cpu_count() or 1, progress, incremental)
    if not 0.0 <= request.min_confidence <= 1.0:
        raise KgError(f"--min-confidence must be between 0 and 1, not {request.min_confidence}.")
    out = Path(out)
    addresses = [str(source) for source in sources if is_address(source)]
    fetched = _fetch(addresses, out, fetch or FetchOptions(), strict=strict, request=request)
    paths = [source for source in sources if not is_address(source)]
    loaded = load_sources(paths, pages=fetched.pages, strict=strict)
    warnings = fetched.warnings + loaded.warnings
    if not loaded.documents and not loaded.rdf_sources:
        raise KgError(
            f"{', '.join(str(s) for s in sources)}: no readable documents or RDF files found{_why(warnings)}."
        )
    if request.ner:
        load_ner(request.ner)  # a bad --ner is one clear error before any work is done
    # Millions of objects that live until the build ends, in almost no cycle: the collector waits.
    paused = gc.isenabled()
    gc.disable()
    try:
        with staged(out.resolve()) as staging:
            written = make_outputs(loaded, out, staging.folder, request)
            if addresses:
                fetched.cache.write(staging.folder / FETCH_CACHE)
            staging.swap_in(OUTPUT_FILES)
    except OSError as err:
        raise OutputError(
            f"{out}: writing the build failed ({err.strerror or err}); earlier output is unchanged."
        ) from None
    finally:
        if paused:
            gc.enable()
    pages = (len(fetched.pages), fetched.reused) if addresses else None
    return BuildSummary(**dataclasses.asdict(written), warnings=warnings, out=out, pages=pages)


def _why(warnings: Sequence[str]) -> str:
    """The first reason a source was skipped, for the error that nothing could be read."""
    if not warnings:
        return ""
    more = f", and {len(warnings) - 1} more" if len(warnings) > 1 else ""
    return f" ({warnings[0]}{more})"


def _fetch(addresses: list[str], out: Path, options: FetchOptions, *, strict: bool, request: Request) -> FetchResult:
    """The pages of `addresses`, asked of their servers with what the previous build in `out` cached."""
    if not addresses:
        return FetchResult((), (), FetchCache())
    if options.offline and not request.incremental:
        raise KgError("--offline builds from the fetch cache, which --no-cache ignores: use one of them.")
    earlier = FetchCache.read(out / FETCH_CACHE, set(addresses)) if request.incremental else FetchCache()
    return fetch_pages(addresses, earlier, options, strict=strict, progress=request.progress)
