"""Extraction: documents in, entities, mentions and relation facts out (with their evidence).

Extractors are registered by versioned name; `rules.v1` is the rule-based Swedish extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.extraction.document import extract_document
from kg.extraction.reference import Reference, load_reference
from kg.model import Document, Extraction

__all__ = ["EXTRACTORS", "extract_facts", "load_reference", "Reference"]

Extractor = Callable[[Document, Reference], Extraction]

EXTRACTORS: dict[str, Extractor] = {"rules.v1": extract_document}


def extract_facts(documents: Iterable[Document], *, extractor: str = "rules.v1") -> list[Extraction]:
    """Run the named extractor over every document, in order."""
    ref = load_reference()
    run = EXTRACTORS[extractor]
    return [run(doc, ref) for doc in documents]
