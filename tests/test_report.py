"""report.md: the analysis in prose and tables, on the hand-made network and on the seed."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.report import markdown_table, render_report
from kg.store import open_store

NETWORK = Path(__file__).parent / "data" / "analysis" / "network.trig"


def network_report() -> str:
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(NETWORK), format=ox.RdfFormat.TRIG))
    return render_report(store)


def section(report: str, heading: str) -> str:
    start = report.index(f"\n## {heading}")
    end = report.find("\n## ", start + 1)
    return report[start : end if end != -1 else len(report)]


def test_sections_in_order() -> None:
    report = network_report()
    headings = [line for line in report.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Overview",
        "## Documents read",
        "## Entities by class",
        "## Relations by property",
        "## Central actors",
        "## Communities",
        "## Brokers",
        "## Person-dependent links",
        "## Gaps between the strategic and the operational level",
        "## Typology: strategic or operational, formalised or not",
        "## Who collaborates with whom",
        "## Timeline",
        "## Persons and their organisations",
    ]


def test_report_names_the_findings() -> None:
    report = network_report()
    assert "bärare av information" in section(report, "Brokers")
    assert "| Petra Bro | Person |" in section(report, "Brokers")
    dep = section(report, "Person-dependent links")
    assert "10 (91%) are carried by at most one named person" in dep
    assert "| Alfa universitet | Beta högskola | Petra Bro | Beta-arenan |" in dep
    gaps = section(report, "Gaps")
    assert "| Avsiktsförklaring Gamma | Gamma kommun; Gamma universitet |" in gaps
    typology = section(report, "Typology")
    assert "| Strategic | 1: Avsiktsförklaring Gamma | 1: Möte mellan rektor och kommunen |" in typology
    assert "| Operational | 2: Beta-arenan; Projekt Alfa | 1: Gästföreläsning i kursen |" in typology
    assert "| Rut Rektor | Delta universitet | rektor |" in section(report, "Persons")


def test_report_is_deterministic() -> None:
    assert network_report() == network_report()


def test_markdown_table_escapes() -> None:
    assert markdown_table(["a"], [["x|y\nz"]]) == "| a |\n|---|\n| x\\|y z |"


def test_seed_report(seed_graph: Path) -> None:
    report = render_report(open_store(seed_graph))
    assert report == (seed_graph / "report.md").read_text(encoding="utf-8")
    dep = section(report, "Person-dependent links")
    assert "### Links carried by a single person" in dep and "| Karin Röding |" in dep
    assert "bärare av information" in section(report, "Brokers")
    typology = section(report, "Typology")
    strategic = next(line for line in typology.splitlines() if line.startswith("| Strategic |"))
    operational = next(line for line in typology.splitlines() if line.startswith("| Operational |"))
    assert "Samhällskontraktet" in strategic.split(" | ")[1]
    assert "Forskarna på Slottet" in operational.split(" | ")[1]
