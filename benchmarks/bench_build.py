"""Benchmark `kg build` on a generated corpus against the I/O + store floor measured in the same run.

    python3 benchmarks/bench_build.py --docs 2000 [--seed 1] [--kg-src DIR] [--label NAME] [--profile]

(a) build: `python3 -P -m kg build CORPUS --out TMP` in a subprocess whose PYTHONPATH is --kg-src
    (default: this repository), so an older checkout can be measured with the same corpus.
(b) floor: a subprocess that reads and decodes the same files, parses the graph.trig the build wrote
    into a fresh on-disk pyoxigraph Store, and serialises the same quads to TriG and Turtle — the
    I/O and store work a build cannot avoid, without any extraction.

Each is run --repeat times (default 3); the medians are reported, with build/floor as the figure to
compare across machines and versions. A Markdown section is appended to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
RESULTS = HERE / "RESULTS.md"
sys.path.insert(0, str(HERE))

from record import run_measured  # noqa: E402

CORPUS_SUFFIXES = (".txt", ".md")

# The floor, run as its own process (like the build) so interpreter start-up is on both sides.
FLOOR_SCRIPT = r"""
import sys
from pathlib import Path
import pyoxigraph as ox

corpus, trig, work = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
chars = 0
for path in sorted(p for p in corpus.iterdir() if p.suffix in (".txt", ".md")):
    chars += len(path.read_bytes().decode("utf-8"))
with trig.open("rb") as handle:
    quads = list(ox.parse(handle, format=ox.RdfFormat.TRIG))
store = ox.Store(str(work / "store"))
store.bulk_extend(quads)
store.flush()
store.optimize()
del store
(work / "graph.trig").write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG) or b"")
# graph.ttl holds the facts of the default graph (all triples if the TriG has none there).
triples = list(dict.fromkeys(q.triple for q in quads if isinstance(q.graph_name, ox.DefaultGraph)))
triples = triples or list(dict.fromkeys(q.triple for q in quads))
(work / "graph.ttl").write_bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"")
print(chars, len(quads))
"""


def _env(kg_src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(kg_src)
    env.pop("PYTHONSTARTUP", None)
    return env


PEAK_RSS_MB: list[float] = []  # peak resident memory of each process _run started, in order


def _run(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, str]:
    """Run `cmd`; its wall time and output. Its peak RSS is appended to PEAK_RSS_MB.

    The files earlier runs wrote are flushed to disk first (sync), so that no run pays for writing
    back another's: a rebuild right after a full build otherwise competes with the kernel writing
    the gigabyte the full build left in the page cache.
    """
    os.sync()
    elapsed, rss, output = run_measured(cmd, env, cwd)
    PEAK_RSS_MB.append(rss)
    return elapsed, output


def incremental_runs(corpus: Path, env: dict[str, str], work: Path) -> list[tuple[str, float, bool | None]]:
    """A full build of a copy of `corpus`, then rebuilds after changing one document, after removing
    one, and after three more changes in a row.

    The cache is keyed by each document's path as well as its content, so the full build and the
    rebuilds read the same folder. The first two rebuilds and the last are compared with a clean
    build of the same corpus (`--no-cache`): the outputs must be the same bytes. Returns (what,
    seconds, identical to the clean build or None when not compared), the full build first."""
    copy = work / "corpus-edit"
    shutil.copytree(corpus, copy)
    out = work / "out-incremental"
    files = corpus_files(copy)
    elapsed, _ = _run([sys.executable, "-P", "-m", "kg", "build", str(copy), "--out", str(out)], env, work)
    results = [("full build of the same folder", elapsed, True)]
    changed = files[len(files) // 2]
    with changed.open("a", encoding="utf-8") as handle:
        handle.write("\nVid mötet i Umeå berättade Karin Lindqvist från Umeå universitet om samarbetet.\n")
    # (label, file, what to do with it, compare with a clean build): the change above first, then
    # a removal, then more single-document changes in a row (the store's first compaction of small
    # writes falls in an early one); the last is compared with a clean build again.
    later = [files[len(files) // 5 * n + 7] for n in (1, 2, 3)]
    steps: list[tuple[str, Path | None, str, bool]] = [
        ("one document changed", None, "", True),
        ("one document removed", files[len(files) // 3], "remove", True),
        *((f"then another document changed ({n})", f, "append", f == later[-1]) for n, f in enumerate(later, 1)),
    ]
    for label, step, action, compare in steps:
        if step is not None and action == "remove":
            step.unlink()
        elif step is not None:
            with step.open("a", encoding="utf-8") as handle:
                handle.write("\nRegion Västerbotten och Umeå universitet har tecknat en avsiktsförklaring.\n")
        elapsed, _ = _run([sys.executable, "-P", "-m", "kg", "build", str(copy), "--out", str(out)], env, work)
        same: bool | None = None
        if compare:
            clean = work / "clean"
            shutil.rmtree(clean, ignore_errors=True)
            _run([sys.executable, "-P", "-m", "kg", "build", str(copy), "--out", str(clean), "--no-cache"], env, work)
            same = all(
                (out / name).read_bytes() == (clean / name).read_bytes()
                for name in ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv")
            )
        results.append((label, elapsed, same))
    shutil.rmtree(copy)
    shutil.rmtree(out)
    return results


def _same_text(same: bool | None) -> str:
    return "not compared" if same is None else "yes" if same else "NO"


def corpus_dir(docs: int, seed: int) -> Path:
    """The cached corpus folder; the generator's hash is in the name, so a changed generator regenerates."""
    digest = hashlib.sha256((HERE / "generate_corpus.py").read_bytes()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"kg-bench-corpus-{docs}-s{seed}-{digest}"


def ensure_corpus(docs: int, seed: int) -> Path:
    """Generate the corpus unless a complete one is cached."""
    folder = corpus_dir(docs, seed)
    if (folder / ".complete").is_file():
        return folder
    sys.path.insert(0, str(HERE))
    from generate_corpus import generate_corpus

    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    generate_corpus(docs, staging, seed)
    (staging / ".complete").write_text("")
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder


def corpus_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in CORPUS_SUFFIXES)


def check_import(kg_src: Path, cwd: Path) -> str:
    """The kg package and ontology folder a subprocess with PYTHONPATH=kg_src really uses."""
    probe = "import kg, kg.vocab; print(kg.__file__); print(kg.vocab.ontology_dir())"
    _, out = _run([sys.executable, "-P", "-c", probe], _env(kg_src), cwd)
    kg_file, onto = out.splitlines()[-2:]
    if not Path(kg_file).resolve().is_relative_to(kg_src.resolve()):
        sys.exit(f"Error: the subprocess imported {kg_file}, not the kg of {kg_src}")
    return f"kg from {kg_file}, ontology from {onto}"


def machine() -> dict[str, str]:
    def sh(cmd: str) -> str:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    return {
        "date": sh("date -u"),
        "nproc": sh("nproc"),
        "free -g": sh("free -g"),
        "python": sh(f"{sys.executable} --version"),
        "cpu": cpu,
    }


_PROFILE_NOISE = ("<frozen", "/click/", "runpy", "<string>", "/kg/cli/", "/kg/__main__.py", "builtins.exec")


def profile_build(corpus: Path, kg_src: Path, work: Path, top: int = 10) -> tuple[float, list[str], list[str]]:
    """One extra build under cProfile (not timed): total seconds, the top functions by cumulative
    time and by own time, leaving out the interpreter, click and import machinery."""
    import pstats

    prof = work / "build.prof"
    out = work / "profiled-out"
    cmd = [sys.executable, "-P", "-m", "cProfile", "-o", str(prof), "-m", "kg", "build", str(corpus), "--out", str(out)]
    _run(cmd, _env(kg_src), work)
    stats = pstats.Stats(str(prof)).stats  # type: ignore[attr-defined]
    total = max(ct for (_, _, tt, ct, _) in stats.values())

    def name(key: tuple[str, int, str]) -> str:
        filename, line, func = key
        short = filename.replace(str(kg_src) + "/", "").split("site-packages/")[-1]
        return f"{short}:{line}({func})" if line else func

    rows = [
        (key, tt, ct)
        for key, (_, _, tt, ct, _) in stats.items()
        if not any(n in name(key) or n in key[0] for n in _PROFILE_NOISE)
    ]
    by_cum = sorted(rows, key=lambda r: -r[2])[:top]
    by_own = sorted(rows, key=lambda r: -r[1])[:top]
    fmt = lambda r: f"{r[2]:7.2f} s cum  {r[1]:7.2f} s own  {name(r[0])}"  # noqa: E731
    return total, [fmt(r) for r in by_cum], [fmt(r) for r in by_own]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--kg-src", type=Path, default=REPO, help="folder holding the kg package to measure")
    parser.add_argument("--label", default="", help="a name for this run in RESULTS.md")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also run one build under cProfile and print the top")
    parser.add_argument("--no-record", action="store_true", help="do not append to RESULTS.md")
    parser.add_argument(
        "--incremental",
        action="store_true",
        help="also rebuild after changing one document, after removing one and after three more changes",
    )
    args = parser.parse_args(argv)
    kg_src = args.kg_src.resolve()
    command = "python3 benchmarks/bench_build.py " + " ".join(
        a if " " not in a and a else repr(a) for a in (sys.argv[1:] if argv is None else argv)
    )

    corpus = ensure_corpus(args.docs, args.seed)
    files = corpus_files(corpus)
    size = sum(p.stat().st_size for p in files)
    n_md = sum(1 for p in files if p.suffix == ".md")
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in files)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(tmp)
        used = check_import(kg_src, work)
        print(f"corpus: {corpus} ({len(files)} files, {n_md} Markdown, {size / 1e6:.2f} MB, {words} words)")
        print(used)
        env = _env(kg_src)
        build_times: list[float] = []
        build_rss: list[float] = []
        floor_times: list[float] = []
        summary = ""
        floor_out = ""
        for i in range(args.repeat):
            out = work / f"out-{i}"
            elapsed, summary = _run(
                [sys.executable, "-P", "-m", "kg", "build", str(corpus), "--out", str(out)], env, work
            )
            build_times.append(elapsed)
            build_rss.append(PEAK_RSS_MB[-1])
            floor_work = work / f"floor-{i}"
            floor_work.mkdir()
            elapsed, floor_out = _run(
                [sys.executable, "-P", "-c", FLOOR_SCRIPT, str(corpus), str(out / "graph.trig"), str(floor_work)],
                env,
                work,
            )
            floor_times.append(elapsed)
            print(f"  run {i + 1}: build {build_times[-1]:.2f} s, floor {floor_times[-1]:.2f} s")
            if i < args.repeat - 1:
                shutil.rmtree(out)
            shutil.rmtree(floor_work)
        last = work / f"out-{args.repeat - 1}"
        trig_mb = (last / "graph.trig").stat().st_size / 1e6
        _, stats = _run([sys.executable, "-P", "-m", "kg", "stats", "--graph", str(last)], env, work)
        profile = profile_build(corpus, kg_src, work) if args.profile else None
        incremental = incremental_runs(corpus, env, work) if args.incremental else []

    build = statistics.median(build_times)
    floor = statistics.median(floor_times)
    mb = size / 1e6
    rows = [
        ("kg build", build, len(files) / build, mb / build),
        ("floor (read + decode, parse TriG, store, write TriG + Turtle)", floor, len(files) / floor, mb / floor),
    ]
    table = [
        "| measurement | median s | docs/s | MB/s |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {name} | {t:.2f} | {d:.0f} | {m:.3f} |" for name, t, d, m in rows),
        f"| **build / floor** | **{build / floor:.1f}×** | | |",
    ]
    if incremental:
        table += [
            "",
            f"Incremental: a full build of a copy of the corpus took {incremental[0][1]:.2f} s; then",
            "",
            "| incremental rebuild | s | / that full build | same bytes as a clean build |",
            "| --- | ---: | ---: | --- |",
            *(
                f"| {what} | {t:.2f} | {t / incremental[0][1]:.0%} | {_same_text(same)} |"
                for what, t, same in incremental[1:]
            ),
        ]
    table += ["", f"Peak RSS of kg build: {max(build_rss):.0f} MB (runs: {', '.join(f'{r:.0f}' for r in build_rss)})."]
    print()
    print("\n".join(table))
    print(f"\n{summary.splitlines()[-1] if summary else ''}")
    profile_lines: list[str] = []
    if profile:
        total, by_cum, by_own = profile
        profile_lines = [
            f"cProfile of one more build ({total:.1f} s under the profiler), by cumulative time:",
            "",
            "```",
            *by_cum,
            "```",
            "",
            "by own time:",
            "",
            "```",
            *by_own,
            "```",
            "",
        ]
        print("\n" + "\n".join(profile_lines))

    if not args.no_record:
        info = machine()
        counts = {line.split()[0]: line.split()[-1] for line in stats.splitlines() if line and not line.startswith(" ")}
        section = [
            f"## {args.label or 'build'} — {args.docs} documents",
            "",
            f"- date: {info['date']}",
            f"- machine: {info['cpu']}, nproc {info['nproc']}, {info['python']}",
            f"- command: `{command}`",
            f"- measured: {used}",
            f"- corpus: {len(files)} files ({len(files) - n_md} .txt, {n_md} .md), {mb:.2f} MB, {words} words, seed {args.seed}",
            f"- build output: {summary.splitlines()[-1] if summary else '?'}; graph.trig {trig_mb:.1f} MB"
            f"; {counts.get('entities', '?')} entities, {counts.get('relations', '?')} relations, {counts.get('quads', counts.get('triples', '?'))} quads",
            f"- runs (s): build {', '.join(f'{t:.2f}' for t in build_times)}; floor {', '.join(f'{t:.2f}' for t in floor_times)}",
            "",
            *table,
            "",
            *profile_lines,
            "<details><summary>free -g</summary>",
            "",
            "```",
            info["free -g"],
            "```",
            "",
            "</details>",
            "",
        ]
        new = not RESULTS.exists()
        with RESULTS.open("a", encoding="utf-8") as handle:
            if new:
                handle.write(
                    "# Benchmark results\n\nAppended by the scripts in this folder; see README.md. Compare the ratios"
                    " (build / floor), not the absolute times, across machines.\n\n"
                )
            handle.write("\n".join(section) + "\n")
        print(f"\nAppended to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
