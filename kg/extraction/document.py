"""Extraction from one document: spans per sentence, a document lexicon, relations, entities."""

from __future__ import annotations

import re
from collections import Counter

from kg.dates import MONTHS, find_dates, find_years
from kg.extraction import names, relations
from kg.extraction.loose import drop_credits
from kg.extraction.ner import Ner
from kg.extraction.organisations import name_listed_organisations
from kg.extraction.reference import Reference
from kg.extraction.spans import Span, find_spans, is_arena_cue
from kg.extraction.state import DocState
from kg.extraction.text import mask_markup, split_sentences
from kg.model import Document, Extraction, Fact, Mention
from kg.vocab import mint_iri

__all__ = ["extract_document", "DocState"]

_MONTH_NAMES = {number: name for name, number in MONTHS.items()}
# An arena noun opens the name ("Forum Carpe"), or a centre's name ends in a place ("Hälsoteknikcentrum
# Halland", "Blått Centrum Gotland").
_ARENA_NAME = re.compile(
    r"^(?:Forum|Mötesplats|Arena|Plattform|Nätverket|Nätverk)\s+[A-ZÅÄÖ]"
    r"|^[A-ZÅÄÖ][a-zåäö]+(?:centrum|center|[a-zåäö]* Centrum) [A-ZÅÄÖ][a-zåäö]+$"
)
_WORK_IN = re.compile(r"^\s+(?:samarbetar|samverkar)\b")
_ARENA_START = re.compile(
    r"^(?:Mötesplatsen|Arenan|Plattformen|Samverkansplattformen|Seminarieserien|Forumet|Nätverket"
    r"|Seminarieserie|Mötesplats|Arena|Plattform|Nätverk)\b"
)


def _org_entity(state: DocState, span: Span) -> str:
    if span.iri is not None:
        entity = state.ref.entities[span.iri]
        # A municipality the text names by its town alone ("Alvesta, Lessebo och … kommuner") is also
        # known by that name in this document, and so is a university college without its "i".
        alts = (span.surface,) if span.reason in ("listed municipality", "name without i") else ()
        state.add_entity(entity.iri, entity.cls, entity.label, alts)
        iri = entity.iri
    else:
        iri = mint_iri(span.cls or "Organisation", span.label)
        state.add_entity(iri, span.cls or "Organisation", span.label)
    if span.surface != state.entities[iri].label:
        state.merges.add((span.surface, iri, span.reason if span.reason != "label" else "alias"))
    return iri


def _type_names(state: DocState) -> None:
    """Give untyped names (capitalised phrases, long forms of abbreviations) a class from their cue."""
    for index, sentence in enumerate(state.sentences):
        following = state.sentences[index + 1] if index + 1 < len(state.sentences) else None
        for span in state.spans[index]:
            if span.kind != "name":
                continue
            rest = sentence.text[span.end - sentence.start :]
            rest = re.sub(r"^\s*\([^)]{1,12}\)", "", rest)  # "Forum för samverkan (FFS) är ett nätverk"
            appositive = rest[:1] in (",", "") or rest.lstrip().startswith(("är ", "– ", "- "))
            cue_here = appositive and is_arena_cue(rest[:160])
            # A name that is itself an arena noun and a name: "Forum Carpe", "Mötesplats Norr".
            cue_here = cue_here or bool(_ARENA_NAME.match(span.label)) or span.extra.get("defined") == "arena"
            # "I Integration Gävleborg samarbetar A, B och C": a name people work together in.
            before = sentence.text[: span.start - sentence.start].strip()
            cue_here = cue_here or (before in ("I", "Inom") and bool(_WORK_IN.match(rest)))
            cue_next = (
                following is not None and rest.strip(" .") == "" and bool(_ARENA_START.match(following.text))
            ) or (
                following is not None and rest.strip() in ("", ".") and _ARENA_START.match(following.text) is not None
            )
            if span.extra.get("abbr") and following is not None and _ARENA_START.match(following.text):
                cue_next = True
            if cue_here or cue_next:
                iri = mint_iri("Arena", span.label)
                alts = (span.extra["abbr"],) if span.extra.get("abbr") else ()
                state.add_entity(iri, "Arena", span.label, alts)
                state.lexicon.setdefault(span.label, (iri, "arena"))
                for alt in alts:
                    state.lexicon.setdefault(alt, (iri, "arena"))


def _register_projects_and_agreements(state: DocState) -> None:
    cue_owners: dict[str, set[str]] = {}
    for index in range(len(state.sentences)):
        for span in state.spans[index]:
            if span.kind == "project":
                iri = mint_iri("Project", span.label)
                alts = (span.surface,) if span.surface != span.label else ()
                state.add_entity(iri, "Project", span.label, alts)
                state.lexicon.setdefault(span.label, (iri, "project"))
                state.lexicon.setdefault(span.surface, (iri, "project"))
                cue = span.surface[: len(span.surface) - len(span.label)].strip()
                if cue and span.reason == "project cue":
                    cue_owners.setdefault(cue.casefold(), set()).add(iri)
            elif span.kind == "agreement":
                iri = mint_iri("Agreement", span.label)
                state.add_entity(iri, "Agreement", span.label)
                state.lexicon.setdefault(span.label, (iri, "agreement"))
    # "lärprojektet" names the document's one learning project when there is exactly one.
    for cue, owners in cue_owners.items():
        if len(owners) == 1 and cue not in ("projekt", "projektet"):
            (iri,) = owners
            stem = cue[:-2] if cue.endswith("et") else cue
            for form in (stem, stem + "et", stem + "ets"):
                state.lexicon.setdefault(form, (iri, "project"))
                state.lexicon.setdefault(form.capitalize(), (iri, "project"))


def _relexicalise(state: DocState) -> None:
    """Second pass: later mentions of the document's own names ("AES", "Forskarna på slottet")."""
    if not state.lexicon:
        return
    forms = sorted(state.lexicon, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(f) for f in forms) + r")(?:s|:s)?(?![\w-])", re.IGNORECASE)
    for index, sentence in enumerate(state.sentences):
        spans = state.spans[index]
        for m in pattern.finditer(sentence.text):
            surface = m.group(1)
            key = next((f for f in forms if f == surface), None)
            if key is None:
                if " " not in surface:
                    continue  # one-word names match in their own case only
                key = next(f for f in forms if f.casefold() == surface.casefold())
            iri, kind = state.lexicon[key]
            start, end = sentence.start + m.start(), sentence.start + m.end()
            clash = [s for s in spans if s.start < end and start < s.end]
            if any(
                s.iri == iri or (s.kind in ("org", "person", "project", "agreement") and s.end - s.start >= end - start)
                for s in clash
            ):
                continue
            for s in clash:
                spans.remove(s)
            entity = state.entities[iri]
            spans.append(Span(start, end, kind, m.group(), entity.cls, iri, entity.label, "document alias"))
        spans.sort(key=lambda s: s.start)


def _resolve_persons(state: DocState) -> dict[str, str]:
    """Person labels -> canonical label: spelling variants of one name in a document become one."""
    names: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for spans in state.spans.values():
        for s in spans:
            if s.kind == "person":
                names[s.label] += 1
                first_seen.setdefault(s.label, s.start)
    canonical: dict[str, str] = {}
    # The form used most often wins; on a tie, the one the document introduced first.
    ordered = sorted(names, key=lambda n: (-names[n], first_seen[n]))
    for name in ordered:
        first, _, rest = name.partition(" ")
        for other in ordered:
            if other == name or other not in canonical or canonical[other] != other:
                continue
            o_first, _, o_rest = other.partition(" ")
            if o_rest == rest and _one_edit(first, o_first):
                canonical[name] = other
                break
        canonical.setdefault(name, name)
    return canonical


def _one_edit(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _assign_iris(state: DocState) -> None:
    persons = _resolve_persons(state)
    for spans in state.spans.values():
        for span in spans:
            if span.kind == "org":
                span.iri = _org_entity(state, span)
            elif span.kind == "person":
                label = persons[span.label]
                span.iri = mint_iri("Person", label)
                state.add_entity(span.iri, "Person", label)
                if span.label != label:
                    state.merges.add((span.label, span.iri, "spelling variant in the same document"))
                if span.surface != label and span.surface != span.label:
                    state.merges.add((span.surface, span.iri, "variant"))
            elif span.kind == "place" and span.iri is not None:
                entity = state.ref.entities[span.iri]
                state.add_entity(entity.iri, "Place", entity.label)
            elif span.kind in ("project", "agreement") and span.iri is None:
                span.iri = (
                    state.lexicon.get(span.label, (None, ""))[0] or state.lexicon.get(span.surface, (None, ""))[0]
                )
            elif span.kind in ("name", "abbr"):
                hit = state.lexicon.get(span.label)
                if hit is not None:
                    span.iri, span.kind = hit[0], hit[1]
                    span.cls = state.entities[hit[0]].cls
            if (
                span.iri is not None
                and span.kind in ("project", "agreement", "arena")
                and span.surface != state.entities[span.iri].label
            ):
                if span.surface.casefold() != state.entities[span.iri].label.casefold():
                    state.merges.add((span.surface, span.iri, "alias in the same document"))


def _mentions(state: DocState) -> None:
    seen: set[tuple[str, int]] = set()
    for index, sentence in enumerate(state.sentences):
        for span in state.spans[index]:
            if span.iri is None or span.kind in ("name", "abbr") and span.iri not in state.entities:
                continue
            if span.iri not in state.entities or (span.iri, index) in seen:
                continue
            seen.add((span.iri, index))
            state.mentions.append(Mention(span.iri, state.evidence(sentence, confidence=0.9)))


_DATELINE = re.compile(r"(?i)\b(?:publicerad|uppdaterad|senast ändrad|datum|pressmeddelande)\w*")


def _dateline_year(state: DocState) -> int | None:
    """The year of the page's dateline ("Publicerad: 2017-06-13", "Sidan uppdaterades: …"), else of
    the first full date at its top: what a day and month with no year of their own belong to."""
    for index, sentence in enumerate(state.sentences):
        if _DATELINE.search(sentence.text):
            years = [d.year for d in state.dates[index] if d.year]
            if years:
                return years[0]
    for index in range(min(3, len(state.sentences))):
        years = [d.year for d in state.dates[index] if d.year]
        if years:
            return years[0]
    return None


def _context_years(state: DocState) -> None:
    year: int | None = None
    dateline = _dateline_year(state)
    for index, sentence in enumerate(state.sentences):
        state.context_year[index] = year or dateline
        # A year far after the dateline is a goal ("Agenda 2030", "till 2030"), not the time the text is at.
        years = [y for _, y in find_years(sentence.text) if dateline is None or y <= dateline + 2]
        if years:
            year = years[-1]


def extract_document(doc: Document, ref: Reference, ner: Ner | None = None) -> Extraction:
    """Read one document: find its entities, mentions and relation facts with their evidence."""
    state = DocState(doc, ref)
    state.sentences = split_sentences(doc.text, doc.regions)
    generic = relations.generic_agreement_words()
    # Words the document writes in lower case are common words, not names ("hållbar", "stad").
    # (E-mail and web addresses aside: "anna.karimi@…" does not make "Karimi" a common word.)
    prose = mask_markup(doc.text)
    common = frozenset(w.casefold() for w in re.findall(r"(?<![\w-])[a-zåäöéü]+(?![\w-])", prose))
    for index, sentence in enumerate(state.sentences):
        dates = find_dates(sentence.text, sentence.start)
        state.dates[index] = dates
        proposed = ner.spans(sentence.text) if ner is not None else None
        state.spans[index] = find_spans(
            sentence, ref, [(d.start, d.end) for d in dates], generic, proposed, common_words=common
        )
    name_listed_organisations(doc.text, state.sentences, state.spans, ref)
    _context_years(state)
    names.title_entity(state)
    _register_projects_and_agreements(state)
    names.bare_heads(state)
    _type_names(state)
    _relexicalise(state)
    names.resolve_anaphors(state)
    _assign_iris(state)
    names.resolve_definite_references(state)
    relations.extract_relations(state)
    drop_credits(state)
    _mentions(state)
    # One fact per triple and sentence: where two patterns read it, the more confident one stays.
    best: dict[tuple[str, str, str, int, int], Fact] = {}
    for fact in state.facts:
        key = (fact.subject, fact.predicate, fact.object, fact.evidence.start, fact.evidence.end)
        if key not in best or fact.evidence.confidence > best[key].evidence.confidence:
            best[key] = fact
    facts = [best[key] for key in sorted(best)]
    return Extraction(
        document=doc,
        entities=tuple(sorted(state.entities.values(), key=lambda e: e.iri)),
        mentions=tuple(state.mentions),
        facts=tuple(facts),
        merges=tuple(sorted(state.merges)),
    )
