"""Curations that survive rebuilds: instructions in RDF files that the build applies to extraction.

A curation file is an RDF file among the sources (for example `seeds/curation.ttl`):

    # add a fact: any triple, merged as it is
    person:anna-berg samv:affiliatedWith org:umea-universitet .
    # merge two entities into one (the subject goes into the object)
    person:elisabet-berg owl:sameAs person:elisabeth-berg .
    # rename an entity (the former label stays as skos:altLabel)
    org:x samv:renameTo "Nytt namn"@sv .
    # reject an extracted fact, or a whole entity with its relations
    [] a samv:Rejection ; rdf:subject person:a ; rdf:predicate samv:affiliatedWith ; rdf:object org:b .
    person:hallbar-stad samv:rejected true .

The instructions themselves are not data: they are taken out of the merged RDF.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import pyoxigraph as ox

from kg.model import Entity, Extraction, Fact, Mention
from kg.vocab import ID, OWL, RDF, RELATIONS, SAMV

__all__ = ["Curations", "read_curations", "apply_curations"]

logger = logging.getLogger(__name__)

_SAME_AS = OWL + "sameAs"
_RENAME = SAMV + "renameTo"
_REJECTED = SAMV + "rejected"
_REJECTION = SAMV + "Rejection"


@dataclass
class Curations:
    """The instructions found in the RDF sources, and how many of them took effect."""

    same_as: dict[str, str] = field(default_factory=dict)
    renames: dict[str, str] = field(default_factory=dict)
    rejected_entities: set[str] = field(default_factory=set)
    rejected_facts: set[tuple[str, str, str]] = field(default_factory=set)
    added_facts: int = 0
    applied: int = 0

    def canonical(self, iri: str) -> str:
        """Follow merges to the entity an IRI ends up as (chains allowed, cycles stopped)."""
        seen = {iri}
        while iri in self.same_as and self.same_as[iri] not in seen:
            iri = self.same_as[iri]
            seen.add(iri)
        return iri

    def __bool__(self) -> bool:
        return bool(self.same_as or self.renames or self.rejected_entities or self.rejected_facts)


_Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _value(term: _Term) -> str:
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def read_curations(quads: Sequence[ox.Quad]) -> tuple[Curations, list[ox.Quad]]:
    """Split RDF source quads into curation instructions and plain data quads (added as they are)."""
    curations = Curations()
    rejection_nodes: dict[_Term, dict[str, _Term]] = {}
    for q in quads:
        if q.predicate.value == RDF + "type" and isinstance(q.object, ox.NamedNode) and q.object.value == _REJECTION:
            rejection_nodes.setdefault(q.subject, {})
    data: list[ox.Quad] = []
    for q in quads:
        p = q.predicate.value
        subject = q.subject.value if isinstance(q.subject, ox.NamedNode) else ""
        if q.subject in rejection_nodes:
            if p in (RDF + "subject", RDF + "predicate", RDF + "object"):
                rejection_nodes[q.subject][p.rsplit("#", 1)[-1]] = q.object
            continue
        if (
            p == _SAME_AS
            and isinstance(q.object, ox.NamedNode)
            and subject.startswith(ID)
            and q.object.value.startswith(ID)
        ):
            curations.same_as[subject] = q.object.value
        elif p == _RENAME and subject and isinstance(q.object, ox.Literal):
            curations.renames[subject] = q.object.value
        elif p == _REJECTED and subject and isinstance(q.object, ox.Literal) and q.object.value in ("true", "1"):
            curations.rejected_entities.add(subject)
        else:
            if p.startswith(SAMV) and p[len(SAMV) :] in RELATIONS:
                curations.added_facts += 1
            data.append(q)
    for node, parts in rejection_nodes.items():
        if {"subject", "predicate", "object"} <= set(parts):
            curations.rejected_facts.add(
                (_value(parts["subject"]), _value(parts["predicate"]), _value(parts["object"]))
            )
        else:
            logger.warning("A samv:Rejection without rdf:subject, rdf:predicate and rdf:object is ignored: %s", node)
    return curations, data


def _rewrite_quads(quads: Iterable[ox.Quad], curations: Curations) -> list[ox.Quad]:
    out = []
    for q in quads:
        s = ox.NamedNode(curations.canonical(q.subject.value)) if isinstance(q.subject, ox.NamedNode) else q.subject
        o = ox.NamedNode(curations.canonical(q.object.value)) if isinstance(q.object, ox.NamedNode) else q.object
        if isinstance(s, ox.NamedNode) and s.value in curations.rejected_entities:
            continue
        if isinstance(o, ox.NamedNode) and o.value in curations.rejected_entities:
            continue
        out.append(ox.Quad(s, q.predicate, o, q.graph_name))
    return out


def apply_curations(
    extractions: Sequence[Extraction], data: Sequence[ox.Quad], curations: Curations
) -> tuple[list[Extraction], list[ox.Quad]]:
    """Apply merges, renames and rejections to the extractions and the merged RDF; count what took effect."""
    if not curations:
        curations.applied = curations.added_facts
        return list(extractions), list(data)
    used: set[str] = set()
    merged_away: set[str] = set()
    renamed: set[str] = set()
    rejected_facts: set[tuple[str, str, str]] = set()
    result = []
    for extraction in extractions:
        entities: dict[str, Entity] = {}
        merges = set(extraction.merges)
        for entity in extraction.entities:
            iri = curations.canonical(entity.iri)
            if iri in curations.rejected_entities:
                used.add(iri)
                continue
            if iri != entity.iri:
                merged_away.add(entity.iri)
                merges.add((entity.label, iri, "curation: owl:sameAs"))
            alts = set(entity.alt_labels) | ({entity.label} if iri != entity.iri else set())
            label = entity.label if iri == entity.iri else ""
            if iri in curations.renames:
                renamed.add(iri)
                alts.add(entity.label)
                label = curations.renames[iri]
            known = entities.get(iri)
            if known is not None:
                alts |= set(known.alt_labels) | {known.label}
                label = known.label or label
            entities[iri] = Entity(iri, entity.cls, label or entity.label, tuple(sorted(alts - {label})), entity.extra)
        facts: list[Fact] = []
        for fact in extraction.facts:
            s = curations.canonical(fact.subject)
            o = fact.object if fact.object_is_literal else curations.canonical(fact.object)
            if s in curations.rejected_entities or o in curations.rejected_entities:
                continue
            if (s, SAMV + fact.predicate, o) in curations.rejected_facts:
                rejected_facts.add((s, SAMV + fact.predicate, o))
                continue
            facts.append(replace(fact, subject=s, object=o))
        mentions = [
            Mention(curations.canonical(m.entity), m.evidence)
            for m in extraction.mentions
            if curations.canonical(m.entity) not in curations.rejected_entities
        ]
        result.append(
            replace(
                extraction,
                entities=tuple(sorted(entities.values(), key=lambda e: e.iri)),
                facts=tuple(facts),
                mentions=tuple(mentions),
                merges=tuple(sorted(merges)),
            )
        )
    found_rejections = {e for e in curations.rejected_entities if e in used}
    curations.applied = (
        len({a for a in curations.same_as if a in merged_away})
        + len(renamed)
        + len(found_rejections)
        + len(rejected_facts)
        + curations.added_facts
    )
    return result, _rewrite_quads(data, curations)
