"""The built store as an rdflib Dataset, through oxrdflib (an optional dependency)."""

from __future__ import annotations

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

    optional_module("oxrdflib", "An rdflib dataset")  # the install hint when it is missing
    from kg.oxstore import ReadOnlyOxigraphStore

    store = open_store(Path(graph_dir))  # read-only
    dataset = rdflib.Dataset(store=ReadOnlyOxigraphStore(store=store))
    # kg.store.query_store reads Oxigraph's union only when the default graph does not hold it.
    dataset.default_union = not union_is_stored(store)
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, rdflib.Namespace(namespace), override=True, replace=True)
    return dataset
