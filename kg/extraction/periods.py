"""Periods: when agreements were signed, renewed and end (dated versions of one agreement, with the
parties that joined in each), when projects run ("projektet pågår 2020–2023"), and when a person's
affiliation began or ended ("sedan 2015 rektor", "tidigare rektor vid X").

A year alone gives the first day of the year for a start and the last day for an end (xsd:date, as
samv:startDate and samv:endDate require); the statement's quote keeps the words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.dates import MONTHS, find_year_ranges, find_years, first_day, last_day, month_number
from kg.extraction.masking import Masked, iri_of
from kg.vocab import version_iri

if TYPE_CHECKING:
    from kg.extraction.agreements import AgreementReader
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["AgreementTimeline", "PeriodText", "affiliation_period", "project_period"]

_SIGN = re.compile(
    r"\b(?:tecknades|tecknats|tecknade|tecknat|undertecknades|undertecknade|undertecknat|skrevs under|skrev under"
    r"|skrivit under|ingicks|ingick|ingåtts|signerades|signerade|signerat|slöts|slutits)\b",
    re.IGNORECASE,
)
_RENEW = re.compile(
    r"\b(?:förnyades|förnyats|förnyade|förnyat|förnyas|förnyelsen|förnyelse|förlängdes|förlängts|förlängde"
    r"|förlängt|förlängs|förlängningen|omförhandlades|ersätter|ersatte|ersattes)\b",
    re.IGNORECASE,
)
# Words just before a date that make it the start or the end of a period.
_FROM = re.compile(
    r"\b(?:från och med|fr\.o\.m\.|från|sedan|började gälla|trädde i kraft|gäller från)(?:\s+(?:den|år))?\s*$",
    re.IGNORECASE,
)
_UNTIL = re.compile(
    r"\b(?:till och med|t\.o\.m\.|till|fram till|löper ut|upphör|slutar gälla)(?:\s+(?:den|år|utgången av))?\s*$",
    re.IGNORECASE,
)
_JOIN = re.compile(
    r"\b(?:anslöt|anslutit|ansluter|anslöts|tillkom|tillkommit|kom med|blev part|blir part|ny part|nya parter)\b",
    re.IGNORECASE,
)
_AGREEMENT_WORD = re.compile(r"(?i:avtal|överenskommelse|avsiktsförklaring|partnerskap|kontrakt)")
_PROJECT_WORD = re.compile(r"(?i:projekt|satsning|förstudie|programmet)")
_PROJECT_START = re.compile(r"\b(?:startade|startar|inleddes|påbörjades|drog igång|drogs igång)\b")
_PROJECT_END = re.compile(r"\b(?:avslutades|avslutas|slutade|slutar|pågick till|pågår till)\b")
_FORMER = re.compile(
    r"\b(?:tidigare|före detta|f\.d\.|förre|förra|dåvarande|förutvarande|förre detta)\s+(?:[a-zåäö-]+\s+)?$",
    re.IGNORECASE,
)
_MONTH_BEFORE = re.compile(rf"\b({'|'.join(MONTHS)})\s+$", re.IGNORECASE)
_SINCE = re.compile(r"\bsedan\s+(?:(?:våren|hösten|sommaren|vintern|början av|slutet av)\s+)?((?:19|20)\d\d)\b")


@dataclass(frozen=True, slots=True)
class PeriodText:
    """A date in a sentence: where it stands and the W3CDTF values of its first and last day."""

    start: int
    end: int
    first: str
    last: str


def _periods(state: DocState, index: int) -> list[PeriodText]:
    """The dates of a sentence (days, year ranges and years), positions relative to the sentence."""
    sentence = state.sentences[index]
    found: list[PeriodText] = []
    for date in state.dates[index]:
        iso = date.iso(date.year or state.context_year.get(index))
        if iso is not None:
            start = date.start - sentence.start
            found.append(PeriodText(start, date.end - sentence.start, iso, date.iso_end(int(iso[:4])) or iso))
    for years in find_year_ranges(sentence.text):
        if not any(p.start < years.end and years.start < p.end for p in found):
            found.append(PeriodText(years.start, years.end, str(years.first), str(years.last)))
    for position, year in find_years(sentence.text):
        if not any(p.start <= position < p.end for p in found):
            month = _MONTH_BEFORE.search(sentence.text[max(0, position - 12) : position])
            number = month_number(month.group(1)) if month else None
            value = f"{year}-{number:02d}" if month and number else str(year)
            start = position - len(month.group()) if month and number else position
            found.append(PeriodText(start, position + 4, value, value))
    return sorted(found, key=lambda p: p.start)


def _cue_of(text: str, period: PeriodText, cues: list[tuple[int, int, str]]) -> str | None:
    """What a date is the date of: "from"/"until" by the words just before it, else the signing or
    renewal cue nearest before it in the sentence, else the one right after it ("2019 förnyades …")."""
    before = text[max(0, period.start - 30) : period.start]
    if _UNTIL.search(before):
        return "until"
    if _FROM.search(before):
        return "from"
    preceding = [c for c in cues if c[1] <= period.start]
    if preceding:
        return preceding[-1][2]
    following = [c for c in cues if c[0] >= period.end and c[0] - period.end <= 40]
    return following[0][2] if following else None


@dataclass
class _Version:
    date: str  # W3CDTF of its first day as the text gives it
    kind: str  # "sign" or "renew"
    index: int
    end: str | None = None
    joined: dict[str, int] = field(default_factory=dict)  # organisation IRI -> sentence index


Fact = Callable[[str, str, str, "Sentence", float, "Sentence | None"], None]


class AgreementTimeline:
    """Reads when the agreements of a document were signed, renewed, joined and end, and writes each
    signing and renewal as a dated samv:AgreementVersion of the one agreement."""

    def __init__(self, state: DocState, agreements: AgreementReader, fact: Fact) -> None:
        self.state = state
        self.agreements = agreements
        self.fact = fact
        self.versions: dict[str, dict[str, _Version]] = {}  # agreement IRI -> year -> version

    def _target(self, m: Masked, sentence: Sentence) -> str | None:
        named = m.of_kind("A")
        if named:
            return self.agreements.same.get(iri_of(named[0]), iri_of(named[0]))
        return self.agreements.last if _AGREEMENT_WORD.search(sentence.text) else None

    def read(self, index: int, m: Masked, sentence: Sentence) -> None:
        text = sentence.text
        cues = [(c.start(), c.end(), "sign") for c in _SIGN.finditer(text)]
        cues += [(c.start(), c.end(), "renew") for c in _RENEW.finditer(text)]
        cues.sort()
        periods = _periods(self.state, index)
        if not cues and (m.of_kind("J") or m.of_kind("R")):
            return  # the period of a project or arena run within the agreement, not the agreement's
        target = self._target(m, sentence) if periods else None
        if target is None:
            return
        renewing = any(kind == "renew" for _, _, kind in cues)
        current: _Version | None = None
        for period in periods:
            cue = _cue_of(text, period, cues)
            if cue == "until":
                self._end(target, current, period.last, index, renewing)
            elif cue in ("sign", "renew", "from") or (cue is None and period.first != period.last):
                kind = "renew" if cue == "renew" or (cue == "from" and renewing) else "sign"
                current = self._version(target, period.first, kind, index)
                if period.first != period.last:  # "2019–2022": the version's whole period
                    self._end(target, current, period.last, index, renewing)
        if current is not None and _JOIN.search(text):
            known = self.agreements.parties.get(target, {})
            for org in m.of_kind("O"):
                if iri_of(org) not in known or known[iri_of(org)][0] >= index:
                    current.joined.setdefault(iri_of(org), index)

    def _version(self, target: str, date: str, kind: str, index: int) -> _Version:
        versions = self.versions.setdefault(target, {})
        version = versions.get(date[:4])
        if version is None:
            version = versions[date[:4]] = _Version(date, kind, index)
        elif len(date) > len(version.date):  # the more precise date of the same year
            version.date = date
        return version

    def _end(self, target: str, version: _Version | None, value: str, index: int, renewing: bool) -> None:
        if version is not None:
            version.end = value
        if not renewing:  # an end stated with a renewal is the new version's, not the agreement's
            sentence = self.state.sentences[index]
            evidence = self.state.evidence(sentence, None, 0.7)
            self.state.add_fact(target, "endDate", last_day(value), evidence, literal="date")

    def finish(self) -> None:
        """Every version, in order of its date: the agreement's start date from its signing, the parties
        that joined with each version (at the signing: every party not joining later)."""
        state = self.state
        for target, by_year in sorted(self.versions.items()):
            ordered = sorted(by_year.values(), key=lambda v: v.date)
            later = {org for v in ordered if v.kind == "renew" for org in v.joined}
            for version in ordered:
                sentence = state.sentences[version.index]
                evidence = state.evidence(sentence, None, 0.75)
                iri = version_iri(target, version.date[:4])
                verb = "tecknat" if version.kind == "sign" else "förnyat"
                state.add_entity(iri, "AgreementVersion", f"{state.entities[target].label} ({verb} {version.date[:4]})")
                self.fact(target, "hasVersion", iri, sentence, 0.75, None)
                state.add_fact(iri, "startDate", first_day(version.date), evidence, literal="date")
                if version.end is not None:
                    state.add_fact(iri, "endDate", last_day(version.end), evidence, literal="date")
                if version.kind == "sign":
                    state.add_fact(target, "startDate", first_day(version.date), evidence, literal="date")
                    parties = self.agreements.parties.get(target, {})
                    for org in sorted(parties):
                        if org not in later:
                            version.joined.setdefault(org, version.index)
                for org, index in sorted(version.joined.items()):
                    self.fact(iri, "joiningParty", org, state.sentences[index], 0.7, None)
                    if org not in self.agreements.parties.get(target, {}):
                        self.fact(org, "partyTo", target, state.sentences[index], 0.7, None)


def project_period(state: DocState, index: int) -> tuple[str | None, str | None]:
    """The period a sentence about a project gives it: "pågår 2020–2023", "startade 2019", "avslutades
    2023", as (start, end) xsd:dates."""
    sentence = state.sentences[index]
    if not _PROJECT_WORD.search(sentence.text):
        return None, None
    start: str | None = None
    end: str | None = None
    for period in _periods(state, index):
        before = sentence.text[max(0, period.start - 30) : period.start]
        if period.first != period.last and len(period.first) == len(period.last) == 4:
            start, end = first_day(period.first), last_day(period.last)
        elif _PROJECT_END.search(before) or _UNTIL.search(before):
            end = last_day(period.last)
        elif _PROJECT_START.search(before) or _FROM.search(before):
            start = first_day(period.first)
    return start, end


def affiliation_period(window: str, role: str | None, document_date: str | None) -> tuple[str | None, str | None]:
    """The period of an affiliation from the words joining the person to the organisation: "sedan 2015"
    gives its start; a former role ("tidigare rektor vid X", "f.d. kommundirektör") its end, the last day
    the document's date covers (it had ended by then), if the document is dated."""
    since = _SINCE.search(window)
    start = first_day(since.group(1)) if since else None
    end: str | None = None
    if role is not None and document_date is not None:
        at = window.casefold().find(role.casefold())
        if at >= 0 and _FORMER.search(window[:at]):
            end = last_day(document_date)
    return start, end
