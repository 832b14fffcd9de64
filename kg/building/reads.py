"""What the view and the report read from the store besides the graph the analysis reads: the view's
evidence of every node, the report's tables, the document counts and the affiliation roles. A full
build reads them whole; a patched build reads again only what its patch touched."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from kg.view.evidence import node_evidence

if TYPE_CHECKING:
    from kg.analysis.typology import Roles
    from kg.report import Rows

__all__ = [
    "EVIDENCE_NAME",
    "Evidence",
    "StoreReads",
    "earlier_rows",
    "full_reads",
    "patched_reads",
    "read_evidence",
    "save_evidence",
]

EVIDENCE_NAME = "evidence.json"  # in the cache folder: node_evidence of every node
Evidence = dict[str, list[dict[str, Any]]]  # node IRI -> the view's evidence items


@dataclass
class StoreReads:
    """What the view and the report read from the store besides the graph the analysis reads."""

    evidence: Evidence  # the view's evidence of every node
    aliases: dict[str, list[str]] | None = None  # every node's labels; None: read for the shown nodes
    sections: tuple[str, str] | None = None  # kg.report.store_sections; None: read with the report
    counts: tuple[int, int] | None = None  # kg.stats.document_counts; None: counted with the stats
    roles: Roles | None = None  # kg.analysis.affiliation_roles; None: read for the typology
    evidence_saved: bool = False  # whether the evidence cache of this build is written already


def full_reads(store: ox.Store) -> StoreReads:
    """The view's evidence of every node of `store`, read by the build itself (the rest: later)."""
    return StoreReads(evidence=node_evidence(store))


def patched_reads(
    store: ox.Store,
    earlier: Evidence | None,
    cache: Path,
    touched: list[str],
    earlier_rows: tuple[Rows, Rows] | None,
    changes: list[ox.Triple],
) -> StoreReads:
    """The view's evidence of every node of the patched `store`, the report's sections and the
    affiliation roles read from it, and the evidence cache written into `cache`.

    The evidence of a node comes from the statements about it: only the nodes of the patched
    graphs' statements (`touched`, before and after) can have other items than in the earlier
    build's `earlier` evidence, so only theirs are looked up. The report's tables are the earlier
    store's (`earlier_rows`), read again for what the triples the union gained or lost (`changes`) touch.
    """
    from kg.analysis import affiliation_roles
    from kg.report import patched_rows, render_sections, store_sections
    from kg.stats import document_counts

    roles = affiliation_roles(store)
    evidence = earlier
    if evidence is None:
        evidence = node_evidence(store)
    else:
        fresh = node_evidence(store, nodes=touched, lookup=True)
        for iri in touched:
            evidence.pop(iri, None)
        evidence.update(fresh)
    save_evidence(cache, evidence)
    return StoreReads(
        evidence,
        sections=store_sections(store)
        if earlier_rows is None
        else render_sections(*patched_rows(store, earlier_rows[0], earlier_rows[1], changes)),
        counts=document_counts(store),
        roles=roles,
        evidence_saved=True,
    )


def earlier_rows(store: Path) -> tuple[Rows, Rows] | None:
    """The rows of the report's tables in the earlier build's store; None when it cannot be read."""
    from kg.report import document_rows, person_rows

    try:
        earlier = ox.Store.read_only(str(store))
    except OSError:
        return None  # the tables are read from the patched store
    return document_rows(earlier), person_rows(earlier)


def save_evidence(folder: Path, evidence: Evidence) -> None:
    from kg.store import write_atomic

    data = json.dumps(evidence, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_atomic(folder / EVIDENCE_NAME, data.encode("utf-8"))


def read_evidence(folder: Path) -> dict[str, list[dict[str, Any]]] | None:
    """The view evidence of every node the previous build kept in its cache; None when unusable."""
    try:
        data = json.loads((folder / EVIDENCE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(items, list) and all(isinstance(item, dict) for item in items) for items in data.values()
    ):
        return None
    return data
