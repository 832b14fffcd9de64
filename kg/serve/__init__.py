"""A read-only SPARQL 1.1 Protocol endpoint over the built graph, with the HTML view and a query page.

Queries run in worker processes that open the Oxigraph store read-only: a query that runs past the
time limit is stopped by ending its worker (Oxigraph cannot be interrupted from Python), and a new
worker takes its place, so the server stays healthy. Updates are refused with 403 before anything is
run; so are SERVICE clauses (Oxigraph would fetch them over HTTP), so no query can reach the network.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from kg.errors import KgError
from kg.queries import list_queries
from kg.serve.pool import MAX_QUERY_BYTES, QueryPool, QueryRefused, ServeOptions, refusal

__all__ = ["ServeOptions", "QueryPool", "QueryRefused", "make_server", "serve", "refusal"]

logger = logging.getLogger(__name__)


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
