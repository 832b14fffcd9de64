"""What the view and the report read from the store besides the graph the analysis reads: the view's
evidence of every node, the report's tables, the document counts and the affiliation roles. A full
build reads them whole; a patched build reads again only what its patch touched."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.building.state import CacheFile, Evidence
from kg.view.evidence import node_evidence

if TYPE_CHECKING:
    from kg.analysis.typology import Roles
    from kg.report import Rows

__all__ = [
    "Evidence",
    "StoreReads",
    "earlier_rows",
    "full_reads",
    "patched_reads",
]


@dataclass
class StoreReads:
    """What the view and the report read from the store besides the graph the analysis reads."""

    evidence: Evidence  # the view's evidence of every node
    aliases: dict[str, list[str]] | None = None  # every node's labels; None: read for the shown nodes
    sections: tuple[str, str] | None = None  # kg.report.store_sections; None: read with the report
    counts: tuple[int, int] | None = None  # kg.stats.document_counts; None: counted with the stats
    roles: Roles | None = None  # kg.analysis.affiliation_roles; None: read for the typology
    evidence_saved: bool = False  # whether the evidence is in the build's cache file already


def full_reads(store: ox.Store, kept: CacheFile) -> StoreReads:
    """The view's evidence of every node of `store` and the report's tables of documents and persons,
    read by the build itself (the rest: later); the rows kept in the cache file `kept`."""
    from kg.report import document_rows, person_rows, render_sections

    rows = document_rows(store), person_rows(store)
    kept.put_report_rows(*rows)
    return StoreReads(evidence=node_evidence(store), sections=render_sections(*rows))


def patched_reads(
    store: ox.Store,
    earlier: Evidence | None,
    kept: CacheFile,
    touched: list[str],
    earlier_rows: tuple[Rows, Rows] | None,
    changes: list[ox.Triple],
) -> StoreReads:
    """The view's evidence of every node of the patched `store`, the report's sections and the
    affiliation roles read from it, and the evidence written into the cache file `kept`.

    The evidence of a node comes from the statements about it: only the nodes of the patched
    graphs' statements (`touched`, before and after) can have other items than in the earlier
    build's `earlier` evidence, so only theirs are looked up. The report's tables are the earlier
    build's (`earlier_rows`), read again for what the triples the union gained or lost (`changes`)
    touch; the new rows are kept in `kept` too.
    """
    from kg.analysis import affiliation_roles
    from kg.report import document_rows, patched_rows, person_rows, render_sections
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
    kept.put_evidence(evidence)
    if earlier_rows is None:
        rows = document_rows(store), person_rows(store)
    else:
        rows = patched_rows(store, earlier_rows[0], earlier_rows[1], changes)
    kept.put_report_rows(*rows)
    return StoreReads(
        evidence,
        sections=render_sections(*rows),
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
