"""Make a build's outputs in its staging folder: the previous build patched when its state allows,
else a full build."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.building.cache import ExtractionCache, extractor_version
from kg.building.earlier import Earlier
from kg.building.full import build_full
from kg.building.options import BuildOptions, Unpatchable, Written
from kg.building.patch import build_patched
from kg.building.plan import build_mode, plan_build
from kg.building.state import BuildState, CacheFile
from kg.fetch import FetchCache
from kg.loaders import LoadResult
from kg.view.layout import LayoutMemo

__all__ = ["Request", "make_outputs"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Request:
    """What the user asked of a build besides its sources and output folder."""

    min_confidence: float = 0.0
    ner: str | None = None
    jobs: int = 1  # extraction processes
    progress: bool = False
    incremental: bool = True


def make_outputs(loaded: LoadResult, out: Path, folder: Path, request: Request, pages: FetchCache) -> Written:
    """Write the build of `loaded` into the staging folder `folder`: the build in `out` patched when
    its cache and state fit, else everything made again (reusing cached extractions). The fetched
    `pages` are kept in the new cache file for the next build."""
    earlier = Earlier.open(out) if request.incremental and (out / "cache").is_dir() else None
    try:
        return _make(_Job(loaded, folder, request, pages, earlier))
    finally:
        if earlier is not None:
            earlier.close()


@dataclass(frozen=True)
class _Job:
    """One build's inputs and what it knows of the previous build."""

    loaded: LoadResult
    folder: Path  # the staging folder
    request: Request
    pages: FetchCache
    earlier: Earlier | None


def _make(job: _Job) -> Written:
    version = extractor_version() + (f"|{job.request.ner}" if job.request.ner else "")
    mode = build_mode(version, job.request.min_confidence)
    earlier, documents = job.earlier, job.loaded.documents
    state, digests = earlier.state() if earlier is not None else (None, ("", ""))
    if earlier is not None:
        rdf = len(job.loaded.rdf_sources)
        with _writing(job, state, mode, version) as (options, cache):
            plan = plan_build(state, documents, cache, mode=mode, earlier=earlier, rdf_sources=rdf, digests=digests)
            if plan is not None:
                try:
                    return build_patched(plan, documents, cache, job.folder, options)
                except Unpatchable as err:
                    logger.info("The previous build cannot be patched (%s); building in full.", err)
        shutil.rmtree(job.folder)
        job.folder.mkdir()
    with _writing(job, state, mode, version) as (options, cache):
        return build_full(documents, cache, job.loaded.rdf_sources, job.folder, options)


@contextmanager
def _writing(
    job: _Job, state: BuildState | None, mode: str, version: str
) -> Iterator[tuple[BuildOptions, ExtractionCache]]:
    """The options and extraction cache of one attempt at the build, with a new cache file in the
    staging folder holding the fetched pages; the file is committed when the attempt returns, and
    closed whatever happens."""
    previous = job.earlier.file if job.earlier is not None else None
    # Layouts of the previous build are reused when it was made by this same code and options.
    memo = previous.layouts() if previous is not None and state is not None and state.mode == mode else None
    with CacheFile.create(job.folder / "cache") as kept:
        for address, record, body in job.pages.records():
            kept.put_fetched(address, record, body)
        options = BuildOptions(
            mode=mode,
            jobs=job.request.jobs,
            ner=job.request.ner,
            progress=job.request.progress,
            min_confidence=job.request.min_confidence,
            layouts=LayoutMemo(memo, kept.layouts()),
            kept=kept,
        )
        yield options, ExtractionCache(previous, kept, version=version)
        kept.commit()
