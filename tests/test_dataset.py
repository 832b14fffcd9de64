"""kg.api.dataset(): the built store as a read-only rdflib Dataset that answers like `kg query`."""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Dataset, Literal, URIRef
from test_store import store_without_union

import kg.api
from kg.cli import main
from kg.queries import list_queries, load_query
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES

NAMES = [q.name for q in list_queries()]
Rows = Counter[tuple[tuple[str, str], ...]]


def _text(term: object) -> str:
    """A term as SPARQL CSV writes it: the IRI, the lexical form, `_:id`, or nothing when unbound."""
    if term is None:
        return ""
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)


def _dataset_rows(ds: Dataset, sparql: str) -> Rows:
    result = ds.query(sparql)
    names = [str(v) for v in result.vars or []]
    return Counter(tuple((n, _text(row[i])) for i, n in enumerate(names)) for row in result)  # type: ignore[index]


def _cli_rows(graph: Path, name: str) -> tuple[list[str], Rows]:
    """The header and rows `kg query --name NAME --format csv` prints."""
    run = CliRunner().invoke(main, ["query", "--name", name, "--format", "csv", "--graph", str(graph)])
    assert run.exit_code == 0, run.output
    header, *rows = list(csv.reader(io.StringIO(run.output, newline="")))
    return header, Counter(tuple(zip(header, row, strict=True)) for row in rows)


def _api_rows(graph: Path, name: str, header: list[str]) -> Rows:
    """kg.api.named_query's rows (which leave unbound variables out) in the CLI's columns."""
    rows = kg.api.named_query(name, graph)
    return Counter(tuple((n, row.get(n, "")) for n in header) for row in rows)


def test_every_named_query_of_the_library_is_run_here() -> None:
    """The nine of issue 15 and the two of the timeline: the test below runs each of them on the dataset."""
    assert len(NAMES) == 11 and {"timeline", "quiet-links", "persons", "evidence"} <= set(NAMES)


# The seed's links were all observed in its last two years: no link there has gone quiet.
NOT_ON_THE_SEED = {"quiet-links"}


@pytest.fixture(scope="module")
def time_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dated documents of tests/data/time built: one link there has gone quiet."""
    out = tmp_path_factory.mktemp("time") / "output"
    kg.api.build([Path(__file__).parent / "data" / "time"], out)
    return out


@pytest.mark.parametrize("name", NAMES)
def test_dataset_answers_each_named_query_as_kg_query(seed_graph: Path, time_graph: Path, name: str) -> None:
    graph = time_graph if name in NOT_ON_THE_SEED else seed_graph
    ds = kg.api.dataset(graph)
    got = _dataset_rows(ds, load_query(name))
    header, expected = _cli_rows(graph, name)
    assert got == expected
    assert sum(expected.values()) > 0, f"{name} gives no rows on {graph}: the comparison proves nothing"
    assert got == _api_rows(graph, name, header)


def test_dataset_declares_the_prefixes_and_keeps_the_named_graphs(seed_graph: Path) -> None:
    ds = kg.api.dataset(seed_graph)
    bound = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    assert {p: bound.get(p) for p in PREFIXES} == PREFIXES
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert ONTOLOGY_GRAPH in graphs
    documents = {str(r[0]) for r in ds.query("SELECT DISTINCT ?d WHERE { ?d a samv:Document }")}
    assert documents and documents <= graphs  # one named graph per document
    # rdflib's own API reads a document graph through the store, without a SPARQL query.
    one = ds.graph(URIRef(sorted(documents)[0]))
    assert len(list(one.triples((None, None, None)))) > 0


def test_dataset_default_graph_counts_like_kg_query(seed_graph: Path) -> None:
    sparql = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    (row,) = list(kg.api.dataset(seed_graph).query(sparql))
    assert isinstance(row[0], Literal)  # type: ignore[index]
    assert int(row[0]) == int(kg.api.query(sparql, seed_graph)[0]["n"])  # type: ignore[index]


def test_dataset_is_read_only(seed_graph: Path) -> None:
    ds = kg.api.dataset(seed_graph)
    triple = (URIRef(PREFIXES["org"] + "x"), URIRef(PREFIXES["samv"] + "memberOf"), URIRef(PREFIXES["org"] + "y"))
    with pytest.raises(Exception, match="read-write|read.only|Transaction"):
        ds.add(triple)
    assert triple not in ds


def test_dataset_of_a_store_without_the_stored_union_reads_every_graph(tmp_path: Path) -> None:
    """Stores written before the union was materialised: rdflib, like kg query, reads Oxigraph's union."""
    old = store_without_union(tmp_path / "old")
    sparql = "SELECT DISTINCT ?p WHERE { ?p a samv:Person }"
    ds = kg.api.dataset(old)
    assert ds.default_union is True
    got = sorted(str(row[0]) for row in ds.query(sparql))  # type: ignore[index]
    assert got and got == sorted(r["p"] for r in kg.api.query(sparql, old))
