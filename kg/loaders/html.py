"""HTML pages: the main text of the page, one region per paragraph.

The document text is built from the extracted main text, not from the markup: paragraphs (headings,
list items, table cells) separated by blank lines, so every region quotes words as a reader sees
them. trafilatura finds the main text; before it runs, the obvious boilerplate is cut from the tree
(scripts, styles, navigation, page headers and footers, asides, forms, and elements whose id, class
or role names a cookie banner, consent dialog, menu, breadcrumb, sidebar or share buttons), and when
trafilatura finds nothing the remaining block text of the cleaned page is used instead.

Encoding: a byte-order mark, else the page's own declaration (<meta charset>, the http-equiv
content type, an XML declaration), else UTF-8 with the cp1252 fallback of `decode_text`.

Security: the text is untrusted. A page with an entity declaration (`<!ENTITY`, the way to an
entity expansion bomb) is refused before it is parsed. Parsing uses lxml's HTML parser with
`no_network=True` and `huge_tree=False`; that parser has no `resolve_entities` option because it
never expands entities declared in a DTD (only the predefined HTML character references).
"""

from __future__ import annotations

import codecs
import json
import logging
import re
import unicodedata
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import SourceError
from kg.loaders.dating import dateline_date
from kg.loaders.decode import decode_text, preview_text
from kg.loaders.text import file_document
from kg.model import Document, Region

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["HTML_SUFFIXES", "load_html", "sniff_html", "declared_encoding", "html_paragraphs"]

logger = logging.getLogger(__name__)

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

_PREVIEW_BYTES = 4096  # where a page must declare its encoding (HTML asks for the first 1024 bytes)
_META_CHARSET = re.compile(rb"<meta\b[^>]*?\bcharset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"^\s*<\?xml\b[^>]*?\bencoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_ENTITY_DECLARATION = re.compile(r"<!\s*ENTITY\b", re.IGNORECASE)
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL
)
_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"\s*(\d{4}-\d{2}-\d{2})")

# Elements that are never main text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "aside",
    "form",
    "iframe",
    "svg",
    "canvas",
    "button",
    "select",
    "dialog",
)
# Page headers and footers; inside an <article> or <main> they belong to the text (title, byline).
_PAGE_FRAME_TAGS = ("header", "footer")
_BOILERPLATE_WORDS = frozenset(
    {
        "cookie",
        "cookies",
        "cookiebanner",
        "consent",
        "gdpr",
        "banner",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "sidebar",
        "share",
        "sharing",
        "social",
        "skiplink",
    }
)
_BOILERPLATE_ROLES = frozenset(
    {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
)
_NEVER_BOILERPLATE = frozenset({"html", "head", "body", "main", "article"})
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")
_BLOCK_TAGS = frozenset(
    "address article blockquote dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre "
    "section table tbody td tfoot th thead tr ul caption summary details body".split()
)
# (attribute, value) pairs of <meta> elements that state when a page was published, best first.
_DATE_META = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "dcterms.date",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "dc.date.issued",
    "date",
    "pubdate",
    "publishdate",
)
# Single-byte names browsers read as windows-1252 (the WHATWG Encoding Standard does the same).
_WINDOWS_1252_ALIASES = frozenset({"latin-1", "iso8859-1", "ascii"})


def _lxml_html() -> Any:
    try:
        import lxml.html
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise SourceError("lxml", "is needed to read HTML: pip install lxml") from err
    return lxml.html


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise SourceError("trafilatura", "is needed to read HTML: pip install trafilatura") from err
    return trafilatura


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the encoding a page declares near its start (<meta charset>, XML declaration), or None."""
    head = data[:_PREVIEW_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        codec = codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        logger.debug("unknown declared encoding %r", match.group(1))
        return None
    if codec in _WINDOWS_1252_ALIASES:
        return "cp1252"
    if codec.startswith(("utf-16", "utf-32")):
        return None  # a declaration readable as ASCII cannot be right about UTF-16/32
    return codec


def sniff_html(path: Path, data: bytes) -> bool:
    """HTML suffixes always; a .txt file only if it starts like an HTML page (<!doctype html> or <html>)."""
    if path.suffix.lower() in HTML_SUFFIXES:
        return True
    return _HTML_START.match(preview_text(data, limit=2048).lstrip("\ufeff")) is not None


def _parse(text: str, source: str) -> HtmlElement:
    lxml_html = _lxml_html()
    parser = lxml_html.HTMLParser(
        encoding="utf-8", no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
    )
    try:
        tree = lxml_html.document_fromstring(text.encode("utf-8"), parser=parser)
    except Exception as err:  # lxml raises ParserError, XMLSyntaxError or ValueError for empty documents
        raise SourceError(source, f"not readable as HTML ({err})") from None
    if tree is None:
        raise SourceError(source, "not readable as HTML (no document element)")
    return tree


def _clean(value: str | None) -> str:
    return unicodedata.normalize("NFC", _SPACES.sub(" ", value or "").strip())


def _iso_date(value: str | None) -> str | None:
    match = _ISO_DATE.match(value or "")
    if match is None:
        return None
    try:
        return Date.fromisoformat(match.group(1)).isoformat()
    except ValueError:
        return None


def _json_ld_date(tree: HtmlElement) -> str | None:
    """datePublished (else dateCreated) of the first JSON-LD object that gives one, at any depth."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().casefold() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                for key in ("datePublished", "dateCreated"):
                    found = _iso_date(str(item.get(key) or ""))
                    if found:
                        return found
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _stated_date(tree: HtmlElement) -> str | None:
    """The publication date the markup states: a <meta> date, then the first <time datetime>."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().casefold()
        if name and name not in metas:
            metas[name] = meta.get("content") or ""
    for name in _DATE_META:
        found = _iso_date(metas.get(name))
        if found:
            return found
    found = _json_ld_date(tree)
    if found:
        return found
    for element in tree.iter():
        if isinstance(element.tag, str) and (element.get("itemprop") or "").casefold() == "datepublished":
            found = _iso_date(element.get("datetime") or element.get("content"))
            if found:
                return found
    for element in tree.iter("time"):
        found = _iso_date(element.get("datetime"))
        if found:
            return found
    return None


def _markup_title(tree: HtmlElement) -> str | None:
    """og:title, else <title>, else the first <h1>."""
    for meta in tree.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").casefold() == "og:title" and _clean(meta.get("content")):
            return _clean(meta.get("content"))
    for tag in ("title", "h1"):
        for element in tree.iter(tag):
            title = _clean(element.text_content())
            if title:
                return title
    return None


def _is_boilerplate(element: HtmlElement) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if tag in _PAGE_FRAME_TAGS and not any(parent.tag in ("article", "main") for parent in element.iterancestors()):
        return True
    if tag in _NEVER_BOILERPLATE:
        return False
    names = f"{element.get('id') or ''} {element.get('class') or ''}".casefold()
    marked = (
        (element.get("role") or "").strip().casefold() in _BOILERPLATE_ROLES
        or element.get("hidden") is not None
        or (element.get("aria-hidden") or "").casefold() == "true"
        or any(word in _BOILERPLATE_WORDS for word in _WORD_SPLIT.split(names))
    )
    # A wrapper whose class happens to say "menu-open" must not take the article with it.
    return marked and not any(True for _ in element.iterdescendants("main", "article", "h1"))


def _strip_boilerplate(tree: HtmlElement) -> None:
    """Remove (in place) the elements that are never main text; their tails stay."""
    doomed = [element for element in tree.iter() if isinstance(element.tag, str) and _is_boilerplate(element)]
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _block_paragraphs(tree: HtmlElement) -> list[str]:
    """The text of the (cleaned) body, cut at block elements and line breaks: the fallback extraction."""
    body = tree.find("body")
    root = body if body is not None else tree
    pieces: list[str] = []

    def walk(element: HtmlElement) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("head", "title"):
            return
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            pieces.append("\n")
        if element.text and tag != "br":
            pieces.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
        if block:
            pieces.append("\n")

    walk(root)
    return [_clean(line) for line in "".join(pieces).split("\n") if line.strip()]


def html_paragraphs(tree: HtmlElement) -> tuple[list[str], str | None, str | None]:
    """The main-text paragraphs of a parsed page (which is cleaned in place), with trafilatura's title and date."""
    _strip_boilerplate(tree)
    result = _trafilatura().bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
        date_extraction_params={"original_date": True, "extensive_search": False},
    )
    text = getattr(result, "text", None) or ""
    paragraphs = [_clean(line) for line in text.split("\n") if line.strip()]
    title = _clean(getattr(result, "title", None)) or None
    found_date = _iso_date(getattr(result, "date", None))
    if not paragraphs:
        logger.debug("trafilatura found no main text; using the page's block text")
        paragraphs = _block_paragraphs(tree)
    return paragraphs, title, found_date


def load_html(path: Path, data: bytes, *, charset: str | None = None) -> list[Document]:
    """Read an HTML page: its main text as paragraphs (one region each), its title and stated date.

    A `charset` the transport declares outranks the page's own <meta charset>; a byte-order mark both."""
    source = str(path)
    decoded = decode_text(data, source=source, declared=charset or declared_encoding(data))
    if _ENTITY_DECLARATION.search(decoded.text):
        raise SourceError(source, "entity declarations are not allowed")
    tree = _parse(decoded.text, source)
    markup_title = _markup_title(tree)
    stated = _stated_date(tree)
    paragraphs, extracted_title, extracted_date = html_paragraphs(tree)
    if not paragraphs:
        raise SourceError(source, "no text in the HTML page")
    text = "\n\n".join(paragraphs) + "\n"
    regions: list[Region] = []
    start = 0
    for paragraph in paragraphs:
        regions.append(Region(start, start + len(paragraph)))
        start += len(paragraph) + 2
    title = extracted_title or markup_title or paragraphs[0]
    logger.debug("%s: %d paragraph(s) of main text", path, len(paragraphs))
    return [
        file_document(
            path,
            data,
            source=source,
            fmt="html",
            text=text,
            regions=regions,
            title=title,
            date=stated or dateline_date(text) or extracted_date,
            encoding=decoded.encoding,
        )
    ]
