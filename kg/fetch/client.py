"""A build's HTTP requests: robots.txt, a delay per host, redirects, timeouts and a size limit.

One request at a time (so never two at once to a host), each host given `delay` seconds between
the end of one request and the start of the next. Redirects are followed here, not by httpx, so
that each hop's scheme and robots.txt are checked; robots.txt is read once per origin with the
same client. Every failure is a `FetchError` naming the address the user gave.
"""

from __future__ import annotations

import logging
import socket
import time
from dataclasses import dataclass, replace
from types import TracebackType
from urllib.robotparser import RobotFileParser

import httpx

from kg.errors import FetchError
from kg.fetch.cache import CacheEntry
from kg.fetch.options import FetchOptions
from kg.loaders.web import MEDIA_TYPES, readable_type

__all__ = ["Fetcher", "media_type"]

logger = logging.getLogger(__name__)

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_SCHEMES = frozenset({"http", "https"})
_ROBOTS_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB of a robots.txt
_ACCEPT = "text/html, application/xhtml+xml, application/pdf, text/plain, text/markdown;q=0.9, */*;q=0.1"

Origin = tuple[str, str, int | None]


class _Problem(Exception):
    """Why an address cannot be fetched, without the address (the fetcher adds it)."""


@dataclass(frozen=True)
class _Response:
    url: httpx.URL
    status: int
    reason: str
    headers: httpx.Headers
    body: bytes  # empty unless the status is 2xx


def media_type(content_type: str | None) -> tuple[str, str | None]:
    """The media type (lower case, no parameters) and the charset of a Content-Type value."""
    if not content_type:
        return "", None
    kind, _, parameters = content_type.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return kind.strip().lower(), charset


class Fetcher:
    """The HTTP client of one build; a context manager that closes its connections at the end."""

    def __init__(self, options: FetchOptions) -> None:
        self.options = options
        self._client = httpx.Client(
            timeout=httpx.Timeout(options.read_timeout, connect=options.connect_timeout),
            follow_redirects=False,
            headers={"User-Agent": options.user_agent, "Accept": _ACCEPT},
        )
        self._last: dict[str, float] = {}  # host -> when its last request ended (time.monotonic)
        self._robots: dict[Origin, RobotFileParser | str] = {}  # str: why robots.txt stops the origin

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self._client.close()

    def fetch(self, address: str, cached: CacheEntry | None) -> CacheEntry:
        """The current response to `address`: new, or `cached` when the server says it has not changed."""
        try:
            url = _checked_url(address)
            response = self._follow(url, _conditional(cached), page=True)
            return _entry(address, response, cached)
        except _Problem as problem:
            raise FetchError(address, str(problem)) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as err:
            raise FetchError(address, _describe(err, self.options)) from None

    def _follow(self, url: httpx.URL, headers: dict[str, str], *, page: bool) -> _Response:
        """The response at the end of `url`'s redirects (each hop's robots.txt checked for a page)."""
        seen = {str(url)}
        for _ in range(self.options.max_redirects + 1):
            if page:
                self._check_robots(url)
            response = self._exchange(url, headers, page=page)
            if response.status not in _REDIRECTS:
                return response
            location = response.headers.get("location")
            if not location:
                raise _Problem(f"HTTP {response.status} redirect without a Location")
            url = url.join(location)
            if url.scheme not in _SCHEMES:
                raise _Problem(f"redirected to a {url.scheme or 'schemeless'} address; only http and https are fetched")
            if str(url) in seen:
                raise _Problem(f"redirect loop (back to {url})")
            seen.add(str(url))
        raise _Problem(f"more than {self.options.max_redirects} redirects")

    def _exchange(self, url: httpx.URL, headers: dict[str, str], *, page: bool) -> _Response:
        """One request, after the host's delay; the body read (within the limit) when the status is 2xx."""
        self._wait(url.host)
        logger.debug("GET %s", url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                ok = 200 <= response.status_code < 300
                body = self._body(response, page=page) if ok else b""
                return _Response(url, response.status_code, response.reason_phrase, response.headers, body)
        finally:
            self._last[url.host] = time.monotonic()

    def _body(self, response: httpx.Response, *, page: bool) -> bytes:
        """The body, refused past the size limit (or, for robots.txt, cut there) and for unreadable types."""
        limit = self.options.max_bytes if page else _ROBOTS_BYTES
        too_large = f"too large (more than {limit} bytes; the limit is {limit})"
        if page:
            kind, _ = media_type(response.headers.get("content-type"))
            if not readable_type(kind):
                readable = ", ".join(sorted(MEDIA_TYPES))
                raise _Problem(f"unsupported content type ({kind}); readable types are {readable}")
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                raise _Problem(too_large)
        chunks: list[bytes] = []
        total = 0
        for chunk in response.iter_bytes():
            if total + len(chunk) > limit:
                if page:
                    raise _Problem(too_large)
                chunks.append(chunk[: limit - total])
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = last + self.options.delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)

    def _check_robots(self, url: httpx.URL) -> None:
        origin = (url.scheme, url.host, url.port)
        rules = self._robots.get(origin)
        if rules is None:
            rules = self._robots[origin] = self._read_robots(url)
        if isinstance(rules, str):
            raise _Problem(rules)
        if not rules.can_fetch(self.options.user_agent, str(url)):
            raise _Problem("robots.txt disallows fetching it")

    def _read_robots(self, url: httpx.URL) -> RobotFileParser | str:
        """The robots.txt rules of `url`'s origin (RFC 9309: a 4xx allows everything, a 5xx nothing), or
        why they stop every page of it."""
        robots = httpx.URL(scheme=url.scheme, host=url.host, port=url.port, path="/robots.txt")
        parser = RobotFileParser(str(robots))
        try:
            response = self._follow(robots, {}, page=False)
        except _Problem as problem:
            return f"robots.txt cannot be read ({problem})"
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as err:
            return _describe(err, self.options)
        if 200 <= response.status < 300:
            parser.parse(response.body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= response.status < 500:
            parser.parse([])  # no robots.txt (RFC 9309: 4xx): nothing is disallowed
        else:
            return f"robots.txt answered HTTP {response.status}, which stops every page of {url.host}"
        return parser


def _checked_url(address: str) -> httpx.URL:
    try:
        url = httpx.URL(address)
    except httpx.InvalidURL as err:
        raise _Problem(f"not a valid address ({err})") from None
    if url.scheme not in _SCHEMES:
        raise _Problem(f"only http and https addresses are fetched, not {url.scheme or 'schemeless'} ones")
    if not url.host:
        raise _Problem("not a valid address (no host)")
    return url


def _conditional(cached: CacheEntry | None) -> dict[str, str]:
    """The headers that ask for the body only if it changed since `cached`."""
    headers: dict[str, str] = {}
    if cached is not None and cached.etag:
        headers["If-None-Match"] = cached.etag
    if cached is not None and cached.last_modified:
        headers["If-Modified-Since"] = cached.last_modified
    return headers


def _entry(address: str, response: _Response, cached: CacheEntry | None) -> CacheEntry:
    """The cache entry a final response makes (a 304 renews `cached`); _Problem for an error status."""
    status, headers = response.status, response.headers
    if status == 304:
        if cached is None:
            raise _Problem("answered 304 Not Modified to a request that was not conditional")
        logger.debug("%s: not modified", address)
        return replace(
            cached,
            etag=headers.get("etag") or cached.etag,
            last_modified=headers.get("last-modified") or cached.last_modified,
        )
    if 200 <= status < 300:
        kind, charset = media_type(headers.get("content-type"))
        return CacheEntry(
            address=address,
            final_url=str(response.url),
            media_type=kind,
            charset=charset,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            body=response.body,
        )
    if status == 404:
        raise _Problem("not found (HTTP 404)")
    if status == 410:
        raise _Problem("gone (HTTP 410)")
    raise _Problem(f"HTTP {status} {response.reason}".rstrip())


def _cause(err: BaseException) -> BaseException | None:
    """The innermost exception `err` was raised from."""
    seen: set[int] = set()
    inner: BaseException | None = None
    current = err.__cause__ or err.__context__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        inner = current
        current = current.__cause__ or current.__context__
    return inner


def _describe(err: Exception, options: FetchOptions) -> str:
    """A transport failure in a few words."""
    if isinstance(err, httpx.ConnectTimeout):
        return f"connection timed out (after {options.connect_timeout:g} s)"
    if isinstance(err, httpx.ReadTimeout):
        return f"timed out (no data for {options.read_timeout:g} s)"
    if isinstance(err, httpx.TimeoutException):
        return "timed out"
    if isinstance(err, httpx.ConnectError):
        cause = _cause(err)
        if isinstance(cause, socket.gaierror):
            return "host not found (DNS lookup failed)"
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        return f"cannot connect ({cause or err})"
    if isinstance(err, httpx.InvalidURL):
        return f"not a valid address ({err})"
    if isinstance(err, httpx.RemoteProtocolError):
        return f"the server broke off the response ({err})"
    return f"request failed ({err or type(err).__name__})"
