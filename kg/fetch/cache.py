"""The fetch cache: the last response body of every address a build read, with its validators.

    earlier = FetchCache.read(out / "cache" / "fetch")   # the previous build's entries
    entry = earlier.get("https://example.org/")           # CacheEntry | None
    kept = FetchCache(); kept.put(entry)
    kept.write(staging / "cache" / "fetch")               # the entries of the build being written

On disk: `index.json` (per address: final URL, media type, charset, ETag, Last-Modified and the
sha256 of the body) and the bodies under `bodies/`, named by their sha256. Plain data, no pickles,
no times: the same responses give the same files. Only `read` and `write` know the layout.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import WebPage

__all__ = ["CacheEntry", "FetchCache"]

logger = logging.getLogger(__name__)

_INDEX = "index.json"
_BODIES = "bodies"
_FORMAT = 1
_SHA256 = re.compile("[0-9a-f]{64}")


@dataclass(frozen=True)
class CacheEntry:
    """One address's last response: the body and what the next request and the documents need of it."""

    address: str  # as the user gave it
    final_url: str  # after redirects
    media_type: str
    charset: str | None
    etag: str | None
    last_modified: str | None  # the header as sent, for If-Modified-Since
    body: bytes

    def page(self) -> WebPage:
        """The page the loaders read."""
        return WebPage(
            address=self.address,
            body=self.body,
            media_type=self.media_type,
            charset=self.charset,
            etag=self.etag,
            last_modified=self.last_modified,
        )


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _optional(value: Any) -> str | None:
    return None if value is None else str(value)


class FetchCache:
    """Cache entries by address."""

    def __init__(self) -> None:
        self._entries: dict[str, CacheEntry] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[CacheEntry]:
        return iter(self._entries.values())

    def get(self, address: str) -> CacheEntry | None:
        return self._entries.get(address)

    def put(self, entry: CacheEntry) -> None:
        self._entries[entry.address] = entry

    @classmethod
    def read(cls, folder: Path, addresses: Collection[str] | None = None) -> FetchCache:
        """The entries kept in `folder` (only those of `addresses`, if given). A missing or unreadable
        cache is an empty one, and an entry whose body is missing or altered is left out."""
        cache = cls()
        try:
            index = json.loads((folder / _INDEX).read_text(encoding="utf-8"))
            if index.get("format") != _FORMAT:
                return cache
            items = dict(index["entries"]).items()
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
            logger.debug("no usable fetch cache in %s (%s)", folder, err)
            return cache
        for address, meta in items:
            if addresses is not None and address not in addresses:
                continue
            entry = _read_entry(folder, address, meta)
            if entry is not None:
                cache.put(entry)
        return cache

    def write(self, folder: Path) -> None:
        """Write every entry into `folder` (a new folder, or one this cache was read from)."""
        bodies = folder / _BODIES
        bodies.mkdir(parents=True, exist_ok=True)
        entries: dict[str, Any] = {}
        for address in sorted(self._entries):
            entry = self._entries[address]
            digest = _digest(entry.body)
            path = bodies / digest
            if not path.exists():
                path.write_bytes(entry.body)
            entries[address] = {
                "final_url": entry.final_url,
                "media_type": entry.media_type,
                "charset": entry.charset,
                "etag": entry.etag,
                "last_modified": entry.last_modified,
                "body": digest,
            }
        data = json.dumps({"format": _FORMAT, "entries": entries}, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / _INDEX).write_text(data + "\n", encoding="utf-8")


def _read_entry(folder: Path, address: str, meta: Any) -> CacheEntry | None:
    try:
        digest = str(meta["body"])
        if not _SHA256.fullmatch(digest):
            return None
        body = (folder / _BODIES / digest).read_bytes()
        if _digest(body) != digest:
            logger.debug("%s: cached body altered; left out", address)
            return None
        return CacheEntry(
            address=address,
            final_url=str(meta["final_url"]),
            media_type=str(meta["media_type"]),
            charset=_optional(meta.get("charset")),
            etag=_optional(meta.get("etag")),
            last_modified=_optional(meta.get("last_modified")),
            body=body,
        )
    except (OSError, KeyError, TypeError, AttributeError) as err:
        logger.debug("%s: cache entry unusable (%s)", address, err)
        return None
