"""A small web site on 127.0.0.1 for the fetch tests: pages in two encodings, a PDF, redirects, a slow
page, a large page, robots.txt, validators answering 304, errors. It records every request."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

UTF8_HTML = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Samverkan i Mälardalen</title></head>
<body><main>
<h1>Samverkan i Mälardalen</h1>
<p>Mälardalens universitet och Region Västmanland har tecknat ett samverkansavtal om kompetensförsörjning.</p>
<p>Anna Svensson, rektor vid Mälardalens universitet, öppnade mötet i Västerås den 12 mars 2024.</p>
</main></body></html>
"""
# Served as windows-1252 by the Content-Type alone: the page has no <meta charset>.
CP1252_HTML = """<!doctype html>
<html lang="sv"><head><title>Välfärd i Sörmland</title></head>
<body><main>
<h1>Välfärd i Sörmland</h1>
<p>Eskilstuna kommun och Västerås stad deltar i projektet Framtidens välfärd, som leds av Mälardalens universitet.</p>
<p>Örebro universitet samverkar med Region Örebro län om vård och omsorg.</p>
</main></body></html>
"""
# ISO-8859-15 puts "€" at 0xA4, where windows-1252 (the fallback) has "¤": only the declared charset reads it.
LATIN9_TEXT = "Budget för samverkan\n\nProjektet får 2 000 000 € från Region Västmanland för åren 2024-2025.\n"
PDF_LINES = [
    "Avsiktsförklaring om samverkan",
    "Linköpings universitet och Region Östergötland har tecknat en avsiktsförklaring.",
    "Samverkan gäller forskning och utbildning i Norrköping.",
]
ETAG_V1 = '"v1"'
LAST_MODIFIED = "Thu, 02 May 2024 08:30:00 GMT"


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF of `lines` (reportlab; invariant, so the same lines give the same bytes)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    pdf.setTitle(lines[0])
    pdf.setFont("Helvetica", 11)
    y = 800.0
    for line in lines:
        pdf.drawString(72, y, line)
        y -= 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass
class Page:
    """A response: status, headers, body."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when it arrived
    status: int = 0


class Site:
    """What the server answers, and what it was asked."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[Request] = []
        self.conditional = 0  # requests carrying If-None-Match or If-Modified-Since
        self.not_modified = 0  # 304s sent
        self.slow_seconds = 2.0
        self.lock = threading.Lock()
        self._fill()

    def _fill(self) -> None:
        html = {"Content-Type": "text/html; charset=utf-8"}
        self.pages["/robots.txt"] = Page(
            headers={"Content-Type": "text/plain"}, body=b"User-agent: *\nDisallow: /private/\n"
        )
        self.pages["/utf8.html"] = Page(headers=html, body=UTF8_HTML.encode("utf-8"))
        self.pages["/cp1252.html"] = Page(
            headers={"Content-Type": "text/html; charset=windows-1252"}, body=CP1252_HTML.encode("cp1252")
        )
        self.pages["/budget.txt"] = Page(
            headers={"Content-Type": "text/plain; charset=iso-8859-15"}, body=LATIN9_TEXT.encode("iso-8859-15")
        )
        self.pages["/report.pdf"] = Page(headers={"Content-Type": "application/pdf"}, body=make_pdf(PDF_LINES))
        self.pages["/versioned.html"] = Page(
            headers={**html, "ETag": ETAG_V1, "Last-Modified": LAST_MODIFIED}, body=UTF8_HTML.encode("utf-8")
        )
        self.pages["/private/secret.html"] = Page(headers=html, body=UTF8_HTML.encode("utf-8"))
        self.pages["/image.png"] = Page(headers={"Content-Type": "image/png"}, body=b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        self.pages["/big.html"] = Page(headers=html, body=b"<p>" + b"a" * 80_000 + b"</p>")
        self.pages["/gone.html"] = Page(status=410)
        self.pages["/broken.html"] = Page(status=500)
        for hop in range(1, 4):  # /chain/1 -> /chain/2 -> /chain/3 -> /utf8.html
            target = f"/chain/{hop + 1}" if hop < 3 else "/utf8.html"
            self.pages[f"/chain/{hop}"] = Page(status=302, headers={"Location": target})
        for hop in range(1, 7):  # six redirects, one too many
            target = f"/long/{hop + 1}" if hop < 6 else "/utf8.html"
            self.pages[f"/long/{hop}"] = Page(status=301, headers={"Location": target})
        self.pages["/loop/a"] = Page(status=302, headers={"Location": "/loop/b"})
        self.pages["/loop/b"] = Page(status=307, headers={"Location": "/loop/a"})
        self.pages["/to-ftp"] = Page(status=302, headers={"Location": "ftp://127.0.0.1/file.html"})

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[Page, bool]:
        """The page for `path` (a 304 for a matching validator), and whether to send it slowly."""
        with self.lock:
            request = Request(path, headers, time.monotonic())
            self.requests.append(request)
            page = self.pages.get(path, Page(status=404))
            asked = headers.get("if-none-match") or headers.get("if-modified-since")
            if asked:
                self.conditional += 1
            etag = page.headers.get("ETag")
            if page.status == 200 and etag is not None and headers.get("if-none-match") == etag:
                self.not_modified += 1
                page = Page(status=304, headers={"ETag": etag})
            request.status = page.status
            return page, path == "/slow.html"


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
            headers = {name.lower(): value for name, value in self.headers.items()}
            page, slow = site.answer(self.path, headers)
            if slow:
                time.sleep(site.slow_seconds)  # past the client's read timeout
                page = Page(headers={"Content-Type": "text/html"}, body=b"<p>late</p>")
            self.send_response(page.status)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if self.path != "/big.html":  # the large page streams without a length, until the connection closes
                self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            self.wfile.write(page.body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the signature of http.server
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that gave up (the timeout tests) is not an error here


@dataclass
class Running:
    site: Site
    base: str  # "http://127.0.0.1:<port>"
    port: int
    server: _Server

    def url(self, path: str) -> str:
        return self.base + path

    stopped: bool = False

    def stop(self) -> None:
        if not self.stopped:
            self.stopped = True
            self.server.shutdown()
            self.server.server_close()


def serve() -> Iterator[Running]:
    """Run the site in a thread until the generator is closed (use as a pytest fixture body)."""
    site = Site()
    server = _Server(("127.0.0.1", 0), _handler(site))
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name="fetch-test-server", daemon=True)
    thread.start()
    running = Running(site, f"http://127.0.0.1:{port}", port, server)
    try:
        yield running
    finally:
        running.stop()
        thread.join(timeout=5)
