"""Score a built graph against gold annotations: precision, recall and F1 for entities and relations.

The gold format and the matching rules are described in tests/data/gold/README.md. In short: the
predicted entities of a gold file are those of the documents built from its source (same content
hash) and of the documents they relate to; an entity matches a gold entity by a name (label or
alias, normalised, Swedish genitive tolerated), an Event also by its date, an unnamed Agreement also
by its parties; matching is one-to-one, and relations match when both ends and the property do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from kg.errors import SourceError
from kg.evaluate.gold import (
    GOLD_CLASSES,
    SYMMETRIC,
    GoldDocument,
    GoldEntity,
    GoldRelation,
    gold_files,
    load_gold,
    normalise_label,
)
from kg.evaluate.predicted import (
    PredictedEntity,
    PredictedRelation,
    predicted_entities,
    predicted_relations,
    source_documents,
    superclasses,
)
from kg.evaluate.scores import ClassMismatch, Evaluation, FileEvaluation, Item, Score
from kg.store import open_store

__all__ = [
    "GOLD_CLASSES",
    "GoldEntity",
    "GoldRelation",
    "GoldDocument",
    "PredictedEntity",
    "PredictedRelation",
    "Score",
    "Item",
    "ClassMismatch",
    "FileEvaluation",
    "Evaluation",
    "load_gold",
    "gold_files",
    "normalise_label",
    "evaluate",
]


# --- matching --------------------------------------------------------------------------------------


def _genitive_stem(text: str) -> str | None:
    if text.endswith(":s") and len(text) > 2:
        return text[:-2]
    if text.endswith("s") and len(text) > 2:
        return text[:-1]
    return None


def _name_tier(predicted: Sequence[str], gold: str) -> int | None:
    """0 when a predicted name equals the gold name, 1 when they differ by a genitive s, else None."""
    if gold in predicted:
        return 0
    gold_stem = _genitive_stem(gold)
    for name in predicted:
        if _genitive_stem(name) == gold or (gold_stem is not None and name == gold_stem):
            return 1
    return None


def _match(
    gold: GoldDocument, predicted: Mapping[str, PredictedEntity], relations: Sequence[PredictedRelation]
) -> dict[str, str]:
    """Gold id -> predicted IRI, one-to-one, greedily: exact names, genitive names, event dates, parties."""
    pred_names = {iri: [normalise_label(label) for label in e.labels] for iri, e in predicted.items()}
    candidates: list[tuple[int, int, int, int, int, str]] = []
    for index, g in enumerate(gold.entities):
        names = [normalise_label(n) for n in g.names]
        for iri, entity in predicted.items():
            best: tuple[int, int, int] | None = None
            for alias_rank, name in enumerate(names):
                tier = _name_tier(pred_names[iri], name)
                if tier is not None:
                    label_rank = 0 if pred_names[iri][:1] == [name] else 1
                    key = (tier, min(alias_rank, 1), label_rank)
                    best = key if best is None or key < best else best
            if best is None and g.cls == "Event" and entity.cls == "Event" and g.date and g.date == entity.date:
                best = (2, 0, 0)
            if best is not None:
                tier, alias_rank, label_rank = best
                candidates.append((tier, int(entity.cls != g.cls), alias_rank, label_rank, index, iri))
    matched: dict[str, str] = {}
    taken: set[str] = set()
    for _, _, _, _, index, iri in sorted(candidates):
        gid = gold.entities[index].id
        if gid not in matched and iri not in taken:
            matched[gid] = iri
            taken.add(iri)

    # Unnamed agreements: by their parties, mapped to gold ids through the matches so far.
    to_gold = {iri: gid for gid, iri in matched.items()}
    pred_parties: dict[str, set[str]] = {}
    for r in relations:
        if r.property == "partyTo":
            pred_parties.setdefault(r.object, set()).add(r.subject)
    for g in gold.entities:
        if not g.unnamed or g.id in matched:
            continue
        parties = {r.subject for r in gold.relations if r.property == "partyTo" and r.object == g.id}
        if len(parties) < 2:
            continue
        for iri in sorted(predicted):
            if iri in taken or predicted[iri].cls != "Agreement":
                continue
            found = pred_parties.get(iri, set())
            if all(p in to_gold for p in found) and {to_gold[p] for p in found} == parties:
                matched[g.id] = iri
                taken.add(iri)
                break
    return matched


def _relation_key(s: str, p: str, o: str) -> tuple[str, str, str]:
    return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


def _score_file(
    gold: GoldDocument,
    documents: tuple[str, ...],
    predicted: Mapping[str, PredictedEntity],
    relations: Sequence[PredictedRelation],
) -> FileEvaluation:
    name = str(gold.path)
    matched = _match(gold, predicted, relations)
    to_gold = {iri: gid for gid, iri in matched.items()}
    gold_by_id = {g.id: g for g in gold.entities}

    # Entities, untyped and typed, with per-class counts (typed).
    entities = Score(tp=len(matched), fp=len(predicted) - len(matched), fn=len(gold.entities) - len(matched))
    typed_ok = {gid for gid, iri in matched.items() if predicted[iri].cls == gold_by_id[gid].cls}
    typed = Score(tp=len(typed_ok), fp=len(predicted) - len(typed_ok), fn=len(gold.entities) - len(typed_ok))
    per_class: dict[str, Score] = {}
    for g in gold.entities:
        per_class[g.cls] = per_class.get(g.cls, Score()) + (Score(tp=1) if g.id in typed_ok else Score(fn=1))
    for iri, e in predicted.items():
        if to_gold.get(iri) not in typed_ok:
            per_class[e.cls] = per_class.get(e.cls, Score()) + Score(fp=1)

    misses = [Item(name, "entity", g.cls, g.label, ids=(g.id,)) for g in gold.entities if g.id not in matched]
    spurious = [
        Item(name, "entity", e.cls, e.label, ids=(iri,)) for iri, e in sorted(predicted.items()) if iri not in to_gold
    ]
    mismatches = [
        ClassMismatch(name, gold_by_id[gid].label, gold_by_id[gid].cls, predicted[iri].cls, gid, iri)
        for gid, iri in matched.items()
        if gid not in typed_ok
    ]

    # Relations: both ends through the entity matches, the same property; collaboratesWith unordered.
    gold_relations: dict[tuple[str, str, str], GoldRelation] = {}
    for rel in gold.relations:
        gold_relations.setdefault(_relation_key(rel.subject, rel.property, rel.object), rel)
    found: set[tuple[str, str, str]] = set()
    per_property: dict[str, Score] = {}
    for r in relations:
        s, o = to_gold.get(r.subject), to_gold.get(r.object)
        key = _relation_key(s, r.property, o) if s is not None and o is not None else None
        if key is not None and key in gold_relations and key not in found:
            found.add(key)
            per_property[r.property] = per_property.get(r.property, Score()) + Score(tp=1)
        else:
            per_property[r.property] = per_property.get(r.property, Score()) + Score(fp=1)
            subject, obj = predicted[r.subject], predicted[r.object]
            spurious.append(Item(name, "relation", r.property, subject.label, obj.label, (r.subject, r.object)))
    for key, rel in gold_relations.items():
        if key not in found:
            per_property[rel.property] = per_property.get(rel.property, Score()) + Score(fn=1)
            gs, go = gold_by_id[rel.subject], gold_by_id[rel.object]
            misses.append(Item(name, "relation", rel.property, gs.label, go.label, (rel.subject, rel.object)))
    tp = len(found)
    relation_score = Score(tp=tp, fp=len(relations) - tp, fn=len(gold_relations) - tp)

    order = {g.id: i for i, g in enumerate(gold.entities)}
    return FileEvaluation(
        gold=name,
        source=str(gold.source),
        documents=documents,
        entities=entities,
        typed_entities=typed,
        relations=relation_score,
        by_class=tuple(sorted(per_class.items())),
        by_property=tuple(sorted(per_property.items())),
        matches=tuple(sorted(matched.items(), key=lambda kv: order[kv[0]])),
        misses=tuple(misses),
        spurious=tuple(spurious),
        mismatches=tuple(sorted(mismatches, key=lambda m: order[m.gold_id])),
    )


def evaluate(gold: Path, graph_dir: Path) -> Evaluation:
    """Score the graph built in `graph_dir` against the gold file or folder of gold files `gold`."""
    documents = load_gold(Path(gold))
    store = open_store(Path(graph_dir))
    try:
        parents = superclasses(store)
        results: list[FileEvaluation] = []
        for doc in documents:
            try:
                found = source_documents(store, doc.source)
            except OSError as err:
                raise SourceError(
                    str(doc.path), f"cannot read its source {doc.source} ({err.strerror or err})."
                ) from err
            if not found:
                warning = f"{doc.path}: its source {doc.source} is not in the built graph (run kg build on it first)"
                results.append(FileEvaluation(gold=str(doc.path), source=str(doc.source), warning=warning))
                continue
            predicted = predicted_entities(store, found, parents)
            relations = predicted_relations(store, found, predicted)
            results.append(_score_file(doc, found, predicted, relations))
        return Evaluation(files=tuple(results))
    finally:
        del store
