"""Dates in the built graph, queried as a user would: documents' dates, an agreement signed and renewed
as dated versions of one entity, a project's period, affiliations that began or ended, and the seed's
report, listings and meetings. Built twice, the graph is the same bytes."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from kg.building import build
from kg.store import query_rows

ROOT = Path(__file__).resolve().parent.parent
TIME = "tests/data/time"
PREFIXES = """PREFIX samv: <https://w3id.org/samverkan/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
ID = "https://w3id.org/samverkan/id/"


def _build(out: Path) -> Path:
    with contextlib.chdir(ROOT):
        build([TIME], out.resolve(), incremental=False)
    return out


@pytest.fixture(scope="module")
def time_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("time") / "output")


def _rows(graph: Path, sparql: str) -> list[dict[str, str]]:
    """Rows as {variable: value}; a variable left unbound (OPTIONAL) is absent from its row."""
    return query_rows(graph, PREFIXES + sparql)


def test_every_test_document_has_the_date_its_source_gives(time_graph: Path) -> None:
    rows = _rows(time_graph, "SELECT ?doc ?date WHERE { ?doc a samv:Document ; dcterms:date ?date } ORDER BY ?doc")
    dates = {row["doc"].rsplit("/", 1)[-1]: row["date"] for row in rows}
    assert dates == {
        "2012-09-03-harnosand-och-mittuniversitetet": "2012-09-03",  # the file name
        "2013-02-11-praktikplatser-i-harnosand": "2013-02-11",
        "kustlandsavtalet-tecknas": "2014-05-20",  # "Publicerad: 20 maj 2014"
        "kustlandsavtalet-fornyas": "2019-06-03",  # Markdown front matter
        "kustlandsavtalet-forlangs": "2024-04-15",  # <meta property="article:published_time">
        "ny-kommundirektor-i-timra": "2021-10-05",  # "Publicerad 2021-10-05"
    }


def test_the_agreement_is_one_entity_with_its_start_and_dated_versions(time_graph: Path) -> None:
    agreements = _rows(
        time_graph, "SELECT ?a ?start WHERE { ?a a samv:Agreement . OPTIONAL { ?a samv:startDate ?start } }"
    )
    assert agreements == [{"a": ID + "agreement/kustlandsavtalet", "start": "2014-05-19"}]
    versions = _rows(
        time_graph,
        """SELECT ?start ?end WHERE {
             <https://w3id.org/samverkan/id/agreement/kustlandsavtalet> samv:hasVersion ?v .
             ?v a samv:AgreementVersion ; samv:startDate ?start . OPTIONAL { ?v samv:endDate ?end }
           } ORDER BY ?start""",
    )
    assert versions == [
        {"start": "2014-05-19"},
        {"start": "2019-01-01"},  # "förnyades 2019" five years later
        {"start": "2024-04-01", "end": "2028-12-31"},  # "förlängdes i april 2024 och gäller nu till och med 2028"
    ]


def test_the_joining_party_is_a_party_from_its_version(time_graph: Path) -> None:
    rows = _rows(
        time_graph,
        """SELECT ?org (MIN(?start) AS ?from) WHERE {
             ?org samv:partyTo <https://w3id.org/samverkan/id/agreement/kustlandsavtalet> .
             <https://w3id.org/samverkan/id/agreement/kustlandsavtalet> samv:hasVersion ?v .
             ?v samv:joiningParty ?org ; samv:startDate ?start .
           } GROUP BY ?org ORDER BY ?org""",
    )
    assert [(row["org"].rsplit("/", 1)[-1], row["from"][:4]) for row in rows] == [
        ("mittuniversitetet", "2014"),
        ("region-vasternorrland", "2019"),
        ("sundsvalls-kommun", "2014"),
    ]


def test_dated_facts_carry_their_evidence(time_graph: Path) -> None:
    rows = _rows(
        time_graph,
        """SELECT ?doc ?quote WHERE { GRAPH ?g {
             ?st rdf:subject <https://w3id.org/samverkan/id/agreement-version/kustlandsavtalet-2019> ;
                 rdf:predicate samv:startDate ; rdf:object "2019-01-01"^^xsd:date ;
                 prov:wasDerivedFrom ?doc ; samv:quote ?quote } }""",
    )
    assert [row["doc"].rsplit("/", 1)[-1] for row in rows] == ["kustlandsavtalet-fornyas"]
    assert "förnyades 2019" in rows[0]["quote"]


def test_a_project_has_the_period_the_text_gives(time_graph: Path) -> None:
    rows = _rows(time_graph, "SELECT ?s ?e WHERE { ?p a samv:Project ; samv:startDate ?s ; samv:endDate ?e }")
    assert rows == [{"s": "2020-01-01", "e": "2023-12-31"}]


def test_a_former_affiliation_has_an_end_and_a_current_one_its_start(time_graph: Path) -> None:
    rows = _rows(
        time_graph,
        """SELECT ?name ?role ?start ?end WHERE {
             ?a a samv:Affiliation ; samv:person/rdfs:label ?name ; samv:role ?role .
             OPTIONAL { ?a samv:startDate ?start } OPTIONAL { ?a samv:endDate ?end }
           } ORDER BY ?name""",
    )
    assert rows == [
        {"name": "Eva Lindqvist", "role": "rektor", "end": "2021-10-05"},  # "tidigare rektor vid"
        {"name": "Per Sjöberg", "role": "forskare", "start": "2015-01-01"},  # "sedan 2015"
    ]


def test_the_early_link_is_stated_only_in_early_documents(time_graph: Path) -> None:
    rows = _rows(
        time_graph,
        """SELECT DISTINCT ?date WHERE { GRAPH ?g {
             ?st rdf:subject <https://w3id.org/samverkan/id/org/harnosands-kommun> ;
                 rdf:predicate samv:collaboratesWith ; prov:wasDerivedFrom ?doc } ?doc dcterms:date ?date
           } ORDER BY ?date""",
    )
    assert [row["date"] for row in rows] == ["2012-09-03", "2013-02-11"]


def test_the_graph_validates(time_graph: Path) -> None:
    from kg.validate import validate_graph

    report = validate_graph(graph_dir=time_graph)
    assert report.conforms, report.text


def test_same_input_same_bytes(time_graph: Path, tmp_path: Path) -> None:
    again = _build(tmp_path / "again")
    for name in ("graph.ttl", "graph.trig"):
        assert (again / name).read_bytes() == (time_graph / name).read_bytes(), name


# -- the seed ---------------------------------------------------------------------------------


def test_seed_report_and_listings_carry_the_transcripts_dates(seed_graph: Path) -> None:
    rows = _rows(
        seed_graph,
        """SELECT ?title ?date WHERE { ?doc a samv:Document ; dcterms:title ?title ; dcterms:date ?date }""",
    )
    titled = {row["title"]: row["date"] for row in rows}

    def date_of(start: str) -> str:
        (found,) = [date for title, date in titled.items() if title.startswith(start)]
        return found

    assert date_of("samverkan i fokus Med Ska form") == "2014"  # the year of the meetings it reports
    assert date_of("Professionell hantering av ext") == "2009"  # "UniLink-rapport 2009:4"
    assert date_of("Slutrapport - Följeforskning F") == "2010-03"  # "Mars 2010"
    assert date_of("2012-09-10. En första delutvär") == "2012-09-10"
    assert date_of("Nationella Kompetensrådet och") == "2013-03-21"  # "möte den 21 mars 2013"
    assert date_of('"Tiden är ju den största') == "2013"  # "Vt 2013"
    assert date_of("GUL-ADM Ett samarbetsprojekt o") == "2015-04"  # "April 2015"
    typed = _rows(seed_graph, "SELECT DISTINCT (DATATYPE(?d) AS ?t) WHERE { ?doc dcterms:date ?d } ORDER BY ?t")
    assert {row["t"].rsplit("#", 1)[-1] for row in typed} == {"date", "gYear", "gYearMonth"}


def test_seed_learning_project_meetings_fall_in_2014_and_2015(seed_graph: Path) -> None:
    rows = _rows(
        seed_graph,
        """SELECT ?date WHERE { ?e a samv:Event ; samv:date ?date ; samv:partOf ?p .
             ?p rdfs:label ?label FILTER(CONTAINS(LCASE(?label), "formaliserad samverkan")) } ORDER BY ?date""",
    )
    assert [row["date"] for row in rows] == ["2014-09-29", "2014-11-04", "2015-03-16", "2015-05-28"]


def test_the_timeline_counts_the_signing_and_the_renewals_and_the_quiet_link(time_graph: Path) -> None:
    """What `kg analyze --format json` says of the agreement's versions and of the early link."""
    import json

    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["analyze", "--graph", str(time_graph), "--format", "json"])
    assert result.exit_code == 0, result.output
    timeline = json.loads(result.output)["timeline"]
    by_year = {row["year"]: row for row in timeline["years"]}
    assert by_year[2014]["agreements_signed"] == 1
    assert by_year[2019]["agreements_renewed"] == 1 and by_year[2024]["agreements_renewed"] == 1
    assert sum(row["agreements_renewed"] for row in timeline["years"]) == 2
    early = [
        p
        for p in timeline["pairs"]
        if {p["source"]["iri"], p["target"]["iri"]} == {ID + "org/harnosands-kommun", ID + "org/mittuniversitetet"}
    ]
    assert [(p["first_year"], p["last_year"], p["gone_quiet"], p["quiet_since"]) for p in early] == [
        (2012, 2013, True, 2016)
    ]


def test_the_statements_of_dated_documents_are_read_again_only_for_remade_graphs(time_graph: Path) -> None:
    # What a patched build keeps: the relations each dated document states; what it passes back as
    # known is taken as it is, except for the graphs it made again, which are read from the store.
    from kg.observations import document_statements, relation_observations
    from kg.store import open_store

    store = open_store(time_graph)
    every = document_statements(store)
    assert sum(1 for relations in every.values() if relations) >= 3
    doc = next(d for d, relations in every.items() if relations)
    stale = {**every, doc: ()}
    assert document_statements(store, stale, {doc}) == every  # made again: read from the store
    assert document_statements(store, stale) == stale  # not made again: taken as known
    assert document_statements(store, {}) == every  # none known: all read
    assert relation_observations(store, every) == relation_observations(store)
