"""Find the named things of one sentence: organisations, places, persons, projects, agreements,
arenas and abbreviations, as spans with offsets into the document text."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.extraction.definitions import find_arena_names, find_definitions
from kg.extraction.ner import NerSpan
from kg.extraction.organisations import find_listed_orgs, find_organisations
from kg.extraction.persons import find_context_persons, find_persons
from kg.extraction.reference import Reference, roles, strip_genitive, word_list
from kg.extraction.role_orgs import find_role_orgs
from kg.extraction.span import CAP as _CAP
from kg.extraction.span import LOW as _LOW
from kg.extraction.span import MONTH_NAMES as _MONTHS
from kg.extraction.span import UP as _UP
from kg.extraction.span import Span
from kg.extraction.span import free as _free
from kg.extraction.text import Sentence, tokens

__all__ = ["Span", "find_spans"]


# Projects, agreements and arenas named by a cue word.
_PROJECT_SUFFIX = re.compile(rf"\b([{_UP}0-9][\w]*(?:-[{_UP}0-9]\w*)*)-projekte(?:t|ts)\b")
_PROJECT_CUE = re.compile(
    r"(?<![\w-])(?:[Pp]rojekt(?:et)?|[Ll]ärprojekt(?:et)?|[Pp]ilotprojekt(?:et)?|[Ss]amarbetsprojekt(?:et)?"
    r"|[Uu]tvecklingsprojekt(?:et)?|[Ff]orskningsprojekt(?:et)?|[Dd]elprojekt(?:et)?|[Ff]örstudien"
    r"|[Ss]atsningen|[Ii]nnovationsprojekt(?:et)?|EU-projekt(?:et)?|[Kk]ompetenscent(?:rum|rumet|ret)"
    r"|[Ff]orskningsprogram(?:met)?|[Ii]nnovationsprogram(?:met)?)\s+"
)
_PROJECT_BEFORE_CUE = re.compile(
    rf"(?<![\w-])([{_UP}0-9][\w]*(?:-[{_UP}0-9]\w*)*(?: [{_UP}][\w]+)?)[.,:]? (?:Ett|är ett) (?:[a-zåäö]+ )?"
    r"(?:[\w-]*projekt)\b"
)
_AGREEMENT_HEAD = re.compile(
    rf"\b((?:[{_UP}][{_LOW}]*(?:kontrakt|avtal|överenskommelse|avsiktsförklaring|partnerskap|pakt|konvention)"
    r"|Kontrakt|Avtal|Överenskommelse|Avsiktsförklaring|Partnerskap|Pakt|Konvention)(?:et|en|n)?)\b"
)
_ARENA_NOUNS = (
    "mötesplats",
    "arena",
    "plattform",
    "samverkansplattform",
    "seminarieserie",
    "forum",
    "nätverk",
    "mötesplatsen",
    "arenan",
    "plattformen",
    "samverkansplattformen",
    "seminarieserien",
    "forumet",
)
_ARENA_CUE = re.compile(r"\b(?:" + "|".join(_ARENA_NOUNS) + r")\b", re.IGNORECASE)
_NAMED_PHRASE = re.compile(rf"\b({_CAP}(?: (?:på|i|för|och|av|om|mot|vid|till) (?:[{_LOW}]+ )?{_CAP}| {_CAP}){{1,4}})")
_ABBREVIATION = re.compile(rf"(?:,\s*|\s\()([{_UP}][{_UP}0-9&-]{{1,7}})(?=\)|[.,;:\s]|$)")


_LOCATIVE = frozenset({"i", "på", "till", "från", "vid", "in", "mot", "nära", "campus", "utanför"})


# A place line; minutes flattened by a transcript keep "Plats och tid Borås, kl" without its colon.
_PLACE_FIELD = re.compile(r"^\s*(?:\d+\s+)?(?:(?:[Pp]lats|[Oo]rt|[Ll]okal|[Vv]ar)\s*:|[Pp]lats och tid\b:?)")
# "Mötet hölls på stiftelsens kansli, World Trade Center, Stockholm.": every place of the sentence is one.
_HELD_AT = re.compile(r"\b(?:Mötet|Sammanträdet|Träffen|Konferensen|Seminariet) (?:hölls|genomfördes|ägde rum)\b")
_PLACE_FIELD_REACH = 40  # characters after the field's word that may name its place


def _find_places(sentence: Sentence, ref: Reference, spans: list[Span], dates: list[tuple[int, int]]) -> None:
    words = list(tokens(sentence.text, sentence.start))
    field = _PLACE_FIELD.match(sentence.text)
    reach = sentence.start + field.end() + _PLACE_FIELD_REACH if field else -1
    held = _HELD_AT.search(sentence.text)
    if held:  # (its places come after it)
        reach = sentence.start + len(sentence.text)
    for index, (start, end, word) in enumerate(words):
        iri = ref.place_labels.get(word)
        if iri is None or not _free(spans, start, end):
            continue
        previous = words[index - 1][2] if index else ""
        after_date = any(0 <= start - d_end <= 2 for _, d_end in dates)
        if (
            previous.casefold() in _LOCATIVE
            or after_date
            or (start < reach and not (held and start < sentence.start + held.start()))
        ):
            entity = ref.entities[iri]
            spans.append(Span(start, end, "place", word, "Place", iri, entity.label))


_FUNCTION_WORDS = frozenset({"i", "på", "för", "och", "av", "om", "med", "mellan", "kring", "till", "mot"})


def _title_stop_words() -> frozenset[str]:
    return frozenset(word_list("title-stop-words.txt"))


def _title_after(text: str, pos: int, taken: Callable[[int, int], bool] = lambda a, b: False) -> tuple[int, int] | None:
    """The extent of a title starting at `pos`: a capitalised word, then lower-case words."""
    m = re.match(rf"[{_UP}0-9][\w-]*", text[pos:])
    if not m:
        return None
    words = [(pos, pos + m.end())]
    cursor = pos + m.end()
    while len(words) < 10:
        w = re.match(r" ([^\s,.;:!?()]+)", text[cursor:])
        if not w:
            break
        word = w.group(1)
        previous = text[words[-1][0] : words[-1][1]]
        so_far = text[pos:cursor].split()
        capital_run = word[0].isupper() and all(w[0].isupper() and not w.isupper() for w in so_far)
        if len(so_far) == 1 and word in _FUNCTION_WORDS and any(c.isupper() for c in previous[1:]):
            break  # "projektet EUniverCities i Europa": a coined name is one word; the place is not in it
        if not (
            (word[0].islower() and word not in _title_stop_words())
            or (word[0].isupper() and (previous in _FUNCTION_WORDS or capital_run))
        ) or taken(cursor + 1, cursor + w.end()):
            break
        words.append((cursor + 1, cursor + w.end()))
        cursor += w.end()
        if word[0].isupper() and previous in _FUNCTION_WORDS and not capital_run:
            year = re.match(r" ((?:19|20)\d\d)(?![\w-])", text[cursor:])
            if year and not taken(cursor + 1, cursor + year.end()):
                words.append((cursor + 1, cursor + year.end()))  # "Campus i Småland 2030": a year ends it
            break  # "Trygg hemma i Dalarna": a sentence-case title ends at its place name
    while len(words) > 1 and text[words[-1][0] : words[-1][1]] in _FUNCTION_WORDS:
        words.pop()
    return pos, words[-1][1]


_TITLE_WITH_ABBREVIATION = re.compile(rf"((?: [{_UP}][\w-]*){{1,3}})\s*\(([{_UP}]{{2,8}})\)")


def _initials(title: str) -> str:
    return "".join(w[0].upper() for w in title.split() if w not in _FUNCTION_WORDS)


def _find_projects(sentence: Sentence, spans: list[Span], stop_words: frozenset[str] = frozenset()) -> None:
    text, base = sentence.text, sentence.start
    for m in _PROJECT_SUFFIX.finditer(text):
        start, end = base + m.start(), base + m.end()
        if _free(spans, start, end):
            spans.append(Span(start, end, "project", m.group(), "Project", None, m.group(1), "project suffix"))
    for m in _PROJECT_CUE.finditer(text):
        extent = _title_after(text, m.end(), lambda a, b: not _free(spans, base + a, base + b))
        if extent is None:
            continue
        t_start, t_end = extent
        title = text[t_start:t_end]
        if title.split()[0].casefold() in _MONTHS or title[0].isdigit() and len(title) < 4:
            continue
        if title.casefold().startswith("projekt") or roles().fullmatch(title.split()[0].casefold()):
            continue
        # "forskningsprojektet Robust livsmedelskedja Skåne (RLS)": the abbreviation confirms a longer title.
        longer = _TITLE_WITH_ABBREVIATION.match(text[t_end:])
        if longer and _initials(title + longer.group(1)) == longer.group(2).upper():
            t_end += len(longer.group(1))
            title = text[t_start:t_end]
        start, end = base + m.start(), base + t_end
        if _free(spans, base + t_start, end):
            spans.append(Span(start, end, "project", text[m.start() : t_end], "Project", None, title, "project cue"))
    for m in _PROJECT_BEFORE_CUE.finditer(text):
        start, end = base + m.start(1), base + m.end(1)
        name = m.group(1)
        if name.isdigit() or name.split()[0] in stop_words:
            continue  # "… miljöer 2020 är ett treårigt strukturfondsprojekt": a year is not the name
        if _free(spans, start, end) and (len(name) > 3 or name.isupper()):
            spans.append(Span(start, end, "project", name, "Project", None, name, "project name"))


# "ett tidigare samverkansavtal, kallat Lyskraft", "ett mentorprojekt kallat LuMink akademin": a kind, then its name.
_CALLED = re.compile(
    rf"\b(?i:[a-zåäö-]*(?P<kind>avtal|överenskommelse|partnerskap|projekt|nätverk|forum|plattform|mötesplats))(?:et|en)?,?"
    rf" (?:kallat|kallad|kallas|som kallas|som heter|med namnet) (?P<name>[{_UP}][\w-]*(?: [{_UP}]?[\w-]+){{0,3}}?)"
    rf"(?=[,.;:)]|\s+(?:där|som|och|med|för|i|är|var|löpte|har|hade)\b|$)"
)
_CALLED_KIND = {"avtal": "agreement", "överenskommelse": "agreement", "partnerskap": "agreement", "projekt": "project"}


def _find_called(sentence: Sentence, spans: list[Span]) -> None:
    """A name introduced by its kind and "kallat": an agreement, a project or an arena."""
    for m in _CALLED.finditer(sentence.text):
        start, end = sentence.start + m.start("name"), sentence.start + m.end("name")
        if not _free(spans, start, end):
            continue
        name, kind = m.group("name"), _CALLED_KIND.get(m.group("kind").casefold())
        if kind == "agreement":
            spans.append(Span(start, end, "agreement", name, "Agreement", None, name, "called"))
        elif kind == "project":
            spans.append(Span(start, end, "project", name, "Project", None, name, "called"))
        else:
            spans.append(Span(start, end, "name", name, "", None, name, "called", {"defined": "arena"}))


def _find_agreements(sentence: Sentence, spans: list[Span], generic: frozenset[str]) -> None:
    for m in _AGREEMENT_HEAD.finditer(sentence.text):
        word = m.group(1)
        # A common noun is a name only where Swedish would not capitalise it: inside a sentence
        # ("Det här är Överenskommelsen").
        inside = m.start(1) > 0 and sentence.text[: m.start(1)].rstrip()[-1:] not in ".:!?–-"
        if (word.casefold() in generic or word.casefold().rstrip("etn") in generic) and not inside:
            continue
        start, end = sentence.start + m.start(1), sentence.start + m.end(1)
        if _free(spans, start, end):
            spans.append(Span(start, end, "agreement", word, "Agreement", None, word, "agreement name"))


def _find_abbreviations(sentence: Sentence, spans: list[Span]) -> None:
    """Long form and short form defined together: "Akademin för ekonomistyrning i staten, AES"."""
    text, base = sentence.text, sentence.start
    for m in _ABBREVIATION.finditer(text):
        short = m.group(1).replace("-", "").replace("&", "")
        head = text[: m.start()]
        words = head.split()
        if len(short) < 2 or len(words) < len(short):
            continue
        # Walk back from the short form: the long form's words must begin with its letters, in order.
        letters = list(short.casefold())
        taken = 0
        for word in reversed(words):
            taken += 1
            if letters and word[0].casefold() == letters[-1]:
                letters.pop()
                if not letters:
                    break
            elif taken > 2 * len(short) + 2:
                break
        if letters:
            continue
        if not words[-taken][0].isupper():
            # "Forum för regional utveckling, FRU": the first letter may belong to an earlier, capitalised word.
            initial = words[-taken][0].casefold()
            for extra in range(1, 4):
                if taken + extra <= len(words) and words[-taken - extra][0].isupper():
                    if words[-taken - extra][0].casefold() == initial:
                        taken += extra
                    break
        long_words = words[-taken:]
        if not long_words[0][0].isupper():
            continue
        long_form = " ".join(long_words)
        l_start = base + head.rfind(long_form) if long_form in head else None
        if l_start is None:
            continue
        l_end = l_start + len(long_form)
        s_start = base + m.start(1)
        s_end = s_start + len(m.group(1))
        if not _free([s for s in spans if s.kind not in ("project",)], l_start, l_end):
            continue
        spans.append(Span(l_start, l_end, "name", long_form, "", None, long_form, "long form", {"abbr": m.group(1)}))
        spans.append(Span(s_start, s_end, "abbr", m.group(1), "", None, long_form, "abbreviation"))


def _find_named_phrases(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    """Capitalised multi-word names ("Forskarna på Slottet"): typed later by a cue, or dropped."""
    for m in _NAMED_PHRASE.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        words = m.group().split()
        if words[0] in ref.first_names or words[0] in ref.stop_words:
            continue
        if _free(spans, start, end):
            spans.append(Span(start, end, "name", m.group(), "", None, m.group(), "name"))


def _add_model_spans(sentence: Sentence, ref: Reference, spans: list[Span], proposed: list[NerSpan]) -> None:
    """Spans a statistical model proposed, where the rules found nothing at that place."""
    for item in proposed:
        start, end = sentence.start + item.start, sentence.start + item.end
        surface = sentence.text[item.start : item.end]
        label = " ".join(surface.split())
        if not label or not _free(spans, start, end) or not label[0].isupper():
            continue
        if item.kind == "person" and len(label.split()) >= 2 and label.split()[0] not in ref.stop_words:
            spans.append(Span(start, end, "person", surface, "Person", None, label, "model"))
        elif item.kind == "org":
            hit = ref.org(label)
            if hit is not None:
                entity = ref.entities[hit[0]]
                spans.append(Span(start, end, "org", surface, entity.cls, entity.iri, entity.label, hit[1]))
            else:
                spans.append(Span(start, end, "org", surface, "Organisation", None, label, "model"))


def find_spans(
    sentence: Sentence,
    ref: Reference,
    dates: list[tuple[int, int]],
    generic_agreements: frozenset[str],
    proposed: list[NerSpan] | None = None,
    common_words: frozenset[str] = frozenset(),
) -> list[Span]:
    """All spans of one sentence, longest and most certain kinds first; spans never overlap.

    `proposed` are spans of a statistical model (offsets in the sentence), added after the rules.
    """
    spans: list[Span] = []
    find_organisations(sentence, ref, spans)
    find_persons(sentence, ref, spans, common_words)
    find_listed_orgs(sentence, ref, spans)
    _find_called(sentence, spans)
    _find_projects(sentence, spans, ref.stop_words)
    _find_abbreviations(sentence, spans)
    _find_agreements(sentence, spans, generic_agreements)
    _find_places(sentence, ref, spans, dates)
    find_context_persons(sentence, ref, spans, common_words)
    find_role_orgs(sentence, ref, spans, common_words)
    find_definitions(sentence, ref, spans)
    find_arena_names(sentence, ref, spans)
    if proposed:
        _add_model_spans(sentence, ref, spans, proposed)
    _find_named_phrases(sentence, ref, spans)
    spans.sort(key=lambda s: s.start)
    return spans


def is_arena_cue(text: str) -> bool:
    """Does `text` call something a meeting place, arena, platform, forum or seminar series?"""
    return bool(_ARENA_CUE.search(text))


__all__ += ["is_arena_cue", "strip_genitive"]
