"""Names that a sentence defines by their kind: "X är en seminarieserie", "X – ett nationellt
forskningsprogram", "Hallandssamtalen, en seminarieserie där …", "nätverket X". Each becomes a project
span or a name to be typed as an arena."""

from __future__ import annotations

import re

from kg.extraction.reference import Reference
from kg.extraction.span import UP as _UP
from kg.extraction.span import Span
from kg.extraction.span import free as _free
from kg.extraction.text import Sentence

__all__ = ["find_arena_names", "find_definitions"]


# Kinds of project a definition names: "ett projekt", "ett nationellt kommunforskningsprogram".
_PROJECT_KINDS = r"[a-zåäö-]*projekt|[a-zåäö-]*(?:forsknings|utvecklings|samverkans|innovations)program"
# "Forskning möter praktik är en seminarieserie …": a sentence that defines its subject by kind.
# "Forskarluncher startade 2013 och är ett samarbete mellan A och B": a joint initiative is a meeting place.
_DEFINITION = re.compile(
    rf"^\s*([{_UP}][\w-]*(?: [\w-]+){{0,5}}?)(?:\s*\([^)]{{1,15}}\))?(?: [a-zåäö]+ (?:19|20)\d\d och)?"
    r" (?:är (?:namnet på )?(?:en|ett|[A-ZÅÄÖa-zåäö]+s)|fungerar som(?: en| ett)?) (?:[a-zåäö-]+ ){0,3}?"
    rf"([a-zåäö-]*(?:seminarieserie|mötesplats|nätverk|forum|plattform|arena|centrum)|{_PROJECT_KINDS}"
    r"|samarbete(?= (?:mellan|(?:som )?(?:vi|[a-zåäö]+) har med|med) )|initiativ(?= (?:från|av) ))\b"
)
# "… i Mistra Urban Futures - ett internationellt forsknings- och kunskapscentrum": a name defined by a dash.
_DASH_DEFINITION = re.compile(
    rf"(?<![\w-])([{_UP}][\w-]*(?: [{_UP}][\w-]*){{0,4}}) [-–] (?:ett|en) (?:[a-zåäö-]+ (?:och [a-zåäö-]+ )?){{0,3}}?"
    rf"([a-zåäö-]*(?:seminarieserie|mötesplats|nätverk|forum|plattform|arena|centrum)|{_PROJECT_KINDS})\b"
)
# A heading in sentence case defined by a dash: "Kommunala kapaciteter och strategier – ett nationellt
# kommunforskningsprogram". The whole line before the dash is the name.
_DASH_HEADING = re.compile(
    rf"^\s*([{_UP}][^–.:;!?]{{3,100}}?) [-–] (?:ett|en) (?:[a-zåäö-]+ ){{0,3}}?"
    rf"([a-zåäö-]*(?:seminarieserie|mötesplats|nätverk|forum|plattform|arena)|{_PROJECT_KINDS})\s*$"
)
# "Demokratikollen – Länsstyrelsen och Linnéuniversitetet i samarbete": a heading naming what the bodies run together.
_JOINT_HEADING = re.compile(
    rf"^\s*([{_UP}][\w-]*(?: [{_UP}][\w-]*){{0,4}}) [-–] [^–]{{3,120}}? i (samarbete|samverkan)\s*$"
)

_ARENA_KINDS = (
    r"(?:mötesplats|arena|forum|plattform|seminarieserie|samtalsserie|webbinarieserie|föreläsningsserie"
    r"|nätverk|samverkansarena|samverkansplattform|mötesforum|innovationsarena|testbädd)"
)
# "Hallandssamtalen, en seminarieserie där …", "Skånes livsmedelspartnerskap – ett regionalt forum".
_ARENA_APPOSITION = re.compile(
    rf"(?<![\w-])([{_UP}][\w-]*(?: [a-zåäö][\w-]*)?(?: [{_UP}][\w-]*)*)\s*(?:,|–|-)\s*(?:en|ett) "
    rf"(?:[a-zåäö-]+ ){{0,3}}?{_ARENA_KINDS}(?:en|et)?\b"
)
# "webbinarieserien Samverkanssamtal", "nätverket Innovationsrådet Norrbotten".
_ARENA_DESCRIPTOR = re.compile(
    rf"(?<![\w-])(?:seminarieserien|samtalsserien|webbinarieserien|föreläsningsserien|nätverket|mötesplatsen"
    rf"|forumet|plattformen|arenan|testbädden)\s+((?:[{_UP}][\w-]*)(?: [{_UP}][\w-]*)*)"
)


def find_arena_names(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    for pattern in (_ARENA_APPOSITION, _ARENA_DESCRIPTOR):
        for m in pattern.finditer(sentence.text):
            name = m.group(1)
            start = sentence.start + m.start(1)
            end = start + len(name)
            first = name.split()[0]
            if first in ref.stop_words or ref.org(name) is not None or name in ref.place_labels:
                continue
            if not _free(spans, start, end):
                continue
            spans.append(Span(start, end, "name", name, "", None, name, "arena name", {"defined": "arena"}))


def find_definitions(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    found = (
        _DEFINITION.match(sentence.text)
        or _DASH_HEADING.match(sentence.text)
        or _DASH_DEFINITION.search(sentence.text)
        or _JOINT_HEADING.match(sentence.text)
    )
    if not found:
        return
    name = found.group(1)
    start = sentence.start + found.start(1)
    end = start + len(name)
    words = name.split()
    # A heading word may open a name the sentence defines ("Samverkan Gävleborg 2022 är ett projekt").
    definite = words[0].casefold().endswith(("et", "en")) and found.re is not _JOINT_HEADING
    if len(words) == 1 and (words[0] in ref.stop_words or definite):
        return
    if ref.org(name) is not None:
        return
    # "Stärkt serviceutveckling i Kronobergs län är ett projekt": places and bodies inside the defined name
    # are part of it.
    inside = [s for s in spans if s.start < end and start < s.end]
    if any(s.start < start or s.end > end or s.kind not in ("place", "org", "name") for s in inside):
        return
    for span in inside:
        spans.remove(span)
    noun = found.group(2)
    if noun.endswith(("projekt", "program")):
        spans.append(Span(start, end, "project", name, "Project", None, name, "definition"))
    else:
        spans.append(Span(start, end, "name", name, "", None, name, "definition", {"defined": "arena"}))
