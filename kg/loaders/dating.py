"""The date of a document where its words or its file name state one: a dateline ("Publicerad 12 mars
2018"), a date printed on a title page ("Mars 2010", "Vt 2013", "Rapport 2009:4"), a file name
("2018-03-12-nyhet.html"). Never the clock or the file system: the same input gives the same date.

Every date is a W3CDTF value as precise as the source ("2018-03-12", "2010-03", "2013"), parsed by
`kg.dates`, the one Swedish date parser of the package.
"""

from __future__ import annotations

import re

from kg.dates import MONTHS, find_dates, parse_date

__all__ = ["HEAD", "dateline_date", "filename_date", "reported_year", "title_page_date"]

HEAD = 600  # characters at the top of a document where a dateline or a title page's date stands

_DATE_WORDS = rf"(?:den\s+)?(?:\d{{1,2}}\.?\s*(?:{'|'.join(MONTHS)}|\d{{1,2}}\.)|(?:19|20)\d\d|{'|'.join(MONTHS)})"
# A cue, then (after a colon or a word such as "den") the date itself.
_PUBLISHED = re.compile(
    r"(?i)\b(?:publicerad|publicerat|publiceringsdatum|publicerades|datum|daterad|pressmeddelande)\b[\s:,-]*"
)
_UPDATED = re.compile(
    r"(?i)\b(?:senast uppdaterad|uppdaterad|uppdaterat|sidan uppdaterades|senast ändrad|ändrad)\b[\s:,-]*"
)
_DATE_LINE = re.compile(rf"(?i)^\s*(?:{_DATE_WORDS})[\w\s.:,/–-]*$")
# Academic terms on a thesis's title page: "Vt 2013", "HT 2008", "Höstterminen 2008".
_TERM = re.compile(r"\b(?:[VvHh][Tt]|[Vv]årterminen|[Hh]östterminen)\s+((?:19|20)\d\d)\b")
# A report series number: "UniLink-rapport 2009:4", "SKRIFTER 2007:9", "Rapport 2006:54".
_SERIES = re.compile(r"(?<![\d:])((?:19|20)\d\d):\d{1,3}\b(?!:)")
_MONTH_YEAR = re.compile(rf"(?i)(?<![\d.] )\b({'|'.join(MONTHS)})\s+((?:19|20)\d\d)\b")
# A year standing alone after a name of two letters or more: "Sveriges Kommuner och Landsting 2008".
_BARE_YEAR = re.compile(r"(?<=[A-Za-zÅÄÖåäö]{2} )((?:19|20)\d\d)(?=\s+[A-ZÅÄÖ]|\s*$)")
# A date right after one of these is a period of what the text speaks of, not the document's date.
_PERIOD_CUE = re.compile(
    r"(?i)\b(?:sedan|från|till|till och med|t\.o\.m\.|tom|fram till|under|efter|före|innan|inför|mellan|år|om|i|våren|hösten)"
    r"\s*$"
)
_FILE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)")
# Sentences that report something that has happened: the text was written after the date they give.
_HAPPENED = re.compile(
    r"\b(?:samlades|hölls|genomfördes|ägde rum|startade|träffades|möttes|arrangerades|anordnades|invigdes)\b"
)


def _after_cue(text: str, cue: re.Pattern[str]) -> str | None:
    for found in cue.finditer(text):
        rest = text[found.end() : found.end() + 40]
        rest = rest[4:] if rest.casefold().startswith("den ") else rest
        dates = find_dates(rest)
        if dates and dates[0].start == 0 and dates[0].year is not None:
            return dates[0].iso()
        month_year = _MONTH_YEAR.match(rest)
        if month_year:
            return parse_date(month_year.group())
    return None


def dateline_date(text: str) -> str | None:
    """The date a dateline near the top gives: "Publicerad: 12 mars 2018", a line that is only a date
    ("2018-03-12", "12.3.2018"), and only where there is neither, "Senast uppdaterad 2019-01-05"."""
    head = text[:HEAD]
    published = _after_cue(head, _PUBLISHED)
    if published:
        return published
    for line in head.split("\n")[:8]:
        if _DATE_LINE.match(line):
            dates = [d for d in find_dates(line) if d.year is not None]
            if len(dates) == 1:
                return dates[0].iso()
    return _after_cue(head, _UPDATED)


def _free(text: str, start: int) -> bool:
    """Whether a date at `start` stands on its own, not as the period of something ("sedan 2011")."""
    return not _PERIOD_CUE.search(text[max(0, start - 20) : start])


def title_page_date(text: str) -> str | None:
    """The first date a title page prints (the top of `text`): a full date (not one of a pair, which is
    a period), "Mars 2010", "Vt 2013", a series number "2009:4", a year after a name ("Landsting 2008")."""
    head = text[:HEAD]
    found: list[tuple[int, str]] = []
    dates = [d for d in find_dates(head) if d.year is not None]
    for date in dates:
        paired = any(abs(o.start - date.end) <= 3 or abs(date.start - o.end) <= 3 for o in dates if o is not date)
        if not paired and date.end_day is None and _free(head, date.start):
            found.append((date.start, date.iso() or ""))
    for pattern, precision in ((_MONTH_YEAR, "month"), (_TERM, "year"), (_SERIES, "year"), (_BARE_YEAR, "year")):
        for match in pattern.finditer(head):
            if not _free(head, match.start()) or any(d.start <= match.start() < d.end for d in dates):
                continue
            value = parse_date(match.group()) if precision == "month" else match.group(1)
            if value:
                found.append((match.start(), value))
    return min(found)[1] if found else None


def filename_date(name: str) -> str | None:
    """The date a file name starts or ends with: "2018-03-12-nyhet.html", "protokoll_20190503.pdf"."""
    for match in _FILE_DATE.finditer(name):
        value = parse_date("-".join(match.groups()))
        if value:
            return value
    return None


def reported_year(text: str) -> str | None:
    """The year of the latest happening a text reports in the past tense ("I början av hösten 2014
    startade …", "Den 4 november samlades …" after it): a text written without a date of its own was
    written in or after that year. Years with no day of their own come from the text before them."""
    latest: int | None = None
    context: int | None = None
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", sentence)]
        if _HAPPENED.search(sentence):
            dated = years or ([context] if context and find_dates(sentence) else [])
            for year in dated:
                if year is not None:
                    latest = max(latest or year, year)
        if years:
            context = years[-1]
    return str(latest) if latest else None
