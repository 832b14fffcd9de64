"""What extraction knows about one document while it reads it: its sentences, spans, entities and facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.dates import DateSpan
from kg.extraction.reference import Reference
from kg.extraction.span import Span
from kg.extraction.text import Sentence
from kg.model import Document, Entity, Evidence, Fact, Mention

__all__ = ["DocState"]


@dataclass
class DocState:
    """What extraction knows about one document while it reads it."""

    doc: Document
    ref: Reference
    sentences: list[Sentence] = field(default_factory=list)
    spans: dict[int, list[Span]] = field(default_factory=dict)
    dates: dict[int, list[DateSpan]] = field(default_factory=dict)
    context_year: dict[int, int | None] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    merges: set[tuple[str, str, str]] = field(default_factory=set)
    lexicon: dict[str, tuple[str, str]] = field(default_factory=dict)  # surface -> (iri, kind)
    events: dict[str, dict[str, object]] = field(default_factory=dict)

    def evidence(self, first: Sentence, last: Sentence | None = None, confidence: float = 0.8) -> Evidence:
        last = last or first
        start, end = min(first.start, last.start), max(first.end, last.end)
        return Evidence(self.doc.key, self.doc.text[start:end], start, end, first.page, confidence)

    def add_entity(self, iri: str, cls: str, label: str, alts: tuple[str, ...] = ()) -> str:
        known = self.entities.get(iri)
        if known is None:
            self.entities[iri] = Entity(iri, cls, label, tuple(sorted(set(a for a in alts if a != label))))
        elif alts:
            merged = tuple(sorted(set(known.alt_labels) | {a for a in alts if a != known.label}))
            self.entities[iri] = Entity(iri, known.cls, known.label, merged, known.extra)
        return iri

    def add_fact(
        self, subject: str, predicate: str, obj: str, evidence: Evidence, *, literal: str | None = None
    ) -> None:
        if subject == obj:
            return
        self.facts.append(Fact(subject, predicate, obj, evidence, literal is not None, literal))
