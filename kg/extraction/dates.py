"""Swedish dates: "den 4 november 2014", "4/11", "28-29/5", "hösten 2014", "2014-11-04"."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["DateSpan", "find_dates", "find_years", "MONTHS"]

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
# Abbreviated months as news pages write them: "18 sept.", "3 okt".
_ABBREVIATED = {
    "jan": 1,
    "feb": 2,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = "|".join([*MONTHS, *(rf"{a}\.?" for a in sorted(_ABBREVIATED, key=len, reverse=True))])
_ISO = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_WRITTEN = re.compile(rf"\b(\d{{1,2}})(?:\s*[-–]\s*(\d{{1,2}}))?\s+({_MONTH})(?:\s+(20\d\d|19\d\d))?\b", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})(?:\s*[-–]\s*(\d{1,2}))?/(\d{1,2})(?:\s+(20\d\d|19\d\d))?(?![\d/])")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date found in text; `year` None means the text leaves it to the context."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    end_day: int | None = None

    def iso(self, year: int | None = None) -> str | None:
        """The xsd:date of the (first) day, taking `year` from the context where the text gives none."""
        y = self.year or year
        if y is None:
            return None
        return f"{y:04d}-{self.month:02d}-{self.day:02d}"

    def iso_end(self, year: int | None = None) -> str | None:
        """The xsd:date of the last day of a range such as "28-29/5", else None."""
        y = self.year or year
        if y is None or self.end_day is None:
            return None
        return f"{y:04d}-{self.month:02d}-{self.end_day:02d}"


def _valid(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= 31


def find_dates(text: str, offset: int = 0) -> list[DateSpan]:
    """Every date in `text` with offsets shifted by `offset`, in text order."""
    found: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def add(span: DateSpan) -> None:
        if any(s < span.end and span.start < e for s, e in taken):
            return
        taken.append((span.start, span.end))
        found.append(span)

    for m in _ISO.finditer(text):
        iso_year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(day, month):
            add(DateSpan(offset + m.start(), offset + m.end(), day, month, iso_year))
    for m in _WRITTEN.finditer(text):
        name = m.group(3).casefold().rstrip(".")
        day, month = int(m.group(1)), MONTHS.get(name) or _ABBREVIATED[name]
        end_day = int(m.group(2)) if m.group(2) else None
        year = int(m.group(4)) if m.group(4) else None
        if _valid(day, month):
            add(DateSpan(offset + m.start(), offset + m.end(), day, month, year, end_day))
    for m in _NUMERIC.finditer(text):
        day, month = int(m.group(1)), int(m.group(3))
        end_day = int(m.group(2)) if m.group(2) else None
        year = int(m.group(4)) if m.group(4) else None
        if _valid(day, month) and (end_day is None or _valid(end_day, month)):
            add(DateSpan(offset + m.start(), offset + m.end(), day, month, year, end_day))
    found.sort(key=lambda d: d.start)
    return found


def find_years(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Every four-digit year in `text` as (position, year)."""
    return [(offset + m.start(), int(m.group(1))) for m in _YEAR.finditer(text)]
