"""Optional statistical NER adapters whose spans join the rule-based candidates.

`kg build --ner spacy:MODEL` loads a spaCy pipeline (an installed package name such as
`sv_core_news_lg`, or a folder written by `nlp.to_disk`); its PER spans become person candidates
and its ORG spans organisation candidates, where the rules found nothing at that place.
spaCy is an optional dependency (`pip install 'samverkan-kg[spacy]'`), imported only here.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import KgError

__all__ = ["NerSpan", "Ner", "NER_ADAPTERS", "load_ner"]

logger = logging.getLogger(__name__)

# spaCy's Swedish labels, and the English ones of multilingual pipelines, mapped to ours.
_LABELS = {"PER": "person", "PERSON": "person", "PRS": "person", "ORG": "org"}


@dataclass(frozen=True, slots=True)
class NerSpan:
    """A span a statistical model proposes: offsets in the text it was given, and its kind."""

    start: int
    end: int
    kind: str  # "person" or "org"


class Ner(Protocol):
    """Anything that proposes person and organisation spans for a text."""

    name: str

    def spans(self, text: str) -> list[NerSpan]: ...


class SpacyNer:
    """A spaCy pipeline as a candidate source."""

    def __init__(self, model: str, nlp: Any) -> None:
        self.name = f"spacy:{model}"
        self._nlp = nlp

    def spans(self, text: str) -> list[NerSpan]:
        doc = self._nlp(text)
        found = []
        for ent in doc.ents:
            kind = _LABELS.get(ent.label_)
            if kind is not None:
                found.append(NerSpan(ent.start_char, ent.end_char, kind))
        return found


@functools.cache
def _load_spacy(model: str) -> SpacyNer:
    try:
        import spacy
    except ImportError:
        raise KgError("--ner spacy:MODEL needs spaCy: pip install 'samverkan-kg[spacy]'") from None
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise KgError(f"spaCy cannot load the pipeline '{model}': {str(err).splitlines()[0]}") from None
    return SpacyNer(model, nlp)


NER_ADAPTERS: dict[str, Callable[[str], Ner]] = {"spacy": _load_spacy}


def load_ner(spec: str) -> Ner:
    """The adapter named by `spec`, "ADAPTER:MODEL" (e.g. "spacy:sv_core_news_lg")."""
    adapter, _, model = spec.partition(":")
    if adapter not in NER_ADAPTERS or not model:
        known = ", ".join(f"{name}:MODEL" for name in sorted(NER_ADAPTERS))
        raise KgError(f"Unknown --ner '{spec}'; use one of: {known}.")
    return NER_ADAPTERS[adapter](model)
