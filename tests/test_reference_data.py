"""Checks of the authority lists (reference data) under ontology/reference/."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

REFERENCE = Path(__file__).parent.parent / "ontology" / "reference"
SAMV = Namespace("https://w3id.org/samverkan/ontology#")
ORG = "https://w3id.org/samverkan/id/org/"
PLACE = "https://w3id.org/samverkan/id/place/"
COUNTY_CODES = {
    "01",
    "03",
    "04",
    "05",
    "06",
    "07",
    "08",
    "09",
    "10",
    "12",
    "13",
    "14",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25",
}
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, max_length: int = 80) -> str:
    """The slug rule of the IRIs: casefold, strip diacritics, runs of non [a-z0-9] to "-"."""
    ascii_text = unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode("ascii")
    result = _NON_SLUG.sub("-", ascii_text).strip("-")
    if len(result) > max_length:
        result = result[:max_length].rstrip("-")
    return result or "x"


@pytest.fixture(scope="module")
def graph() -> Graph:
    files = sorted(REFERENCE.glob("*.ttl"))
    assert files, f"no Turtle files in {REFERENCE}"
    g = Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def _of_class(g: Graph, cls: str) -> set[URIRef]:
    return set(g.subjects(RDF.type, SAMV[cls]))


def test_every_file_parses_on_its_own() -> None:
    expected = {
        "higher-education.ttl",
        "municipalities.ttl",
        "places.ttl",
        "regions.ttl",
        "county-boards.ttl",
        "agencies.ttl",
        "associations.ttl",
    }
    assert expected <= {p.name for p in REFERENCE.glob("*.ttl")}
    for path in REFERENCE.glob("*.ttl"):
        g = Graph().parse(path, format="turtle")
        typed = set(g.subjects(RDF.type, None))
        assert typed, path.name
        # Every entity the file types has a Swedish preferred label, the name extraction matches.
        unlabelled = {s for s in typed if not any(lbl.language == "sv" for lbl in g.objects(s, SKOS.prefLabel))}
        assert not unlabelled, (path.name, sorted(unlabelled)[:3])


@pytest.mark.parametrize(
    ("cls", "minimum", "exact"),
    [
        ("HigherEducationInstitution", 48, None),
        ("Municipality", 290, 290),
        ("Region", 21, 21),
        ("CountyAdministrativeBoard", 21, 21),
        ("GovernmentAgency", 70, None),
        ("Association", 25, None),
    ],
)
def test_entity_counts(graph: Graph, cls: str, minimum: int, exact: int | None) -> None:
    count = len(_of_class(graph, cls))
    assert count >= minimum
    if exact is not None:
        assert count == exact


def test_each_entity_has_one_class(graph: Graph) -> None:
    for subject in set(graph.subjects(RDF.type, None)):
        classes = set(graph.objects(subject, RDF.type))
        assert len(classes) == 1, (subject, classes)


def test_municipality_codes(graph: Graph) -> None:
    codes: dict[str, URIRef] = {}
    for muni in _of_class(graph, "Municipality"):
        values = list(graph.objects(muni, SAMV.municipalityCode))
        assert len(values) == 1, muni
        code = str(values[0])
        assert re.fullmatch(r"[0-9]{4}", code), (muni, code)
        assert code[:2] in COUNTY_CODES, (muni, code)
        assert code not in codes, (code, muni, codes.get(code))
        codes[code] = muni
    assert len(codes) == 290
    # the county named on the municipality agrees with the county part of the code
    by_prefix: dict[str, set[str]] = defaultdict(set)
    for code, muni in codes.items():
        by_prefix[code[:2]].add(str(graph.value(muni, SAMV.county)))
    assert all(len(counties) == 1 for counties in by_prefix.values()), by_prefix
    assert set(by_prefix) == COUNTY_CODES


def test_one_swedish_preflabel_each(graph: Graph) -> None:
    for subject in set(graph.subjects(RDF.type, None)):
        labels = list(graph.objects(subject, SKOS.prefLabel))
        swedish = [label for label in labels if isinstance(label, Literal) and label.language == "sv"]
        assert len(swedish) == 1, (subject, labels)


def test_labels_resolve_to_one_entity(graph: Graph) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for prop in (SKOS.prefLabel, SKOS.altLabel, SAMV.formerName):
        for subject, label in graph.subject_objects(prop):
            owners[str(label).casefold()].add(subject)
    shared = {label: sorted(map(str, subjects)) for label, subjects in owners.items() if len(subjects) > 1}
    assert not shared, shared


def test_former_names_are_also_alt_labels(graph: Graph) -> None:
    for subject, former in graph.subject_objects(SAMV.formerName):
        assert (subject, SKOS.altLabel, former) in graph, (subject, former)
        assert graph.value(subject, SKOS.historyNote) is not None, subject


def test_iris_follow_the_slug_rule(graph: Graph) -> None:
    subjects = set(graph.subjects(RDF.type, None))
    org_slugs: dict[str, int] = defaultdict(int)
    for subject in subjects:
        if str(subject).startswith(ORG):
            org_slugs[slug(str(graph.value(subject, SKOS.prefLabel)))] += 1
    for subject in subjects:
        iri = str(subject)
        pref = str(graph.value(subject, SKOS.prefLabel))
        if iri.startswith(PLACE):
            assert iri == PLACE + slug(pref), (iri, pref)
            continue
        assert iri.startswith(ORG), iri
        if org_slugs[slug(pref)] > 1:
            # Two municipalities whose names differ only in diacritics (Håbo/Habo) share a slug:
            # both take the kommunkod as a suffix, so neither is the plain slug.
            code = graph.value(subject, SAMV.municipalityCode)
            assert code is not None, (iri, pref)
            assert iri == f"{ORG}{slug(pref)}-{code}", (iri, pref)
            continue
        allowed = {ORG + slug(pref)} | {ORG + slug(str(f)) for f in graph.objects(subject, SAMV.formerName)}
        assert iri in allowed, (iri, pref)


def test_places_lie_in_existing_municipalities(graph: Graph) -> None:
    municipalities = _of_class(graph, "Municipality")
    places = _of_class(graph, "Place")
    assert len(places) >= 280
    seen: set[URIRef] = set()
    for place in places:
        targets = list(graph.objects(place, SAMV.inMunicipality))
        assert len(targets) == 1, place
        assert targets[0] in municipalities, (place, targets[0])
        seen.add(targets[0])
    assert len(seen) == len(places)  # at most one place per municipality


def test_regions_and_boards_name_a_county(graph: Graph) -> None:
    for cls in ("Region", "CountyAdministrativeBoard"):
        counties = [graph.value(s, SAMV.county) for s in _of_class(graph, cls)]
        assert all(isinstance(c, Literal) and c.language == "sv" for c in counties), cls
        assert len(set(counties)) == 21, cls


def test_known_entities(graph: Graph) -> None:
    def pref(local: str) -> str:
        return str(graph.value(URIRef(ORG + local), SKOS.prefLabel))

    assert pref("gavle-kommun") == "Gävle kommun"
    assert str(graph.value(URIRef(ORG + "gavle-kommun"), SAMV.municipalityCode)) == "2180"
    assert pref("region-stockholm") == "Region Stockholm"
    assert pref("lansstyrelsen-gavleborg") == "Länsstyrelsen Gävleborg"
    assert pref("malardalens-hogskola") == "Mälardalens universitet"
    assert pref("kungliga-tekniska-hogskolan") == "Kungliga Tekniska högskolan"
    assert pref("universitetskanslersambetet") == "Universitetskanslersämbetet"
    assert pref("sveriges-kommuner-och-regioner") == "Sveriges Kommuner och Regioner"
    assert pref("habo-kommun-0643") == "Habo kommun"
    assert pref("habo-kommun-0305") == "Håbo kommun"
    visby = URIRef(PLACE + "visby")
    assert graph.value(visby, SAMV.inMunicipality) == URIRef(ORG + "gotlands-kommun")
