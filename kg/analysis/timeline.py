"""The timeline of `kg analyze`: per year, agreements, events and organisation pairs; per pair, its years.

Definitions (kg.analysis.years computes them):

* A relation is **observed** in the years of the documents that state it (kg.observations).
* An organisation pair is **observed in year Y** when the relations observed in Y, read alone,
  link the two organisations by the analysis's definition of a link (kg.analysis.links: a direct
  relation, a shared project, arena, event or agreement, directly or through affiliated persons,
  or a person affiliated with both). Its **carriers in its last year** are the persons who carry
  that year's link (kg.analysis.dependency); it is person-dependent then when at most one does.
* **Gone quiet**: not observed in the `quiet_years` (N) years up to the latest year of a document
  date in the graph (L): L - last year >= N. It *went quiet* in year last + N. **New**: first
  observed after L - N. **Lasting**: neither (observed N or more years before L, and again since).
* Per year: agreements signed (`samv:startDate`), renewed (dated versions after the first, or after
  the start), ended (`samv:endDate`); events (`samv:date` or `samv:startDate`, each event once a
  year); pairs first observed, still observed (observed that year, first observed before) and gone
  quiet that year; dated documents.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # kg.analysis.result imports this module
    from kg.analysis.result import Node

__all__ = [
    "DEFAULT_QUIET_YEARS",
    "STATUSES",
    "ObservedRelation",
    "PairPeriod",
    "Timeline",
    "YearRow",
    "timeline_dict",
    "timeline_rows",
]

DEFAULT_QUIET_YEARS = 3
STATUSES = ("new", "lasting", "quiet")


@dataclass(frozen=True, slots=True)
class YearRow:
    """The counts of one year of the timeline."""

    year: int
    documents: int = 0
    agreements_signed: int = 0
    agreements_renewed: int = 0
    agreements_ended: int = 0
    events: int = 0
    pairs_first_observed: int = 0
    pairs_still_observed: int = 0
    pairs_gone_quiet: int = 0

    def as_dict(self) -> dict[str, int]:
        """A JSON-ready dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True, slots=True)
class ObservedRelation:
    """A relation of the graph stated by dated documents: the first and last of their dates."""

    subject: str
    prop: str  # local name of the samv: property
    obj: str
    first: str  # W3CDTF, as the document gives it
    last: str


@dataclass(frozen=True, slots=True)
class PairPeriod:
    """An organisation pair observed in dated documents: the years it was observed and its status."""

    source: Node
    target: Node
    years: tuple[int, ...]  # ascending, at least one
    last_carriers: tuple[Node, ...]  # who carries the link in its last year
    status: str  # one of STATUSES
    quiet_since: int | None  # the year it went quiet (last year + N), for a quiet pair

    @property
    def first_year(self) -> int:
        """The first year the pair was observed."""
        return self.years[0]

    @property
    def last_year(self) -> int:
        """The last year the pair was observed."""
        return self.years[-1]

    @property
    def span(self) -> int:
        """Years from the first observation to the last (0: observed in one year)."""
        return self.years[-1] - self.years[0]

    @property
    def person_dependent_last_year(self) -> bool:
        """Carried by at most one named person in its last year (the analysis's person dependency)."""
        return len(self.last_carriers) <= 1


@dataclass(frozen=True, slots=True)
class Timeline:
    """The timeline of a graph: rows per year and the observed organisation pairs."""

    quiet_years: int = DEFAULT_QUIET_YEARS
    latest_year: int | None = None  # the latest year of a document date
    years: tuple[YearRow, ...] = ()
    pairs: tuple[PairPeriod, ...] = ()  # by first year, last year, labels
    dated_relations: int = 0  # relations stated by at least one dated document
    undated_relations: int = 0
    undated_pairs: int = 0  # links of the organisation graph never observed in a dated year
    relations: tuple[ObservedRelation, ...] = ()  # the dated relations, sorted (for the analysis graph)

    def with_status(self, status: str) -> tuple[PairPeriod, ...]:
        """The pairs of one status: "new", "lasting" or "quiet"."""
        return tuple(p for p in self.pairs if p.status == status)


def timeline_dict(t: Timeline) -> dict[str, Any]:
    """The `timeline` object of `kg analyze --format json`."""
    return {
        "quiet_years": t.quiet_years,
        "latest_year": t.latest_year,
        "dated_relations": t.dated_relations,
        "undated_relations": t.undated_relations,
        "undated_pairs": t.undated_pairs,
        "links": {status: len(t.with_status(status)) for status in STATUSES},
        "years": [row.as_dict() for row in t.years],
        "pairs": [_pair_dict(p) for p in t.pairs],
    }


def _pair_dict(p: PairPeriod) -> dict[str, Any]:
    return {
        "source": p.source.as_dict(),
        "target": p.target.as_dict(),
        "first_year": p.first_year,
        "last_year": p.last_year,
        "span": p.span,
        "years": list(p.years),
        "status": p.status,
        "gone_quiet": p.status == "quiet",
        "quiet_since": p.quiet_since,
        "last_year_carriers": [c.as_dict() for c in p.last_carriers],
        "person_dependent_last_year": p.person_dependent_last_year,
    }


def timeline_rows(t: Timeline) -> list[tuple[str, str, str, str, str]]:
    """Long CSV rows (analysis, item, item_label, measure, value) of the timeline; none without dates."""
    rows: list[tuple[str, str, str, str, str]] = []
    for row in t.years:
        rows += [("timeline", str(row.year), "", k, str(v)) for k, v in row.as_dict().items() if k != "year"]
    for p in t.pairs:
        item, label = f"{p.source.iri} {p.target.iri}", f"{p.source.label} – {p.target.label}"
        rows += [
            ("timeline", item, label, "first_year", str(p.first_year)),
            ("timeline", item, label, "last_year", str(p.last_year)),
            ("timeline", item, label, "status", p.status),
        ]
        rows += [("timeline", item, label, "last_year_carrier", c.iri) for c in p.last_carriers]
    return rows
