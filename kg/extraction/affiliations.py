"""Affiliations: a person's role at an organisation, read from the many ways Swedish text joins a name
to a body ("Anna Ek, rektor vid X", "X:s rektor Anna Ek", "…, säger Anna Ek, regionråd", "landshövding i
X län"), each kept with its role on a qualified affiliation node."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extraction.masking import PERSONS, Masked, iri_of, persons_in
from kg.extraction.periods import affiliation_period
from kg.extraction.reference import roles, word_list
from kg.extraction.span import Span

if TYPE_CHECKING:
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["AffiliationReader", "ROLE_CLASS"]

_AFF_COMMA = re.compile(rf"({PERSONS}),\s*§O(\d+)§")
_AFF_PREP = re.compile(rf"({PERSONS}) (?:från|vid|på|hos|inom) §O(\d+)§")
# "Hanna Berg (regionutvecklare, Region Halland)", "Jan Ek (Skaraborgs kommunalförbund)".
_AFF_BRACKET = re.compile(r"§P(\d+)§\s*\(([^()§]{0,60}?)(?:,\s*|\s(?:vid|på|i|hos|inom)\s)?§O(\d+)§[^()]{0,40}\)")
# "Ulrika Ek, Perstorp (ordförande) Arne Berg, Osby …": a list of members by home municipality.
_PERSON_TOWN = re.compile(
    r"§P(\d+)§(?:,\s*|\s+(?:§O\d+§|[A-ZÅÄÖ][a-zåäö]+),\s*)(?:\([A-ZÅÄÖ]{1,3}\),?\s*)?(?:[a-zåäö][\w-]*(?: [a-zåäö][\w-]*)?,\s*)?(?:§L(\d+)§|([A-ZÅÄÖ][a-zåäö]+(?: [A-ZÅÄÖ][a-zåäö]+)?)\b)"
)
_PARTY_GAP = re.compile(r"\s*(?:\([A-ZÅÄÖ]{1,3}\))?\s*,?\s*")
# "Kontaktperson på GR: Ida Berg", "Handläggare vid Region Gävleborg: Per Ek".
_CONTACT_AT = re.compile(
    rf"(?:[Kk]ontaktperson|[Kk]ontakt|[Hh]andläggare|[Ss]amordnare|[Pp]rojektledare|[Ss]ekreterare|[Ss]ekretariat)"
    rf" (?:på|vid|hos|för|i) §O(\d+)§\s*:\s*({PERSONS})"
)
# A short biography: "Anna Ek är teknikhistoriker vid X", "Per Berg är sedan 2019 forskare på X".
_AFF_IS = re.compile(r"§P(\d+)§ (?:är|var) ((?:[a-zåäö0-9][\w-]*\s){1,6}?)(?:vid|på|hos|inom) §O(\d+)§")
_AFF_FRONTED = re.compile(rf"^(?:Från|Vid|På) §O(\d+)§ [a-zåäö]+ ({PERSONS})")
_ROLE_PERSON_ORG = (
    rf"({PERSONS}),?\s+(?:[^§,.]{{0,30}}?\s)?({{role}})(?:\s+[^§,.]{{0,40}}?)?\s+(?:vid|på|för|i|hos|inom) §O(\d+)§"
)
_ROLE_COMMA_ORG = rf"({PERSONS}),\s+({{role}}),\s+§O(\d+)§"
_ORG_ROLE_PERSON = r"§O(\d+)§:?s? ({role}),? §P(\d+)§"
# A field of a project page: "Projektansvarig Sundsvalls kommun: Anna Ek", "Kontaktperson vid X: Anna Ek".
_ROLE_ORG_FIELD = r"(?<![\w§])({role}),? (?:(?:i|vid|på|för|hos) )?§O(\d+)§:\s*§P(\d+)§"
# "Anna Berg, rektor Karlstads universitet", "Per Ek (S), ordförande, Region X och ledamot i Y": a name,
# a comma, then a short description and the organisations it names, up to the next person or clause end.
_APPOSITION_START = re.compile(r"§P(\d+)§(?:\s*\([^)§]{1,12}\))?\s*,\s*")
_APPOSITION_END = re.compile(r"§P\d+§|[.;:!?•]|\s[–-]\s")
_APPOSITION_STOP = re.compile(
    r"\b(?:med|mellan|tillsammans|samarbet\w*|samverk\w*|avtal\w*|om|att|som|säger|sa|berättar|menar|"
    r"konstaterar|har|hade|är|var|blir|ska|kommer)\b",
    re.IGNORECASE,
)
_APPOSITION_JOIN = re.compile(r"^\s*(?:\([^)§]{1,15}\))?\s*(?:,|och|samt|&)\s*(?:[a-zåäö][\w-]*\s+){0,5}$")
# Whose role: "kommundirektör Anna Ek" works for a municipality, "landshövding X" for a county board.
ROLE_CLASS = (
    (
        re.compile(r"^(?:kommun(?!ikation)|stads)\w*\s?(?:direktör|råd|ordförande|chef)|^kommunalråd|^stadsdirektör"),
        "Municipality",
    ),
    (re.compile(r"^(?:region|landstings)\w*\s?(?:direktör|råd|ordförande)"), "Region"),
    (re.compile(r"^landshövding"), "CountyAdministrativeBoard"),
    (re.compile(r"^(?:pro|vice)?rektor"), "HigherEducationInstitution"),
    (re.compile(r"^(?:general|över)direktör"), "GovernmentAgency"),
)


# A word every role of ROLE_CLASS contains: a sentence without one has no role that implies a body.
_ROLE_CLASS_CUE = re.compile(r"kommun|stads|region|landshövding|rektor|direktör", re.IGNORECASE)


@functools.cache
def _role_patterns() -> tuple[re.Pattern[str], ...]:
    """The affiliation patterns with a role, compiled once with the role list of the reference data."""
    role = f"(?i:{roles().pattern})"
    return tuple(
        re.compile(pattern.replace("{role}", role))
        for pattern in (_ROLE_PERSON_ORG, _ROLE_COMMA_ORG, _ORG_ROLE_PERSON, _ROLE_ORG_FIELD)
    )


@functools.cache
def _role_in_place() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<role>(?i:{roles().pattern})) (?:(?:i|för) )?(?P<place>[A-ZÅÄÖ][\w-]+(?: [A-ZÅÄÖ][\w-]+)?)(?: län| kommun)?"
    )


@functools.cache
def _role_before_person() -> re.Pattern[str]:
    return re.compile(rf"(?<![\w:-])((?i:{roles().pattern})) §P(\d+)§")


Fact = Callable[[str, str, str, "Sentence", float, "Sentence | None"], None]


class AffiliationReader:
    """Reads affiliations sentence by sentence; remembers each person's first organisation."""

    def __init__(self, state: DocState, masked: list[Masked], fact: Fact) -> None:
        self.state = state
        self.masked = masked
        self.fact = fact
        self.affiliation: dict[str, str] = {}  # person IRI -> organisation IRI, as read so far
        self._of_class: dict[str, dict[str, Span]] = {}  # class -> the document's organisations of it

    def of_class(self, cls: str) -> dict[str, Span]:
        """The organisations of one class the whole document names (read once per class, not per role)."""
        if cls not in self._of_class:
            self._of_class[cls] = {iri_of(s): s for m in self.masked for s in m.of_kind("O") if s.cls == cls}
        return self._of_class[cls]

    def role_implies_org(self, m: Masked, sentence: Sentence, role: str, person: Span) -> None:
        """A role with no organisation beside it ("kommundirektör Anna Ek", "Anna Ek, regionråd"): the
        organisation of the class the role implies, if the text names exactly one near it, else if the
        whole document names exactly one (a rektor on a page about one university)."""
        cls = next((c for pattern, c in ROLE_CLASS if pattern.match(role.casefold())), None)
        if cls is None or iri_of(person) in self.affiliation:
            return
        index = self.masked.index(m)
        for back in range(index, max(-1, index - 3), -1):
            candidates = {iri_of(s): s for s in self.masked[back].of_kind("O") if s.cls == cls}
            if len(candidates) == 1:
                (org,) = candidates.values()
                self.affiliate(person, org, sentence, 0.65, role)
                return
            if candidates:
                return
        everywhere = self.of_class(cls)
        if len(everywhere) == 1:
            (org,) = everywhere.values()
            self.affiliate(person, org, sentence, 0.55, role)

    def affiliate(self, person: Span, org: Span, sentence: Sentence, conf: float, role: str | None = None) -> None:
        p, o = iri_of(person), iri_of(org)
        self.fact(p, "affiliatedWith", o, sentence, conf, None)
        self.affiliation.setdefault(p, o)
        start, end = self._period(person, org, sentence, role)
        if role or start or end:
            role = self._base_role(role)
            node = p.replace("/person/", "/affiliation/") + "--" + o.rsplit("/", 1)[-1]
            described = ", ".join(x for x in (person.label, role, self.state.entities[o].label) if x)
            self.state.add_entity(node, "Affiliation", described)
            self.fact(p, "hasAffiliation", node, sentence, conf, None)
            self.fact(node, "person", p, sentence, conf, None)
            self.fact(node, "organisation", o, sentence, conf, None)
            evidence = self.state.evidence(sentence, None, conf)
            if role:
                self.state.add_fact(node, "role", role, evidence, literal="sv")
            for predicate, value in (("startDate", start), ("endDate", end)):
                if value is not None:
                    self.state.add_fact(node, predicate, value, evidence, literal="date")

    @staticmethod
    def _base_role(role: str | None) -> str | None:
        """The role in its base form ("rektorn" -> "rektor"), as the role list spells it."""
        if role is None:
            return None
        role = role.casefold()
        listed = {w.casefold() for w in word_list("roles.txt")}
        for suffix in ("en", "et", "n"):
            if role.endswith(suffix) and role[: -len(suffix)] in listed:
                return role[: -len(suffix)]
        return role

    def _period(self, person: Span, org: Span, sentence: Sentence, role: str | None) -> tuple[str | None, str | None]:
        """The start and end the words from the person to the organisation give the affiliation."""
        inside = [s for s in (person, org) if sentence.start <= s.start < sentence.end and s.end > s.start]
        if len(inside) == 2:
            lo, hi = min(person.start, org.start), max(person.end, org.end)
            window = self.state.doc.text[lo:hi]
        else:
            window = sentence.text
        return affiliation_period(window, role, self.state.doc.date)

    def read(self, m: Masked, sentence: Sentence) -> None:
        """Every affiliation pattern over one sentence."""
        person_role_org, person_role_comma_org, org_role_person, role_org_field = _role_patterns()
        own_role = _role_before_person()
        for role_pattern in (person_role_org, person_role_comma_org):
            for match in role_pattern.finditer(m.text):
                listed = persons_in(m, match.group(1))
                for person in listed:
                    # "Regionstyrelsens ordförande A och B, rektor vid X": A has a role of its own.
                    token = f"§P{m.spans.index(person)}§"
                    if person is not listed[-1] and any(r.group(2) == token[2:-1] for r in own_role.finditer(m.text)):
                        continue
                    self.affiliate(person, m.span(match.group(3)), sentence, 0.85, match.group(2))
        for match in _role_before_person().finditer(m.text):
            self.role_implies_org(m, sentence, match.group(1), m.span(match.group(2)))
        for match in org_role_person.finditer(m.text):
            self.affiliate(m.span(match.group(3)), m.span(match.group(1)), sentence, 0.85, match.group(2))
        for match in role_org_field.finditer(m.text):
            self.affiliate(m.span(match.group(3)), m.span(match.group(2)), sentence, 0.8, match.group(1))
        for pattern, conf in ((_AFF_COMMA, 0.85), (_AFF_PREP, 0.9)):
            for match in pattern.finditer(m.text):
                org = m.span(match.group(2))
                for person in persons_in(m, match.group(1)):
                    self.affiliate(
                        person, org, sentence, conf if person is persons_in(m, match.group(1))[-1] else conf - 0.1
                    )
        for match in _CONTACT_AT.finditer(m.text):
            for person in persons_in(m, match.group(2)):
                self.affiliate(person, m.span(match.group(1)), sentence, 0.75)
        for match in _AFF_BRACKET.finditer(m.text):
            role = roles().search(match.group(2))
            self.affiliate(
                m.span(match.group(1)), m.span(match.group(3)), sentence, 0.8, role.group() if role else None
            )
        self.appositions(m, sentence)
        self.role_in_place(m, sentence)
        self.home_municipalities(m, sentence)
        for match in _AFF_IS.finditer(m.text):
            role = roles().search(match.group(2))
            self.affiliate(
                m.span(match.group(1)), m.span(match.group(3)), sentence, 0.7, role.group() if role else None
            )
        fronted = _AFF_FRONTED.search(m.text)
        if fronted:
            org = m.span(fronted.group(1))
            for person in persons_in(m, fronted.group(2)):
                self.affiliate(person, org, sentence, 0.8)

    def appositions(self, m: Masked, sentence: Sentence) -> None:
        """A person described after a comma, with no preposition needed: "…, säger Anna Berg, rektor
        Karlstads universitet". The organisations named before the next person or the clause's end."""
        for start in _APPOSITION_START.finditer(m.text):
            end = _APPOSITION_END.search(m.text, start.end())
            window = m.text[start.end() : end.start() if end else len(m.text)]
            # "A, kommunstyrelsens ordförande och B, rektor …": the role alone, before the next name.
            bare = roles().fullmatch(re.sub(r"\s+(?:och|samt)$", "", window.strip(" ,")))
            if bare:
                self.role_implies_org(m, sentence, bare.group(), m.span(start.group(1)))
                continue
            cursor, first = 0, True
            for token in re.finditer(r"§([A-Z])(\d+)§", window):
                if token.group(1) in "JR" and first:
                    continue  # "…, projektledare för Campus 2030 och campuschef på X": a role of the project first
                between = window[cursor : token.start()]
                if token.group(1) != "O" or _APPOSITION_STOP.search(between):
                    break
                if first:
                    if len(between) > 70 or (between.strip() and not between.strip()[0].islower()):
                        break
                    role = roles().search(between)
                    conf = 0.75 if role or not between.strip() else 0.6
                elif not _APPOSITION_JOIN.match(between):
                    break
                self.affiliate(m.span(start.group(1)), m.span(token.group(2)), sentence, conf if first else conf - 0.1)
                cursor, first = token.end(), False

    def home_municipalities(self, m: Masked, sentence: Sentence) -> None:
        """A list of three or more "Name, Town" pairs (the members of a board or a meeting) names each
        person's municipality by its town."""
        found = []
        for match in _PERSON_TOWN.finditer(m.text):
            town = m.span(match.group(2)).label if match.group(2) else match.group(3)
            stem = town[:-1] if town.endswith("s") else town
            names = (f"{town} kommun", f"{stem}s kommun", f"{town}s kommun")
            hit = next((h for h in (self.state.ref.org(n) for n in names) if h is not None), None)
            if hit is not None and self.state.ref.entities[hit[0]].cls == "Municipality":
                found.append((m.span(match.group(1)), town, self.state.ref.entities[hit[0]]))
        if len(found) < 3:
            return
        for person, town, entity in found:
            self.state.add_entity(entity.iri, entity.cls, entity.label, (town,))
            org = Span(0, 0, "org", town, entity.cls, entity.iri, entity.label, "home municipality")
            self.affiliate(person, org, sentence, 0.6)

    def role_in_place(self, m: Masked, sentence: Sentence) -> None:
        """ "Anna Ek, landshövding i Kronobergs län", "…, kommunstyrelsens ordförande i Bengtsfors": the role
        and the place name the organisation (the county board, the region, the municipality of the place)."""
        if not _ROLE_CLASS_CUE.search(sentence.text):
            return  # no role of ROLE_CLASS can be in it: the long role pattern is not run
        for found in _role_in_place().finditer(sentence.text):
            cls = next((c for pattern, c in ROLE_CLASS if pattern.match(found.group("role").casefold())), None)
            place = found.group("place")
            stem = place[:-1] if place.endswith("s") else place
            names = {
                "CountyAdministrativeBoard": (
                    f"Länsstyrelsen i {stem}s län",
                    f"Länsstyrelsen i {place} län",
                    f"Länsstyrelsen {stem}",
                    f"Länsstyrelsen {place}",
                ),
                "Region": (f"Region {stem}", f"Region {place}", f"Region {place} län", f"Region {stem}s län"),
                "Municipality": (f"{stem}s kommun", f"{place} kommun", f"{stem} kommun"),
            }.get(cls or "", ())
            hit = next((h for h in (self.state.ref.org(n) for n in names) if h is not None), None)
            # The person right before the role, a party's letters between allowed: "Per Ek (M), kommunalråd i X".
            persons = [
                p
                for p in m.of_kind("P")
                if 0 < found.start() + sentence.start - p.end <= 12
                and _PARTY_GAP.fullmatch(sentence.text[p.end - sentence.start : found.start()])
            ]
            if hit is None or not persons:
                continue
            entity = self.state.ref.entities[hit[0]]
            org = Span(0, 0, "org", place, entity.cls, entity.iri, entity.label, "role in place")
            self.state.add_entity(entity.iri, entity.cls, entity.label)
            self.affiliate(persons[-1], org, sentence, 0.65, found.group("role"))
