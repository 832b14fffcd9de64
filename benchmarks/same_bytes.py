"""Same bytes before and after a change to the build: the seed, a generated corpus built in full, and a
five-edit incremental series on it, built by a reference checkout's kg and by this one's.

    python3 benchmarks/same_bytes.py --kg-src /path/to/reference/checkout [--docs 2000]

Each build runs in the folder that holds its sources, so the recorded source paths are the same for
both. Prints one line per output file and step, and ends with an error status when any differs.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from generate_corpus import generate_corpus

ROOT = Path(__file__).resolve().parent.parent
FILES = ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv")
EDIT = "\n\nRegion Jämtland Härjedalen och Mittuniversitetet samarbetar i projektet Fjällnära {n}.\n"


def _kg(src: Path, where: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run(
        [sys.executable, "-m", "kg", "build", *args], cwd=where, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"kg build {' '.join(args)} with the kg of {src} failed: {done.stderr.strip()}")
    return done.stdout


def _keep(out: Path, into: Path) -> None:
    into.mkdir(parents=True)
    for name in FILES:
        shutil.copy2(out / name, into / name)


def run(src: Path, work: Path, corpus: Path) -> list[str]:
    """Build the seed, the corpus, and five edits of it with the kg in `src`; keep each step's files."""
    _kg(src, ROOT, "seeds", "--out", str(work / "seed"))
    shutil.copytree(corpus, work / "corpus")
    notes = [_kg(src, work, "corpus", "--out", "out", "--quiet").strip()]
    _keep(work / "out", work / "steps" / "0")
    names = sorted(p.name for p in (work / "corpus").iterdir())[:5]
    for n, name in enumerate(names, start=1):
        path = work / "corpus" / name
        if n == 3:
            path.unlink()
        else:
            with path.open("a", encoding="utf-8") as handle:
                handle.write(EDIT.format(n=n))
        notes.append(_kg(src, work, "corpus", "--out", "out", "--quiet").strip())
        _keep(work / "out", work / "steps" / str(n))
    return notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kg-src", type=Path, required=True, help="checkout whose kg is the reference")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-same-bytes-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        generate_corpus(args.docs, corpus, args.seed)
        results = {}
        for tag, src in (("reference", args.kg_src.resolve()), ("this", ROOT)):
            (work / tag).mkdir()
            results[tag] = run(src, work / tag, corpus)
        for step, note in enumerate(results["this"]):
            print(f"step {step}: {note.splitlines()[-1] if note else ''}")
        differ = 0
        pairs = [("seed", "seed")] + [(f"step {n}", f"steps/{n}") for n in range(6)]
        for label, folder in pairs:
            for name in FILES:
                same = filecmp.cmp(work / "reference" / folder / name, work / "this" / folder / name, shallow=False)
                differ += not same
                print(f"{label} {name}: {'same' if same else 'DIFFERS'}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
