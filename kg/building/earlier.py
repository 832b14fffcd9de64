"""The previous build in an output folder, as the next build reads it back: its state and file digests
(for the plan), its cache folder, and what a patched build carries over (store, graph.trig's blocks,
graph.ttl, the analysis lines, the graph parts, the view's evidence, the report's rows). Nothing else
in the build opens the earlier output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.build import parse_block
from kg.building.options import Unpatchable
from kg.building.outputs import ANALYSIS_GRAPH_KEY, earlier_analysis, read_parts
from kg.building.plan import BuildState, file_hash, read_state
from kg.building.reads import Evidence, earlier_rows, read_evidence
from kg.building.text_files import read_ttl

if TYPE_CHECKING:
    from kg.analysis.graph import GraphParts
    from kg.report import Rows

__all__ = ["Earlier"]


@dataclass(frozen=True)
class Earlier:
    """The build an output folder holds, read back."""

    out: Path

    @property
    def cache(self) -> Path:
        """Its cache folder (extractions, layouts, state)."""
        return self.out / "cache"

    @property
    def trig(self) -> Path:
        """Its graph.trig, whose unchanged blocks a patched build copies by byte range."""
        return self.out / "graph.trig"

    def state(self) -> tuple[BuildState | None, tuple[str, str]]:
        """The state it left in its cache, and the sha256 of its graph.trig and graph.ttl."""
        return read_state(self.cache), (file_hash(self.trig), file_hash(self.out / "graph.ttl"))

    def has_store(self) -> bool:
        return (self.out / "store").is_dir()

    def copy_store(self, folder: Path) -> ox.Store:
        """A copy of its store in `folder`, open for writing."""
        try:
            ox.Store.read_only(str(self.out / "store")).backup(str(folder / "store"))
            return ox.Store(str(folder / "store"))
        except OSError as err:
            raise Unpatchable(f"the store cannot be copied ({err})") from None

    def report_rows(self) -> tuple[Rows, Rows] | None:
        """The rows of its report's tables, read from its store; None when it cannot be read."""
        return earlier_rows(self.out / "store")

    def ttl_triples(self) -> list[ox.Triple]:
        """The triples of its graph.ttl, in their order."""
        return read_ttl(self.out / "graph.ttl")

    def parts(self) -> GraphParts | None:
        """The entity classes, labels and relations its analysis read; None when unusable."""
        return read_parts(self.cache)

    def evidence(self) -> Evidence | None:
        """The view's evidence of every node; None when unusable."""
        return read_evidence(self.cache)

    def analysis_lines(self, state: BuildState) -> set[str]:
        """Its analysis graph as N-Quads lines: from the cache when they are the ones the state names,
        else from graph.trig's analysis block (the same quads, if not the same text)."""
        analysis_block = dict((name, (start, end)) for name, start, end in state.blocks).get(ANALYSIS_GRAPH_KEY)
        if analysis_block is None:
            raise Unpatchable("graph.trig has no analysis graph")
        lines = earlier_analysis(self.cache, state.analysis)
        if lines is not None:
            return lines
        with self.trig.open("rb") as handle:
            handle.seek(analysis_block[0])
            block = handle.read(analysis_block[1] - analysis_block[0])
        return {f"{q} .\n" for q in parse_block(block)}
