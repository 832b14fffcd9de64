"""Extraction on small Swedish texts written for the tests (not the seed)."""

from __future__ import annotations

import hashlib

import pytest

from kg.dates import find_dates
from kg.extraction import extract_facts
from kg.extraction.text import split_sentences
from kg.model import Document, Extraction, Region
from kg.vocab import ID


def _doc(text: str, key: str = "test") -> Document:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(key, "Test", text, f"{key}.txt", "text", f"sha256:{digest}", (Region(0, len(text), 1),))


def _extract(text: str) -> Extraction:
    return extract_facts([_doc(text)])[0]


def _labels(extraction: Extraction, cls: str) -> set[str]:
    return {e.label for e in extraction.entities if e.cls == cls}


def _facts(extraction: Extraction, predicate: str) -> set[tuple[str, str]]:
    names = {e.iri: e.label for e in extraction.entities}
    return {
        (names.get(f.subject, f.subject), names.get(f.object, f.object))
        for f in extraction.facts
        if f.predicate == predicate
    }


def test_sentences_do_not_break_after_abbreviations() -> None:
    text = "Vi träffade bl.a. Region Örebro län. Sedan kom t.ex. Vinnova. Nästa steg."
    sentences = split_sentences(text, (Region(0, len(text)),))
    assert [s.text for s in sentences] == [
        "Vi träffade bl.a. Region Örebro län.",
        "Sedan kom t.ex. Vinnova.",
        "Nästa steg.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("den 4 november 2014", [(4, 11, 2014, None)]),
        ("Träffar: 29/9 och 28-29/5", [(29, 9, None, None), (28, 5, None, 29)]),
        ("mötet 2015-03-16 i Stockholm", [(16, 3, 2015, None)]),
        ("i 3 timmar och 45 minuter", []),
    ],
)
def test_swedish_dates(text: str, expected: list[tuple[int, int, int | None, int | None]]) -> None:
    assert [(d.day, d.month, d.year, d.end_day) for d in find_dates(text)] == expected


def test_persons_with_affiliations_by_comma_and_preposition() -> None:
    ex = _extract(
        "Lena Holmberg, Linköpings universitet, berättade om arbetet. "
        "Per-Olof Nyström från Region Östergötland höll med. "
        "Från Högskolan Dalarna berättade Sara Lind och Eva Maria Berglund om sitt arbete."
    )
    assert {"Lena Holmberg", "Per-Olof Nyström", "Sara Lind"} <= _labels(ex, "Person")
    assert ("Lena Holmberg", "Linköpings universitet") in _facts(ex, "affiliatedWith")
    assert ("Per-Olof Nyström", "Region Östergötland") in _facts(ex, "affiliatedWith")
    assert ("Sara Lind", "Högskolan Dalarna") in _facts(ex, "affiliatedWith")


def test_capitalised_phrases_are_not_persons() -> None:
    ex = _extract("Material och länkar. Samverkan Strategisk Fakta. Vid Karlstads universitet finns ett forum.")
    assert _labels(ex, "Person") == set()


def test_role_and_affiliation_from_a_rektor_sentence() -> None:
    ex = _extract("Maja Ek är sedan 2019 rektor vid Örebro universitet.")
    assert ("Maja Ek", "Örebro universitet") in _facts(ex, "affiliatedWith")
    roles = {f.object for f in ex.facts if f.predicate == "role"}
    assert roles == {"rektor"}


def test_organisations_by_pattern_get_the_most_specific_class() -> None:
    ex = _extract(
        "Projektet drivs av Länsstyrelsen i Hallands län och Vinnova tillsammans med Halmstads kommun och "
        "Stiftelsen Framtidens Skog."
    )
    classes = {e.label: e.cls for e in ex.entities}
    assert classes["Vinnova"] == "GovernmentAgency"
    assert classes["Halmstads kommun"] == "Municipality"
    assert classes["Stiftelsen Framtidens Skog"] == "Organisation"
    assert any(c == "CountyAdministrativeBoard" for c in classes.values())


def test_named_agreement_with_parties_implies_collaboration() -> None:
    ex = _extract("Kunskapskontraktet mellan Umeå universitet och Skellefteå kommun tecknades 2019.")
    assert "Kunskapskontraktet" in _labels(ex, "Agreement")
    assert _facts(ex, "partyTo") == {
        ("Umeå universitet", "Kunskapskontraktet"),
        ("Skellefteå kommun", "Kunskapskontraktet"),
    }
    assert ("Skellefteå kommun", "Umeå universitet") in _facts(ex, "collaboratesWith") | {
        (b, a) for a, b in _facts(ex, "collaboratesWith")
    }


def test_unnamed_agreement_is_labelled_by_its_parties() -> None:
    ex = _extract("Högskolan Väst och Trollhättans kommun tecknade ett samverkansavtal i våras.")
    labels = _labels(ex, "Agreement")
    assert len(labels) == 1
    (label,) = labels
    assert "Högskolan Väst" in label and "Trollhättan" in label


def test_project_suffix_and_arena_abbreviation() -> None:
    ex = _extract(
        "I DIGI-projektet deltar Malmö universitet och Region Skåne. "
        "Lena Ek berättade om Forum för regional utveckling, FRU. Mötesplatsen har funnits i tio år."
    )
    assert "DIGI" in _labels(ex, "Project")
    arenas = {e.label: e.alt_labels for e in ex.entities if e.cls == "Arena"}
    assert arenas == {"Forum för regional utveckling": ("FRU",)}
    assert ("Malmö universitet", "DIGI") in _facts(ex, "participatesIn")


def test_dated_meetings_take_the_year_from_context_and_have_places() -> None:
    ex = _extract(
        "Hösten 2016 startade Sunet projektet Öppen data i offentlig sektor. "
        "Den 12 oktober hölls projektets första träff på Umeå universitet i Umeå. "
        "Träffar 2017: 3/2 Luleå 14/3 Kiruna."
    )
    events = {e.label for e in ex.entities if e.cls == "Event"}
    assert events == {"Träff 12 oktober 2016, Umeå", "Träff 3 februari 2017, Luleå", "Träff 14 mars 2017, Kiruna"}
    dates = {f.object for f in ex.facts if f.predicate == "date"}
    assert dates == {"2016-10-12", "2017-02-03", "2017-03-14"}
    assert any(f.predicate == "hostedBy" and f.object == f"{ID}org/umea-universitet" for f in ex.facts)


def test_every_fact_quotes_its_sentence_with_offsets() -> None:
    text = "Inledning.\n\nAnna Svensson, Högskolan i Skövde, ledde samtalet."
    ex = _extract(text)
    assert ex.facts
    for fact in ex.facts:
        ev = fact.evidence
        assert text[ev.start : ev.end] == ev.quote
        assert 0 < ev.confidence <= 1


def test_spelling_variants_of_a_person_merge_within_a_document() -> None:
    ex = _extract("Elisabeth Strand, Karlstads universitet, inledde. Senare sa Elisabet Strand att det gick bra.")
    assert _labels(ex, "Person") == {"Elisabeth Strand"}
    assert ("Elisabet Strand", f"{ID}person/elisabeth-strand", "spelling variant in the same document") in ex.merges


def test_a_news_article_gives_parties_funding_lead_and_participants() -> None:
    ex = _extract(
        "Linnéuniversitetet och Region Kalmar län har tecknat ett nytt samverkansavtal. "
        "Samarbetet omfattar projektet Hälsa i Småland, som finansieras av Vinnova och leds av Linnéuniversitetet. "
        "I projektet deltar också Kalmar kommun och Växjö kommun."
    )
    assert _facts(ex, "funds") == {("Vinnova", "Hälsa i Småland")}
    assert _facts(ex, "coordinates") == {("Linnéuniversitetet", "Hälsa i Småland")}
    assert _facts(ex, "participatesIn") == {("Kalmar kommun", "Hälsa i Småland"), ("Växjö kommun", "Hälsa i Småland")}
    parties = {party for party, _ in _facts(ex, "partyTo")}
    assert parties == {"Linnéuniversitetet", "Region Kalmar län"}


def test_names_outside_the_lexicon_are_found_by_their_context() -> None:
    ex = _extract(
        "Ngozi Okafor, Umeå universitet, ledde samtalet. "
        "– Det är viktigt, säger Wanjiru Kamau, projektledare på Region Skåne. "
        "Hållbar Stad, Umeå universitet, är ett projekt för hållbar utveckling i en stad."
    )
    assert _labels(ex, "Person") == {"Ngozi Okafor", "Wanjiru Kamau"}
    assert ("Wanjiru Kamau", "Region Skåne") in _facts(ex, "affiliatedWith")
