"""Score a built graph against gold annotations: precision, recall and F1 for entities and relations.

The gold format and the matching rules are described in tests/data/gold/README.md. In short: the
predicted entities of a gold file are those of the documents built from its source (same content
hash) and of the documents they relate to; an entity matches a gold entity by a name (label or
alias, normalised, Swedish genitive tolerated), an Event also by its date, an unnamed Agreement also
by its parties; matching is one-to-one, and relations match when both ends and the property do.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import KgError, SourceError
from kg.store import open_store, select
from kg.vocab import CLASS_PATHS, DCTERMS, RDFS, RELATIONS, SAMV, SKOS

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

# The classes a gold entity may have (local names in samv:), most specific ones of SPEC §4.
GOLD_CLASSES: tuple[str, ...] = tuple(cls for cls in CLASS_PATHS if cls != "Document")
_ENTITY_CLASSES = frozenset(GOLD_CLASSES)
# Used only when the store holds no ontology to tell a class from its superclasses.
_GENERAL = frozenset({"Organisation", "PublicActor"})
_SYMMETRIC = frozenset({"collaboratesWith"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EDGE_PUNCTUATION = " \t\n.,;:!?\"'`«»“”„‘’‚()[]{}<>*_–—-/\\"


# --- gold ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEntity:
    """An annotated entity: its id in the gold file, class (local name), label and aliases."""

    id: str
    cls: str
    label: str
    aliases: tuple[str, ...] = ()
    date: str | None = None
    unnamed: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        return (self.label, *self.aliases)


@dataclass(frozen=True)
class GoldRelation:
    """An annotated relation between two gold entity ids."""

    subject: str
    property: str
    object: str


@dataclass(frozen=True)
class GoldDocument:
    """One gold file: the annotated source and its entities and relations."""

    path: Path
    source: Path
    entities: tuple[GoldEntity, ...]
    relations: tuple[GoldRelation, ...]
    style: str | None = None


def gold_files(gold: Path) -> list[Path]:
    """The gold files named by `gold`: the file itself, or every *.json directly in the folder, sorted."""
    gold = Path(gold)
    if gold.is_dir():
        files = sorted(p for p in gold.iterdir() if p.suffix == ".json" and p.is_file())
        if not files:
            raise KgError(f"{gold}: no gold files (*.json) in the folder.")
        return files
    if gold.is_file():
        return [gold]
    raise KgError(f"{gold}: no such file or folder.")


def load_gold(path: Path) -> list[GoldDocument]:
    """Read and validate the gold file `path`, or every gold file in the folder `path`."""
    return [_load_gold_file(p) for p in gold_files(path)]


def _load_gold_file(path: Path) -> GoldDocument:
    name = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as err:
        raise SourceError(name, f"cannot read the gold file ({err.strerror or err}).") from err
    except UnicodeDecodeError as err:
        raise SourceError(name, f"the gold file is not UTF-8 text ({err.reason}).") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(name, f"JSON syntax error: {err.msg} (column {err.colno}).", line=err.lineno) from err
    if not isinstance(data, dict):
        raise SourceError(name, "the gold file must hold one JSON object.")

    source = data.get("source")
    if not isinstance(source, str) or not source.strip():
        raise SourceError(name, 'no "source" (the annotated file, relative to the gold file).')
    style = data.get("style")
    if style is not None and not isinstance(style, str):
        raise SourceError(name, '"style" must be a string.')

    raw_entities = data.get("entities", [])
    if not isinstance(raw_entities, list):
        raise SourceError(name, '"entities" must be a list.')
    entities: list[GoldEntity] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_entities):
        entity = _gold_entity(name, index, raw)
        if entity.id in seen:
            raise SourceError(name, f"entity id {entity.id!r} is used twice.")
        seen.add(entity.id)
        entities.append(entity)

    raw_relations = data.get("relations", [])
    if not isinstance(raw_relations, list):
        raise SourceError(name, '"relations" must be a list.')
    relations = [_gold_relation(name, index, raw, seen) for index, raw in enumerate(raw_relations)]
    return GoldDocument(
        path=path,
        source=path.parent / source,
        entities=tuple(entities),
        relations=tuple(relations),
        style=style,
    )


def _gold_entity(name: str, index: int, raw: object) -> GoldEntity:
    if not isinstance(raw, dict):
        raise SourceError(name, f"entity {index + 1} is not a JSON object.")
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident:
        raise SourceError(name, f"entity {index + 1} has no id.")
    where = f"entity {ident!r}"
    cls = raw.get("class")
    if cls is None or cls == "":
        raise SourceError(name, f"{where} has no class.")
    if not isinstance(cls, str) or cls not in _ENTITY_CLASSES:
        raise SourceError(name, f"{where} has the unknown class {cls!r}; known: {', '.join(GOLD_CLASSES)}.")
    label = raw.get("label")
    if not isinstance(label, str) or not normalise_label(label):
        raise SourceError(name, f"{where} has no label.")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise SourceError(name, f"{where}: aliases must be a list of strings.")
    date = raw.get("date")
    if date is not None and (not isinstance(date, str) or not _DATE.fullmatch(date)):
        raise SourceError(name, f"{where} has the date {date!r}, which is not YYYY-MM-DD.")
    unnamed = raw.get("unnamed", False)
    if not isinstance(unnamed, bool):
        raise SourceError(name, f'{where}: "unnamed" must be true or false.')
    if unnamed and cls != "Agreement":
        raise SourceError(name, f'{where} is "unnamed" but only an Agreement can be.')
    return GoldEntity(id=ident, cls=cls, label=label, aliases=tuple(aliases), date=date, unnamed=unnamed)


def _gold_relation(name: str, index: int, raw: object, ids: set[str]) -> GoldRelation:
    if not isinstance(raw, dict):
        raise SourceError(name, f"relation {index + 1} is not a JSON object.")
    subject, prop, obj = raw.get("subject"), raw.get("property"), raw.get("object")
    where = f"relation {index + 1} ({subject} {prop} {obj})"
    if not isinstance(prop, str) or prop not in RELATIONS:
        raise SourceError(name, f"{where} has the unknown property {prop!r}; known: {', '.join(RELATIONS)}.")
    for role, value in (("subject", subject), ("object", obj)):
        if not isinstance(value, str) or value not in ids:
            raise SourceError(name, f"{where}: the {role} {value!r} is not the id of an entity of the file.")
    assert isinstance(subject, str) and isinstance(obj, str)
    if subject == obj:
        raise SourceError(name, f"{where} relates an entity to itself.")
    return GoldRelation(subject=subject, property=prop, object=obj)


# --- predictions -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredictedEntity:
    """An entity the build found in the documents of a gold file's source."""

    iri: str
    cls: str
    labels: tuple[str, ...]  # the preferred label first
    date: str | None = None

    @property
    def label(self) -> str:
        return self.labels[0] if self.labels else self.iri


@dataclass(frozen=True)
class PredictedRelation:
    """A relation triple between two predicted entities, asserted in one of the documents' graphs."""

    subject: str
    property: str
    object: str


def _iri_values(iris: Iterable[str]) -> str:
    return " ".join(f"<{iri}>" for iri in sorted(iris))


def _local(iri: str) -> str:
    return iri.rpartition("#")[2] if "#" in iri else iri.rpartition("/")[2]


def _source_documents(store: ox.Store, source: Path) -> tuple[str, ...]:
    """The documents built from `source` (same content hash) and the documents they relate to."""
    digest = "sha256:" + hashlib.sha256(source.read_bytes()).hexdigest()
    query = f'SELECT DISTINCT ?d {{ ?d samv:contentHash ?h FILTER(isIRI(?d) && STR(?h) = "{digest}") }}'
    found = {row["d"].value for row in select(store, query)}
    if not found:
        return ()
    query = f"SELECT DISTINCT ?r {{ VALUES ?d {{ {_iri_values(found)} }} ?d <{DCTERMS}relation> ?r FILTER(isIRI(?r)) }}"
    found |= {row["r"].value for row in select(store, query)}
    return tuple(sorted(found))


def _superclasses(store: ox.Store) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    query = f"""SELECT DISTINCT ?c ?p {{ ?c rdfs:subClassOf+ ?p
        FILTER(STRSTARTS(STR(?c), "{SAMV}") && STRSTARTS(STR(?p), "{SAMV}")) }}"""
    for row in select(store, query, ontology=True):
        parents.setdefault(_local(row["c"].value), set()).add(_local(row["p"].value))
    return parents


def _most_specific(classes: set[str], parents: Mapping[str, set[str]]) -> str:
    specific = {c for c in classes if not any(c in parents.get(o, ()) for o in classes if o != c)}
    if not parents and len(specific) > 1:
        specific = (specific - _GENERAL) or specific
    return sorted(specific)[0]


def _predicted_entities(
    store: ox.Store, documents: Sequence[str], parents: Mapping[str, set[str]]
) -> dict[str, PredictedEntity]:
    docs = _iri_values(documents)
    query = f"""SELECT DISTINCT ?e {{ VALUES ?d {{ {docs} }}
        {{ ?d samv:mentions ?e }} UNION {{ GRAPH ?d {{ ?e a ?c }} FILTER(STRSTARTS(STR(?c), "{SAMV}")) }}
        FILTER(isIRI(?e)) }}"""
    candidates = {row["e"].value for row in select(store, query)}
    if not candidates:
        return {}
    values = _iri_values(candidates)
    types: dict[str, set[str]] = {}
    for row in select(store, f"SELECT DISTINCT ?e ?c {{ VALUES ?e {{ {values} }} ?e a ?c }}"):
        cls = row["c"].value
        if cls.startswith(SAMV):
            types.setdefault(row["e"].value, set()).add(cls[len(SAMV) :])
    ranked: dict[str, set[tuple[int, str]]] = {}
    rank = {f"{SKOS}prefLabel": 0, f"{RDFS}label": 2, f"{SKOS}altLabel": 4}
    query = f"""SELECT DISTINCT ?e ?p ?l {{ VALUES ?e {{ {values} }}
        VALUES ?p {{ <{SKOS}prefLabel> <{RDFS}label> <{SKOS}altLabel> }} ?e ?p ?l FILTER(isLiteral(?l)) }}"""
    for row in select(store, query):
        literal = row["l"]
        assert isinstance(literal, ox.Literal)
        order = rank[row["p"].value] + (0 if literal.language in (None, "sv") else 1)
        ranked.setdefault(row["e"].value, set()).add((order, literal.value))
    dates: dict[str, str] = {}
    for row in select(store, f"SELECT DISTINCT ?e ?date {{ VALUES ?e {{ {values} }} ?e samv:date ?date }}"):
        iri, value = row["e"].value, row["date"].value
        if iri not in dates or value < dates[iri]:
            dates[iri] = value
    result: dict[str, PredictedEntity] = {}
    for iri in sorted(candidates):
        classes = types.get(iri, set())
        if "Document" in classes or "Affiliation" in classes:
            continue
        classes &= _ENTITY_CLASSES
        if not classes:
            continue
        labels: list[str] = []
        for _, text in sorted(ranked.get(iri, set())):
            if text not in labels:
                labels.append(text)
        cls = _most_specific(classes, parents)
        result[iri] = PredictedEntity(
            iri=iri, cls=cls, labels=tuple(labels), date=dates.get(iri) if cls == "Event" else None
        )
    return result


def _predicted_relations(
    store: ox.Store, documents: Sequence[str], entities: Mapping[str, PredictedEntity]
) -> list[PredictedRelation]:
    props = " ".join(f"<{SAMV}{name}>" for name in RELATIONS)
    query = f"""SELECT DISTINCT ?s ?p ?o {{ VALUES ?d {{ {_iri_values(documents)} }} VALUES ?p {{ {props} }}
        GRAPH ?d {{ ?s ?p ?o }} }}"""
    found: set[tuple[str, str, str]] = set()
    for row in select(store, query):
        s, p, o = row["s"].value, row["p"].value[len(SAMV) :], row["o"].value
        if s in entities and o in entities and s != o:
            if p in _SYMMETRIC and o < s:
                s, o = o, s
            found.add((s, p, o))
    return [PredictedRelation(s, p, o) for s, p, o in sorted(found)]


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


# --- matching --------------------------------------------------------------------------------------


def normalise_label(text: str) -> str:
    """Casefold, collapse whitespace and strip surrounding punctuation and quotes."""
    return " ".join(text.casefold().split()).strip(_EDGE_PUNCTUATION).strip()


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
    return (o, p, s) if p in _SYMMETRIC and o < s else (s, p, o)


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
        parents = _superclasses(store)
        results: list[FileEvaluation] = []
        for doc in documents:
            try:
                found = _source_documents(store, doc.source)
            except OSError as err:
                raise SourceError(
                    str(doc.path), f"cannot read its source {doc.source} ({err.strerror or err})."
                ) from err
            if not found:
                warning = f"{doc.path}: its source {doc.source} is not in the built graph (run kg build on it first)"
                results.append(FileEvaluation(gold=str(doc.path), source=str(doc.source), warning=warning))
                continue
            predicted = _predicted_entities(store, found, parents)
            relations = _predicted_relations(store, found, predicted)
            results.append(_score_file(doc, found, predicted, relations))
        return Evaluation(files=tuple(results))
    finally:
        del store
