"""The build's cache and state in one SQLite file, `cache/build.sqlite`: what the next build patches
from and reuses.

Tables (one schema, checked by SQLite, STRICT):

- `meta`: the file's format, the build mode, the sha256 of graph.trig and graph.ttl, the dataset's sizes;
- `documents` and `canon`: per document its cache entry, named graph, entity records, merges and
  facts; per entity its class and labels (what decides which graphs a patch makes again);
- `blocks`: where each graph's block lies in graph.trig;
- `extractions`: the extraction cache, one JSON value per entry (plain data, never pickles);
- `classes`, `labels`, `relations`: the graph parts the analysis read;
- `evidence`: the view's evidence items of every node; `analysis`: the analysis graph per subject,
  the sha256 of its N-Quads lines and its piece of graph.trig's analysis block;
- `turtle`: graph.ttl per subject, its triples and its piece of the file;
- `statements`: per dated document, the relations its provenance statements state (the timeline's
  observations);
- `report_rows`: the rows of the report's tables of documents and persons;
- `layouts`: the view's layouts, by the sha256 of their input;
- `fetched`: responses of web addresses, for conditional requests on the next build.

A build writes a new file in its staging folder and commits it once, when everything is in; the
previous build's file is only read. A file that is missing, of another format or unreadable is no
state at all, and the build is made in full.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.analysis.graph import GraphParts

__all__ = [
    "FILE_NAME",
    "earlier_pages",
    "BuildState",
    "CacheFile",
    "CanonEntry",
    "DocumentState",
    "EntityRecord",
    "Evidence",
]

logger = logging.getLogger(__name__)

FILE_NAME = "build.sqlite"
_FORMAT = "3"

CanonEntry = tuple[str, str, tuple[str, ...]]  # class, label, alternative labels
TurtleSubject = tuple[str, int, bytes]  # N-Triples subject, its triples, its piece of graph.ttl
AnalysisSubject = tuple[str, str, bytes]  # N-Triples subject, digest of its N-Quads lines, its piece of TriG
Relations = tuple[tuple[str, str, str], ...]  # kg.observations.Relations
EntityRecord = tuple[str, str, str, tuple[str, ...]]  # iri, class, label, alternative labels
Evidence = dict[str, list[dict[str, Any]]]  # node IRI -> the view's evidence items
Rows = dict[str, list[list[str]]]  # the rows of a report table by key (kg.report.rows.Rows)

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE documents (
    key TEXT PRIMARY KEY, entry TEXT NOT NULL, graph TEXT NOT NULL,
    entities TEXT NOT NULL, merges TEXT NOT NULL, facts INTEGER NOT NULL
) STRICT;
CREATE TABLE canon (iri TEXT PRIMARY KEY, cls TEXT NOT NULL, label TEXT NOT NULL, alts TEXT NOT NULL) STRICT;
CREATE TABLE blocks (position INTEGER PRIMARY KEY, graph TEXT NOT NULL, start INTEGER NOT NULL,
    stop INTEGER NOT NULL) STRICT;
CREATE TABLE extractions (entry TEXT PRIMARY KEY, data TEXT NOT NULL) STRICT;
CREATE TABLE classes (iri TEXT PRIMARY KEY, cls TEXT NOT NULL) STRICT;
CREATE TABLE labels (iri TEXT PRIMARY KEY, label TEXT NOT NULL) STRICT;
CREATE TABLE relations (position INTEGER PRIMARY KEY, subject TEXT NOT NULL, predicate TEXT NOT NULL,
    object TEXT NOT NULL) STRICT;
CREATE TABLE evidence (iri TEXT PRIMARY KEY, items TEXT NOT NULL) STRICT;
CREATE TABLE analysis (position INTEGER PRIMARY KEY, subject TEXT NOT NULL, digest TEXT NOT NULL,
    piece BLOB NOT NULL) STRICT;
CREATE TABLE turtle (position INTEGER PRIMARY KEY, subject TEXT NOT NULL, triples INTEGER NOT NULL,
    piece BLOB NOT NULL) STRICT;
CREATE TABLE statements (document TEXT PRIMARY KEY, relations TEXT NOT NULL) STRICT;
CREATE TABLE layouts (name TEXT PRIMARY KEY, positions BLOB NOT NULL) STRICT;
CREATE TABLE report_rows (kind TEXT NOT NULL, key TEXT NOT NULL, rows TEXT NOT NULL, PRIMARY KEY (kind, key)) STRICT;
CREATE TABLE fetched (url TEXT PRIMARY KEY, record TEXT NOT NULL, body BLOB NOT NULL) STRICT;
"""
_SIZES = ("quads", "named", "union")


@dataclass(frozen=True)
class DocumentState:
    """What the state keeps of one document."""

    entry: str  # its extraction cache entry
    graph: str  # its named graph, as graph_key writes it
    entities: tuple[EntityRecord, ...]
    merges: tuple[tuple[str, str, str], ...]
    facts: int


@dataclass
class BuildState:
    """The state of a finished build: what the plan of the next build compares its documents with."""

    mode: str
    documents: dict[str, DocumentState]
    canon: dict[str, CanonEntry]
    blocks: list[tuple[str, int, int]]  # graph key, start, end in graph.trig
    trig: str  # sha256 of graph.trig
    ttl: str  # sha256 of graph.ttl
    quads: int  # quads of the dataset (the analysis graph and the ontology not counted)
    named: int = 0  # quads in the store's named graphs (kg.store.store_sizes)
    union: int = 0  # triples in the store's default graph, the union


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class CacheFile:
    """One build's `build.sqlite`: the previous build's, opened to read, or the new one being written."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def read(cls, folder: Path) -> CacheFile | None:
        """The file in the cache folder `folder`, opened read-only; None when it is missing, of another
        format or unreadable."""
        path = folder / FILE_NAME
        if not path.is_file():
            return None
        try:
            connection = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        except sqlite3.Error as err:
            logger.info("The build cache %s cannot be opened (%s).", path, err)
            return None
        file = cls(connection, path)
        try:
            fmt = file._meta().get("format")
        except sqlite3.Error as err:
            logger.info("The build cache %s cannot be read (%s).", path, err)
            fmt = None
        if fmt != _FORMAT:
            connection.close()
            return None
        return file

    @classmethod
    def create(cls, folder: Path) -> CacheFile:
        """A new, empty file in the cache folder `folder` (made if need be), written in one transaction
        that `commit` ends (its schema too) and, like the build's other files, not synced to disk."""
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / FILE_NAME
        path.unlink(missing_ok=True)
        connection = sqlite3.connect(path)
        connection.executescript(f"PRAGMA synchronous = OFF; BEGIN; {_SCHEMA}")
        connection.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
        return cls(connection, path)

    def commit(self) -> None:
        """End the file's transaction: everything written is in the file."""
        self._db.commit()

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> CacheFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self) -> dict[str, str]:
        return dict(self._db.execute("SELECT key, value FROM meta"))

    # The state

    def state(self) -> BuildState | None:
        """The state of the build that wrote this file; None when it left none (RDF sources)."""
        try:
            return self._state()
        except (sqlite3.Error, ValueError, KeyError, TypeError) as err:
            logger.info("No usable build state in %s (%s); building in full.", self.path, err)
            return None

    def _state(self) -> BuildState | None:
        meta = self._meta()
        if "mode" not in meta:
            return None
        documents = {
            key: DocumentState(
                entry=entry,
                graph=graph,
                entities=tuple((i, c, label, tuple(alts)) for i, c, label, alts in json.loads(entities)),
                merges=tuple((a, b, c) for a, b, c in json.loads(merges)),
                facts=facts,
            )
            for key, entry, graph, entities, merges, facts in self._db.execute("SELECT * FROM documents")
        }
        canon = {
            iri: (c, label, tuple(json.loads(alts))) for iri, c, label, alts in self._db.execute("SELECT * FROM canon")
        }
        blocks = [(g, s, e) for _, g, s, e in self._db.execute("SELECT * FROM blocks ORDER BY position")]
        quads, named, union = (int(meta[name]) for name in _SIZES)
        return BuildState(meta["mode"], documents, canon, blocks, meta["trig"], meta["ttl"], quads, named, union)

    def put_state(self, state: BuildState) -> None:
        """Write `state` (this file's documents, canon, blocks and figures)."""
        meta = {"mode": state.mode, "trig": state.trig, "ttl": state.ttl}
        meta.update({name: str(getattr(state, name)) for name in _SIZES})
        self._db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(meta.items()))
        self._db.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?)",
            (
                (key, d.entry, d.graph, _dump(d.entities), _dump(d.merges), d.facts)
                for key, d in sorted(state.documents.items())
            ),
        )
        self._db.executemany(
            "INSERT INTO canon VALUES (?, ?, ?, ?)",
            ((iri, c, label, _dump(alts)) for iri, (c, label, alts) in sorted(state.canon.items())),
        )
        self._db.executemany("INSERT INTO blocks VALUES (?, ?, ?, ?)", ((i, *b) for i, b in enumerate(state.blocks)))

    # The extraction cache

    def extraction(self, entry: str) -> Any:
        """The JSON value of the extraction cache's `entry`, or None."""
        row = self._db.execute("SELECT data FROM extractions WHERE entry = ?", (entry,)).fetchone()
        return None if row is None else json.loads(row[0])

    def put_extraction(self, entry: str, value: Any) -> None:
        self._db.execute("INSERT OR REPLACE INTO extractions VALUES (?, ?)", (entry, _dump(value)))

    def carry_extractions(self, earlier: CacheFile, entries: Iterable[str]) -> set[str]:
        """Copy the extraction cache's `entries` from the `earlier` file as they are; returns those it had."""
        wanted = sorted(set(entries))
        found: set[str] = set()
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = earlier._db.execute(
                f"SELECT entry, data FROM extractions WHERE entry IN ({marks})", chunk
            ).fetchall()
            self._db.executemany("INSERT OR REPLACE INTO extractions VALUES (?, ?)", rows)
            found.update(entry for entry, _ in rows)
        return found

    # What the analysis, the view and the report read, kept for a patched build

    def parts(self) -> GraphParts | None:
        """The entity classes, labels and relations the analysis read; None when the build kept none."""
        try:
            classes = dict(self._db.execute("SELECT iri, cls FROM classes"))
            labels = dict(self._db.execute("SELECT iri, label FROM labels"))
            relations = [
                (s, p, o)
                for s, p, o in self._db.execute("SELECT subject, predicate, object FROM relations ORDER BY position")
            ]
        except sqlite3.Error:
            return None
        if not classes and not relations:
            return None
        return classes, labels, relations

    def put_parts(self, parts: GraphParts) -> None:
        classes, labels, relations = parts
        self._db.executemany("INSERT INTO classes VALUES (?, ?)", sorted(classes.items()))
        self._db.executemany("INSERT INTO labels VALUES (?, ?)", sorted(labels.items()))
        self._db.executemany("INSERT INTO relations VALUES (?, ?, ?, ?)", ((i, *r) for i, r in enumerate(relations)))

    def evidence(self) -> Evidence | None:
        """The view's evidence of every node; None when the build kept none or it cannot be read."""
        try:
            rows = self._db.execute("SELECT iri, items FROM evidence").fetchall()
            return {iri: json.loads(items) for iri, items in rows} if rows else None
        except (sqlite3.Error, ValueError):
            return None

    def put_evidence(self, evidence: Evidence) -> None:
        self._db.execute("DELETE FROM evidence")
        self._db.executemany(
            "INSERT INTO evidence VALUES (?, ?)", ((iri, _dump(items)) for iri, items in sorted(evidence.items()))
        )

    def analysis(self) -> list[AnalysisSubject] | None:
        """The analysis graph per subject, in order; None when the build kept none."""
        try:
            rows = self._db.execute("SELECT subject, digest, piece FROM analysis ORDER BY position").fetchall()
        except sqlite3.Error:
            return None
        return [(subject, digest, bytes(piece)) for subject, digest, piece in rows] or None

    def put_analysis(self, subjects: Iterable[AnalysisSubject]) -> None:
        self._db.executemany("INSERT INTO analysis VALUES (?, ?, ?, ?)", ((i, *s) for i, s in enumerate(subjects)))

    def turtle(self) -> list[TurtleSubject] | None:
        """graph.ttl per subject, in order; None when the build kept none."""
        try:
            rows = self._db.execute("SELECT subject, triples, piece FROM turtle ORDER BY position").fetchall()
        except sqlite3.Error:
            return None
        return [(subject, triples, bytes(piece)) for subject, triples, piece in rows] or None

    def put_turtle(self, subjects: Iterable[TurtleSubject]) -> None:
        self._db.executemany("INSERT INTO turtle VALUES (?, ?, ?, ?)", ((i, *s) for i, s in enumerate(subjects)))

    def statements(self) -> dict[str, Relations] | None:
        """The relations stated by each dated document (kg.observations.document_statements), or None."""
        try:
            rows = self._db.execute("SELECT document, relations FROM statements").fetchall()
            return {d: tuple((s, p, o) for s, p, o in json.loads(r)) for d, r in rows} if rows else None
        except (sqlite3.Error, ValueError, TypeError):
            return None

    def put_statements(self, statements: Mapping[str, Relations]) -> None:
        self._db.executemany(
            "INSERT INTO statements VALUES (?, ?)", ((d, _dump(r)) for d, r in sorted(statements.items()))
        )

    def report_rows(self) -> tuple[Rows, Rows] | None:
        """The rows of the report's tables (documents, persons) by key; None when the build kept none."""
        tables: dict[str, Rows] = {"document": {}, "person": {}}
        try:
            for kind, key, rows in self._db.execute("SELECT kind, key, rows FROM report_rows"):
                tables[kind][key] = json.loads(rows)
        except (sqlite3.Error, ValueError, KeyError):
            return None
        return (tables["document"], tables["person"]) if tables["document"] else None

    def put_report_rows(self, documents: Rows, persons: Rows) -> None:
        for kind, table in (("document", documents), ("person", persons)):
            self._db.executemany(
                "INSERT INTO report_rows VALUES (?, ?, ?)",
                ((kind, key, _dump(rows)) for key, rows in sorted(table.items())),
            )

    def layouts(self) -> MutableMapping[str, bytes]:
        """The view's layouts, by name, as a mapping over the file's table (what `LayoutMemo` reads and writes)."""
        return _Table(self._db, "layouts", "name", "positions")

    # Responses of web addresses

    def fetched(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        """The record and body of the response to `url` kept by the build, or None."""
        try:
            row = self._db.execute("SELECT record, body FROM fetched WHERE url = ?", (url,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else (json.loads(row[0]), bytes(row[1]))

    def put_fetched(self, url: str, record: Mapping[str, Any], body: bytes) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO fetched VALUES (?, ?, ?)", (url, json.dumps(record, sort_keys=True), body)
        )


class _Table(MutableMapping[str, bytes]):
    """A two-column table of a cache file as a mapping of names to bytes."""

    def __init__(self, db: sqlite3.Connection, table: str, key: str, value: str) -> None:
        self._db = db
        self._get = f"SELECT {value} FROM {table} WHERE {key} = ?"
        self._put = f"INSERT OR REPLACE INTO {table} VALUES (?, ?)"
        self._delete = f"DELETE FROM {table} WHERE {key} = ?"
        self._keys = f"SELECT {key} FROM {table} ORDER BY {key}"

    def __getitem__(self, name: str) -> bytes:
        try:
            row = self._db.execute(self._get, (name,)).fetchone()
        except sqlite3.Error:
            row = None
        if row is None:
            raise KeyError(name)
        return bytes(row[0])

    def __setitem__(self, name: str, data: bytes) -> None:
        self._db.execute(self._put, (name, data))

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self._db.execute(self._delete, (name,))

    def __iter__(self) -> Iterator[str]:
        return iter([name for (name,) in self._db.execute(self._keys)])

    def __len__(self) -> int:
        return sum(1 for _ in self)


def earlier_pages(out: Path, addresses: Iterable[str]) -> list[tuple[str, Any, bytes]]:
    """The responses the build in `out` kept for `addresses`, as (address, record, body)."""
    file = CacheFile.read(out / "cache")
    if file is None:
        return []
    with file:
        return [(address, *row) for address in addresses if (row := file.fetched(address)) is not None]
