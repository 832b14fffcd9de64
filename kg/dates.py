"""Swedish dates, the one parser the loaders and extraction share: "den 4 november 2014", "4/11",
"28-29/5", "12.3.2018", "2014-11-04", "mars 2018", year ranges "2019–2022".

Values are W3C date-time forms (W3CDTF): "YYYY-MM-DD" (xsd:date), "YYYY-MM" (xsd:gYearMonth) or
"YYYY" (xsd:gYear), as precise as the text is; `first_day` and `last_day` give an xsd:date for each end.
This module imports nothing from kg."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "DateSpan",
    "MONTHS",
    "YearRange",
    "date_datatype",
    "find_dates",
    "find_year_ranges",
    "find_years",
    "first_day",
    "last_day",
    "month_number",
    "parse_date",
]

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
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d\d)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
# "2019–2022", "2019-2022", "2019 – 2022", "2019 till 2022", "2019/2020"; not "2019-05" or "2019-2022-05".
_YEAR_RANGE = re.compile(
    r"(?<![\d-])(19[5-9]\d|20[0-4]\d)\s*(?:[-–—/]|\s(?:till|och)\s)\s*(19[5-9]\d|20[0-4]\d|\d\d)(?![\d-])"
)
_MONTH_YEAR = re.compile(rf"^(?:{_MONTH})\s+((?:19|20)\d\d)$", re.IGNORECASE)
_W3CDTF = re.compile(r"^((?:19|20)\d\d)(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_ISO_PREFIX = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?\s*$")


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
    for m in _DOTTED.finditer(text):
        day, month, dotted_year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if _valid(day, month):
            add(DateSpan(offset + m.start(), offset + m.end(), day, month, dotted_year))
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


@dataclass(frozen=True, slots=True)
class YearRange:
    """A span of years in text, "2019–2022": first and last year, and where it stands."""

    start: int
    end: int
    first: int
    last: int


def find_year_ranges(text: str, offset: int = 0) -> list[YearRange]:
    """Every range of years ("2019–2022", "2019-22", "2019 till 2022") whose last year is after its first."""
    found: list[YearRange] = []
    for m in _YEAR_RANGE.finditer(text):
        first, last_text = int(m.group(1)), m.group(2)
        last = int(last_text) if len(last_text) == 4 else first // 100 * 100 + int(last_text)
        if first < last <= first + 50:
            found.append(YearRange(offset + m.start(), offset + m.end(), first, last))
    return found


def month_number(word: str) -> int | None:
    """The month a Swedish month name or abbreviation stands for ("mars", "Okt.", "sept"), else None."""
    name = word.casefold().rstrip(".")
    return MONTHS.get(name) or _ABBREVIATED.get(name)


def _days_in(year: int, month: int) -> int:
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def parse_date(value: str) -> str | None:
    """One date expression as W3CDTF, as precise as it is: "2018-03-12T10:00:00+01:00" and "12 mars 2018"
    -> "2018-03-12", "mars 2018" -> "2018-03", "2018" -> "2018"; None for anything else."""
    value = " ".join(value.split())
    iso = _ISO_PREFIX.match(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
        return f"{year:04d}-{month:02d}-{day:02d}" if _valid(day, month) and day <= _days_in(year, month) else None
    w3c = _W3CDTF.match(value)
    if w3c:
        return (
            value
            if w3c.group(3) is None or int(w3c.group(3)) <= _days_in(int(w3c.group(1)), int(w3c.group(2)))
            else None
        )
    month_year = _MONTH_YEAR.match(value)
    found = month_number(value.split()[0]) if month_year else None
    if month_year and found:
        return f"{month_year.group(1)}-{found:02d}"
    rest = value.removeprefix("den ").removeprefix("Den ")
    dates = find_dates(rest)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(rest):
        date = dates[0]
        if date.year is not None and date.end_day is None and date.day <= _days_in(date.year, date.month):
            return date.iso()
    return None


def first_day(value: str) -> str:
    """The first day a W3CDTF value covers, as xsd:date: "2019" -> "2019-01-01"."""
    parts = value.split("-")
    year, month = parts[0], parts[1] if len(parts) > 1 else "01"
    return f"{year}-{month}-{parts[2] if len(parts) > 2 else '01'}"


def last_day(value: str) -> str:
    """The last day a W3CDTF value covers, as xsd:date: "2019" -> "2019-12-31", "2020-02" -> "2020-02-29"."""
    parts = value.split("-")
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else 12
    day = int(parts[2]) if len(parts) > 2 else _days_in(year, month)
    return f"{year:04d}-{month:02d}-{day:02d}"


def date_datatype(value: str) -> str:
    """The XML Schema datatype local name of a W3CDTF value: "date", "gYearMonth" or "gYear"."""
    return {1: "gYear", 2: "gYearMonth"}.get(value.count("-") + 1, "date")
