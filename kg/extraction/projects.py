"""Projects: who leads, funds and takes part in them, read from Swedish sentence patterns over masked
sentences ("Projektet drivs av A och B", "finansieras av Formas", "I projektet deltar …")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extraction.masking import ORGS, PERSONS, Masked, iri_of, orgs_in, persons_in
from kg.extraction.span import Span

if TYPE_CHECKING:
    from kg.extraction.text import Sentence

__all__ = ["ProjectReader"]

_COORD_ACTIVE = re.compile(
    r"(?:§([OP])(\d+)§ (?:leder|ledde|leds|koordinerar|samordnar|startade|initierade|driver|drev|startar)"
    r"|(?:leder|ledde|koordinerar|samordnar|startade|initierade|driver|drev|startar) §([OP])(\d+)§)"
    r" (?:(?:ett|en|det|den|nu|också|även)\s+)?[^§]{0,30}§J(\d+)§"
)


_LED_BY = re.compile(
    rf"\b(?:leds|leddes|koordineras|samordnas|drivs|drevs|initierat|initierad|initierades|initierats)"
    rf" (?:[a-zåäö]+ )?av (?:({ORGS})|§P(\d+)§)"
)


_COORDINATOR = re.compile(r"§O(\d+)§ (?:är|var) (?:projektets )?(?:koordinator|projektägare|sammankallande|huvudman)")


_FUNDING = re.compile(
    r"(?:finansieras|finansierades|finansierad|finansierat|bekostas|stöds|stöttas)"
    r"(?:\s+(?:gemensamt|delvis|huvudsakligen|främst|också|även))?\s+(?:av|genom|via|från)\s+"
    r"(?:(?:sina|dess) (?:medlemmar|ägare|huvudmän),?\s+)?"
    # "… av Mistra - Stiftelsen för …, Sida och ett konsortium bestående av A, B och C": a body's two names
    # joined by a dash, and the consortium's members, fund it too.
    rf"({ORGS}(?:\s[-–]\s{ORGS})?(?:,? och ett konsortium (?:bestående av|av|med) {ORGS})?)|(?:med\s+)?(?:stöd|bidrag|finansiering|medel|anslag)\s+(?:från|av)\s+({ORGS})",
)


# A sentence that opens on a project or arena by a common noun: "Centrumet …", "Nätverket har …".
_DEFINITE_OPENING = re.compile(
    r"^\s*(?:Projektet|Centrumet|Centret|Nätverket|Satsningen|Plattformen|Forumet|Arenan|Programmet|Initiativet)\b"
)
# "Kommunerna A, B och C var huvudfinansiärer": the funders of the project the page is about.
_FUNDERS_ARE = re.compile(rf"({ORGS}) (?:är|var) (?:projektets )?(?:huvud|med)?finansiär(?:er(?:na)?)?\b")
_FUNDS_ACTIVE = re.compile(rf"({ORGS}) (?:finansierar|finansierade|bekostar|stöder|beviljade)[^§]{{0,30}}§J(\d+)§")


_PARTICIPATE = re.compile(
    rf"({ORGS}|{PERSONS}) (?:deltar|deltog|medverkar|medverkade|ingår|ingick|är med"
    rf"|(?:är|var) (?:en av )?(?:[a-zåäö]+)?(?:parterna|part|partner|partners|medlemmarna|deltagarna)) i §([JR])(\d+)§"
)


_PARTICIPANTS_OF = re.compile(
    rf"(?:I|Inom) (?:§([JR])(\d+)§|(projektet|satsningen|samarbetet|nätverket))"
    rf" (?:deltar|medverkar|ingår|(samarbetar|samverkar)) (?:också |även |nu )?({ORGS}|{PERSONS})"
)


# "… där Sundsvalls kommun och fem andra kommuner ingår": the named ones take part in the project.
_WHERE_PART = re.compile(
    rf"\bdär ({ORGS})(?: (?:och|samt) (?:[a-zåäö0-9]+ )?(?:andra|övriga|fler) [a-zåäö]+)? (?:ingår|deltar|medverkar)\b"
)


# "Bliwa Stiftelsens forsknings- och utvecklingsprojekt Hållbara Chefer": the owner leads it.
_OWNED_PROJECT = re.compile(r"§O(\d+)§ (?:[a-zåäö]+- och )?(?:[a-zåäö]*(?:projekt|program|satsning)(?:et)? )?§J(\d+)§")


# "Kompetenscentrumet X (XC) vid Chalmers": the project is run at, and by, that organisation.
_PROJECT_AT = re.compile(r"§J(\d+)§(?:\s*\((?:[^)§]{1,12}|§J\d+§)\))? (?:vid|på) §O(\d+)§")


# "Arbetet spänner över samtliga åtta kommuner i regionen: A, B och C": the project reaches them.
_SPANS_OVER = re.compile(
    rf"^\s*(?:Arbetet|Projektet|§J\d+§) (?:spänner över|omfattar|involverar|inkluderar|når)\b[^§.]{{0,60}}?({ORGS})"
)
# "Projektet genomförs i samarbete med Kommunförbundet Skåne": that body takes part.
_DONE_WITH = re.compile(
    rf"§J(\d+)§ (?:genomförs|genomfördes|drivs|drevs|bedrivs|bedrevs|sker|skedde) (?:[a-zåäö]+ )?"
    rf"i (?:nära )?(?:samarbete|samverkan) med ({ORGS})"
)


_IN_COLLABORATION = re.compile(rf"\bi (?:nära )?samarbete med ({ORGS})")


_PROJECT_BETWEEN = re.compile(rf"§J(\d+)§[^§]{{0,80}}?mellan ({ORGS})")


class ProjectReader:
    """Applies the project patterns; the relation reader lends it its ways to add a fact, to let organisations
    work together, and to find the project or arena a sentence speaks of."""

    def __init__(
        self,
        fact: Callable[..., None],
        collaborate: Callable[..., None],
        focus: Callable[[Masked], Span | None],
        last_project: Callable[[Masked], tuple[str, Sentence | None] | None],
    ) -> None:
        self.fact = fact
        self.collaborate = collaborate
        self.focus = focus
        self.last_project = last_project

    def page_project(self, m: Masked) -> list[Span]:
        """The project the page is about, for a sentence that names none: "X är projektets koordinator"."""
        focus = self.focus(m)
        return [focus] if focus is not None and focus.kind == "project" else []

    def read(self, m: Masked, sentence: Sentence) -> None:
        """Every project pattern over one sentence: who leads, funds and takes part in which project."""
        for match in _COORD_ACTIVE.finditer(m.text):
            agent = m.span(match.group(2) or match.group(4))
            self.fact(iri_of(agent), "coordinates", iri_of(m.span(match.group(5))), sentence, 0.75)
        for match in _LED_BY.finditer(m.text):
            # "… projektet X, som leds av Y": the project named last before "leds av".
            before = [t for t in re.finditer(r"§J(\d+)§", m.text[: match.start()])]
            if before and match.start() - before[-1].end() <= 100:
                led = iri_of(m.span(before[-1].group(1)))
                leaders = orgs_in(m, match.group(1) or "")
                if len(leaders) > 1:  # "Projektet drivs av A och B": they lead it together, and take part
                    for org in leaders:
                        self.fact(iri_of(org), "coordinates", led, sentence, 0.8)
                        self.fact(iri_of(org), "participatesIn", led, sentence, 0.75)
                else:
                    leader = leaders[0] if leaders else m.span(match.group(2))
                    self.fact(iri_of(leader), "coordinates", led, sentence, 0.85)
        projects = m.of_kind("J")
        for match in _COORDINATOR.finditer(m.text):
            for project in projects or self.page_project(m):
                self.fact(iri_of(m.span(match.group(1))), "coordinates", iri_of(project), sentence, 0.75)
        funded = projects[:1] or m.of_kind("R")[:1]
        if not funded and _DEFINITE_OPENING.match(m.text):
            # "Centrumet finansieras av …": the project or arena the page has named most.
            focus = self.focus(m)
            funded = [focus] if focus is not None else []
        if funded:
            for match in _FUNDING.finditer(m.text):
                funders = orgs_in(m, match.group(1) or match.group(2) or "")
                for funder in funders:
                    self.fact(iri_of(funder), "funds", iri_of(funded[0]), sentence, 0.8 if projects else 0.7)
        for match in _FUNDERS_ARE.finditer(m.text):
            for project in projects[:1] or self.page_project(m):
                for funder in orgs_in(m, match.group(1)):
                    self.fact(iri_of(funder), "funds", iri_of(project), sentence, 0.7)
        for match in _FUNDS_ACTIVE.finditer(m.text):
            for funder in orgs_in(m, match.group(1)):
                self.fact(iri_of(funder), "funds", iri_of(m.span(match.group(2))), sentence, 0.8)
        for match in _PARTICIPATE.finditer(m.text):
            target = m.span(match.group(3))
            for agent in orgs_in(m, match.group(1)) + persons_in(m, match.group(1)):
                self.fact(iri_of(agent), "participatesIn", iri_of(target), sentence, 0.8)
        for match in _PARTICIPANTS_OF.finditer(m.text):
            if match.group(2):
                target_iri, first = iri_of(m.span(match.group(2))), None
            else:
                # "I projektet deltar …": the project named last in this or the sentence before.
                found = self.last_project(m)
                if found is None:
                    continue
                target_iri, first = found
            for agent in orgs_in(m, match.group(5)) + persons_in(m, match.group(5)):
                self.fact(iri_of(agent), "participatesIn", target_iri, sentence, 0.8, first)
            if match.group(4):  # "I X samarbetar A, B och C": they work together
                self.collaborate(orgs_in(m, match.group(5)), sentence, 0.7, first)
        for match in _WHERE_PART.finditer(m.text):
            found = self.last_project(m)
            if found is not None:
                for org in orgs_in(m, match.group(1)):
                    self.fact(iri_of(org), "participatesIn", found[0], sentence, 0.7, found[1])
        for match in _OWNED_PROJECT.finditer(m.text):
            owner, project = m.span(match.group(1)), m.span(match.group(2))
            if m.sentence.text[owner.end - m.sentence.start - 1 : owner.end - m.sentence.start] == "s":
                self.fact(iri_of(owner), "coordinates", iri_of(project), sentence, 0.75)
                for partner_match in _IN_COLLABORATION.finditer(m.text):
                    partners = orgs_in(m, partner_match.group(1))
                    for partner in partners:
                        self.fact(iri_of(partner), "participatesIn", iri_of(project), sentence, 0.7)
                    self.collaborate([owner, *partners], sentence, 0.7)
        spans_over = _SPANS_OVER.match(m.text)
        reached = self.focus(m) if spans_over else None
        if spans_over and reached is not None and reached.kind == "project":
            for org in orgs_in(m, spans_over.group(1)):
                self.fact(iri_of(org), "participatesIn", iri_of(reached), sentence, 0.6)
        for match in _DONE_WITH.finditer(m.text):
            for org in orgs_in(m, match.group(2)):
                self.fact(iri_of(org), "participatesIn", iri_of(m.span(match.group(1))), sentence, 0.7)
        for match in _PROJECT_AT.finditer(m.text):
            centre, host = iri_of(m.span(match.group(1))), iri_of(m.span(match.group(2)))
            self.fact(host, "coordinates", centre, sentence, 0.65)
            self.fact(host, "participatesIn", centre, sentence, 0.65)
        for match in _PROJECT_BETWEEN.finditer(m.text):
            project = m.span(match.group(1))
            orgs = orgs_in(m, match.group(2))
            if len(orgs) >= 2:
                for org in orgs:
                    self.fact(iri_of(org), "participatesIn", iri_of(project), sentence, 0.75)
                self.collaborate(orgs, sentence, 0.7)
