"""kg.fetch against a local web site (tests/fetchserver.py): encodings, types, redirects, timeouts,
size limits, robots.txt, validators, failures as one line naming the address; and the fetch cache."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetchserver import ETAG_V1, LAST_MODIFIED, Running, serve

from kg import __version__
from kg.building.state import CacheFile, earlier_pages
from kg.errors import FetchError, KgError
from kg.fetch import (
    CacheEntry,
    FetchCache,
    FetchOptions,
    fetch_pages,
    is_address,
    read_address_list,
    user_agent,
)
from kg.loaders import load_sources, page_key
from kg.model import Document

# No pause between requests, and short timeouts and limits the test site can cross.
FAST = FetchOptions(delay=0.0, connect_timeout=2.0, read_timeout=0.5, max_bytes=50_000)


@pytest.fixture
def site() -> Iterator[Running]:
    yield from serve()


def _documents(site: Running, *paths: str) -> list[Document]:
    result = fetch_pages([site.url(p) for p in paths], FetchCache(), FAST)
    assert result.warnings == ()
    return list(load_sources([], pages=result.pages).documents)


def _failure(site: Running, path: str, options: FetchOptions = FAST) -> str:
    """The one warning fetching `path` gives."""
    address = site.url(path)
    result = fetch_pages([address], FetchCache(), options)
    assert result.pages == ()
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith(f"{address}: ") and "\n" not in warning
    return warning.removeprefix(f"{address}: ")


# --- pages to documents ------------------------------------------------------------------------


def test_utf8_html_is_read_with_its_declared_charset(site: Running) -> None:
    (doc,) = _documents(site, "/utf8.html")
    assert doc.format == "html"
    assert doc.source == site.url("/utf8.html")
    assert doc.key == f"127-0-0-1-{site.port}-utf8-html"
    assert doc.title == "Samverkan i Mälardalen"
    assert "Mälardalens universitet och Region Västmanland har tecknat ett samverkansavtal" in doc.text
    assert "öppnade mötet i Västerås" in doc.text


def test_windows_1252_html_is_read_with_the_charset_of_the_content_type(site: Running) -> None:
    (doc,) = _documents(site, "/cp1252.html")
    assert doc.encoding == "cp1252"
    assert doc.title == "Välfärd i Sörmland"
    assert "Örebro universitet samverkar med Region Örebro län" in doc.text
    assert "Ã" not in doc.text


def test_the_response_charset_outranks_the_guess(site: Running) -> None:
    # Guessed, byte 0xA4 would be windows-1252 "¤"; the response says ISO-8859-15, where it is "€".
    (doc,) = _documents(site, "/budget.txt")
    assert doc.format == "text"
    assert "2 000 000 € från Region Västmanland" in doc.text


def test_a_pdf_goes_to_the_pdf_loader(site: Running) -> None:
    (doc,) = _documents(site, "/report.pdf")
    assert doc.format == "pdf"
    assert doc.source == site.url("/report.pdf")
    assert "Linköpings universitet och Region Östergötland har tecknat en avsiktsförklaring." in doc.text


def test_validators_reach_the_document(site: Running) -> None:
    (doc,) = _documents(site, "/versioned.html")
    assert doc.etag == ETAG_V1
    assert doc.last_modified == "2024-05-02T08:30:00Z"
    (plain,) = _documents(site, "/utf8.html")
    assert plain.etag is None and plain.last_modified is None


def test_requests_name_the_tool_and_its_address(site: Running) -> None:
    _documents(site, "/utf8.html")
    agents = {r.headers.get("user-agent") for r in site.site.requests}
    assert agents == {f"samverkan-kg/{__version__} (+https://w3id.org/samverkan)"} == {user_agent()}


# --- redirects ---------------------------------------------------------------------------------


def test_a_redirect_chain_is_followed_and_the_address_stays_the_source(site: Running) -> None:
    result = fetch_pages([site.url("/chain/1")], FetchCache(), FAST)
    (entry,) = list(result.cache)
    assert entry.final_url == site.url("/utf8.html")
    (doc,) = load_sources([], pages=result.pages).documents
    assert doc.source == site.url("/chain/1")
    assert site.site.paths() == ["/robots.txt", "/chain/1", "/chain/2", "/chain/3", "/utf8.html"]


def test_more_than_five_redirects_fail(site: Running) -> None:
    assert _failure(site, "/long/1") == "more than 5 redirects"
    assert site.site.paths().count("/utf8.html") == 0


def test_a_redirect_loop_fails(site: Running) -> None:
    assert _failure(site, "/loop/a") == f"redirect loop (back to {site.url('/loop/a')})"


def test_a_redirect_to_another_scheme_fails(site: Running) -> None:
    assert _failure(site, "/to-ftp") == "redirected to a ftp address; only http and https are fetched"


# --- limits and failures -----------------------------------------------------------------------


def test_a_response_slower_than_the_read_timeout_fails(site: Running) -> None:
    assert _failure(site, "/slow.html") == "timed out (no data for 0.5 s)"


def test_a_response_over_the_size_limit_fails(site: Running) -> None:
    assert _failure(site, "/big.html") == "too large (more than 50000 bytes; the limit is 50000)"
    # Under a larger limit the same page is read.
    result = fetch_pages([site.url("/big.html")], FetchCache(), FetchOptions(delay=0.0, max_bytes=100_000))
    assert len(result.pages) == 1 and len(result.pages[0].body) > 80_000


def test_robots_txt_is_obeyed_and_read_once_per_host(site: Running) -> None:
    paths = ["/private/secret.html", "/utf8.html", "/cp1252.html"]
    result = fetch_pages([site.url(p) for p in paths], FetchCache(), FAST)
    assert result.warnings == (f"{site.url('/private/secret.html')}: robots.txt disallows fetching it",)
    assert len(result.pages) == 2
    assert site.site.paths() == ["/robots.txt", "/utf8.html", "/cp1252.html"]


def test_a_missing_robots_txt_allows_everything(site: Running) -> None:
    del site.site.pages["/robots.txt"]
    result = fetch_pages([site.url("/private/secret.html")], FetchCache(), FAST)
    assert result.warnings == () and len(result.pages) == 1


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing.html", "not found (HTTP 404)"),
        ("/gone.html", "gone (HTTP 410)"),
        ("/broken.html", "HTTP 500 Internal Server Error"),
        ("/image.png", "unsupported content type (image/png); readable types are application/pdf, "),
    ],
)
def test_http_failures_are_one_line(site: Running, path: str, reason: str) -> None:
    assert _failure(site, path).startswith(reason)


def test_a_refused_connection_and_bad_addresses_are_one_line() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    addresses = [f"http://127.0.0.1:{port}/page.html", "ftp://127.0.0.1/file.html", "http:///no-host"]
    result = fetch_pages(addresses, FetchCache(), FAST)
    assert result.warnings == (
        f"http://127.0.0.1:{port}/page.html: connection refused",
        "ftp://127.0.0.1/file.html: only http and https addresses are fetched, not ftp ones",
        "http:///no-host: not a valid address (no host)",
    )


def test_strict_raises_the_first_failure(site: Running) -> None:
    with pytest.raises(FetchError, match=r"/missing\.html: not found \(HTTP 404\)$"):
        fetch_pages([site.url("/missing.html"), site.url("/utf8.html")], FetchCache(), FAST, strict=True)
    assert "/utf8.html" not in site.site.paths()


def test_requests_to_a_host_are_spaced_by_the_delay(site: Running) -> None:
    options = FetchOptions(delay=0.2, read_timeout=2.0)
    fetch_pages([site.url("/utf8.html"), site.url("/cp1252.html")], FetchCache(), options)
    times = [r.at for r in site.site.requests]
    assert len(times) == 3  # robots.txt and two pages
    assert all(later - earlier >= 0.19 for earlier, later in zip(times, times[1:], strict=False))


# --- the cache ---------------------------------------------------------------------------------


def test_a_cached_page_is_asked_for_conditionally_and_reused_on_304(site: Running) -> None:
    address = site.url("/versioned.html")
    first = fetch_pages([address], FetchCache(), FAST)
    second = fetch_pages([address], first.cache, FAST)
    (request,) = [r for r in site.site.requests if r.path == "/versioned.html"][1:]
    assert request.headers["if-none-match"] == ETAG_V1
    assert request.headers["if-modified-since"] == LAST_MODIFIED
    assert request.status == 304 and site.site.not_modified == 1
    assert second.reused == 1
    assert second.pages == first.pages


def test_offline_takes_the_cache_and_names_what_it_lacks(site: Running) -> None:
    cached = fetch_pages([site.url("/utf8.html")], FetchCache(), FAST).cache
    site.stop()
    offline = FetchOptions(offline=True)
    result = fetch_pages([site.url("/utf8.html"), site.url("/cp1252.html")], cached, offline)
    assert [p.address for p in result.pages] == [site.url("/utf8.html")]
    assert result.warnings == (
        f"{site.url('/cp1252.html')}: not in the fetch cache; build once without --offline to fetch it",
    )


def _entry(address: str, body: bytes) -> CacheEntry:
    return CacheEntry(address, address + "?final", "text/html", "utf-8", '"x"', LAST_MODIFIED, body)


def test_the_cache_round_trips_through_the_build_cache_file(tmp_path: Path) -> None:
    cache = FetchCache()
    cache.put(_entry("https://a.example/", b"<p>a</p>"))
    cache.put(_entry("https://b.example/", b"<p>b</p>"))
    with CacheFile.create(tmp_path / "out" / "cache") as file:
        for row in cache.records():
            file.put_fetched(*row)
        file.commit()
    again = FetchCache.from_records(earlier_pages(tmp_path / "out", ["https://a.example/", "https://b.example/"]))
    assert sorted(again, key=lambda e: e.address) == sorted(cache, key=lambda e: e.address)
    only = FetchCache.from_records(earlier_pages(tmp_path / "out", ["https://b.example/", "https://c.example/"]))
    assert [e.address for e in only] == ["https://b.example/"]
    assert earlier_pages(tmp_path / "nowhere", ["https://a.example/"]) == []


def test_a_record_of_another_shape_is_left_out() -> None:
    rows = [("https://a.example/", {"media_type": "text/html"}, b"a"), ("https://b.example/", None, b"b")]
    assert len(FetchCache.from_records(rows)) == 0


# --- addresses ---------------------------------------------------------------------------------


def test_an_address_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text(
        "# nyheter\nhttps://www.mdu.se/nyheter\n\n   \nhttps://example.se/a#del  # med kommentar\n", encoding="utf-8"
    )
    assert read_address_list(listed) == ["https://www.mdu.se/nyheter", "https://example.se/a#del"]
    with pytest.raises(KgError, match="cannot be read"):
        read_address_list(tmp_path / "missing.txt")


def test_addresses_are_told_from_paths() -> None:
    assert is_address("https://www.mdu.se/") and is_address("ftp://x/y")
    assert not is_address("seeds/") and not is_address(Path("https://x"))


def test_page_keys_are_stable_readable_and_bounded() -> None:
    assert page_key("https://www.mdu.se/om/samverkan") == "www-mdu-se-om-samverkan"
    assert page_key("https://www.mdu.se/om/samverkan#avtal") == "www-mdu-se-om-samverkan"
    long = "https://www.example.se/" + "mycket-lang-sida/" * 10
    assert len(page_key(long)) == 80 and page_key(long) == page_key(long)
    assert page_key(long) != page_key(long + "annan")
