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


def make_outputs(loaded: LoadResult, out: Path, folder: Path, request: Request) -> Written:
    """Write the build of `loaded` into the staging folder `folder`: the build in `out` patched when
    its cache and state fit, else everything made again (reusing cached extractions)."""
    earlier = Earlier.open(out) if request.incremental and (out / "cache").is_dir() else None
    try:
        return _make(loaded, folder, request, earlier)
    finally:
        if earlier is not None:
            earlier.close()


def _make(loaded: LoadResult, folder: Path, request: Request, earlier: Earlier | None) -> Written:
    version = extractor_version() + (f"|{request.ner}" if request.ner else "")
    mode = build_mode(version, request.min_confidence)
    state, digests = earlier.state() if earlier is not None else (None, ("", ""))
    if earlier is not None:
        rdf = len(loaded.rdf_sources)
        with _writing(folder, earlier, state, mode, version, request) as (options, cache):
            plan = plan_build(
                state, loaded.documents, cache, mode=mode, earlier=earlier, rdf_sources=rdf, digests=digests
            )
            if plan is not None:
                try:
                    return build_patched(plan, loaded.documents, cache, folder, options)
                except Unpatchable as err:
                    logger.info("The previous build cannot be patched (%s); building in full.", err)
        shutil.rmtree(folder)
        folder.mkdir()
    with _writing(folder, earlier, state, mode, version, request) as (options, cache):
        return build_full(loaded.documents, cache, loaded.rdf_sources, folder, options)


@contextmanager
def _writing(
    folder: Path, earlier: Earlier | None, state: BuildState | None, mode: str, version: str, request: Request
) -> Iterator[tuple[BuildOptions, ExtractionCache]]:
    """The options and extraction cache of one attempt at the build, with a new cache file in
    `folder`; the file is committed when the attempt returns, and closed whatever happens."""
    previous = earlier.file if earlier is not None else None
    # Layouts of the previous build are reused when it was made by this same code and options.
    memo = previous.layouts() if previous is not None and state is not None and state.mode == mode else None
    with CacheFile.create(folder / "cache") as kept:
        options = BuildOptions(
            mode=mode,
            jobs=request.jobs,
            ner=request.ner,
            progress=request.progress,
            min_confidence=request.min_confidence,
            layouts=LayoutMemo(memo, kept.layouts()),
            kept=kept,
        )
        yield options, ExtractionCache(previous, kept, version=version)
        kept.commit()
