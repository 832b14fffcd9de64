"""Plain text: one document per file, one region per form-feed page (or one over the whole text)."""

from __future__ import annotations

import logging
from pathlib import Path

from kg.loaders.base import trimmed_region
from kg.loaders.dating import dateline_date
from kg.loaders.decode import content_hash, decode_text
from kg.model import Document, Region
from kg.vocab import slugify

__all__ = ["load_text", "first_line_title", "file_document", "TITLE_MAX"]

logger = logging.getLogger(__name__)

TITLE_MAX = 200


def file_document(
    path: Path,
    data: bytes,
    *,
    source: str,
    fmt: str,
    text: str,
    regions: list[Region],
    title: str,
    date: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """The one document a file holds, keyed by the file name, with its title cut to TITLE_MAX."""
    return Document(
        key=slugify(path.stem),
        title=title[:TITLE_MAX].rstrip(),
        text=text,
        source=source,
        format=fmt,
        content_hash=content_hash(data),
        regions=tuple(regions),
        date=date,
        encoding=encoding,
    )


def first_line_title(text: str, fallback: str) -> str:
    """The first non-empty line of `text`, stripped and cut to TITLE_MAX characters, else `fallback`."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            return stripped[:TITLE_MAX].rstrip()
    return fallback


def _page_regions(text: str) -> tuple[Region, ...]:
    if "\f" not in text:
        region = trimmed_region(text, 0, len(text))
        return () if region is None else (region,)
    regions: list[Region] = []
    start = 0
    for page, chunk in enumerate(text.split("\f"), start=1):
        region = trimmed_region(text, start, start + len(chunk), page)
        if region is not None:  # a blank page still counts in the numbering
            regions.append(region)
        start += len(chunk) + 1
    return tuple(regions)


def load_text(path: Path, data: bytes, *, charset: str | None = None) -> list[Document]:
    """Read a plain-text file: title from the first line; pages where the text has form feeds."""
    decoded = decode_text(data, source=str(path), declared=charset)
    text = decoded.text
    return [
        Document(
            key=slugify(path.stem),
            title=first_line_title(text, path.stem),
            text=text,
            source=str(path),
            format="text",
            content_hash=content_hash(data),
            regions=_page_regions(text),
            date=dateline_date(text),
            encoding=decoded.encoding,
        )
    ]
