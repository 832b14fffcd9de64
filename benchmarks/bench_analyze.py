"""Benchmark `kg analyze` on synthetic graphs of 10k and 100k nodes, and check how well sampled
betweenness finds the same top-20 brokers as exact betweenness on the 10k graph.

    python3 benchmarks/bench_analyze.py [--sizes 10000 100000] [--no-record]

Graphs are made in the project's data shape (organisations, persons affiliated with them, projects
they take part in, collaborations), with a fixed seed; the timing is of `kg.analysis.analyse_graph`
on the NetworkX projection, as `kg analyze` runs it.
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

from kg.analysis import analyse_graph  # noqa: E402
from kg.analysis.network import BETWEENNESS_PIVOTS, SEED, undirected  # noqa: E402

ID = "https://w3id.org/samverkan/id/"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    rows = []
    overlap = None
    for size in args.sizes:
        g = synthetic_graph(size)
        started = time.perf_counter()
        analyse_graph(g)
        elapsed = time.perf_counter() - started
        rows.append((size, g.number_of_nodes(), g.number_of_edges(), elapsed))
        if size <= 20_000 and overlap is None:
            h = undirected(g)
            exact = nx.betweenness_centrality(h)
            sampled = nx.betweenness_centrality(h, k=BETWEENNESS_PIVOTS, seed=SEED)
            top_exact = {n for n, _ in sorted(exact.items(), key=lambda kv: (-kv[1], kv[0]))[:20]}
            top_sampled = {n for n, _ in sorted(sampled.items(), key=lambda kv: (-kv[1], kv[0]))[:20]}
            overlap = (size, len(top_exact & top_sampled) / 20)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = [
        *header(
            "analyze: synthetic graphs", f"python3 benchmarks/bench_analyze.py --sizes {' '.join(map(str, args.sizes))}"
        ),
        f"- peak RSS of the process: {peak:.0f} MB",
        "",
        "| nodes | edges | analyse s |",
        "| ---: | ---: | ---: |",
        *(f"| {n:,} | {e:,} | {t:.1f} |" for _, n, e, t in rows),
    ]
    if overlap is not None:
        lines += [
            "",
            f"Top-20 brokers by betweenness, sampled ({BETWEENNESS_PIVOTS} pivots) vs exact on {overlap[0]:,} nodes: overlap {overlap[1]:.2f}.",
        ]
    publish(lines, record=not args.no_record)


if __name__ == "__main__":
    main()
