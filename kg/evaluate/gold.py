"""Gold annotations: the files that say which entities and relations a document states (the format is
described in tests/data/gold/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from kg.errors import KgError, SourceError
from kg.vocab import CLASS_PATHS, RELATIONS

# The classes a gold entity may have (local names in samv:), most specific ones of SPEC §4.
GOLD_CLASSES: tuple[str, ...] = tuple(cls for cls in CLASS_PATHS if cls != "Document")
ENTITY_CLASSES = frozenset(GOLD_CLASSES)
SYMMETRIC = frozenset({"collaboratesWith"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
EDGE_PUNCTUATION = " \t\n.,;:!?\"'`«»“”„‘’‚()[]{}<>*_–—-/\\"


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
    if not isinstance(cls, str) or cls not in ENTITY_CLASSES:
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


def normalise_label(text: str) -> str:
    """Casefold, collapse whitespace and strip surrounding punctuation and quotes."""
    return " ".join(text.casefold().split()).strip(EDGE_PUNCTUATION).strip()
