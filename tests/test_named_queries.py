"""Every named query of `ontology/queries/` on the seed graph, compared with its saved result.

The saved results live in `tests/expected/<name>.csv` (W3C SPARQL CSV). After a deliberate change
to extraction, rewrite them with `KG_UPDATE_EXPECTED=1 python3 -m pytest tests/test_named_queries.py`
and read the diff before committing it.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.queries import list_queries, load_query
from kg.store import format_results, open_store, run_query

EXPECTED = Path(__file__).parent / "expected"
NAMES = [q.name for q in list_queries()]


def _csv(graph: Path, name: str) -> str:
    store = open_store(graph)
    return format_results(run_query(store, load_query(name)), "csv").decode("utf-8")


def test_the_library_answers_the_reports_questions() -> None:
    assert {"persons", "agreements", "projects", "arenas", "meetings", "collaborations", "evidence"} <= set(NAMES)
    for query in list_queries():
        assert query.description, f"{query.name}.rq has no comment saying what it answers"


@pytest.mark.parametrize("name", NAMES)
def test_named_query_result_on_the_seed(seed_graph: Path, name: str) -> None:
    got = _csv(seed_graph, name)
    path = EXPECTED / f"{name}.csv"
    if os.environ.get("KG_UPDATE_EXPECTED"):
        path.write_bytes(got.encode("utf-8"))
    assert path.exists(), f"no saved result for {name}; run with KG_UPDATE_EXPECTED=1 and review it"
    assert got == path.read_bytes().decode("utf-8")


def test_evidence_query_covers_every_relation(seed_graph: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_csv(seed_graph, "evidence"))))
    covered = {(r["subjectName"], r["relation"], r["objectName"]) for r in rows}
    store = open_store(seed_graph)
    result = run_query(
        store,
        """SELECT DISTINCT ?s ?p ?o WHERE {
             GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/samverkan/id/document/"))
             FILTER(STRSTARTS(STR(?p), "https://w3id.org/samverkan/ontology#"))
             FILTER(?p NOT IN (samv:mentions, samv:quote, samv:page, samv:charStart, samv:charEnd,
                               samv:confidence, samv:contentHash, samv:format, samv:snippet))
           }""",
    )
    assert isinstance(result, ox.QuerySolutions)
    labels = {r["x"].value: r["l"].value for r in run_query(store, "SELECT ?x ?l WHERE { ?x skos:prefLabel ?l }")}  # type: ignore[union-attr]
    relations = 0
    for row in result:
        s, p, o = row["s"], row["p"], row["o"]
        assert s is not None and p is not None and o is not None
        obj = labels.get(o.value, o.value)
        assert (labels[s.value], p.value.rsplit("#", 1)[-1], obj) in covered
        relations += 1
    assert relations >= 30
    assert all(r["quote"] and r["charStart"] and r["document"] for r in rows)
