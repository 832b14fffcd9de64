"""Namespaces, prefixes and IRI minting: the one place where IRIs are spelled."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

__all__ = [
    "SAMV",
    "ID",
    "ONTOLOGY_GRAPH",
    "REFERENCE_GRAPH",
    "PREFIXES",
    "RDF",
    "RDFS",
    "XSD",
    "SKOS",
    "PROV",
    "DCTERMS",
    "CLASS_PATHS",
    "OWL",
    "ORG_CLASSES",
    "RELATIONS",
    "slugify",
    "mint_iri",
    "document_iri",
    "version_iri",
    "statement_iri",
    "observation_iri",
    "link_iri",
    "samv",
    "ontology_dir",
]

SAMV = "https://w3id.org/samverkan/ontology#"
ID = "https://w3id.org/samverkan/id/"
ONTOLOGY_GRAPH = "https://w3id.org/samverkan/ontology"
REFERENCE_GRAPH = ID + "graph/reference"
ANALYSIS_GRAPH = ID + "graph/analysis"  # the analysis results of `kg.analysis.rdf`

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "samv": SAMV,
    "person": ID + "person/",
    "org": ID + "org/",
    "project": ID + "project/",
    "agreement": ID + "agreement/",
    "arena": ID + "arena/",
    "event": ID + "event/",
    "place": ID + "place/",
    "doc": ID + "document/",
    "stmt": ID + "statement/",
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org-ont": ORG,
    "schema": SCHEMA,
}

# The path segment under ID for each class; subclasses of Organisation share "org/".
CLASS_PATHS: dict[str, str] = {
    "Person": "person",
    "Organisation": "org",
    "HigherEducationInstitution": "org",
    "PublicActor": "org",
    "Municipality": "org",
    "Region": "org",
    "CountyAdministrativeBoard": "org",
    "GovernmentAgency": "org",
    "Company": "org",
    "Association": "org",
    "Project": "project",
    "Agreement": "agreement",
    "Arena": "arena",
    "Event": "event",
    "Document": "document",
    "Place": "place",
}

# The organisation classes (local names), Organisation itself and its subclasses.
ORG_CLASSES = frozenset(cls for cls, path in CLASS_PATHS.items() if path == "org")

# The direct relation properties of SPEC §4 (local names in samv:), the edges of the graph.
RELATIONS: tuple[str, ...] = (
    "affiliatedWith",
    "participatesIn",
    "coordinates",
    "funds",
    "partyTo",
    "memberOf",
    "organises",
    "collaboratesWith",
    "hostedBy",
    "heldIn",
    "partOf",
)

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = 80) -> str:
    """Turn a label into a readable ASCII slug: "Mälardalens högskola" -> "malardalens-hogskola"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rstrip("-")
    return slug or "x"


def samv(local: str) -> str:
    """The full IRI of a term in the samverkan ontology."""
    return SAMV + local


def mint_iri(cls: str, label: str) -> str:
    """The stable IRI of an entity of class `cls` (local name) with the canonical label `label`."""
    return f"{ID}{CLASS_PATHS[cls]}/{slugify(label)}"


def version_iri(agreement: str, year: str) -> str:
    """The IRI of the version of an agreement (its IRI) signed or renewed in `year`."""
    return f"{ID}agreement-version/{agreement.rsplit('/', 1)[-1]}-{year}"


def document_iri(key: str) -> str:
    """The IRI of a document, which is also the name of its named graph."""
    return f"{ID}document/{key}"


def statement_iri(*parts: str) -> str:
    """A stable IRI for an rdf:Statement, derived from what it states and where."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:20]
    return f"{ID}statement/{digest}"


def observation_iri(subject: str, prop: str, obj: str) -> str:
    """The IRI of the analysis graph's observation of the relation (subject, property IRI, object)."""
    digest = hashlib.sha256("\x1f".join((subject, prop, obj)).encode("utf-8")).hexdigest()[:20]
    return f"{ID}observation/{digest}"


def link_iri(source: str, target: str) -> str:
    """The IRI of the analysis graph's node for the link between two organisations (in either order)."""
    digest = hashlib.sha256("\x1f".join(sorted((source, target))).encode("utf-8")).hexdigest()[:20]
    return f"{ID}link/{digest}"


def ontology_dir() -> Path:
    """The folder holding the ontology, shapes, reference data and named queries.

    In an installed wheel it ships as `kg/_ontology`; in a source checkout it is `ontology/`.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_ontology", here.parent / "ontology"):
        if (candidate / "samverkan.ttl").is_file():
            return candidate
    return here.parent / "ontology"
