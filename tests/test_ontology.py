"""The ontology (ontology/samverkan.ttl) and the SHACL shapes (ontology/shapes.ttl) keep the
vocabulary contract of SPEC.md section 4: every fixed name is declared, typed and labelled."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

ONTOLOGY_DIR = Path(__file__).parent.parent / "ontology"
SAMV = Namespace("https://w3id.org/samverkan/ontology#")
SH = Namespace("http://www.w3.org/ns/shacl#")
ONTOLOGY_IRI = URIRef("https://w3id.org/samverkan/ontology")

# Names fixed by SPEC.md section 4 (plus the qualified affiliation that carries samv:role).
SPEC_CLASSES = [
    "Person",
    "Organisation",
    "HigherEducationInstitution",
    "PublicActor",
    "Municipality",
    "Region",
    "CountyAdministrativeBoard",
    "GovernmentAgency",
    "Company",
    "Association",
    "Project",
    "Agreement",
    "Arena",
    "Event",
    "Document",
    "Place",
]
CLASSES = SPEC_CLASSES + ["Affiliation"]

SPEC_OBJECT_PROPERTIES = [
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
    "mentions",
    "collaborationLevel",
    "formalisation",
]
OBJECT_PROPERTIES = SPEC_OBJECT_PROPERTIES + ["hasAffiliation", "organisation", "person", "inMunicipality"]
# The analysis graph's timeline (kg.analysis.timeline_rdf); its classes have no shapes (analysis results).
TIME_CLASSES = ["Observation", "ObservedLink"]
TIME_OBJECT_PROPERTIES = [
    "observedSubject",
    "observedProperty",
    "observedObject",
    "linkedOrganisation",
    "carriedInLastYearBy",
]
TIME_DATATYPE_PROPERTIES = ["firstObserved", "lastObserved", "observedIn", "goneQuiet"]

SPEC_DATATYPE_PROPERTIES = [
    "role",
    "date",
    "startDate",
    "endDate",
    "quote",
    "page",
    "charStart",
    "charEnd",
    "confidence",
]
DATATYPE_PROPERTIES = SPEC_DATATYPE_PROPERTIES + [
    "contentHash",
    "format",
    "snippet",
    "municipalityCode",
    "county",
    "typologyReason",
    "etag",
    "lastModified",
]
ANNOTATION_PROPERTIES = ["formerName"]

TYPOLOGY_LEAVES = {
    "Strategic": ("Strategisk", "Strategic", "CollaborationLevel"),
    "Operational": ("Operativ", "Operational", "CollaborationLevel"),
    "Formalised": ("Formaliserad", "Formalised", "Formalisation"),
    "NotFormalised": ("Ej formaliserad", "Not formalised", "Formalisation"),
}

ALL_TERMS = (
    CLASSES
    + OBJECT_PROPERTIES
    + DATATYPE_PROPERTIES
    + ANNOTATION_PROPERTIES
    + TIME_CLASSES
    + TIME_OBJECT_PROPERTIES
    + TIME_DATATYPE_PROPERTIES
)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "samverkan.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def _langs(g: Graph, s: URIRef, p: URIRef) -> set[str | None]:
    return {o.language for o in g.objects(s, p) if isinstance(o, Literal)}


def _union_members(g: Graph, node) -> set:
    """Members of an owl:unionOf class expression, or {node} for a named class."""
    if isinstance(node, BNode):
        lst = g.value(node, OWL.unionOf)
        assert lst is not None, "blank class expression without owl:unionOf"
        return set(Collection(g, lst))
    return {node}


# --- the ontology ------------------------------------------------------------------------------


def test_ontology_parses_with_pyoxigraph() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY_DIR / "samverkan.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY_DIR / "samverkan.ttl", format="turtle"))
    owl_ontology = pyoxigraph.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
    assert list(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(RDF.type)), owl_ontology))


def test_ontology_header(onto: Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo) == Literal("0.1.0")
    dcterms = Namespace("http://purl.org/dc/terms/")
    for p in (dcterms.title, dcterms.description, dcterms.license):
        assert onto.value(ONTOLOGY_IRI, p) is not None, p


@pytest.mark.parametrize("name", CLASSES + TIME_CLASSES)
def test_class_declared(onto: Graph, name: str) -> None:
    assert (SAMV[name], RDF.type, OWL.Class) in onto


@pytest.mark.parametrize("name", OBJECT_PROPERTIES + TIME_OBJECT_PROPERTIES)
def test_object_property_declared(onto: Graph, name: str) -> None:
    assert (SAMV[name], RDF.type, OWL.ObjectProperty) in onto
    assert (SAMV[name], RDF.type, OWL.DatatypeProperty) not in onto


@pytest.mark.parametrize("name", DATATYPE_PROPERTIES + TIME_DATATYPE_PROPERTIES)
def test_datatype_property_declared(onto: Graph, name: str) -> None:
    assert (SAMV[name], RDF.type, OWL.DatatypeProperty) in onto
    assert (SAMV[name], RDF.type, OWL.ObjectProperty) not in onto


def test_former_name_is_annotation_subproperty_of_altlabel(onto: Graph) -> None:
    assert (SAMV.formerName, RDF.type, OWL.AnnotationProperty) in onto
    assert (SAMV.formerName, RDFS.subPropertyOf, SKOS.altLabel) in onto


@pytest.mark.parametrize(
    "name", ALL_TERMS + list(TYPOLOGY_LEAVES) + ["CollaborationTypology", "CollaborationLevel", "Formalisation"]
)
def test_term_labelled_and_defined_in_swedish_and_english(onto: Graph, name: str) -> None:
    term = SAMV[name]
    assert {"sv", "en"} <= _langs(onto, term, RDFS.label), f"{name}: rdfs:label @sv and @en"
    definitions = _langs(onto, term, SKOS.definition) | _langs(onto, term, RDFS.comment)
    assert {"sv", "en"} <= definitions, f"{name}: definition @sv and @en"
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in onto, f"{name}: rdfs:isDefinedBy"


def test_no_invented_agent_class(onto: Graph) -> None:
    assert not any(onto.triples((SAMV.Agent, None, None)))


def test_every_samv_term_used_is_declared(onto: Graph) -> None:
    declared = set(onto.subjects(RDF.type, None))
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(str(SAMV))}
    assert used <= declared, sorted(used - declared)


def test_public_actor_subclasses(onto: Graph) -> None:
    subs = set(onto.subjects(RDFS.subClassOf, SAMV.PublicActor))
    assert subs == {SAMV.Municipality, SAMV.Region, SAMV.CountyAdministrativeBoard, SAMV.GovernmentAgency}


def test_organisation_subclasses(onto: Graph) -> None:
    subs = set(onto.subjects(RDFS.subClassOf, SAMV.Organisation))
    assert subs == {SAMV.HigherEducationInstitution, SAMV.PublicActor, SAMV.Company, SAMV.Association}


def test_agents_align_with_prov_and_foaf(onto: Graph) -> None:
    prov = Namespace("http://www.w3.org/ns/prov#")
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    for cls in (SAMV.Person, SAMV.Organisation):
        assert (cls, RDFS.subClassOf, prov.Agent) in onto
        assert (cls, RDFS.subClassOf, foaf.Agent) in onto


def test_person_and_organisation_disjoint(onto: Graph) -> None:
    groups = [
        set(Collection(onto, lst))
        for ax in onto.subjects(RDF.type, OWL.AllDisjointClasses)
        for lst in onto.objects(ax, OWL.members)
    ]
    assert any({SAMV.Person, SAMV.Organisation} <= g for g in groups)


def test_collaborates_with_is_symmetric(onto: Graph) -> None:
    assert (SAMV.collaboratesWith, RDF.type, OWL.SymmetricProperty) in onto
    assert onto.value(SAMV.collaboratesWith, RDFS.domain) == SAMV.Organisation
    assert onto.value(SAMV.collaboratesWith, RDFS.range) == SAMV.Organisation


@pytest.mark.parametrize(
    ("prop", "domain", "range_"),
    [
        ("affiliatedWith", {"Person"}, {"Organisation"}),
        ("participatesIn", {"Person", "Organisation"}, {"Project", "Event", "Arena"}),
        ("coordinates", {"Person", "Organisation"}, {"Project", "Arena", "Event"}),
        ("funds", {"Organisation"}, {"Project"}),
        ("partyTo", {"Organisation"}, {"Agreement"}),
        ("memberOf", {"Organisation"}, {"Association"}),
        ("organises", {"Person", "Organisation"}, {"Event", "Arena"}),
        ("hostedBy", {"Event"}, {"Organisation"}),
        ("heldIn", {"Event"}, {"Place"}),
        ("partOf", {"Project", "Event"}, {"Project"}),
        ("hasAffiliation", {"Person"}, {"Affiliation"}),
        ("organisation", {"Affiliation"}, {"Organisation"}),
        ("person", {"Affiliation"}, {"Person"}),
        ("inMunicipality", {"Place"}, {"Municipality"}),
    ],
)
def test_domains_and_ranges(onto: Graph, prop: str, domain: set[str], range_: set[str]) -> None:
    d = onto.value(SAMV[prop], RDFS.domain)
    r = onto.value(SAMV[prop], RDFS.range)
    assert _union_members(onto, d) == {SAMV[c] for c in domain}
    assert _union_members(onto, r) == {SAMV[c] for c in range_}


def test_mentions_from_document(onto: Graph) -> None:
    assert onto.value(SAMV.mentions, RDFS.domain) == SAMV.Document
    assert onto.value(SAMV.mentions, RDFS.range) is None


@pytest.mark.parametrize("name", ["date", "startDate", "endDate"])
def test_dates_are_xsd_date(onto: Graph, name: str) -> None:
    assert onto.value(SAMV[name], RDFS.range) == URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.mark.parametrize("name", ["quote", "page", "charStart", "charEnd", "confidence"])
def test_provenance_properties_on_statements(onto: Graph, name: str) -> None:
    assert onto.value(SAMV[name], RDFS.domain) == RDF.Statement


@pytest.mark.parametrize(
    "name",
    OBJECT_PROPERTIES
    + DATATYPE_PROPERTIES
    + CLASSES
    + TIME_CLASSES
    + TIME_OBJECT_PROPERTIES
    + TIME_DATATYPE_PROPERTIES,
)
def test_every_term_aligned(onto: Graph, name: str) -> None:
    """Each term points outside samv: through a super-term or, failing that, rdfs:seeAlso."""
    # follow samv: super-terms, so Municipality is aligned through PublicActor
    terms = {SAMV[name]}
    for p in (RDFS.subClassOf, RDFS.subPropertyOf):
        terms |= set(onto.transitive_objects(SAMV[name], p))
    outside = [
        o
        for term in terms
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.seeAlso)
        for o in onto.objects(term, p)
        if isinstance(o, URIRef) and not str(o).startswith(str(SAMV))
    ]
    # provenance and document bookkeeping properties have no counterpart in the aligned vocabularies
    if name in {"quote", "page", "charStart", "charEnd", "confidence", "contentHash", "county", "partyTo"}:
        return
    assert outside, f"{name} is not aligned to any external vocabulary"


# --- the typology ------------------------------------------------------------------------------


def test_typology_scheme(onto: Graph) -> None:
    scheme = SAMV.CollaborationTypology
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    assert Literal("Samverkanstypologi", lang="sv") in set(onto.objects(scheme, SKOS.prefLabel))
    assert set(onto.objects(scheme, SKOS.hasTopConcept)) == {SAMV.CollaborationLevel, SAMV.Formalisation}
    for top in (SAMV.CollaborationLevel, SAMV.Formalisation):
        assert (top, RDF.type, SKOS.Concept) in onto
        assert (top, SKOS.topConceptOf, scheme) in onto


@pytest.mark.parametrize("name", list(TYPOLOGY_LEAVES))
def test_typology_concepts(onto: Graph, name: str) -> None:
    sv, en, parent = TYPOLOGY_LEAVES[name]
    concept = SAMV[name]
    assert (concept, RDF.type, SKOS.Concept) in onto
    assert (concept, SKOS.inScheme, SAMV.CollaborationTypology) in onto
    labels = set(onto.objects(concept, SKOS.prefLabel))
    assert Literal(sv, lang="sv") in labels and Literal(en, lang="en") in labels
    assert {"sv", "en"} <= _langs(onto, concept, SKOS.definition)
    assert (concept, SKOS.broader, SAMV[parent]) in onto
    assert (SAMV[parent], SKOS.narrower, concept) in onto


# --- the shapes --------------------------------------------------------------------------------


def test_shapes_parse_with_pyoxigraph() -> None:
    store = pyoxigraph.Store()
    store.load(path=str(ONTOLOGY_DIR / "shapes.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle"))
    node_shape = pyoxigraph.NamedNode("http://www.w3.org/ns/shacl#NodeShape")
    assert list(store.quads_for_pattern(None, pyoxigraph.NamedNode(str(RDF.type)), node_shape))


@pytest.mark.parametrize("name", CLASSES)
def test_node_shape_for_each_class(shapes: Graph, name: str) -> None:
    targeting = [s for s in shapes.subjects(SH.targetClass, SAMV[name]) if (s, RDF.type, SH.NodeShape) in shapes]
    assert targeting, f"no sh:NodeShape targets samv:{name}"


def _property_shape(shapes: Graph, node_shape: URIRef, path: URIRef):
    for ps in shapes.objects(node_shape, SH.property):
        if shapes.value(ps, SH.path) == path:
            return ps
    raise AssertionError(f"{node_shape} has no property shape for {path}")


def test_labels_required_for_entities(shapes: Graph) -> None:
    label_shapes = [s for s in shapes.subjects(RDF.type, SH.NodeShape) if any(shapes.triples((s, SH.property, None)))]
    labelled = set()
    for s in label_shapes:
        for ps in shapes.objects(s, SH.property):
            if shapes.value(ps, SH.path) == SKOS.prefLabel:
                assert shapes.value(ps, SH.minCount) == Literal(1)
                assert shapes.value(ps, SH.maxCount) == Literal(1)
                labelled |= set(shapes.objects(s, SH.targetClass))
    assert {SAMV[c] for c in SPEC_CLASSES if c != "Document"} <= labelled


def test_statement_shape(shapes: Graph) -> None:
    stmt = next(shapes.subjects(SH.targetClass, RDF.Statement))
    prov = Namespace("http://www.w3.org/ns/prov#")
    for path in (
        RDF.subject,
        RDF.predicate,
        RDF.object,
        prov.wasDerivedFrom,
        SAMV.quote,
        SAMV.charStart,
        SAMV.charEnd,
        SAMV.confidence,
    ):
        ps = _property_shape(shapes, stmt, path)
        assert shapes.value(ps, SH.minCount) == Literal(1), path
        assert shapes.value(ps, SH.maxCount) == Literal(1), path
    page = _property_shape(shapes, stmt, SAMV.page)
    assert shapes.value(page, SH.minCount) is None
    assert shapes.value(page, SH.maxCount) == Literal(1)
    assert shapes.value(page, SH.minInclusive) == Literal(1)
    conf = _property_shape(shapes, stmt, SAMV.confidence)
    assert shapes.value(conf, SH.minInclusive) == Literal(0)
    assert shapes.value(conf, SH.maxInclusive) == Literal(1)


def test_document_hash_pattern(shapes: Graph) -> None:
    doc = next(shapes.subjects(SH.targetClass, SAMV.Document))
    ps = _property_shape(shapes, doc, SAMV.contentHash)
    assert str(shapes.value(ps, SH.pattern)) == "^sha256:[0-9a-f]{64}$"


def test_every_shape_has_english_message(shapes: Graph) -> None:
    all_shapes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    all_shapes |= set(shapes.objects(None, SH.property))
    assert all_shapes
    missing = [s for s in all_shapes if "en" not in _langs(shapes, s, SH.message)]
    assert not missing, missing


def test_shapes_use_only_declared_samv_terms(onto: Graph, shapes: Graph) -> None:
    declared = set(onto.subjects(RDF.type, None))
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(str(SAMV))}
    assert used <= declared, sorted(used - declared)
