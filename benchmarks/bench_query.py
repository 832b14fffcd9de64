"""Benchmark `kg query` as a whole process against rdflib (parse + query) and raw pyoxigraph
(load + query), on a synthetic graph in the project's vocabulary, all measured in one run.

    python3 benchmarks/bench_query.py --triples 300000 [--repeat 3] [--no-record]

The graph is written as a built graph folder (graph.trig and the Oxigraph store) with kg's own
writer; each measurement is a fresh Python process, so start-up and loading count, as for a user.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyoxigraph as ox  # noqa: E402
from record import header, publish, run_measured  # noqa: E402

from kg.build import serialize_rdf  # noqa: E402
from kg.queries import load_query  # noqa: E402
from kg.store import write_store  # noqa: E402
from kg.vocab import ID, PROV, RDF, RDFS, SAMV, SKOS  # noqa: E402

QUERIES = ("persons", "agreements", "collaborations")


def synthetic_quads(triples: int, seed: int = 1) -> list[ox.Quad]:
    """About `triples` quads: documents with persons, organisations, projects, relations and evidence."""
    rng = random.Random(seed)
    quads: list[ox.Quad] = []
    n = ox.NamedNode
    orgs = [n(f"{ID}org/org-{i}") for i in range(max(10, triples // 400))]
    doc_index = 0
    while len(quads) < triples:
        graph = n(f"{ID}document/doc-{doc_index}")
        doc_index += 1
        quads.append(ox.Quad(graph, n(RDF + "type"), n(SAMV + "Document"), graph))
        for j in range(8):
            person = n(f"{ID}person/p-{doc_index}-{j}")
            org = rng.choice(orgs)
            other = rng.choice(orgs)
            label = ox.Literal(f"Person {doc_index} {j}", language="sv")
            for s, p, o in (
                (person, n(RDF + "type"), n(SAMV + "Person")),
                (person, n(RDFS + "label"), label),
                (person, n(SKOS + "prefLabel"), label),
                (org, n(RDF + "type"), n(SAMV + "HigherEducationInstitution")),
                (org, n(SKOS + "prefLabel"), ox.Literal(f"Organisation {org.value[-6:]}", language="sv")),
                (person, n(SAMV + "affiliatedWith"), org),
                (org, n(SAMV + "collaboratesWith"), other),
            ):
                quads.append(ox.Quad(s, p, o, graph))
            statement = n(f"{ID}statement/s-{doc_index}-{j}")
            for p, o in (
                (n(RDF + "type"), n(RDF + "Statement")),
                (n(RDF + "subject"), person),
                (n(RDF + "predicate"), n(SAMV + "affiliatedWith")),
                (n(RDF + "object"), org),
                (n(PROV + "wasDerivedFrom"), graph),
                (n(SAMV + "quote"), ox.Literal(f"Person {doc_index} {j} arbetar vid organisationen.", language="sv")),
            ):
                quads.append(ox.Quad(statement, p, o, graph))
    return quads


def _time(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of `command` as its own process."""
    elapsed, rss, _ = run_measured(command, env)
    return elapsed, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory(prefix="kg-bench-query-") as tmp:
        folder = Path(tmp) / "graph"
        folder.mkdir()
        quads = synthetic_quads(args.triples)
        graphs = len({q.graph_name for q in quads})
        write_store(quads, folder / "store")
        trig = folder / "graph.trig"
        trig.write_bytes(serialize_rdf(sorted(quads, key=str), ox.RdfFormat.TRIG))
        rows = []
        for name in QUERIES:
            query = load_query(name)
            query_file = Path(tmp) / f"{name}.rq"
            query_file.write_text(query, encoding="utf-8")
            kg = [sys.executable, "-m", "kg", "query", "--name", name, "--graph", str(folder), "--format", "csv"]
            rdflib_cmd = [
                sys.executable,
                "-c",
                "import rdflib,sys; ds=rdflib.Dataset(default_union=True); ds.parse(sys.argv[1], format='trig');"
                " list(ds.query(open(sys.argv[2]).read()))",
                str(trig),
                str(query_file),
            ]
            oxigraph_cmd = [
                sys.executable,
                "-c",
                "import pyoxigraph as ox,sys; s=ox.Store(); s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TRIG);"
                " list(s.query(open(sys.argv[2]).read(), use_default_graph_as_union=True))",
                str(trig),
                str(query_file),
            ]
            times: dict[str, list[float]] = {label: [] for label in ("kg", "rdflib", "pyoxigraph")}
            memory: dict[str, list[float]] = {label: [] for label in ("kg", "rdflib", "pyoxigraph")}
            for _ in range(args.repeat):
                for label, command in (("kg", kg), ("pyoxigraph", oxigraph_cmd), ("rdflib", rdflib_cmd)):
                    if label == "rdflib" and not (name == QUERIES[0] or args.triples <= 300_000):
                        continue
                    elapsed, rss = _time(command, env)
                    times[label].append(elapsed)
                    memory[label].append(rss)
            medians = {k: statistics.median(v) for k, v in times.items() if v}
            peaks = {k: max(v) for k, v in memory.items() if v}
            rows.append((name, medians, peaks))
    lines = [
        *header(
            f"query: {args.triples:,} triples",
            f"python3 benchmarks/bench_query.py --triples {args.triples} --repeat {args.repeat}",
        ),
        "",
        f"- graph: {args.triples:,} synthetic quads in {graphs:,} document graphs; each measurement a"
        " fresh process (start-up, opening or loading, query, CSV out)",
        "",
        "| named query | kg query s | raw pyoxigraph load+query s | rdflib parse+query s | kg / pyoxigraph | rdflib / kg |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m, _ in rows:
        rdflib_s = m.get("rdflib")
        lines.append(
            f"| {name} | {m['kg']:.2f} | {m['pyoxigraph']:.2f} | {rdflib_s:.2f} | {m['kg'] / m['pyoxigraph']:.2f}× | "
            f"{rdflib_s / m['kg']:.1f}× |"
            if rdflib_s
            else f"| {name} | {m['kg']:.2f} | {m['pyoxigraph']:.2f} | – | {m['kg'] / m['pyoxigraph']:.2f}× | – |"
        )
    lines += [
        "",
        "| named query | peak RSS kg query MB | raw pyoxigraph MB | rdflib MB |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {p['kg']:.0f} | {p['pyoxigraph']:.0f} | {p['rdflib']:.0f} |"
            if "rdflib" in p
            else f"| {name} | {p['kg']:.0f} | {p['pyoxigraph']:.0f} | – |"
            for name, _, p in rows
        ),
    ]
    publish(lines, record=not args.no_record)


if __name__ == "__main__":
    main()
