"""The named query library: SPARQL files `<name>.rq` under `ontology/queries/`."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kg.errors import QueryError
from kg.vocab import ontology_dir

__all__ = ["NamedQuery", "queries_dir", "list_queries", "load_query"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A query of the library: its name (file stem), description (leading comments) and file."""

    name: str
    description: str
    path: Path


def queries_dir() -> Path:
    """The folder of the named queries shipped with the ontology."""
    return ontology_dir() / "queries"


def list_queries(directory: Path | None = None) -> list[NamedQuery]:
    """Every named query in `directory` (default: the shipped library), sorted by name."""
    folder = Path(directory) if directory is not None else queries_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("*.rq")):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            logger.warning("Cannot read the named query %s: %s", path, err)
            continue
        found.append(NamedQuery(name=path.stem, description=_description(text), path=path))
    return found


def load_query(name: str, directory: Path | None = None) -> str:
    """The SPARQL text of the named query `name`."""
    known = list_queries(directory)
    for query in known:
        if query.name == name:
            try:
                return query.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                raise QueryError(f"{query.path}: cannot read the named query ({err}).") from err
    names = ", ".join(q.name for q in known) or "(none)"
    raise QueryError(f"No named query '{name}'; known: {names}")


def _description(text: str) -> str:
    """The leading `# ...` comment lines of a query, joined into one line."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped or lines:
                break
            continue
        lines.append(stripped.lstrip("#").strip())
    return " ".join(part for part in lines if part)
