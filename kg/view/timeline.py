"""The view's years: which years each drawn relation was observed in, for the page's year control."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from kg.observations import Observations, year_of

__all__ = ["edge_years"]


def edge_years(edges: Sequence[dict[str, Any]], observed: Observations) -> dict[str, Any]:
    """Add `years` (ascending), `first` and `last` to the page's edges observed in dated documents;
    return the page's `time`: the range of years and how many edges are dated and undated, or
    None when no drawn edge is dated (the page then shows no year control)."""
    first: int | None = None
    last: int | None = None
    dated = 0
    for edge in edges:
        dates = observed.get((edge["from"], edge["label"], edge["to"]))
        years = sorted({y for y in map(year_of, dates or ()) if y is not None})
        if not years:
            continue
        edge["years"], edge["first"], edge["last"] = years, years[0], years[-1]
        dated += 1
        first = years[0] if first is None else min(first, years[0])
        last = years[-1] if last is None else max(last, years[-1])
    if first is None or last is None:
        return {"time": None}
    return {"time": {"first": first, "last": last, "dated": dated, "undated": len(edges) - dated}}
