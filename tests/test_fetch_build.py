"""`kg build` from web addresses, against the local web site of tests/fetchserver.py: the same graph as
from the bodies saved to disk, conditional rebuilds answered 304, offline builds, and the command line."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fetchserver import ETAG_V1, UTF8_HTML, Page, Running, serve

import kg.fetch
from kg.building import build
from kg.cli import main
from kg.errors import FetchError, KgError
from kg.fetch import FetchOptions
from kg.loaders import page_key

FAST = FetchOptions(delay=0.0, connect_timeout=2.0, read_timeout=2.0)
FILES = ("/cp1252.html", "/report.pdf", "/utf8.html")  # in the order of their keys, as a folder is read
SUFFIXES = {"/cp1252.html": ".html", "/report.pdf": ".pdf", "/utf8.html": ".html"}


@pytest.fixture
def site() -> Iterator[Running]:
    yield from serve()


def _build(sources: list[str], out: Path, **options: object) -> tuple[bytes, bytes]:
    options.setdefault("fetch", FAST)
    build(sources, out, jobs=1, **options)  # type: ignore[arg-type]
    return (out / "graph.ttl").read_bytes(), (out / "graph.trig").read_bytes()


def test_addresses_give_the_graph_of_the_same_bodies_saved_to_disk(site: Running, tmp_path: Path) -> None:
    """graph.ttl and graph.trig are the same bytes, once each file's path (its dcterms:source) is
    replaced by its address. The files are named by the addresses' keys, so that the document IRIs
    and named graphs, which come from the keys, are the same; they are saved as the server sent them,
    and the pages carry no ETag or Last-Modified (which only a fetched page can record)."""
    addresses = [site.url(path) for path in FILES]
    web_ttl, web_trig = _build(addresses, tmp_path / "web")
    folder = tmp_path / "saved"
    folder.mkdir()
    renames: list[tuple[bytes, bytes]] = []
    for path, address in zip(FILES, addresses, strict=True):
        saved = folder / (page_key(address) + SUFFIXES[path])
        saved.write_bytes(site.site.pages[path].body)
        renames.append((f'"{saved}"'.encode(), f'"{address}"'.encode()))
    disk_ttl, disk_trig = _build([str(folder)], tmp_path / "disk")
    for path_literal, address_literal in renames:
        assert disk_ttl.count(path_literal) == 1
        disk_ttl = disk_ttl.replace(path_literal, address_literal)
        disk_trig = disk_trig.replace(path_literal, address_literal)
    assert web_ttl == disk_ttl
    assert web_trig == disk_trig
    text = web_ttl.decode("utf-8")
    for name in ("Mälardalens universitet", "Örebro universitet", "Linköpings universitet", "Eskilstuna kommun"):
        assert f'"{name}"' in text
    assert f'dcterms:source "{site.url("/cp1252.html")}"' in text


def test_a_rebuild_asks_conditionally_and_reuses_the_body_on_304(site: Running, tmp_path: Path) -> None:
    out = tmp_path / "out"
    address = site.url("/versioned.html")
    first = _build([address], out)
    text = first[0].decode("utf-8")
    assert f'samv:etag "{ETAG_V1.replace(chr(34), chr(92) + chr(34))}"' in text
    assert 'samv:lastModified "2024-05-02T08:30:00Z"^^xsd:dateTime' in text
    assert site.site.conditional == 0
    summary = build([address], out, jobs=1, fetch=FAST)
    assert site.site.conditional == 1 and site.site.not_modified == 1
    assert summary.pages == (1, 1)
    assert ((out / "graph.ttl").read_bytes(), (out / "graph.trig").read_bytes()) == first
    # The page changes: the next build reads the new body and records the new ETag.
    site.site.pages["/versioned.html"] = Page(
        headers={"Content-Type": "text/html; charset=utf-8", "ETag": '"v2"'},
        body=UTF8_HTML.replace("12 mars", "14 mars").encode("utf-8"),
    )
    third = _build([address], out)
    assert site.site.not_modified == 1
    assert b'samv:etag "\\"v2\\""' in third[0] and b"samv:lastModified" not in third[0]


def test_offline_builds_from_the_cache_with_the_server_stopped(site: Running, tmp_path: Path) -> None:
    out = tmp_path / "out"
    addresses = [site.url("/utf8.html"), site.url("/versioned.html"), site.url("/report.pdf")]
    online = _build(addresses, out)
    site.stop()
    offline = _build(addresses, out, fetch=FetchOptions(offline=True))
    assert offline == online
    with pytest.raises(FetchError, match=r"/cp1252\.html: not in the fetch cache"):
        build([*addresses, site.url("/cp1252.html")], out, strict=True, fetch=FetchOptions(offline=True))
    with pytest.raises(KgError, match="--no-cache"):
        build(addresses, out, incremental=False, fetch=FetchOptions(offline=True))
    assert _build(addresses, out, fetch=FetchOptions(offline=True)) == online  # the cache survived the failures


def test_a_page_no_longer_named_leaves_the_cache(site: Running, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build([site.url("/utf8.html"), site.url("/cp1252.html")], out)
    _build([site.url("/utf8.html")], out)
    site.stop()
    with pytest.raises(FetchError, match="not in the fetch cache"):
        build([site.url("/cp1252.html")], out, strict=True, fetch=FetchOptions(offline=True))


# --- the command line --------------------------------------------------------------------------


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """The command line with no pause between requests (the default waits a second per host)."""
    monkeypatch.setattr(kg.fetch, "FetchOptions", functools.partial(FetchOptions, delay=0.0))
    return CliRunner()


def test_kg_build_reads_addresses_from_arguments_and_a_list_beside_files(
    site: Running, tmp_path: Path, runner: CliRunner
) -> None:
    listing = tmp_path / "adresser.txt"
    listing.write_text(
        f"# sidor om samverkan\n{site.url('/cp1252.html')}\n\n{site.url('/missing.html')}\n"
        f"{site.url('/private/secret.html')}  # stängd för robotar\n",
        encoding="utf-8",
    )
    notes = Path(__file__).parent / "data" / "loaders" / "notes.md"
    out = tmp_path / "out"
    args = ["build", str(notes), site.url("/utf8.html"), "--urls", str(listing), "--out", str(out), "--jobs", "1"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"Warning: {site.url('/missing.html')}: not found (HTTP 404)\n"
        f"Warning: {site.url('/private/secret.html')}: robots.txt disallows fetching it\n"
    )
    assert "Built " in result.stdout and ": 3 documents," in result.stdout
    assert "Read 2 web pages (0 from the fetch cache, unchanged or offline)." in result.stdout
    ttl = (out / "graph.ttl").read_text(encoding="utf-8")
    assert f'dcterms:source "{site.url("/utf8.html")}"' in ttl and f'dcterms:source "{notes}"' in ttl


def test_kg_build_strict_fails_on_an_address_and_keeps_the_earlier_output(
    site: Running, tmp_path: Path, runner: CliRunner
) -> None:
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", site.url("/utf8.html"), "--out", str(out), "--jobs", "1"]).exit_code == 0
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and "store" not in p.parts}
    result = runner.invoke(
        main, ["build", site.url("/utf8.html"), site.url("/gone.html"), "--strict", "--out", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr == f"Error: {site.url('/gone.html')}: gone (HTTP 410)\n"
    assert result.stdout == ""
    assert {p: p.read_bytes() for p in before} == before


def test_kg_build_offline_and_an_empty_list_are_one_line_errors(
    site: Running, tmp_path: Path, runner: CliRunner
) -> None:
    empty = tmp_path / "tom.txt"
    empty.write_text("# inget här\n", encoding="utf-8")
    result = runner.invoke(main, ["build", "--urls", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and result.stderr == f"Error: {empty}: lists no web addresses.\n"
    result = runner.invoke(main, ["build", site.url("/utf8.html"), "--offline", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {site.url('/utf8.html')}: no readable documents or RDF files found "
        f"({site.url('/utf8.html')}: not in the fetch cache; build once without --offline to fetch it).\n"
    )
    assert site.site.requests == []
