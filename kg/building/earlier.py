"""The previous build in an output folder, as the next build reads it back: its state and file digests
(for the plan), its cache file, and what a patched build carries over (store, graph.trig's blocks,
graph.ttl, the analysis graph, the timeline's statements, the graph parts, the view's evidence, the
report's rows). Nothing else in the build opens the earlier output."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.building.options import Unpatchable
from kg.building.plan import file_hash
from kg.building.reads import earlier_rows
from kg.building.state import AnalysisSubject, BuildState, CacheFile, Evidence, Relations, TurtleSubject

if TYPE_CHECKING:
    from kg.analysis.graph import GraphParts
    from kg.report import Rows

__all__ = ["Earlier"]


@dataclass(frozen=True)
class Earlier:
    """The build an output folder holds, read back; `file` is its cache file, open for reading (None
    when it has none that this version reads)."""

    out: Path
    file: CacheFile | None

    @classmethod
    def open(cls, out: Path) -> Earlier:
        """The build in `out`, its cache file opened (close it with `close`)."""
        return cls(out, CacheFile.read(out / "cache"))

    def close(self) -> None:
        if self.file is not None:
            self.file.close()

    @property
    def trig(self) -> Path:
        """Its graph.trig, whose unchanged blocks a patched build copies by byte range."""
        return self.out / "graph.trig"

    def state(self) -> tuple[BuildState | None, tuple[str, str]]:
        """The state it left in its cache, and the sha256 of its graph.trig and graph.ttl."""
        state = self.file.state() if self.file is not None else None
        return state, (file_hash(self.trig), file_hash(self.out / "graph.ttl"))

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
        """The rows of its report's tables, from its cache file (else its store); None when neither reads."""
        rows = self.file.report_rows() if self.file is not None else None
        return rows if rows is not None else earlier_rows(self.out / "store")

    def turtle(self) -> list[TurtleSubject]:
        """Its graph.ttl by subject, from the cache file."""
        subjects = self.file.turtle() if self.file is not None else None
        if subjects is None:
            raise Unpatchable("the cache file keeps no graph.ttl by subject")
        return subjects

    def parts(self) -> GraphParts | None:
        """The entity classes, labels and relations its analysis read; None when unusable."""
        return self.file.parts() if self.file is not None else None

    def evidence(self) -> Evidence | None:
        """The view's evidence of every node; None when unusable."""
        return self.file.evidence() if self.file is not None else None

    def analysis(self) -> list[AnalysisSubject]:
        """Its analysis graph per subject, from the cache file."""
        subjects = self.file.analysis() if self.file is not None else None
        if subjects is None:
            raise Unpatchable("the cache file keeps no analysis graph")
        return subjects

    def statements(self) -> dict[str, Relations] | None:
        """The relations stated by each dated document (kg.observations.document_statements); None when unusable."""
        return self.file.statements() if self.file is not None else None
