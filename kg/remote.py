"""Scale-out to an existing triple store: push the dataset over SPARQL 1.1 Update, query it back.

`push` loads every named graph of a built graph (documents, reference data, analysis, ontology) into
any SPARQL 1.1 store that accepts updates (Virtuoso, Fuseki, GraphDB, QLever …): each graph is
dropped and then inserted in chunks of `INSERT DATA { GRAPH <g> { … } }`, so a push replaces what an
earlier push of the same graph left. `remote_query` sends a query with the SPARQL 1.1 Protocol and
reads the answer into the same result objects the embedded store gives, so every output format works.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.store import QueryResult, open_store, stored_quads
from kg.vocab import PREFIXES

__all__ = ["PushSummary", "push", "remote_query"]

logger = logging.getLogger(__name__)

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_DECLARED = re.compile(r"^\s*PREFIX\s+([\w-]*):", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class PushSummary:
    """What a push sent: graphs and triples, and the endpoint."""

    endpoint: str
    graphs: int
    triples: int


def _opener(endpoint: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, endpoint, user, password or "")
        handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
    return urllib.request.build_opener(*handlers)


def _post(
    opener: urllib.request.OpenerDirector, endpoint: str, body: bytes, content_type: str, accept: str, timeout: float
) -> tuple[str, bytes]:
    request = urllib.request.Request(
        endpoint, data=body, headers={"Content-Type": content_type, "Accept": accept}, method="POST"
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        detail = err.read().decode("utf-8", errors="replace").strip().splitlines()
        first = detail[0][:200] if detail else err.reason
        raise KgError(f"{endpoint} answered {err.code}: {first}") from None
    except (urllib.error.URLError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise KgError(f"{endpoint}: cannot reach the endpoint ({reason}).") from None


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    return str(term)


def push(
    graph_dir: Path,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    chunk: int = 2000,
    timeout: float = 300.0,
) -> PushSummary:
    """Load the dataset built in `graph_dir` into the SPARQL 1.1 Update endpoint `endpoint`."""
    store = open_store(Path(graph_dir))
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in stored_quads(store):
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs[quad.graph_name.value].append(quad)
        elif isinstance(quad.graph_name, ox.DefaultGraph):
            graphs[""].append(quad)
    opener = _opener(endpoint, user, password)
    sent = 0
    for name in sorted(graphs):
        quads = sorted(graphs[name], key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
        if name:
            _post(opener, endpoint, f"DROP SILENT GRAPH <{name}>".encode(), "application/sparql-update", "*/*", timeout)
        # Blank nodes (the ontology's class expressions) must stay in one request to stay one node, and
        # some stores refuse them in INSERT DATA: such a graph goes whole, as INSERT … WHERE {}.
        has_blank = any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode) for q in quads)
        size = len(quads) if has_blank else chunk
        for start in range(0, len(quads), max(1, size)):
            lines = "\n".join(
                f"{_term(q.subject)} {_term(q.predicate)} {_term(q.object)} ." for q in quads[start : start + size]
            )
            block = f"GRAPH <{name}> {{\n{lines}\n}}" if name else lines
            update = f"INSERT {{ {block} }} WHERE {{}}" if has_blank else f"INSERT DATA {{ {block} }}"
            _post(opener, endpoint, update.encode("utf-8"), "application/sparql-update", "*/*", timeout)
        sent += len(quads)
        logger.info("pushed %s (%d triples)", name or "the default graph", len(quads))
    return PushSummary(endpoint=endpoint, graphs=len(graphs), triples=sent)


def with_prefixes(query: str) -> str:
    """The query with the project's PREFIX lines in front, for those it does not declare itself."""
    declared = {m.group(1) for m in _DECLARED.finditer(query)}
    lines = [f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items() if name not in declared]
    return "\n".join(lines) + "\n" + query


def remote_query(
    endpoint: str, query: str, *, user: str | None = None, password: str | None = None, timeout: float = 60.0
) -> QueryResult:
    """Run `query` at a SPARQL 1.1 Protocol endpoint; the answer as the embedded store would give it."""
    body = urllib.parse.urlencode({"query": with_prefixes(query)}).encode("utf-8")
    accept = "application/sparql-results+json, application/sparql-results+xml;q=0.9, text/turtle;q=0.8"
    content_type, data = _post(
        _opener(endpoint, user, password), endpoint, body, "application/x-www-form-urlencoded", accept, timeout
    )
    media = content_type.split(";")[0].strip().lower()
    try:
        if media in _RESULT_TYPES:
            return ox.parse_query_results(data, format=_RESULT_TYPES[media])
        if media in _GRAPH_TYPES:
            triples = [t if isinstance(t, ox.Triple) else t.triple for t in ox.parse(data, format=_GRAPH_TYPES[media])]
            temporary = ox.Store()
            temporary.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
            return temporary.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except SyntaxError as err:
        raise KgError(f"{endpoint}: the answer could not be read ({err}).") from None
    raise KgError(f"{endpoint}: answered with {media or 'no content type'}, which kg cannot read.")
