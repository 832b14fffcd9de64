"""Write a built graph in another format: RDF serialisations, GraphML, GEXF, or a CSV of relations.

GraphML and GEXF carry the analysis scores and communities of `kg analyze` and the view's class
colours, PageRank sizes and seeded layout, so Gephi opens the graph looking like the view.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pyoxigraph as ox

from kg.analysis import affiliation_roles, analyse_graph, node_attributes, to_networkx, write_gexf, write_graphml
from kg.build import serialize_rdf
from kg.building.state import CacheFile
from kg.csv_rows import csv_bytes
from kg.errors import KgError
from kg.privacy import pseudonymise
from kg.store import add_quads, open_store, stored_quads, write_atomic
from kg.view import LayoutMemo, node_looks, view_inputs
from kg.vocab import ONTOLOGY_GRAPH

__all__ = ["EXPORT_FORMATS", "CSV_COLUMNS", "export_graph", "export_bytes", "data_quads", "serialize_rdf"]

logger = logging.getLogger(__name__)

EXPORT_FORMATS: tuple[str, ...] = ("turtle", "trig", "nt", "nq", "jsonld", "xml", "graphml", "gexf", "csv")

CSV_COLUMNS: tuple[str, ...] = (
    "source",
    "source_label",
    "source_class",
    "property",
    "target",
    "target_label",
    "target_class",
)

# format name -> (pyoxigraph format, keeps named graphs)
_RDF_FORMATS: dict[str, tuple[ox.RdfFormat, bool]] = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nq": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, True),
    "xml": (ox.RdfFormat.RDF_XML, False),
}


def export_graph(
    graph_dir: Path, fmt: str, out: Path | None = None, *, pseudonymise: bool = False, key: str = ""
) -> bytes | None:
    """Export the graph built in `graph_dir` as `fmt`: to the file `out`, or return the bytes.

    With `pseudonymise` every person's IRI and name is replaced by a stable pseudonym (see
    `kg.privacy.pseudonymise`; `key` makes the pseudonyms impossible to guess)."""
    store = open_store(Path(graph_dir))
    if pseudonymise:
        store = _pseudonymised(store, key)
    # The build keeps the view's layouts in its cache file; one made for the same input is used as it is.
    cache = CacheFile.read(Path(graph_dir) / "cache") if fmt in ("gexf", "graphml") else None
    try:
        data = export_bytes(store, fmt, layouts=LayoutMemo(cache.layouts() if cache else None, None))
    finally:
        if cache is not None:
            cache.close()
    if out is None:
        return data
    write_atomic(Path(out), data)
    return None


def export_bytes(store: ox.Store, fmt: str, *, layouts: LayoutMemo | None = None) -> bytes:
    """The graph of `store` (without the ontology) serialised as `fmt`, deterministically.

    `layouts`: where the network formats look up the view's layout (default: computed)."""
    if fmt in _RDF_FORMATS:
        rdf_format, datasets = _RDF_FORMATS[fmt]
        quads = data_quads(store)
        items: list[ox.Quad] | list[ox.Triple]
        if datasets:
            items = quads
        else:
            unique = {(q.subject, q.predicate, q.object) for q in quads}
            items = sorted((ox.Triple(s, p, o) for s, p, o in unique), key=_triple_key)
        return serialize_rdf(items, rdf_format)
    if fmt in ("graphml", "gexf"):
        return _network_bytes(store, fmt, layouts)
    if fmt == "csv":
        return _relations_csv(store)
    raise KgError(f"Unknown export format {fmt!r}; known: {', '.join(EXPORT_FORMATS)}.")


def _network_bytes(store: ox.Store, fmt: str, layouts: LayoutMemo | None) -> bytes:
    """The entity network as GraphML or GEXF, with the scores of `kg analyze` and the view's drawing.

    Every node is laid out (the view's `max_nodes=0`): the same positions as the view wherever the
    view shows every node, which it does up to DEFAULT_MAX_NODES nodes."""
    g = to_networkx(store)
    analysis = analyse_graph(g, affiliation_roles(store))
    _, scores = view_inputs(analysis)
    looks = node_looks(g, scores, max_nodes=0, layouts=layouts)
    writer = write_graphml if fmt == "graphml" else write_gexf
    buffer = io.BytesIO()
    writer(g, buffer, attributes=node_attributes(analysis), looks=looks)
    return buffer.getvalue()


def _pseudonymised(store: ox.Store, key: str) -> ox.Store:
    """An in-memory copy of `store` with persons replaced by pseudonyms (the ontology kept as it is)."""
    copy = ox.Store()
    add_quads(copy, pseudonymise(list(stored_quads(store)), key))
    return copy


def data_quads(store: ox.Store) -> list[ox.Quad]:
    """Every quad of the store outside the ontology graph, sorted by graph, subject, predicate, object."""
    quads = [
        q
        for q in stored_quads(store)
        if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_GRAPH)
    ]
    return sorted(quads, key=lambda q: (str(q.graph_name), *_triple_key(q)))


def _triple_key(t: ox.Triple | ox.Quad) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def _relations_csv(store: ox.Store) -> bytes:
    g = to_networkx(store)
    rows = sorted(
        (
            u,
            str(g.nodes[u].get("label", u)),
            str(g.nodes[u].get("cls", "")),
            str(data.get("property", key)),
            v,
            str(g.nodes[v].get("label", v)),
            str(g.nodes[v].get("cls", "")),
        )
        for u, v, key, data in g.edges(keys=True, data=True)
    )
    return csv_bytes(CSV_COLUMNS, rows)
