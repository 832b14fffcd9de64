"""Sentences with their spans masked as tokens (§P0§ a person, §O1§ an organisation, §L2§ a place,
§J3§ a project, §A4§ an agreement, §R5§ an arena, §D6§ a date), so that relation patterns read
like the Swedish they match."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from kg.extraction.spans import Span

if TYPE_CHECKING:
    from kg.extraction.text import Sentence

__all__ = ["Masked", "list_of", "PERSONS", "ORGS", "orgs_in", "persons_in", "iri_of"]

_COLLECTIVE_NAME = re.compile(r"(?:kommunerna|regionerna|lärosätena|kommuner|regioner|lärosäten)$")
_COLLECTIVE = re.compile(r"(§O(\d+)§)\s*[;:]\s*(§O\d+§(?:(?:,\s*|\s+(?:och|samt)\s+)§O\d+§)+)")
_KIND_LETTER = {"person": "P", "org": "O", "place": "L", "project": "J", "agreement": "A", "arena": "R", "date": "D"}


class Masked:
    """A sentence with its spans replaced by tokens, and the way back from a token to its span."""

    def __init__(self, sentence: Sentence, spans: list[Span], dates: list[tuple[int, int]]) -> None:
        self.sentence = sentence
        items: list[tuple[int, int, str, Span | None]] = []
        for span in spans:
            if span.kind in _KIND_LETTER and span.iri is not None:
                items.append((span.start, span.end, _KIND_LETTER[span.kind], span))
        for start, end in dates:
            if not any(s < end and start < e for s, e, _, _ in items):
                items.append((start, end, "D", None))
        items.sort(key=lambda t: t[0])
        self.spans: list[Span | None] = []
        self.date_spans: dict[int, tuple[int, int]] = {}
        parts: list[str] = []
        cursor = sentence.start
        for start, end, letter, item in items:
            if start < cursor:
                continue
            parts.append(sentence.text[cursor - sentence.start : start - sentence.start])
            index = len(self.spans)
            parts.append(f"§{letter}{index}§")
            self.spans.append(item)
            if item is None:
                self.date_spans[index] = (start, end)
            cursor = end
        parts.append(sentence.text[cursor - sentence.start :])
        # "A, B och Södertörnskommunerna; C, D, E": the bodies a collective name introduces are its members;
        # the sentence reads on with the collective alone, and what it does, its members do.
        self.members: dict[int, list[Span]] = {}
        self.text = _COLLECTIVE.sub(self._members_of, "".join(parts))

    def _members_of(self, found: re.Match[str]) -> str:
        item = self.spans[int(found.group(2))]
        if item is None or not _COLLECTIVE_NAME.search(item.surface):
            return found.group()
        self.members[int(found.group(2))] = [self.span(t) for t in re.findall(r"§O(\d+)§", found.group(3))]
        return found.group(1)

    def span(self, token: str) -> Span:
        found = self.spans[int(token)]
        assert found is not None
        return found

    def of_kind(self, letter: str) -> list[Span]:
        return [s for s in (self.span(m.group(1)) for m in re.finditer(rf"§{letter}(\d+)§", self.text))]

    def tokens_in(self, text: str, letter: str) -> list[Span]:
        return [self.span(m.group(1)) for m in re.finditer(rf"§{letter}(\d+)§", text)]


# A token may carry its abbreviation: "§O3§ (LTU)", or a short form found as a name of its own: "§O3§ (§O4§)".
# ("Lunds universitet (medicinska fakulteten och Ekonomihögskolan (EHL))": one level of nesting.)
_ITEM = r"§{L}\d+§(?:\s*\((?:[^()]|\([^()]{0,40}\)){1,160}\))?"
LIST = _ITEM + r"(?:(?:,\s*|\s+och\s+(?:med\s+)?|\s+samt\s+(?:med\s+)?|\s*&\s*)(?:[a-zåäö]+\s+)?" + _ITEM + ")*"


def list_of(letter: str) -> str:
    return LIST.replace("{L}", letter)


PERSONS = list_of("P")
ORGS = list_of("O")


# What a bracket after a body says is about that body: its short form, its host or its units
# ("CERUM (Umeå universitet)", "Lunds universitet (medicinska fakulteten, Ekonomihögskolan)").
_BRACKET_AFTER_ORG = re.compile(r"(§O\d+§)\s*\((?:[^()]|\([^()]*\))*\)")


def orgs_in(masked: Masked, text: str) -> list[Span]:
    """The organisations of a stretch of masked text, each once ("A (AB)" names one body). Bodies in
    brackets after another only say where that one belongs or what it holds: they are not listed."""
    found: dict[str | None, Span] = {}
    for span in masked.tokens_in(_BRACKET_AFTER_ORG.sub(r"\1", text) if "(" in text else text, "O"):
        found.setdefault(span.iri, span)
    return list(found.values())


def persons_in(masked: Masked, text: str) -> list[Span]:
    return masked.tokens_in(text, "P")


def iri_of(span: Span) -> str:
    assert span.iri is not None
    return span.iri
