"""The build's first stage: web addresses fetched (asking conditionally for the pages the previous
build kept), files and folders read, all of it into documents, before anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.building.make import Request
from kg.building.state import earlier_pages
from kg.errors import KgError
from kg.fetch import FetchCache, FetchOptions, FetchResult, fetch_pages, is_address
from kg.loaders import LoadResult, load_sources

__all__ = ["Sources", "read_sources"]


@dataclass(frozen=True)
class Sources:
    """What the sources gave: documents and RDF files, the fetched pages, and warnings for the rest."""

    loaded: LoadResult
    fetched: FetchResult
    warnings: tuple[str, ...]
    addresses: int  # web addresses among the sources

    @property
    def pages(self) -> tuple[int, int] | None:
        """(pages read, of which the previous build's body was used), when there were addresses."""
        return (len(self.fetched.pages), self.fetched.reused) if self.addresses else None


def read_sources(
    sources: Sequence[str | Path], out: Path, fetch: FetchOptions, request: Request, *, strict: bool
) -> Sources:
    """Fetch the addresses and read the files among `sources`; KgError when nothing is readable."""
    addresses = [str(source) for source in sources if is_address(source)]
    fetched = _fetch(addresses, out, fetch, strict=strict, request=request)
    paths = [source for source in sources if not is_address(source)]
    loaded = load_sources(paths, pages=fetched.pages, strict=strict)
    warnings = fetched.warnings + loaded.warnings
    if not loaded.documents and not loaded.rdf_sources:
        raise KgError(
            f"{', '.join(str(s) for s in sources)}: no readable documents or RDF files found{_why(warnings)}."
        )
    return Sources(loaded, fetched, warnings, len(addresses))


def _why(warnings: Sequence[str]) -> str:
    """The first reason a source was skipped, for the error that nothing could be read."""
    if not warnings:
        return ""
    more = f", and {len(warnings) - 1} more" if len(warnings) > 1 else ""
    return f" ({warnings[0]}{more})"


def _fetch(addresses: list[str], out: Path, options: FetchOptions, *, strict: bool, request: Request) -> FetchResult:
    """The pages of `addresses`, asked of their servers with what the previous build in `out` kept."""
    if not addresses:
        return FetchResult((), (), FetchCache())
    if options.offline and not request.incremental:
        raise KgError("--offline builds from the fetch cache, which --no-cache ignores: use one of them.")
    earlier = FetchCache.from_records(earlier_pages(out, addresses)) if request.incremental else FetchCache()
    return fetch_pages(addresses, earlier, options, strict=strict, progress=request.progress)
