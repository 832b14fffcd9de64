"""oxrdflib's store for a read-only Oxigraph store (imported only when oxrdflib is installed)."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import BNode, URIRef

__all__ = ["ReadOnlyOxigraphStore"]


class ReadOnlyOxigraphStore(OxigraphStore):
    """`Dataset.graph(iri)` calls `add_graph`, a write; for a graph the store holds it need not be one."""

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
