"""The extraction cache of incremental builds: one JSON value per document in the build's cache file
(`kg.building.state`), keyed by the document's content hash and the extractor version.

The version is a hash of the extraction code and the reference data, so a change to either makes
every entry stale. Entries are plain JSON (no pickles): a cache file can be read without trust.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import sqlite3
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kg.building.state import CacheFile
from kg.extraction import extract_parallel
from kg.model import Document, Entity, Evidence, Extraction, Fact, Mention
from kg.vocab import ontology_dir

__all__ = ["ExtractionCache", "above", "extract_with_cache", "extractor_version"]

logger = logging.getLogger(__name__)


@functools.cache
def extractor_version(extractor: str = "rules.v1") -> str:
    """A hash of everything extraction reads besides the document: its code and the reference data."""
    digest = hashlib.sha256(extractor.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(
        [
            *(package / "extraction").glob("*.py"),
            package / "model.py",
            package / "dates.py",
            *(ontology_dir() / "reference").glob("*"),
        ]
    ):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _evidence(e: Evidence) -> list[Any]:
    return [e.document, e.quote, e.start, e.end, e.page, e.confidence]


def _from_evidence(v: list[Any]) -> Evidence:
    return Evidence(v[0], v[1], v[2], v[3], v[4], v[5])


def _encode(extraction: Extraction) -> dict[str, Any]:
    return {
        "entities": [
            [e.iri, e.cls, e.label, list(e.alt_labels), [list(x) for x in e.extra]] for e in extraction.entities
        ],
        "mentions": [[m.entity, _evidence(m.evidence)] for m in extraction.mentions],
        "facts": [
            [f.subject, f.predicate, f.object, _evidence(f.evidence), f.object_is_literal, f.datatype]
            for f in extraction.facts
        ],
        "merges": [list(m) for m in extraction.merges],
    }


def _decode(document: Document, data: dict[str, Any]) -> Extraction:
    return Extraction(
        document=document,
        entities=tuple(
            Entity(i, c, lab, tuple(alts), tuple(tuple(x) for x in extra))
            for i, c, lab, alts, extra in data["entities"]
        ),
        mentions=tuple(Mention(entity, _from_evidence(ev)) for entity, ev in data["mentions"]),
        facts=tuple(Fact(s, p, o, _from_evidence(ev), lit, dt) for s, p, o, ev, lit, dt in data["facts"]),
        merges=tuple((a, b, c) for a, b, c in data["merges"]),
    )


class ExtractionCache:
    """Extractions of earlier builds, read from the `earlier` cache file and kept in the `target` one
    (either may be None)."""

    def __init__(self, earlier: CacheFile | None, target: CacheFile | None, *, version: str) -> None:
        self.earlier = earlier
        self.target = target
        self.version = version
        self.hits = 0

    def entry_name(self, document: Document) -> str:
        """The name of the entry of `document`: it changes when the document or the extractor does."""
        key = f"{self.version}|{document.key}|{document.content_hash}|{document.source}|{document.title}"
        if document.etag is not None or document.last_modified is not None:
            # A web page's graph records its response's validators: the entry changes with them.
            key += f"|{document.etag}|{document.last_modified}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def get(self, document: Document) -> Extraction | None:
        """The cached extraction of `document`, or None."""
        if self.earlier is None:
            return None
        try:
            data = self.earlier.extraction(self.entry_name(document))
            if data is None:
                return None
            extraction = _decode(document, data)
        except (sqlite3.Error, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return extraction

    def carry(self, documents: Sequence[Document]) -> list[Document]:
        """Carry the earlier entries of `documents` into the target file as they are, without reading
        them; returns the documents that had none."""
        if self.earlier is None or self.target is None:
            return list(documents)
        names = [self.entry_name(doc) for doc in documents]
        try:
            found = self.target.carry_extractions(self.earlier, names)
        except sqlite3.Error:
            return list(documents)
        return [doc for doc, name in zip(documents, names, strict=True) if name not in found]

    def put(self, extraction: Extraction) -> None:
        """Keep `extraction` for the next build (in the target file)."""
        if self.target is not None:
            self.target.put_extraction(self.entry_name(extraction.document), _encode(extraction))


def extract_with_cache(
    documents: Sequence[Document], cache: ExtractionCache, *, jobs: int, ner: str | None, progress: bool
) -> list[Extraction]:
    """Extract what the cache does not hold (in parallel), in document order; keep everything for next time."""
    from tqdm import tqdm

    cached = [cache.get(doc) for doc in documents]
    todo = [doc for doc, hit in zip(documents, cached, strict=True) if hit is None]
    with tqdm(
        total=len(documents), desc="Extracting", unit="doc", disable=not progress, leave=False, file=sys.stderr
    ) as bar:
        bar.update(len(documents) - len(todo))
        fresh = list(extract_parallel(todo, jobs=jobs, ner_spec=ner, progress=bar.update))
    for extraction in fresh:
        cache.put(extraction)
    cache.carry([doc for doc, hit in zip(documents, cached, strict=True) if hit is not None])
    made = iter(fresh)
    return [hit if hit is not None else next(made) for hit in cached]


def above(extraction: Extraction, min_confidence: float) -> Extraction:
    if min_confidence <= 0:
        return extraction
    return replace(extraction, facts=tuple(f for f in extraction.facts if f.evidence.confidence >= min_confidence))
