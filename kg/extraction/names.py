"""Names a document gives in short: a bare head noun ("Kommunförbundet"), a page's title standing for its
project or arena, "högskolan" for the institution just named, "projektet" for the salient project."""

from __future__ import annotations

import re

from kg.extraction.span import Span, free
from kg.extraction.state import DocState

__all__ = ["bare_heads", "title_entity", "resolve_anaphors", "resolve_definite_references"]


_ANAPHORS = {
    "högskolan": "HigherEducationInstitution",
    "högskolans": "HigherEducationInstitution",
    "universitetet": "HigherEducationInstitution",
    "universitetets": "HigherEducationInstitution",
    "lärosätet": "HigherEducationInstitution",
    "lärosätets": "HigherEducationInstitution",
}


_BARE_HEAD = re.compile(
    r"\b(Länsstyrelsen|Landstinget|Kommunförbundet|Regionförbundet|Högskolan|Universitetet)\b"
    r"(?!\s+(?:i\s|på\s|[A-ZÅÄÖ]))"
)


def bare_heads(state: DocState) -> None:
    """ "Länsstyrelsen", "Kommunförbundet" with no name after them: the one body of that kind the document
    names in full ("Kommunförbundet Västernorrland"); for the county board, else that of the one region."""
    named = {s.label: s for spans in state.spans.values() for s in spans if s.kind == "org"}
    resolved: dict[str, Span] = {}
    for head in ("Länsstyrelsen", "Landstinget", "Kommunförbundet", "Regionförbundet"):
        bodies = [s for label, s in named.items() if label.startswith(head + " ")]
        if len(bodies) == 1:
            resolved[head] = bodies[0]
    # "Deltagare från Högskolan: …" on a page that names one higher-education institution.
    institutions = {s.iri or s.label: s for s in named.values() if s.cls == "HigherEducationInstitution"}
    if len(institutions) == 1:
        resolved["Högskolan"] = resolved["Universitetet"] = next(iter(institutions.values()))
    regions = [s for s in named.values() if s.cls == "Region"]
    if "Länsstyrelsen" not in resolved and len(regions) == 1:
        county = regions[0].label.removeprefix("Region ").removesuffix(" län")
        stem = county[:-1] if county.endswith("s") else county
        names = (f"Länsstyrelsen i {county} län", f"Länsstyrelsen i {stem}s län", f"Länsstyrelsen {county}")
        hit = next((h for h in (state.ref.org(n) for n in names) if h is not None), None)
        if hit is not None:
            entity = state.ref.entities[hit[0]]
            resolved["Länsstyrelsen"] = Span(0, 0, "org", entity.label, entity.cls, entity.iri, entity.label, hit[1])
    for index, sentence in enumerate(state.sentences):
        spans = state.spans[index]
        for m in _BARE_HEAD.finditer(sentence.text):
            full = resolved.get(m.group(1))
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if full is None:
                continue
            # The head alone, found by its ending as a body of its own, gives way to the full name.
            spans[:] = [x for x in spans if not (x.start == start and x.end == end and x.iri is None)]
            if not free(spans, start, end):
                continue
            spans.append(Span(start, end, "org", m.group(), full.cls, full.iri, full.label, "bare name"))
            if full.iri is not None:
                state.add_entity(full.iri, full.cls, full.label, (m.group(),))
        spans.sort(key=lambda s: s.start)


# Labelled lines of a project page ("Koordinator …", "Projektets löptid …", "Bidrag från Vinnova …").
_PROJECT_FIELD = re.compile(
    r"(?im)^\s*(?:koordinator|projektkoordinator|projektledare|projektägare|projektperiod|projekttid"
    r"|projektets löptid|löptid|huvudfinansiär|startdatum|slutdatum"
    r"|finansiär(?:er)?|bidrag från|beviljat belopp|diarienummer|utlysning|projektbudget|total projektbudget"
    r"|projektpartners?|projektnamn|fullständigt projektnamn|tidsperiod|samarbetspartners?"
    r"|finansiering|projektansvarig|forskningsprojekt|deltagare)\b"
)


_THE_PROJECT = re.compile(r"\b[Pp]rojekt(?:et|ets)\b")


_ARENA_TITLE = re.compile(r"(?i)(?:forum|nätverk|nätverket|mötesplats|plattform|arena|seminarieserie|samtalsserie)\b")


def title_entity(state: DocState) -> None:
    """A page about one project or arena is often titled by its name alone: "Regionalt forum" heading a
    page that describes the forum, "Kommunhandledare som forskningsmediator" above a project's fields."""
    title = " ".join(state.doc.title.split())
    words = title.split()
    text = state.doc.text
    fields = len(_PROJECT_FIELD.findall(text))
    # A project's full title may be long ("Perspektiv på tillgänglighet – Relationen mellan …") when the
    # page is laid out in a project's fields; other titles of more than eight words are sentences.
    longest = 14 if fields >= 2 else 8
    if not (1 <= len(words) <= longest) or not title[:1].isupper() or state.ref.org(title) is not None:
        return
    if title.split()[0] in state.ref.stop_words or title in state.ref.place_labels:
        return
    # A name that recurs on a page that speaks of "projektet" names the page's project.
    recurring_name = (
        len(words) <= 4
        and not title.isupper()
        and all(w[:1].isupper() for w in words)
        and text.count(title) >= 3
        and len(_THE_PROJECT.findall(text)) >= 2
    )
    extra: dict[str, str] = {}
    if fields >= 2 or recurring_name:
        kind = "project"
    elif _ARENA_TITLE.search(title) and state.doc.text.count(title) >= 2:
        kind, extra = "name", {"defined": "arena"}
    else:
        return
    for index, sentence in enumerate(state.sentences):
        spans = state.spans[index]
        for m in re.finditer(re.escape(title), sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            # A shorter name or project found inside the title ("Dalarna" of "Trygga skolvägar Dalarna") gives way.
            spans[:] = [
                s
                for s in spans
                if not (
                    s.start < end
                    and start < s.end
                    and (s.kind == "name" or s.kind == "project" and start <= s.start and s.end <= end)
                )
            ]
            if not any(s.start < end and start < s.end for s in spans):
                cls = "Project" if kind == "project" else ""
                spans.append(Span(start, end, kind, title, cls, None, title, "title", dict(extra)))
        spans.sort(key=lambda s: s.start)


def resolve_anaphors(state: DocState) -> None:
    """ "högskolan" is the institution named last in this or the two sentences before, if any."""
    word = re.compile(r"\b(" + "|".join(_ANAPHORS) + r")\b")
    for index, sentence in enumerate(state.sentences):
        for m in word.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            if any(s.start < end and start < s.end for s in state.spans[index]):
                continue
            target: Span | None = None
            for back in range(index, max(-1, index - 3), -1):
                candidates = [
                    s
                    for s in state.spans[back]
                    if s.kind == "org" and s.cls == _ANAPHORS[m.group(1)] and (back < index or s.end <= start)
                ]
                if candidates:
                    target = candidates[-1]
                    break
            if target is not None:
                span = Span(start, end, "org", m.group(), target.cls, target.iri, target.label, "anaphor")
                state.spans[index].append(span)
                state.spans[index].sort(key=lambda s: s.start)


_DEFINITE = {
    "project": re.compile(r"(?<![\w-])(?:[Pp]rojekte(?:t|ts)|[Ss]atsninge(?:n|ns))(?![\w-])"),
    "arena": re.compile(
        r"(?<![\w-])(?:[Nn]ätverke(?:t|ts)|[Ff]orume(?:t|ts)|[Mm]ötesplatsens?|[Aa]renans?|[Pp]lattformens?"
        r"|[Ss]eminarieseriens?|[Ss]eriens?|[Pp]artnerskapets?|[\w]*[Ll]abbets?|[Cc]entrume(?:t|ts))(?![\w-])"
    ),
}


_PRONOUN = re.compile(r"^(?:Hon|Han)\b")


def resolve_definite_references(state: DocState) -> None:
    """ "projektet", "nätverket" name the project or arena named last before them in the document;
    "Hon"/"Han" opening a sentence is the person named last in the sentence before."""
    # The most salient project or arena so far: named most often, and on a tie named last. A
    # project named once in passing ("bygger vidare på förstudien X") does not take "projektet".
    seen: dict[str, dict[str, tuple[int, int, Span]]] = {"project": {}, "arena": {}}
    last_seen: dict[str, tuple[int, Span]] = {}

    def salient(kind: str) -> Span | None:
        if not seen[kind]:
            return None
        return max(seen[kind].values(), key=lambda t: (t[0], t[1]))[2]

    for index, sentence in enumerate(state.sentences):
        spans = state.spans[index]
        added: list[Span] = []
        for kind, pattern in _DEFINITE.items():
            for m in pattern.finditer(sentence.text):
                start, end = sentence.start + m.start(), sentence.start + m.end()
                earlier = [s for s in spans if s.kind == kind and s.iri is not None and s.end <= start]
                recent = last_seen.get(kind)
                target: Span | None
                if earlier:
                    target = earlier[-1]
                elif recent is not None and index - recent[0] <= 2:
                    target = recent[1]  # "Serien leds av …" right after the series was named
                else:
                    target = salient(kind)
                if target is None or any(s.start < end and start < s.end for s in spans):
                    continue
                added.append(Span(start, end, kind, m.group(), target.cls, target.iri, target.label, "definite"))
        pronoun = _PRONOUN.match(sentence.text)
        if pronoun and index and not any(s.kind == "person" for s in spans):
            persons = [s for s in state.spans[index - 1] if s.kind == "person" and s.iri is not None]
            if persons:
                p = persons[-1]
                added.append(
                    Span(
                        sentence.start,
                        sentence.start + pronoun.end(),
                        "person",
                        pronoun.group(),
                        "Person",
                        p.iri,
                        p.label,
                        "pronoun",
                    )
                )
        if added:
            spans.extend(added)
            spans.sort(key=lambda s: s.start)
        for span in spans:
            if span.kind in ("project", "arena") and span.iri is not None:
                count = seen[span.kind].get(span.iri, (0, 0, span))[0]
                seen[span.kind][span.iri] = (count + 1, span.start, span)
                if span.reason != "definite":
                    last_seen[span.kind] = (index, span)
