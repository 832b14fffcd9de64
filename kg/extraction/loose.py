"""The lowest tier, for what the patterns left unconnected, and the persons a page only credits.

A person with no affiliation is joined to the organisation written right after the name ("Per Berg, ek.
dr., Örebro universitet", "Anna Ek (Region Gävleborg)"), and a project leader named by the role alone to
the project the page speaks of most; these facts carry a confidence below every pattern's, so
`--min-confidence` leaves them out. A person named only in the page's credits ("Foto: Anna Ek") and
connected to nothing is left out of the graph.
"""

from __future__ import annotations

import re

from kg.extraction.masking import Masked, iri_of
from kg.extraction.state import DocState
from kg.vocab import RELATIONS

__all__ = ["connect_loose", "drop_credits", "LOOSE_CONFIDENCE"]

LOOSE_CONFIDENCE = 0.45

# A person's name, then (after a comma, a dash or a bracket) at most a few words of role or title with
# no verb or other name among them, then an organisation: "§P0§, ek. dr., §O1§", "§P0§ (§O1§)". A word
# is taken whole (possessively): split into pieces it would give the search exponentially many ways.
_BESIDE = re.compile(
    r"§P(\d+)§\s*(?:[,(–-]\s*(?:[\w.\-/&]++\s*){0,12}?[,–-]?\s*|\(\s*)§O(\d+)§(?=\s*(?:[.,;)]|\(|\s\d|§P|$))"
)
# A flattened list with no punctuation at all: "Förhinder: Kerstin Lillje Länsstyrelsen Theresa André Örebro kommun".
_ADJACENT = re.compile(r"§P(\d+)§\s+§O(\d+)§(?=\s*§P)")
# Words that make the stretch between a name and an organisation more than a role.
_NOT_ROLE = re.compile(
    r"\b(?:och|samt|eller|som|är|var|har|hade|blir|att|med|från|till|om|inte|säger|sa|berättar|tillsammans)\b",
    re.IGNORECASE,
)


# A project's leader named by the role alone, anywhere in the text: "kontakta projektledare Anna Ek",
# "… säger Anna Ek, projektledare".
_PROJECT_LEAD = re.compile(
    r"\b(?:[Pp]rojektledare|[Pp]rojektkoordinator)(?:n)?\s+§P(\d+)§(?!\s*(?:,\s*)?(?:på|vid|för|i)\b)"
    r"|§P(\d+)§,\s+(?:[a-zåäö]+\s+)?(?:projektledare|projektkoordinator)(?:n)?\s*(?:[.,;]|$)"
)


def connect_loose(state: DocState, masked: list[Masked], project: str | None) -> None:
    """Add the lower tier's facts for the persons no pattern connected; `project` is the one the
    document speaks of most, if any."""
    related = {
        node
        for fact in state.facts
        if not fact.object_is_literal and fact.predicate in RELATIONS
        for node in (fact.subject, fact.object)
    }
    placed = {fact.subject for fact in state.facts if fact.predicate == "affiliatedWith"}
    done: set[str] = set()
    for m in masked:
        for found in [*_BESIDE.finditer(m.text), *_ADJACENT.finditer(m.text)]:
            person = m.span(found.group(1))
            who = iri_of(person)
            if who in placed or who in done:
                continue
            between = m.text[found.start() : found.end()]
            if _NOT_ROLE.search(re.sub(r"§[A-Z]\d+§", " ", between)):
                continue
            org = m.span(found.group(2))
            state.add_fact(who, "affiliatedWith", iri_of(org), state.evidence(m.sentence, None, LOOSE_CONFIDENCE))
            done.add(who)
    if project is None:
        return
    for m in masked:
        if m.of_kind("J"):
            continue  # a project named in the sentence is read by the patterns that know whose it is
        for found in _PROJECT_LEAD.finditer(m.text):
            who = iri_of(m.span(found.group(1) or found.group(2)))
            if who not in related:
                state.add_fact(who, "coordinates", project, state.evidence(m.sentence, None, LOOSE_CONFIDENCE))


# The page's credits: who took the photo, wrote the text or keeps the page ("Foto: Anna Ek").
_CREDIT = re.compile(
    r"(?:\b(?:[Ff]oto(?:graf)?|[Bb]ild|[Tt]ext|[Ii]llustration|[Pp]ublicerad av|[Ss]idansvarig|[Ww]ebbredaktör"
    r"|[Ss]idan publicerades av|[Ss]enast ändrad av)\s*:?|©)\s*$"
)


def drop_credits(state: DocState) -> None:
    """A person the page names only in its credits, and nothing connects, is no actor of the graph."""
    text = state.doc.text
    credited: dict[str, bool] = {}
    for spans in state.spans.values():
        for span in spans:
            if span.kind == "person" and span.iri is not None:
                in_credit = bool(_CREDIT.search(text[max(0, span.start - 40) : span.start]))
                credited[span.iri] = credited.get(span.iri, True) and in_credit
    related = {node for fact in state.facts for node in (fact.subject, fact.object)}
    for iri, only_credits in credited.items():
        if only_credits and iri not in related and iri in state.entities:
            del state.entities[iri]
