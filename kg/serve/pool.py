"""The query side of `kg serve`: what a query may contain, and the worker processes that run it.

Queries run in worker processes that open the Oxigraph store read-only: a query that runs past the
time limit is stopped by ending its worker (Oxigraph cannot be interrupted from Python), and a new
worker takes its place. Updates are refused before anything is run; so are SERVICE clauses (Oxigraph
would fetch them over HTTP), so no query can reach the network.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import queue
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import GraphNotFoundError, KgError
from kg.store import query_store
from kg.vocab import PREFIXES

__all__ = ["GRAPH_TYPES", "MAX_QUERY_BYTES", "RESULT_TYPES", "QueryPool", "QueryRefused", "ServeOptions", "refusal"]

logger = logging.getLogger(__name__)

MAX_QUERY_BYTES = 100_000

# (media type, short name) for SELECT/ASK results, then for CONSTRUCT/DESCRIBE graphs; first is default.
RESULT_TYPES = (
    ("application/sparql-results+json", "json"),
    ("application/sparql-results+xml", "xml"),
    ("text/csv", "csv"),
    ("text/tab-separated-values", "tsv"),
)
GRAPH_TYPES = (
    ("text/turtle", "turtle"),
    ("application/n-triples", "nt"),
    ("application/ld+json", "jsonld"),
    ("application/rdf+xml", "rdfxml"),
)
_ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
    "application/sparql-results+json": "json",
}


class QueryRefused(KgError):
    """A query the endpoint will not run (an update, SERVICE, too long)."""


@dataclass(frozen=True)
class ServeOptions:
    """How the endpoint runs: where the graph is, limits and worker count."""

    graph_dir: Path
    timeout: float = 10.0
    max_result_bytes: int = 50_000_000
    workers: int = 2


# -- what a query may contain ------------------------------------------------------------------

_STRINGS_IRIS_COMMENTS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\s{}|^`\\\"]*>"
    r"|#[^\n]*"
    r"|[?$][\w]+|[\w-]*:[\w.-]*"  # variables and prefixed names are not keywords either
)
_UPDATE_WORDS = re.compile(r"\b(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_SERVICE = re.compile(r"\bSERVICE\b", re.IGNORECASE)


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _keywords_only(query: str) -> str:
    """The query with its strings, IRIs and comments blanked, so that words inside them do not count.

    SPARQL lets any character of a query be written as \\uXXXX; those are decoded first, so that
    "\\u0053ERVICE" is seen as SERVICE."""
    decoded = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return _STRINGS_IRIS_COMMENTS.sub(" ", decoded)


def refusal(query: str) -> str | None:
    """Why the endpoint refuses `query` (None when it may run): updates and SERVICE are refused."""
    if len(query.encode("utf-8")) > MAX_QUERY_BYTES:
        return f"the query is longer than {MAX_QUERY_BYTES} bytes"
    words = _keywords_only(query)
    if _SERVICE.search(words):
        return "SERVICE is not allowed: this endpoint does not reach other endpoints"
    if _UPDATE_WORDS.search(words):
        return "this endpoint is read-only: updates (INSERT, DELETE, LOAD, …) are not allowed"
    return None


# -- worker processes --------------------------------------------------------------------------


class _LimitedBuffer:
    """A write-only byte buffer that refuses to grow past a limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise OverflowError("result too large")
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def _choose(accepted: list[str], kinds: tuple[tuple[str, str], ...]) -> tuple[str, str]:
    for wanted in accepted:
        if wanted in ("*/*", "application/*", "text/*", ""):
            return kinds[0]
        short = _ALIASES.get(wanted, wanted)
        for media, name in kinds:
            if wanted in (media, name) or short == name:
                return media, name
    return kinds[0]


def _run_in_worker(store: Any, query: str, accepted: list[str], limit: int) -> tuple[int, str, bytes]:
    import pyoxigraph as ox

    try:
        result: Any = query_store(store, query)
    except SyntaxError as err:
        return 400, "text/plain; charset=utf-8", f"Bad SPARQL query: {err}".encode()
    buffer = _LimitedBuffer(limit)
    try:
        if isinstance(result, ox.QueryTriples):
            media, name = _choose(accepted, GRAPH_TYPES)
            rdf_format = {
                "turtle": ox.RdfFormat.TURTLE,
                "nt": ox.RdfFormat.N_TRIPLES,
                "jsonld": ox.RdfFormat.JSON_LD,
                "rdfxml": ox.RdfFormat.RDF_XML,
            }[name]
            prefixes = dict(PREFIXES) if name == "turtle" else None
            ox.serialize(result, buffer, rdf_format, prefixes=prefixes)  # type: ignore[arg-type]
        else:
            media, name = _choose(accepted, RESULT_TYPES)
            results_format = {
                "json": ox.QueryResultsFormat.JSON,
                "xml": ox.QueryResultsFormat.XML,
                "csv": ox.QueryResultsFormat.CSV,
                "tsv": ox.QueryResultsFormat.TSV,
            }[name]
            result.serialize(buffer, results_format)
    except OverflowError:
        return 413, "text/plain; charset=utf-8", f"The result is larger than {limit} bytes.".encode()
    except (OSError, ValueError, RuntimeError) as err:
        if isinstance(err.__cause__, OverflowError) or "result too large" in str(err):
            return 413, "text/plain; charset=utf-8", f"The result is larger than {limit} bytes.".encode()
        return 500, "text/plain; charset=utf-8", f"The query failed: {err}".encode()
    charset = "; charset=utf-8" if not media.endswith("+xml") else ""
    return 200, media + charset, buffer.getvalue()


def _worker_main(store_path: str, conn: multiprocessing.connection.Connection) -> None:
    """A worker process: open the store read-only, answer queries until the pipe closes."""
    import pyoxigraph as ox

    store = ox.Store.read_only(store_path)
    while True:
        try:
            query, accepted, limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = _run_in_worker(store, query, accepted, limit)
        except Exception as err:  # the worker must answer whatever happens
            answer = (500, "text/plain; charset=utf-8", f"The query failed: {err}".encode())
        conn.send(answer)


class _Worker:
    def __init__(self, store_path: str, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(store_path, child), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Worker processes that run queries with a time limit; a stuck worker is ended and replaced."""

    def __init__(self, options: ServeOptions) -> None:
        store = options.graph_dir / "store"
        if not store.is_dir():
            raise GraphNotFoundError(f"No built graph in {options.graph_dir}: run `kg build` first.")
        self.options = options
        self.store_path = str(store)
        self.context = multiprocessing.get_context("spawn")
        self.idle: queue.Queue[_Worker] = queue.Queue()
        for _ in range(max(1, options.workers)):
            self.idle.put(_Worker(self.store_path, self.context))
        self.lock = threading.Lock()

    def run(self, query: str, accepted: list[str]) -> tuple[int, str, bytes]:
        """Run `query` in a free worker and return (status, content type, body)."""
        worker = self.idle.get()
        try:
            worker.conn.send((query, accepted, self.options.max_result_bytes))
            if worker.conn.poll(self.options.timeout):
                answer: tuple[int, str, bytes] = worker.conn.recv()
                return answer
            logger.warning("A query ran past %s s and was stopped", self.options.timeout)
            worker.stop()
            worker = _Worker(self.store_path, self.context)
            message = f"The query was stopped after {self.options.timeout:g} s (the time limit)."
            return 503, "text/plain; charset=utf-8", message.encode()
        except (EOFError, OSError, BrokenPipeError):
            worker.stop()
            worker = _Worker(self.store_path, self.context)
            return 500, "text/plain; charset=utf-8", b"The query worker failed; try again."
        finally:
            self.idle.put(worker)

    def close(self) -> None:
        while not self.idle.empty():
            self.idle.get_nowait().stop()


# -- HTTP ----------------------------------------------------------------------------------------
