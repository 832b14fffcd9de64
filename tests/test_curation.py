"""Curation files: add, merge, rename and reject survive a rebuild and are counted."""

from __future__ import annotations

import shutil
from pathlib import Path

from seedbuild import SEED_FILE

from kg.building import ExtractOptions, build
from kg.store import query_rows

CURATION = """
@prefix samv: <https://w3id.org/samverkan/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix person: <https://w3id.org/samverkan/id/person/> .
@prefix org: <https://w3id.org/samverkan/id/org/> .
@prefix arena: <https://w3id.org/samverkan/id/arena/> .

# add: Maria Mårtensson convenes AES (known to the curator, not stated in the text)
person:maria-martensson samv:coordinates arena:akademin-for-ekonomistyrning-i-staten .
# merge: an author list names the same person twice in two spellings
person:anders-axelsson owl:sameAs person:karin-axelsson .
# rename
org:hogskolan-i-gavle samv:renameTo "Högskolan i Gävle (HiG)"@sv .
# reject a fact and an entity
[] a samv:Rejection ;
   rdf:subject person:jonas-andersson ;
   rdf:predicate samv:affiliatedWith ;
   rdf:object org:hogskolan-i-boras .
person:patrik-hansson samv:rejected true .
"""


def _one(graph: Path, query: str) -> list[dict[str, str]]:
    return query_rows(graph, query)


def test_curations_are_applied_and_counted(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED_FILE, src / SEED_FILE.name)
    (src / "curation.ttl").write_text(CURATION, encoding="utf-8")
    out = tmp_path / "out"
    summary = build([src], out)
    assert summary.curations == 5

    rows = _one(out, "SELECT ?o WHERE { person:maria-martensson samv:coordinates ?o }")
    assert {"o": "https://w3id.org/samverkan/id/arena/akademin-for-ekonomistyrning-i-staten"} in rows

    assert _one(out, "SELECT ?p WHERE { person:anders-axelsson ?p ?o }") == []
    alts = {r["a"] for r in _one(out, "SELECT ?a WHERE { person:karin-axelsson skos:altLabel ?a }")}
    assert "Anders Axelsson" in alts

    labels = {r["l"] for r in _one(out, "SELECT ?l WHERE { org:hogskolan-i-gavle skos:prefLabel ?l }")}
    assert labels == {"Högskolan i Gävle (HiG)"}
    alts = {r["a"] for r in _one(out, "SELECT ?a WHERE { org:hogskolan-i-gavle skos:altLabel ?a }")}
    assert "Högskolan i Gävle" in alts

    assert _one(out, "SELECT ?o WHERE { person:jonas-andersson samv:affiliatedWith ?o }") == []
    assert _one(out, "SELECT ?p WHERE { person:patrik-hansson ?p ?o }") == []
    assert _one(out, "SELECT ?s WHERE { ?s ?p person:patrik-hansson }") == []
    merges = (out / "merges.csv").read_text(encoding="utf-8")
    assert "Anders Axelsson,https://w3id.org/samverkan/id/person/karin-axelsson,curation: owl:sameAs" in merges
    # The instructions themselves are not data.
    graph = (out / "graph.trig").read_text(encoding="utf-8")
    assert "renameTo" not in graph and "Rejection" not in graph and "owl:sameAs" not in graph


def test_min_confidence_drops_weaker_facts(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(SEED_FILE, src / SEED_FILE.name)
    low = build([src], tmp_path / "low")
    high = build([src], tmp_path / "high", extract=ExtractOptions(min_confidence=0.85))
    assert 0 < high.facts < low.facts
    rows = _one(
        tmp_path / "high", "SELECT ?c WHERE { ?s samv:confidence ?c ; rdf:predicate ?p FILTER(?p != samv:mentions) }"
    )
    assert rows and all(float(r["c"]) >= 0.85 for r in rows)
