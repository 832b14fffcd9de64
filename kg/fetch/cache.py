"""The fetch cache: the last response body of every address a build read, with its validators.

    earlier = FetchCache.from_records(rows)       # the previous build's entries
    entry = earlier.get("https://example.org/")   # CacheEntry | None
    kept = FetchCache(); kept.put(entry)
    for address, record, body in kept.records(): ...   # what the build keeps for the next one

The build keeps the records in its cache file (`kg.building.state.CacheFile`, table `fetched`): per
address the final URL, media type, charset, ETag and Last-Modified as a plain JSON object, and the
body. No pickles, no times: the same responses give the same records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from kg.model import WebPage

__all__ = ["CacheEntry", "FetchCache"]

logger = logging.getLogger(__name__)


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

    def records(self) -> Iterator[tuple[str, dict[str, str | None], bytes]]:
        """Every entry as (address, record, body), by address: what the build keeps."""
        for address in sorted(self._entries):
            entry = self._entries[address]
            record = {
                "final_url": entry.final_url,
                "media_type": entry.media_type,
                "charset": entry.charset,
                "etag": entry.etag,
                "last_modified": entry.last_modified,
            }
            yield address, record, entry.body

    @classmethod
    def from_records(cls, rows: Iterable[tuple[str, Any, bytes]]) -> FetchCache:
        """The entries of `rows` as `records` gives them; a row whose record is not of that shape is left out."""
        cache = cls()
        for address, record, body in rows:
            try:
                entry = CacheEntry(
                    address=address,
                    final_url=str(record["final_url"]),
                    media_type=str(record["media_type"]),
                    charset=_optional(record.get("charset")),
                    etag=_optional(record.get("etag")),
                    last_modified=_optional(record.get("last_modified")),
                    body=body,
                )
            except (KeyError, TypeError, AttributeError) as err:
                logger.debug("%s: cache entry unusable (%s)", address, err)
                continue
            cache.put(entry)
        return cache
