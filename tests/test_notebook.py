"""examples/tour.ipynb runs top to bottom in a python3 kernel (nbclient) and shows what it promises."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from seedbuild import ROOT

TOUR = ROOT / "examples" / "tour.ipynb"


def _outputs(nb: Any) -> list[dict[str, Any]]:
    return [output for cell in nb.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]


def _text(outputs: list[dict[str, Any]]) -> str:
    return "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream" and o.get("name") == "stdout")


def _html(outputs: list[dict[str, Any]]) -> list[str]:
    return [str(o["data"]["text/html"]) for o in outputs if "text/html" in o.get("data", {})]


def test_the_committed_tour_has_no_outputs() -> None:
    nb = nbformat.read(TOUR, as_version=4)
    assert not _outputs(nb)  # outputs are made by running it, not kept in git


def test_the_tour_runs_and_shows_persons_counts_and_the_view(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nb = nbformat.read(TOUR, as_version=4)
    monkeypatch.setenv("KG_TOUR_OUT", str(tmp_path / "output"))  # the kernel inherits the environment
    client = NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(TOUR.parent)}})
    client.execute()  # raises CellExecutionError, with the cell and traceback, when a cell fails
    outputs = _outputs(nb)
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert (tmp_path / "output" / "graph.html").is_file()  # the tour built where it was told

    pages = _html(outputs)
    tables = [p for p in pages if "<table" in p and "organisationName" in p]
    assert tables, "no DataFrame of persons"
    assert "Cecilia Vestman" in tables[0] and "Karin Röding" in tables[0]

    text = _text(outputs)
    rdflib_rows = re.search(r"rdflib dataset: (\d+) rows", text)
    kg_rows = re.search(r"kg query: (\d+) rows", text)
    assert rdflib_rows is not None and kg_rows is not None, text
    assert int(rdflib_rows.group(1)) == int(kg_rows.group(1)) > 0

    frames = [re.search(r'<iframe srcdoc="([^"]*)"', p) for p in pages]
    docs = [html.unescape(m.group(1)) for m in frames if m is not None]
    view = (tmp_path / "output" / "graph.html").read_text(encoding="utf-8")
    assert view in docs, "the inline view is not the built graph.html"
    assert re.search(r"<script[^>]*\bsrc\s*=\s*[\"']?https?:", view, re.IGNORECASE) is None
    assert any("new vis.Network" in d and d != view for d in docs), "no pyvis network drawn"
    assert re.search(r"pyvis network: (\d+) nodes, (\d+) edges", text)
