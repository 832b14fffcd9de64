"""Reference data: authority lists of organisations and places, first names and stop words.

Everything here is data shipped under `ontology/reference/` (or by a kept package, for first
names); this module only reads it into lookup tables, once per process.
"""

from __future__ import annotations

import functools
import logging
import operator
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.vocab import RDF, SAMV, SKOS, ontology_dir

__all__ = [
    "RefEntity",
    "Reference",
    "load_reference",
    "genitive",
    "strip_genitive",
    "word_list",
    "roles",
    "generic_agreement_words",
]

logger = logging.getLogger(__name__)

# Countries of the gender-guesser name dictionary whose first names we accept: the Nordic ones,
# and the countries most Swedish residents of foreign origin carry names from.
_NAME_COUNTRIES = (
    "Sweden",
    "Norway",
    "Denmark",
    "Finland",
    "Iceland",
    "Germany",
    "Great Britain",
    "U.S.A.",
    "France",
    "Italy",
    "Spain",
    "the Netherlands",
    "Poland",
    "Greece",
    "Turkey",
    "Arabia/Persia",
    "Bosnia and Herzegovina",
    "Serbia",
    "Croatia",
    "Russia",
    "Hungary",
    "Estonia",
)


@dataclass(frozen=True, slots=True)
class RefEntity:
    """An entity of the authority lists: IRI, class local name, preferred and alternative labels."""

    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()


@dataclass
class Reference:
    """Lookup tables built from the reference data."""

    entities: dict[str, RefEntity] = field(default_factory=dict)
    # surface form -> (entity IRI, reason); reason is "label", "alias", "former name", "genitive"
    org_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    # casefolded names of several words -> (entity IRI, reason): "Blekinge Tekniska Högskola", "MALMÖ KOMMUN"
    folded_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    first_words: frozenset[str] = frozenset()  # casefolded first words of every name above
    place_labels: dict[str, str] = field(default_factory=dict)
    first_names: frozenset[str] = frozenset()
    name_parts: frozenset[str] = frozenset()  # every listed first name, for hyphenated ones ("Per-Olof")
    not_orgs: frozenset[str] = frozenset()  # casefolded common nouns that look like names of bodies
    stop_words: frozenset[str] = frozenset()
    not_person_words: frozenset[str] = frozenset()  # stop words, and words of bodies' names never in a person's
    max_label_tokens: int = 1
    triples: tuple[ox.Triple, ...] = ()

    def org(self, surface: str) -> tuple[str, str] | None:
        """The organisation a surface form names, with the reason, or None."""
        hit = self.org_labels.get(surface)
        if hit is not None:
            return hit
        if surface[:1].islower():
            hit = self.org_labels.get(surface[:1].upper() + surface[1:])
            if hit is not None and " " in surface:
                return hit
        elif " " in surface:
            return self.folded_labels.get(surface.casefold())
        return None


_GENITIVE_FREE = re.compile(r"[sxz]$")


def genitive(label: str) -> str | None:
    """The Swedish genitive of a name ("Gävle kommun" -> "Gävle kommuns"), None after s, x or z."""
    if _GENITIVE_FREE.search(label) or not label[-1:].isalpha():
        return None
    return label + "s"


def strip_genitive(word: str) -> str:
    """Drop a genitive "s" or ":s" from the end of a name ("KTH:s" -> "KTH")."""
    if word.endswith(":s"):
        return word[:-2]
    return word


def _literal_text(term: ox.Literal) -> str:
    return str(term.value)


def _read_authority_lists(folder: Path) -> tuple[dict[str, RefEntity], list[ox.Triple]]:
    labels: dict[str, list[str]] = {}
    alts: dict[str, list[str]] = {}
    former: dict[str, list[str]] = {}
    classes: dict[str, str] = {}
    triples: list[ox.Triple] = []
    for path in sorted(folder.glob("*.ttl")):
        with path.open("rb") as handle:
            for triple in ox.parse(handle, format=ox.RdfFormat.TURTLE):
                triples.append(triple)
                s, p, o = triple.subject, triple.predicate.value, triple.object
                if not isinstance(s, ox.NamedNode):
                    continue
                if p == RDF + "type" and isinstance(o, ox.NamedNode) and o.value.startswith(SAMV):
                    classes[s.value] = o.value[len(SAMV) :]
                elif p == SKOS + "prefLabel" and isinstance(o, ox.Literal):
                    if o.language in (None, "sv"):
                        labels.setdefault(s.value, []).append(_literal_text(o))
                elif p == SKOS + "altLabel" and isinstance(o, ox.Literal):
                    alts.setdefault(s.value, []).append(_literal_text(o))
                elif p == SAMV + "formerName" and isinstance(o, ox.Literal):
                    former.setdefault(s.value, []).append(_literal_text(o))
    entities: dict[str, RefEntity] = {}
    for iri, cls in sorted(classes.items()):
        if iri not in labels:
            continue
        entities[iri] = RefEntity(
            iri=iri,
            cls=cls,
            label=sorted(labels[iri])[0],
            alt_labels=tuple(sorted(set(alts.get(iri, ())))),
            former_names=tuple(sorted(set(former.get(iri, ())))),
        )
    return entities, triples


def _read_first_names() -> frozenset[str]:
    try:
        import gender_guesser
    except ImportError:  # pragma: no cover - a declared dependency
        logger.warning("gender-guesser is not installed; persons are found by context only")
        return frozenset()
    path = Path(os.path.dirname(gender_guesser.__file__)) / "data" / "nam_dict.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    columns: list[int] = []
    for index, line in enumerate(lines[:400]):
        name = line[1:].strip(" $")
        if line.startswith("#") and name in _NAME_COUNTRIES and index + 1 < len(lines):
            marker = lines[index + 1]
            if "|" in marker:
                columns.append(marker.index("|"))
    names: set[str] = set()
    if not columns:
        return frozenset()
    # The characters of a line in the countries' columns, at C speed: the line is padded so that
    # every column exists; a line counts when one of them is neither blank nor "$".
    in_columns = operator.itemgetter(*columns, -1)  # -1: always a tuple, even for one column
    width = max(columns) + 1
    for line in lines:
        if line.startswith("#") or len(line) < 30:
            continue
        marks = in_columns(line.ljust(width) + " ")
        if not "".join(marks).strip(" $"):
            continue
        name = line[3:29].strip()
        if not name or "<" in name or not name[0].isupper():
            continue
        names.add(name.replace("+", "-"))
    return frozenset(names)


def _read_word_list(path: Path) -> frozenset[str]:
    if not path.is_file():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.add(line)
    return frozenset(words)


@functools.cache
def load_reference(folder: Path | None = None) -> Reference:
    """Read the authority lists, first names and stop words (cached: read once per process)."""
    folder = folder or ontology_dir() / "reference"
    entities, triples = _read_authority_lists(folder)
    ref = Reference(entities=entities, triples=tuple(triples))
    for entity in entities.values():
        if entity.cls == "Place":
            for surface in (entity.label, *entity.alt_labels):
                ref.place_labels.setdefault(surface, entity.iri)
            continue
        forms: list[tuple[str, str]] = [(entity.label, "label")]
        forms += [(alt, "former name" if alt in entity.former_names else "alias") for alt in entity.alt_labels]
        for surface, reason in forms:
            ref.org_labels.setdefault(surface, (entity.iri, reason))
            gen = genitive(surface)
            if gen is not None:
                ref.org_labels.setdefault(gen, (entity.iri, "genitive"))
            if surface.isupper() or any(ch.isupper() for ch in surface[1:]) and " " not in surface:
                ref.org_labels.setdefault(surface + ":s", (entity.iri, "genitive"))
    for surface, hit in ref.org_labels.items():
        if " " in surface:
            ref.folded_labels.setdefault(surface.casefold(), hit)
    # (Words are tokens without their trailing stop: "Kungl" of "Kungl. Konsthögskolan".)
    firsts = {surface.split()[0].casefold() for surface in ref.org_labels}
    ref.first_words = frozenset(firsts | {w.rstrip(".:") for w in firsts})
    ref.max_label_tokens = max((len(s.split()) for s in ref.org_labels), default=1)
    stop_words = _read_word_list(folder / "stop-words.txt")
    ref.stop_words = stop_words
    ref.not_person_words = stop_words | _read_word_list(folder / "not-person-words.txt")
    ref.not_orgs = frozenset(w.casefold() for w in _read_word_list(folder / "not-organisations.txt"))
    # A word that names a place or an organisation is not taken for a first name ("Kalmar", "Mark").
    not_names = ref.not_person_words | set(ref.place_labels) | {s for s in ref.org_labels if " " not in s}
    listed = _read_first_names() | _read_word_list(folder / "first-names-extra.txt")
    ref.name_parts = listed
    ref.first_names = frozenset(n for n in listed if n not in not_names)
    return ref


@functools.cache
def word_list(name: str) -> tuple[str, ...]:
    """The words of a list under ontology/reference/ (one a line, # comments)."""
    path = ontology_dir() / "reference" / name
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            words.append(line)
    return tuple(words)


def generic_agreement_words() -> frozenset[str]:
    """Common nouns for agreements (never an agreement's name on their own)."""
    return frozenset(w.casefold() for w in word_list("agreement-words.txt"))


@functools.cache
def roles() -> re.Pattern[str]:
    """A pattern matching a role or title in its basic or definite form."""
    forms = sorted(word_list("roles.txt"), key=len, reverse=True)
    # Compounds of the common heads name roles too: "stadsbyggnadsdirektör", "klimatstrateg".
    heads = "|".join(re.escape(h) for h in word_list("role-heads.txt"))
    # The definite form: "rektorn", "samordnaren", and for the neuter "-råd" titles "regionrådet".
    listed = "|".join(re.escape(f) + (r"(?:et)?" if f.endswith("råd") else r"(?:en|n)?") for f in forms)
    return re.compile(rf"(?:{listed}|[a-zåäö-]*(?:{heads})(?:en|n)?(?![a-zåäö]))", re.IGNORECASE)
