"""Relations of SPEC §4 read from Swedish sentence patterns.

Each sentence is rewritten with its spans masked as tokens (§P0§ for a person, §O1§ for an
organisation, §L2§ place, §J3§ project, §A4§ agreement, §R5§ arena, §D6§ date) so that the
patterns below read like the Swedish they match.
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extraction.affiliations import AffiliationReader
from kg.extraction.agreements import AgreementReader
from kg.extraction.collaborations import TOGETHER, CollaborationReader
from kg.extraction.events import EventReader
from kg.extraction.loose import connect_loose
from kg.extraction.masking import ORGS, PERSONS, Masked, iri_of, orgs_in, persons_in
from kg.extraction.meetings import MeetingReader
from kg.extraction.organisations import ORG_LIST_INTRO
from kg.extraction.periods import AgreementTimeline, project_period
from kg.extraction.projects import ProjectReader
from kg.extraction.reference import generic_agreement_words, roles
from kg.extraction.spans import Span
from kg.extraction.tables import read_tables
from kg.vocab import ID

if TYPE_CHECKING:
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["extract_relations", "generic_agreement_words", "roles"]

_ORG_IRI = ID + "org/"


# "Arbetet samordnas gemensamt av A och B": whoever leads the page's project or arena.
_COORDINATED_BY = re.compile(rf"\b(?:samordnas|koordineras|leds|drivs)(?: gemensamt| tillsammans)? av ({ORGS})")
_MEMBER = re.compile(rf"({ORGS}) (?:är|blev|var) (?:[a-zåäö]+ )?(?:medlem|medlemmar) i (?:[a-zåäö]+ )?§O(\d+)§")
_MEMBERS_OF = re.compile(rf"(?:[Mm]edlemmar i|[Mm]edlemmarna i) §O(\d+)§ (?:är|var) ({ORGS})")
_ORGANISED_BY = re.compile(
    rf"(?:arrangeras|arrangerades|anordnas|anordnades|organiseras|organiserades|drivs|arrangörer är|anordnare är"
    rf"|står bakom)\s+(?:(?:och|samt) [a-zåäö]+\s+)?(?:[a-zåäö]+\s+)?(?:av\s+|tillsammans med\s+)?({ORGS})"
)
_STARTS_ARENA = re.compile(
    rf"({ORGS})(?: tillsammans med ({ORGS}))?(?: har| hade)?(?: [a-zåäö]+){{0,3}}? "
    rf"(?:startar|startade|startat|bildar|bildade|bildat|driver|drev|inrättar|inrättade|inrättat|grundade|grundat)"
    rf"(?: [a-zåäö]+){{0,3}}? §R(\d+)§"
)
# "Forskarna i Almen är namnet på ett nytt samarbete mellan A och B": A and B run the arena.
_JOINT_ARENA = re.compile(
    rf"^\s*§R(\d+)§[^§]{{0,40}}? är (?:namnet på )?(?:en|ett) (?:[a-zåäö-]+ ){{0,3}}?"
    rf"(?:samarbete (?:mellan|(?:som )?(?:vi|[a-zåäö]+) har med|med)|initiativ (?:från|av))"
    rf" ({ORGS})"
)
_LED_BY_PERSONS = re.compile(
    rf"(?:samordnas|leds|koordineras|modereras|hålls ihop)\s+(?:[a-zåäö]+\s+)?av\s+({PERSONS})"
)
_ALSO_PERSON = re.compile(rf"(?:,\s*|\s)(?:tillsammans med|och)\s+({PERSONS})")
_JOINT_HEADING = re.compile(rf"^\s*§R(\d+)§ [-–] ({ORGS}) i (?:samarbete|samverkan)\s*$")
_ORGANISES = re.compile(rf"({ORGS}) (?:arrangerar|arrangerade|anordnar|anordnade|driver|står bakom) §([RJ])(\d+)§")
# Labelled lines of project and network pages: "Projektledare: Anna Ek, Umeå universitet".
_LEAD_FIELD = re.compile(
    r"^\s*(?:[Pp]rojektledare|[Bb]iträdande projektledare|[Pp]rojektkoordinator|[Kk]oordinator|[Ss]amordnare"
    r"|[Pp]rocessledare|[Pp]rojektägare|[Hh]uvudman|[Aa]nsvarig organisation|[Pp]rojektansvarig)"
    r"(?: för (?:§[JR]\d+§|[^:]{1,40}(?=:)))?\s*(?::|,|är)?\s*§([OP])(\d+)§(?!:\s*§P)"  # not a person's body
)
# A contact block: a name on its own line, then a leading role ("Samordnare strategiska ledningsgruppen").
_LEAD_ROLE_LINE = re.compile(
    r"^\s*(?:[Pp]rojektledare|[Pp]rojektkoordinator|[Kk]oordinator|[Ss]amordnare|[Pp]rocessledare|[Ss]ammankallande)\b"
)
# "Deltagare från Högskolan: A, B och C" on a project's page: its people, and where they come from.
_PEOPLE_FIELD = re.compile(
    rf"^\s*(?:(?:[Dd]eltagare|[Mm]edverkande|[Ff]orskare) (?:från|vid) §O(\d+)§|[Pp]rojektdeltagare|[Pp]rojektgrupp"
    rf"|[Pp]rojektmedarbetare)\s*:\s*({PERSONS})"
)
# "… genom samverkan mellan projektets aktörer": every organisation taking part works with the others.
_AMONG_PARTNERS = re.compile(
    r"\b(?:samverkan|samarbete|samarbetar|samverkar) (?:mellan|bland) (?:projektets|nätverkets|parternas|samtliga)"
    r" (?:aktörer|parter|partners|deltagare|medlemmar)"
)
_FUNDER_FIELD = re.compile(
    rf"^\s*(?:[Ff]inansiärer|[Ff]inansiär|[Ff]orskningsfinansiär|[Ff]inansiering|[Mm]edfinansiärer|[Mm]edfinansiär)"
    rf"\s*:\s*({ORGS})"
    rf"|^\s*(?:[Bb]idrag|[Mm]edel|[Ss]töd|[Ff]inansiering) från ({ORGS})"
)
_PARTNER_FIELD = re.compile(
    rf"^\s*(?:[Pp]artners?|[Pp]arter|[Pp]rojektpartners?|[Ss]amarbetspartners?|[Ff]orskningspartners?"
    rf"|[Mm]edverkande organisationer"
    rf"|[Dd]eltagande organisationer|[Mm]edlemmar)\s*:\s*({ORGS})"
)
_LIST_INTRO = re.compile(
    r"(?:deltar|medverkar|ingår|är medlemmar|medlemmar) i (?:§([JR])(\d+)§)\s*:\s*$"
    r"|^\s*(?:[Mm]edlemmar|[Pp]arter|[Pp]artners?|[Dd]eltagare|[Dd]eltagande organisationer|[Mm]edverkande)"
    r"(?: i (?:§([JR])(\d+)§))?\s*:\s*$"
)
_FIELD_LABEL = re.compile(
    r"(?:[Pp]rojektledare|[Bb]iträdande projektledare|[Pp]rojektkoordinator|[Kk]oordinator|[Ss]amordnare"
    r"|[Pp]rojektägare|[Pp]rojektansvarig|[Ff]inansiärer|[Ff]inansiär|[Ff]orskningsfinansiär|[Mm]edfinansiärer"
    r"|[Pp]artners?|[Pp]arter|[Pp]rojektpartners?|[Ss]amarbetspartners?|[Ff]orskningspartners?"
    r"|[Mm]edverkande organisationer|[Dd]eltagande organisationer|[Pp]rojektdeltagare|[Pp]rojektgrupp"
    r"|[Mm]edverkande|[Dd]eltagare)"
)
_ITEM_PREFIX = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s*$")
_GRANTS = re.compile(
    rf"({ORGS})(?:\s*\([^)§]{{1,15}}\))? (?:har )?(?:beviljat|beviljar|finansierar|delar ut|fördelar)\b"
)
_LEADS = re.compile(
    r"§([OP])(\d+)§,? som (?:leder|driver|samordnar|koordinerar|äger) §([JR])(\d+)§"
    # "… säger Anna Ek, projektledare för Campus 2030 och …": a leader's role of the project or arena named.
    r"|§(P)(\d+)§,? (?:[a-zåäö]+ )?(?:projektledare|projektkoordinator|koordinator|samordnare|verksamhetsledare"
    r"|föreståndare|programchef|programansvarig|projektchef|ordförande) (?:för|i|inom) (?:[a-zåäö]+ )?§([JR])(\d+)§"
)
_ARENA_MEMBERS = re.compile(
    rf"(?:§R(\d+)§:?s|[Nn]ätverkets|[Ff]orumets|[Aa]renans|[Pp]lattformens|[Mm]ötesplatsens) (?:medlemmar|deltagare|parter)"
    rf" (?:är|var|utgörs av)\s+({ORGS})"
)


class _Reader:
    """Applies the patterns to every sentence of a document."""

    def __init__(self, state: DocState) -> None:
        self.state = state
        self.masked: list[Masked] = []
        self.affiliations = AffiliationReader(state, self.masked, self.fact)
        self.affiliate = self.affiliations.affiliate
        self.last_arena: tuple[int, str] | None = None
        self.last_focus: dict[str, Span] = {}  # "project", "arena" -> the one named last
        self.salience: dict[str, tuple[int, int, Span]] = {}  # IRI -> (mentions, last position, span)
        self.event_reader = EventReader(state, self.fact)
        self.agreement_reader = AgreementReader(state, self.masked, self.fact)
        self.timeline = AgreementTimeline(state, self.agreement_reader, self.fact)
        self.project_reader = ProjectReader(self.fact, self.collaborate, self.focus, self.last_project)
        self.collaborations = CollaborationReader(
            self.fact, self.collaborate, self.focus, self.affiliations.affiliation
        )
        self.meetings = MeetingReader(state, self.event_reader, self.fact, self.affiliate)
        self.pending_list: str | None = None  # the project or arena a list of members follows
        self.among_partners: set[str] = set()  # projects and arenas whose participants all work together
        # project or arena -> organisation -> (sentence, confidence, whether it organises it)
        self.organisers: dict[str, dict[str, tuple[int, float, bool]]] = {}  # arena -> organiser -> (sentence, conf)
        self.funder: str | None = None  # an organisation the document says grants money

    # -- helpers ---------------------------------------------------------------------------
    def fact(self, s: str, p: str, o: str, sentence: Sentence, conf: float, first: Sentence | None = None) -> None:
        self.state.add_fact(s, p, o, self.state.evidence(first or sentence, sentence, conf))
        if p in ("organises", "participatesIn") and s.startswith(_ORG_IRI):
            self.organisers.setdefault(o, {}).setdefault(s, (sentence.index, conf, p == "organises"))

    def co_organisers(self) -> None:
        """Organisations that run or join one arena collaborate (SPEC §4), as do those of a project the text
        says work together ("samverkan mellan projektets aktörer"); quoted where the later is named."""
        sentences = self.state.sentences
        for target, organisers in sorted(self.organisers.items()):
            entity = self.state.entities.get(target)
            if entity is None or (entity.cls != "Arena" and target not in self.among_partners):
                continue
            everyone = target in self.among_partners
            orgs = sorted(
                (o, (i, c)) for o, (i, c, runs) in organisers.items() if o in self.state.entities and (runs or everyone)
            )
            for (a, (i, ca)), (b, (j, cb)) in combinations(orgs, 2):
                first, last = min(i, j), max(i, j)
                self.fact(
                    a,
                    "collaboratesWith",
                    b,
                    sentences[last],
                    round(min(ca, cb) - 0.1, 2),
                    sentences[first] if last - first <= 2 else None,
                )

    def collaborate(self, orgs: list[Span], sentence: Sentence, conf: float, first: Sentence | None = None) -> None:
        iris = sorted({iri_of(o) for o in orgs})
        for a, b in combinations(iris, 2):
            self.fact(a, "collaboratesWith", b, sentence, conf, first)

    # -- the patterns ------------------------------------------------------------------------
    def read(self) -> None:
        state = self.state
        for index, sentence in enumerate(state.sentences):
            self.masked.append(Masked(sentence, state.spans[index], [(d.start, d.end) for d in state.dates[index]]))
        self.meetings.head_event(self.masked)
        for index, sentence in enumerate(state.sentences):
            m = self.masked[index]
            self.affiliations.read(m, sentence)
            self.project_reader.read(m, sentence)
            self.agreement_reader.read(index, m, sentence)
            self.timeline.read(index, m, sentence)
            self.project_period(index, m, sentence)
            self.collaborations.read(m, sentence)
            self.membership(m, sentence)
            self.arenas(index, m, sentence)
            self.focus_relations(m, sentence)
            self.listed(m, sentence)
            self.event_reader.read(index, m, sentence)
            self.meetings.read(index, m, sentence)
            self.meetings.board(index, m, sentence, self.focus(m))
        self.meetings.finish()
        self.agreement_reader.finish()
        self.timeline.finish()
        self.co_organisers()
        read_tables(state, self.event_reader, self.focus_of_document(), self.funder)
        self.event_reader.finish()
        self.collective_members()
        project = self.focus_of_document("project")
        connect_loose(self.state, self.masked, iri_of(project) if project else None)

    def collective_members(self) -> None:
        """The members a collective name introduces ("Södertörnskommunerna; Botkyrka, Haninge …") take
        part where the collective does, on the same evidence."""
        for m in self.masked:
            for token, members in m.members.items():
                collective = iri_of(m.span(str(token)))
                for fact in [f for f in self.state.facts if f.subject == collective]:
                    if fact.predicate in ("participatesIn", "partyTo", "memberOf", "funds"):
                        for member in members:
                            self.state.add_fact(iri_of(member), fact.predicate, fact.object, fact.evidence)

    def project_period(self, index: int, m: Masked, sentence: Sentence) -> None:
        """The start and end a sentence gives the project it names (or the one named just before)."""
        start, end = project_period(self.state, index)
        target = self.last_project(m) if start or end else None
        if target is None:
            return
        evidence = self.state.evidence(target[1] or sentence, sentence, 0.7)
        for predicate, value in (("startDate", start), ("endDate", end)):
            if value is not None:
                self.state.add_fact(target[0], predicate, value, evidence, literal="date")

    def listed(self, m: Masked, sentence: Sentence) -> None:
        """Members listed one a line after "Följande organisationer deltar i X:"."""
        text = self.state.doc.text
        line_start = text.rfind("\n", 0, sentence.start) + 1
        is_item = bool(_ITEM_PREFIX.match(text[line_start : sentence.start]))
        if self.pending_list is not None and is_item:
            for org in m.of_kind("O"):
                self.fact(iri_of(org), "participatesIn", self.pending_list, sentence, 0.75)
        elif not is_item:
            self.pending_list = None
        intro = _LIST_INTRO.search(m.text)
        if intro or ORG_LIST_INTRO.search(m.text):
            token = intro and (intro.group(2) or intro.group(4))
            target = m.span(token) if token else self.focus(m)
            self.pending_list = iri_of(target) if target is not None else None
        grants = _GRANTS.search(m.text)
        if grants and self.funder is None:
            self.funder = iri_of(orgs_in(m, grants.group(1))[0])

    def focus_of_document(self, kind: str | None = None) -> Span | None:
        """The project or arena (or, given `kind`, the one of that kind) the document speaks of most."""
        named = [t for t in self.salience.values() if kind is None or t[2].kind == kind]
        return max(named, key=lambda t: (t[0], -t[1]))[2] if named else None

    def focus(self, m: Masked) -> Span | None:
        """The project or arena a labelled line or a "som leder" speaks of: named in the sentence,
        else the one the document named last."""
        here = sorted(m.of_kind("J") + m.of_kind("R"), key=lambda s: s.start)
        if here:
            return here[-1]
        if not self.salience:
            return None
        return max(self.salience.values(), key=lambda t: (t[0], t[1]))[2]

    def field_text(self, m: Masked) -> str:
        """A labelled line, with its label joined back when the page gives it on a line of its own above
        ("Projektledare" / "Anna Ek"): the layout of a flattened table of fields."""
        index = self.masked.index(m)
        if index == 0:
            return m.text
        label = self.masked[index - 1].sentence.text.strip()
        return f"{label}: {m.text}" if _FIELD_LABEL.fullmatch(label) else m.text

    def focus_relations(self, m: Masked, sentence: Sentence) -> None:
        target = self.focus(m)
        fields = self.field_text(m)
        if target is not None:
            lead = _LEAD_FIELD.match(fields)
            if lead:
                agent = m.span(lead.group(2))
                self.fact(iri_of(agent), "coordinates", iri_of(target), sentence, 0.8)
            index = self.masked.index(m)
            above = self.masked[index - 1] if index else None
            if above is not None and re.fullmatch(r"\s*§P\d+§\s*", above.text) and _LEAD_ROLE_LINE.match(m.text):
                person = above.of_kind("P")[0]
                self.fact(iri_of(person), "coordinates", iri_of(target), sentence, 0.6, above.sentence)
            for pattern, predicate in ((_FUNDER_FIELD, "funds"), (_PARTNER_FIELD, "participatesIn")):
                found = pattern.match(fields)
                if found and (predicate != "funds" or target.kind == "project"):
                    for org in orgs_in(m, found.group(1) or found.group(2) or ""):
                        self.fact(iri_of(org), predicate, iri_of(target), sentence, 0.8)
        if target is not None and not m.of_kind("J") and not m.of_kind("R"):
            for match in _COORDINATED_BY.finditer(m.text):
                for org in orgs_in(m, match.group(1)):
                    self.fact(iri_of(org), "coordinates", iri_of(target), sentence, 0.65)
        people = _PEOPLE_FIELD.match(fields)
        if target is not None and people:
            for person in persons_in(m, people.group(2)):
                self.fact(iri_of(person), "participatesIn", iri_of(target), sentence, 0.7)
                if people.group(1):
                    self.affiliate(person, m.span(people.group(1)), sentence, 0.7)
        if target is not None and _AMONG_PARTNERS.search(sentence.text):
            self.among_partners.add(iri_of(target))
        for match in _LEADS.finditer(m.text):
            leader, led = match.group(2) or match.group(6), match.group(4) or match.group(8)
            self.fact(iri_of(m.span(leader)), "coordinates", iri_of(m.span(led)), sentence, 0.8)
        for match in _ARENA_MEMBERS.finditer(m.text):
            arena = m.span(match.group(1)) if match.group(1) else self.last_focus.get("arena")
            if arena is not None:
                for org in orgs_in(m, match.group(2)):
                    self.fact(iri_of(org), "participatesIn", iri_of(arena), sentence, 0.8)
        for span in m.of_kind("J") + m.of_kind("R"):
            self.last_focus["arena" if span.kind == "arena" else "project"] = span
            count = self.salience.get(iri_of(span), (0, 0, span))[0]
            self.salience[iri_of(span)] = (count + 1, span.start, span)

    def last_project(self, m: Masked) -> tuple[str, Sentence | None] | None:
        """The project named last before the current point: in this sentence, else the one before."""
        here = m.of_kind("J")
        if here:
            return iri_of(here[-1]), None
        index = self.masked.index(m)
        if index > 0:
            before = self.masked[index - 1].of_kind("J")
            if before:
                return iri_of(before[-1]), self.masked[index - 1].sentence
        return None

    def membership(self, m: Masked, sentence: Sentence) -> None:
        for match in _MEMBER.finditer(m.text):
            for member in orgs_in(m, match.group(1)):
                self.fact(iri_of(member), "memberOf", iri_of(m.span(match.group(2))), sentence, 0.85)
        for match in _MEMBERS_OF.finditer(m.text):
            for member in orgs_in(m, match.group(2)):
                self.fact(iri_of(member), "memberOf", iri_of(m.span(match.group(1))), sentence, 0.8)

    def arenas(self, index: int, m: Masked, sentence: Sentence) -> None:
        arenas = m.of_kind("R")
        if arenas:
            self.last_arena = (index, iri_of(arenas[-1]))
        for match in _ORGANISES.finditer(m.text):
            for org in orgs_in(m, match.group(1)):
                self.fact(
                    iri_of(org),
                    "organises" if match.group(2) == "R" else "coordinates",
                    iri_of(m.span(match.group(3))),
                    sentence,
                    0.8,
                )
        target = (
            iri_of(arenas[-1])
            if arenas
            else (self.last_arena[1] if self.last_arena and index - self.last_arena[0] <= 2 else None)
        )
        if target is None:
            return
        for match in _ORGANISED_BY.finditer(m.text):
            organisers = orgs_in(m, match.group(1))
            for org in organisers:
                self.fact(iri_of(org), "organises", target, sentence, 0.8)
            self.collaborate(organisers, sentence, 0.7)  # co-organisers of one arena work together
        for match in [*_JOINT_ARENA.finditer(m.text), *_JOINT_HEADING.finditer(m.text)]:
            organisers = orgs_in(m, match.group(2))
            for org in organisers:
                self.fact(iri_of(org), "organises", iri_of(m.span(match.group(1))), sentence, 0.75)
            self.collaborate(organisers, sentence, 0.7)
        for match in _STARTS_ARENA.finditer(m.text):
            organisers = orgs_in(m, match.group(1)) + orgs_in(m, match.group(2) or "")
            arena = iri_of(m.span(match.group(3)))
            for org in organisers:
                self.fact(iri_of(org), "organises", arena, sentence, 0.75)
            self.collaborate(organisers, sentence, 0.7)
        for match in _LED_BY_PERSONS.finditer(m.text if not m.of_kind("J") else ""):
            persons = persons_in(m, match.group(1))
            rest = m.text[match.end() :]
            also = _ALSO_PERSON.search(re.sub(r",[^§]*?(?=,|\s(?:tillsammans med|och)\s§P)", "", rest, count=1))
            if also:
                persons += persons_in(m, also.group(1))
            for person in persons:
                self.fact(iri_of(person), "coordinates", target, sentence, 0.75)
        # A caption after an arena's description: "A tillsammans med B" names its organisers.
        together = TOGETHER.search(m.text)
        if together and not arenas and (together.start() == 0 or len(m.text.split()) <= 12):
            first = self.masked[self.last_arena[0]].sentence if self.last_arena else None
            orgs = [m.span(together.group(1))] + orgs_in(m, together.group(2))
            for org in orgs:
                self.fact(iri_of(org), "organises", target, sentence, 0.65, first)

    # -- events ------------------------------------------------------------------------------


def extract_relations(state: DocState) -> None:
    """Read every relation pattern over the document's sentences into `state.facts`."""
    _Reader(state).read()
