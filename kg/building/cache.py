"""The extraction cache of incremental builds: one JSON file per document, keyed by the document's
content hash and the extractor version.

The version is a hash of the extraction code and the reference data, so a change to either makes
every entry stale. Entries are plain JSON (no pickles): a cache folder can be read without trust.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

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
        [*(package / "extraction").glob("*.py"), package / "model.py", *(ontology_dir() / "reference").glob("*")]
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
    """Extractions of earlier builds, read from `folder` and written to `target` (both may be None)."""

    def __init__(self, folder: Path | None, target: Path | None, *, version: str) -> None:
        self.folder = folder
        self.target = target
        self.version = version
        self.hits = 0
        if target is not None:
            target.mkdir(parents=True, exist_ok=True)

    def entry_name(self, document: Document) -> str:
        """The file name of the entry of `document`: it changes when the document or the extractor does."""
        key = f"{self.version}|{document.key}|{document.content_hash}|{document.source}|{document.title}"
        if document.etag is not None or document.last_modified is not None:
            # A web page's graph records its response's validators: the entry changes with them.
            key += f"|{document.etag}|{document.last_modified}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json"

    def get(self, document: Document) -> Extraction | None:
        """The cached extraction of `document`, or None."""
        if self.folder is None:
            return None
        path = self.folder / self.entry_name(document)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            extraction = _decode(document, data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.hits += 1
        return extraction

    def keep(self, document: Document) -> bool:
        """Carry the earlier entry of `document` into the new cache folder as it is, without reading it.

        A hard link where the file system allows one, else a copy; False when there is no entry.
        """
        if self.folder is None or self.target is None:
            return False
        name = self.entry_name(document)
        source, target = self.folder / name, self.target / name
        try:
            os.link(source, target)
        except FileExistsError:
            return True
        except OSError:
            try:
                shutil.copyfile(source, target)
            except OSError:
                return False
        return True

    def put(self, extraction: Extraction) -> None:
        """Keep `extraction` for the next build (written to the new cache folder)."""
        if self.target is None:
            return
        path = self.target / self.entry_name(extraction.document)
        data = json.dumps(_encode(extraction), ensure_ascii=False, separators=(",", ":"))
        handle, temporary = tempfile.mkstemp(dir=self.target, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(data)
        os.replace(temporary, path)


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
        fresh = iter(extract_parallel(todo, jobs=jobs, ner_spec=ner, progress=bar.update))
    extractions = [hit if hit is not None else next(fresh) for hit in cached]
    for extraction in extractions:
        cache.put(extraction)
    return extractions


def above(extraction: Extraction, min_confidence: float) -> Extraction:
    if min_confidence <= 0:
        return extraction
    return replace(extraction, facts=tuple(f for f in extraction.facts if f.evidence.confidence >= min_confidence))
