"""Tables of web pages and reports ("| Projekt | Projektledare | Lärosäte |"), read by their header:
each row becomes the entities and relations its columns name."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.dates import find_dates
from kg.extraction.spans import Span
from kg.model import Mention
from kg.vocab import mint_iri

if TYPE_CHECKING:
    from kg.extraction.events import EventReader
    from kg.extraction.state import DocState
    from kg.extraction.text import Sentence

__all__ = ["Cell", "Table", "find_tables", "read_tables"]

_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}")
# Column kinds by the words of their header, most specific first.
_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("role", re.compile(r"^(?:roll|funktion|uppdrag)")),
    ("person", re.compile(r"projektledare|kontaktperson|namn|ledare|samordnare|person|föreläsare|talare|medverkande")),
    ("funder", re.compile(r"finansiär|finansieras")),
    ("partner", re.compile(r"samverkanspart|partner|part\b|parter|medverkande organisation")),
    ("project", re.compile(r"^(?:projekt|projektnamn|projekttitel|titel)\b")),
    ("host", re.compile(r"värd|arrangör")),
    ("date", re.compile(r"datum|när|\btid\b|\bdag\b")),
    ("place", re.compile(r"plats|\bort\b|\bvar\b|\bstad\b")),
    ("event", re.compile(r"aktivitet|träff|evenemang|tema|program|möte|seminari|konferens")),
    ("role", re.compile(r"roll|funktion|uppdrag|titel")),
    ("org", re.compile(r"lärosäte|universitet|högskola|organisation|huvudman|kommun|region|myndighet|arbetsgivare")),
)
_LEAD_ROLES = re.compile(
    r"^(?:ordförande|samordnare|projektledare|koordinator|sammankallande|projektägare|huvudman)", re.IGNORECASE
)
_NAME = re.compile(r"^[A-ZÅÄÖÉ][\wåäöéüćčšžłńśźżø'-]+(?: [A-ZÅÄÖÉ][\wåäöéüćčšžłńśźżø'-]+){1,3}$")
_ABBREVIATION = re.compile(r"\s*\(([A-ZÅÄÖ][\wÅÄÖ-]{1,10})\)\s*$")


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its offsets in the document text and its text, stripped."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Table:
    """A table: the kinds of its columns (from the header) and its rows of cells."""

    kinds: tuple[str | None, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _cells(line: str, offset: int) -> list[Cell]:
    cells = []
    position = 0
    parts = line.split("|")
    for index, part in enumerate(parts):
        start = offset + position
        position += len(part) + 1
        if (index == 0 or index == len(parts) - 1) and not part.strip():
            continue
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(start + lead, start + lead + len(stripped), stripped))
    return cells


def _kind(header: str) -> str | None:
    low = header.casefold()
    return next((kind for kind, pattern in _COLUMNS if pattern.search(low)), None)


def find_tables(text: str) -> list[Table]:
    """Every table of pipe-separated rows in `text` (blank lines between rows are allowed)."""
    tables: list[Table] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        # The header is the row just above the last separator line ("|---|"); rows above it (a
        # caption rendered as a row) are dropped.
        separators = [n for n, (_, line) in enumerate(current) if _SEPARATOR.match(line.replace("|", " |", 1))]
        lines = current[separators[-1] - 1 :] if separators and separators[-1] >= 1 else current
        rows = [(o, line) for o, line in lines if not _SEPARATOR.match(line.replace("|", " |", 1))]
        rows = [(o, line) for o, line in rows if line.strip().strip("|").strip(" -:|")]
        if len(rows) >= 2:
            header = _cells(rows[0][1], rows[0][0])
            body = tuple(tuple(_cells(line, o)) for o, line in rows[1:])
            tables.append(Table(tuple(_kind(c.text) for c in header), body))
        current.clear()

    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 3:
            current.append((offset, line))
        elif stripped and current:
            close()
        offset += len(line) + 1
    if current:
        close()
    return tables


class _RowReader:
    def __init__(self, state: DocState, events: EventReader, salient: Span | None) -> None:
        self.state = state
        self.events = events
        self.salient = salient
        self.funder: str | None = None

    def sentence_of(self, cell: Cell) -> tuple[int, Sentence] | None:
        for index, sentence in enumerate(self.state.sentences):
            if sentence.start <= cell.start and cell.end <= sentence.end + 1:
                return index, sentence
        return None

    def spans_in(self, index: int, cell: Cell, kind: str) -> list[Span]:
        return [
            s
            for s in self.state.spans[index]
            if s.kind == kind and s.iri and cell.start <= s.start and s.end <= cell.end
        ]

    def person(self, index: int, cell: Cell) -> str | None:
        found = self.spans_in(index, cell, "person")
        if found:
            return found[0].iri
        name = cell.text.split(",")[0].strip()
        if _NAME.match(name) and not self.state.ref.org(name):
            iri = mint_iri("Person", name)
            self.state.add_entity(iri, "Person", name)
            return iri
        return None

    def org(self, index: int, cell: Cell) -> str | None:
        found = self.spans_in(index, cell, "org")
        if found:
            return found[0].iri
        name = _ABBREVIATION.sub("", cell.text).strip()
        hit = self.state.ref.org(name)
        if hit is not None:
            entity = self.state.ref.entities[hit[0]]
            self.state.add_entity(entity.iri, entity.cls, entity.label)
            return entity.iri
        return None

    def project(self, cell: Cell) -> str | None:
        if not cell.text or cell.text[0].isdigit():
            return None
        abbreviation = _ABBREVIATION.search(cell.text)
        name = _ABBREVIATION.sub("", cell.text).strip()
        iri = mint_iri("Project", name)
        self.state.add_entity(iri, "Project", name, (abbreviation.group(1),) if abbreviation else ())
        return iri

    def place(self, index: int, cell: Cell) -> str | None:
        found = self.spans_in(index, cell, "place")
        if found:
            return found[0].iri
        iri = self.state.ref.place_labels.get(cell.text.strip())
        if iri is not None:
            self.state.add_entity(iri, "Place", self.state.ref.entities[iri].label)
        return iri


def read_tables(state: DocState, events: EventReader, salient: Span | None, funder: str | None = None) -> None:
    """Read every table of the document into entities, mentions and facts; `funder` is the
    organisation the document says grants the money, for project tables without a funder column."""
    reader = _RowReader(state, events, salient)
    reader.funder = funder
    for table in find_tables(state.doc.text):
        for row in table.rows:
            _read_row(reader, table.kinds, row)


def _read_row(reader: _RowReader, kinds: tuple[str | None, ...], row: tuple[Cell, ...]) -> None:
    state = reader.state
    cells = {kind: cell for kind, cell in zip(kinds, row, strict=False) if kind and cell.text}
    where = reader.sentence_of(row[0]) if row else None
    if where is None:
        return
    index, sentence = where
    evidence = state.evidence(sentence, None, 0.75)

    def fact(s: str | None, p: str, o: str | None) -> None:
        if s and o:
            state.add_fact(s, p, o, evidence)

    person = reader.person(index, cells["person"]) if "person" in cells else None
    home = reader.org(index, cells["org"]) if "org" in cells else None
    partner = reader.org(index, cells["partner"]) if "partner" in cells else None
    funder = reader.org(index, cells["funder"]) if "funder" in cells else reader.funder
    fact(person, "affiliatedWith", home)
    if "project" in cells and "person" in cells:
        project = reader.project(cells["project"])
        fact(person, "coordinates", project)
        fact(home, "participatesIn", project)
        fact(partner, "participatesIn", project)
        fact(funder, "funds", project)
        if home and partner:
            fact(min(home, partner), "collaboratesWith", max(home, partner))
    elif reader.salient is not None and reader.salient.iri and "date" not in cells:
        # The first column says what a row is: a member organisation (its contact person only
        # works there) or a person on a board or in a group.
        role = cells.get("role")
        lead = role is not None and _LEAD_ROLES.search(role.text.strip()) is not None
        member = home if kinds and kinds[0] == "org" else person
        if member:
            fact(member, "coordinates" if lead else "participatesIn", reader.salient.iri)
    if "date" in cells:
        dates = find_dates(cells["date"].text)
        if dates:
            year = dates[0].year or state.context_year.get(index)
            iso = dates[0].iso(year)
            if iso:
                label = cells["event"].text if "event" in cells else None
                place = reader.place(index, cells["place"]) if "place" in cells else None
                host = reader.org(index, cells["host"]) if "host" in cells else None
                reader.events.add_row_event(index, iso, label, place, host)
    for iri in sorted({i for i in (person, home, partner) if i}):
        state.mentions.append(Mention(iri, evidence))
