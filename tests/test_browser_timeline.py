"""The view's year control in a real browser (the pattern of tests/test_browser.py): moving the year
range draws exactly the edges observed in it, with no outside request and no script from the data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser import Visit, browser  # noqa: F401  (the fixture)
from test_timeline import build_timeline


@pytest.fixture(scope="module")
def timeline_view(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_timeline(tmp_path_factory.mktemp("timeline-view") / "output") / "graph.html"


@pytest.fixture
def visit(browser: Any, timeline_view: Path) -> Iterator[Visit]:  # noqa: F811
    v = Visit(browser, timeline_view)
    yield v
    v.close()


def drawn(v: Visit) -> set[str]:
    ids: list[str] = v.js("window.network.body.data.edges.get({filter: e => !e.hidden}).map(e => e.id)")
    return set(ids)


def expected(edges: list[dict[str, Any]], first: int, last: int, undated: bool) -> set[str]:
    return {
        e["id"] for e in edges if ("years" not in e and undated) or any(first <= y <= last for y in e.get("years", []))
    }


def test_moving_the_year_range_draws_the_edges_observed_in_it(visit: Visit) -> None:
    v = visit
    time = v.js("window.kgView.data.time")
    edges: list[dict[str, Any]] = v.js("window.kgView.data.edges")
    assert time == {"first": 2012, "last": 2017, "dated": 3, "undated": 1}
    assert v.page.is_visible("#kg-time-section")
    assert drawn(v) == {e["id"] for e in edges}  # the whole range and undated: everything
    for first, last, undated in [(2012, 2013, True), (2016, 2017, False), (2014, 2015, False), (2013, 2016, True)]:
        v.page.fill("#kg-year-from", str(first))  # fill sets the value and fires `input`, as a drag does
        v.page.fill("#kg-year-to", str(last))
        if v.page.is_checked("#kg-undated") != undated:
            v.page.click("#kg-undated")
        v.page.wait_for_function(
            "([a, b]) => document.getElementById('kg-year-count').textContent.includes(a === b ? String(a) : a + '\\u2013' + b)",
            arg=[first, last],
        )
        want = expected(edges, first, last, undated)
        assert drawn(v) == want, (first, last, undated)
        shown_nodes = set(v.js("window.kgView.visibleNodeIds()"))
        ends = {end for e in edges if e["id"] in want for end in (e["from"], e["to"])}
        assert shown_nodes == ends
        count = v.page.inner_text("#kg-year-count")
        assert count.startswith(f"{len(ends)} nodes, {len(want)} relations shown")
    v.js("window.kgView.setYears(2012, 2017, true)")
    assert drawn(v) == {e["id"] for e in edges}
    assert v.js("typeof window.__pwned") == "undefined"  # a document title carries a script
    assert v.js("document.querySelectorAll('script').length") == 3
    assert v.outside == [] and v.errors == [] and v.dialogs == []


def test_the_page_data_carries_the_years_of_the_json(visit: Visit, timeline_view: Path) -> None:
    from test_timeline import GAVLE, analyze_json

    pair = next(
        p
        for p in analyze_json(timeline_view.parent)["timeline"]["pairs"]
        if (p["source"]["iri"], p["target"]["iri"]) == GAVLE
    )
    edges = visit.js("window.kgView.data.edges")
    gavle = [e for e in edges if {e["from"], e["to"]} == set(GAVLE)]
    assert gavle and all(e["years"] == pair["years"] and (e["first"], e["last"]) == (2012, 2013) for e in gavle)
