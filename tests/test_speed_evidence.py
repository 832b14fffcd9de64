"""node_evidence, node_aliases and write_html give what they gave before they were made faster (seed build)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg.analysis import affiliation_roles, analyse_graph, to_networkx
from kg.store import open_store, select
from kg.view import node_aliases, node_evidence, render_html, write_html
from kg.view.evidence import _document_titles
from kg.vocab import PROV, RDF, SAMV

# The query node_evidence ran before (one group pattern, its properties looked up per statement).
STATEMENTS = f"""SELECT ?st ?s ?o ?p ?quote ?doc ?page ?start WHERE {{
  ?st a <{RDF}Statement> ; <{RDF}subject> ?s ; <{RDF}object> ?o ; <{SAMV}quote> ?quote ;
      <{PROV}wasDerivedFrom> ?doc .
  OPTIONAL {{ ?st <{RDF}predicate> ?p }}
  OPTIONAL {{ ?st <{SAMV}page> ?page }}
  OPTIONAL {{ ?st <{SAMV}charStart> ?start }}
}}"""


def text(term: object) -> str:
    return " ".join(term.value.split()) if isinstance(term, ox.Literal) else ""


def number(term: object) -> int | None:
    if isinstance(term, ox.Literal):
        try:
            return int(term.value)
        except ValueError:
            return None
    return None


def reference_evidence(store: ox.Store, limit_per_node: int = 5) -> dict[str, list[dict[str, Any]]]:
    """node_evidence as it was written before: the reference for the results."""
    titles = _document_titles(store)
    found: dict[str, set[tuple[str, int, int, str, str]]] = defaultdict(set)
    for row in select(store, STATEMENTS):
        quote = text(row["quote"])
        if not quote:
            continue
        doc = row["doc"].value
        title = titles.get(doc) or doc.rsplit("/", 1)[-1]
        page, start = number(row["page"]), number(row["start"])
        key = (title, page if page is not None else -1, start if start is not None else -1, quote, doc)
        for end in (row["s"], row["o"]):
            if isinstance(end, ox.NamedNode) and end.value != doc:
                found[end.value].add(key)
    result: dict[str, list[dict[str, Any]]] = {}
    for iri in sorted(found):
        items: list[dict[str, Any]] = []
        seen: set[tuple[str, str, int]] = set()
        for title, page, _start, quote, doc in sorted(found[iri]):
            if (quote, doc, page) in seen:
                continue
            seen.add((quote, doc, page))
            items.append({"quote": quote, "document": title, "page": page if page >= 0 else None})
            if len(items) >= limit_per_node:
                break
        result[iri] = items
    return result


@pytest.mark.parametrize("limit", [1, 3, 5, 50])
def test_evidence_equals_the_reference(seed_graph: Path, limit: int) -> None:
    store = open_store(seed_graph)
    evidence = node_evidence(store, limit_per_node=limit)
    expected = reference_evidence(store, limit_per_node=limit)
    assert evidence == expected
    assert list(evidence) == list(expected)  # the same order too
    assert any(e["page"] is not None for items in evidence.values() for e in items)  # pages are read


def test_evidence_and_aliases_of_some_nodes(seed_graph: Path) -> None:
    store = open_store(seed_graph)
    every, aliases = node_evidence(store), node_aliases(store)
    some = sorted(every)[::3] + ["https://example.org/not-in-the-graph"]
    assert node_evidence(store, nodes=some) == {n: items for n, items in every.items() if n in some}
    assert node_aliases(store, nodes=some) == {n: names for n, names in aliases.items() if n in some}
    assert node_evidence(store, nodes=[]) == {} == node_aliases(store, nodes=[])
    # Found through the indexes, one node at a time (what an incremental build does): the same items.
    assert node_evidence(store, nodes=some, lookup=True) == node_evidence(store, nodes=some)
    assert node_evidence(store, nodes=[], lookup=True) == {}


@pytest.mark.parametrize("max_nodes", [0, 25])
def test_write_html_reads_only_the_shown_nodes_and_writes_the_same_page(
    seed_graph: Path, tmp_path: Path, max_nodes: int
) -> None:
    store = open_store(seed_graph)
    g = to_networkx(store)
    analysis = analyse_graph(g, affiliation_roles(store))
    communities = {m.iri: (c.number, c.name) for c in analysis.communities.items for m in c.members}
    scores = {r.node.iri: r.pagerank for r in analysis.centrality.nodes}
    expected = render_html(
        g,
        title="Seed",
        evidence=node_evidence(store),
        aliases=node_aliases(store),
        communities=communities,
        scores=scores,
        max_nodes=max_nodes,
    )
    out = tmp_path / "graph.html"
    write_html(g, out, title="Seed", store=store, communities=communities, scores=scores, max_nodes=max_nodes)
    assert out.read_text(encoding="utf-8") == expected
    # Without scores the view ranks by PageRank, the same in both ways of reading the store.
    write_html(g, out, title="Seed", store=store, max_nodes=max_nodes)
    assert out.read_text(encoding="utf-8") == render_html(
        g, title="Seed", evidence=node_evidence(store), aliases=node_aliases(store), max_nodes=max_nodes
    )


def test_the_seed_view_is_unchanged(seed_graph: Path, tmp_path: Path) -> None:
    """graph.html of the seed build is what write_html writes for its store again."""
    from kg.observations import relation_observations

    store = open_store(seed_graph)
    g = to_networkx(store)
    analysis = analyse_graph(g, affiliation_roles(store))
    communities = {m.iri: (c.number, c.name) for c in analysis.communities.items for m in c.members}
    scores = {r.node.iri: r.pagerank for r in analysis.centrality.nodes}
    out = tmp_path / "graph.html"
    observed = relation_observations(store)  # the seed's documents are dated: the page has its year control
    assert observed
    write_html(
        g,
        out,
        title="Samverkan: kunskapsgraf",
        store=store,
        communities=communities,
        scores=scores,
        observed=observed,
    )
    assert out.read_bytes() == (seed_graph / "graph.html").read_bytes()


@pytest.fixture(scope="module")
def generated_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of 80 documents made by the benchmarks' generator: organisations named in many of them."""
    import sys

    from seedbuild import ROOT

    from kg.building import build

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate_corpus import generate_corpus

    folder = tmp_path_factory.mktemp("generated")
    generate_corpus(80, folder / "docs", 3)
    build([folder / "docs"], folder / "out", jobs=1, incremental=False)
    return folder / "out"


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_looked_up_evidence_of_hubs_equals_the_full_read(generated_graph: Path, limit: int) -> None:
    # A lookup reads a hub's statements one document title at a time and stops early, which must
    # not change which items come first.
    store = open_store(generated_graph)
    every = node_evidence(store, limit_per_node=limit)
    statements = defaultdict(set)
    for row in select(store, STATEMENTS):
        for end in (row["s"], row["o"]):
            statements[end.value].add(row["doc"].value)
    hubs = sorted(iri for iri in every if len(statements[iri]) >= 6)
    assert len(hubs) >= 6
    some = hubs + sorted(every)[::7]
    looked_up = node_evidence(store, limit_per_node=limit, nodes=some, lookup=True)
    assert looked_up == {n: every[n] for n in some}
