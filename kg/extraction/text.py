"""Sentences and words of Swedish text, with offsets into the document text."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.model import Region

__all__ = ["Sentence", "split_sentences", "tokens"]

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "t.ex bl.a m.fl s.k dvs d.v.s ca resp nr kl prof doc fil dr jfr etc m.m o.s.v osv p.g.a pga"
    " inkl exkl enl Kungl ev mha m.h.a fr.o.m t.o.m".split()
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“”'(]?[A-ZÅÄÖÉ0-9])")
_WORD = re.compile(r"[^\s,;()\"“”«»\[\]]+")


class Sentence:
    """A sentence: its span in the document text and the page it stands on."""

    __slots__ = ("start", "end", "text", "page", "index")

    def __init__(self, start: int, end: int, text: str, page: int | None, index: int) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.page = page
        self.index = index

    def __repr__(self) -> str:
        return f"Sentence({self.start}, {self.end}, {self.text[:40]!r})"


def _ends_with_abbreviation(chunk: str) -> bool:
    last = chunk.rsplit(None, 1)[-1] if chunk.strip() else ""
    last = last.rstrip(".").lstrip("(")
    if last in _ABBREVIATIONS or last.casefold() in _ABBREVIATIONS:
        return True
    # A single capital letter before the stop is an initial ("A. Svensson").
    return len(last) == 1 and last.isupper()


_MARKUP = re.compile(
    r"\*\*|__|`+|\|"  # strong emphasis, code, table pipes
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])"  # *emphasis*
    r"|^[ \t]*#{1,6}[ \t]"  # headings
    r"|^[ \t]*(?:[-*+•–][ \t]|\d{1,2}[.)][ \t])"  # list items
    r"|!?\[(?=[^\]\n]*\]\()|\]\([^)\n]*\)",  # [link text](url)
    re.MULTILINE,
)
_ITEM_START = re.compile(r"^[ \t]*(?:[-*+•–|][ \t]|\d{1,2}[.)][ \t]|#)")
_JOINS_NEXT_LINE = re.compile(r"[a-zåäöéü,;–-]$")


_ADDRESSES = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s)\]]+")


def mask_markup(text: str) -> str:
    """`text` with Markdown and table markup, e-mail addresses and web addresses blanked out,
    keeping every offset: extraction reads "Projektet **KLOSS** leds av" as "Projektet   KLOSS   leds av"."""
    blank = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return _ADDRESSES.sub(lambda m: " " * len(m.group()), blank)


def _units(chunk: str) -> list[tuple[int, int]]:
    """Lines of a paragraph that stand alone: list items, table rows, headings, lines that end
    without running on into the next ("Projektledare: Anna Ek, Umeå universitet")."""
    lines = chunk.split("\n")
    units: list[tuple[int, int]] = []
    start = 0
    offset = 0
    for index, line in enumerate(lines):
        end = offset + len(line)
        nxt = lines[index + 1] if index + 1 < len(lines) else None
        # A short line above a capitalised one is a field of a list ("Koordinator Malmö stad" above
        # "Bidrag från Vinnova"), not wrapped prose.
        field = nxt is not None and len(line.strip()) < 48 and nxt.strip()[:1].isupper() and "," not in line
        if nxt is None or field or _ITEM_START.match(nxt) or not _JOINS_NEXT_LINE.search(line.rstrip()):
            units.append((start, end))
            start = end + 1
        offset = end + 1
    return units


def split_sentences(text: str, regions: tuple[Region, ...]) -> list[Sentence]:
    """Split each region of `text` into sentences; paragraphs, list items and lines that do not
    run on also end one. Sentence texts have their markup masked (`mask_markup`), offsets kept."""
    sentences: list[Sentence] = []
    masked = mask_markup(text)
    for region in regions:
        for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", masked[region.start : region.end]):
            original = text[region.start + para.start() : region.start + para.end()]
            for u_start, u_end in _units(original):
                base = region.start + para.start() + u_start
                chunk = para.group()[u_start:u_end]
                cursor = 0
                for boundary in _BOUNDARY.finditer(chunk):
                    stop = boundary.start() + len(boundary.group().rstrip())
                    if _ends_with_abbreviation(chunk[cursor : boundary.start() + 1]):
                        continue
                    _add(sentences, masked, base + cursor, base + stop, region.page)
                    cursor = boundary.end()
                _add(sentences, masked, base + cursor, base + len(chunk), region.page)
    return sentences


MAX_SENTENCE = 2000  # longer stretches without a sentence end are cut at a space: no pattern spans that far


def _add(sentences: list[Sentence], text: str, start: int, end: int, page: int | None) -> None:
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add_one(sentences, text, start, cut, page)
        start = cut
    _add_one(sentences, text, start, end, page)


def _add_one(sentences: list[Sentence], text: str, start: int, end: int, page: int | None) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, text[start:end], page, len(sentences)))


def tokens(text: str, offset: int = 0) -> Iterator[tuple[int, int, str]]:
    """Words of `text` as (start, end, word) with offsets shifted by `offset`; trailing stops dropped."""
    for match in _WORD.finditer(text):
        word = match.group()
        end = match.end()
        while word and word[-1] in ".:?!'’–—" and not word.endswith(":s"):
            word = word[:-1]
            end -= 1
        if word:
            yield offset + match.start(), offset + end, word
