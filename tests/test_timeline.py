"""The timeline: relations observed at their documents' dates, `kg analyze`'s `timeline`, the named
queries `timeline` and `quiet-links`, and the same bytes from the same input.

tests/data/timeline/ holds documents written for these tests: Högskolan i Gävle and Gävle kommun
stated as collaborating in 2012 and 2013 only, Umeå universitet and Region Västerbotten in 2016 and
2017, Luleå tekniska universitet and Skellefteå kommun in 2017, and Karlstads universitet and Region
Värmland in an undated document. Dates are in the Markdown front matter and the file names.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from seedbuild import ROOT

from kg.analysis import analyse
from kg.building import build
from kg.cli import main
from kg.queries import load_query
from kg.store import open_store, run_query, select

DOCS = Path("tests") / "data" / "timeline"
ORG = "https://w3id.org/samverkan/id/org/"
GAVLE = (ORG + "gavle-kommun", ORG + "hogskolan-i-gavle")
UMEA = (ORG + "region-vasterbotten", ORG + "umea-universitet")
LULEA = (ORG + "lulea-tekniska-universitet", ORG + "skelleftea-kommun")


def build_timeline(out: Path) -> Path:
    """Build the timeline documents into `out`, reading them by a path relative to the project."""
    with contextlib.chdir(ROOT):
        build([str(DOCS)], out.resolve())
    return out


@pytest.fixture(scope="module")
def timeline_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_timeline(tmp_path_factory.mktemp("timeline") / "output")


def analyze_json(graph: Path, *options: str) -> dict[str, Any]:
    result = CliRunner().invoke(main, ["analyze", "--format", "json", "--graph", str(graph), *options])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.output)
    return data


def pairs_by_ends(timeline: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(p["source"]["iri"], p["target"]["iri"]): p for p in timeline["pairs"]}


def test_a_link_stated_in_two_early_years_has_gone_quiet_three_years_later(timeline_graph: Path) -> None:
    timeline = analyze_json(timeline_graph)["timeline"]
    assert timeline["latest_year"] == 2017 and timeline["quiet_years"] == 3
    pairs = pairs_by_ends(timeline)
    assert set(pairs) == {GAVLE, UMEA, LULEA}  # the undated pair is counted, not listed
    gavle = pairs[GAVLE]
    assert (gavle["first_year"], gavle["last_year"], gavle["span"], gavle["years"]) == (2012, 2013, 1, [2012, 2013])
    assert gavle["status"] == "quiet" and gavle["gone_quiet"] and gavle["quiet_since"] == 2016
    assert gavle["last_year_carriers"] == [] and gavle["person_dependent_last_year"]
    assert pairs[UMEA]["years"] == [2016, 2017] and pairs[UMEA]["status"] == "new"
    assert pairs[LULEA]["years"] == [2017] and not pairs[LULEA]["gone_quiet"]
    assert timeline["undated_pairs"] == 1 and timeline["links"] == {"new": 2, "lasting": 0, "quiet": 1}
    rows = {row["year"]: row for row in timeline["years"]}
    assert sorted(rows) == [2012, 2013, 2016, 2017]
    assert rows[2016]["pairs_gone_quiet"] == 1 and rows[2013]["pairs_still_observed"] == 1


def test_quiet_years_option(timeline_graph: Path) -> None:
    timeline = analyze_json(timeline_graph, "--quiet-years", "5")["timeline"]
    gavle = pairs_by_ends(timeline)[GAVLE]
    assert timeline["quiet_years"] == 5
    assert gavle["status"] == "lasting" and gavle["quiet_since"] is None  # 2017 - 2013 < 5
    result = CliRunner().invoke(main, ["analyze", "--quiet-years", "0", "--graph", str(timeline_graph)])
    assert result.exit_code == 2 and "--quiet-years" in result.output


def test_each_relation_is_observed_at_its_documents_dates_without_changing_the_fact(timeline_graph: Path) -> None:
    store = open_store(timeline_graph)
    expected = {
        (s.value, o.value): (first.value, last.value)
        for s, o, first, last in select(
            store,
            """SELECT ?s ?o (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) {
                 ?st rdf:predicate samv:collaboratesWith ; rdf:subject ?s ; rdf:object ?o ;
                     prov:wasDerivedFrom ?doc . ?doc dcterms:date ?d } GROUP BY ?s ?o""",
        )
    }
    observed = {
        (s.value, o.value): (first, last)
        for s, o, first, last in select(
            store,
            """SELECT ?s ?o ?first ?last { GRAPH <https://w3id.org/samverkan/id/graph/analysis> {
                 ?x a samv:Observation ; samv:observedSubject ?s ; samv:observedProperty samv:collaboratesWith ;
                    samv:observedObject ?o ; samv:firstObserved ?first ; samv:lastObserved ?last } }""",
        )
    }
    assert {k: (f.value, t.value) for k, (f, t) in observed.items()} == expected
    assert {f.datatype.value for f, _ in observed.values()} == {"http://www.w3.org/2001/XMLSchema#date"}
    assert len(expected) == 3  # Gävle, Umeå and Luleå; the undated pair has no observation
    # The facts stay as they were: observations only in the analysis graph, none in graph.ttl.
    elsewhere = run_query(
        store,
        "ASK { GRAPH ?g { ?x samv:firstObserved ?d } FILTER(?g != <https://w3id.org/samverkan/id/graph/analysis>) }",
    )
    assert not bool(elsewhere)
    ttl = (timeline_graph / "graph.ttl").read_text(encoding="utf-8")
    assert "firstObserved" not in ttl and "Observation" not in ttl


def _sparql_years(graph: Path) -> dict[int, dict[str, int]]:
    """Per-year counts by SPARQL over the graph's facts alone (not the analysis)."""
    store = open_store(graph)
    query = """SELECT ?year (COUNT(DISTINCT ?doc) AS ?documents) (COUNT(DISTINCT ?signed) AS ?agreements_signed)
          (COUNT(DISTINCT ?ended) AS ?agreements_ended) (COUNT(DISTINCT ?event) AS ?events) {
          { ?doc a samv:Document ; dcterms:date ?d } UNION { ?signed a samv:Agreement ; samv:startDate ?d }
          UNION { ?ended a samv:Agreement ; samv:endDate ?d }
          UNION { ?event a samv:Event { ?event samv:date ?d } UNION { ?event samv:startDate ?d } }
          BIND(xsd:integer(SUBSTR(STR(?d), 1, 4)) AS ?year) } GROUP BY ?year"""
    found = {
        int(row["year"].value): {
            k: int(row[k].value) for k in ("documents", "agreements_signed", "agreements_ended", "events")
        }
        for row in select(store, query)
    }
    # Pairs first observed: every pair here is stated directly, so its first year is the first date
    # of a statement of a relation between the two.
    pairs = """SELECT ?year (COUNT(*) AS ?n) { { SELECT ?a ?b (MIN(xsd:integer(SUBSTR(STR(?d), 1, 4))) AS ?year) {
          ?st rdf:predicate samv:collaboratesWith ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?doc .
          ?doc dcterms:date ?d BIND(IF(STR(?s) < STR(?o), ?s, ?o) AS ?a) BIND(IF(STR(?s) < STR(?o), ?o, ?s) AS ?b)
          } GROUP BY ?a ?b } } GROUP BY ?year"""
    for row in select(store, pairs):
        found.setdefault(int(row["year"].value), {})["pairs_first_observed"] = int(row["n"].value)
    return found


@pytest.mark.parametrize("which", ["timeline", "seed"])
def test_per_year_rows_match_a_sparql_count_over_the_same_graph(
    which: str, timeline_graph: Path, seed_graph: Path
) -> None:
    graph = timeline_graph if which == "timeline" else seed_graph
    rows = {row["year"]: row for row in analyze_json(graph)["timeline"]["years"]}
    counted = _sparql_years(graph)
    assert rows, "the graph dates something"
    assert set(counted) <= set(rows)
    for year, row in rows.items():
        for name in ("documents", "agreements_signed", "agreements_ended", "events"):
            assert row[name] == counted.get(year, {}).get(name, 0), (year, name)
        if which == "timeline":
            assert row["pairs_first_observed"] == counted.get(year, {}).get("pairs_first_observed", 0), year
    # The named query `timeline` gives the same per-year counts from the built graph.
    named = {int(r["year"].value): r for r in select(open_store(graph), load_query("timeline"))}
    for year, row in rows.items():
        if year in named:
            assert int(named[year]["events"].value) == row["events"]
            assert int(named[year]["linksFirstObserved"].value) == row["pairs_first_observed"]


def test_quiet_links_query_names_the_quiet_pair(timeline_graph: Path) -> None:
    rows = list(select(open_store(timeline_graph), load_query("quiet-links")))
    assert [(r["organisation"].value, r["partner"].value, r["firstYear"].value, r["lastYear"].value) for r in rows] == [
        (*GAVLE, "2012", "2013")
    ]


def test_report_lists_new_lasting_and_quiet_links(timeline_graph: Path) -> None:
    report = (timeline_graph / "report.md").read_text(encoding="utf-8")
    assert "## Timeline" in report
    quiet = report[report.index("### Quiet links") :]
    assert "| Gävle kommun | Högskolan i Gävle | 2012 | 2013 | 2 | no named person |" in quiet
    assert "| 2016 | 1 | 0 | 0 | 0 | 0 | 1 | 0 | 1 |" in report


def test_the_analysis_object_has_the_timeline_as_seventh_key(timeline_graph: Path) -> None:
    data = analyse(open_store(timeline_graph)).as_dict()
    assert list(data)[-1] == "timeline" and len(data) == 7


def test_same_input_same_bytes(timeline_graph: Path, tmp_path: Path) -> None:
    again = build_timeline(tmp_path / "again")
    for name in ("graph.ttl", "graph.trig", "graph.html", "report.md"):
        assert (again / name).read_bytes() == (timeline_graph / name).read_bytes(), name
    assert analyze_json(again) == analyze_json(timeline_graph)


def test_renewals_are_dated_versions_after_the_signing() -> None:
    from kg.analysis.years import _thing_counts
    from kg.observations import DatedThing

    a, b = "https://w3id.org/samverkan/id/agreement/a", "https://w3id.org/samverkan/id/agreement/b"
    things = [
        DatedThing(a, "signed", "2014-01-10"),
        DatedThing(a + "/v1", "version", "2014-01-10", a),
        DatedThing(a + "/v2", "version", "2019-03-01", a),
        DatedThing(a + "/v3", "version", "2024", a),
        DatedThing(a, "ended", "2026-12-31"),
        DatedThing(b + "/v1", "version", "2015-06", b),  # no start date: the first version is the signing
        DatedThing(b + "/v2", "version", "2020-06-01", b),
        DatedThing("https://w3id.org/samverkan/id/event/e", "event", "2015-04-01"),
        DatedThing("https://w3id.org/samverkan/id/event/e", "event", "2015-04-02"),  # one event, once a year
    ]
    counts = _thing_counts(things)
    assert counts["agreements_signed"] == {2014: 1}
    assert counts["agreements_renewed"] == {2019: 1, 2020: 1, 2024: 1}
    assert counts["agreements_ended"] == {2026: 1}
    assert counts["events"] == {2015: 1}


def test_a_graph_without_dates_gets_no_timeline_output(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "utan-datum.md").write_bytes((ROOT / DOCS / "utan-datum.md").read_bytes())
    out = tmp_path / "out"
    build([str(docs)], out)
    timeline = analyze_json(out)["timeline"]
    assert timeline["years"] == [] and timeline["pairs"] == [] and timeline["latest_year"] is None
    assert timeline["undated_pairs"] == 1 and timeline["undated_relations"] > 0
    assert "## Timeline" not in (out / "report.md").read_text(encoding="utf-8")
    trig = (out / "graph.trig").read_text(encoding="utf-8")
    assert "Observation" not in trig and "ObservedLink" not in trig
    assert '"time":null' in (out / "graph.html").read_text(encoding="utf-8")
