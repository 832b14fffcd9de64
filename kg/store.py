"""The Oxigraph store of a built graph: write it, open it, query it, format the results."""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphNotFoundError, OutputError, QueryError, SourceError
from kg.vocab import ONTOLOGY_GRAPH, PREFIXES, ontology_dir

__all__ = [
    "RESULT_FORMATS",
    "QueryResult",
    "write_store",
    "open_store",
    "run_query",
    "format_results",
    "query_rows",
    "select_terms",
    "data_graphs",
    "add_quads",
    "patch_graph",
    "settle_union",
    "store_sizes",
    "stored_quads",
    "select",
    "shorten",
    "term_text",
    "union_is_stored",
    "union_pairs",
    "write_atomic",
]

logger = logging.getLogger(__name__)

QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "xml")

_RESULTS_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
# CONSTRUCT/DESCRIBE results: JSON-LD for json, RDF/XML for xml, Turtle otherwise.
_GRAPH_FORMATS = {"json": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}

STORE_DIR = "store"
_LOAD_SLICE = 250_000  # quads per bulk load


def write_store(quads: Iterable[ox.Quad], path: Path) -> None:
    """Create a fresh on-disk store at `path` holding `quads` plus the ontology, then close it.

    `path` must not exist or be an empty folder. The ontology (`ontology_dir()/samverkan.ttl`) goes
    into the named graph ONTOLOGY_GRAPH; when it is missing the store is written without it. The
    store's default graph holds the union of its named graphs (see `add_quads`).
    """
    path = Path(path)
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise OutputError(f"{path}: cannot write a fresh store there, the path is not an empty folder.")
    try:
        store = ox.Store(str(path))
    except OSError as err:
        raise OutputError(f"{path}: cannot create the store ({err}).") from err
    try:
        add_quads(store, quads)
        ontology = ontology_dir() / "samverkan.ttl"
        if ontology.is_file():
            try:
                with ontology.open("rb") as handle:
                    triples = list(ox.parse(handle, format=ox.RdfFormat.TURTLE))
            except SyntaxError as err:
                raise SourceError(str(ontology), _one_line(str(err))) from err
            graph = ox.NamedNode(ONTOLOGY_GRAPH)
            add_quads(store, (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples))
        else:
            logger.warning("No ontology at %s; the store is written without it.", ontology)
        store.flush()
        store.optimize()
    except OSError as err:
        raise OutputError(f"{path}: cannot write the store ({err}).") from err
    finally:
        # Oxigraph closes the store when the last reference goes; the folder can then be renamed.
        del store


def add_quads(store: ox.Store, quads: Iterable[ox.Quad]) -> None:
    """Add `quads` (all in named graphs) to `store`, each also into the default graph.

    A built store keeps its default graph as the materialised union of its named graphs: queries
    then read Oxigraph's default-graph indexes instead of merging thousands of document graphs per
    triple pattern, which is ten times faster or more on large graphs. Nothing else is ever
    written to the default graph (triples of RDF files go to the file's own named graph), so
    `stored_quads` is the dataset as built.
    """
    items = quads if isinstance(quads, list) else list(quads)
    # In slices: Oxigraph holds a whole bulk load in memory before writing it, and a slice keeps that
    # copy small next to the caller's own list of quads (the peak memory of a large build).
    for start in range(0, len(items), _LOAD_SLICE):
        part = items[start : start + _LOAD_SLICE]
        store.bulk_extend(part)
        store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in part])


def patch_graph(store: ox.Store, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """Make the named graph `graph` of `store` hold exactly `quads`; returns (quads gone, quads come).

    Only that graph is written: once every graph is patched, `settle_union` brings the default
    graph (the union) up to date.
    """
    old = set(store.quads_for_pattern(None, None, None, graph))
    new = set(quads)
    gone, come = old - new, new - old
    for quad in gone:
        store.remove(quad)
    if come:
        store.extend(come)
    return gone, come


def settle_union(
    store: ox.Store, gone: Iterable[ox.Triple], come: Iterable[ox.Triple]
) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """Update the default graph (the union of the named graphs) after named graphs were patched:
    triples `come` are added, triples `gone` are taken out unless a named graph still holds them.

    Returns the triples the default graph gained and those it lost.
    """
    default = ox.DefaultGraph()
    arrived = set(come)
    new = [q for q in (ox.Quad(t.subject, t.predicate, t.object, default) for t in arrived) if q not in store]
    store.extend(new)
    lost: list[ox.Triple] = []
    for t in set(gone) - arrived:
        held = any(
            not isinstance(q.graph_name, ox.DefaultGraph)
            for q in store.quads_for_pattern(t.subject, t.predicate, t.object, None)
        )
        quad = ox.Quad(t.subject, t.predicate, t.object, default)
        if not held and quad in store:
            store.remove(quad)
            lost.append(t)
    return [q.triple for q in new], lost


def store_sizes(store: ox.Store) -> tuple[int, int]:
    """(quads in the named graphs, triples in the default graph) of `store`, counted by Oxigraph."""
    result = store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")  # the default graph alone
    assert isinstance(result, ox.QuerySolutions)
    default = next((int(row["n"].value) for row in result if row["n"] is not None), 0)
    return len(store) - default, default


def stored_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """Every quad of the named graphs of `store`: the dataset as built, without the union copy."""
    for quad in store.quads_for_pattern(None, None, None, None):
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield quad


def union_is_stored(store: ox.Store) -> bool:
    """Whether the default graph holds the union (stores built before it did, or empty ones, do not)."""
    return next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None


def union_pairs(
    store: ox.Store, predicate: str
) -> Iterator[tuple[ox.NamedNode | ox.BlankNode | ox.Triple, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]:
    """(subject, object) of each distinct triple with `predicate` in the union of the data graphs.

    What `select` reads as its default graph, through the store's index instead of a query: about
    twice as fast for the whole-graph reads of a build (labels, relations).
    """
    node = ox.NamedNode(predicate)
    if union_is_stored(store):
        for quad in store.quads_for_pattern(None, node, None, ox.DefaultGraph()):
            yield quad.subject, quad.object
        return
    seen: set[tuple[object, object]] = set()
    for quad in store.quads_for_pattern(None, node, None, None):
        pair = (quad.subject, quad.object)
        if pair not in seen:
            seen.add(pair)
            yield pair


def query_store(store: ox.Store, sparql: str) -> QueryResult:
    """`store.query` with the project prefixes, reading the union of the graphs as the default graph."""
    return store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=not union_is_stored(store))


def open_store(graph_dir: Path) -> ox.Store:
    """Open the store of the built graph in `graph_dir` read-only."""
    graph_dir = Path(graph_dir)
    from kg.building.staging import settle  # here: kg.building imports this module

    settle(graph_dir)  # a build killed while it swapped its output in: the earlier output back first
    path = graph_dir / STORE_DIR
    if not path.is_dir() or not any(path.iterdir()):
        raise GraphNotFoundError(f"No built graph in {graph_dir}: run `kg build` first.")
    try:
        return ox.Store.read_only(str(path))
    except OSError as err:
        raise GraphNotFoundError(f"Cannot open the graph store in {path}: {_one_line(str(err))}") from err


def run_query(store: ox.Store, sparql: str) -> QueryResult:
    """Run a SPARQL query over all graphs (named graphs included); the project prefixes are predeclared."""
    try:
        return query_store(store, sparql)
    except SyntaxError as err:
        raise QueryError(f"Bad SPARQL query: {_syntax_message(str(err))}") from err
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"The query failed: {_one_line(str(err))}") from err


def format_results(result: QueryResult, fmt: str) -> bytes:
    """Serialise a query result: table|csv|tsv|json|xml (graphs: Turtle, JSON-LD or RDF/XML)."""
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"Unknown result format {fmt!r}; known: {', '.join(RESULT_FORMATS)}.")
    try:
        if isinstance(result, ox.QueryBoolean):
            if fmt == "table":
                return b"true\n" if bool(result) else b"false\n"
            return _with_newline(result.serialize(format=_RESULTS_FORMATS[fmt]))
        if isinstance(result, ox.QueryTriples):
            rdf_format = _GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE)
            triples = sorted(set(result), key=str)
            if rdf_format == ox.RdfFormat.TURTLE:
                data = ox.serialize(triples, format=rdf_format, prefixes=_used_prefixes(triples))
            else:
                data = ox.serialize(triples, format=rdf_format)
            return _with_newline(data or b"")
        if fmt == "table":
            return _table(result).encode("utf-8")
        return _with_newline(result.serialize(format=_RESULTS_FORMATS[fmt]))
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"The query failed: {_one_line(str(err))}") from err


def query_rows(graph_dir: Path | str, sparql: str) -> list[dict[str, str]]:
    """Run a SELECT query on a built graph and return plain rows {variable: value} (for notebooks)."""
    _, solutions = select_terms(graph_dir, sparql)
    return [
        {name: term.value if not isinstance(term, ox.Triple) else str(term) for name, term in row.items()}
        for row in solutions
    ]


def select_terms(graph_dir: Path | str, sparql: str) -> tuple[list[str], list[dict[str, _Term]]]:
    """The variables of a SELECT query on a built graph and its solutions as {variable: bound term}."""
    store = open_store(Path(graph_dir))
    result = run_query(store, sparql)
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("query_rows needs a SELECT query.")
    names = [v.value for v in result.variables]
    rows: list[dict[str, _Term]] = []
    try:
        for solution in result:
            rows.append({name: term for name in names if (term := solution[name]) is not None})
    except (OSError, ValueError, RuntimeError) as err:
        raise QueryError(f"The query failed: {_one_line(str(err))}") from err
    return names, rows


def data_graphs(store: ox.Store) -> list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]:
    """Every graph of the store except the ontology graph: the data a build made."""
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = []
    if not union_is_stored(store):
        graphs.append(ox.DefaultGraph())
    graphs += sorted(
        (g for g in store.named_graphs() if not (isinstance(g, ox.NamedNode) and g.value == ONTOLOGY_GRAPH)),
        key=str,
    )
    return graphs


def select(store: ox.Store, sparql: str, *, ontology: bool = False) -> Iterator[ox.QuerySolution]:
    """Run an internal SELECT over the data graphs (or only the ontology graph) and yield its solutions."""
    if ontology:
        result = store.query(sparql, prefixes=dict(PREFIXES), default_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    else:
        # The union of all graphs: naming thousands of document graphs as the default graph is far
        # slower in Oxigraph, and the internal queries ask for instances, which the ontology has none of.
        result = query_store(store, sparql)
    assert isinstance(result, ox.QuerySolutions)
    yield from result


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder, so `path` is never half-written."""
    path = Path(path)
    tmp_name: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual file mode
        os.replace(tmp_name, path)
        tmp_name = None
    except OSError as err:
        raise OutputError(f"{path}: cannot write the file ({err.strerror or err}).") from err
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def shorten(iri: str, prefixes: dict[str, str] | None = None) -> str:
    """`https://w3id.org/samverkan/id/org/mdh` -> `org:mdh` when a prefix fits, else `<iri>`."""
    best = ""
    best_ns = ""
    for name, ns in (prefixes if prefixes is not None else PREFIXES).items():
        if iri.startswith(ns) and len(ns) > len(best_ns):
            local = iri[len(ns) :]
            if _LOCAL.fullmatch(local):
                best, best_ns = name, ns
    if best_ns:
        return f"{best}:{iri[len(best_ns) :]}"
    return f"<{iri}>"


def term_text(term: object) -> str:
    """A readable text for an RDF term: shortened IRI, plain literal value, `_:id` for blank nodes."""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if term is None:
        return ""
    return str(term)


_LOCAL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_\-.]*(?<!\.)|")


def _table(result: ox.QuerySolutions) -> str:
    names = [v.value for v in result.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in result]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    lines = [
        "  ".join(name.ljust(w) for name, w in zip(names, widths, strict=False)).rstrip(),
        "  ".join("-" * w for w in widths).rstrip(),
    ]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def _cell(term: object) -> str:
    return term_text(term).replace("\r", "\\r").replace("\n", "\\n").replace("\t", " ")


def _used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    text = " ".join(str(t) for t in triples)
    return {name: ns for name, ns in PREFIXES.items() if "<" + ns in text}


def _with_newline(data: bytes | None) -> bytes:
    data = data or b""
    return data if data.endswith(b"\n") or not data else data + b"\n"


def _one_line(message: str) -> str:
    return " ".join(message.split())


_CHAR_CLASS = re.compile(r"\[[^\[\]]*\]")


def _syntax_message(message: str) -> str:
    """Oxigraph's parser message on one line, without its long character-class lists."""
    text = _one_line(message)
    text = _CHAR_CLASS.sub("", text)
    text = re.sub(r"(,\s*)+", ", ", text).replace(", ", ", ").strip(" ,")
    text = re.sub(r"^error at (\d+):(\d+):", r"line \1, column \2:", text)
    return text.rstrip(", ")
