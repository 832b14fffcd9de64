"""One build of the seed per test session, shared by the tests that read it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from kg.building import BuildSummary, build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = SEEDS / "000_88b4f557058b1943.txt"


def build_seed(out: Path) -> BuildSummary:
    """Build the graph of the seeds into `out`, as `kg build` run in the project folder does.

    Sources are recorded as the paths given, so the build reads "seeds" from the project folder to
    give the same bytes on every machine.
    """
    with contextlib.chdir(ROOT):
        return build(["seeds"], out.resolve())
