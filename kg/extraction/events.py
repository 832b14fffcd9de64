"""Dated events: meetings, conferences, seminars and workshops, with their place, host, project,
organisers, moderators and participants."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kg.dates import DateSpan
from kg.extraction.event_words import (
    EVENT_WORD,
    NOT_EVENTS,
    base_noun,
    event_label,
    first_words,
    is_event_name,
    name_at_top,
)
from kg.extraction.masking import ORGS, PERSONS, Masked, iri_of, orgs_in, persons_in
from kg.extraction.spans import Span
from kg.model import Mention
from kg.vocab import mint_iri

if TYPE_CHECKING:
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["EVENT_WORD", "NOT_EVENTS", "EventDraft", "EventReader", "event_label"]

_HAPPENED = re.compile(
    r"\b(?:samlades|hölls|genomfördes|ägde rum|arrangerades|anordnades|sammanträdde|träffades|möttes)\b"
)
_SPEECH = re.compile(
    r"\b(?:berättade|lyfte|undrade|menade|kommenterade|beskrev|påpekade|funderade|presenterade|talade"
    r"|föreläste|inledde|visade|redogjorde|delade med sig|tyckte|uttryckte|diskuterade)\b"
)
_MODERATOR = re.compile(
    r"\b(?:samtalsledar\w*|moderator\w*|modererade?|moderera\w*|ledde samtalet|leds av)\b", re.IGNORECASE
)
_HOST = re.compile(
    r"(?:där|med|och) §O(\d+)§ (?:stod|står|var|är) (?:som )?värd|med §O(\d+)§ som värd"
    r"|§O(\d+)§ (?:stod|står|var|är) (?:som )?värd(?:ar)?(?: för)?|[Vv]ärd(?:ar)? (?:är|var|blir) §O(\d+)§"
)
_ORGANISED = re.compile(
    rf"(?:arrangeras|arrangerades|anordnas|anordnades|organiseras|organiserades)\s+(?:\w+\s+)?av\s+({ORGS})"
    rf"|({ORGS}) (?:arrangerar|arrangerade|anordnar|anordnade|bjuder in till|står bakom|välkomnar (?:\w+ )?till)"
    rf"|(?:är|var) ett initiativ (?:av|från)\s+({ORGS})"
)
_FIELD = re.compile(r"^\s*([A-ZÅÄÖ][a-zåäö]+(?: [a-zåäö]+){0,2})\s*:\s*(.*)$")
_FIELD_DATE = re.compile(r"^(?:datum|när|tid|tidpunkt|dag)$")
_FIELD_PLACE = re.compile(r"^(?:plats|var|lokal|adress)$")
_FIELD_ORGANISER = re.compile(r"^(?:arrangör|arrangörer|arrangeras av|anordnare|värd|värdar|värdskap)$")
_FIELD_MODERATOR = re.compile(r"^(?:moderator|moderatorer|samtalsledare|konferencier)$")
_FIELD_SPEAKERS = re.compile(r"^(?:deltagare|talare|medverkande|föreläsare|panel|paneldeltagare|ledare|inledare)$")
# A date in a sentence about registering is a deadline, not the event's date.
_DEADLINE = re.compile(r"\b(?:[Aa]nmälan|[Aa]nmäl|senast|[Ss]ista (?:dag|anmälningsdag)|deadline)\b")
_PART_OF = re.compile(r"(?:är|ingår som) (?:en )?(?:del|delmoment|aktivitet) (?:av|i) §J(\d+)§")


def _moderated_by(m: Masked, cue: re.Match[str]) -> list[Span]:
    """The persons a moderator cue names: after a plural cue all that follow it ("samtalsledarna A från X
    och B"); else the one right after it ("moderator Anna Ek", "leds av Anna Ek"), else the one right
    before it ("Anna Ek (moderator)"), else the sentence's only person."""
    if cue.group().casefold().endswith(("na", "er")):  # "samtalsledarna A från X och B från Y": all of them
        clause = re.search(r",\s*(?:och|men|medan|samt)\b|[.;!?]|\s[–-]\s", m.text[cue.end() :])
        end = cue.end() + clause.start() if clause else len(m.text)
        later = [p for p in m.of_kind("P") if cue.end() <= m.text.index(f"§P{m.spans.index(p)}§") < end]
        if later:
            return later
    after = re.match(rf"[\s:,]*(?:är |blir |var )?({PERSONS})", m.text[cue.end() :])
    if after:
        return persons_in(m, after.group(1))
    before = re.search(r"§P(\d+)§[\s,(]*$", m.text[max(0, cue.start() - 25) : cue.start()])
    if before:
        return [m.span(before.group(1))]
    persons = m.of_kind("P")
    return persons if len(persons) == 1 else []


@dataclass
class EventDraft:
    """What the document says of one dated event, gathered sentence by sentence."""

    date: str
    noun: str
    project: str | None = None
    name: str | None = None
    end: str | None = None
    evidence: list[int] = field(default_factory=list)
    place: tuple[str, int] | None = None  # (place IRI, sentence index)
    host: tuple[str, int] | None = None
    organisers: list[tuple[str, int]] = field(default_factory=list)
    coordinators: list[tuple[str, int]] = field(default_factory=list)
    participants: list[tuple[str, int]] = field(default_factory=list)
    document_level: bool = False


class EventReader:
    """Reads events sentence by sentence, then writes them as entities and facts."""

    def __init__(
        self, state: DocState, fact: Callable[[str, str, str, Sentence, float, Sentence | None], None]
    ) -> None:
        self.state = state
        self.fact = fact
        self.events: dict[str, EventDraft] = {}
        self.last: tuple[int, str] | None = None  # the event named last: (sentence index, key)
        self.happening: str | None = None  # the event the narrative is at (it "was held", "gathered")
        self.programme: str | None = None  # the event a programme or invitation is about

    def current(self, index: int, reach: int = 3) -> str | None:
        if self.last is not None and index - self.last[0] <= reach:
            return self.last[1]
        return self.programme

    def read(self, index: int, m: Masked, sentence: Sentence) -> None:
        self._dated(index, m, sentence)
        self._fields(index, m, sentence)
        key = self.current(index)
        if key is not None:
            self._context(index, m, sentence, key)
        narrative = self.programme or self.happening
        if narrative is not None and _SPEECH.search(sentence.text):
            for person in m.of_kind("P"):
                self.events[narrative].participants.append((iri_of(person), index))

    def _year(self, index: int, sentence: Sentence, date: DateSpan) -> int | None:
        rel = date.start - sentence.start
        years = [(mm.start(), int(mm.group())) for mm in re.finditer(r"\b(?:19|20)\d\d\b", sentence.text)]
        return (
            date.year
            or next((y for pos, y in reversed(years) if pos < rel), None)
            or self.state.context_year.get(index)
        )

    def _draft(self, key: str, iso: str, noun: str, project: str | None) -> EventDraft:
        draft = self.events.get(key)
        if draft is None:
            draft = self.events[key] = EventDraft(iso, noun, project)
        return draft

    def _dated(self, index: int, m: Masked, sentence: Sentence) -> None:
        state = self.state
        dates = state.dates[index]
        nouns = [w for w in EVENT_WORD.finditer(sentence.text) if w.group(1).casefold() not in NOT_EVENTS]
        if not nouns or not dates or _FIELD.match(sentence.text) or _DEADLINE.search(sentence.text):
            return
        noun = base_noun(nouns[0].group(1))
        projects = m.of_kind("J")
        project = iri_of(projects[0]) if projects else None
        named = next((w.group(1) for w in nouns if w.start() > 0 and is_event_name(w.group(1))), None)
        for date in dates:
            iso = date.iso(self._year(index, sentence, date))
            if iso is None:
                continue
            draft = self._draft(f"{project or ''}|{iso}", iso, noun, project)
            if named and draft.name is None:
                draft.name = named
            draft.evidence.append(index)
            end = date.iso_end(date.year or int(iso[:4]))
            if end:
                draft.end = end
            place = self._place_for(index, date, dates)
            if place is not None and draft.place is None:
                draft.place = (iri_of(place), index)
            host = re.search(r"\bpå §O(\d+)§", m.text)
            if host and draft.host is None:
                draft.host = (iri_of(m.span(host.group(1))), index)
            self.last = (index, f"{project or ''}|{iso}")
            if _HAPPENED.search(sentence.text):
                self.happening = self.last[1]

    def _place_for(self, index: int, date: DateSpan, dates: list[DateSpan]) -> Span | None:
        spans = self.state.spans[index]
        for span in spans:
            if span.kind == "place" and span.start >= date.end and span.start - date.end <= 3:
                return span
        following = [d for d in dates if d.start > date.start]
        limit = following[0].start if following else 1 << 60
        preceding = [d for d in dates if d.start < date.start]
        lower = preceding[-1].end if preceding else 0
        places = [s for s in spans if s.kind == "place" and lower <= s.start < limit]
        if len(dates) == 1 or (places and places[0].start > date.end):
            return places[0] if places else None
        return None

    def _fields(self, index: int, m: Masked, sentence: Sentence) -> None:
        """Labelled lines of invitations and programmes: "Datum: …", "Plats: …", "Moderator: …"."""
        found = _FIELD.match(m.text)
        if not found:
            return
        key, value = found.group(1).casefold(), found.group(2)
        state = self.state
        if _FIELD_DATE.match(key):
            dates = state.dates[index]
            if not dates:
                return
            self.document_event(index, sentence, dates[0])
            return
        current = self.current(index, reach=6)
        if current is None:
            return
        draft = self.events[current]
        value_text = value
        if _FIELD_PLACE.match(key):
            orgs = orgs_in(m, value_text)
            places = m.tokens_in(value_text, "L")
            if orgs and draft.host is None:
                draft.host = (iri_of(orgs[0]), index)
            if places and draft.place is None:
                draft.place = (iri_of(places[0]), index)
        elif _FIELD_ORGANISER.match(key):
            for org in orgs_in(m, value_text):
                target = draft.organisers if key.startswith(("arr", "anord")) else None
                if target is not None:
                    target.append((iri_of(org), index))
                elif draft.host is None:
                    draft.host = (iri_of(org), index)
        elif _FIELD_MODERATOR.match(key):
            for person in persons_in(m, value_text):
                draft.coordinators.append((iri_of(person), index))
        elif _FIELD_SPEAKERS.match(key):
            for person in persons_in(m, value_text):
                draft.participants.append((iri_of(person), index))

    def document_event(self, index: int, sentence: Sentence, date: DateSpan, noun: str = "evenemang") -> bool:
        """The event the whole document is about (a programme's, an invitation's, minutes'), on `date`;
        `noun` names it when the title has no event word."""
        if _DEADLINE.search(sentence.text):
            return False
        iso = date.iso(self._year(index, sentence, date))
        if iso is None:
            return False
        title = " ".join(self.state.doc.title.split())
        noun = next((w.group(1) for w in EVENT_WORD.finditer(title)), noun)
        event_key = f"document|{iso}"
        draft = self._draft(event_key, iso, base_noun(noun), None)
        draft.document_level = True
        draft.evidence.append(index)
        name = name_at_top(title, [s.text.strip() for s in self.state.sentences[1:4]])
        if name and draft.name is None:
            draft.name = name
        self.programme = event_key
        self.last = (index, event_key)
        return True

    def add_participant(self, key: str, who: str, index: int) -> None:
        self.events[key].participants.append((who, index))

    def add_coordinator(self, key: str, who: str, index: int) -> None:
        self.events[key].coordinators.append((who, index))

    def add_organiser(self, key: str, who: str, index: int) -> None:
        self.events[key].organisers.append((who, index))

    def set_place(self, key: str, where: str, index: int) -> None:
        draft = self.events[key]
        draft.place = draft.place or (where, index)

    def _context(self, index: int, m: Masked, sentence: Sentence, key: str) -> None:
        draft = self.events[key]
        for match in _HOST.finditer(m.text):
            token = next(g for g in match.groups() if g)
            draft.host = draft.host or (iri_of(m.span(token)), index)
        for match in _ORGANISED.finditer(m.text):
            for org in orgs_in(m, next((g for g in match.groups() if g), "")):
                draft.organisers.append((iri_of(org), index))
        for cue in _MODERATOR.finditer(m.text):
            for person in _moderated_by(m, cue):
                draft.coordinators.append((iri_of(person), index))
        part_of = _PART_OF.search(m.text)
        if part_of and draft.name and sentence.text.lstrip().startswith(draft.name.split()[0]):
            draft.project = draft.project or iri_of(m.span(part_of.group(1)))

    def add_row_event(self, index: int, iso: str, name: str | None, place: str | None, host: str | None) -> None:
        """An event a table row gives: date, and where the table says so name, place and host."""
        draft = self._draft(f"|{iso}", iso, "träff", None)
        draft.evidence.append(index)
        if name and draft.name is None:
            draft.name = name
        if place and draft.place is None:
            draft.place = (place, index)
        if host and draft.host is None:
            draft.host = (host, index)

    def finish(self) -> None:
        # An event with no project in its sentence belongs to the project most of the document's events belong to.
        counts = Counter(d.project for d in self.events.values() if d.project)
        # Only a project that several events are said to belong to takes the events that name none.
        default_project = counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][1] >= 2 else None
        merged: dict[str, EventDraft] = {}
        for _, draft in sorted(self.events.items()):
            project = draft.project or (None if draft.document_level else default_project)
            key = f"{project or ''}|{draft.date}"
            target = merged.get(key)
            if target is None:
                merged[key] = draft
                draft.project = project
                continue
            target.evidence += draft.evidence
            target.organisers += draft.organisers
            target.coordinators += draft.coordinators
            target.participants += draft.participants
            target.name = target.name or draft.name
            target.place = target.place or draft.place
            target.host = target.host or draft.host
            target.end = target.end or draft.end
        for _, draft in sorted(merged.items()):
            self._write(draft)

    def _write(self, draft: EventDraft) -> None:
        state = self.state
        place_label = state.entities[draft.place[0]].label if draft.place else None
        if draft.name:
            label = f"{draft.name} ({draft.date})" if draft.date[:4] not in draft.name else draft.name
        else:
            label = event_label(draft.noun, draft.date, place_label)
        scope = state.entities[draft.project].label if draft.project else state.doc.key
        iri = mint_iri("Event", f"{first_words(scope, 40)} {draft.date}")
        state.add_entity(iri, "Event", label)
        sentences = state.sentences
        for index in sorted(set(draft.evidence)):
            sentence = sentences[index]
            state.mentions.append(Mention(iri, state.evidence(sentence, None, 0.85)))
            state.add_fact(iri, "date", draft.date, state.evidence(sentence, None, 0.85), literal="date")
            if draft.project:
                self.fact(iri, "partOf", draft.project, sentence, 0.75, None)
        if draft.end:
            first = sentences[draft.evidence[0]]
            state.add_fact(iri, "startDate", draft.date, state.evidence(first, None, 0.85), literal="date")
            state.add_fact(iri, "endDate", draft.end, state.evidence(first, None, 0.85), literal="date")
        if draft.place is not None:
            self.fact(iri, "heldIn", draft.place[0], sentences[draft.place[1]], 0.8, None)
        if draft.host is not None:
            self.fact(iri, "hostedBy", draft.host[0], sentences[draft.host[1]], 0.75, None)
        coordinators = {who for who, _ in draft.coordinators}
        for who, index in draft.coordinators:
            self.fact(who, "coordinates", iri, sentences[index], 0.75, None)
        for who, index in draft.organisers:
            self.fact(who, "organises", iri, sentences[index], 0.8, None)
        organisers = sorted({who for who, _ in draft.organisers})
        for i, a in enumerate(organisers):
            for b in organisers[i + 1 :]:
                self.fact(min(a, b), "collaboratesWith", max(a, b), sentences[draft.organisers[0][1]], 0.7, None)
        for who, index in draft.participants:
            if who not in coordinators:
                self.fact(who, "participatesIn", iri, sentences[index], 0.65, None)
