"""The built store as an rdflib Dataset, through oxrdflib (an optional dependency)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from kg.frame import optional_module
from kg.store import open_store, union_is_stored
from kg.vocab import PREFIXES

__all__ = ["open_dataset"]


def open_dataset(graph_dir: Path) -> Any:
    """An rdflib Dataset reading the Oxigraph store of the graph built in `graph_dir`, read-only.

    SPARQL on it runs in Oxigraph, with the project prefixes bound and the same default graph as
    `kg query`: the stored union of the named graphs, or (for stores without it) Oxigraph's union.
    Writing to it raises an error from Oxigraph.
    """
    import rdflib

    store = open_store(Path(graph_dir))  # read-only
    dataset = rdflib.Dataset(store=_store_class()(store=store))
    # kg.store.query_store reads Oxigraph's union only when the default graph does not hold it.
    dataset.default_union = not union_is_stored(store)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, rdflib.Namespace(namespace), override=True, replace=True)
    return dataset


@functools.cache
def _store_class() -> Any:
    """oxrdflib's store, where asking for a graph the store holds writes nothing (the store is read-only)."""
    optional_module("oxrdflib", "An rdflib dataset")  # the install hint when it is missing
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
    from rdflib.term import BNode, URIRef

    class ReadOnlyOxigraphStore(OxigraphStore):
        """`Dataset.graph(iri)` calls `add_graph`, a write; for a graph already there it need not be one."""

        def add_graph(self, graph: Any) -> None:
            name = graph.identifier
            if name == DATASET_DEFAULT_GRAPH_ID:
                return
            node: ox.NamedNode | ox.BlankNode | None = None
            if isinstance(name, URIRef):
                node = ox.NamedNode(str(name))
            elif isinstance(name, BNode):
                node = ox.BlankNode(str(name))
            if node is not None and self._inner.contains_named_graph(node):
                return
            super().add_graph(graph)

    return ReadOnlyOxigraphStore
