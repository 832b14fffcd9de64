"""PDF: the text of each page (pypdf), one region per page with its page number.

A page's text is rebuilt from the lines pypdf extracts: lines of one paragraph are joined by spaces
(with line-break hyphenation undone: "sam-" + "verkan" -> "samverkan"), paragraphs are separated by
blank lines, and a lone page number at the top or bottom of a page is dropped. Paragraph ends are
guessed from the lines alone: a line clearly shorter than the page's full lines that ends a
sentence, a short line without a stop (a heading), or a line before a bullet. The pages are joined
by blank lines into the document text; all of this happens before offsets are computed, so
`text[region.start:region.end]` is exactly the page's text.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from kg.dates import parse_date
from kg.errors import SourceError
from kg.loaders.dating import title_page_date
from kg.loaders.text import file_document
from kg.model import Document, Region

__all__ = ["load_pdf", "page_paragraphs", "page_text"]

logger = logging.getLogger(__name__)

PAGE_SEPARATOR = "\n\n"
_HEADER_BYTES = 1024  # the %PDF- header may follow a little junk, as readers tolerate
_FULL_LINE_SHARE = 0.85  # a line shorter than this share of the page's longest lines may end a paragraph
_HEADING_SHARE = 0.6
_SENTENCE_END = re.compile(r"[.!?:…][\"”’»)]*$")
_ABBREVIATION_END = re.compile(
    r"(?:^|\s)\S*\.\S+\.$|(?:^|\s)(?:bl|t|m|s|d|resp|ca|nr|kl|prof|dr|jfr)\.$", re.IGNORECASE
)
_BULLET = re.compile(r"(?:[•▪●◦·*–—-]|\d{1,2}[.)])\s")
_PAGE_NUMBER = re.compile(r"(?:sida\s+|s\.\s*)?\d{1,4}(?:\s*(?:/|av)\s*\d{1,4})?", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d\d)(\d\d)(\d\d)")
# Words after which a line-end hyphen is a Swedish suspended compound ("hälso- och sjukvård").
_KEEP_HYPHEN_BEFORE = frozenset({"och", "eller", "samt", "respektive", "resp.", "till", "som", "men"})
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"})
_MEANINGLESS_TITLES = frozenset(
    {"untitled", "untitled document", "document", "title", "no title", "namnlös", "dokument"}
)
_FILE_NAME_TITLE = re.compile(
    r"\.(?:docx?|odt|rtf|pdf|pptx?|indd|qxd|tex|txt)\s*$|^microsoft (?:word|powerpoint) - ", re.IGNORECASE
)


def _pypdf() -> Any:
    try:
        import pypdf
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise SourceError("pypdf", "is needed to read PDF files: pip install pypdf") from err
    return pypdf


def _clean_line(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_LIGATURES)).strip()


def _ends_paragraph(line: str, following: str | None, full: int) -> bool:
    if following is None or _BULLET.match(following):
        return True
    if len(line) >= _FULL_LINE_SHARE * full:
        return False
    if _SENTENCE_END.search(line):
        return _ABBREVIATION_END.search(line) is None
    # A short line without a stop, followed by a capital: a heading (or the last line of a list item).
    return len(line) < _HEADING_SHARE * full and following[:1].isupper()


def _starts_heading(line: str, full: int) -> bool:
    return len(line) < _HEADING_SHARE * full and not _SENTENCE_END.search(line) and line[:1].isupper()


def page_paragraphs(raw: str) -> list[list[str]]:
    """Group the extracted lines of one page into paragraphs (lists of cleaned lines)."""
    lines = [_clean_line(line) for line in unicodedata.normalize("NFC", raw).split("\n")]
    # A page number alone at the top or bottom is furniture, not text.
    content = [index for index, line in enumerate(lines) if line]
    for index in (content[:1] + content[-1:]) if len(content) > 1 else []:
        if _PAGE_NUMBER.fullmatch(lines[index]):
            lines[index] = ""
    full = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            if current:
                paragraphs.append(current)
                current = []
            continue
        if current and _starts_heading(line, full) and not _ends_paragraph(current[-1], line, full):
            paragraphs.append(current)
            current = []
        current.append(line)
        following = next((later for later in lines[index + 1 :] if later), None)
        nearest = lines[index + 1] if index + 1 < len(lines) else ""
        if nearest and _ends_paragraph(line, following, full):
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _join_lines(lines: list[str]) -> str:
    """One paragraph's lines joined by spaces, undoing hyphenation at line ends."""
    joined = lines[0]
    for line in lines[1:]:
        first_word = line.split(" ", 1)[0]
        if joined.endswith("\u00ad"):  # a soft hyphen only ever marks a break
            joined = joined[:-1] + line
        elif (
            joined.endswith("-")
            and len(joined) >= 2
            and joined[-2].isalnum()
            and line[:1].islower()
            and first_word.casefold() not in _KEEP_HYPHEN_BEFORE
        ):
            # "sam-" + "verkan": a word broken over two lines; "EU-" + "projekt" keeps its hyphen.
            joined = (joined[:-1] if joined[-2].islower() else joined) + line
        else:
            joined = f"{joined} {line}"
    return joined.replace("\u00ad", "")


def page_text(raw: str) -> str:
    """The text of one page as the document holds it: paragraphs joined by blank lines."""
    return "\n\n".join(_join_lines(paragraph) for paragraph in page_paragraphs(raw))


def _open(pypdf: Any, data: bytes, source: str) -> Any:
    if b"%PDF-" not in data[:_HEADER_BYTES]:
        raise SourceError(source, "not a PDF (no %PDF- header)")
    from io import BytesIO

    try:
        reader = pypdf.PdfReader(BytesIO(data), strict=False)
    except Exception as err:  # pypdf raises many kinds of errors for damaged files
        raise SourceError(source, f"broken PDF ({_reason(err)})") from None
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")
        except Exception as err:  # e.g. a missing crypto library for AES
            raise SourceError(source, f"encrypted PDF that cannot be opened ({_reason(err)})") from None
        if not opened:
            raise SourceError(source, "encrypted PDF that cannot be opened without a password")
    return reader


def _reason(err: Exception) -> str:
    return str(err).strip() or type(err).__name__


def _raw_pages(reader: Any, source: str) -> list[str]:
    try:
        pages = list(reader.pages)
    except Exception as err:
        raise SourceError(source, f"broken PDF ({_reason(err)})") from None
    if not pages:
        raise SourceError(source, "PDF without pages")
    texts: list[str] = []
    for number, page in enumerate(pages, start=1):
        try:
            raw = page.extract_text() or ""
        except Exception as err:  # one damaged page should not cost the others
            logger.warning("%s: page %d cannot be read (%s)", source, number, _reason(err))
            raw = ""
        texts.append(raw)
    return texts


def _metadata_title(reader: Any) -> str | None:
    try:
        metadata = reader.metadata
        title = metadata.title if metadata is not None else None
    except Exception:  # damaged metadata is not worth a failure
        return None
    cleaned = _clean_line(str(title or ""))
    if (
        len(cleaned) < 3
        or not any(char.isalpha() for char in cleaned)
        or cleaned.casefold() in _MEANINGLESS_TITLES
        or _FILE_NAME_TITLE.search(cleaned)
    ):
        return None
    return unicodedata.normalize("NFC", cleaned)


def _metadata_date(reader: Any) -> str | None:
    """The creation date in the PDF's metadata ("D:20180312101500+01'00'"), else its modification date."""
    try:
        metadata = reader.metadata
        raw = [metadata.get(key) for key in ("/CreationDate", "/ModDate")] if metadata is not None else []
    except Exception:  # damaged metadata is not worth a failure
        return None
    for value in raw:
        found = _PDF_DATE.match(str(value or ""))
        if found:
            date = parse_date("-".join(found.groups()))
            if date:
                return date
    return None


def load_pdf(path: Path, data: bytes, *, charset: str | None = None) -> list[Document]:
    """Read a PDF: one region per page that has text (page numbers from 1), title from the metadata or page one."""
    source = str(path)
    reader = _open(_pypdf(), data, source)
    raw_pages = _raw_pages(reader, source)
    pages = [page_text(raw) for raw in raw_pages]
    if not any(pages):
        raise SourceError(source, "no extractable text (scanned PDF?)")
    regions: list[Region] = []
    start = 0
    for number, text in enumerate(pages, start=1):
        if text:  # a blank page keeps its number
            regions.append(Region(start, start + len(text), page=number))
        start += len(text) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(pages)
    first_line = next(paragraph[0] for raw in raw_pages for paragraph in page_paragraphs(raw))
    title = _metadata_title(reader) or first_line
    date = title_page_date(pages[0]) if pages[0] else None
    logger.debug("%s: %d page(s), %d with text", path, len(pages), len(regions))
    return [
        file_document(
            path,
            data,
            source=source,
            fmt="pdf",
            text=text,
            regions=regions,
            title=title,
            date=date or _metadata_date(reader),
        )
    ]
