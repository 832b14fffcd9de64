"""`kg serve`: the SPARQL 1.1 Protocol, read-only, no network reach, a time limit, and load."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from SPARQLWrapper import CSV, JSON, SPARQLWrapper

from kg.serve import ServeOptions, make_server

PERSONS = "SELECT DISTINCT ?name WHERE { ?p a samv:Person ; skos:prefLabel ?name } ORDER BY ?name"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def endpoint(seed_graph: Path) -> Iterator[str]:
    server = make_server(ServeOptions(seed_graph, timeout=3.0, workers=2), "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    server.pool.close()


def _request(url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def _get(base: str, query: str, accept: str) -> tuple[int, str, bytes]:
    return _request(f"{base}/sparql?{urllib.parse.urlencode({'query': query})}", headers={"Accept": accept})


@pytest.mark.parametrize(
    ("accept", "content_type", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"bindings"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"name\r\n"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?name\n"),
    ],
)
def test_get_in_four_result_formats(endpoint: str, accept: str, content_type: str, marker: bytes) -> None:
    status, kind, body = _get(endpoint, PERSONS, accept)
    assert status == 200
    assert kind.startswith(content_type)
    assert marker in body
    assert b"Cecilia Vestman" in body


def test_post_form_and_direct(endpoint: str) -> None:
    form = urllib.parse.urlencode({"query": PERSONS}).encode()
    status, _, body = _request(
        f"{endpoint}/sparql",
        data=form,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200
    names = [b["name"]["value"] for b in json.loads(body)["results"]["bindings"]]
    assert "Karin Röding" in names
    status, _, body = _request(
        f"{endpoint}/sparql",
        data=PERSONS.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"},
    )
    assert status == 200 and "Karin Röding".encode() in body


@pytest.mark.parametrize(
    ("accept", "marker"),
    [("text/turtle", b"@prefix"), ("application/n-triples", b"@sv .\n"), ("application/ld+json", b"@id")],
)
def test_construct_is_negotiated(endpoint: str, accept: str, marker: bytes) -> None:
    query = "CONSTRUCT { ?p skos:prefLabel ?n } WHERE { ?p a samv:Person ; skos:prefLabel ?n }"
    status, kind, body = _get(endpoint, query, accept)
    assert status == 200 and kind.startswith(accept)
    assert marker in body


def test_updates_are_refused_and_change_nothing(endpoint: str) -> None:
    before = _get(endpoint, COUNT, "text/csv")[2]
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    form = urllib.parse.urlencode({"update": update}).encode()
    status, _, body = _request(
        f"{endpoint}/sparql", data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 403 and b"read-only" in body
    status, _, _ = _request(
        f"{endpoint}/sparql", data=update.encode(), headers={"Content-Type": "application/sparql-update"}
    )
    assert status == 403
    status, _, _ = _get(endpoint, update, "text/csv")
    assert status == 403
    assert _get(endpoint, COUNT, "text/csv")[2] == before


def test_service_and_load_never_connect(endpoint: str) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for query in (
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
            f"LOAD <http://127.0.0.1:{port}/data.ttl>",
        ):
            status, _, body = _get(endpoint, query, "text/csv")
            assert status == 403, body
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()


def test_a_runaway_query_is_stopped_and_the_server_stays_healthy(endpoint: str) -> None:
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    status, _, body = _get(endpoint, runaway, "text/csv")
    assert status == 503 and b"time limit" in body
    status, _, body = _get(endpoint, PERSONS, "text/csv")
    assert status == 200 and b"Cecilia Vestman" in body


def test_bad_query_is_a_400_with_the_reason(endpoint: str) -> None:
    status, _, body = _get(endpoint, "SELECT * WHERE {", "text/csv")
    assert status == 400 and b"Bad SPARQL query" in body


def test_view_and_query_page_are_served(endpoint: str) -> None:
    status, kind, body = _request(f"{endpoint}/")
    assert status == 200 and kind.startswith("text/html") and b"window.network" in body
    status, _, body = _request(f"{endpoint}/query")
    assert status == 200 and b"persons" in body and b"<script src" not in body


def test_sparqlwrapper_client(endpoint: str) -> None:
    client = SPARQLWrapper(f"{endpoint}/sparql")
    client.setQuery(
        "PREFIX samv: <https://w3id.org/samverkan/ontology#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        + PERSONS
    )
    client.setReturnFormat(JSON)
    rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert {"name": {"type": "literal", "value": "Ulla Boström Hjorth", "xml:lang": "sv"}} in rows
    client.setReturnFormat(CSV)
    assert "Ulla Boström Hjorth" in client.queryAndConvert().decode("utf-8")  # type: ignore[union-attr]


def test_load_from_several_clients(endpoint: str) -> None:
    """A bounded load test on loopback: 300 requests from 6 clients, zero errors."""
    queries = [PERSONS, COUNT, "ASK { ?s a samv:Arena }"]

    def one(i: int) -> int:
        return _get(endpoint, queries[i % len(queries)], "application/sparql-results+json")[0]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(one, range(300)))
    elapsed = time.monotonic() - started
    print(f"load test: 300 requests in {elapsed:.2f} s, {300 / elapsed:.0f} requests/s")
    assert statuses.count(200) == 300
