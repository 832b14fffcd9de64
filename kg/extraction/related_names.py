"""Bodies named by their tie to another name: a unit with its host in brackets ("CERUM (Umeå
universitet)"), a body named after a person ("Raoul Wallenberg Institutet")."""

from __future__ import annotations

import re

from kg.extraction.reference import Reference
from kg.extraction.span import CAP as _CAP
from kg.extraction.span import LOW as _LOW
from kg.extraction.span import UP as _UP
from kg.extraction.span import Span, free
from kg.extraction.text import Sentence

__all__ = ["find_related_names"]


# "CERUM (Umeå universitet)": an abbreviation with a known body in brackets after it names a unit of that body.
_UNIT_BEFORE = re.compile(rf"(?<![\w-])([{_UP}]{{2,7}}[{_LOW}]?) \($")


def _hosted_units(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    text, base = sentence.text, sentence.start
    for host in [s for s in spans if s.kind == "org"]:
        # Only a body in brackets is looked at, and only the few characters before its bracket are read.
        if not text[host.end - base :].startswith(")") or not text[: host.start - base].endswith("("):
            continue
        unit = _UNIT_BEFORE.search(text, max(0, host.start - base - 12), host.start - base)
        if unit is None:
            continue
        name = unit.group(1)
        start, end = base + unit.start(1), base + unit.end(1)
        if (
            name in ref.stop_words
            or name in ref.place_labels
            or ref.org(name) is not None
            or not free(spans, start, end)
        ):
            continue
        spans.append(Span(start, end, "org", name, "Organisation", None, name, "unit of a body"))


# A body named after a person: "Raoul Wallenberg Institutet", "Anna Lindh Akademin".
_NAMED_AFTER = re.compile(
    rf"(?<![\w-])([{_UP}][{_LOW}]+) {_CAP} (?:Institutet|Institute|Stiftelsen|Fonden|Akademin|Centret|Center|Centre)\b"
)


def _named_after_persons(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    for m in _NAMED_AFTER.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if m.group(1) not in ref.first_names or ref.org(m.group()) is not None:
            continue  # "Karolinska Institutet" is known; "Slottet Samhällskontraktet Akademin" runs headings on
        # The person's name found inside gives way to the body's.
        spans[:] = [s for s in spans if not (s.kind == "person" and start <= s.start and s.end <= end)]
        if free(spans, start, end):
            spans.append(Span(start, end, "org", m.group(), "Organisation", None, m.group(), "named after a person"))


def find_related_names(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    _hosted_units(sentence, ref, spans)
    _named_after_persons(sentence, ref, spans)
