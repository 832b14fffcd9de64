"""The Swedish date parser (kg.dates) and the document-date rules of the loaders (kg.loaders.dating)."""

from __future__ import annotations

import pytest

from kg.dates import date_datatype, find_dates, find_year_ranges, first_day, last_day, parse_date
from kg.loaders.dating import dateline_date, filename_date, reported_year, title_page_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2018-03-12", "2018-03-12"),
        ("2018-03-12T10:15:00+01:00", "2018-03-12"),
        ("12 mars 2018", "2018-03-12"),
        ("den 3 maj 2019", "2019-05-03"),
        ("Den 3 maj 2019", "2019-05-03"),
        ("3 okt. 2020", "2020-10-03"),
        ("12.3.2018", "2018-03-12"),
        ("mars 2018", "2018-03"),
        ("September 2007", "2007-09"),
        ("2018", "2018"),
        ("2018-03", "2018-03"),
        ("3 maj", None),  # no year: the context must give it
        ("31 februari 2019", None),
        ("2019-02-30", None),
        ("i början av året", None),
    ],
)
def test_parse_date(text: str, expected: str | None) -> None:
    assert parse_date(text) == expected


def test_find_dates_reads_the_dotted_form_only_with_a_year() -> None:
    dates = find_dates("Mötet hölls 12.3.2018 enligt avsnitt 1.2 i planen.")
    assert [d.iso() for d in dates] == ["2018-03-12"]


def test_year_ranges() -> None:
    text = "Projektet pågår 2020–2023, avtalet gällde 2019-22 men inte 2019-05-01 eller 2023–2019."
    assert [(r.first, r.last) for r in find_year_ranges(text)] == [(2020, 2023), (2019, 2022)]


def test_period_bounds_and_datatypes() -> None:
    assert (first_day("2019"), last_day("2019")) == ("2019-01-01", "2019-12-31")
    assert (first_day("2020-02"), last_day("2020-02")) == ("2020-02-01", "2020-02-29")
    assert last_day("2019-05-03") == "2019-05-03"
    assert [date_datatype(v) for v in ("2019", "2019-05", "2019-05-03")] == ["gYear", "gYearMonth", "date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nytt avtal om praktik\nPublicerad: 12 mars 2018 kl. 10.15\nText.", "2018-03-12"),
        ("Nyhet\nPubliceringsdatum den 4 november 2014\n", "2014-11-04"),
        ("Rubrik\n2018-03-12\nBrödtext om 2019-01-01.", "2018-03-12"),
        ("Rubrik\n12.3.2018\n", "2018-03-12"),
        # "updated" only where nothing better is given
        ("Rubrik\nSenast uppdaterad 5 jan. 2019\n", "2019-01-05"),
        ("Rubrik\nPublicerad 2017-06-13\nSenast uppdaterad 2019-01-05\n", "2017-06-13"),
        # page furniture and dates in running text are not the document's date
        ("Rubrik\nAvtalet tecknades den 3 maj 2019 av parterna.\n© 2023 Kommunen", None),
    ],
)
def test_dateline_date(text: str, expected: str | None) -> None:
    assert dateline_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Omvärldsanalys i praktiken UniLink-rapport 2011:2 Innehåll 1 Bakgrund", "2011"),
        ("Samverkan som verktyg C-uppsats Vt 2016 Institutionen för socialt arbete", "2016"),
        ("Slutrapport för förstudien Anna Berg Oktober 2012 Innehåll", "2012-10"),
        ("2016-04-02 En utvärdering av nätverket", "2016-04-02"),
        ("Regionalt samarbete Kommunförbundet 2009 Formgivning Ateljé", "2009"),
        ("Protokoll från styrelsens möte den 14 april 2016 Närvarande", "2016-04-14"),
        # the period of something the document speaks of, not its date
        ("Om nätverket Fram till och med 30 juni 2014 består nätverket av två delar", None),
        ("FAKTA Anna Berg är sedan våren 2011 rektor vid högskolan", None),
        ("Delprojektet Ledare i vården 2012-04-01 2014-06-30", None),
        ("Slutrapport Vision 2030 en förstudie om regional strategi", None),
        ("Slutrapport K 2020 en förstudie om regional strategi", None),
    ],
)
def test_title_page_date(text: str, expected: str | None) -> None:
    assert title_page_date(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2018-03-12-avtal-tecknat.html", "2018-03-12"),
        ("protokoll_20190503.pdf", "2019-05-03"),
        ("nyhet-2018-13-40.txt", None),
        ("000_88b4f557058b1943.txt", None),
        ("rapport.txt", None),
    ],
)
def test_filename_date(name: str, expected: str | None) -> None:
    assert filename_date(name) == expected


def test_reported_year_is_the_latest_reported_happening() -> None:
    text = (
        "Under hösten 2016 startade nätverket en serie möten. Den 12 oktober samlades deltagarna i Umeå. "
        "Nästa träff hålls den 3 mars 2017."
    )
    assert reported_year(text) == "2016"
    assert reported_year("Nätverket träffas den 3 mars 2017.") is None
