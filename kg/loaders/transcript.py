"""The document-sharing transcript format of the seed: a report page by page, then related documents.

Shape of such a file (after newline normalisation)::

    <title line>
    Storlek: px
    Starta visningen från sidan:
    Download "<title>"
    Transkript
    1 <words of page 1>
    2 <words of page 2>
    ...
    <title of a related document>
    <the title repeated, then a snippet of that document>
    Läs mer
    ...

with blank lines between paragraphs. The main document gets one region per page (after the page
number); every related document is a document of its own over the same text, part of the main one.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from kg.loaders.base import Block, Line, iter_blocks, iter_lines, trimmed_region
from kg.loaders.dating import reported_year, title_page_date
from kg.loaders.decode import content_hash, decode_text, preview_text
from kg.loaders.text import TITLE_MAX
from kg.model import Document, Region
from kg.vocab import slugify

__all__ = ["sniff_transcript", "load_transcript", "strip_repeated_title", "SNIFF_LINES"]

logger = logging.getLogger(__name__)

SNIFF_LINES = 40
_MARKER = "transkript"
_READ_MORE = "läs mer"
_VIEWER = re.compile(r"^(Storlek:\s*(\d+\s*)?px|Starta visningen från sidan)", re.IGNORECASE)
_BOILERPLATE = re.compile(
    r"^(Storlek:\s*(\d+\s*)?px|Starta visningen från sidan|Download\s+\"|Ladda ner\s+\"|Transkript$)",
    re.IGNORECASE,
)
# A page paragraph starts with its number (at most three digits, so a year is not taken for one).
_PAGE_START = re.compile(r"[ \t]*(\d{1,3})(?:[ \t]+|$)")
# A scrape can drop a page (an image-only page, say); a bigger jump is more likely a number in the text.
_MAX_PAGE_GAP = 3
_CLOSING = frozenset(".,;:!?)]}\"'»”’")
_RELATED_KEY_LENGTH = 60
_REPORTED_PAGES = 3  # the pages whose reported happenings date a report that states no date
# The viewer's "Download" line repeats the document's full title, which often carries its date.
_DOWNLOAD = re.compile(r"^(?:Download|Ladda ner)\s+\"(?P<title>.*)\"\s*$", re.IGNORECASE)
_TITLE_DATE = re.compile(r"\b((?:19|20)\d\d)[- ](0[1-9]|1[0-2])[- ](0[1-9]|[12]\d|3[01])\b")


def _download_date(lines: list[Line]) -> str | None:
    """The xsd:date in the full title of the viewer's Download line, if it gives one."""
    for line in lines[:SNIFF_LINES]:
        found = _DOWNLOAD.match(line.text.strip())
        if found:
            date = _TITLE_DATE.search(found.group("title"))
            return "-".join(date.groups()) if date else None
    return None


def _report_date(text: str, lines: list[Line], regions: tuple[Region, ...]) -> str | None:
    """The report's date: in the full title of the Download line, else printed on its first page, else
    the year of the latest happening its pages report (it was written in or after that year)."""
    pages = [text[region.start : region.end] for region in regions]
    return (
        _download_date(lines)
        or (title_page_date(pages[0]) if pages else None)
        or reported_year("\n".join(pages[:_REPORTED_PAGES]))
    )


def sniff_transcript(path: Path, data: bytes) -> bool:
    """A transcript has, near its top, a "Transkript" line and the viewer's "Storlek: px" or "Starta visningen"."""
    lines = [line.strip() for line in preview_text(data).split("\n")[:SNIFF_LINES]]
    has_marker = any(line.casefold() == _MARKER for line in lines)
    return has_marker and any(_VIEWER.match(line) for line in lines)


def strip_repeated_title(snippet: str, title: str) -> str:
    """The snippet without the listing's title where the snippet begins by repeating it.

    The comparison ignores case, punctuation and spacing ('"Tiden är ju …"' matches 'Tiden är ju …').
    Only the one repetition the listing adds is removed; a title the document itself starts with stays.
    """
    snippet = snippet.strip()
    wanted = "".join(char for char in title.casefold() if char.isalnum())
    if not wanted:
        return snippet
    matched = 0
    for pos, char in enumerate(snippet):
        if not char.isalnum():
            continue
        folded = char.casefold()
        if not wanted.startswith(folded, matched):
            return snippet
        matched += len(folded)
        if matched == len(wanted):
            cut = pos + 1
            if cut < len(snippet) and snippet[cut].isalnum():
                return snippet  # the title is the start of a longer word, not repeated
            while cut < len(snippet) and snippet[cut] in _CLOSING:
                cut += 1
            rest = snippet[cut:].strip()
            return rest or snippet
    return snippet


@dataclass(frozen=True, slots=True)
class _Listing:
    title: str
    snippet_block: Block


def _body_start(lines: list[Line]) -> int:
    """Index of the first line after the viewer boilerplate (after "Transkript" where there is one)."""
    head = lines[:SNIFF_LINES]
    for index, line in enumerate(head):
        if line.text.strip().casefold() == _MARKER:
            return index + 1
    last = 0
    for index, line in enumerate(head):
        if _BOILERPLATE.match(line.text.strip()):
            last = index
    return last + 1


def _split_listings(blocks: list[Block]) -> tuple[list[Block], list[_Listing]]:
    """Blocks of the report, and the related-document listings (title, snippet, "Läs mer")."""
    segments: list[list[Block]] = [[]]
    for block in blocks:
        if len(block.lines) == 1 and block.lines[0].text.strip().casefold() == _READ_MORE:
            segments.append([])
        else:
            segments[-1].append(block)
    if len(segments) == 1:
        return segments[0], []
    listings: list[_Listing] = []
    report: list[Block] = []
    for index, segment in enumerate(segments[:-1]):
        if len(segment) >= 2:
            title_block, snippet_block, rest = segment[-2], segment[-1], segment[:-2]
            listings.append(_Listing(title_block.joined(), snippet_block))
        elif len(segment) == 1 and len(segment[0].lines) >= 2:
            # Title and snippet without a blank line between them.
            only = segment[0]
            listings.append(_Listing(only.lines[0].text.strip(), Block(only.lines[1:])))
            rest = []
        elif len(segment) == 1:
            listings.append(_Listing(segment[0].joined(), segment[0]))
            rest = []
        else:
            rest = []
        if index == 0:
            report = rest
        elif rest:
            logger.debug("ignoring %d stray paragraph(s) between related documents", len(rest))
    if segments[-1]:
        logger.debug("ignoring %d paragraph(s) after the last related document", len(segments[-1]))
    return report, listings


def _page_regions(text: str, blocks: list[Block]) -> tuple[Region, ...]:
    """One region per numbered page paragraph (after the number); unnumbered text before page one
    becomes a region without a page, unnumbered paragraphs after a page continue that page."""
    spans: list[tuple[int | None, int, int]] = []  # (page, start, end)
    previous: int | None = None
    for block in blocks:
        match = _PAGE_START.match(block.lines[0].text)
        number = int(match.group(1)) if match else None
        if match and number is not None and (previous is None or previous < number <= previous + _MAX_PAGE_GAP):
            spans.append((number, block.start + match.end(), block.end))
            previous = number
        elif spans and spans[-1][0] is not None:
            page, start, _ = spans[-1]
            spans[-1] = (page, start, block.end)
        elif spans:  # text before the first page
            spans[-1] = (None, spans[-1][1], block.end)
        else:
            spans.append((None, block.start, block.end))
    regions = (trimmed_region(text, start, end, page) for page, start, end in spans)
    return tuple(region for region in regions if region is not None)


def _related_key(title: str, snippet_line: str) -> str:
    digest = hashlib.sha256(f"{title}\n{snippet_line}".encode()).hexdigest()[:8]
    return f"{slugify(title, max_length=_RELATED_KEY_LENGTH)}-{digest}"


def load_transcript(path: Path, data: bytes, *, charset: str | None = None) -> list[Document]:
    """Read a transcript: the main document with a region per page, then one document per related listing."""
    decoded = decode_text(data, source=str(path), declared=charset)
    text = decoded.text
    lines = list(iter_lines(text))
    title = next((line.text.strip() for line in lines if not line.blank), path.stem)[:TITLE_MAX].rstrip()
    body = lines[_body_start(lines) :]
    report, listings = _split_listings(list(iter_blocks(body)))
    key = slugify(path.stem)
    regions = _page_regions(text, report)
    main = Document(
        key=key,
        title=title,
        text=text,
        source=str(path),
        format="transcript",
        content_hash=content_hash(data),
        regions=regions,
        date=_report_date(text, lines, regions),
        encoding=decoded.encoding,
    )
    documents = [main]
    for listing in listings:
        snippet_region = trimmed_region(text, listing.snippet_block.start, listing.snippet_block.end)
        if snippet_region is None:
            continue
        snippet_line = text[snippet_region.start : snippet_region.end]
        documents.append(
            Document(
                key=_related_key(listing.title, snippet_line),
                title=listing.title,
                text=text,
                source=str(path),
                format="transcript",
                content_hash=content_hash(snippet_line.encode("utf-8")),
                regions=(snippet_region,),
                snippet=strip_repeated_title(snippet_line, listing.title),
                part_of=key,
                date=title_page_date(f"{listing.title}\n{snippet_line}"),
                encoding=decoded.encoding,
            )
        )
    logger.debug("%s: %d page region(s), %d related document(s)", path, len(main.regions), len(listings))
    return documents
