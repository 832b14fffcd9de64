"""RDF files merged into the build as they are, after a check that they parse."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from kg.errors import SourceError
from kg.loaders.decode import content_hash
from kg.model import RdfSource

__all__ = ["RDF_SUFFIXES", "rdf_format", "load_rdf", "check_rdf"]

logger = logging.getLogger(__name__)

# Suffix -> RdfSource.format (the pyoxigraph format names used across kg).
RDF_SUFFIXES: dict[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "n-triples",
    ".nq": "n-quads",
    ".jsonld": "json-ld",
    ".json-ld": "json-ld",
    ".rdf": "rdf-xml",
    ".owl": "rdf-xml",
}
_PYOXIGRAPH_FORMATS: dict[str, str] = {
    "turtle": "TURTLE",
    "trig": "TRIG",
    "n-triples": "N_TRIPLES",
    "n-quads": "N_QUADS",
    "json-ld": "JSON_LD",
    "rdf-xml": "RDF_XML",
}
_LABELS: dict[str, str] = {
    "turtle": "Turtle",
    "trig": "TriG",
    "n-triples": "N-Triples",
    "n-quads": "N-Quads",
    "json-ld": "JSON-LD",
    "rdf-xml": "RDF/XML",
}
# Entity declarations make exponential expansion possible ("billion laughs"): refuse them outright.
_XML_DECLARATIONS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(r"^Parser error at line \d+ (?:column (\d+)|between columns (\d+) and \d+): ")


def rdf_format(path: Path) -> str | None:
    """The RDF format name for the suffix of `path`, or None."""
    return RDF_SUFFIXES.get(path.suffix.lower())


def _import_pyoxigraph() -> Any:
    try:
        import pyoxigraph
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise SourceError("pyoxigraph", "is needed to read RDF files: pip install pyoxigraph") from err
    return pyoxigraph


def check_rdf(data: bytes, fmt: str, *, source: str) -> int:
    """Parse `data` as `fmt`; return the number of triples or quads, or raise SourceError with the line."""
    label = _LABELS[fmt]
    if fmt == "rdf-xml" and _XML_DECLARATIONS.search(data):
        raise SourceError(source, "RDF/XML with a DOCTYPE or ENTITY declaration is refused (entity expansion risk)")
    pyoxigraph = _import_pyoxigraph()
    rdf_format_ = getattr(pyoxigraph.RdfFormat, _PYOXIGRAPH_FORMATS[fmt])
    count = 0
    try:
        for _ in pyoxigraph.parse(input=data, format=rdf_format_):
            count += 1
    except SyntaxError as err:
        message = err.msg or str(err)
        position = _POSITION.match(message)
        if position:
            column = position.group(1) or position.group(2)
            message = f"{message[position.end() :]} (column {column})"
        raise SourceError(source, f"malformed {label}: {message}", line=err.lineno) from None
    except (ValueError, OSError) as err:
        raise SourceError(source, f"malformed {label}: {err}") from None
    return count


def load_rdf(path: Path, data: bytes, *, charset: str | None = None) -> RdfSource:
    """Check that an RDF file parses and return it, bytes unchanged, for merging into the build."""
    fmt = rdf_format(path)
    if fmt is None:
        raise SourceError(str(path), f"not an RDF file suffix: {path.suffix!r}")
    if not data.strip():
        raise SourceError(str(path), "empty file")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(str(path), "binary content (NUL bytes), not RDF")
    count = check_rdf(data, fmt, source=str(path))
    logger.debug("%s: %d statement(s) of %s", path, count, fmt)
    return RdfSource(source=str(path), format=fmt, data=data, content_hash=content_hash(data))
