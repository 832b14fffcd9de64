"""Shared fixtures: the seed graph, built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from seedbuild import build_seed


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding `kg build` output for the seeds."""
    out = tmp_path_factory.mktemp("seed") / "output"
    build_seed(out)
    return out
