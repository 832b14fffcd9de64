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


def split_sentences(text: str, regions: tuple[Region, ...]) -> list[Sentence]:
    """Split each region of `text` into sentences; line breaks between paragraphs also end one."""
    sentences: list[Sentence] = []
    for region in regions:
        for para in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text[region.start : region.end]):
            base = region.start + para.start()
            chunk = para.group()
            cursor = 0
            for boundary in _BOUNDARY.finditer(chunk):
                stop = boundary.start() + len(boundary.group().rstrip())
                if _ends_with_abbreviation(chunk[cursor : boundary.start() + 1]):
                    continue
                _add(sentences, text, base + cursor, base + stop, region.page)
                cursor = boundary.end()
            _add(sentences, text, base + cursor, base + len(chunk), region.page)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, page: int | None) -> None:
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
        while word and word[-1] in ".:?!'’" and not word.endswith(":s"):
            word = word[:-1]
            end -= 1
        if word:
            yield offset + match.start(), offset + end, word
