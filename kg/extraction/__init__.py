"""Extraction: documents in, entities, mentions and relation facts out (with their evidence).

Extractors are registered by versioned name; `rules.v1` is the rule-based Swedish extractor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from kg.extraction.document import extract_document
from kg.extraction.ner import Ner, load_ner
from kg.extraction.reference import Reference, load_reference
from kg.model import Document, Extraction

__all__ = ["EXTRACTORS", "extract_facts", "load_reference", "load_ner", "Reference", "Ner"]

Extractor = Callable[[Document, Reference, Ner | None], Extraction]

EXTRACTORS: dict[str, Extractor] = {"rules.v1": extract_document}


def extract_facts(
    documents: Iterable[Document], *, extractor: str = "rules.v1", ner: Ner | None = None
) -> list[Extraction]:
    """Run the named extractor over every document, in order; `ner` adds a model's candidates."""
    ref = load_reference()
    run = EXTRACTORS[extractor]
    return [run(doc, ref, ner) for doc in documents]
