"""The plan of a build: what changed since the previous build, from the state it left in its cache.

A build leaves its state in its cache file (`kg.building.state`). It records, for every document,
its cache entry, what it says about the class and labels of the entities it names, its merges and
its number of facts; the canon (class, label, alternative labels) of every entity; where each
graph's block lies in graph.trig; and the hashes of graph.trig and graph.ttl.

The next build compares each document's cache entry name (content hash, path, title, extractor
version) with the state. A document's named graph depends only on the document and on the canon
of the entities it names, so the graphs to make again are those of new and changed documents and of
documents naming an entity whose canon changed. Everything else is carried over: the graphs' TriG
blocks as bytes, the store as a checkpoint patched graph by graph, graph.ttl as a set of triples
patched by what the changed graphs took away or added. Analysis, view and report are computed on
the patched store as in a full build. The result is the same bytes as a clean build; when the
state does not fit (another kg version or option, RDF sources, outputs edited or missing), the
build is a full one.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.build import Canon, entity_records
from kg.building.cache import ExtractionCache
from kg.building.state import BuildState, CanonEntry, DocumentState
from kg.model import Document, Extraction
from kg.vocab import document_iri, ontology_dir

if TYPE_CHECKING:
    from kg.building.earlier import Earlier

__all__ = [
    "BuildState",
    "DocumentState",
    "Plan",
    "build_mode",
    "canon_table",
    "document_state",
    "file_hash",
    "plan_build",
]

logger = logging.getLogger(__name__)

_FORMAT = 2
# Above this share of changed documents a full build is about as fast, and simpler.
_MAX_CHANGED_SHARE = 0.25


@dataclass
class Plan:
    """What an incremental build does: documents to extract, to carry over, and gone."""

    state: BuildState
    earlier: Earlier  # the previous build, through which a patched build reads it back
    changed: list[Document] = field(default_factory=list)
    kept: list[Document] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # document keys


@functools.cache
def _code_version() -> str:
    """A hash of the package's code and the ontology folder: another version means a full build."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    files = sorted(package.rglob("*.py")) + sorted(p for p in ontology_dir().rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(path.parents[1])).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build_mode(extractor: str, min_confidence: float) -> str:
    """Everything besides the documents that the outputs depend on, as one hash."""
    text = f"{_FORMAT}|{_code_version()}|{extractor}|{min_confidence!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def file_hash(path: Path) -> str:
    """sha256 of a file's bytes (empty when it cannot be read)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError:
        return ""
    return digest.hexdigest()


def canon_table(canon: Canon) -> dict[str, CanonEntry]:
    """The canon as the state keeps it."""
    return {iri: (canon.cls[iri], canon.label[iri], canon.alts[iri]) for iri in canon.cls}


def plan_build(
    state: BuildState | None,
    documents: Sequence[Document],
    cache: ExtractionCache,
    *,
    mode: str,
    earlier: Earlier,
    rdf_sources: int,
    digests: tuple[str, str],
) -> Plan | None:
    """How to patch the `earlier` build for `documents`; None when a full build is needed. `digests`
    are the sha256 of its graph.trig and graph.ttl."""
    if state is None or state.mode != mode or rdf_sources:
        return None
    keys = [doc.key for doc in documents]
    if len(set(keys)) != len(keys):
        return None
    if digests != (state.trig, state.ttl):
        logger.info("graph.trig or graph.ttl in %s is not the one the cache describes; building in full.", earlier.out)
        return None
    if not earlier.has_store():
        return None
    plan = Plan(state, earlier)
    for doc in documents:
        known = state.documents.get(doc.key)
        if known is not None and known.entry == cache.entry_name(doc):
            plan.kept.append(doc)
        else:
            plan.changed.append(doc)
    present = set(keys)
    plan.removed = [key for key in state.documents if key not in present]
    if len(plan.changed) + len(plan.removed) > _MAX_CHANGED_SHARE * max(len(documents), 1):
        return None
    return plan


def changed_entities(old: dict[str, CanonEntry], new: Canon) -> set[str]:
    """Entity IRIs whose class, label or alternative labels differ, or that came or went."""
    table = canon_table(new)
    changed = {iri for iri, entry in table.items() if old.get(iri) != entry}
    changed.update(iri for iri in old if iri not in table)
    return changed


def affected(kept: Iterable[Document], state: BuildState, changed: set[str]) -> list[Document]:
    """Kept documents that name an entity whose canon changed: their graphs are made again."""
    if not changed:
        return []
    return [doc for doc in kept if any(record[0] in changed for record in state.documents[doc.key].entities)]


def graph_name(key: str) -> ox.NamedNode:
    """The named node of a graph key ("<iri>")."""
    return ox.NamedNode(key[1:-1])


def document_state(extraction: Extraction, cache: ExtractionCache, min_confidence: float) -> DocumentState:
    """What the state keeps of the document of `extraction`."""
    doc = extraction.document
    return DocumentState(
        entry=cache.entry_name(doc),
        graph=f"<{document_iri(doc.key)}>",
        entities=tuple(entity_records(extraction)),
        merges=tuple(sorted(set(extraction.merges))),
        facts=sum(1 for f in extraction.facts if f.evidence.confidence >= min_confidence),
    )
