"""Benchmark the HTML view on generated graphs: Python render time and time to a stable view in Chromium.

    python3 benchmarks/bench_view.py [--sizes 500,2000,10000] [--seed 1] [--repeat 3] [--label NAME] [--no-record]

For each size a random but seeded graph in the project's vocabulary (persons, organisations of every
class, projects, agreements, arenas, events, places; the samv: relations between them, with an
evidence quote per node) is rendered with kg.view.render_html — with the default node limit and with
none (`max_nodes=0`) — and opened in Debian's chromium through Playwright with every request but the
page aborted. "Stable" is `window.kgStable`, which the page sets (as performance.now(), i.e. ms since
navigation start) when vis-network has first drawn the graph; physics is off, so that drawing is the
final layout. Four in five relations carry observation years, so the page has its year control;
once stable, the control is moved three times (`window.kgView.setYears`), each move timed until the
browser has drawn twice after it. The baseline, measured in the same run, is the page of an empty
graph: the cost of parsing vis-network and the page itself. A Markdown section is appended to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_build import RESULTS, machine  # noqa: E402

from kg.view import DEFAULT_MAX_NODES, render_html  # noqa: E402

ID = "https://w3id.org/samverkan/id/"
FIRST = ["Anna", "Åsa", "Björn", "Eva", "Jönas", "Karin", "Lars", "Märta", "Per", "Sofia", "Örjan", "Ulla"]
LAST = ["Andersson", "Bäcklund", "Ekström", "Holm", "Lindqvist", "Nyström", "Sjöberg", "Åkerson", "Öberg"]
PLACES = ["Umeå", "Luleå", "Gävle", "Västerås", "Örebro", "Malmö", "Växjö", "Karlstad", "Östersund", "Borås"]
# class, share of the nodes, slug prefix
MIX = [
    ("Person", 0.40, "person"),
    ("HigherEducationInstitution", 0.04, "org"),
    ("Municipality", 0.07, "org"),
    ("Region", 0.02, "org"),
    ("GovernmentAgency", 0.03, "org"),
    ("Company", 0.04, "org"),
    ("Association", 0.05, "org"),
    ("Project", 0.15, "project"),
    ("Agreement", 0.07, "agreement"),
    ("Arena", 0.05, "arena"),
    ("Event", 0.06, "event"),
    ("Place", 0.02, "place"),
]
ORGS = ("HigherEducationInstitution", "Municipality", "Region", "GovernmentAgency", "Company", "Association")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--no-first-run"]


def make_graph(n: int, seed: int) -> tuple[nx.MultiDiGraph, dict[str, list[dict[str, Any]]]]:
    """A graph of n nodes shaped like a built one (preferential attachment to organisations), and evidence."""
    g, evidence, _ = make_dated_graph(n, seed)
    return g, evidence


def make_dated_graph(
    n: int, seed: int
) -> tuple[nx.MultiDiGraph, dict[str, list[dict[str, Any]]], dict[tuple[str, str, str], tuple[str, ...]]]:
    """`make_graph`, and the dates four in five relations were observed at (one to three years of
    2005-2024), for the page's year control."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    by_class: dict[str, list[str]] = {}
    count = 0
    for cls, share, prefix in MIX:
        for _ in range(max(1, round(n * share))):
            if count >= n:
                break
            iri = f"{ID}{prefix}/{cls.lower()}-{count:05d}"
            if cls == "Person":
                label = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
            elif cls == "Place":
                label = f"{rnd.choice(PLACES)} {count}"
            else:
                label = f"{cls} {rnd.choice(PLACES)} {count}"
            g.add_node(iri, label=label, cls=cls)
            by_class.setdefault(cls, []).append(iri)
            count += 1
    orgs = [o for c in ORGS for o in by_class.get(c, [])]
    weights = [1.0 / (1 + i) ** 0.8 for i in range(len(orgs))]  # a few big hubs, a long tail

    def org() -> str:
        return rnd.choices(orgs, weights)[0]

    def edge(u: str, v: str, prop: str) -> None:
        if u != v:
            g.add_edge(u, v, key=prop, property=prop)

    activities = by_class.get("Project", []) + by_class.get("Arena", []) + by_class.get("Event", [])
    for person in by_class.get("Person", []):
        edge(person, org(), "affiliatedWith")
        for _ in range(rnd.choice((0, 1, 1, 2))):
            edge(person, rnd.choice(activities), rnd.choice(("participatesIn", "participatesIn", "coordinates")))
    for project in by_class.get("Project", []):
        edge(org(), project, "coordinates")
        edge(org(), project, "funds")
    for agreement in by_class.get("Agreement", []):
        for _ in range(rnd.choice((2, 2, 3))):
            edge(org(), agreement, "partyTo")
    for arena in by_class.get("Arena", []):
        edge(org(), arena, "organises")
    for event in by_class.get("Event", []):
        edge(event, org(), "hostedBy")
        edge(event, rnd.choice(by_class["Place"]), "heldIn")
    for _ in range(len(orgs)):
        edge(org(), org(), "collaboratesWith")
    evidence = {
        iri: [
            {
                "quote": f"{data['label']} samverkar med {rnd.choice(PLACES)} kommun inom projektet, berättade hon.",
                "document": f"Rapport {rnd.randrange(100)}",
                "page": rnd.randrange(1, 40),
            }
        ]
        for iri, data in g.nodes(data=True)
    }
    dates = random.Random(seed + 1)
    observed = {
        (u, prop, v): tuple(sorted({f"{dates.randrange(2005, 2025)}-06-01" for _ in range(dates.choice((1, 2, 3)))}))
        for u, v, prop in g.edges(keys=True)
        if dates.random() < 0.8
    }
    return g, evidence, observed


# Three moves of the year control, each until the browser has drawn twice after it (the redraw is done).
_YEAR_MOVES = """async () => {
  const drawn = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const start = performance.now();
  for (const [from, to, undated] of [[2010, 2015, false], [2005, 2024, true], [2018, 2020, true]]) {
    window.kgView.setYears(from, to, undated);
    await drawn();
  }
  return performance.now() - start;
}"""


def stable_ms(browser: Any, page_path: Path, moves: list[float] | None = None) -> float:
    """ms from navigation start to window.kgStable, with every outside request aborted (none expected).
    With `moves`, the page's year control is then moved three times and the ms they took appended."""
    url = page_path.resolve().as_uri()
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1400, "height": 900})

    def route(r: Any) -> None:
        if r.request.url == url:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.goto(url)
    page.wait_for_function("window.kgStable !== undefined", timeout=120_000)
    value = float(page.evaluate("window.kgStable"))
    if moves is not None:
        moves.append(float(page.evaluate(_YEAR_MOVES)))
    context.close()
    if outside:
        sys.exit(f"Error: the page made outside requests: {outside[:3]}")
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000,10000", help="comma-separated node counts")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median reported)")
    parser.add_argument("--label", default="", help="a name for this run in RESULTS.md")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("Error: needs `chromium` on PATH (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    rows: list[list[str]] = []
    runs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-view-") as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        work = Path(tmp)
        empty = work / "empty.html"
        empty.write_text(render_html(nx.MultiDiGraph(), title="empty"), encoding="utf-8")
        base_times = [stable_ms(browser, empty) for _ in range(args.repeat)]
        base = statistics.median(base_times)
        runs.append(f"empty page: {', '.join(f'{t:.0f}' for t in base_times)} ms")
        print(f"baseline (empty graph): {base:.0f} ms")
        for n in sizes:
            g, evidence, observed = make_dated_graph(n, args.seed)
            limits = [DEFAULT_MAX_NODES, 0] if n > DEFAULT_MAX_NODES else [DEFAULT_MAX_NODES]
            for limit in limits:
                render_times = []
                page = ""
                for _ in range(args.repeat):
                    start = time.perf_counter()
                    page = render_html(g, title=f"bench {n}", evidence=evidence, max_nodes=limit, observed=observed)
                    render_times.append(time.perf_counter() - start)
                path = work / f"view-{n}-{limit}.html"
                path.write_text(page, encoding="utf-8")
                data = json.loads(page.split('id="kg-data">', 1)[1].split("</script>", 1)[0])
                shown, shown_edges = len(data["nodes"]), len(data["edges"])
                moves: list[float] = []
                times = [stable_ms(browser, path, moves) for _ in range(args.repeat)]
                med = statistics.median(times)
                rows.append(
                    [
                        f"{n:,}",
                        f"{g.number_of_edges():,}",
                        f"{shown:,} / {shown_edges:,}" + ("" if shown == n else f" (limit {limit:,})"),
                        f"{statistics.median(render_times):.2f}",
                        f"{len(page.encode('utf-8')) / 1e6:.1f}",
                        f"**{med / 1000:.2f}**",
                        f"{med / base:.1f}×",
                        f"{statistics.median(moves) / 1000:.2f}",
                    ]
                )
                runs.append(
                    f"{n} nodes, limit {limit}: render {', '.join(f'{t:.2f}' for t in render_times)} s;"
                    f" stable {', '.join(f'{t:.0f}' for t in times)} ms;"
                    f" three year moves {', '.join(f'{t:.0f}' for t in moves)} ms"
                )
                print(runs[-1])
        browser.close()
    table = [
        "| nodes | edges | shown nodes / edges | Python render s | HTML MB | stable in Chromium s | stable / empty page"
        " | three year-control moves s |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    print("\n" + "\n".join(table))
    if not args.no_record:
        info = machine()
        command = "python3 benchmarks/bench_view.py " + shlex.join(argv if argv is not None else sys.argv[1:])
        section = [
            "",
            f"## view: {args.label or 'graph.html'} — {', '.join(f'{s:,}' for s in sizes)} nodes",
            "",
            f"- date: {info['date']}",
            f"- machine: {info['cpu']}, nproc {info['nproc']}, {info['python']}, {_chromium_version(executable)}",
            f"- command: `{command.strip()}`",
            f"- graphs: generated, seed {args.seed}; default node limit {DEFAULT_MAX_NODES}; 4 in 5 relations dated",
            f"- baseline: the page of an empty graph is stable after {base:.0f} ms (median of {args.repeat})",
            f"- runs: {'; '.join(runs)}",
            "",
            *table,
            "",
        ]
        with RESULTS.open("a", encoding="utf-8") as handle:
            handle.write("\n".join(section) + "\n")
        print(f"\nAppended to {RESULTS}")
    return 0


def _chromium_version(executable: str) -> str:
    import subprocess

    out = subprocess.run([executable, "--version"], capture_output=True, text=True).stdout.strip()
    return out or "chromium"


if __name__ == "__main__":
    sys.exit(main())
