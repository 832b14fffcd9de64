"""Precision, recall and F1 of entities and relations, per file and micro-averaged, with the items
behind them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# --- scores ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """True positives, false positives and false negatives, with precision, recall and F1.

    When a ratio has nothing to divide by it is 1.0 if there was nothing to find and nothing was
    found, else 0.0.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def _empty(self) -> bool:
        return self.tp == self.fp == self.fn == 0

    @property
    def precision(self) -> float:
        found = self.tp + self.fp
        return self.tp / found if found else (1.0 if self._empty else 0.0)

    @property
    def recall(self) -> float:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else (1.0 if self._empty else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, int | float]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
        }


@dataclass(frozen=True)
class Item:
    """A gold item not found (a miss) or a predicted item not in the gold (spurious).

    For an entity `category` is its class and `label` its label; for a relation `category` is the
    property and `label`/`object_label` the labels of its ends. `ids` are gold ids or predicted IRIs.
    """

    file: str
    kind: str  # "entity" | "relation"
    category: str
    label: str
    object_label: str = ""
    ids: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "entity":
            return {
                "file": self.file,
                "kind": self.kind,
                "class": self.category,
                "label": self.label,
                "id": self.ids[0],
            }
        return {
            "file": self.file,
            "kind": self.kind,
            "property": self.category,
            "subject": self.label,
            "object": self.object_label,
            "ids": list(self.ids),
        }


@dataclass(frozen=True)
class ClassMismatch:
    """A gold entity matched by a predicted entity of another class."""

    file: str
    label: str
    gold_class: str
    predicted_class: str
    gold_id: str
    iri: str

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file,
            "label": self.label,
            "gold_class": self.gold_class,
            "predicted_class": self.predicted_class,
            "id": self.gold_id,
            "iri": self.iri,
        }


def _sum_by(groups: Iterable[Iterable[tuple[str, Score]]]) -> tuple[tuple[str, Score], ...]:
    total: dict[str, Score] = {}
    for group in groups:
        for key, score in group:
            total[key] = total.get(key, Score()) + score
    return tuple(sorted(total.items()))


@dataclass(frozen=True)
class FileEvaluation:
    """The scores of one gold file (all zero, `skipped`, when its source is not in the built graph)."""

    gold: str
    source: str
    documents: tuple[str, ...] = ()
    warning: str | None = None
    entities: Score = Score()
    typed_entities: Score = Score()
    relations: Score = Score()
    by_class: tuple[tuple[str, Score], ...] = ()
    by_property: tuple[tuple[str, Score], ...] = ()
    matches: tuple[tuple[str, str], ...] = ()  # (gold id, predicted IRI), in gold order
    misses: tuple[Item, ...] = ()
    spurious: tuple[Item, ...] = ()
    mismatches: tuple[ClassMismatch, ...] = ()

    @property
    def skipped(self) -> bool:
        return self.warning is not None

    def as_dict(self) -> dict[str, Any]:
        scored = not self.skipped
        return {
            "gold": self.gold,
            "source": self.source,
            "skipped": self.skipped,
            "warning": self.warning,
            "documents": list(self.documents),
            "entities": self.entities.as_dict() if scored else None,
            "typed_entities": self.typed_entities.as_dict() if scored else None,
            "relations": self.relations.as_dict() if scored else None,
        }


@dataclass(frozen=True)
class Evaluation:
    """The scores of every gold file and their micro-averaged totals."""

    files: tuple[FileEvaluation, ...]

    @property
    def _scored(self) -> tuple[FileEvaluation, ...]:
        return tuple(f for f in self.files if not f.skipped)

    @property
    def warnings(self) -> tuple[str, ...]:
        return tuple(f.warning for f in self.files if f.warning is not None)

    @property
    def skipped(self) -> int:
        return len(self.files) - len(self._scored)

    @property
    def entities(self) -> Score:
        return sum((f.entities for f in self._scored), Score())

    @property
    def typed_entities(self) -> Score:
        return sum((f.typed_entities for f in self._scored), Score())

    @property
    def relations(self) -> Score:
        return sum((f.relations for f in self._scored), Score())

    @property
    def by_class(self) -> tuple[tuple[str, Score], ...]:
        return _sum_by(f.by_class for f in self._scored)

    @property
    def by_property(self) -> tuple[tuple[str, Score], ...]:
        return _sum_by(f.by_property for f in self._scored)

    @property
    def misses(self) -> tuple[Item, ...]:
        return tuple(item for f in self._scored for item in f.misses)

    @property
    def spurious(self) -> tuple[Item, ...]:
        return tuple(item for f in self._scored for item in f.spurious)

    @property
    def mismatches(self) -> tuple[ClassMismatch, ...]:
        return tuple(m for f in self._scored for m in f.mismatches)

    @property
    def confusions(self) -> tuple[tuple[str, str, int], ...]:
        """(gold class, predicted class, count) of the class mismatches, most frequent first."""
        counts = Counter((m.gold_class, m.predicted_class) for m in self.mismatches)
        return tuple((g, p, n) for (g, p), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def as_dict(self, *, details: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "files": [f.as_dict() for f in self.files],
            "total": {
                "files": len(self._scored),
                "skipped": self.skipped,
                "entities": self.entities.as_dict(),
                "typed_entities": self.typed_entities.as_dict(),
                "relations": self.relations.as_dict(),
                "by_class": {cls: s.as_dict() for cls, s in self.by_class},
                "by_property": {prop: s.as_dict() for prop, s in self.by_property},
                "confusions": [{"gold_class": g, "predicted_class": p, "count": n} for g, p, n in self.confusions],
            },
        }
        if details:
            payload["misses"] = [i.as_dict() for i in self.misses]
            payload["spurious"] = [i.as_dict() for i in self.spurious]
            payload["class_mismatches"] = [m.as_dict() for m in self.mismatches]
        return payload
