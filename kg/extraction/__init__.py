"""Extraction: documents in, entities, mentions and relation facts out (with their evidence).

Extractors are registered by versioned name; `rules.v1` is the rule-based Swedish extractor.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Sequence

from kg.errors import KgError
from kg.extraction.document import extract_document
from kg.extraction.ner import Ner, load_ner
from kg.extraction.reference import Reference, load_reference
from kg.model import Document, Extraction

__all__ = ["EXTRACTORS", "extract_facts", "extract_parallel", "load_reference", "load_ner", "Reference", "Ner"]

Extractor = Callable[[Document, Reference, Ner | None], Extraction]

EXTRACTORS: dict[str, Extractor] = {"rules.v1": extract_document}


def extract_facts(
    documents: Iterable[Document], *, extractor: str = "rules.v1", ner: Ner | None = None
) -> list[Extraction]:
    """Run the named extractor over every document, in order; `ner` adds a model's candidates."""
    ref = load_reference()
    run = EXTRACTORS[extractor]
    return [run(doc, ref, ner) for doc in documents]


_worker_ner: Ner | None = None


def _init_worker(ner_spec: str | None) -> None:
    global _worker_ner
    load_reference()
    _worker_ner = load_ner(ner_spec) if ner_spec else None
    # The worker's collector runs (a build pauses its own), and skips what is loaded once for good.
    gc.freeze()
    gc.enable()


def _extract_one(document: Document) -> Extraction:
    return _extract_reported(document, _worker_ner)


def _extract_reported(document: Document, ner: Ner | None) -> Extraction:
    """One document's extraction; a failure of the extractor becomes one sentence naming the document
    (a plain KgError, which crosses from a worker process intact), not a traceback."""
    try:
        return EXTRACTORS["rules.v1"](document, load_reference(), ner)
    except (ArithmeticError, AttributeError, IndexError, KeyError, RecursionError, TypeError, ValueError) as err:
        raise KgError(
            f"{document.source}: the extractor failed on this document ({type(err).__name__}: {err}); "
            "this is a bug in kg, please report it with the document"
        ) from err


def extract_parallel(
    documents: Sequence[Document],
    *,
    jobs: int,
    ner_spec: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> list[Extraction]:
    """Extract every document with `jobs` worker processes; the result is in document order and the
    same as with one process, since each document is read on its own."""
    ner = load_ner(ner_spec) if ner_spec else None
    if jobs <= 1 or len(documents) < 2 * jobs:
        results = []
        for document in documents:
            results.append(_extract_reported(document, ner))
            if progress is not None:
                progress(1)
        return results
    # The platform's safe start method: a worker starts afresh (forkserver or spawn), never as a copy of
    # this process and its store's threads; it loads the reference data once, in `_init_worker`.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    chunk = max(1, min(64, len(documents) // (jobs * 8)))
    with context.Pool(jobs, initializer=_init_worker, initargs=(ner_spec,)) as pool:
        results = []
        for extraction in pool.imap(_extract_one, documents, chunksize=chunk):
            results.append(extraction)
            if progress is not None:
                progress(1)
    return results
