"""Query rows as a pandas DataFrame with typed columns (pandas is an optional dependency)."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kg.errors import KgError

__all__ = ["NOTEBOOK_HINT", "optional_module", "query_values", "to_frame"]

NOTEBOOK_HINT = "pip install 'samverkan-kg[notebook]'"


def optional_module(name: str, purpose: str) -> Any:
    """Import the optional dependency `name`, or fail with a sentence saying how to install it."""
    try:
        return importlib.import_module(name)
    except ImportError as err:
        raise KgError(f"{purpose} needs the package {name.split('.')[0]}: {NOTEBOOK_HINT}") from err


def query_values(graph_dir: Path | str, sparql: str) -> tuple[list[str], list[dict[str, object]]]:
    """The variables and rows of a SELECT query on a built graph, literals as Python values (kg.literals)."""
    from kg.literals import term_value
    from kg.store import select_terms

    names, solutions = select_terms(graph_dir, sparql)
    return names, [{name: term_value(term) for name, term in row.items()} for row in solutions]


def to_frame(names: Sequence[str], rows: Sequence[Mapping[str, object]]) -> Any:
    """A DataFrame of `rows` with one column per name in `names`, typed by the values of each column.

    Integers give int64 (Int64 when some rows have none), other numbers float64, booleans bool,
    dates and date-times datetime64; any other column (IRIs, text, mixed values) holds strings.
    """
    pd = optional_module("pandas", "A DataFrame")
    columns = {name: _column(pd, [row.get(name) for row in rows]) for name in names}
    return pd.DataFrame(columns, columns=list(names), index=pd.RangeIndex(len(rows)))


def _column(pd: Any, values: list[object]) -> Any:
    """One typed column (a pandas Series or array) of `values`, None where a row has no value."""
    present = [v for v in values if v is not None]
    missing = len(present) < len(values)
    if present and all(isinstance(v, bool) for v in present):
        return pd.array(values, dtype="boolean") if missing else pd.array(values, dtype=bool)
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pd.array(values, dtype="Int64") if missing else pd.array(values, dtype="int64")
    if present and all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pd.array([float("nan") if v is None else v for v in values], dtype="float64")
    if present and all(isinstance(v, dt.date) for v in present):
        try:
            aware = any(isinstance(v, dt.datetime) and v.tzinfo is not None for v in present)
            return pd.to_datetime(pd.Series(values, dtype=object), utc=aware)
        except (ValueError, TypeError, OverflowError):
            pass  # out of pandas' range or mixed time zones: keep them as text below
    texts = [None if v is None else _text(v) for v in values]
    # pandas picks its string dtype (object before pandas 3, str from it); no value at all stays object.
    return pd.Series(texts, dtype=None if present else object)


def _text(value: object) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)
