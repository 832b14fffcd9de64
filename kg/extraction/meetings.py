"""The event a whole document is about (a programme, an invitation, minutes), and the people its
attendance lists and programme lines name: who took part, who chaired, which body met."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.dates import DateSpan
from kg.extraction.events import EVENT_WORD, NOT_EVENTS, EventReader
from kg.extraction.masking import PERSONS, Masked, iri_of, persons_in
from kg.extraction.spans import Span
from kg.model import Mention
from kg.vocab import mint_iri

if TYPE_CHECKING:
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["MeetingReader"]

# Titles of minutes and of programmes and invitations: the document is about one meeting.
# A compound names minutes too ("Direktionsprotokoll", "Styrelsesammanträde").
_MINUTES = re.compile(r"\b\w*(?:protokoll|minnesanteckningar|mötesanteckningar|sammanträde|dagordning)", re.IGNORECASE)
_PROGRAMME = re.compile(r"\b(?:program(?:met)?|inbjudan|välkommen till|\w+forum(?:et)?)\b", re.IGNORECASE)
# Lines that head a list of people present; lines that head the people absent.
_PRESENT = re.compile(
    r"^\s*(?:närvarande(?: ledamöter| ersättare| tjänstemän)?|beslutande(?: ledamöter)?|ledamöter|tjänstgörande"
    r"(?: ersättare)?|ersättare|deltagare|övriga deltagare|övriga närvarande|externa deltagare|medverkande"
    r"|talare|föreläsare|panel(?:deltagare)?|inbjudna|adjungerade?|tjänstemän|övriga|sekreterare"
    r"|justerare|utses att justera)\s*(?::|$)",
    re.IGNORECASE,
)
_ABSENT = re.compile(
    r"^\s*(?:frånvarande|ej närvarande|förhinder|anmält förhinder|anmälda förhinder|ej tjänstgörande|avböjt)",
    re.IGNORECASE,
)
_PRESENT_WORD = re.compile(
    r"\b(?:Närvarande|Beslutande|Ledamöter|Deltagande ledamöter|Deltagare|NÄRVARANDE|BESLUTANDE)\b"
)
_ABSENT_WORD = re.compile(r"\b(?:Frånvarande|Ej närvarande|Förhinder|[Aa]nmäl(?:t|da) förhinder|FRÅNVARANDE)\b")
_CHAIR = re.compile(r"^\s*(?:ordförande|ordf\.|mötesordförande|ordförande för mötet)\s*:?\s*(?:$|§P)", re.IGNORECASE)
_CHAIR_ACT = re.compile(
    r"^\s*(?:[Oo]rdförande(?:n)? )?§P(\d+)§ (?:öppnar|öppnade|förklarar|förklarade) (?:mötet|sammanträdet)"
)
# A line that ends a list: a numbered item of business, or running prose.
_BUSINESS = re.compile(r"^\s*(?:§\s*\d+|\d+\s*§|ärende\s+\d+|punkt\s+\d+)", re.IGNORECASE)
_CONTACT = re.compile(
    r"\b(?:kontakt\w*|frågor|anmäl\w*|publicerad|uppdaterad|foto|fotograf|bild|redaktör|sidansvarig)\b", re.IGNORECASE
)
_DATELINE = re.compile(r"\b(?:publicerad|uppdaterad|senast ändrad|skapad)\w*", re.IGNORECASE)
# A programme line that starts with a speaker: "10.15 Anna Ek, Region Östergötland".
_SPEAKER_LINE = re.compile(rf"^\s*(?:\d{{1,2}}[.:]\d\d\s+)?({PERSONS})\s*,")
# The people of a body that runs an arena or project: its board, steering or working group.
_BOARD = re.compile(
    r"^\s*(?:[\wåäöÅÄÖ-]+\s+){0,3}?(?:styrelse(?:n|ns)?|ledamöter(?:na)?|(?:styr|referens|arbets|projekt|lednings)grupp"
    r"(?:en|ens)?|programråd(?:et|ets)?|från vänster|projektledning(?:en)?"
    r"|(?:[a-zåäö]+)?råd(?:et)? består)\b",
    re.IGNORECASE,
)
_LEADER = re.compile(
    r"\b(?:ordförande|ordf\.|samordnare|sammankallande|leds av|ledare|projektledare|verksamhetsledare|föreståndare"
    r"|koordinator|projektkoordinator)\b",
    re.IGNORECASE,
)
# The chair in a flattened list: the role right after the name and its party ("Ulf Ek (S) ordförande").
_CHAIR_AFTER = re.compile(r"\s*(?:\([^)§]{1,20}\)\s*)?,?\s*(?:ordförande|ordf\.|mötesordförande)(?!\w)", re.IGNORECASE)
# A group named by its heading alone, or by the sentence that lists its members.
_GROUP_NAME = re.compile(
    r"^\s*((?:[Ss]tyr|[Rr]eferens|[Aa]rbets|[Ss]amverkans|[Ee]xpert)grupp(?:en)?)"
    r"(?:\s*:?\s*$|( består av(?: följande(?: personer| ledamöter| representanter)?)?\s*:\s*$))"
)
_GROUP_AGAIN = re.compile(r"^\s*(?:Gruppen|Den) består av(?: följande(?: personer| ledamöter)?)?\s*:\s*$")
_BOARD_REACH = 8  # lines after a board's heading that may list its people
_CAPS_JOINERS = frozenset({"I", "OCH", "FÖR", "AV", "PÅ"})
_CAPS_BODY = re.compile(
    r"^(?:PROTOKOLL|Protokoll|MINNESANTECKNINGAR)\s+((?:[A-ZÅÄÖ][A-ZÅÄÖ-]+|I|OCH|FÖR|AV|PÅ)(?:\s+(?:[A-ZÅÄÖ][A-ZÅÄÖ-]+|I|OCH|FÖR|AV|PÅ))*)\b"
)
# Minutes' place line, also where a transcript has run it into the next words ("Plats och tid Borås, kl").
_MINUTES_PLACE = re.compile(r"^\s*(?:\d+\s+)?(?:Plats och tid|Plats|Sammanträdesplats|Mötesplats)\s*:?\s*§L(\d+)§")
# "Mötet genomfördes på stiftelsens kansli, Stockholm.": where the minutes' meeting was.
_HELD_AT = re.compile(r"\b(?:Mötet|Sammanträdet) (?:hölls|genomfördes|ägde rum)\b[^§.]*(?:§[^L]\d+§[^§.]*)*§L(\d+)§")
_MINUTES_HEADING = re.compile(r"\b(?:PROTOKOLL|MINNESANTECKNINGAR|Protokoll|Minnesanteckningar)\b")
_HEAD_LINES = 15  # short lines at the top of a document that may head it as minutes
# The sections of a flattened attendance list, each with what it lists up to the next section's word.
_SECTION_WORD = (
    r"Ledamöter|LEDAMÖTER|Deltagande ledamöter|Ersättare|Beslutande|Tjänstgörande|Övriga|Tjänstemän|Adjungerade"
    r"|Inbjudna|Adjungeringar|Deltagare från kansliet|Från kansliet"
)
_SECTION = re.compile(rf"\b({_SECTION_WORD})\b((?:(?!\b(?:{_SECTION_WORD})\b).)*)", re.DOTALL)
# Members of the body, and its staff ("Deltagare från kansliet").
_MEMBER_SECTIONS = frozenset(
    {
        "ledamöter",
        "deltagande ledamöter",
        "ersättare",
        "beslutande",
        "tjänstgörande",
        "deltagare från kansliet",
        "från kansliet",
    }
)
_PERSON_THEN_ORG = re.compile(r"§P(\d+)§,?\s+§O(\d+)§")
# A line of a programme's schedule: a time of day alone or at its head ("10.15", "kl. 9.30–10.00 Kaffe").
_CLOCK_LINE = re.compile(r"^\s*(?:[Kk]l(?:ockan|\.)?\s*)?\d{1,2}[.:]\d\d(?:\s*[–-]\s*\d{1,2}[.:]\d\d)?(?:\s|$)")
_SCHEDULE = 3  # clock lines that make a document a programme
_HEAD = 8  # sentences at the top of a document that may give its event's date


def _leads(text: str) -> bool:
    """A leader's role in the words after a name, unless it is a named board's ("regionstyrelsens
    ordförande", "ordförande för Vårdföretagarna" chair another body)."""
    return any(
        not re.search(r"\w(?:ns|ts|ens|ets) $", text[: m.start()])
        and not re.match(r" (?:för|i|vid|på) (?:§O|[A-ZÅÄÖ])", text[m.end() :])
        for m in _LEADER.finditer(text)
    )


class MeetingReader:
    """Reads the document-level event and the lists of people at it, sentence by sentence."""

    def __init__(
        self,
        state: DocState,
        events: EventReader,
        fact: Callable[[str, str, str, Sentence, float, Sentence | None], None],
        affiliate: Callable[[Span, Span, Sentence, float], None],
    ) -> None:
        self.state = state
        self.events = events
        self.fact = fact
        self.affiliate = affiliate
        title = " ".join(state.doc.title.split())
        head = " ".join(s.text for s in state.sentences[:3])
        # Title-like lines at the top (short, no full stop): a page's own heading may follow lines of chrome
        # ("OBS! Evenemanget är avslutat!", the date).
        first = " ".join(s.text for s in state.sentences[:4] if len(s.text) <= 90 and not s.text.rstrip().endswith("."))
        # A form's heading lines near the top ("MINNESANTECKNINGAR" under a list of member municipalities).
        headings = " ".join(s.text for s in state.sentences[:_HEAD_LINES] if len(s.text) <= 40)
        self.minutes = bool(_MINUTES.search(title) or _MINUTES.search(head) or _MINUTES_HEADING.search(headings))
        self.programme = not self.minutes and (
            any(_PROGRAMME.search(text) for text in (title, first))
            or any(w.group(1).casefold() not in NOT_EVENTS for w in EVENT_WORD.finditer(f"{title} {first}"))
            or sum(1 for s in state.sentences if _CLOCK_LINE.match(s.text)) >= _SCHEDULE
        )
        self.noun = "sammanträde" if self.minutes else "evenemang"  # the event's name when the title has none
        self.mode: str | None = None  # "present" or "absent" inside an attendance list
        self.group: Span | None = None  # the organisation a grouped list names above its people
        self.chair_next = False
        self.body: Span | None = None  # the body whose minutes these are
        self.board_left = 0  # lines still to read under a board's heading
        self.board_leads = False  # the heading is the project's leadership: all it lists lead
        self.team: str | None = None  # the group a heading names, while its list is read
        self.last_team: str | None = None

    # -- the document's own event ---------------------------------------------------------------
    def head_event(self, masked: list[Masked]) -> None:
        """A programme's or minutes' event: the first date at the top of the document, not a dateline."""
        if not (self.minutes or self.programme):
            return
        state = self.state
        for index, sentence in enumerate(state.sentences[:_HEAD]):
            if _DATELINE.search(sentence.text) or not state.dates[index]:
                continue
            if self.events.document_event(index, sentence, state.dates[index][0], self.noun):
                if self.minutes:
                    self.body = next(iter(masked[index].of_kind("O")), None)
                break
        if self.events.programme is None and state.doc.date and state.doc.date.count("-") == 2 and state.sentences:
            # Minutes whose day only the source's metadata gives (a transcript's full title); a year or
            # a month alone dates no meeting.
            year, month, day = (int(part) for part in state.doc.date.split("-"))
            first = state.sentences[0]
            self.events.document_event(0, first, DateSpan(first.start, first.start, day, month, year), self.noun)
        if self.minutes and self.body is None:
            self.body = self._titled_body() or next((s for m in masked[:3] for s in m.of_kind("O")), None)

    def _titled_body(self) -> Span | None:
        """The body a title in capitals names after PROTOKOLL ("PROTOKOLL FORSKNINGSRÅDET I SYDÖSTRA
        SVERIGE Kl …"), when no known organisation is named at the top."""
        found = _CAPS_BODY.match(" ".join(self.state.doc.title.split()))
        if found is None:
            return None
        words = found.group(1).split()
        while words and words[-1] in _CAPS_JOINERS:
            words.pop()
        label = " ".join(words)
        if len(label) < 6 or self.state.ref.org(label) is not None:
            return None
        iri = self.state.add_entity(mint_iri("Organisation", label), "Organisation", label)
        return Span(0, 0, "org", label, "Organisation", iri, label, "minutes title")

    # -- attendance lists and programme lines ---------------------------------------------------
    def read(self, index: int, m: Masked, sentence: Sentence) -> None:
        key = self.events.programme
        if key is None or self.team is not None:
            return  # (the people a group's heading lists sit in the group, not at the meeting)
        persons = m.of_kind("P")
        if self.minutes:
            where = _MINUTES_PLACE.match(m.text) or _HELD_AT.search(m.text)
            if where:
                self.events.set_place(key, iri_of(m.span(where.group(1))), index)
            self._attendance(index, m, sentence, persons)
            chair = _CHAIR_ACT.match(m.text)
            if chair:
                self.events.add_coordinator(key, iri_of(m.span(chair.group(1))), index)
        elif persons and not _CONTACT.search(sentence.text):
            line = _SPEAKER_LINE.match(m.text)
            speakers = persons if self.programme else persons_in(m, line.group(1)) if line else []
            for person in speakers:
                self.events.add_participant(key, iri_of(person), index)

    def _flattened(self, index: int, m: Masked, key: str) -> bool:
        """An attendance list run together into one paragraph (a transcript flattens the page): the
        people after "Närvarande"/"Ledamöter" and before "Frånvarande" were there; a later "Deltagare"
        starts another list of people present."""
        present = _PRESENT_WORD.search(m.text)
        if present is None or len(m.of_kind("P")) < 3:
            return False
        while present is not None:
            absent = _ABSENT_WORD.search(m.text, present.end())
            self._listed(index, m, key, m.text[present.start() : absent.start() if absent else len(m.text)])
            present = _PRESENT_WORD.search(m.text, absent.end()) if absent else None
        return True

    def _listed(self, index: int, m: Masked, key: str, listed: str) -> None:
        for found in re.finditer(r"§P(\d+)§", listed):
            who = iri_of(m.span(found.group(1)))
            self.events.add_participant(key, who, index)
            if _CHAIR_AFTER.match(listed, found.end()):
                self.events.add_coordinator(key, who, index)
        placed = set()
        for found in _PERSON_THEN_ORG.finditer(listed):  # "Anna Ek Kommunförbundet, Timrå Per Berg …"
            self.affiliate(m.span(found.group(1)), m.span(found.group(2)), m.sentence, 0.6)
            placed.add(found.group(1))
        # The members listed ("Ledamöter …", "Ersättare …") sit on the body whose minutes these are.
        if self.body is not None:
            for section in _SECTION.finditer(listed):
                # (A layout that lost its columns gives the words first and the names later: no list.)
                if section.group(1).casefold() not in _MEMBER_SECTIONS or "§P" not in section.group(2)[:40]:
                    continue
                for found in re.finditer(r"§P(\d+)§", section.group(2)):
                    if found.group(1) not in placed:
                        self.affiliate(m.span(found.group(1)), self.body, m.sentence, 0.5)

    def _attendance(self, index: int, m: Masked, sentence: Sentence, persons: list[Span]) -> None:
        text = sentence.text
        key = self.events.programme
        assert key is not None
        if self.mode is None and self._flattened(index, m, key):
            return
        if _ABSENT.match(text):
            self.mode, self.group = "absent", None
            return
        if _PRESENT.match(text) and not persons:
            self.mode, self.group = "present", None
            return
        chair = _CHAIR.match(m.text) is not None and self.group is None  # a group's "Ordförande X" chairs the group
        if chair:
            self.chair_next = not persons
        if _BUSINESS.match(text) or (len(text) > 160 and not persons):
            self.mode, self.group, self.chair_next = None, None, False
            return
        if self.mode is None and not _PRESENT.match(text):
            return
        if _PRESENT.match(text):
            self.mode = "present"
        orgs = m.of_kind("O")
        if orgs and not persons and len(m.text.split()) <= 8:
            self.group = orgs[0]  # "Högskoleverket" above "Universitetskansler Anna Ek"
            return
        for person in persons:
            who = iri_of(person)
            if self.chair_next or chair:
                self.events.add_coordinator(key, who, index)
            elif self.mode == "present":
                self.events.add_participant(key, who, index)
            if self.group is not None:
                self.affiliate(person, self.group, sentence, 0.65 if not orgs else 0.55)
            elif not orgs and self.body is not None:
                self.affiliate(person, self.body, sentence, 0.55)
        if persons:
            self.chair_next = False

    def board(self, index: int, m: Masked, sentence: Sentence, focus: Span | None) -> None:
        """People listed under a board or group heading on a page about one arena or project take part
        in it; its chair or coordinator leads it. (Minutes list the people at a meeting instead.) On a
        page about no one arena or project, and in minutes, a group's heading ("Styrgrupp",
        "Referensgruppen består av följande personer:") names a group of its own that they sit in."""
        named = _GROUP_NAME.match(sentence.text)
        # (In minutes a heading alone names the body that met; only "… består av" lists a group's members.)
        if named and (named.group(2) if self.minutes else focus is None):
            self.team = self._team(named.group(1), sentence)
            self.board_left, self.board_leads = _BOARD_REACH, False
            return
        if _GROUP_AGAIN.match(sentence.text) and self.last_team is not None:
            self.team, self.board_left = self.last_team, _BOARD_REACH  # "Gruppen består av:" under its heading
            return
        if self.team is None and (self.minutes or focus is None):
            return
        heading = _BOARD.match(sentence.text) if self.team is None else None
        if heading:
            self.board_left = _BOARD_REACH
            self.board_leads = heading.group().casefold().rstrip().endswith(("projektledning", "projektledningen"))
        elif len(sentence.text) > 200 and not m.of_kind("P"):
            self.board_left = 0
        if self.board_left <= 0:
            self.team = None
            return
        if self.team is None or not m.of_kind("P"):
            self.board_left -= 1  # (a group's list goes on while its lines name people)
        target = self.team or (iri_of(focus) if focus is not None else None)
        if target is not None:
            self._members(m, sentence, target)

    def _team(self, name: str, sentence: Sentence) -> str:
        """The group a heading names, one per document: "Styrgrupp" of one page is not another's."""
        label = name[:1].upper() + name[1:]
        iri = self.state.add_entity(mint_iri("Arena", f"{label} {self.state.doc.key}"), "Arena", label)
        self.state.mentions.append(Mention(iri, self.state.evidence(sentence, None, 0.7)))
        self.last_team = iri
        return iri

    def _members(self, m: Masked, sentence: Sentence, target: str) -> None:
        for person in m.of_kind("P"):
            token = f"§P{m.spans.index(person)}§"
            after = m.text[m.text.index(token) + len(token) :].split("§P", 1)[0]
            before = m.text[: m.text.index(token)].rsplit("§", 1)[-1]
            # A role before the name is the name's ("ordförande Anna Ek") unless a comma, bracket or
            # semicolon closes it: then it was the previous name's ("Per Ek (ordförande), Anna Ek").
            ahead = _LEADER.search(before[-25:]) and not before.rstrip().endswith((",", ")", ";"))
            if _leads(after[:40]) or ahead or self.board_leads:
                self.fact(iri_of(person), "coordinates", target, sentence, 0.6, None)
            else:
                self.fact(iri_of(person), "participatesIn", target, sentence, 0.55, None)
        # The bodies the group's members come from take part through them.
        if m.of_kind("P"):
            for org in m.of_kind("O"):
                self.fact(iri_of(org), "participatesIn", target, sentence, 0.5, None)

    def finish(self) -> None:
        """The body whose minutes these are organised the meeting."""
        key = self.events.programme
        if self.minutes and key is not None and self.body is not None:
            self.events.add_organiser(key, iri_of(self.body), self.events.events[key].evidence[0])
