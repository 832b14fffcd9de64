"""Organisations in a sentence: from the authority lists, by Swedish naming patterns, by a descriptor
("företaget X"), by apposition, named together by their towns, or listed among known ones."""

from __future__ import annotations

import re

from kg.extraction.reference import Reference, roles
from kg.extraction.related_names import find_related_names
from kg.extraction.span import CAP as _CAP
from kg.extraction.span import LOW as _LOW
from kg.extraction.span import UP as _UP
from kg.extraction.span import Span, free
from kg.extraction.text import Sentence, tokens

__all__ = ["find_organisations", "find_listed_orgs"]


# Organisation names by Swedish naming patterns, for bodies missing from the authority lists.
_ORG_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"\b(?:Högskolan|Høgskolen|Høgskulen) (?:i|på) {_CAP}(?:/{_CAP})?"), "HigherEducationInstitution"),
    # "Högskolan Gävle" for "Högskolan i Gävle": a town's name right after "Högskolan" (looked up with "i").
    (re.compile(rf"\bHögskolan {_CAP}(?![\w-])"), "HigherEducationInstitution"),
    # A school of a university named as an actor: "Förvaltningshögskolan", "Handelshögskolan".
    (
        re.compile(rf"\b(?!(?:Folk|Yrkes|Sommar)högskolan)[{_UP}][{_LOW}]+högskolan(?: i {_CAP}(?![\w-]))?"),
        "Organisation",
    ),
    (re.compile(rf"\b{_CAP}s (?:universitet|högskola)s?\b"), "HigherEducationInstitution"),
    (re.compile(rf"\b[{_UP}][{_LOW}]+universitetets?\b"), "HigherEducationInstitution"),
    (re.compile(rf"\b{_CAP}s? (?:kommun|stad)s?\b"), "Municipality"),
    (re.compile(rf"\bRegion {_CAP}\b"), "Region"),
    (re.compile(rf"\bLänsstyrelsen (?:i )?{_CAP}(?: län)?"), "CountyAdministrativeBoard"),
    (re.compile(rf"\bLandstinget (?:i )?{_CAP}(?: län)?"), "Region"),
    (re.compile(rf"\bRegionförbundet (?:i )?{_CAP}(?: län)?"), "Organisation"),
    (re.compile(rf"\b[{_UP}][{_LOW}]+(?:verket|myndigheten|inspektionen|nämnden)s?\b"), "GovernmentAgency"),
    (re.compile(rf"\b[{_UP}][{_LOW}]+departementets?\b"), "GovernmentAgency"),
    (re.compile(rf"\b(?:{_CAP}|[{_UP}]+)(?: (?:{_CAP}|[{_UP}]+|of|for|and|&)){{0,5}} ?AB\b"), "Company"),
    (re.compile(rf"\bCampus {_CAP}(?![\w-]| [{_UP}])"), "Organisation"),
    (
        re.compile(rf"\b{_CAP} (?:[Uu]niversitetssjukhus(?:et)?|[Ss]jukhuset|[Ll]asarettet|Sjukhus|Lasarett)\b"),
        "Organisation",
    ),
    (re.compile(rf"\bStiftelsen(?: {_CAP}){{1,3}}"), "Organisation"),
    (re.compile(rf"\b{_CAP}s? [Ff]olkhögskola\b"), "Organisation"),
    (re.compile(rf"\b{_CAP} Stiftelsens?\b"), "Organisation"),
    (re.compile(rf"\b{_CAP}s? kommunalförbund\b"), "Organisation"),
    (re.compile(rf"\b(?:[{_UP}]{{2,6}} )?[{_UP}][{_LOW}]+[{_UP}][\w]*AB\b"), "Company"),
    # A unit named with its host: "Kompetensforum vid Uppsala universitet".
    (
        re.compile(
            rf"\b[{_UP}][{_LOW}]+(?:forum|centrum|rådet|enheten|institutet|kansliet|sekretariatet)(?= vid [{_UP}])"
        ),
        "Organisation",
    ),
    (re.compile(rf"(?<=[a-zåäö,] )[{_UP}][{_LOW}]+(?:s|-)?(?: och [a-zåäö]+)?enheten\b"), "Organisation"),
    (re.compile(rf"\b[{_UP}][{_LOW}]+(?:förbundet|föreningen)(?: {_CAP}){{0,2}}"), "Association"),
    (re.compile(rf"\b(?:Sveriges|Svenska|Svensk) [{_LOW}-]+(?:förbund|förening|kårer|sällskap)\b"), "Association"),
    # "Norrbottens Kommuner", "Föreningen Norden": an association named as such.
    (re.compile(rf"\b(?!Sveriges)[{_UP}][{_LOW}]+s Kommuner\b"), "Association"),
    (re.compile(rf"\b(?:Föreningen|Förbundet)(?: {_CAP}){{1,3}}"), "Association"),
    (re.compile(rf"\b{_CAP}(?: {_CAP})? Science Park\b"), "Organisation"),
    # "Centrum för kommunstrategiska studier (CKS)": a body's descriptive name, shown a name by its abbreviation.
    (
        re.compile(
            rf"\b(?:Centrum|Centret|Institutet|Rådet|Forum|Sällskapet|Nätverket) för(?: [{_LOW}-]+){{1,4}}(?= \([{_UP}])"
        ),
        "Organisation",
    ),
)
# "branschorganisationen Byggföretagen", "byggföretaget NCC": a common noun before a name types it.
_DESCRIPTOR = re.compile(
    rf"(?<![\w-])(?:(?:bransch|intresse|paraply|medlems)?organisationen|föreningen|(?:[a-zåäö]+)?företaget|bolaget"
    rf"|koncernen|stiftelsen|myndigheten|kommunalförbundet|forskningsinstitutet|institutet|förbundet)"
    rf"\s+((?:[{_UP}][\w&-]*)(?:\s+(?:[{_UP}][\w&-]*|för|och|i))*)"
)
_DESCRIPTOR_CLASS = (
    ("företaget", "Company"),
    ("bolaget", "Company"),
    ("koncernen", "Company"),
    ("myndigheten", "GovernmentAgency"),
    ("organisationen", "Association"),
    ("föreningen", "Association"),
    ("förbundet", "Association"),
)
_GENITIVE_HEAD = re.compile(
    r"(?:universitets|högskolas|universitetets|högskolans|kommuns|stads|verkets|myndighetens|inspektionens"
    r"|nämndens|departementets|förbundets|föreningens|stiftelsens|Stiftelsens)$"
)


def _find_reference_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    words = list(tokens(sentence.text, sentence.start))
    text = sentence.text
    base = sentence.start
    i = 0
    while i < len(words):
        matched = False
        first = words[i][2].casefold()
        # Most words start no organisation's name: skip them without building any n-gram.
        if first not in ref.first_words and first.removesuffix(":s") not in ref.first_words:
            i += 1
            continue
        for n in range(min(ref.max_label_tokens, len(words) - i), 0, -1):
            start, end = words[i][0], words[i + n - 1][1]
            surface = " ".join(w[2] for w in words[i : i + n])
            hit = ref.org(surface)
            if hit is None and n == 1 and surface.endswith(":s"):
                hit = ref.org(surface[:-2])
            if hit is None:
                raw = text[start - base : end - base]
                if raw != surface:
                    hit = ref.org(" ".join(raw.split()))
            # "Sida 2" in a page header is a page, not the agency.
            if (
                hit is not None
                and n == 1
                and i + 1 < len(words)
                and words[i + 1][2].isdigit()
                and not surface.isupper()
                and not (i + 2 < len(words) and (words[i + 2][2].isdigit() or words[i + 2][2].startswith("kr")))
            ):
                hit = None
            # "SKL International", "LiU Innovation": a short form that begins a longer name is not the body itself.
            if (
                hit is not None
                and n == 1
                and len(surface) <= 6
                and i + 1 < len(words)
                and words[i + 1][0] == end + 1
                and words[i + 1][2][:1].isupper()
                and text[words[i + 1][1] - base : words[i + 1][1] - base + 1] != ":"
                and words[i + 1][2].casefold() not in ref.first_words
                and words[i + 1][2] not in ref.stop_words
            ):
                hit = None
            if hit is not None and free(spans, start, end):
                iri, reason = hit
                entity = ref.entities[iri]
                spans.append(Span(start, end, "org", surface, entity.cls, iri, entity.label, reason))
                i += n
                matched = True
                break
        if not matched:
            i += 1


# Capitalised small words that open a sentence before a name: "På Blue Science Park möts …".
_OPENING_WORDS = frozenset({"på", "i", "med", "för", "av", "om", "till", "från", "vid", "hos", "inom", "under", "och"})
_TOWN = rf"[{_UP}][{_LOW}]+(?:-[{_UP}][{_LOW}]+)?"
_TOWNS = rf"{_TOWN}(?:(?:,\s*|,?\s+(?:och|samt)\s+){_TOWN})*(?:,?\s+(?:och|samt)\s+{_TOWN})"
_TOWN_LIST = rf"{_TOWN}(?:(?:,\s*|,?\s+(?:och|samt)\s+){_TOWN})+"  # two or more, joined by commas or "och"
# "kommunerna i Härnösand, Timrå och Sundsvall", "Härnösand, Sundsvall och Timrå kommuner".
_MUNICIPALITY_LISTS = (
    re.compile(rf"(?<![\w-])[Kk]ommunerna (?:i )?({_TOWNS})"),
    # "kommunerna i norra Bohuslän (Strömstad, Tanum och Lysekil)", "Södertörnskommunerna; Botkyrka, Haninge, …"
    re.compile(rf"kommun(?:er|erna)\b(?: [a-zåäö]+(?: [{_UP}][{_LOW}]+)?){{0,3}}\s*[(;]\s*({_TOWN_LIST})"),
    re.compile(rf"\bkommuner(?:na)?(?: [a-zåäö]+){{0,3}}:\s*({_TOWNS})"),
    re.compile(rf"(?<![\w-])({_TOWNS}) kommuner(?:na)?\b"),
)


# "Länsstyrelserna i Blekinge, Jönköping och Södermanland", "regionerna Skåne och Halland".
_COUNTY_LISTS = (
    (re.compile(rf"(?<![\w-])[Ll]änsstyrelserna (?:i )?({_TOWNS})"), ("Länsstyrelsen {}", "Länsstyrelsen {} län")),
    (re.compile(rf"(?<![\w-])[Rr]egionerna (?:i )?({_TOWNS})"), ("Region {}", "Region {} län")),
)


def _find_listed_municipalities(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    """Municipalities named together by their towns, sharing one plural "kommuner"; county boards and
    regions named together by their counties, sharing one plural "länsstyrelserna" or "regionerna"."""
    lists = [(pattern, ("{}s kommun", "{} kommun")) for pattern in _MUNICIPALITY_LISTS] + list(_COUNTY_LISTS)
    for pattern, forms in lists:
        for m in pattern.finditer(sentence.text):
            for town in re.finditer(_TOWN, m.group(1)):
                name = town.group()
                if name in ("och", "samt"):
                    continue
                stem = name[:-1] if name.endswith("s") and name[:-1] in ref.place_labels else name
                hit = ref.org(forms[0].format(stem)) or ref.org(forms[1].format(stem))
                start = sentence.start + m.start(1) + town.start()
                end = start + len(name)
                if hit is None or not free(spans, start, end):
                    continue
                entity = ref.entities[hit[0]]
                spans.append(Span(start, end, "org", name, entity.cls, entity.iri, entity.label, "listed municipality"))


def _find_pattern_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    for pattern, cls in _ORG_PATTERNS:
        for m in pattern.finditer(sentence.text):
            start, end = sentence.start + m.start(), sentence.start + m.end()
            surface = m.group()
            if not free(spans, start, end) or surface.casefold() in ref.not_orgs:
                continue
            opened = sentence.text[: m.start()]
            if cls == "Organisation" and surface.endswith("högskolan") and opened.count("(") > opened.count(")"):
                continue  # "Lunds universitet (medicinska fakulteten och Ekonomihögskolan)": a unit of the one before
            first = surface.split()[0]
            if cls != "HigherEducationInstitution" and first in ref.first_names and " " in surface:
                continue
            if any(w in ref.stop_words for w in surface.split()[1:]):
                continue  # "Länsstyrelsen Postadress", "Landstinget Landstinget": a letterhead's columns
            lead = surface.split()[0]
            if lead.casefold() in _OPENING_WORDS and " " in surface:
                # "På Blue Science Park möts …": a capitalised preposition opens the sentence, not the name.
                start += len(lead) + 1
                surface = surface[len(lead) + 1 :]
            last = surface.split()[-1]
            if last in ref.first_names and re.match(rf"\s[{_UP}][{_LOW}]", sentence.text[m.end() : m.end() + 3]):
                continue  # "… Länsstyrelsen Ingrid Grabö – …": the name of the next person in a list
            label, reason = surface, "label"
            following = sentence.text[m.end() : m.end() + 2]
            campus = surface.startswith("Campus ")
            if campus and surface.endswith("s") and len(following) == 2 and following[1].islower():
                label, reason = surface[:-1], "genitive"  # "Campus Dalslands verksamhet"
            elif _GENITIVE_HEAD.search(surface) or (
                surface.endswith("s") and surface.split()[-1][:-1] in ref.place_labels
            ):
                label, reason = surface[:-1], "genitive"
            hit = ref.org(label)
            town = label.split()[-1]
            if hit is None and label == f"Högskolan {town}":
                if town not in ref.place_labels:
                    continue  # "Högskolan Tillsammans": no town, no name
                hit = ref.org(f"Högskolan i {town}")
                hit = (hit[0], "name without i") if hit is not None else None
            if hit is not None:
                entity = ref.entities[hit[0]]
                spans.append(Span(start, end, "org", surface, entity.cls, entity.iri, entity.label, hit[1]))
            else:
                spans.append(Span(start, end, "org", surface, cls, None, label, reason))


# "en regional samverkansorganisation, FoU Skola, som …", "nämns Carpe som en enhet".
_APPOSED_ORG = re.compile(
    rf"(?:organisation|förening|enhet|stiftelse|myndighet|verksamhet)(?:en|et)?,\s+"
    rf"((?:[{_UP}][\w&-]*)(?: [{_UP}][\w&-]*){{0,3}}),"
    rf"|(?<![\w-])([{_UP}][{_LOW}]+) som en (?:enhet|organisation|förening|myndighet|verksamhet)\b"
)


def _find_apposed_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    for m in _APPOSED_ORG.finditer(sentence.text):
        group = 1 if m.group(1) else 2
        name = m.group(group)
        start = sentence.start + m.start(group)
        end = start + len(name)
        if free(spans, start, end) and name.split()[0] not in ref.stop_words and name not in ref.first_names:
            spans.append(Span(start, end, "org", name, "Organisation", None, name, "apposition"))


def _find_described_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    for m in _DESCRIPTOR.finditer(sentence.text):
        words = m.group(1).split()
        while words and words[-1] in ("för", "och", "i"):
            words.pop()
        name = " ".join(words)
        start = sentence.start + m.start(1)
        end = start + len(name)
        if not name or not free(spans, start, end) or name.casefold() in ref.not_orgs or words[0] in ref.stop_words:
            continue
        descriptor = m.group().split()[0].casefold()
        cls = next((c for suffix, c in _DESCRIPTOR_CLASS if descriptor.endswith(suffix)), "Organisation")
        hit = ref.org(name)
        if hit is not None:
            entity = ref.entities[hit[0]]
            spans.append(Span(start, end, "org", name, entity.cls, entity.iri, entity.label, hit[1]))
        else:
            spans.append(Span(start, end, "org", name, cls, None, name, "descriptor"))


_NAME_ITEM = re.compile(rf"(?:[{_UP}0-9][\w-]*(?: och [a-zåäö]+)?)(?: (?:i |för |på )?[{_UP}][\w-]+){{0,3}}")
# Between items, also after an item's bracket: "Kommunforskning i Västsverige (KFi) och …", "CKS (LiU), KFI".
_SEPARATOR = re.compile(r"(?:\s*\([^()]{1,60}\))?(?:,\s*(?:och\s+|samt\s+)?|\s+(?:och|samt)\s+)")
_LEADING_ITEM = re.compile(rf"\b(?:med|mellan|av)\s+({_NAME_ITEM.pattern}),\s*$")
_AFTER_LAST = re.compile(r"\s+[a-zåäö(]|\s*[.,;:)]|\s*$")


def _find_listed_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    """Unknown names listed among known organisations are organisations too: "Linköpings universitet, LIU
    Innovation, Vallastaden och Region Östergötland". A list is read from a known organisation on, item by
    item; its unknown names count when the list holds two known organisations, or one in a list of three or
    more that ends in "och X"."""
    orgs = {s.start - sentence.start: s for s in spans if s.kind == "org"}
    text, base = sentence.text, sentence.start
    seen: set[int] = set()
    for first in sorted(orgs):
        if first in seen:
            continue
        known, unknown, cursor, closed = 1, [], orgs[first].end - base, False
        while True:
            sep = _SEPARATOR.match(text, cursor)
            if not sep:
                break
            at = sep.end()
            if at in orgs:
                seen.add(at)
                known, cursor = known + 1, orgs[at].end - base
                closed = "och" in sep.group() or "samt" in sep.group()
                continue
            item = _NAME_ITEM.match(text, at)
            if not item or any(at <= o < item.end() for o in orgs):
                break
            first_word = item.group().split()[0]
            if first_word in ref.stop_words or first_word in ref.first_names or item.group() in ref.place_labels:
                break  # a person or a place ends the list of organisations
            if roles().fullmatch(item.group().casefold()) or not free(spans, base + at, base + item.end()):
                break  # so does a role ("Projektledare") or a name already found as something else
            unknown.append((at, item.group()))
            cursor = item.end()
            closed = "och" in sep.group() or "samt" in sep.group()
            if closed:
                if not _AFTER_LAST.match(text, cursor):
                    unknown.pop()
                break
        # "… samarbetar med Paper Province, Högskolan Dalarna och …": an unknown name may also open the list.
        lead = _LEADING_ITEM.search(text, 0, first)
        if lead and known + len(unknown) >= 2 and not any(lead.start(1) <= o < lead.end(1) for o in orgs):
            word = lead.group(1).split()[0]
            if word not in ref.stop_words and word not in ref.first_names and lead.group(1) not in ref.place_labels:
                unknown.append((lead.start(1), lead.group(1)))
        if not unknown or not (known >= 2 or (closed and known + len(unknown) >= 3)):
            continue
        for offset, name in unknown:
            start, end = base + offset, base + offset + len(name)
            if free(spans, start, end) and name.casefold() not in ref.not_orgs:
                spans.append(Span(start, end, "org", name, "Organisation", None, name, "listed"))


def find_organisations(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    """The organisations a sentence names, most certain first: authority lists, then patterns."""
    _find_reference_orgs(sentence, ref, spans)
    _find_listed_municipalities(sentence, ref, spans)
    _find_pattern_orgs(sentence, ref, spans)
    _find_described_orgs(sentence, ref, spans)
    _find_apposed_orgs(sentence, ref, spans)
    find_related_names(sentence, ref, spans)


def find_listed_orgs(sentence: Sentence, ref: Reference, spans: list[Span]) -> None:
    """Unknown names listed among known organisations (after persons are found)."""
    _find_listed_orgs(sentence, ref, spans)


# "… består av ledamöter från X samt deltagare från följande organisationer:" and a line of one name each.
ORG_LIST_INTRO = re.compile(
    r"\bföljande\s+(?:[a-zåäö]+\s+)?(?:organisationer|aktörer|myndigheter|parter|medlemmar|medlemsorganisationer"
    r"|samarbetspartners?|partners?)\s*:\s*$",
    re.IGNORECASE,
)
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s*$")
_ITEM_NAME = re.compile(rf"^[{_UP}0-9][\w&.'-]*(?:\s+[\w&.'-]+){{0,5}}$")


def name_listed_organisations(
    text: str, sentences: list[Sentence], spans: dict[int, list[Span]], ref: Reference
) -> None:
    """Each item of a list introduced as organisations ("följande organisationer:") names one, with all of
    its line: "Arbetsförmedlingen Region Nord" is not the agency and a region. The class is the one of
    the name the line begins with (a reference organisation, say), else Organisation; a line that is a
    person or a place alone stays what it is."""
    listing = False
    for index, sentence in enumerate(sentences):
        line_start = text.rfind("\n", 0, sentence.start) + 1
        is_item = bool(_LIST_ITEM.match(text[line_start : sentence.start]))
        if listing and is_item:
            _whole_item(sentence, spans, index, ref)
        elif not is_item:
            listing = False
        listing = listing or bool(ORG_LIST_INTRO.search(sentence.text))


def _whole_item(sentence: Sentence, spans: dict[int, list[Span]], index: int, ref: Reference) -> None:
    surface = sentence.text.rstrip().rstrip(".,;")
    label = " ".join(surface.split())
    if not _ITEM_NAME.match(label):
        return
    start, end = sentence.start, sentence.start + len(surface)
    inside = [s for s in spans[index] if s.start < end and start < s.end]
    # A person, or a name already found for the whole line (a place, say), stays; a bare name becomes the organisation.
    if any(s.kind == "person" or (s.start == start and s.end == end and s.kind != "name") for s in inside):
        return
    hit = ref.org(label)
    if hit is not None:
        entity = ref.entities[hit[0]]
        span = Span(start, end, "org", surface, entity.cls, entity.iri, entity.label, hit[1])
    else:
        lead = next((s for s in inside if s.start == start and s.kind == "org"), None)
        span = Span(start, end, "org", surface, lead.cls if lead else "Organisation", None, label, "listed item")
    spans[index] = sorted([s for s in spans[index] if s not in inside] + [span], key=lambda s: s.start)
