"""Organisations that work together, and the bodies that take part in a forum or project through their
representatives, read from Swedish sentence patterns over masked sentences."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from kg.extraction.masking import ORGS, Masked, iri_of, orgs_in, persons_in
from kg.extraction.span import Span

if TYPE_CHECKING:
    from kg.extraction.text import Sentence

__all__ = ["CollaborationReader", "TOGETHER"]

TOGETHER = re.compile(rf"§O(\d+)§,?(?: som)? tillsammans med (?:[a-zåäö]+na )?({ORGS})")

_COLLAB_WITH = re.compile(
    rf"\b(?:samverkan|samverkar|samarbete|samarbetet|samarbetar|samverkat|samarbetat|partnerskap|kontakter)\s+med\s+({ORGS})"
)


_COLLAB_BETWEEN = re.compile(
    rf"\b(?:samverkan|samarbete|samarbetet|kontakter|kontakterna|samarbetsprojekt|partnerskap|partnerskapet|relationer)"
    rf"[^§.]{{0,50}}?mellan ({ORGS})"
)


_COLLAB_VERB = re.compile(
    rf"({ORGS})(?:\s+[^§\s]+){{0,4}}?\s+(?:samarbetar|samverkar|har samarbetat|har samverkat|samarbetade|samverkade)"
)


# "A, B och C närmade sig varandra", "A och B samarbetar med varandra": a reciprocal verb on a list.
_EACH_OTHER = re.compile(rf"({ORGS})[^§.]{{1,50}}?\bvarandra\b")


_WORK_TOGETHER = re.compile(
    rf"(?:arbetar|samarbetar|samverkar|jobbar)\s+({ORGS})\s+(?:sida vid sida|tillsammans|gemensamt|nära)"
    rf"|({ORGS})\s+(?:arbetar|jobbar)\s+(?:sida vid sida|tillsammans|gemensamt)"
    # "A, B och C gör en gemensam satsning på …", "A och B startar ett gemensamt projekt".
    rf"|({ORGS})\s+(?:gör|gjorde|genomför|driver|startar|startade|har startat|inleder|satsar på)"
    rf" (?:en |ett )?gemensam(?:t|ma)? [a-zåäö]+"
)


# "Styrelsen är sammansatt av representanter för ingående parter: A, B och C", "Gruppen bestod av
# representanter från A, B och C": a body made of several organisations' people; they work together.
_REPRESENTED = re.compile(
    r"\b(?:består|bestod|bestående|sammansatt|utgörs|utgjordes) av (?:[a-zåäö]+ )?(?:representanter|företrädare"
    r"|ledamöter)(?: (?:för|från))?(?: (?:de |alla )?(?:ingående|deltagande|medverkande) (?:parter|organisationer"
    rf"|aktörer)(?:na)?)?\s*:?\s*(?:för |från )?({ORGS})"
)


# "I Regionalt forum ingår tre företrädare för Uppsala kommun", "representanter från Länsstyrelsen adjungeras
# till Regionalt forum": bodies represented in the arena or project the sentence names take part in it.
_REPRESENTATIVES = re.compile(
    rf"\b(?:[Ff]öreträdare|[Rr]epresentanter|[Ll]edamöter)(?: [a-zåäö]+)? (?:för|från) ({ORGS})"
)


# "… och ett konsortium bestående av A, B och C": a body made of organisations; they work together.
_CONSORTIUM = re.compile(
    rf"\b(?:konsorti(?:um|et)|partnerskap(?:et)?|samarbete(?:t)?|nätverk(?:et)?|gruppering(?:en)?)"
    rf" (?:bestående av|som består av|som utgörs av) ({ORGS})"
)
# "De aktörer som tillsammans ansvarar för projektet är A, B och C", "Parterna i nätverket är A och B".
_PARTNERS_ARE = re.compile(
    r"\b(?:aktörer|aktörerna|parter|parterna|partners|partnerna|samarbetspartners|samarbetspartnerna"
    r"|organisationer|organisationerna|medverkande)\b(?:[^§.]|§[JR]\d+§){0,80}?\b(?:är|var|blir|utgörs av)\s*:?\s*"
    rf"({ORGS})"
)


# "Därtill utgör A, B och C projektpartners", "A och B är partner i projektet": named as partners.
_PARTNER_NOUN = r"(?:[a-zåäö]+\s+)?(?:projekt|samarbets)?(?:partners|partner|parter)\b"
_ARE_PARTNERS = re.compile(rf"({ORGS})\s+(?:utgör|är|var|blir)\s+{_PARTNER_NOUN}")
_PARTNERS_INVERTED = re.compile(
    rf"\b(?:utgör|är|var|blir)\s+(?:(?:[Ll]änsstyrelserna|[Rr]egionerna|[Kk]ommunerna)\s+(?:i\s+)?)?({ORGS})\s+{_PARTNER_NOUN}"
)  # "Därtill utgör A och B …"
# Actors or organisations only "involved" take part; parties, partners or actors "together" work together.
_PARTNER_WORD = re.compile(r"\b(?:parter\w*|partner\w*|samarbetspartner\w*|tillsammans|gemensamt)\b")


# The lower tier: organisations listed together in a sentence that speaks of working together.
_TOGETHER_CUE = re.compile(
    r"\b(?:samarbet\w*|samverk\w*|partnerskap\w*|konsorti\w*|parterna)\b",
    re.IGNORECASE,
)
LISTED_TOGETHER_CONFIDENCE = 0.4
# … and bodies listed in a sentence that names one project or arena and speaks of taking part in it.
_TAKING_PART_CUE = re.compile(
    r"\b(?:deltar|deltog|deltagande|medverka\w*|ingår|ingick|partner\w*|parter(?:na)?|medlemm\w*)\b", re.IGNORECASE
)

# A sentence that opens inside a project or arena: "I projektet …", "Inom nätverket X …".
_IN_TARGET = re.compile(r"\s*(?:I|Inom) §[JR]\d+§")


class CollaborationReader:
    """Applies the collaboration patterns; the relation reader lends it its ways to add a fact, to let
    organisations work together and to find the sentence's project or arena, and the affiliations read so far."""

    def __init__(
        self,
        fact: Callable[..., None],
        collaborate: Callable[..., None],
        focus: Callable[[Masked], Span | None],
        affiliation: dict[str, str],
    ) -> None:
        self.fact = fact
        self.collaborate = collaborate
        self.focus = focus
        self.affiliation = affiliation

    def _taken_part_in(self, m: Masked) -> Span | None:
        """The one project or arena a sentence names (by name or as "projektet") when it speaks of taking
        part in it or opens with it ("I projektet får kommunerna stöd från A, B och C")."""
        targets = m.of_kind("J") + m.of_kind("R")
        if len(targets) == 1 and (_TAKING_PART_CUE.search(m.text) or _IN_TARGET.match(m.text)):
            return targets[0]
        return None

    def read(self, m: Masked, sentence: Sentence) -> None:
        """Every collaboration pattern over one sentence."""
        orgs = m.of_kind("O")
        if _TOGETHER_CUE.search(m.text):
            for listed in re.finditer(ORGS, m.text):
                together = orgs_in(m, listed.group())
                if len(together) >= 2:
                    self.collaborate(together, sentence, LISTED_TOGETHER_CONFIDENCE)
        target = self._taken_part_in(m)
        if target is not None:
            for listed in re.finditer(ORGS, m.text):
                for org in orgs_in(m, listed.group()) if len(orgs_in(m, listed.group())) >= 2 else []:
                    self.fact(iri_of(org), "participatesIn", iri_of(target), sentence, LISTED_TOGETHER_CONFIDENCE)
        for match in _COLLAB_WITH.finditer(m.text):
            partners = orgs_in(m, match.group(1))
            before = orgs_in(m, m.text[: match.start()])
            if not before:
                persons = persons_in(m, m.text[: match.start()])
                before = [p for p in orgs if persons and self.affiliation.get(iri_of(persons[-1])) == iri_of(p)]
            if before:
                # The list named last before "samarbetar med": "A och B …, och samarbetar med C" is A's and B's.
                lists = list(re.finditer(ORGS, m.text[: match.start()]))
                subjects = orgs_in(m, lists[-1].group()) if lists else []
                if before[-1] not in subjects:
                    subjects = [before[-1]]
                for subject in subjects:
                    for partner in partners:
                        self.collaborate([subject, partner], sentence, 0.7)
        for match in _COLLAB_BETWEEN.finditer(m.text):
            self.collaborate(orgs_in(m, match.group(1)), sentence, 0.75)
        for match in TOGETHER.finditer(m.text):
            self.collaborate([m.span(match.group(1))] + orgs_in(m, match.group(2)), sentence, 0.8)
        for match in _COLLAB_VERB.finditer(m.text):
            self.collaborate(orgs_in(m, match.group(1)), sentence, 0.8)
        for match in _EACH_OTHER.finditer(m.text):
            self.collaborate(orgs_in(m, match.group(1)), sentence, 0.55)
        for match in [
            *_REPRESENTED.finditer(m.text),
            *_PARTNERS_ARE.finditer(m.text),
            *_CONSORTIUM.finditer(m.text),
            *_ARE_PARTNERS.finditer(m.text),
            *_PARTNERS_INVERTED.finditer(m.text),
        ]:
            bodies = orgs_in(m, match.group(1))
            if len(bodies) >= 2:
                if match.re is not _PARTNERS_ARE or _PARTNER_WORD.search(match.group()):
                    self.collaborate(bodies, sentence, 0.6)
                target = self.focus(m)
                if target is not None:
                    for org in bodies:
                        self.fact(iri_of(org), "participatesIn", iri_of(target), sentence, 0.6)
        targets = m.of_kind("R") + m.of_kind("J")
        if len(targets) == 1:
            for match in _REPRESENTATIVES.finditer(m.text):
                for org in orgs_in(m, match.group(1)):
                    self.fact(iri_of(org), "participatesIn", iri_of(targets[0]), sentence, 0.6)
        for match in _WORK_TOGETHER.finditer(m.text):
            partners = orgs_in(m, match.group(1) or match.group(2) or match.group(3) or "")
            self.collaborate(partners, sentence, 0.8)
            for project in m.of_kind("J"):
                for org in partners:
                    self.fact(iri_of(org), "participatesIn", iri_of(project), sentence, 0.75)
