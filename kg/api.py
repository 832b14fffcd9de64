"""The Python API for notebooks: build a graph, query it, get it as a NetworkX graph.

import kg.api as kg
kg.build(["seeds"], out="output")
rows = kg.query("SELECT ?name WHERE { ?p a samv:Person ; skos:prefLabel ?name }")
graph = kg.networkx_graph()
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from kg.building import BuildSummary

__all__ = ["build", "query", "named_query", "networkx_graph"]


def build(
    sources: Sequence[str | Path] = ("seeds",), out: str | Path = "output", *, strict: bool = False
) -> BuildSummary:
    """Build the graph of the documents under `sources` into the folder `out` (what `kg build` does)."""
    from kg.building import build as run_build

    return run_build(list(sources), Path(out), strict=strict)


def query(sparql: str, graph: str | Path = "output") -> list[dict[str, str]]:
    """Rows of a SELECT query on a built graph, as {variable: value}; the project prefixes are declared."""
    from kg.store import query_rows

    return query_rows(Path(graph), sparql)


def named_query(name: str, graph: str | Path = "output") -> list[dict[str, str]]:
    """Rows of a named query of the library (`kg query --list` shows them)."""
    from kg.queries import load_query

    return query(load_query(name), graph)


def networkx_graph(graph: str | Path = "output") -> nx.MultiDiGraph:
    """The built graph as a typed NetworkX multi-digraph (nodes: entities; edges: relations)."""
    from kg.analysis import to_networkx
    from kg.store import open_store

    return to_networkx(open_store(Path(graph)))
