"""SHACL validation of a graph against `ontology/shapes.ttl` (pySHACL), with readable results."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from kg.errors import KgError, SourceError
from kg.vocab import ONTOLOGY_GRAPH, SH, ontology_dir

__all__ = ["ValidationResult", "ValidationReport", "validate_graph", "validate_quads"]

logger = logging.getLogger(__name__)

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """One SHACL result: the node at fault, the property path, the message and the severity."""

    focus: str
    path: str
    message: str
    severity: str
    value: str


@dataclass(frozen=True)
class ValidationReport:
    """Whether the graph conforms, and every result sorted by focus node and path."""

    conforms: bool
    results: tuple[ValidationResult, ...]

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "Violation")


def _read_file(path: Path) -> list[ox.Quad]:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise SourceError(
            str(path),
            f"cannot validate a {path.suffix or 'suffix-less'} file; use Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML",
        )
    try:
        data = path.read_bytes()
    except OSError as err:
        raise SourceError(str(path), err.strerror or str(err)) from None
    try:
        items = list(ox.parse(data, format=fmt))
    except SyntaxError as err:
        raise SourceError(str(path), f"malformed RDF: {err}") from None
    return [i if isinstance(i, ox.Quad) else ox.Quad(i.subject, i.predicate, i.object) for i in items]


def _as_rdflib(quads: list[ox.Quad]) -> rdflib.Graph:
    """All triples of every graph but the ontology, in one rdflib graph (SHACL sees one data graph)."""
    triples = {
        q.triple for q in quads if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == ONTOLOGY_GRAPH)
    }
    graph = rdflib.Graph()
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data, format="nt")
    return graph


def _text(graph: rdflib.Graph, node: rdflib.term.Node, prop: str) -> str:
    value = graph.value(node, rdflib.URIRef(SH + prop))
    if value is None:
        return ""
    if isinstance(value, rdflib.BNode):
        return "(a path expression)"
    return str(value)


def validate_quads(quads: list[ox.Quad]) -> ValidationReport:
    """Validate the data quads against the project's shapes, with the ontology for the class hierarchy."""
    try:
        import pyshacl
    except ImportError:  # pragma: no cover - a declared dependency
        raise KgError("kg validate needs pySHACL: pip install pyshacl") from None
    folder = ontology_dir()
    shapes = rdflib.Graph().parse(folder / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(folder / "samverkan.ttl", format="turtle")
    conforms, report, _ = pyshacl.validate(
        _as_rdflib(quads), shacl_graph=shapes, ont_graph=ontology, inference="none", allow_warnings=True
    )
    results = []
    for node in report.subjects(rdflib.RDF.type, rdflib.URIRef(SH + "ValidationResult")):
        severity = _text(report, node, "resultSeverity").rsplit("#", 1)[-1]
        results.append(
            ValidationResult(
                focus=_text(report, node, "focusNode"),
                path=_text(report, node, "resultPath"),
                message=_text(report, node, "resultMessage"),
                severity=severity,
                value=_text(report, node, "value"),
            )
        )
    results.sort(key=lambda r: (r.focus, r.path, r.message, r.value))
    return ValidationReport(bool(conforms), tuple(results))


def validate_graph(file: Path | None = None, graph_dir: Path | None = None) -> ValidationReport:
    """Validate an RDF file, or the built graph in `graph_dir` (its store)."""
    if file is not None:
        return validate_quads(_read_file(file))
    from kg.store import open_store, stored_quads  # the store comes before validation in the data flow

    store = open_store(graph_dir or Path("output"))
    return validate_quads(list(stored_quads(store)))
