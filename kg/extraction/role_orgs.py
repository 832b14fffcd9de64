"""Organisations no list knows, named where a person's role leads to them: "Anna Ek, vice vd, Sveriges
bussföretag", "Per Berg, professor, Arbetslivsinstitutet", "Eva Ek, regementschef Dalregementet".

After a person, a comma and a role or title, a capitalised name that is no known place and no other
span is the body the person holds the role at. A name with no role before it counts only when its own
last word says it is a body ("Katedralskolan", "Smålands museum", "Dalarnas forskningsråd").
"""

from __future__ import annotations

import functools
import re

from kg.extraction.reference import Reference, roles
from kg.extraction.span import LOW, UP, Span, free
from kg.extraction.text import Sentence

__all__ = ["find_role_orgs"]

# "Karin Ek (Karlstads universitet), Ann Berg (Stora Enso Skoghalls bruk), Per Ek (Valmet)".
_BRACKETED = re.compile(rf"^\s*\((?P<name>[{UP}][\w&'’ -]{{1,60}}?)\)")
_DASHED = re.compile(r"^\s*[–-]\s*")  # "Andreas Blom – Teknikcollege Anna Ek – Region X"
_PARTY = re.compile(r"[A-ZÅÄÖ]{1,3}")
_LINE_START = re.compile(
    r"(?:^|\n)[ \t]*(?:[-*•–]\s*)?$"
)  # a name that begins its line (after a bullet)  # "(S)", "(KD)": a politician's party

# A capitalised name of up to five words, small joining words allowed inside ("Föreningen för X").
# (A name never runs on to the next line: "Åsa Ek, IT-företagen" above "Kategorier Nyhet".)
_NAME = (
    rf"[{UP}][{LOW}]+s[ \t]+[{LOW}]+(?:[ \t]+[{UP}][\w&'’-]*)?"  # "Smålands museum", "Sveriges bussföretag"
    rf"|[{UP}][\w&'’-]*(?:[ \t]+(?:(?:för|och|i|på|av|&)[ \t]+)?[{UP}][\w&'’-]*){{0,4}}"
)
# The words after the name that end it: a comma, a stop, a bracket, "och", a dash, the end.
_AFTER = rf"(?=[ \t]*\n|\s*(?:[,.;:()–]|\s-\s|\s(?:och|samt)\s+[{UP}]|\s\d|$))"
# Words whose compounds name a body ("-skolan", "-institutet", "forskningsråd", "museum").
_BODY_HEAD = re.compile(
    r"(?:skolan|gymnasiet|institutet|institut|museet|museum|rådet|forskningsråd|akademien|akademin|regementet"
    r"|centret|centrum|bolaget|föreningen|förening|förbundet|förbund|kansliet|stiftelsen|sällskapet|kåren"
    r"|sjukhuset|lasarettet|biblioteket|arkivet|teatern|kyrkan|företagen|företag|AB)$"
)
_ASSOCIATION = re.compile(r"(?:föreningen|förening|förbundet|förbund|sällskapet|kåren|företagen)$", re.IGNORECASE)


@functools.cache
def _role_slot() -> re.Pattern[str]:
    """A comma after a name, a short description holding a role or title, then the name of a body."""
    # "vd" is a role here though not before a name: "VD Swedish Lapland" names no person.
    role = rf"{roles().pattern}|(?:vice )?vd"
    words = rf"(?:[{LOW}{UP}.][\w.-]*\s+){{0,4}}?"
    return re.compile(
        rf"^\s*(?:\([^()]{{1,12}}\)\s*)?,\s*"
        rf"(?:(?P<role>{words}(?i:{role})(?:\s+[{LOW}][\w-]*){{0,4}}?)(?:\s*\([^()]{{1,12}}\))?\s*,?\s+)?"
        rf"(?P<name>{_NAME}){_AFTER}"
    )


def _class_of(name: str) -> str:
    if name.endswith(" AB"):
        return "Company"
    return "Association" if _ASSOCIATION.search(name.split()[-1]) or name.startswith("Föreningen") else "Organisation"


def find_role_orgs(sentence: Sentence, ref: Reference, spans: list[Span], common_words: frozenset[str]) -> None:
    """Add an organisation span for the unknown body each person's role in `sentence` leads to."""
    slot = _role_slot()
    for person in [s for s in spans if s.kind == "person"]:
        rest = sentence.text[person.end - sentence.start :]
        found = slot.match(rest)
        if found is None:
            continue
        name = found.group("name").rstrip("'’-")
        # "lektor på Katedralskolan i Växjö": the town after the body is where it is, not its name.
        town = re.search(r" i (\S+)$", name)
        if town and town.group(1) in ref.place_labels:
            name = name[: town.start()]
        had_role = found.group("role") is not None
        start = person.end + found.start("name")
        end = start + len(name)
        words = name.split()
        if not free(spans, start, end) or words[0] in ref.stop_words or words[0] in ref.first_names:
            continue
        if name.casefold() in ref.not_orgs or name in ref.place_labels or ref.org(name) is not None:
            continue
        # A county or region by its name alone ("Västra Götaland", "Kronobergs län") is a place here; a
        # single word the document also writes in lower case is a common word ("Utbildning och …").
        if name.endswith(" län") or ref.org(f"Region {name}") or ref.org(f"Länsstyrelsen {name}"):
            continue
        if len(words) == 1 and name.casefold() in common_words:
            continue
        # A line of a list that is a name and a body and nothing more ("• Lars Ek, HiQ") needs no role.
        line_item = _LINE_START.search(sentence.text, 0, person.start - sentence.start) is not None and (
            re.match(r"[ \t]*(?:\n|$)", sentence.text[end - sentence.start :]) is not None
        )
        if not (had_role or line_item) and not (_BODY_HEAD.search(words[-1]) or _BODY_HEAD.search(words[0].casefold())):
            continue
        # A role word itself capitalised at the start of the slot ("Rektor, Mittuniversitetet") is no name.
        if roles().fullmatch(words[0]):
            continue
        spans.append(Span(start, end, "org", name, _class_of(name), None, name, "role apposition"))
    _bracketed_orgs(sentence, ref, spans, common_words)


def _listed_body(sentence: Sentence, person: Span, following: Span | None) -> tuple[int, int, str] | None:
    """The body written after a person in a list: "(Valmet)", or "– Teknikcollege" up to the next name."""
    rest = sentence.text[person.end - sentence.start :]
    match = _BRACKETED.match(rest)
    if match is not None:
        start = person.end + match.start("name")
        return start, start + len(match.group("name")), match.group("name")
    match = _DASHED.match(rest)
    if match is None:
        return None
    stop = (following.start - person.end) if following is not None else len(rest)
    name = rest[match.end() : stop].rstrip(" ,.;")
    if not name or len(name) > 60 or len(name.split()) > 5 or any(c.isdigit() for c in name):
        return None
    start = person.end + match.end()
    return start, start + len(name), name


def _bracketed_orgs(sentence: Sentence, ref: Reference, spans: list[Span], common_words: frozenset[str]) -> None:
    """In a list of three or more persons, each with a body in brackets or after a dash, and at least two
    of the bodies known, the unknown names are bodies too (but not a talk's title: "Anna Ek – Inledning",
    whose first word the page also writes in lower case)."""
    found: list[tuple[int, int, str]] = []
    known = 0
    persons = sorted((s for s in spans if s.kind == "person"), key=lambda s: s.start)
    for person, following in zip(persons, [*persons[1:], None][: len(persons)], strict=True):
        body = _listed_body(sentence, person, following)
        if body is None:
            continue
        start, end, _ = body
        if any(s.kind == "org" and start <= s.start and s.end <= end for s in spans):
            known += 1
        elif body[2][:1].isupper():
            found.append(body)
    if known < 2 or known + len(found) < 3:
        return
    for start, end, name in found:
        first = name.split()[0]
        if _PARTY.fullmatch(name) or name in ref.place_labels or first in ref.first_names or first in ref.stop_words:
            continue
        if first.casefold() in common_words:
            continue
        if free(spans, start, end):
            spans.append(Span(start, end, "org", name, _class_of(name), None, name, "listed with a person"))
