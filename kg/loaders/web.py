"""Fetched web pages -> documents: the loader a response's media type calls for, and the documents' keys.

A page is read as the file it would be on disk: named `<key><suffix>` (the suffix its media type
calls for), so the same registered loader reads it, with the charset the response declared. Its
documents then take the address as their source and the response's ETag and Last-Modified.
"""

from __future__ import annotations

import codecs
import hashlib
import logging
from dataclasses import replace
from datetime import UTC
from email.utils import parsedate_to_datetime
from pathlib import Path

from kg.errors import SourceError
from kg.loaders.registry import loader_for
from kg.model import Document, RdfSource, WebPage
from kg.vocab import slugify

__all__ = ["MEDIA_TYPES", "load_page", "page_key", "page_suffix", "readable_type", "xsd_datetime"]

logger = logging.getLogger(__name__)

# Media type -> the file suffix (and so the loader) a page of that type is read as.
MEDIA_TYPES: dict[str, str] = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
}
# Served without a useful type, a body is still read when it starts like one of these.
_UNTYPED = frozenset({"", "application/octet-stream", "binary/octet-stream"})
_KEY_LENGTH = 80
# The Encoding Standard reads these labels as windows-1252, and so do browsers.
_WINDOWS_1252_ALIASES = frozenset({"latin-1", "iso8859-1", "ascii"})


def page_key(address: str) -> str:
    """The document key of an address: its host and path slugged ("https://www.mdu.se/om" -> "www-mdu-se-om").

    Keys longer than 80 characters end in a short hash of the whole address, so they stay unique.
    """
    bare = address.split("#", 1)[0].split("://", 1)[-1]
    slug = slugify(bare, max_length=10_000)
    if len(slug) <= _KEY_LENGTH:
        return slug
    digest = hashlib.sha256(address.encode("utf-8")).hexdigest()[:8]
    return f"{slug[: _KEY_LENGTH - 9].rstrip('-')}-{digest}"


def readable_type(media_type: str) -> bool:
    """Whether a page of `media_type` may be read: a listed type, or none useful (the body then decides)."""
    return media_type in MEDIA_TYPES or media_type in _UNTYPED


def page_suffix(media_type: str, body: bytes) -> str | None:
    """The suffix a page of `media_type` is read as; None when no loader reads that type."""
    suffix = MEDIA_TYPES.get(media_type)
    if suffix is None and media_type in _UNTYPED and body.startswith(b"%PDF-"):
        return ".pdf"
    return suffix


def _codec(charset: str | None, address: str) -> str | None:
    """The Python codec of a declared charset; None when there is none or Python does not know it."""
    if not charset:
        return None
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        logger.debug("%s: unknown charset %r; detecting the encoding instead", address, charset)
        return None
    return "cp1252" if codec in _WINDOWS_1252_ALIASES else codec


def xsd_datetime(http_date: str | None) -> str | None:
    """An HTTP date ("Thu, 02 May 2024 08:30:00 GMT") as xsd:dateTime in UTC; None when it does not parse."""
    if not http_date:
        return None
    try:
        moment = parsedate_to_datetime(http_date)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def load_page(page: WebPage) -> list[Document] | RdfSource:
    """The documents of a fetched page, read by the loader its media type calls for; SourceError (naming
    the address) when no loader reads the type or the body cannot be read."""
    suffix = page_suffix(page.media_type, page.body)
    if suffix is None:
        readable = ", ".join(sorted(MEDIA_TYPES))
        shown = page.media_type or "none"
        raise SourceError(page.address, f"unsupported content type ({shown}); readable types are {readable}")
    path = Path(page_key(page.address) + suffix)
    loader = loader_for(path, page.body)
    if loader is None:  # pragma: no cover - every suffix above has a loader
        raise SourceError(page.address, f"no loader reads {suffix} files")
    try:
        loaded = loader.load(path, page.body, charset=_codec(page.charset, page.address))
    except SourceError as err:
        raise SourceError(page.address, err.problem) from None
    if isinstance(loaded, RdfSource):  # pragma: no cover - no RDF media type is listed
        return replace(loaded, source=page.address)
    modified = xsd_datetime(page.last_modified)
    return [
        replace(doc, source=page.address, etag=page.etag, last_modified=modified) if doc.source == str(path) else doc
        for doc in loaded
    ]
