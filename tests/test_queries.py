"""The named query library: listing, descriptions, loading, unknown names."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.queries import list_queries, load_query, queries_dir
from kg.vocab import ontology_dir

QUERIES = Path(__file__).parent / "data" / "queries"


def test_list_queries_names_and_descriptions() -> None:
    found = list_queries(QUERIES)
    assert [(q.name, q.description) for q in found] == [
        ("documents", "Documents with their titles."),
        ("persons", "Persons and the organisations they are affiliated with. Sorted by person and organisation label."),
    ]


def test_load_query() -> None:
    assert load_query("persons", QUERIES).startswith("# Persons and the organisations")


def test_unknown_query_names_the_known_ones() -> None:
    with pytest.raises(QueryError) as err:
        load_query("nope", QUERIES)
    assert str(err.value) == "No named query 'nope'; known: documents, persons"


def test_missing_folder_lists_nothing(tmp_path: Path) -> None:
    assert list_queries(tmp_path / "none") == []


def test_default_folder_is_the_ontology_queries() -> None:
    assert queries_dir() == ontology_dir() / "queries"
