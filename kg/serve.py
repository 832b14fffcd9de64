"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, with the HTML view and a query page.

Queries run in worker processes that open the Oxigraph store read-only: a query that runs past the
time limit is stopped by ending its worker (Oxigraph cannot be interrupted from Python), and a new
worker takes its place, so the server stays healthy. Updates are refused with 403 before anything is
run; so are SERVICE clauses (Oxigraph would fetch them over HTTP), so no query can reach the network.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import multiprocessing.connection
import queue
import re
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from kg.errors import GraphNotFoundError, KgError
from kg.queries import list_queries
from kg.store import query_store
from kg.vocab import PREFIXES

__all__ = ["ServeOptions", "QueryPool", "QueryRefused", "make_server", "serve", "refusal"]

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


def _accepted(header: str | None, explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    if not header:
        return []
    items = []
    for index, part in enumerate(header.split(",")):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, index, media.strip().lower()))
    return [media for _, _, media in sorted(items)]


def _query_page() -> bytes:
    examples = [
        {"name": q.name, "description": q.description, "query": q.path.read_text(encoding="utf-8")}
        for q in list_queries()
    ]
    data = json.dumps(examples, ensure_ascii=False).replace("</", "<\\/")
    data = data.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return _QUERY_PAGE.replace("__EXAMPLES__", data).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        logger.info("%s %s", self.address_string(), format % args)

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _text(self, status: int, message: str) -> None:
        self._send(status, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _query(self, query: str | None, params: dict[str, list[str]]) -> None:
        if not query:
            self._text(HTTPStatus.BAD_REQUEST, "No query: send one as the 'query' parameter.")
            return
        reason = refusal(query)
        if reason is not None:
            status = (
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE
                if reason.startswith("the query is longer")
                else HTTPStatus.FORBIDDEN
            )
            self._text(status, f"Refused: {reason}.")
            return
        formats = params.get("format") or []
        explicit = formats[0] if formats else None
        code, content_type, body = self.server.pool.run(query, _accepted(self.headers.get("Accept"), explicit))
        self._send(code, content_type, body)

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        params = urllib.parse.parse_qs(url.query)
        if url.path == "/sparql":
            if "update" in params:
                self._text(HTTPStatus.FORBIDDEN, "Refused: this endpoint is read-only.")
                return
            if "query" not in params:
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.query_page)
                return
            self._query(params["query"][0], params)
        elif url.path in ("/", "/graph.html"):
            view = self.server.options.graph_dir / "graph.html"
            if view.is_file():
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", view.read_bytes())
            else:
                self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.query_page)
        elif url.path == "/query":
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", self.server.query_page)
        else:
            self._text(HTTPStatus.NOT_FOUND, "Not found: try /sparql, /query or /.")

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            self._text(HTTPStatus.NOT_FOUND, "Not found: POST queries to /sparql.")
            return
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_QUERY_BYTES * 2:
            self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Refused: the request body is too large.")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query)
        if content_type == "application/sparql-update":
            self._text(HTTPStatus.FORBIDDEN, "Refused: this endpoint is read-only.")
        elif content_type == "application/sparql-query":
            self._query(body, params)
        elif content_type == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body)
            if "update" in form:
                self._text(HTTPStatus.FORBIDDEN, "Refused: this endpoint is read-only.")
            else:
                queries = form.get("query") or []
                self._query(queries[0] if queries else None, {**params, **form})
        else:
            self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Send application/sparql-query or a form with 'query'.")

    def _refuse_method(self) -> None:
        self._text(HTTPStatus.METHOD_NOT_ALLOWED, "Refused: this endpoint is read-only.")

    do_PUT = do_DELETE = do_PATCH = _refuse_method


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], options: ServeOptions, pool: QueryPool) -> None:
        super().__init__(address, _Handler)
        self.options = options
        self.pool = pool
        self.query_page = _query_page()


def make_server(options: ServeOptions, host: str = "127.0.0.1", port: int = 7878) -> _Server:
    """A server on `host:port` (port 0 picks a free one), ready for `serve_forever()`."""
    pool = QueryPool(options)
    try:
        return _Server((host, port), options, pool)
    except OSError as err:
        pool.close()
        raise KgError(f"Cannot listen on {host}:{port}: {err.strerror or err}.") from None


def serve(options: ServeOptions, host: str = "127.0.0.1", port: int = 7878) -> Iterator[str]:
    """Run the endpoint until interrupted; yields one line to show once it listens."""
    server = make_server(options, host, port)
    try:
        address = f"http://{host}:{server.server_address[1]}"
        yield f"Serving {options.graph_dir} at {address}/sparql (view: {address}/, queries: {address}/query)"
        server.serve_forever()
    finally:
        server.server_close()
        server.pool.close()


_QUERY_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>samverkan-kg: SPARQL</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'">
<style>
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:80rem}
textarea{width:100%;height:16rem;font-family:monospace;font-size:.9rem}
table{border-collapse:collapse;margin-top:1rem}td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}
#status{margin-left:1rem;color:#555}
</style></head><body>
<h1>SPARQL</h1>
<p>A read-only SPARQL 1.1 endpoint at <code>/sparql</code>. The project prefixes (samv:, org:, person: …) are declared; named graphs are part of the default graph.
<a href="/">The graph view</a>.</p>
<label>Example: <select id="examples"><option value="">(choose a named query)</option></select></label>
<p id="description"></p>
<textarea id="query" spellcheck="false">SELECT DISTINCT ?name WHERE { ?p a samv:Person ; skos:prefLabel ?name } ORDER BY ?name</textarea>
<p><button id="run">Run</button><span id="status"></span></p>
<div id="results"></div>
<script>
const examples = __EXAMPLES__;
const select = document.getElementById("examples");
for (const example of examples) {
  const option = document.createElement("option");
  option.value = example.name; option.textContent = example.name;
  select.appendChild(option);
}
select.addEventListener("change", () => {
  const chosen = examples.find(e => e.name === select.value);
  if (chosen) {
    document.getElementById("query").value = chosen.query;
    document.getElementById("description").textContent = chosen.description;
  }
});
function cell(term) { return term ? term.value : ""; }
document.getElementById("run").addEventListener("click", async () => {
  const status = document.getElementById("status");
  const results = document.getElementById("results");
  results.replaceChildren(); status.textContent = "running…";
  const started = performance.now();
  const response = await fetch("/sparql", {method: "POST",
    headers: {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json, text/turtle"},
    body: document.getElementById("query").value});
  const text = await response.text();
  status.textContent = response.status + " in " + Math.round(performance.now() - started) + " ms";
  const type = response.headers.get("Content-Type") || "";
  if (!response.ok || !type.startsWith("application/sparql-results+json")) {
    const pre = document.createElement("pre"); pre.textContent = text; results.appendChild(pre); return;
  }
  const data = JSON.parse(text);
  if ("boolean" in data) { results.textContent = String(data.boolean); return; }
  const table = document.createElement("table");
  const head = table.insertRow();
  for (const name of data.head.vars) { const th = document.createElement("th"); th.textContent = name; head.appendChild(th); }
  for (const binding of data.results.bindings) {
    const row = table.insertRow();
    for (const name of data.head.vars) { row.insertCell().textContent = cell(binding[name]); }
  }
  results.appendChild(table);
});
</script></body></html>
"""
