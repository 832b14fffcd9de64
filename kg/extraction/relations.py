"""Relations of SPEC §4 read from Swedish sentence patterns.

Each sentence is rewritten with its spans masked as tokens (§P0§ for a person, §O1§ for an
organisation, §L2§ place, §J3§ project, §A4§ agreement, §R5§ arena, §D6§ date) so that the
patterns below read like the Swedish they match.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extraction.dates import MONTHS
from kg.extraction.reference import generic_agreement_words, roles, word_list
from kg.extraction.spans import Span
from kg.model import Mention
from kg.vocab import mint_iri

if TYPE_CHECKING:
    from kg.extraction.document import DocState
    from kg.extraction.text import Sentence

__all__ = ["extract_relations", "generic_agreement_words", "roles", "event_label"]

_KIND_LETTER = {"person": "P", "org": "O", "place": "L", "project": "J", "agreement": "A", "arena": "R", "date": "D"}
_MONTH_NAMES = {number: name for name, number in MONTHS.items()}


def event_label(noun: str, date: str, place: str | None) -> str:
    """A readable label for a dated meeting: "Träff 4 november 2014, Östersund"."""
    y, m, d = (int(p) for p in date.split("-"))
    label = f"{noun.capitalize()} {d} {_MONTH_NAMES[m]} {y}"
    return f"{label}, {place}" if place else label


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
        self.text = "".join(parts)

    def span(self, token: str) -> Span:
        found = self.spans[int(token)]
        assert found is not None
        return found

    def of_kind(self, letter: str) -> list[Span]:
        return [s for s in (self.span(m.group(1)) for m in re.finditer(rf"§{letter}(\d+)§", self.text))]

    def tokens_in(self, text: str, letter: str) -> list[Span]:
        return [self.span(m.group(1)) for m in re.finditer(rf"§{letter}(\d+)§", text)]


_LIST = r"§{L}\d+§(?:(?:,\s*|\s+och\s+(?:med\s+)?|\s+samt\s+(?:med\s+)?|\s*&\s*)§{L}\d+§)*"


def _list(letter: str) -> str:
    return _LIST.replace("{L}", letter)


_PERSONS = _list("P")
_ORGS = _list("O")

_AFF_COMMA = re.compile(rf"({_PERSONS}),\s*§O(\d+)§")
_AFF_PREP = re.compile(rf"({_PERSONS}) (?:från|vid|på|hos|inom) §O(\d+)§")
_AFF_FRONTED = re.compile(rf"^(?:Från|Vid|På) §O(\d+)§ [a-zåäö]+ ({_PERSONS})")
_ROLE_PERSON_ORG = r"§P(\d+)§,?[^§]{0,40}?\b({role}) (?:vid|på|för|i|hos) §O(\d+)§"
_ORG_ROLE_PERSON = r"§O(\d+)§:?s? ({role}),? §P(\d+)§"
_MODERATOR = re.compile(r"\b(?:samtalsledar\w*|moderator\w*|modererade?|moderera\w*|ledde samtalet)\b", re.IGNORECASE)
_COORD_ACTIVE = re.compile(
    r"(?:§([OP])(\d+)§ (?:leder|ledde|leds|koordinerar|samordnar|startade|initierade|driver|drev|startar)"
    r"|(?:leder|ledde|koordinerar|samordnar|startade|initierade|driver|drev|startar) §([OP])(\d+)§)"
    r" (?:(?:ett|en|det|den|nu|också|även)\s+)?[^§]{0,30}§J(\d+)§"
)
_COORD_PASSIVE = re.compile(r"§J(\d+)§[^.]{0,80}?\b(?:leds|leddes|koordineras|samordnas|drivs) av §([OP])(\d+)§")
_COORDINATOR = re.compile(r"§O(\d+)§ (?:är|var) (?:projektets )?(?:koordinator|projektägare|sammankallande|huvudman)")
_FUNDING = re.compile(
    r"(?:finansieras|finansierades|finansierad|finansierat|bekostas|stöds|stöttas)\s+(?:av|genom|via|från)\s+"
    rf"({_ORGS})|(?:med\s+)?(?:stöd|bidrag|finansiering|medel|anslag)\s+(?:från|av)\s+({_ORGS})",
)
_FUNDS_ACTIVE = re.compile(rf"({_ORGS}) (?:finansierar|finansierade|bekostar|stöder|beviljade)[^§]{{0,30}}§J(\d+)§")
_MELLAN = re.compile(rf"mellan ({_ORGS})")
_AGREEMENT_NOUN = re.compile(
    r"\b(?:(?:ett|en|nytt|ny|skriftligt?|formellt?|gemensamt?|treårigt?|långsiktigt?)\s+)*"
    r"((?:samverkans|samarbets|partnerskaps|ram|avsikts)?(?:avtal|överenskommelse|avsiktsförklaring|partnerskap|kontrakt))\b",
)
_INDEFINITE_AGREEMENT = re.compile(
    r"\b(?:ett|en)\s+(?:[a-zåäö]+\s+){0,2}((?:samverkans|samarbets|partnerskaps|ram)?(?:avtal|överenskommelse|avsiktsförklaring|partnerskap))\b"
)
_SIGNED = re.compile(
    rf"({_ORGS}) (?:har |hade )?(?:tecknat|tecknade|undertecknade|undertecknat|skrev under|har skrivit under|ingick|ingått)"
    r" (?:ett|en) (?:[a-zåäö]+ )?((?:samverkans|samarbets|partnerskaps|ram)?(?:avtal|överenskommelse|avsiktsförklaring))"
)
_COLLAB_WITH = re.compile(
    rf"\b(?:samverkan|samverkar|samarbete|samarbetet|samarbetar|samverkat|samarbetat|partnerskap|kontakter)\s+med\s+({_ORGS})"
)
_COLLAB_BETWEEN = re.compile(
    rf"\b(?:samverkan|samarbete|samarbetet|kontakter|kontakterna|samarbetsprojekt|partnerskap|partnerskapet|relationer)"
    rf"[^§.]{{0,50}}?mellan ({_ORGS})"
)
_TOGETHER = re.compile(rf"§O(\d+)§ tillsammans med ({_ORGS})")
_COLLAB_VERB = re.compile(rf"({_ORGS}) (?:samarbetar|samverkar|har samarbetat|har samverkat)")
_PARTICIPATE = re.compile(
    rf"({_ORGS}|{_PERSONS}) (?:deltar|deltog|medverkar|medverkade|ingår|ingick|är med) i §([JR])(\d+)§"
)
_PARTICIPANTS_OF = re.compile(
    rf"I (?:§([JR])(\d+)§|(projektet|satsningen|samarbetet|nätverket)) (?:deltar|medverkar|ingår) (?:också |även |nu )?({_ORGS}|{_PERSONS})"
)
_PROJECT_BETWEEN = re.compile(rf"§J(\d+)§[^§]{{0,80}}?mellan ({_ORGS})")
_MEMBER = re.compile(rf"({_ORGS}) (?:är|blev) (?:medlem|medlemmar) i §O(\d+)§")
_MEMBERS_OF = re.compile(rf"(?:[Mm]edlemmar i|[Mm]edlemmarna i) §O(\d+)§ (?:är|var) ({_ORGS})")
_ORGANISED_BY = re.compile(
    rf"(?:arrangeras|arrangerades|anordnas|anordnades|drivs|arrangörer är|anordnare är|står bakom)\s+(?:av\s+)?({_ORGS})"
)
_ORGANISES = re.compile(rf"({_ORGS}) (?:arrangerar|arrangerade|anordnar|anordnade|driver|står bakom) §([RJ])(\d+)§")
_EVENT_NOUN = re.compile(
    r"\b(träff(?:en|ar|arna|as)?|möte(?:t|n|na)?|konferens(?:en)?|seminari(?:um|et|er)|workshop(?:en)?"
    r"|forskardag(?:en)?|samlades|kick-?off|nätverksträff(?:en)?|dialogmöte(?:t)?|rundabordssamtal)\b",
    re.IGNORECASE,
)
_EVENT_BASE = {
    "träff": "träff",
    "möte": "möte",
    "konferens": "konferens",
    "seminari": "seminarium",
    "workshop": "workshop",
    "forskardag": "forskardag",
    "samlades": "träff",
    "kick": "kick-off",
    "nätverksträff": "nätverksträff",
    "dialogmöte": "dialogmöte",
    "rundabordssamtal": "rundabordssamtal",
}


def _first_words(text: str, limit: int) -> str:
    """The leading words of `text` that fit in `limit` characters (at least one word)."""
    words = text.split()
    kept = [words[0]] if words else []
    for word in words[1:]:
        if len(" ".join(kept + [word])) > limit:
            break
        kept.append(word)
    return " ".join(kept)


def _event_noun(word: str) -> str:
    low = word.casefold()
    for stem, base in _EVENT_BASE.items():
        if low.startswith(stem):
            return base
    return "träff"


def _orgs_in(masked: Masked, text: str) -> list[Span]:
    return [s for s in masked.tokens_in(text, "O")]


def _persons_in(masked: Masked, text: str) -> list[Span]:
    return masked.tokens_in(text, "P")


def _iri(span: Span) -> str:
    assert span.iri is not None
    return span.iri


class _Reader:
    """Applies the patterns to every sentence of a document."""

    def __init__(self, state: DocState) -> None:
        self.state = state
        self.masked: list[Masked] = []
        self.affiliation: dict[str, str] = {}  # person IRI -> organisation IRI, as read so far
        self.last_event: tuple[int, str] | None = None  # (sentence index, event key)
        self.last_arena: tuple[int, str] | None = None
        self.events: dict[str, dict[str, object]] = {}

    # -- helpers ---------------------------------------------------------------------------
    def fact(self, s: str, p: str, o: str, sentence: Sentence, conf: float, first: Sentence | None = None) -> None:
        self.state.add_fact(s, p, o, self.state.evidence(first or sentence, sentence, conf))

    def collaborate(self, orgs: list[Span], sentence: Sentence, conf: float, first: Sentence | None = None) -> None:
        iris = sorted({_iri(o) for o in orgs})
        for a, b in combinations(iris, 2):
            self.fact(a, "collaboratesWith", b, sentence, conf, first)

    def affiliate(self, person: Span, org: Span, sentence: Sentence, conf: float, role: str | None = None) -> None:
        p, o = _iri(person), _iri(org)
        self.fact(p, "affiliatedWith", o, sentence, conf)
        self.affiliation.setdefault(p, o)
        if role:
            role = role.casefold()
            for suffix in ("en", "n"):
                base = role[: -len(suffix)]
                if role.endswith(suffix) and roles().fullmatch(base) and not roles().fullmatch(role[:-0] + "x"):
                    if base in {w.casefold() for w in word_list("roles.txt")}:
                        role = base
                        break
            node = p.replace("/person/", "/affiliation/") + "--" + o.rsplit("/", 1)[-1]
            self.state.add_entity(node, "Affiliation", f"{person.label}, {role}, {self.state.entities[o].label}")
            self.fact(p, "hasAffiliation", node, sentence, conf)
            self.fact(node, "person", p, sentence, conf)
            self.fact(node, "organisation", o, sentence, conf)
            self.state.add_fact(node, "role", role, self.state.evidence(sentence, None, conf), literal="sv")

    # -- the patterns ------------------------------------------------------------------------
    def read(self) -> None:
        state = self.state
        for index, sentence in enumerate(state.sentences):
            self.masked.append(Masked(sentence, state.spans[index], [(d.start, d.end) for d in state.dates[index]]))
        for index, sentence in enumerate(state.sentences):
            m = self.masked[index]
            self.affiliations(m, sentence)
            self.projects(m, sentence)
            self.agreements(index, m, sentence)
            self.collaborations(m, sentence)
            self.membership(m, sentence)
            self.arenas(index, m, sentence)
            self.events_in(index, m, sentence)
        self.finish_events()

    def affiliations(self, m: Masked, sentence: Sentence) -> None:
        role_re = roles().pattern
        for match in re.finditer(_ROLE_PERSON_ORG.replace("{role}", role_re), m.text, re.IGNORECASE):
            self.affiliate(m.span(match.group(1)), m.span(match.group(3)), sentence, 0.85, match.group(2))
        for match in re.finditer(_ORG_ROLE_PERSON.replace("{role}", role_re), m.text, re.IGNORECASE):
            self.affiliate(m.span(match.group(3)), m.span(match.group(1)), sentence, 0.85, match.group(2))
        for pattern, conf in ((_AFF_COMMA, 0.85), (_AFF_PREP, 0.9)):
            for match in pattern.finditer(m.text):
                org = m.span(match.group(2))
                for person in _persons_in(m, match.group(1)):
                    self.affiliate(
                        person, org, sentence, conf if person is _persons_in(m, match.group(1))[-1] else conf - 0.1
                    )
        fronted = _AFF_FRONTED.search(m.text)
        if fronted:
            org = m.span(fronted.group(1))
            for person in _persons_in(m, fronted.group(2)):
                self.affiliate(person, org, sentence, 0.8)

    def projects(self, m: Masked, sentence: Sentence) -> None:
        for match in _COORD_ACTIVE.finditer(m.text):
            agent = m.span(match.group(2) or match.group(4))
            self.fact(_iri(agent), "coordinates", _iri(m.span(match.group(5))), sentence, 0.75)
        for match in _COORD_PASSIVE.finditer(m.text):
            self.fact(_iri(m.span(match.group(3))), "coordinates", _iri(m.span(match.group(1))), sentence, 0.85)
        projects = m.of_kind("J")
        for match in _COORDINATOR.finditer(m.text):
            for project in projects:
                self.fact(_iri(m.span(match.group(1))), "coordinates", _iri(project), sentence, 0.75)
        if projects:
            for match in _FUNDING.finditer(m.text):
                funders = _orgs_in(m, match.group(1) or match.group(2) or "")
                for funder in funders:
                    self.fact(_iri(funder), "funds", _iri(projects[0]), sentence, 0.8)
        for match in _FUNDS_ACTIVE.finditer(m.text):
            for funder in _orgs_in(m, match.group(1)):
                self.fact(_iri(funder), "funds", _iri(m.span(match.group(2))), sentence, 0.8)
        for match in _PARTICIPATE.finditer(m.text):
            target = m.span(match.group(3))
            for agent in _orgs_in(m, match.group(1)) + _persons_in(m, match.group(1)):
                self.fact(_iri(agent), "participatesIn", _iri(target), sentence, 0.8)
        for match in _PARTICIPANTS_OF.finditer(m.text):
            if match.group(2):
                target_iri, first = _iri(m.span(match.group(2))), None
            else:
                # "I projektet deltar …": the project named last in this or the sentence before.
                found = self.last_project(m)
                if found is None:
                    continue
                target_iri, first = found
            for agent in _orgs_in(m, match.group(4)) + _persons_in(m, match.group(4)):
                self.fact(_iri(agent), "participatesIn", target_iri, sentence, 0.8, first)
        for match in _PROJECT_BETWEEN.finditer(m.text):
            project = m.span(match.group(1))
            orgs = _orgs_in(m, match.group(2))
            if len(orgs) >= 2:
                for org in orgs:
                    self.fact(_iri(org), "participatesIn", _iri(project), sentence, 0.75)
                self.collaborate(orgs, sentence, 0.7)

    def last_project(self, m: Masked) -> tuple[str, Sentence | None] | None:
        """The project named last before the current point: in this sentence, else the one before."""
        here = m.of_kind("J")
        if here:
            return _iri(here[-1]), None
        index = self.masked.index(m)
        if index > 0:
            before = self.masked[index - 1].of_kind("J")
            if before:
                return _iri(before[-1]), self.masked[index - 1].sentence
        return None

    def _agreement_parties(self, index: int, m: Masked) -> tuple[list[Span], Sentence | None]:
        match = _MELLAN.search(m.text)
        if match:
            return _orgs_in(m, match.group(1)), None
        if index > 0:
            previous = self.masked[index - 1]
            match = _MELLAN.search(previous.text)
            if match:
                return _orgs_in(previous, match.group(1)), previous.sentence
        return [], None

    def agreements(self, index: int, m: Masked, sentence: Sentence) -> None:
        named = m.of_kind("A")
        for agreement in named:
            after = m.text[m.text.index(f"§A{m.spans.index(agreement)}§") :]
            match = _MELLAN.match(after.split("§", 2)[-1].lstrip()) if "mellan" in after[:60] else None
            if match:
                parties = _orgs_in(m, match.group(1))
                for party in parties:
                    self.fact(_iri(party), "partyTo", _iri(agreement), sentence, 0.85)
                self.collaborate(parties, sentence, 0.7)
        if named:
            return
        signed = _SIGNED.search(m.text)
        if signed:
            parties, first = _orgs_in(m, signed.group(1)), None
            noun = signed.group(2)
        else:
            found = _INDEFINITE_AGREEMENT.search(m.text)
            if not found:
                return
            noun = found.group(1)
            parties, first = self._agreement_parties(index, m)
        parties = sorted({_iri(p): p for p in parties}.values(), key=lambda p: p.label)
        if len(parties) < 2:
            return
        names = [self.state.entities[_iri(p)].label for p in parties]
        label = f"{noun.capitalize()} mellan {', '.join(names[:-1])} och {names[-1]}"
        iri = self.state.add_entity(mint_iri("Agreement", label), "Agreement", label)
        conf = 0.8 if first is None else 0.6
        for party in parties:
            self.fact(_iri(party), "partyTo", iri, sentence, conf, first)
        self.collaborate(parties, sentence, conf - 0.1, first)

    def collaborations(self, m: Masked, sentence: Sentence) -> None:
        orgs = m.of_kind("O")
        for match in _COLLAB_WITH.finditer(m.text):
            partners = _orgs_in(m, match.group(1))
            before = _orgs_in(m, m.text[: match.start()])
            if not before:
                persons = _persons_in(m, m.text[: match.start()])
                before = [p for p in orgs if persons and self.affiliation.get(_iri(persons[-1])) == _iri(p)]
            if before:
                for partner in partners:
                    self.collaborate([before[-1], partner], sentence, 0.7)
        for match in _COLLAB_BETWEEN.finditer(m.text):
            self.collaborate(_orgs_in(m, match.group(1)), sentence, 0.75)
        for match in _TOGETHER.finditer(m.text):
            self.collaborate([m.span(match.group(1))] + _orgs_in(m, match.group(2)), sentence, 0.8)
        for match in _COLLAB_VERB.finditer(m.text):
            self.collaborate(_orgs_in(m, match.group(1)), sentence, 0.8)

    def membership(self, m: Masked, sentence: Sentence) -> None:
        for match in _MEMBER.finditer(m.text):
            for member in _orgs_in(m, match.group(1)):
                self.fact(_iri(member), "memberOf", _iri(m.span(match.group(2))), sentence, 0.85)
        for match in _MEMBERS_OF.finditer(m.text):
            for member in _orgs_in(m, match.group(2)):
                self.fact(_iri(member), "memberOf", _iri(m.span(match.group(1))), sentence, 0.8)

    def arenas(self, index: int, m: Masked, sentence: Sentence) -> None:
        arenas = m.of_kind("R")
        if arenas:
            self.last_arena = (index, _iri(arenas[-1]))
        for match in _ORGANISES.finditer(m.text):
            for org in _orgs_in(m, match.group(1)):
                self.fact(
                    _iri(org),
                    "organises" if match.group(2) == "R" else "coordinates",
                    _iri(m.span(match.group(3))),
                    sentence,
                    0.8,
                )
        target = (
            _iri(arenas[-1])
            if arenas
            else (self.last_arena[1] if self.last_arena and index - self.last_arena[0] <= 2 else None)
        )
        if target is None:
            return
        for match in _ORGANISED_BY.finditer(m.text):
            for org in _orgs_in(m, match.group(1)):
                self.fact(_iri(org), "organises", target, sentence, 0.8)
        # A caption after an arena's description: "A tillsammans med B" names its organisers.
        together = _TOGETHER.search(m.text)
        if together and not arenas and (together.start() == 0 or len(m.text.split()) <= 12):
            first = self.masked[self.last_arena[0]].sentence if self.last_arena else None
            orgs = [m.span(together.group(1))] + _orgs_in(m, together.group(2))
            for org in orgs:
                self.fact(_iri(org), "organises", target, sentence, 0.65, first)

    # -- events ------------------------------------------------------------------------------
    def events_in(self, index: int, m: Masked, sentence: Sentence) -> None:
        state = self.state
        noun_match = _EVENT_NOUN.search(sentence.text)
        dates = state.dates[index]
        if noun_match is None or not dates:
            if noun_match is not None and self.last_event is not None:
                self.last_event = (index, self.last_event[1])
            self.moderators(index, m, sentence)
            return
        noun = _event_noun(noun_match.group(1))
        projects = m.of_kind("J")
        years = [
            (pos, y)
            for pos, y in ((mm.start(), int(mm.group())) for mm in re.finditer(r"\b(?:19|20)\d\d\b", sentence.text))
        ]
        for date in dates:
            rel = date.start - sentence.start
            year = (
                date.year or next((y for pos, y in reversed(years) if pos < rel), None) or state.context_year.get(index)
            )
            iso = date.iso(year)
            if iso is None:
                continue
            tail = sentence.text[date.end - sentence.start :]
            place = None
            host = None
            for span in state.spans[index]:
                if span.kind == "place" and span.start >= date.end and span.start - date.end <= 3:
                    place = span
                    break
            if place is None:
                nxt = [d for d in dates if d.start > date.start]
                limit = nxt[0].start if nxt else sentence.end
                before = [d for d in dates if d.start < date.start]
                lower = before[-1].end if before else sentence.start
                places = [s for s in state.spans[index] if s.kind == "place" and (lower <= s.start < limit)]
                if len(dates) == 1 or places and places[0].start > date.end:
                    place = places[0] if places else None
            for match in re.finditer(r"\bpå §O(\d+)§", m.text):
                host = m.span(match.group(1))
                break
            key = f"{_iri(projects[0]) if projects else ''}|{iso}"
            event = self.events.setdefault(
                key,
                {
                    "date": iso,
                    "noun": noun,
                    "project": _iri(projects[0]) if projects else None,
                    "evidence": [],
                    "place": None,
                    "host": None,
                    "end": None,
                },
            )
            end_iso = date.iso_end(year)
            if end_iso:
                event["end"] = end_iso
            cast_list = event["evidence"]
            assert isinstance(cast_list, list)
            cast_list.append((index, date.start, tail))
            if place is not None and event["place"] is None:
                event["place"] = (place, index)
            if host is not None and event["host"] is None:
                event["host"] = (host, index)
            self.last_event = (index, key)
        self.moderators(index, m, sentence)

    def moderators(self, index: int, m: Masked, sentence: Sentence) -> None:
        if not _MODERATOR.search(sentence.text) or self.last_event is None or index - self.last_event[0] > 3:
            return
        event = self.events[self.last_event[1]]
        mods = event.setdefault("moderators", [])
        assert isinstance(mods, list)
        for person in m.of_kind("P"):
            mods.append((person, index))

    def finish_events(self) -> None:
        state = self.state
        # An event with no project in its sentence belongs to the project most of the document's events belong to.
        counts = Counter(e["project"] for e in self.events.values() if e["project"])
        default_project = counts.most_common(1)[0][0] if counts else None
        merged: dict[str, dict[str, object]] = {}
        for _, event in sorted(self.events.items()):
            project = event["project"] or default_project
            new_key = f"{project or ''}|{event['date']}"
            target = merged.setdefault(new_key, {**event, "project": project, "evidence": [], "moderators": []})
            for field_name in ("evidence", "moderators"):
                bucket = target[field_name]
                assert isinstance(bucket, list)
                bucket.extend(event.get(field_name, []) or [])  # type: ignore[arg-type]
            for field_name in ("place", "host", "end"):
                if target[field_name] is None and event[field_name] is not None:
                    target[field_name] = event[field_name]
        for _, event in sorted(merged.items()):
            date = str(event["date"])
            place = event["place"]
            place_label = state.entities[_iri(place[0])].label if isinstance(place, tuple) else None
            label = event_label(str(event["noun"]), date, place_label)
            scope = state.entities[str(event["project"])].label if event["project"] else state.doc.key
            iri = mint_iri("Event", f"{_first_words(scope, 40)} {date}")
            state.add_entity(iri, "Event", label)
            evidence_list = event["evidence"]
            assert isinstance(evidence_list, list)
            for index, _, _ in evidence_list:
                sentence = state.sentences[index]
                state.mentions.append(Mention(iri, state.evidence(sentence, None, 0.85)))
                state.add_fact(iri, "date", date, state.evidence(sentence, None, 0.85), literal="date")
                if event["project"]:
                    self.fact(iri, "partOf", str(event["project"]), sentence, 0.75)
            if event["end"]:
                idx = evidence_list[0][0]
                state.add_fact(
                    iri, "endDate", str(event["end"]), state.evidence(state.sentences[idx], None, 0.85), literal="date"
                )
                state.add_fact(iri, "startDate", date, state.evidence(state.sentences[idx], None, 0.85), literal="date")
            if isinstance(place, tuple):
                self.fact(iri, "heldIn", _iri(place[0]), state.sentences[place[1]], 0.8)
            host = event["host"]
            if isinstance(host, tuple):
                self.fact(iri, "hostedBy", _iri(host[0]), state.sentences[host[1]], 0.75)
            mods = event.get("moderators") or []
            assert isinstance(mods, list)
            for person, idx in mods:
                self.fact(_iri(person), "coordinates", iri, state.sentences[idx], 0.75)


def extract_relations(state: DocState) -> None:
    """Read every relation pattern over the document's sentences into `state.facts`."""
    _Reader(state).read()
