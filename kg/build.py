"""Extractions -> an RDF dataset: one named graph per document, provenance for every fact.

The dataset is a sorted list of pyoxigraph quads, so the same input always gives the same bytes.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.curation import apply_curations, read_curations
from kg.dates import date_datatype
from kg.errors import SourceError
from kg.extraction.reference import Reference
from kg.model import Evidence, Extraction, RdfSource
from kg.privacy import redact
from kg.trig import (
    TrigBlock,
    graph_key,
    parse_block,
    serialize_rdf,
    trig_blocks,
    trig_document,
    write_trig_document,
)
from kg.vocab import (
    DCTERMS,
    ID,
    PROV,
    RDF,
    RDFS,
    REFERENCE_GRAPH,
    SAMV,
    SKOS,
    XSD,
    document_iri,
    slugify,
    statement_iri,
)

__all__ = [
    "Canon",
    "Dataset",
    "build_dataset",
    "entity_records",
    "fact_graph_quads",
    "graph_key",
    "quad_key",
    "reference_quads",
    "serialize",
    "serialize_rdf",
    "TrigBlock",
    "parse_block",
    "trig_blocks",
    "trig_document",
    "write_trig_document",
]

logger = logging.getLogger(__name__)

_TYPE = ox.NamedNode(RDF + "type")
_LABEL = ox.NamedNode(RDFS + "label")
_PREF = ox.NamedNode(SKOS + "prefLabel")
_ALT = ox.NamedNode(SKOS + "altLabel")
_STATEMENT = ox.NamedNode(RDF + "Statement")

# Classes of the ontology, most specific first: an entity typed twice keeps the more specific class.
_SPECIFICITY = {
    "Municipality": 3,
    "Region": 3,
    "CountyAdministrativeBoard": 3,
    "GovernmentAgency": 3,
    "HigherEducationInstitution": 2,
    "Company": 2,
    "Association": 2,
    "PublicActor": 2,
    "Organisation": 1,
}
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "trig": ox.RdfFormat.TRIG,
    "n-triples": ox.RdfFormat.N_TRIPLES,
    "n-quads": ox.RdfFormat.N_QUADS,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdf-xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class Dataset:
    """The built dataset: sorted quads, the merges made by resolution, and counts."""

    quads: tuple[ox.Quad, ...]
    merges: tuple[tuple[str, str, str], ...]
    documents: int
    entities: int
    facts: int
    curations: int = 0

    def triples(self) -> list[ox.Triple]:
        """The facts of every graph in one default graph, without provenance statements; sorted, distinct."""
        statements = {q.subject for q in self.quads if q.predicate == _TYPE and q.object == _STATEMENT}
        seen = {q.triple for q in self.quads if q.subject not in statements}
        return sorted(seen, key=_triple_key)


_Object = ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _sv(text: str) -> ox.Literal:
    return ox.Literal(text, language="sv")


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _triple_key(t: ox.Triple) -> tuple[str, str, str]:
    return (str(t.subject), str(t.predicate), str(t.object))


def quad_key(q: ox.Quad) -> tuple[str, str, str, str]:
    """The order of quads in every output: graph, subject, predicate, object."""
    return (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object))


EntityRecord = tuple[str, str, str, tuple[str, ...]]  # iri, class, label, alternative labels


def entity_records(extraction: Extraction) -> list[EntityRecord]:
    """What one document says about the class and the labels of each entity it names."""
    return [(e.iri, e.cls, e.label, tuple(e.alt_labels)) for e in extraction.entities]


class Canon:
    """One class and one preferred label per entity IRI across every document.

    Made from the entity records of every document (`entity_records`); a document's graph depends
    on the canon of the entities it names, nothing else outside the document.
    """

    def __init__(self, records: Iterable[EntityRecord], ref: Reference, renames: dict[str, str] | None = None) -> None:
        classes: dict[str, Counter[str]] = defaultdict(Counter)
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        alts: dict[str, set[str]] = defaultdict(set)
        for iri, cls, label, alt_labels in records:
            classes[iri][cls] += 1
            labels[iri][label] += 1
            alts[iri].update(alt_labels)
        self.cls: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.alts: dict[str, tuple[str, ...]] = {}
        for iri in classes:
            known = ref.entities.get(iri)
            if known is not None:
                self.cls[iri], self.label[iri] = known.cls, known.label
            else:
                self.cls[iri] = max(classes[iri], key=lambda c: (_SPECIFICITY.get(c, 0), classes[iri][c], c))
                self.label[iri] = max(labels[iri], key=lambda lab: (labels[iri][lab], lab))
            if renames and iri in renames:
                alts[iri].add(self.label[iri])
                self.label[iri] = renames[iri]
            others = (alts[iri] | set(labels[iri])) - {self.label[iri]}
            self.alts[iri] = tuple(sorted(others))

    def entry(self, iri: str) -> tuple[str, str, tuple[str, ...]] | None:
        """The class, label and alternative labels of `iri` (None: no document names it)."""
        if iri not in self.cls:
            return None
        return self.cls[iri], self.label[iri], self.alts[iri]

    @property
    def entities(self) -> int:
        """How many entities the graph describes (qualified affiliations and agreement versions not counted)."""
        return sum(1 for cls in self.cls.values() if cls not in ("Affiliation", "AgreementVersion"))


def _entity_quads(iri: str, canon: Canon, graph: ox.NamedNode) -> Iterable[ox.Quad]:
    node = _n(iri)
    yield ox.Quad(node, _TYPE, _n(SAMV + canon.cls[iri]), graph)
    yield ox.Quad(node, _LABEL, _sv(canon.label[iri]), graph)
    yield ox.Quad(node, _PREF, _sv(canon.label[iri]), graph)
    for alt in canon.alts[iri]:
        yield ox.Quad(node, _ALT, _sv(alt), graph)


def _statement_quads(
    graph: ox.NamedNode, s: ox.NamedNode, p: ox.NamedNode, o: _Object, evidence: Evidence
) -> Iterable[ox.Quad]:
    stmt = _n(statement_iri(graph.value, s.value, p.value, str(o), str(evidence.start), str(evidence.end)))
    yield ox.Quad(stmt, _TYPE, _STATEMENT, graph)
    yield ox.Quad(stmt, _n(RDF + "subject"), s, graph)
    yield ox.Quad(stmt, _n(RDF + "predicate"), p, graph)
    yield ox.Quad(stmt, _n(RDF + "object"), o, graph)
    yield ox.Quad(stmt, _n(PROV + "wasDerivedFrom"), graph, graph)
    yield ox.Quad(stmt, _n(SAMV + "quote"), _sv(redact(evidence.quote)), graph)
    if evidence.page is not None:
        yield ox.Quad(stmt, _n(SAMV + "page"), _int(evidence.page), graph)
    yield ox.Quad(stmt, _n(SAMV + "charStart"), _int(evidence.start), graph)
    yield ox.Quad(stmt, _n(SAMV + "charEnd"), _int(evidence.end), graph)
    confidence = ox.Literal(f"{evidence.confidence:.2f}", datatype=ox.NamedNode(XSD + "decimal"))
    yield ox.Quad(stmt, _n(SAMV + "confidence"), confidence, graph)


def _object(fact_object: str, literal: str | None) -> _Object:
    if literal is None:
        return _n(fact_object)
    if literal == "date":
        return ox.Literal(fact_object, datatype=ox.NamedNode(XSD + "date"))
    return ox.Literal(fact_object, language=literal)


def fact_graph_quads(extraction: Extraction, canon: Canon) -> list[ox.Quad]:
    """The quads of one document's named graph: its description, entities, facts and their evidence."""
    doc = extraction.document
    graph = _n(document_iri(doc.key))
    quads: list[ox.Quad] = [
        ox.Quad(graph, _TYPE, _n(SAMV + "Document"), graph),
        ox.Quad(graph, _n(DCTERMS + "title"), ox.Literal(redact(doc.title)), graph),
        ox.Quad(graph, _LABEL, ox.Literal(redact(doc.title)), graph),
        ox.Quad(graph, _n(DCTERMS + "source"), ox.Literal(doc.source), graph),
        ox.Quad(graph, _n(SAMV + "contentHash"), ox.Literal(doc.content_hash), graph),
        ox.Quad(graph, _n(SAMV + "format"), ox.Literal(doc.format), graph),
    ]
    if doc.snippet:
        quads.append(ox.Quad(graph, _n(SAMV + "snippet"), ox.Literal(redact(doc.snippet)), graph))
    if doc.part_of:
        quads.append(ox.Quad(_n(document_iri(doc.part_of)), _n(DCTERMS + "relation"), graph, graph))
    if doc.date:
        quads.append(
            ox.Quad(
                graph,
                _n(DCTERMS + "date"),
                ox.Literal(doc.date, datatype=ox.NamedNode(XSD + date_datatype(doc.date))),
                graph,
            )
        )
    if doc.etag is not None:
        quads.append(ox.Quad(graph, _n(SAMV + "etag"), ox.Literal(doc.etag), graph))
    if doc.last_modified is not None:
        modified = ox.Literal(doc.last_modified, datatype=ox.NamedNode(XSD + "dateTime"))
        quads.append(ox.Quad(graph, _n(SAMV + "lastModified"), modified, graph))
    iris = {e.iri for e in extraction.entities}
    for iri in sorted(iris):
        quads.extend(_entity_quads(iri, canon, graph))
    mentions = _n(SAMV + "mentions")
    for mention in extraction.mentions:
        entity = _n(mention.entity)
        quads.append(ox.Quad(graph, mentions, entity, graph))
        quads.extend(_statement_quads(graph, graph, mentions, entity, mention.evidence))
    for fact in extraction.facts:
        s, p = _n(fact.subject), _n(SAMV + fact.predicate)
        o = _object(fact.object, fact.datatype)
        quads.append(ox.Quad(s, p, o, graph))
        quads.extend(_statement_quads(graph, s, p, o, fact.evidence))
    return quads


def reference_quads(canon: Canon, ref: Reference) -> list[ox.Quad]:
    """The authority-list description of every reference entity the build uses, in its own graph."""
    graph = _n(REFERENCE_GRAPH)
    used = set(canon.cls)
    quads = []
    for t in ref.triples:
        if not (isinstance(t.subject, ox.NamedNode) and t.subject.value in used):
            continue
        # Links to reference entities the documents never mention are left out, so every IRI the
        # graph points at is described in it.
        if isinstance(t.object, ox.NamedNode) and t.object.value in ref.entities and t.object.value not in used:
            continue
        predicate = t.predicate
        if predicate == _PREF and isinstance(t.object, ox.Literal) and t.object.value != canon.label[t.subject.value]:
            predicate = _ALT  # a curation renamed the entity
        quads.append(ox.Quad(t.subject, predicate, t.object, graph))
    for iri in sorted(used):
        if iri in ref.entities:
            quads.append(ox.Quad(_n(iri), _LABEL, _sv(canon.label[iri]), graph))
            quads.append(ox.Quad(_n(iri), _PREF, _sv(canon.label[iri]), graph))
    return quads


def _rdf_source_quads(source: RdfSource) -> list[ox.Quad]:
    graph = _n(ID + "graph/source/" + slugify(source.source))
    fmt = _RDF_FORMATS[source.format]
    try:
        parsed = list(ox.parse(source.data, format=fmt))
    except SyntaxError as err:  # checked by the loader already; kept for RDF built in memory
        raise SourceError(source.source, f"malformed RDF: {err}") from None
    quads = []
    for item in parsed:
        if isinstance(item, ox.Triple):
            quads.append(ox.Quad(item.subject, item.predicate, item.object, graph))
        elif isinstance(item.graph_name, ox.DefaultGraph):
            quads.append(ox.Quad(item.subject, item.predicate, item.object, graph))
        else:
            quads.append(item)
    return quads


def build_dataset(
    extractions: Sequence[Extraction],
    rdf_sources: Sequence[RdfSource],
    ref: Reference,
    *,
    min_confidence: float = 0.0,
) -> Dataset:
    """Turn the extractions and RDF files into one sorted, de-duplicated list of quads.

    Curation instructions in the RDF files (merges, renames, rejections) are applied to the
    extractions first; facts below `min_confidence` are left out.
    """
    source_quads = [q for source in rdf_sources for q in _rdf_source_quads(source)]
    curations, source_quads = read_curations(source_quads)
    if min_confidence > 0:
        extractions = [
            replace(e, facts=tuple(f for f in e.facts if f.evidence.confidence >= min_confidence)) for e in extractions
        ]
    extractions, source_quads = apply_curations(extractions, source_quads, curations)
    canon = Canon((r for e in extractions for r in entity_records(e)), ref, curations.renames)
    # Quads by graph: sorting graph by graph gives the order of quad_key (graph first) while the
    # sort keys of only one graph are in memory at a time, not those of the whole dataset.
    graphs: dict[str, set[ox.Quad]] = defaultdict(set)
    merges: set[tuple[str, str, str]] = set()
    facts = 0
    for extraction in extractions:
        graphs[f"<{document_iri(extraction.document.key)}>"].update(fact_graph_quads(extraction, canon))
        merges.update(extraction.merges)
        facts += len(extraction.facts)
    for quad in (*reference_quads(canon, ref), *source_quads):
        graphs[graph_key(quad)].add(quad)
    ordered = tuple(quad for name in sorted(graphs) for quad in sorted(graphs.pop(name), key=quad_key))
    return Dataset(
        quads=ordered,
        merges=tuple(sorted(merges)),
        documents=len(extractions),
        entities=canon.entities,
        facts=facts,
        curations=curations.applied,
    )


def serialize(dataset: Dataset, fmt: str) -> bytes:
    """graph.ttl ("turtle": facts only, default graph) or graph.trig ("trig": named graphs, provenance)."""
    if fmt == "turtle":
        return serialize_rdf(dataset.triples(), ox.RdfFormat.TURTLE)
    return serialize_rdf(dataset.quads, ox.RdfFormat.TRIG)
