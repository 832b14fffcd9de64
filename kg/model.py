"""Frozen dataclasses passed between the pipeline stages: documents in, facts out."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Region", "Document", "WebPage", "Entity", "Evidence", "Fact", "Mention", "RdfSource", "Extraction"]


@dataclass(frozen=True, slots=True)
class Region:
    """A stretch of a document's text that extraction reads; `page` is set where the source has pages."""

    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """One document read from a source.

    `text` is the decoded text of the source file; every offset (regions, evidence) points into it,
    so `text[start:end]` gives back the quoted words. Several documents may share one text: the
    related documents listed in a transcript are documents of their own with regions of its text.
    """

    key: str  # slug, unique in a build; becomes the document IRI and its named graph
    title: str
    text: str
    source: str  # path (as given) or URL
    format: str  # loader name, e.g. "transcript", "text", "markdown"
    content_hash: str  # "sha256:<hex>" of the bytes the document was read from
    regions: tuple[Region, ...]
    snippet: str | None = None
    part_of: str | None = None  # key of the document that lists this one
    date: str | None = None  # W3CDTF as precise as the source: "2018-03-12", "2018-03" or "2018"
    encoding: str = "utf-8"
    etag: str | None = None  # the ETag of the response a web page was read from
    last_modified: str | None = None  # its Last-Modified, as xsd:dateTime ("2024-05-02T08:30:00Z")


@dataclass(frozen=True, slots=True)
class WebPage:
    """The body of a fetched web address and what its response said about it."""

    address: str  # as the user gave it; becomes the documents' source
    body: bytes
    media_type: str  # e.g. "text/html", lower case, without parameters
    charset: str | None = None  # the charset the Content-Type declares
    etag: str | None = None
    last_modified: str | None = None  # the Last-Modified header as sent


@dataclass(frozen=True, slots=True)
class RdfSource:
    """An RDF file merged into the build as it is (curations, existing graphs)."""

    source: str
    format: str  # pyoxigraph format name: "turtle", "trig", "n-triples", "n-quads", "json-ld", "rdf-xml"
    data: bytes
    content_hash: str


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing the graph describes, with its class local name (e.g. "Municipality") and labels."""

    iri: str
    cls: str
    label: str
    alt_labels: tuple[str, ...] = ()
    extra: tuple[tuple[str, str, str], ...] = ()  # (predicate IRI, value, "iri"|"date"|"literal")


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: document, sentence, page, offsets of the sentence, confidence."""

    document: str  # document key
    quote: str
    start: int
    end: int
    page: int | None
    confidence: float


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity named in a document, with the evidence of one place it is named."""

    entity: str  # entity IRI
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class Fact:
    """One relation triple read from a document: subject and object are IRIs, or a literal date."""

    subject: str
    predicate: str  # property local name in samv:, e.g. "affiliatedWith"
    object: str
    evidence: Evidence
    object_is_literal: bool = False
    datatype: str | None = None


@dataclass(frozen=True)
class Extraction:
    """What extraction made of one document."""

    document: Document
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    facts: tuple[Fact, ...] = ()
    merges: tuple[tuple[str, str, str], ...] = field(default=())  # (surface form, entity IRI, reason)
