"""The one error hierarchy of kg; imports nothing from the package.

KgError                   anything the user can act on; the CLI prints it as one line
├── SourceError           a source document or RDF file cannot be read or parsed
│   └── FetchError        a web address cannot be fetched (or, offline, is not in the fetch cache)
├── GraphNotFoundError    no built graph where a command expected one
├── QueryError            a SPARQL query is malformed or refers to an unknown named query
└── OutputError           an output file or folder cannot be written
"""

from __future__ import annotations

__all__ = ["KgError", "SourceError", "FetchError", "GraphNotFoundError", "QueryError", "OutputError"]


class KgError(Exception):
    """An error with a one-sentence message meant for the user."""


class SourceError(KgError):
    """A source cannot be read; the message names the file and the place."""

    def __init__(self, path: str, problem: str, *, line: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {problem}")


class FetchError(SourceError):
    """A web address cannot be fetched; the message names the address and the problem."""


class GraphNotFoundError(KgError):
    """No built graph in the folder a command was pointed at."""


class QueryError(KgError):
    """A SPARQL query cannot be parsed or run, or a named query does not exist."""


class OutputError(KgError):
    """An output file or folder cannot be written."""
