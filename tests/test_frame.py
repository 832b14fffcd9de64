"""DataFrames of query results (kg.api frame=True, kg.frame) and the typed rows behind them (kg.store)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pandas as pd
import pytest

import kg.api
from kg.errors import KgError
from kg.frame import NOTEBOOK_HINT, to_frame
from kg.literals import literal_value
from kg.vocab import XSD


def test_named_query_frame_has_typed_columns(seed_graph: Path) -> None:
    documents = kg.api.named_query("documents", seed_graph, frame=True)
    assert str(documents["mentions"].dtype) == "int64"
    assert documents["mentions"].sum() > 0
    assert pd.api.types.is_string_dtype(documents["document"])
    assert documents["document"].str.startswith("https://w3id.org/samverkan/id/").all()

    meetings = kg.api.named_query("meetings", seed_graph, frame=True)
    assert pd.api.types.is_datetime64_dtype(meetings["date"])
    assert meetings["date"].notna().all()
    assert meetings["date"].dt.year.between(1990, 2100).all()

    evidence = kg.api.named_query("evidence", seed_graph, frame=True)
    assert str(evidence["charStart"].dtype) == "int64"
    assert str(evidence["confidence"].dtype) == "float64"
    assert evidence["confidence"].between(0, 1).all()
    assert pd.api.types.is_integer_dtype(evidence["page"])  # Int64 where a row has no page


def test_frame_rows_match_the_plain_rows(seed_graph: Path) -> None:
    frame = kg.api.named_query("persons", seed_graph, frame=True)
    rows = kg.api.named_query("persons", seed_graph)
    assert len(frame) == len(rows)
    assert list(frame.columns) == ["person", "name", "organisation", "organisationName", "role"]
    assert frame["name"].tolist() == [r["name"] for r in rows]
    assert frame["organisation"].isna().sum() == sum("organisation" not in r for r in rows)


def test_query_frame_keeps_every_variable_even_with_no_rows(seed_graph: Path) -> None:
    frame = kg.api.query("SELECT ?a ?b WHERE { ?a samv:noSuchProperty ?b }", seed_graph, frame=True)
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


def test_to_frame_types_each_column_by_its_values() -> None:
    day = dt.date(2014, 9, 29)
    rows: list[dict[str, object]] = [
        {"n": 3, "maybe": 1, "x": 0.5, "flag": True, "day": day, "iri": "https://e.org/a", "mixed": 1},
        {"n": 4, "x": 2, "flag": False, "day": day, "iri": "https://e.org/b", "mixed": "två"},
    ]
    frame = to_frame(["n", "maybe", "x", "flag", "day", "iri", "mixed", "none"], rows)
    dtypes = {name: str(t) for name, t in frame.dtypes.items()}
    assert dtypes["n"] == "int64"
    assert dtypes["maybe"] == "Int64"
    assert dtypes["x"] == "float64"
    assert dtypes["flag"] == "bool"
    assert dtypes["day"].startswith("datetime64")
    assert frame["mixed"].tolist() == ["1", "två"]
    assert frame["none"].isna().all()
    assert frame["day"][0] == pd.Timestamp("2014-09-29")


def test_literal_values() -> None:
    assert literal_value("42", XSD + "integer") == 42
    assert literal_value("0.75", XSD + "decimal") == 0.75
    assert literal_value("true", XSD + "boolean") is True
    assert literal_value("2013-03-21", XSD + "date") == dt.date(2013, 3, 21)
    assert literal_value("not a number", XSD + "integer") == "not a number"
    assert literal_value("12", XSD + "string") == "12"


def test_frame_without_pandas_says_how_to_install(seed_graph: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(KgError, match="pandas") as caught:
        kg.api.named_query("persons", seed_graph, frame=True)
    assert NOTEBOOK_HINT in str(caught.value)
    assert kg.api.named_query("persons", seed_graph)  # rows need no pandas
