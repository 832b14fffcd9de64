"""Web addresses as sources: fetch each page politely, keep the responses in a cache, hand the bodies on.

    earlier = FetchCache.read(out / "cache" / "fetch", addresses)
    result = fetch_pages(addresses, earlier, FetchOptions())
    result.pages     # tuple[WebPage, ...] for `kg.loaders.load_sources(..., pages=...)`
    result.warnings  # ("<address>: <reason>", ...) for addresses that could not be fetched
    result.cache     # the entries of this build, for `result.cache.write(...)` into the new output

The fetcher (`kg.fetch.client`) obeys robots.txt, waits between requests to a host, follows at
most five redirects, and refuses long or unreadable responses; with `FetchOptions(offline=True)`
the pages come from the cache alone. A rebuild asks with If-None-Match / If-Modified-Since and
reuses the cached body on 304 Not Modified.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.errors import FetchError, KgError
from kg.fetch.cache import CacheEntry, FetchCache
from kg.fetch.options import PROJECT_URL, FetchOptions, user_agent
from kg.model import WebPage

__all__ = [
    "PROJECT_URL",
    "CacheEntry",
    "FetchCache",
    "FetchOptions",
    "FetchResult",
    "fetch_pages",
    "is_address",
    "read_address_list",
    "user_agent",
]

logger = logging.getLogger(__name__)

_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_TRAILING_COMMENT = re.compile(r"\s+#.*$")


@dataclass(frozen=True)
class FetchResult:
    """The pages fetched (or taken from the cache), the failures, and the cache entries to keep."""

    pages: tuple[WebPage, ...]
    warnings: tuple[str, ...]
    cache: FetchCache  # one entry per page read, for the next build
    reused: int = 0  # pages whose cached body was used (the server answered 304, or offline)


def is_address(source: str | Path) -> bool:
    """Whether a source names a web address ("scheme://...") rather than a file or folder."""
    return isinstance(source, str) and _ADDRESS.match(source) is not None


def read_address_list(path: Path) -> list[str]:
    """The addresses listed in a file: one a line; blank lines and `#` comments are ignored."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise KgError(f"{path}: an address list must be UTF-8 text.") from None
    except OSError as err:
        raise KgError(f"{path}: the address list cannot be read ({err.strerror or err}).") from None
    addresses = []
    for line in text.splitlines():
        address = _TRAILING_COMMENT.sub("", line).strip()
        if address and not address.startswith("#"):
            addresses.append(address)
    return addresses


def fetch_pages(
    addresses: Sequence[str],
    earlier: FetchCache,
    options: FetchOptions,
    *,
    strict: bool = False,
    progress: bool = False,
) -> FetchResult:
    """Fetch each address once, in order, asking `earlier`'s entries conditionally; offline, take them.

    An address that cannot be fetched is a warning "<address>: <reason>"; with `strict` the first one
    raises FetchError.
    """
    from tqdm import tqdm

    from kg.fetch.client import Fetcher  # httpx is imported only by builds that fetch

    kept = FetchCache()
    pages: list[WebPage] = []
    warnings: list[str] = []
    reused = 0
    unique = list(dict.fromkeys(addresses))
    with contextlib.ExitStack() as stack:
        fetcher = None if options.offline else stack.enter_context(Fetcher(options))
        bar = stack.enter_context(
            tqdm(total=len(unique), desc="Fetching", unit="address", disable=not progress, leave=False, file=sys.stderr)
        )
        for address in unique:
            cached = earlier.get(address)
            try:
                entry = _offline(address, cached) if fetcher is None else fetcher.fetch(address, cached)
            except FetchError as err:
                if strict:
                    raise
                logger.debug("not fetched: %s", err)
                warnings.append(str(err))
            else:
                if cached is not None and entry.body is cached.body:
                    reused += 1
                kept.put(entry)
                pages.append(entry.page())
            bar.update()
    return FetchResult(tuple(pages), tuple(warnings), kept, reused)


def _offline(address: str, cached: CacheEntry | None) -> CacheEntry:
    if cached is None:
        raise FetchError(address, "not in the fetch cache; build once without --offline to fetch it")
    return cached
