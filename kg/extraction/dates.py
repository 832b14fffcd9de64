"""Swedish dates for extraction: the parser lives in `kg.dates`, shared with the loaders."""

from __future__ import annotations

from kg.dates import MONTHS, DateSpan, find_dates, find_years

__all__ = ["DateSpan", "find_dates", "find_years", "MONTHS"]
