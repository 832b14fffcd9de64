"""Benchmark `kg analyze` on synthetic graphs of 10k and 100k nodes, and check how well betweenness
finds the same top 20 as exact betweenness on the 10k graph.

    python3 benchmarks/bench_analyze.py [--sizes 10000 100000] [--no-sweep] [--no-record]

Graphs are made in the project's data shape (organisations, persons affiliated with them, projects
they take part in, collaborations), with a fixed seed; the timing is of `kg.analysis.analyse_graph`
on the NetworkX projection, as `kg analyze` runs it. Per size the script reports how betweenness
was computed (exact, or the number of pivots), the time, and the peak RSS of the process so far
(sizes run in the order given, so list them ascending).

On the first size of at most 20,000 nodes it compares the top 20 nodes by betweenness of the
analysis with the top 20 by exact betweenness (igraph's exact Brandes, which
tests/test_analysis_scale.py checks against NetworkX; `--networkx-reference` uses NetworkX instead,
minutes at 10k), and, unless `--no-sweep`, the top 20 of k-pivot estimates (pivots drawn as the
analysis draws them) for several k, on this graph and on a second seed of the generator: among all
nodes, and among persons and organisations (the broker candidates).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import networkx as nx  # noqa: E402
from record import header, publish  # noqa: E402

from kg.analysis import analyse_graph, engine  # noqa: E402
from kg.analysis.network import SEED, undirected  # noqa: E402
from kg.vocab import ORG_CLASSES  # noqa: E402

ID = "https://w3id.org/samverkan/id/"
TOP = 20
SWEEP = (64, 1000, 2500, 5000, 9000)


def synthetic_graph(nodes: int, seed: int = 1) -> nx.MultiDiGraph:
    """About `nodes` entities and five relations per entity, clustered by region like real networks."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    orgs = [f"{ID}org/o{i}" for i in range(max(20, nodes // 10))]
    projects = [f"{ID}project/p{i}" for i in range(max(10, nodes // 20))]
    regions = 12
    for i, org in enumerate(orgs):
        g.add_node(org, label=f"Organisation {i}", cls="HigherEducationInstitution" if i % 5 == 0 else "Municipality")
    for i, project in enumerate(projects):
        g.add_node(project, label=f"Projekt {i}", cls="Project")
    persons = nodes - len(orgs) - len(projects)

    def near(items: list[str], k: int) -> str:
        """An item of the same region as k most of the time, so that communities and brokers exist."""
        if rng.random() < 0.9:
            block = len(items) // regions or 1
            start = (k % regions) * block
            return items[min(len(items) - 1, start + rng.randrange(block))]
        return rng.choice(items)

    for i in range(persons):
        person = f"{ID}person/x{i}"
        g.add_node(person, label=f"Person {i}", cls="Person")
        region = rng.randrange(regions)
        g.add_edge(person, near(orgs, region), property="affiliatedWith")
        for _ in range(4):
            g.add_edge(person, near(projects, region), property="participatesIn")
    for i, org in enumerate(orgs):
        for _ in range(5):
            g.add_edge(org, near(projects, i), property="participatesIn")
        for _ in range(2):
            g.add_edge(org, near(orgs, i), property="collaboratesWith")
    return g


def top(scores: dict[str, float], among: set[str] | None = None) -> set[str]:
    """The TOP nodes by betweenness rounded as the analysis rounds it, ties by IRI."""
    rows = [(-round(b, 6), v) for v, b in scores.items() if among is None or v in among]
    return {v for _, v in sorted(rows)[:TOP]}


def exact_betweenness(h: nx.Graph, use_networkx: bool) -> dict[str, float]:
    """Exact normalised betweenness of every node."""
    if use_networkx:
        return dict(nx.betweenness_centrality(h))
    return engine.betweenness(engine.index_graph(h), list(h.nodes))


def sweep(g: nx.MultiDiGraph, exact: dict[str, float], counts: list[int]) -> list[tuple[float, float]]:
    """Per pivot count: top-20 overlap with exact, among all nodes and among persons and organisations."""
    h = undirected(g)
    ix = engine.index_graph(h)
    brokers = {v for v, d in g.nodes(data=True) if d.get("cls") == "Person" or d.get("cls") in ORG_CLASSES}
    found = []
    for k in counts:
        pivots = random.Random(SEED).sample(list(h.nodes), k)
        sampled = engine.betweenness(ix, pivots)
        found.append(
            (
                len(top(sampled) & top(exact)) / TOP,
                len(top(sampled, brokers) & top(exact, brokers)) / TOP,
            )
        )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-sweep", action="store_true", help="skip the k-pivot sweep on the checked size")
    parser.add_argument("--networkx-reference", action="store_true", help="exact betweenness by NetworkX (slow)")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    rows = []
    check: list[str] = []
    for size in args.sizes:
        g = synthetic_graph(size)
        started = time.perf_counter()
        analysis = analyse_graph(g)
        elapsed = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        c = analysis.centrality
        rows.append((g.number_of_nodes(), g.number_of_edges(), c.exact, c.sample_size, elapsed, peak))
        print(f"{size:,} nodes: {elapsed:.1f} s, pivots {c.sample_size:,}, peak RSS {peak:,.0f} MB", file=sys.stderr)
        if size > 20_000 or check:
            continue
        reference = "NetworkX" if args.networkx_reference else "igraph"
        exact = exact_betweenness(undirected(g), args.networkx_reference)
        ours = {r.node.iri: r.betweenness for r in c.nodes}
        how = "exact" if c.exact else f"sampled from {c.sample_size:,} pivots"
        check = [
            "",
            f"Top {TOP} by betweenness on {size:,} nodes, as the analysis computes it ({how}), vs exact "
            f"({reference}): overlap {len(top(ours) & top(exact)) / TOP:.2f}.",
        ]
        if not args.no_sweep:
            second = synthetic_graph(size, seed=2)
            counts = [k for k in SWEEP if k < size]
            seeds = [
                sweep(g, exact, counts),
                sweep(second, exact_betweenness(undirected(second), args.networkx_reference), counts),
            ]
            check += [
                "",
                f"Top-{TOP} overlap of k-pivot estimates (pivots drawn with seed {SEED}) with exact betweenness, "
                f"{size:,} nodes, generator seeds 1 and 2: among all nodes / among persons and organisations.",
                "",
                "| pivots | seed 1: all | seed 1: persons, orgs | seed 2: all | seed 2: persons, orgs |",
                "| ---: | ---: | ---: | ---: | ---: |",
                *(
                    f"| {k:,} | {a[0]:.2f} | {a[1]:.2f} | {b[0]:.2f} | {b[1]:.2f} |"
                    for k, a, b in zip(counts, seeds[0], seeds[1], strict=True)
                ),
            ]
    lines = [
        *header(
            "analyze: synthetic graphs", f"python3 benchmarks/bench_analyze.py --sizes {' '.join(map(str, args.sizes))}"
        ),
        "",
        "| nodes | edges | betweenness | pivots | analyse s | peak RSS MB |",
        "| ---: | ---: | --- | ---: | ---: | ---: |",
        *(
            f"| {n:,} | {e:,} | {'exact' if x else 'sampled'} | {k:,} | {t:.1f} | {m:,.0f} |"
            for n, e, x, k, t, m in rows
        ),
        *check,
    ]
    publish(lines, record=not args.no_record)


if __name__ == "__main__":
    main()
