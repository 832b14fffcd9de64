"""Persons a sentence names: a first name from the reference lists and surnames after it, or an unknown
name that its context shows to be a person's ("Ngozi Okafor, projektledare", "säger Ngozi Okafor")."""

from __future__ import annotations

import re

from kg.extraction.reference import Reference, roles
from kg.extraction.span import CAP as _CAP
from kg.extraction.span import MONTH_NAMES as _MONTHS
from kg.extraction.span import NAME_WORD as _NAME_WORD
from kg.extraction.span import Span
from kg.extraction.span import free as _free
from kg.extraction.text import Sentence, tokens

__all__ = ["find_persons", "find_context_persons"]


# Definite nouns that end the names of bodies and buildings ("Akademiska Barnsjukhuset"), never a surname.
_BODY_ENDINGS = (
    "sjukhuset", "institutet", "verket", "förbundet", "universitetet", "akademin", "centret", "centrumet",
    "rådet", "huset", "kontoret", "bolaget", "föreningen", "nämnden", "styrelsen", "kliniken", "skolan",
    "museet", "biblioteket", "teatern",
)  # fmt: skip


def _is_surname(word: str, ref: Reference, after: str = "") -> bool:
    """`after`, when given, is the text after a first surname: a place's name may be one ("Ann Lund"),
    unless it names a body with the word after it ("Per Lund kommun" is a list, not a person)."""
    return (
        bool(_NAME_WORD.match(word))
        and not word.casefold().endswith(_BODY_ENDINGS)
        and word not in ref.not_person_words
        and word.casefold() not in _MONTHS
        and (word not in ref.place_labels or (bool(after) and not _BODY_AFTER_PLACE.match(after)))
    )


_BODY_AFTER_PLACE = re.compile(r"\s+(?:kommun|stad|län|universitet|högskola|[a-zåäö]*kommuns?)\b|[:-]")


def _first_name(word: str, ref: Reference) -> bool:
    """A first name, also a double one ("Lena-Kajsa", "Anna-Karin")."""
    parts = word.split("-")
    return word in ref.first_names or (len(parts) == 2 and all(p in ref.name_parts for p in parts))


def _not_a_surname(word: str, common: frozenset[str]) -> bool:
    """A capitalised word after a name that is no second surname: a role ("Sidansvarig"), a word the
    document also writes in lower case ("Läs"), a genitive heading the next phrase ("Kommunstyrelsens")."""
    low = word.casefold()
    return low in common or bool(roles().fullmatch(low)) or low.endswith("ens") or low.endswith("ets")


def _starts_name(words: list[tuple[int, int, str]], j: int, text: str, base: int) -> bool:
    """Whether the first name at `j`, after a surname, begins the next name rather than ending this
    one: only a comma, bracket, dash or a word in lower case right after it makes it a second surname
    ("Maria Svensson Hallberg – Region X", "… Hallberg säger", but "Anna Berg Helena Ek")."""
    rest = text[words[j][1] - base : words[j][1] - base + 3]
    return not (rest.lstrip(" ").startswith((",", ";", "(", ")", "–", "-")) or re.match(r" [a-zåäö]", rest))


_PARTICLES = frozenset({"von", "af", "van", "de", "da", "di", "du", "le", "la"})
_INITIALS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZÄÖ")  # not "I", "O" or "Å", which are words


def _middle_initial(words: list[tuple[int, int, str]], i: int, sentence: Sentence, ref: Reference) -> int:
    """1 when the first name at `i` is followed by a middle initial and a surname ("Elaine E Lindblom",
    "Per E. Ek"), else 0."""
    if i + 2 >= len(words) or len(words[i + 1][2]) != 1 or words[i + 1][2] not in _INITIALS:
        return 0
    text, base = sentence.text, sentence.start
    first_gap = text[words[i][1] - base : words[i + 1][0] - base]
    second_gap = text[words[i + 1][1] - base : words[i + 2][0] - base]
    return int(first_gap == " " and second_gap in (" ", ". ") and _is_surname(words[i + 2][2], ref))


def find_persons(sentence: Sentence, ref: Reference, spans: list[Span], common: frozenset[str] = frozenset()) -> None:
    # A hyphen before a space ends a name, not a compound: "Elaine Lindblom- Karlskoga folkhögskola".
    words = [
        (a, b - 1, w[:-1])
        if w.endswith("-") and sentence.text[b - sentence.start : b - sentence.start + 1] == " "
        else (a, b, w)
        for a, b, w in tokens(sentence.text, sentence.start)
    ]
    i = 0
    while i < len(words):
        start, _, word = words[i]
        if not _first_name(word, ref):
            i += 1
            continue
        if not _free(spans, start, words[i][1]):
            i += 1
            continue
        j = i + 1 + _middle_initial(words, i, sentence, ref)
        if j + 1 < len(words) and words[j][2] in _PARTICLES and _is_surname(words[j + 1][2], ref):
            j += 1  # "Torbjörn von Schantz", "Carl af Ugglas"
        surnames: list[tuple[int, int, str]] = []
        while j < len(words) and len(surnames) < 2:
            s_start, s_end, s_word = words[j]
            gap = sentence.text[words[j - 1][1] - sentence.start : s_start - sentence.start]
            if j == i + 2 and not surnames and words[i + 1][2] not in _PARTICLES:
                gap = gap.lstrip(".")  # after a middle initial "E."
            # (Only the first surname may be a place's name; the text after it is never empty then.)
            following = (
                sentence.text[s_end - sentence.start : s_end - sentence.start + 14] + " " if not surnames else ""
            )
            if gap.strip() or not _free(spans, s_start, s_end) or not _is_surname(s_word, ref, following):
                break
            # A first name after a surname starts the next person of a list without commas;
            # a second surname is a real word of three letters or more ("Vt 2013" is no name).
            after = sentence.text[s_end - sentence.start : s_end - sentence.start + 2]
            if surnames and (
                (_first_name(s_word, ref) and _starts_name(words, j, sentence.text, sentence.start))
                or (s_word.endswith("s") and after[:1] == " " and after[1:].islower())  # "Sydnärkes utbildningsförbund"
                or len(s_word) < 4
                or _not_a_surname(s_word, common)
            ):
                break
            surnames.append(words[j])
            j += 1
            if sentence.text[words[j - 1][1] - sentence.start : words[j - 1][1] - sentence.start + 1] in (",", "."):
                break
        if surnames:
            end = surnames[-1][1]
            surface = sentence.text[start - sentence.start : end - sentence.start]
            label = " ".join(surface.split())
            spans.append(Span(start, end, "person", surface, "Person", None, label))
            i = j
        else:
            i += 1


_CONTEXT_NAME = re.compile(rf"(?<![\w-])({_CAP}) ({_CAP})(?: ({_CAP}))?(?![\w-])")


_SPEAKING = r"(?:säger|sa|sade|berättar|berättade|förklarar|förklarade|menar|enligt|skriver|konstaterar)"


def find_context_persons(sentence: Sentence, ref: Reference, spans: list[Span], common: frozenset[str]) -> None:
    """Names whose first name the lexicon lacks, found by their context: a role or an organisation
    right after ("Ngozi Okafor, projektledare"), a role or a verb of saying right before."""
    role = roles().pattern
    before_cue = re.compile(rf"(?:\b{_SPEAKING}|\b(?:{role}))\s+$", re.IGNORECASE)
    after_role = re.compile(rf"(?:\s*\((?:S|M|C|V|L|KD|MP|SD)\))?,\s*(?:{role})\b", re.IGNORECASE)
    for m in _CONTEXT_NAME.finditer(sentence.text):
        start, end = sentence.start + m.start(), sentence.start + m.end()
        if not _free(spans, start, end):
            continue
        words = [w for w in m.groups() if w]
        if len(words) == 3 and roles().fullmatch(words[0]):
            # "Rektor Kåre Bremer" at the start of a line: the role is not part of the name.
            start += len(words[0]) + 1
            words = words[1:]
        if any(
            w in ref.not_person_words
            or w.casefold() in _MONTHS
            or w in ref.place_labels
            or w.casefold() in common
            or w.casefold().endswith(_BODY_ENDINGS)
            for w in words
        ):
            continue
        after = sentence.text[m.end() :]
        # "… samarbetar med Paper Province, Högskolan Dalarna": a name inside a list of organisations is one.
        in_list = re.search(r"(?:\b(?:med|mellan|av)|,)\s*$", sentence.text[: m.start()]) is not None
        org_after = (
            after.startswith(",") and not in_list and any(s.kind == "org" and 0 < s.start - end <= 3 for s in spans)
        )
        if before_cue.search(sentence.text[max(0, m.start() - 60) : m.start()]) or after_role.match(after) or org_after:
            label = " ".join(words)
            surface = sentence.text[start - sentence.start : end - sentence.start]
            spans.append(Span(start, end, "person", surface, "Person", None, label, "context"))
