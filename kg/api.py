"""The Python API for notebooks: build a graph, query it (rows or DataFrames), open it in rdflib,
NetworkX or pyvis, and show its view inline.

import kg.api as kg
kg.build(["seeds"], out="output")
persons = kg.named_query("persons", frame=True)
rows = kg.dataset().query("SELECT ?name WHERE { ?p a samv:Person ; skos:prefLabel ?name }")
kg.show()
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import rdflib

    from kg.building import BuildSummary

__all__ = ["build", "query", "named_query", "dataset", "networkx_graph", "show", "view_page", "pyvis_network"]

VIEW_HEIGHT = "600px"


def build(
    sources: Sequence[str | Path] = ("seeds",), out: str | Path = "output", *, strict: bool = False
) -> BuildSummary:
    """Build the graph of the documents under `sources` into the folder `out` (what `kg build` does)."""
    from kg.building import build as run_build

    return run_build(list(sources), Path(out), strict=strict)


@overload
def query(sparql: str, graph: str | Path = ..., *, frame: Literal[False] = ...) -> list[dict[str, str]]: ...
@overload
def query(sparql: str, graph: str | Path = ..., *, frame: Literal[True]) -> pd.DataFrame: ...
def query(sparql: str, graph: str | Path = "output", *, frame: bool = False) -> list[dict[str, str]] | pd.DataFrame:
    """Rows of a SELECT query on a built graph as {variable: value}, or a typed DataFrame with `frame=True`.

    The project prefixes are declared and the default graph is the union of the graphs, as in `kg query`.
    In a DataFrame, numbers and dates are typed (int64, float64, datetime64), IRIs and text are strings.
    """
    if not frame:
        from kg.store import query_rows

        return query_rows(Path(graph), sparql)
    from kg.frame import optional_module, query_values, to_frame

    optional_module("pandas", "A DataFrame")  # before the query runs
    names, rows = query_values(Path(graph), sparql)
    return to_frame(names, rows)


@overload
def named_query(name: str, graph: str | Path = ..., *, frame: Literal[False] = ...) -> list[dict[str, str]]: ...
@overload
def named_query(name: str, graph: str | Path = ..., *, frame: Literal[True]) -> pd.DataFrame: ...
def named_query(name: str, graph: str | Path = "output", *, frame: bool = False) -> list[dict[str, str]] | pd.DataFrame:
    """Rows (or a DataFrame, `frame=True`) of a named query of the library (`kg query --list` shows them)."""
    from kg.queries import load_query

    return query(load_query(name), graph, frame=True) if frame else query(load_query(name), graph)


def dataset(graph: str | Path = "output") -> rdflib.Dataset:
    """The built graph as a read-only rdflib Dataset on its Oxigraph store (named graphs kept, prefixes bound)."""
    from kg.dataset import open_dataset

    result: rdflib.Dataset = open_dataset(Path(graph))
    return result


def networkx_graph(graph: str | Path = "output") -> nx.MultiDiGraph:
    """The built graph as a typed NetworkX multi-digraph (nodes: entities; edges: relations)."""
    from kg.analysis import to_networkx
    from kg.store import open_store

    return to_networkx(open_store(Path(graph)))


def show(graph: str | Path | Any = "output", *, height: str = VIEW_HEIGHT) -> None:
    """Display the built graph's view (its graph.html), or a pyvis Network, inline in Jupyter."""
    from kg.view.inline import display_page

    if hasattr(graph, "generate_html"):  # a pyvis Network
        display_page(graph.generate_html(), height=height, title="pyvis network")
        return
    display_page(view_page(graph), height=height)


def view_page(graph: str | Path = "output") -> str:
    """The self-contained HTML view `kg build` wrote for the graph in `graph` (graph.html)."""
    from kg.errors import GraphNotFoundError
    from kg.store import open_store

    folder = Path(graph)
    open_store(folder)  # puts back an earlier output a killed build left half-swapped; fails when none
    try:
        return (folder / "graph.html").read_text(encoding="utf-8")
    except OSError as err:
        raise GraphNotFoundError(
            f"No view in {folder}: run `kg viz --graph {folder}` ({err.strerror or err})."
        ) from err


def pyvis_network(
    graph: str | Path = "output", *, max_nodes: int | None = None, height: str = VIEW_HEIGHT, width: str = "100%"
) -> Any:
    """A pyvis Network of the built graph, coloured, sized and placed as in its view, titles in plain text."""
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.store import open_store
    from kg.view import DEFAULT_MAX_NODES, view_inputs
    from kg.view.network import pyvis_network as make_network

    store = open_store(Path(graph))
    g = to_networkx(store)
    communities, scores = view_inputs(analyse_graph(g, affiliation_roles(store)))
    limit = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    return make_network(g, communities=communities, scores=scores, max_nodes=limit, height=height, width=width)
