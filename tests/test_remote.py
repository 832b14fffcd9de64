"""`kg push` and `kg query --endpoint` against a real Virtuoso on loopback: same answers as the
embedded store."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.queries import load_query
from kg.remote import push, remote_query
from kg.store import format_results, open_store, run_query

INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = .
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None:
        if os.environ.get("CI"):
            pytest.fail("Virtuoso (Debian package virtuoso-opensource) is required in CI but virtuoso-t is not on PATH")
        pytest.skip("virtuoso-t not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql, http = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    process = subprocess.Popen(
        [binary, "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{http}/sparql"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}?query=ASK%7B%7D", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                pytest.fail(f"Virtuoso did not start: {(folder / 'virtuoso.log').read_text(errors='replace')[-500:]}")
            time.sleep(0.5)
        # The test database's anonymous SPARQL user may update; a real deployment would use --user.
        subprocess.run(
            [isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield endpoint
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()


def _rows(data: bytes) -> set[tuple[str, ...]]:
    return {tuple(row) for row in csv.reader(io.StringIO(data.decode("utf-8")))}


@pytest.mark.parametrize("name", ["persons", "agreements", "projects", "arenas", "organisations", "documents"])
def test_pushed_graph_answers_like_the_embedded_store(virtuoso: str, seed_graph: Path, name: str) -> None:
    summary = push(seed_graph, virtuoso)
    assert summary.graphs >= 30 and summary.triples > 3000
    query = load_query(name)
    embedded = format_results(run_query(open_store(seed_graph), query), "csv")
    remote = format_results(remote_query(virtuoso, query), "csv")
    assert _rows(remote) == _rows(embedded)


def test_push_twice_replaces_and_the_cli_queries_the_endpoint(virtuoso: str, seed_graph: Path) -> None:
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(main, ["push", "--endpoint", virtuoso, "--graph", str(seed_graph)])
        assert result.exit_code == 0, result.output
        assert "Pushed" in result.output
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://w3id.org/samverkan/')) }"
    embedded = format_results(run_query(open_store(seed_graph), count), "csv")
    result = runner.invoke(main, ["query", count, "--endpoint", virtuoso, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert (
        result.output.encode().replace(b"\r\n", b"\n").split(b"\n")[1].strip()
        == embedded.replace(b"\r\n", b"\n").split(b"\n")[1].strip()
    )


def test_an_unreachable_endpoint_is_one_clear_error(seed_graph: Path) -> None:
    port = _free_port()
    result = CliRunner().invoke(
        main, ["push", "--endpoint", f"http://127.0.0.1:{port}/sparql", "--graph", str(seed_graph)]
    )
    assert result.exit_code == 1
    assert "cannot reach the endpoint" in result.stderr and "Traceback" not in result.stderr
