"""The Oxigraph store: writing, opening, querying, result formats."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import GraphNotFoundError, OutputError, QueryError
from kg.store import format_results, open_store, query_rows, run_query, shorten, write_atomic, write_store
from kg.vocab import ONTOLOGY_GRAPH

MINI = Path(__file__).parent / "data" / "mini" / "graph.trig"


def make_graph_dir(root: Path) -> Path:
    """A graph folder as `kg build` writes it (graph.trig + store), from the hand-written mini dataset."""
    graph_dir = root / "graph"
    graph_dir.mkdir()
    (graph_dir / "graph.trig").write_bytes(MINI.read_bytes())
    write_store(ox.parse(path=str(MINI), format=ox.RdfFormat.TRIG), graph_dir / "store")
    return graph_dir


def store_without_union(folder: Path) -> Path:
    """A graph folder whose store holds the mini graph's quads as written before the union was stored."""
    folder.mkdir()
    plain = ox.Store(str(folder / "store"))
    plain.bulk_extend(mini_quads())
    plain.flush()
    del plain
    return folder


def mini_quads() -> list[ox.Quad]:
    return list(ox.parse(path=str(MINI), format=ox.RdfFormat.TRIG))


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    return make_graph_dir(tmp_path)


def test_write_store_holds_every_quad(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    data = [q for q in store if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value != ONTOLOGY_GRAPH]

    # Oxigraph canonicalises literals ("1.0"^^xsd:decimal becomes "1"), so compare the counts per graph.
    def per_graph(quads: list[ox.Quad]) -> dict[str, int]:
        counts: dict[str, int] = {}
        for q in quads:
            counts[str(q.graph_name)] = counts.get(str(q.graph_name), 0) + 1
        return counts

    assert per_graph(data) == per_graph(mini_quads())


def test_default_graph_is_the_union_of_the_named_graphs(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    named = {q.triple for q in store if not isinstance(q.graph_name, ox.DefaultGraph)}
    default = {q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    assert named and default == named


def test_queries_see_every_graph_also_in_a_store_without_the_stored_union(graph_dir: Path, tmp_path: Path) -> None:
    """A store written before the union was materialised is still queried over all its graphs."""
    old = store_without_union(tmp_path / "old")
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?p a samv:Person }"
    counts = [query_rows(folder, sparql)[0]["n"] for folder in (graph_dir, old)]
    assert counts[0] == counts[1] != "0"


def test_graph_patterns_still_name_the_document_graphs(graph_dir: Path) -> None:
    rows = query_rows(graph_dir, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a samv:Person } }")
    assert rows and all("/document/" in row["g"] for row in rows)


def test_store_folder_can_be_renamed_after_writing(tmp_path: Path) -> None:
    write_store(mini_quads(), tmp_path / "new")
    (tmp_path / "new").rename(tmp_path / "store")
    assert len(list(open_store(tmp_path))) >= len(mini_quads())


def test_write_store_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "x").write_text("keep me")
    with pytest.raises(OutputError):
        write_store(mini_quads(), tmp_path / "store")
    assert (tmp_path / "store" / "x").read_text() == "keep me"


def test_open_store_without_a_graph(tmp_path: Path) -> None:
    with pytest.raises(GraphNotFoundError) as err:
        open_store(tmp_path)
    assert str(err.value) == f"No built graph in {tmp_path}: run `kg build` first."


def test_prefixes_are_predeclared_and_named_graphs_visible(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    result = run_query(store, "SELECT DISTINCT ?s WHERE { ?s a rdf:Statement ; samv:confidence ?c }")
    assert len(list(result)) == 6


def test_a_query_may_declare_its_own_prefixes(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    result = run_query(store, "PREFIX org: <https://example.org/> SELECT * WHERE { org:x ?p ?o }")
    assert list(result) == []


def test_bad_query_gives_one_line_with_the_right_line_number(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    with pytest.raises(QueryError) as err:
        run_query(store, "SELECT ?s\nWHERE {\n  ?s ?p\n}")
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("Bad SPARQL query: line 4, column 2:")


def test_unknown_prefix_is_reported(graph_dir: Path) -> None:
    with pytest.raises(QueryError) as err:
        run_query(open_store(graph_dir), "SELECT * WHERE { ?s nope:x ?o }")
    assert "Prefix not found" in str(err.value)


def test_table_format_shortens_iris(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    query = "SELECT DISTINCT ?org ?name WHERE { ?org a samv:Region ; skos:prefLabel ?name }"
    assert format_results(run_query(store, query), "table").decode() == (
        "org                     name\n"
        "----------------------  ------------------\n"
        "org:region-vastmanland  Region Västmanland\n"
    )


def test_json_and_ask_and_construct(graph_dir: Path) -> None:
    store = open_store(graph_dir)
    data = json.loads(
        format_results(run_query(store, "SELECT (COUNT(DISTINCT ?d) AS ?n) { ?d a samv:Document }"), "json")
    )
    assert data["results"]["bindings"][0]["n"]["value"] == "2"
    assert format_results(run_query(store, "ASK { ?e a samv:Event }"), "table") == b"true\n"
    assert json.loads(format_results(run_query(store, "ASK { ?e a samv:Arena }"), "json"))["boolean"] is False
    turtle = format_results(run_query(store, "CONSTRUCT WHERE { ?p a samv:Person }"), "table").decode()
    assert "@prefix person: <https://w3id.org/samverkan/id/person/> ." in turtle
    assert "person:karin-axelsson a samv:Person" in turtle


def test_query_rows(graph_dir: Path) -> None:
    rows = query_rows(graph_dir, "SELECT DISTINCT ?name WHERE { ?p a samv:Person ; rdfs:label ?name }")
    assert rows == [{"name": "Karin Axelsson"}]


def test_shorten() -> None:
    assert shorten("https://w3id.org/samverkan/id/org/malardalens-hogskola") == "org:malardalens-hogskola"
    assert shorten("https://w3id.org/samverkan/ontology#Person") == "samv:Person"
    assert shorten("https://example.org/x") == "<https://example.org/x>"


def test_write_atomic_replaces_and_reports_errors(tmp_path: Path) -> None:
    target = tmp_path / "a.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError):
        write_atomic(blocker / "child.txt", b"x")


ONTOLOGY = """@prefix samv: <https://w3id.org/samverkan/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
samv:PublicActor rdfs:subClassOf samv:Organisation .
samv:Municipality rdfs:subClassOf samv:PublicActor .
"""


def test_ontology_goes_to_its_own_graph_and_classes_are_most_specific(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kg import store as store_module
    from kg.export import export_bytes
    from kg.graph_parts import entity_classes
    from kg.stats import compute_stats

    (tmp_path / "onto").mkdir()
    (tmp_path / "onto" / "samverkan.ttl").write_text(ONTOLOGY, encoding="utf-8")
    monkeypatch.setattr(store_module, "ontology_dir", lambda: tmp_path / "onto")
    extra = [
        ox.Quad(
            ox.NamedNode("https://w3id.org/samverkan/id/org/eskilstuna-kommun"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(f"https://w3id.org/samverkan/ontology#{cls}"),
            ox.NamedNode("https://w3id.org/samverkan/id/document/rapport"),
        )
        for cls in ("PublicActor", "Organisation")
    ]
    write_store(mini_quads() + extra, tmp_path / "store")
    store = open_store(tmp_path)
    assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(ONTOLOGY_GRAPH)))) == 2
    assert entity_classes(store)["https://w3id.org/samverkan/id/org/eskilstuna-kommun"] == "Municipality"
    assert compute_stats(store).quads == len(mini_quads()) + 2
    assert b"subClassOf" not in export_bytes(store, "nq")
