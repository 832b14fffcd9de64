"""The words of events: event nouns and their base forms, event names, and the label of a dated event."""

from __future__ import annotations

import re

from kg.dates import MONTHS
from kg.extraction.span import MONTH_NAMES

__all__ = ["EVENT_WORD", "NOT_EVENTS", "base_noun", "event_label", "first_words", "is_event_name", "name_at_top"]

_MONTH_NAMES = {number: name for name, number in MONTHS.items()}

# An event noun, plain or in a compound ("slutkonferens", "erfarenhetsverkstad", "Samverkansdagen").
EVENT_WORD = re.compile(
    r"(?<![\w-])([\wåäöÅÄÖ-]*?(?:träff|möte|konferens|seminari|workshop|verkstad|ceremoni|webbinari|hearing"
    r"|kick-?off|invigning|frukostmöte|rundabordssamtal|symposi|kongress|mässa|forskardag|temadag|samverkansdag"
    r"|inspirationsdag|konferensdag|öppet hus)[\wåäö]*|[\wåäöÅÄÖ]{3,}kväll(?:en)?|samlades|sammanträdde"
    # A capitalised name of a day or week of events ("Demokratidagen", "Kommundagarna", "Almedalsveckan"),
    # not a weekday ("Måndagen").
    r"|(?-i:(?!(?:Mån|Tis|Ons|Tors|Fre|Lör|Sön)dag)[A-ZÅÄÖ][a-zåäö]{3,}(?:dagen|dagarna|veckan)))(?![\w-])",
    re.IGNORECASE,
)
NOT_EVENTS = frozenset({"mötesplats", "mötesplatsen", "mötesplatser", "möten", "mötena", "träffas", "träffades"})
_BASE_FORMS = (
    ("konferensen", "konferens"),
    ("träffen", "träff"),
    ("träffar", "träff"),
    ("träffarna", "träff"),
    ("mötet", "möte"),
    ("seminariet", "seminarium"),
    ("seminarier", "seminarium"),
    ("workshoppen", "workshop"),
    ("workshoppar", "workshop"),
    ("verkstaden", "verkstad"),
    ("ceremonin", "ceremoni"),
    ("dagen", "dag"),
    ("webbinariet", "webbinarium"),
    ("kongressen", "kongress"),
    ("mässan", "mässa"),
)
# A date at the end of a title ("Forskardagen – 24 oktober 2023", "Höstmöte, 12/3 2021"): not part of its name.
UNDATED = re.compile(
    rf"[\s,:–-]*(?:(?:den )?\d{{1,2}}(?:[-–]\d{{1,2}})?\s+(?i:{'|'.join(sorted(MONTH_NAMES))})|\d{{1,2}}/\d{{1,2}})"
    rf"(?:\s+(?:19|20)\d\d)?\s*$"
)


DATE_WORDS = frozenset({*MONTH_NAMES, *(m[:3] for m in MONTH_NAMES), "kl", "klockan", "klocka", "den"})


def event_label(noun: str, date: str, place: str | None) -> str:
    """A readable label for a dated meeting: "Träff 4 november 2014, Östersund"."""
    y, m, d = (int(p) for p in date.split("-"))
    label = f"{noun[:1].upper()}{noun[1:]} {d} {_MONTH_NAMES[m]} {y}"
    return f"{label}, {place}" if place else label


def base_noun(word: str) -> str:
    low = word.casefold()
    if low in ("samlades", "sammanträdde"):
        return "träff"
    for ending, base in _BASE_FORMS:
        if low.endswith(ending):
            return low[: len(low) - len(ending)] + base
    return low


_EVENT_STEM = re.compile(r"(?:träff|möte|konferens|seminari|workshop|verkstad|ceremoni|webbinari|dag)", re.IGNORECASE)


def is_event_name(word: str) -> bool:
    """A capitalised compound of an event noun names an event ("Samverkansdagen"); "Träffar" does not."""
    stem = _EVENT_STEM.search(word)
    return (
        word[:1].isupper() and stem is not None and stem.start() >= 3 and not word.casefold().endswith(("ar", "arna"))
    )


def first_words(text: str, limit: int) -> str:
    words = text.split()
    kept = [words[0]] if words else []
    for word in words[1:]:
        if len(" ".join([*kept, word])) > limit:
            break
        kept.append(word)
    return " ".join(kept)


def name_at_top(title: str, lines: list[str]) -> str | None:
    """The document's event name: its title without a trailing date, or, when the title is only a
    date and a time ("20 nov 2019 klocka 13.30"), the first short heading line below it; a heading
    that names an event ("Demokratidagen 2023") is preferred to a title of chrome ("OBS! Evenemanget är
    avslutat!")."""
    candidates = []
    for line in (title, *lines):
        name = UNDATED.sub("", " ".join(line.split()))
        words = [w for w in re.findall(r"[^\W\d_]+", name) if w.casefold() not in DATE_WORDS]
        short = len(name) <= 80 and not name.endswith(".")
        candidates.append((name, words, short and len(words) >= 2))
        named = any(w.group(1).casefold() not in NOT_EVENTS for w in EVENT_WORD.finditer(name))
        if short and named and (len(words) >= 2 or any(is_event_name(w) for w in words)):
            return name
    for name, words, heading in candidates:
        if heading:
            return name
        if words:
            return None
    return None
