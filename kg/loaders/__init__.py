"""Loaders: source files and folders, and fetched web pages -> documents (and RDF files to merge as they are).

    result = load_sources(["seeds/"], pages=fetched_pages)
    result.documents    # tuple[Document, ...], sorted by path, then order within the file; then the pages'
    result.rdf_sources  # tuple[RdfSource, ...]
    result.warnings     # ("<path>: <reason>", ...) for files that were skipped

The formats live in `LOADERS` (see `kg.loaders.registry`): "html", "transcript", "text", "markdown", "rdf", "pdf".
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from kg.errors import SourceError
from kg.loaders.base import Loader
from kg.loaders.dating import filename_date
from kg.loaders.decode import DecodedText, content_hash, decode_text
from kg.loaders.registry import LOADERS, known_suffixes, loader_for
from kg.loaders.walk import Candidate, walk_folder
from kg.loaders.web import MEDIA_TYPES, load_page, page_key
from kg.model import Document, RdfSource, WebPage

__all__ = [
    "LOADERS",
    "Loader",
    "LoadResult",
    "MAX_FILE_BYTES",
    "MEDIA_TYPES",
    "load_page",
    "page_key",
    "load_sources",
    "load_file",
    "loader_for",
    "known_suffixes",
    "decode_text",
    "DecodedText",
    "content_hash",
]

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024 * 1024  # larger sources are refused rather than read into memory


@dataclass(frozen=True, slots=True)
class LoadResult:
    """What was read from the sources: documents, RDF files to merge, and warnings for skipped files."""

    documents: tuple[Document, ...] = ()
    rdf_sources: tuple[RdfSource, ...] = ()
    warnings: tuple[str, ...] = ()


def load_file(path: Path, data: bytes) -> list[Document] | RdfSource:
    """Read one file's bytes with the loader its suffix (and content) selects; SourceError if none does."""
    loader = loader_for(path, data)
    if loader is None:
        raise SourceError(str(path), _unknown_format(path))
    return loader.load(path, data)


def _unknown_format(path: Path) -> str:
    known = ", ".join(sorted(known_suffixes()))
    suffix = path.suffix or "no suffix"
    return f"unknown format ({suffix}); readable suffixes are {known}"


def _short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


class _Collector:
    """Accumulates a LoadResult: warnings (or, when strict, the first problem raised), de-duplication, keys."""

    def __init__(self, *, strict: bool) -> None:
        self.strict = strict
        self.documents: list[Document] = []
        self.rdf_sources: list[RdfSource] = []
        self.warnings: list[str] = []
        self.keys: set[str] = set()
        self.hashes: dict[str, str] = {}  # content hash of a file -> the path it was first read from

    def problem(self, error: SourceError) -> None:
        if self.strict:
            raise error
        logger.debug("skipped: %s", error)
        self.warnings.append(str(error))

    def warn(self, path: Path, reason: str) -> None:
        self.problem(SourceError(str(path), reason))

    def is_duplicate(self, name: str, data: bytes) -> bool:
        digest = content_hash(data)
        first = self.hashes.get(digest)
        if first is not None:
            # Not a failure even when strict: the content is in the build once.
            self.warnings.append(str(SourceError(name, f"duplicate of {first}")))
            return True
        self.hashes[digest] = name
        return False

    def unique_key(self, key: str, relative: str, full: str) -> str:
        options = (key, f"{key}-{_short_hash(relative)}", f"{key}-{_short_hash(full)}")
        for option in options:
            if option not in self.keys:
                return option
        number = 2
        while f"{options[1]}-{number}" in self.keys:
            number += 1
        return f"{options[1]}-{number}"

    def add_documents(self, relative: str, full: str, documents: list[Document]) -> None:
        """Add the documents read from one source (`relative` to the named source, `full` as reached)."""
        renamed: dict[str, str] = {}
        for document in documents:
            if document.part_of is None:
                key = self.unique_key(document.key, relative, full)
                if key != document.key:
                    logger.debug("%s: key %s taken, using %s", full, document.key, key)
                    renamed[document.key] = key
                    document = replace(document, key=key)
            else:
                if document.key in self.keys:
                    continue  # the same related listing, already read from another transcript
                if document.part_of in renamed:
                    document = replace(document, part_of=renamed[document.part_of])
            if document.date is None and document.part_of is None:
                # The file's name, or the last segment of a web address's path.
                document = replace(document, date=filename_date(full.rstrip("/").rsplit("/", 1)[-1]))
            self.keys.add(document.key)
            self.documents.append(document)

    def result(self) -> LoadResult:
        return LoadResult(tuple(self.documents), tuple(self.rdf_sources), tuple(self.warnings))


def _candidates(paths: Sequence[str | Path], collector: _Collector) -> list[Candidate]:
    sources = [Path(path) for path in paths]
    for source in sources:
        if not source.exists():
            raise SourceError(str(source), "no such file or folder")
    suffixes = known_suffixes()
    visited: set[str] = set()
    found: list[Candidate] = []
    for source in sources:
        if source.is_dir():
            found.extend(
                walk_folder(
                    source,
                    visited=visited,
                    on_problem=collector.warn,
                    wanted=lambda path: path.suffix.lower() in suffixes,
                )
            )
        elif source.is_file():
            found.append(Candidate(source, source.name, explicit=True))
        else:
            collector.warn(source, "not a regular file or folder")
    found.sort(key=lambda candidate: candidate.path.parts)
    unique: list[Candidate] = []
    for candidate in found:
        real = os.path.realpath(candidate.path)
        if real in visited:
            logger.debug("%s: already read (as %s)", candidate.path, real)
            continue
        visited.add(real)
        unique.append(candidate)
    return unique


def _read(candidate: Candidate, collector: _Collector, max_bytes: int) -> bytes | None:
    path = candidate.path
    try:
        size = path.stat().st_size
        if size > max_bytes:
            collector.warn(path, f"too large ({size} bytes; the limit is {max_bytes})")
            return None
        data = path.read_bytes()
    except OSError as err:
        collector.warn(path, f"cannot be read ({err.strerror or err})")
        return None
    if not data:
        collector.warn(path, "empty file")
        return None
    return data


def _add_page(page: WebPage, collector: _Collector) -> None:
    try:
        loaded = load_page(page)
    except SourceError as err:
        collector.problem(err)
        return
    if collector.is_duplicate(page.address, page.body):
        return
    if isinstance(loaded, RdfSource):  # pragma: no cover - no RDF media type is read from the web
        collector.rdf_sources.append(loaded)
    else:
        collector.add_documents(page.address, page.address, loaded)


def load_sources(
    paths: Sequence[str | Path],
    *,
    pages: Sequence[WebPage] = (),
    strict: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
) -> LoadResult:
    """Read every source file under `paths` (files, or folders walked recursively), then the fetched
    `pages`, into documents.

    A file or page that cannot be read is skipped with a warning "<path>: <reason>"; with `strict` the
    first such problem raises SourceError. A path that does not exist always raises SourceError.
    """
    collector = _Collector(strict=strict)
    suffixes = known_suffixes()
    for candidate in _candidates(paths, collector):
        if candidate.path.suffix.lower() not in suffixes:
            collector.warn(candidate.path, _unknown_format(candidate.path))
            continue
        data = _read(candidate, collector, max_bytes)
        if data is None:
            continue
        try:
            loaded = load_file(candidate.path, data)
        except SourceError as err:
            collector.problem(err)
            continue
        if collector.is_duplicate(str(candidate.path), data):
            continue
        if isinstance(loaded, RdfSource):
            collector.rdf_sources.append(loaded)
        else:
            collector.add_documents(candidate.relative, str(candidate.path), loaded)
    for page in pages:
        _add_page(page, collector)
    result = collector.result()
    logger.debug(
        "loaded %d document(s), %d RDF file(s), %d warning(s)",
        len(result.documents),
        len(result.rdf_sources),
        len(result.warnings),
    )
    return result
