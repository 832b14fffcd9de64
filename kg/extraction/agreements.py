"""Agreements and their parties: named agreements ("Kunskapsavtalet"), agreements a text names only by
their kind ("ett samverkansavtal", labelled by their parties), parties that join later, and the
collaboration every pair of parties to one agreement implies."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import combinations
from typing import TYPE_CHECKING

from kg.extraction.masking import ORGS, Masked, iri_of, orgs_in
from kg.extraction.spans import Span
from kg.vocab import mint_iri

if TYPE_CHECKING:
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["AgreementReader"]

_MELLAN = re.compile(rf"mellan ({ORGS})")
_AGREEMENT_KIND = (
    r"(?:samverkans|samarbets|partnerskaps|ram|avsikts|uppdrags|forsknings|utbildnings|kunskaps|intentions)?"
    r"(?:avtal|överenskommelse|avsiktsförklaring|partnerskap|kontrakt|programförklaring)"
)
_INDEFINITE_AGREEMENT = re.compile(rf"\b(?:ett|en)\s+(?:[a-zåäö]+\s+){{0,2}}({_AGREEMENT_KIND})\b")
_SIGN = (
    r"(?:tecknat|tecknade|tecknar|undertecknade|undertecknat|undertecknar|skrev under|skrivit under|skriver under"
    r"|ingick|ingått|ingår|signerade|signerat|signerar|förnyar|förnyat|förnyade|skriver|skrev|skrivit)"
)
_SIGNED = re.compile(
    rf"(?P<orgs>{ORGS}) (?:har |hade )?(?:[a-zåäö]+ )?{_SIGN} (?:(?:[a-zåäö]+ ){{0,2}}§D\d+§ )?"
    rf"(?:(?:ett|en) )?(?:nytt |ny )?(?:[a-zåäö]+ ){{0,2}}"
    rf"(?P<noun>{_AGREEMENT_KIND})\b"
)
# "A har tecknat ett strategiskt samverkansavtal med B".
_SIGNED_WITH = re.compile(
    rf"(?P<orgs>{ORGS}) (?:har |hade )?(?:[a-zåäö]+ )?{_SIGN} (?:(?:ett|en) )?(?:nytt |ny )?(?:[a-zåäö]+ ){{0,2}}"
    rf"(?P<noun>{_AGREEMENT_KIND})\b (?:[a-zåäö]+ ){{0,3}}?med (?P<with>{ORGS})"
)
# "A och B stärker sitt samarbete genom ett avtal om strategisk samverkan", "Dagen arrangerades av A
# och B, som en del i det strategiska partnerskap som parterna ingår i".
_THROUGH = re.compile(
    rf"(?P<orgs>{ORGS}) (?:[a-zåäö]+ ){{1,4}}?genom (?:ett|en) (?:[a-zåäö]+ ){{0,2}}(?P<noun>{_AGREEMENT_KIND})\b"
    rf"|(?P<orgs2>{ORGS}),? (?:som en del (?:i|av)|inom ramen för) (?:det|den|sitt|sina) (?:[a-zåäö]+ ){{0,2}}"
    rf"(?P<noun2>{_AGREEMENT_KIND})\b"
)
_WORKED_TOGETHER = re.compile(
    rf"(?P<orgs>{ORGS}) (?:har |hade )?(?:[a-zåäö]+ ){{0,3}}?(?:samverkat|samarbetat|samverkar|samarbetar)\b"
)
_DEEPENED = re.compile(r"\b(?:samarbetet|samverkan)\b[^.]*\bgenom (?:ett|en)\b")
_SIGNED_V2 = re.compile(
    rf"{_SIGN} (?:(?:representanter|företrädare) (?:från|för) )?(?P<orgs>{ORGS}) (?:ett|en) (?:[a-zåäö]+ ){{0,2}}"
    rf"(?P<noun>{_AGREEMENT_KIND})\b"
)
_HAS_AGREEMENT = re.compile(
    rf"(?P<orgs>{ORGS}) (?:har|hade|har haft)\s+(?:[a-zåäö0-9]+\s+){{0,4}}(?:ett|en)\s+(?:[a-zåäö]+\s+)?(?P<noun>{_AGREEMENT_KIND})\b"
)
_AGREEMENT_SIGNED_BY = re.compile(
    rf"(?P<noun>{_AGREEMENT_KIND})(?:et|en)? som (?P<orgs>{ORGS}) (?:har |hade )?(?:{_SIGN}|tecknat)"
)
_DEFINITE_BETWEEN = re.compile(
    rf"\b(?P<noun>{_AGREEMENT_KIND})(?:et|en)?\s+(?:[a-zåäö]+\s+){{0,2}}mellan\s+(?P<orgs>{ORGS})", re.IGNORECASE
)
_SIGNED_NAMED = re.compile(rf"({ORGS}) (?:har |hade )?(?:[a-zåäö]+ )?{_SIGN} §A(\d+)§")
_SIGNED_NAMED_V2 = re.compile(rf"{_SIGN} ({ORGS}) §A(\d+)§")
# "Samhällskontraktet är ett fyraårigt samverkansavtal mellan A, B och C".
_NAMED_IS = re.compile(
    rf"§A(\d+)§ (?:är|var|blir) (?:ett|en) (?:[\w-]+ ){{0,3}}?{_AGREEMENT_KIND}(?:et|en)? mellan ({ORGS})"
)


# An agreement the text has already named, by its definite noun or its name.
def _the_agreement(group: str) -> str:
    return rf"(?:§A(?P<{group}>\d+)§|(?:det |den )?(?:nya |gemensamma )?{_AGREEMENT_KIND}(?:et|en))"


# "… senare anslöt även C", "I juni 2014 anslöt sig A och B till avtalet", "C har anslutit till avtalet".
_JOINED = re.compile(
    rf"(?P<orgs>{ORGS}) (?:har |hade )?(?:också |även |nu |sedan )?(?:anslöt|anslutit|ansluter)(?: sig)?"
    rf"(?: [a-zåäö]+){{0,2}}? till {_the_agreement('named')}"
    rf"|(?:anslöt|anslutit|ansluter)(?: sig)? (?:även |också |nu |sedan )?(?P<late>{ORGS})"
)
# "Inom avtalet arbetar A, B, C och D", "Parterna i avtalet är A och B".
_WITHIN = re.compile(
    rf"\b(?:[Ii]nom|[Ii]) {_the_agreement('named')} (?:arbetar|samarbetar|samverkar|ingår|deltar|finns) (?:[a-zåäö]+ )?(?P<orgs>{ORGS})"
    rf"|[Pp]arter(?:na)? (?:i|till|inom) {_the_agreement('named2')} (?:är|var) (?P<orgs2>{ORGS})"
    rf"|(?P<orgs3>{ORGS}) (?:har |hade )?(?:[a-zåäö]+ )?(?:arbetat|arbetar|samarbetat|samarbetar|samverkat|samverkar)"
    rf" (?:tillsammans )?(?:inom|i) (?:[a-zåäö]+ )?§A(?P<named3>\d+)§"
)
# Any mention of an agreement, for the lower tier: organisations listed in such a sentence are its parties.
_MENTIONED = re.compile(rf"(?i:{_AGREEMENT_KIND})(?:et|en|er|erna)?\b")
_LISTED = re.compile(rf"{ORGS}")
# A declaration signed in the first person plural: "Programförklaring Vi A, B och C …".
_DECLARATION = re.compile(
    rf"\b(?P<noun>[A-ZÅÄÖ][a-zåäö]*(?:förklaring|avtal|överenskommelse|deklaration|manifest))\s+Vi,?\s+(?P<orgs>{ORGS})"
)

# A title that starts with an agreement's kind: the document is that agreement ("Samarbetsavtal
# avseende biobanksverksamheten", "Avtal om samverkan mellan …").
_AGREEMENT_TITLE = re.compile(rf"^(?i:{_AGREEMENT_KIND})\b")
# "… har träffats mellan:" followed by the parties, one a line: "(1) A, org. nr …", "(2) B …".
_CONCLUDED = re.compile(r"\b(?:träffats|ingåtts|ingås|slutits|tecknats|upprättats) mellan\s*:?\s*$")
_SHORT_NAME = re.compile(rf"(?i:{_AGREEMENT_KIND})(?:et|en)?")
_PARTY_LINE = re.compile(r"^\s*(?:\(\d\)|\d[.)]|[-•–])?\s*(?:och\s+)?§O(\d+)§")

Fact = Callable[[str, str, str, "Sentence", float, "Sentence | None"], None]


def _base_agreement(noun: str) -> str:
    """The indefinite form of an agreement noun: "avsiktsförklaringen" -> "avsiktsförklaring"."""
    for ending in ("en", "et"):
        if noun.endswith(ending) and not noun.endswith(("avtal", "partnerskap", "kontrakt")):
            return noun[: -len(ending)]
    return noun


class AgreementReader:
    """Reads agreements sentence by sentence and, at the end, the collaboration their parties imply."""

    def __init__(self, state: DocState, masked: list[Masked], fact: Fact) -> None:
        self.state = state
        self.masked = masked
        self.fact = fact
        self.last: str | None = None  # the agreement named last
        self.document: str | None = None  # the agreement the whole document is, by its title
        self.pending_parties = 0  # lines still to read for the parties after "träffats mellan:"
        title = " ".join(state.doc.title.split())
        self.same: dict[str, str] = {}  # a short name the agreement defines for itself -> the agreement
        if _AGREEMENT_TITLE.match(title) and len(title) <= 120:
            self.document = self.last = state.add_entity(mint_iri("Agreement", title), "Agreement", title)
            # ("Samarbetsavtalet") defined in the contract's first sentence is the contract itself.
            for iri, entity in list(state.entities.items()):
                if entity.cls == "Agreement" and iri != self.document and _SHORT_NAME.fullmatch(entity.label):
                    self.same[iri] = self.document
                    state.add_entity(self.document, "Agreement", title, (entity.label,))
                    del state.entities[iri]
        # agreement IRI -> party IRI -> (first, last) index of the sentences that state it, confidence
        self.parties: dict[str, dict[str, tuple[int, int, float]]] = {}

    def party(self, org: Span, agreement: str, index: int, conf: float, first: Sentence | None = None) -> None:
        sentence = self.state.sentences[index]
        self.fact(iri_of(org), "partyTo", agreement, sentence, conf, first)
        lo = first.index if first is not None else index
        self.parties.setdefault(agreement, {}).setdefault(iri_of(org), (lo, index, conf))

    def read(self, index: int, m: Masked, sentence: Sentence) -> None:
        if self.pending_parties and self.last is not None:
            self.pending_parties -= 1
            if _PARTY_LINE.match(m.text):
                for org in m.of_kind("O"):
                    self.party(org, self.last, index, 0.75)
        if _CONCLUDED.search(m.text) and not m.of_kind("O"):
            self.pending_parties = 6
        for agreement in m.of_kind("A"):
            self.named(index, m, agreement)
            self.last = self.same.get(iri_of(agreement), iri_of(agreement))
        declaration = _DECLARATION.search(m.text)
        if declaration:
            self.declaration(index, m, declaration)
            return
        before = sum(len(p) for p in self.parties.values())
        if not _NAMED_IS.search(m.text):  # "X är ett samverkansavtal mellan …" names X, not a second agreement
            self.unnamed(index, m)
        self.joined(index, m)
        if sum(len(p) for p in self.parties.values()) == before:
            self.listed(index, m)

    def named(self, index: int, m: Masked, agreement: Span) -> None:
        token = f"§A{m.spans.index(agreement)}§"
        parties: list[Span] = []
        after = m.text[m.text.index(token) + len(token) :]
        between = _MELLAN.match(after.lstrip(" ,–-"))
        if between:
            parties = orgs_in(m, between.group(1))
        for pattern in (_SIGNED_NAMED, _SIGNED_NAMED_V2):
            found = pattern.search(m.text)
            if found and found.group(2) == token[2:-1]:
                parties += orgs_in(m, found.group(1))
        found = _NAMED_IS.search(m.text)
        if found and found.group(1) == token[2:-1]:
            parties += orgs_in(m, found.group(2))
        target = self.same.get(iri_of(agreement), iri_of(agreement))
        for party in parties:
            self.party(party, target, index, 0.85)

    def joined(self, index: int, m: Masked) -> None:
        """Parties named apart from the agreement's own sentence: those who join it, or work within it."""
        for pattern in (_JOINED, _WITHIN):
            for found in pattern.finditer(m.text):
                groups = found.groupdict()
                named = groups.get("named") or groups.get("named2") or groups.get("named3")
                target = self.same.get(iri_of(m.span(named)), iri_of(m.span(named))) if named else self.last
                orgs = groups.get("orgs") or groups.get("late") or groups.get("orgs2") or groups.get("orgs3") or ""
                if target is None:
                    continue
                for org in orgs_in(m, orgs):
                    self.party(org, target, index, 0.7)

    def listed(self, index: int, m: Masked) -> None:
        """The lower tier: organisations listed together in a sentence about an agreement are its parties
        (the agreement named in the sentence, else the one named last)."""
        if not _MENTIONED.search(m.text):
            return
        listed = max((orgs_in(m, found.group()) for found in _LISTED.finditer(m.text)), key=len, default=[])
        named = m.of_kind("A")
        target = self.same.get(iri_of(named[0]), iri_of(named[0])) if named else self.last
        if len(listed) < 2 or target is None:
            return
        for org in listed:
            self.party(org, target, index, 0.5)

    def declaration(self, index: int, m: Masked, found: re.Match[str]) -> None:
        """A declaration its signatories make in the first person; a document that opens with its
        title and then the declaration is the declaration, named by its title."""
        parties = orgs_in(m, found.group("orgs"))
        if len(parties) < 2:
            return
        sentence = self.state.sentences[index]
        title = " ".join(self.state.doc.title.split())
        before = " ".join(sentence.text[: found.start()].split())
        if title and before.endswith(title):
            label, alts = title, [found.group("noun")]
        else:
            names = [self.state.entities[iri_of(p)].label for p in parties]
            label, alts = f"{found.group('noun')} av {', '.join(names[:-1])} och {names[-1]}", []
        iri = self.state.add_entity(mint_iri("Agreement", label), "Agreement", label, tuple(alts))
        for party in parties:
            self.party(party, iri, index, 0.75)
        self.last = iri

    def unnamed(self, index: int, m: Masked) -> None:
        """An agreement the sentence names only by its kind, labelled by its parties."""
        noun, parties, first = self._unnamed_agreement(index, m, strong_only=bool(m.of_kind("A")))
        parties = sorted({iri_of(p): p for p in parties}.values(), key=lambda p: p.label)
        if noun is None or len(parties) < 2:
            return
        if self.document is not None:  # the agreement the document is, stated in its own words
            iri = self.document
        else:
            names = [self.state.entities[iri_of(p)].label for p in parties]
            label = f"{noun.capitalize()} mellan {', '.join(names[:-1])} och {names[-1]}"
            iri = self.state.add_entity(mint_iri("Agreement", label), "Agreement", label)
        conf = 0.8 if first is None else 0.6
        for party in parties:
            self.party(party, iri, index, conf, first)
        self.last = iri

    def _agreement_parties(self, index: int, m: Masked) -> tuple[list[Span], Sentence | None]:
        match = _MELLAN.search(m.text)
        if match:
            return orgs_in(m, match.group(1)), None
        if index > 0:
            previous = self.masked[index - 1]
            match = _MELLAN.search(previous.text)
            if match:
                return orgs_in(previous, match.group(1)), previous.sentence
            # "A och B har länge samverkat. … fördjupades samarbetet genom ett strategiskt partnerskap."
            match = _WORKED_TOGETHER.search(previous.text)
            if match and _DEEPENED.search(m.text):
                return orgs_in(previous, match.group("orgs")), previous.sentence
        return [], None

    def _unnamed_agreement(
        self, index: int, m: Masked, *, strong_only: bool
    ) -> tuple[str | None, list[Span], Sentence | None]:
        """The kind and parties of an agreement the sentence names only by its kind. Beside a named
        agreement only the patterns that name the parties themselves count."""
        for pattern in (
            _SIGNED_WITH,
            _SIGNED,
            _SIGNED_V2,
            _HAS_AGREEMENT,
            _AGREEMENT_SIGNED_BY,
            _DEFINITE_BETWEEN,
            _THROUGH,
        ):
            found = pattern.search(m.text)
            if found:
                groups = found.groupdict()
                noun = groups["noun"] or groups.get("noun2") or ""
                orgs = " ".join(g for g in (groups["orgs"], groups.get("orgs2"), groups.get("with")) if g)
                return _base_agreement(noun.casefold()), orgs_in(m, orgs), None
        if strong_only:
            return None, [], None
        found = _INDEFINITE_AGREEMENT.search(m.text)
        if found:
            parties, first = self._agreement_parties(index, m)
            return _base_agreement(found.group(1)), parties, first
        return None, [], None

    def finish(self) -> None:
        """Every pair of parties to one agreement collaborates (SPEC §4), stated where the later joined."""
        sentences = self.state.sentences
        for _, parties in sorted(self.parties.items()):
            for (a, (a_lo, a_hi, a_conf)), (b, (b_lo, b_hi, b_conf)) in combinations(sorted(parties.items()), 2):
                lo, hi = min(a_lo, b_lo), max(a_hi, b_hi)
                if hi - lo > 2:  # stated far apart: quote the later statement
                    lo, hi = (a_lo, a_hi) if a_hi >= b_hi else (b_lo, b_hi)
                conf = round(min(a_conf, b_conf) - 0.1, 2)
                self.fact(min(a, b), "collaboratesWith", max(a, b), sentences[hi], conf, sentences[lo])
