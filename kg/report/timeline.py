"""The report's timeline section: a table per year and the new, lasting and quiet links."""

from __future__ import annotations

from kg.analysis.timeline import PairPeriod, Timeline
from kg.report.tables import markdown_table

__all__ = ["timeline_section"]

_LONG = 50  # links listed per status before "… and N more"
_CARRIERS = 5  # carriers named per link


def timeline_section(t: Timeline) -> str | None:
    """The "Timeline" section, or None for a graph with no dates (its report stays as it was)."""
    if not t.years:
        return None
    intro = (
        f"Years in which the graph dates something: documents, agreements, events, or links between "
        f"organisations observed in the documents of that year. {t.dated_relations} relations are stated by "
        f"dated documents, {t.undated_relations} only by undated ones (or by none)."
    )
    if t.latest_year is not None:
        intro += (
            f" A link has gone quiet when no document of the last {t.quiet_years} years up to {t.latest_year} "
            f"(the latest dated document) states it; it is new when first observed after "
            f"{t.latest_year - t.quiet_years}, lasting otherwise."
        )
    table = markdown_table(
        [
            "Year",
            "Documents",
            "Agreements signed",
            "Renewed",
            "Ended",
            "Events",
            "Links first observed",
            "Still observed",
            "Gone quiet",
        ],
        [[str(v) for v in row.as_dict().values()] for row in t.years],
    )
    parts = ["## Timeline", intro, table]
    for status, heading in (("new", "New links"), ("lasting", "Lasting links"), ("quiet", "Quiet links")):
        parts.append(_links(heading, t.with_status(status)))
    return "\n\n".join(parts)


def _links(heading: str, pairs: tuple[PairPeriod, ...]) -> str:
    """A list of links by their years: the longest first, then the most recent."""
    if not pairs:
        return f"### {heading}\n\nNone."
    ordered = sorted(pairs, key=lambda p: (-p.span, -p.last_year, p.source.label, p.target.label))
    rows = [
        [
            p.source.label,
            p.target.label,
            str(p.first_year),
            str(p.last_year),
            str(len(p.years)),
            _carriers(p),
        ]
        for p in ordered[:_LONG]
    ]
    table = markdown_table(["Organisation", "Partner", "First", "Last", "Years observed", "Carried last year by"], rows)
    more = f"\n\n… and {len(pairs) - _LONG} more." if len(pairs) > _LONG else ""
    return f"### {heading}\n\n{table}{more}"


def _carriers(p: PairPeriod) -> str:
    names = [c.label for c in p.last_carriers]
    if not names:
        return "no named person"
    shown = "; ".join(names[:_CARRIERS])
    return shown + (f"; … and {len(names) - _CARRIERS} more" if len(names) > _CARRIERS else "")
