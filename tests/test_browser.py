"""The view in a real browser: Playwright driving Debian's chromium, every request but the page blocked.

Needs `playwright` (the test extra) and a `chromium` on PATH; no `playwright install`. Where the
environment variable CI is set, a missing chromium or playwright fails the tests instead of skipping.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.stats import compute_stats
from kg.store import open_store

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PAYLOAD_SCRIPT = "<script>window.__pwned=1</script>"
PAYLOAD_IMG = '<img src=x onerror="window.__pwned=1">'
ID = "https://w3id.org/samverkan/id/"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {reason}: the browser tests must run in CI.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = shutil.which("chromium")
    if executable is None:
        _unavailable("no `chromium` on PATH (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the `playwright` package is not installed (pip install -e '.[test]')")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """An opened page, with every request other than the page itself aborted and recorded."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.goto(self.url)
        self.page.wait_for_function("window.kgStable !== undefined", timeout=20_000)

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def node_point(self, node: str) -> tuple[float, float]:
        """Page coordinates of a node's centre, after bringing it into view."""
        self.js("id => window.network.focus(id, {scale: 1.5, animation: false})", node)
        x, y = self.js(
            "id => { const p = window.network.getPositions([id])[id]; const d = window.network.canvasToDOM(p);"
            " const r = document.querySelector('#kg-network canvas').getBoundingClientRect();"
            " return [r.left + d.x, r.top + d.y]; }",
            node,
        )
        return float(x), float(y)

    def panel(self) -> str:
        text: str = self.page.inner_text("#kg-panel")
        return text

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def seed_view(seed_graph: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed's view as `kg viz` writes it (with evidence and aliases from the store)."""
    out = tmp_path_factory.mktemp("view") / "graph.html"
    result = CliRunner().invoke(main, ["viz", "--graph", str(seed_graph), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def visit(browser: Any, seed_view: Path) -> Iterator[Visit]:
    v = Visit(browser, seed_view)
    yield v
    v.close()


def test_the_built_page_draws_every_entity_with_no_outside_request(browser: Any, seed_graph: Path) -> None:
    entities = compute_stats(open_store(seed_graph)).entities
    v = Visit(browser, seed_graph / "graph.html")
    try:
        assert v.js("typeof window.network") == "object"
        assert v.js("window.network.body.data.nodes.length") == entities
        assert v.js("window.network.body.nodeIndices.length") == entities
        assert v.js("Object.keys(window.network.getPositions()).length") == entities
        assert v.js("window.network.body.data.nodes.get({filter: n => n.hidden}).length") == 0
        assert v.js("document.querySelector('#kg-network canvas').width") > 0
        assert v.page.is_hidden("#kg-note")  # small graph: nothing left out
        assert v.outside == []
        assert v.errors == []
    finally:
        v.close()


def test_search_finds_a_node_by_name_or_alias_with_swedish_letters(visit: Visit) -> None:
    visit.page.fill("#kg-search", "jansson åKERS")
    assert visit.page.inner_text("#kg-results li:first-child").startswith("Anna Jansson Åkerson")
    visit.page.press("#kg-search", "Enter")
    assert visit.js("window.network.getSelectedNodes()") == [ID + "person/anna-jansson-akerson"]
    assert "Anna Jansson Åkerson" in visit.panel()
    visit.page.fill("#kg-search", "university of gothenburg")
    visit.page.click("#kg-results li:first-child")
    assert visit.js("window.network.getSelectedNodes()") == [ID + "org/goteborgs-universitet"]
    assert "GU" in visit.panel()  # the alias is listed among the labels
    assert visit.outside == []


def test_a_class_filter_hides_that_class(visit: Visit) -> None:
    persons = visit.js("window.kgView.data.nodes.filter(n => n.cls === 'Person').map(n => n.id)")
    assert persons
    before = visit.js("window.kgView.visibleNodeIds().length")
    visit.page.uncheck("#kg-classes input[value='Person']")
    hidden = visit.js("window.network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert sorted(hidden) == sorted(persons)
    assert visit.js("window.kgView.visibleNodeIds().length") == before - len(persons)
    visit.page.check("#kg-classes input[value='Person']")
    assert visit.js("window.kgView.visibleNodeIds().length") == before


def test_a_relation_filter_hides_those_edges(visit: Visit) -> None:
    visit.page.uncheck("#kg-relations input[value='collaboratesWith']")
    hidden = visit.js("window.network.body.data.edges.get({filter: e => e.hidden}).map(e => e.label)")
    assert hidden and set(hidden) == {"collaboratesWith"}


def test_clicking_a_node_opens_the_panel_with_its_evidence(visit: Visit) -> None:
    x, y = visit.node_point(ID + "person/elisabeth-berg")
    visit.page.mouse.click(x, y)
    assert visit.js("window.network.getSelectedNodes()") == [ID + "person/elisabeth-berg"]
    panel = visit.panel()
    assert "Elisabeth Berg" in panel
    assert "Person" in panel
    assert "Karlstads universitet" in panel  # a relation, with the other end's label
    assert "Elisabeth Berg, Karlstads universitet, undrade hur man kan arbeta" in panel  # the quote
    assert "samverkan i fokus" in panel and "p. 3" in panel  # its document and page
    assert visit.outside == []


def test_save_png_offers_a_download(visit: Visit) -> None:
    with visit.page.expect_download() as info:
        visit.page.click("#kg-png")
    assert info.value.suggested_filename == "samverkan-graph.png"
    assert visit.outside == []


INJECTED_DOC = f"""# Rapport {PAYLOAD_SCRIPT} om samverkan {PAYLOAD_IMG}

Anna {PAYLOAD_IMG} Berg, projektledare vid Umeå universitet, berättade om samarbetet med Region Västerbotten {PAYLOAD_SCRIPT}.

Karin {PAYLOAD_SCRIPT} Lind, rektor vid Luleå tekniska universitet, och Umeå kommun har tecknat ett samverkansavtal.

Projektet Norrsken {PAYLOAD_IMG} finansieras av Vinnova och leds av Umeå universitet.
"""

# Curated RDF travels in as it is: a person whose names carry the payloads.
INJECTED_TTL = """@prefix samv: <https://w3id.org/samverkan/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/samverkan/id/person/eva-pwn> a samv:Person ;
  rdfs:label "Eva <script>window.__pwned=1</script> Pwn"@sv ;
  skos:prefLabel "Eva <script>window.__pwned=1</script> Pwn"@sv ;
  skos:altLabel "E. <img src=x onerror=\\"window.__pwned=1\\"> Pwn"@sv ;
  samv:affiliatedWith <https://w3id.org/samverkan/id/org/umea-universitet> .
"""


@pytest.fixture(scope="module")
def injected_view(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("injected")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "rapport.md").write_text(INJECTED_DOC, encoding="utf-8")
    (corpus / "kurering.ttl").write_text(INJECTED_TTL, encoding="utf-8")
    out = root / "out"
    runner = CliRunner()
    built = runner.invoke(main, ["build", str(corpus), "--out", str(out)])
    assert built.exit_code == 0, built.output
    viewed = runner.invoke(main, ["viz", "--graph", str(out)])
    assert viewed.exit_code == 0, viewed.output
    page = (out / "graph.html").read_text(encoding="utf-8")
    assert "window.__pwned=1" in page  # the payloads are in the data (as escaped JSON) ...
    assert PAYLOAD_SCRIPT not in page and "<img" not in page  # ... and nowhere as markup
    return out / "graph.html"


def test_an_injected_script_document_runs_nothing(browser: Any, injected_view: Path) -> None:
    v = Visit(browser, injected_view)
    try:
        ids: list[str] = v.js("window.network.body.data.nodes.getIds()")
        names = v.js("window.kgView.data.nodes.map(n => n.name)")
        assert any(PAYLOAD_SCRIPT in name for name in names)  # a label carries a payload
        assert any(
            PAYLOAD_IMG in e["quote"] or PAYLOAD_SCRIPT in e["quote"]
            for items in v.js("Object.values(window.kgView.data.evidence)")
            for e in items
        )
        for node in ids:  # hover, then click, every node
            x, y = v.node_point(node)
            v.page.mouse.move(x, y)
            v.page.mouse.click(x, y)
            assert v.js("window.network.getSelectedNodes()") == [node]
        v.js("id => window.kgView.select(id)", ID + "person/eva-pwn")
        panel = v.panel()
        assert PAYLOAD_SCRIPT in panel  # shown as text: the name ...
        assert 'E. <img src=x onerror="window.__pwned=1"> Pwn' in panel  # ... the alias ...
        assert "Rapport <script>" in panel or any(  # ... and a quote's document title
            "Rapport <script>" in e["document"]
            for items in v.js("Object.values(window.kgView.data.evidence)")
            for e in items
        )
        v.page.fill("#kg-search", "pwn")
        v.page.press("#kg-search", "Enter")
        v.page.wait_for_timeout(300)  # time for an onerror to fire, were there an <img>
        assert v.js("typeof window.__pwned") == "undefined"
        assert v.js("document.querySelectorAll('img').length") == 0
        assert v.js("document.querySelectorAll('script').length") == 3
        assert v.dialogs == []
        assert v.outside == []
        assert v.errors == []
    finally:
        v.close()


def test_community_filter_and_colouring(visit: Visit) -> None:
    communities = visit.js("window.kgView.data.communities")
    assert communities, "kg viz passes the communities of kg.analysis"
    first = communities[0]["id"]
    members = visit.js("id => window.kgView.data.nodes.filter(n => n.community === id).map(n => n.id)", first)
    assert len(members) == communities[0]["count"]
    visit.page.uncheck(f"#kg-communities input[value='{first}']")
    hidden = visit.js("window.network.body.data.nodes.get({filter: n => n.hidden}).map(n => n.id)")
    assert sorted(hidden) == sorted(members)
    colours = "ids => ids.map(id => window.network.body.data.nodes.get(id).color.background)"
    assert len(set(visit.js(colours, members))) > 1  # coloured by class: the community mixes classes
    visit.page.check("#kg-colour-community")
    assert len(set(visit.js(colours, members))) == 1  # coloured by community: one colour


def test_the_notebook_view_draws_in_its_sandboxed_iframe(browser: Any, seed_graph: Path, tmp_path: Path) -> None:
    """What kg.api.show() hands to Jupyter, in a page: the view runs inside the srcdoc iframe, offline."""
    from kg.api import view_page
    from kg.view.inline import srcdoc_iframe

    cell = tmp_path / "cell.html"
    cell.write_text(f"<!doctype html><meta charset='utf-8'>{srcdoc_iframe(view_page(seed_graph))}", encoding="utf-8")
    entities = compute_stats(open_store(seed_graph)).entities
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    outside: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url == cell.as_uri():
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    try:
        page = context.new_page()
        page.goto(cell.as_uri())
        frame = page.frames[1]
        frame.wait_for_selector("body[data-stable='true']", timeout=20_000)
        assert frame.evaluate("window.network.body.data.nodes.length") == entities
        assert page.evaluate("typeof window.network") == "undefined"  # the notebook's page is left alone
        assert outside == []
    finally:
        context.close()
