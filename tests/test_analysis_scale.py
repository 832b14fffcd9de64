"""The analyses on generated graphs: the large-graph path (igraph, link table) against NetworkX and the reference code."""

from __future__ import annotations

import hashlib
import json
import random

import networkx as nx
import pytest

from kg.analysis import analyse_graph, engine, network
from kg.analysis.links import org_links
from kg.analysis.network import MIN_PIVOTS, SEED, betweenness_pivots, undirected
from kg.analysis.result import Node
from kg.analysis.table import Ragged, link_table

ID = "https://w3id.org/samverkan/id/"
ORGS = ("HigherEducationInstitution", "Municipality", "Region", "GovernmentAgency", "Company")
KINDS = (("Person", 0.45), ("Org", 0.15), ("Project", 0.15), ("Agreement", 0.08), ("Arena", 0.05), ("Event", 0.07))
ACTIONS = ("participatesIn", "coordinates", "organises", "partyTo", "funds")


def collaboration_graph(n: int, seed: int) -> tuple[nx.MultiDiGraph, dict[str, tuple[tuple[str, str], ...]]]:
    """About n entities as `to_networkx` makes them, and roles: persons with zero to three affiliations,
    organisations taking part directly and through persons, agreements, events, direct relations,
    many repeated labels, an isolated node and a self-loop."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    by: dict[str, list[str]] = {}
    for kind, share in (*KINDS, ("Place", 0.05)):
        for _ in range(max(2, int(n * share))):
            iri = f"{ID}{kind.lower()}/n{g.number_of_nodes():06d}"
            cls = rnd.choice(ORGS) if kind == "Org" else kind
            g.add_node(iri, label=f"{kind} {rnd.randrange(max(3, n // 7))}", cls=cls)
            by.setdefault(kind, []).append(iri)
    orgs = by["Org"]
    weights = [1.0 / (1 + i) ** 0.7 for i in range(len(orgs))]  # a few hubs

    def org() -> str:
        return rnd.choices(orgs, weights)[0]

    def edge(u: str, v: str, prop: str) -> None:
        g.add_edge(u, v, key=prop, property=prop, label=prop)

    things = by["Project"] + by["Arena"] + by["Event"] + by["Agreement"]
    for person in by["Person"]:
        for _ in range(rnd.choice((0, 1, 1, 1, 2, 3))):
            edge(person, org(), "affiliatedWith")
        for _ in range(rnd.choice((0, 1, 1, 2, 3))):
            edge(person, rnd.choice(things), rnd.choice(ACTIONS))
    for thing in things:
        for _ in range(rnd.choice((0, 1, 2, 3))):
            edge(org(), thing, rnd.choice(ACTIONS))
    for event in by["Event"]:
        if rnd.random() < 0.5:
            edge(event, rnd.choice(by["Project"] + by["Arena"]), "partOf")
        edge(event, rnd.choice(by["Place"]), "heldIn")
    for _ in range(len(orgs)):
        edge(org(), org(), rnd.choice(("collaboratesWith", "memberOf")))
    g.add_node(f"{ID}project/isolated", label="Isolated", cls="Project")
    edge(orgs[0], orgs[0], "collaboratesWith")
    roles = {}
    for person in by["Person"][:: max(1, len(by["Person"]) // 30)]:
        held = [v for _, v, d in g.out_edges(person, data=True) if d["property"] == "affiliatedWith"]
        if held:
            roles[person] = tuple(sorted((o, rnd.choice(("rektor", "lektor", "kommunalråd"))) for o in held))
    return g, roles


def digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


@pytest.mark.parametrize(
    ("n", "seed", "expected"),
    [
        (300, 2, "9f7ee7db4e6db843"),
        (1000, 3, "53334f7976a7be2d"),
    ],
)
def test_small_graphs_give_what_the_networkx_only_code_gave(n: int, seed: int, expected: str) -> None:
    # Digests of `analyse_graph(...).as_dict()` made with the analysis as it was before the link
    # table and the igraph engine existed (commit 849d40d): at most EXACT_LIMIT nodes, nothing changes.
    g, roles = collaboration_graph(n, seed)
    assert g.number_of_nodes() <= network.EXACT_LIMIT
    result = analyse_graph(g, roles).as_dict()
    assert result["communities"].pop("method") == "Louvain"  # a key added since; the rest is as it was
    assert result.pop("timeline")["pairs"] == []  # added since, empty without dates
    assert digest(result) == expected


@pytest.mark.parametrize(("n", "seed"), [(60, 1), (400, 2), (1500, 5)])
def test_link_table_agrees_with_org_links(n: int, seed: int) -> None:
    g, _ = collaboration_graph(n, seed)
    nodes = {v: Node(v, str(d["label"]), str(d["cls"])) for v, d in g.nodes(data=True)}
    table = link_table(g, nodes)
    order = [x.iri for x in table.order.tolist()]

    def iris(rows: Ragged, i: int) -> list[str]:
        return sorted(order[v] for v in rows.values[rows.offsets[i] : rows.offsets[i + 1]].tolist())

    lean = {
        tuple(sorted((order[a], order[b]))): (
            iris(table.carriers, i),
            iris(table.key_persons, i),
            iris(table.through, i),
            iris(table.persons, i),
            list(table.direct[i]),
        )
        for i, (a, b) in enumerate(zip(table.source.tolist(), table.target.tolist(), strict=True))
    }
    reference = {
        (link.a, link.b): (
            sorted(link.carriers),
            sorted(link.key_persons),
            sorted(link.activities + link.agreements),
            sorted(link.persons),
            list(link.direct),
        )
        for link in org_links(g)
    }
    assert lean == reference
    assert any(keys for _, keys, *_ in reference.values())  # the graph has links that one departure cuts
    assert any(len(carriers) > len(keys) > 0 for carriers, keys, *_ in reference.values())


def test_large_graph_exact_betweenness_and_brokers_match_networkx() -> None:
    g, roles = collaboration_graph(2030, 7)
    h = undirected(g)
    assert h.number_of_nodes() > network.EXACT_LIMIT  # the igraph path, exact because the graph is small enough
    analysis = analyse_graph(g, roles)
    c = analysis.centrality
    assert c.exact and c.sample_size == h.number_of_nodes()
    between = nx.betweenness_centrality(h)
    rank = nx.pagerank(h, alpha=0.85, tol=1e-10, max_iter=1000, weight="weight")
    for r in c.nodes:
        assert r.betweenness == pytest.approx(between[r.node.iri], abs=1e-6)
        assert r.pagerank == pytest.approx(rank[r.node.iri], abs=1e-6)
    assert analysis.brokers
    simple = nx.Graph(h.edges())
    ids = [b.node.iri for b in analysis.brokers]
    constraint, effective = nx.constraint(simple, nodes=ids), nx.effective_size(simple, nodes=ids)
    for b in analysis.brokers:
        assert b.constraint == pytest.approx(constraint[b.node.iri], abs=1e-6)
        assert b.effective_size == pytest.approx(effective[b.node.iri], abs=1e-6)


@pytest.fixture
def sampled(monkeypatch: pytest.MonkeyPatch) -> None:
    """The large-graph path with sampled betweenness on a small graph: limit 50 nodes, MIN_PIVOTS pivots."""
    monkeypatch.setattr(network, "EXACT_LIMIT", 50)
    monkeypatch.setattr(network, "BETWEENNESS_WORK", 1)


@pytest.mark.usefixtures("sampled")
def test_sampled_betweenness_is_networkx_estimate_from_the_same_pivots() -> None:
    g, roles = collaboration_graph(500, 4)
    h = undirected(g)
    c = analyse_graph(g, roles).centrality
    assert not c.exact and c.sample_size == MIN_PIVOTS and c.seed == SEED
    estimate = nx.betweenness_centrality(h, k=MIN_PIVOTS, seed=SEED)
    for r in c.nodes:
        assert r.betweenness == pytest.approx(estimate[r.node.iri], abs=1e-6)


@pytest.mark.usefixtures("sampled")
def test_large_graph_path_is_deterministic() -> None:
    g, roles = collaboration_graph(500, 4)
    first = analyse_graph(g, roles)
    random.seed(99)  # the global random state does not matter: igraph draws from a seeded generator
    random.random()
    second = analyse_graph(g, roles)
    assert first == second
    assert first.communities.items and first.brokers


@pytest.mark.usefixtures("sampled")
def test_large_graph_communities_partition_the_related_entities() -> None:
    g, roles = collaboration_graph(500, 6)
    h = undirected(g)
    communities = analyse_graph(g, roles).communities
    parts = [{m.iri for m in c.members} for c in communities.items]
    related = {v for v in h if h.degree(v) > 0}
    assert set().union(*parts) == related and sum(len(p) for p in parts) == len(related)  # each entity once
    assert communities.modularity == pytest.approx(
        nx.community.modularity(h.subgraph(related), parts, weight="weight"), abs=1e-6
    )
    assert [len(c.members) for c in communities.items] == sorted((len(p) for p in parts), reverse=True)
    assert h.number_of_nodes() > network.EXACT_LIMIT and communities.method == "Leiden"  # what the report names


def test_pivots_fill_the_work_budget() -> None:
    assert betweenness_pivots(10_000, 48_349) == 10_000  # the 10k benchmark graph: exact
    shapes = [(n, 5 * n) for n in (20_000, 50_000, 100_000, 1_000_000, 10_000_000)]
    pivots = [betweenness_pivots(n, m) for n, m in shapes]
    assert pivots == sorted(pivots, reverse=True)  # fewer as graphs grow
    assert all(MIN_PIVOTS <= k < n for k, (n, _) in zip(pivots, shapes, strict=True))
    assert pivots[-1] == MIN_PIVOTS


def test_engine_betweenness_equals_networkx_for_given_pivots() -> None:
    g, _ = collaboration_graph(300, 8)
    h = undirected(g)
    ix = engine.index_graph(h)
    exact = engine.betweenness(ix, list(h.nodes))
    assert max(abs(exact[v] - b) for v, b in nx.betweenness_centrality(h).items()) < 1e-9
    pivots = random.Random(SEED).sample(list(h.nodes), 40)
    estimate = engine.betweenness(ix, pivots)
    reference = nx.betweenness_centrality(h, k=40, seed=SEED)
    assert max(abs(estimate[v] - b) for v, b in reference.items()) < 1e-9


def test_engine_betweenness_folds_leaves_and_twins_without_changing_the_result() -> None:
    # Leaves on hubs and on a path, a pair alone, an isolated node, a star, twins: the folded
    # sources (a leaf counted through its neighbour, a twin through the other) must give NetworkX's
    # values, exact and sampled.
    h = nx.Graph()
    h.add_edges_from([("a", "b"), ("b", "c"), ("c", "d"), ("d", "a"), ("c", "e"), ("e", "f")])
    h.add_edges_from((hub, f"{hub}-leaf{i}") for hub in ("a", "c", "e") for i in range(3))
    h.add_edges_from([("p", "q"), ("s", "s1"), ("s", "s2"), ("s", "s3")])
    # Twins: t1..t3 share the neighbours a and c; u1 and u2 share e, f and b.
    h.add_edges_from((t, hub) for t in ("t1", "t2", "t3") for hub in ("a", "c"))
    h.add_edges_from((t, hub) for t in ("u1", "u2") for hub in ("e", "f", "b"))
    h.add_node("alone")
    ix = engine.index_graph(h)
    exact = engine.betweenness(ix, list(h.nodes))
    assert max(abs(exact[v] - b) for v, b in nx.betweenness_centrality(h).items()) < 1e-12
    assert exact["c"] > exact["e"] > 0 == exact["alone"] == exact["p"]
    for k in (3, 9, 17):
        pivots = random.Random(k).sample(list(h.nodes), k)
        estimate = engine.betweenness(ix, pivots)
        reference = nx.betweenness_centrality(h, k=k, seed=k)
        assert max(abs(estimate[v] - b) for v, b in reference.items()) < 1e-12
