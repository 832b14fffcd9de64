"""The analyses on a hand-made network with known answers (tests/data/analysis/network.trig)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.analysis import ANALYSIS_GRAPH, Analysis, analyse, analysis_quads
from kg.analysis.typology import is_leadership
from kg.cli import main
from kg.store import open_store, write_store

NETWORK = Path(__file__).parent / "data" / "analysis" / "network.trig"
ID = "https://w3id.org/samverkan/id/"
SAMV = "https://w3id.org/samverkan/ontology#"
KEYS = ["centrality", "brokers", "communities", "person_dependency", "gaps", "typology"]


def network_store() -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(NETWORK), format=ox.RdfFormat.TRIG))
    return store


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return analyse(network_store())


@pytest.fixture
def network_dir(tmp_path: Path) -> Path:
    graph_dir = tmp_path / "graph"
    graph_dir.mkdir()
    write_store(ox.parse(path=str(NETWORK), format=ox.RdfFormat.TRIG), graph_dir / "store")
    return graph_dir


def labels(nodes: object) -> list[str]:
    return [n.label for n in nodes]  # type: ignore[attr-defined]


def test_centrality_is_exact_on_small_graphs(analysis: Analysis) -> None:
    c = analysis.centrality
    assert c.exact and c.sample_size == len(c.nodes) == 19
    petra = next(r for r in c.nodes if r.node.label == "Petra Bro")
    assert (petra.degree, petra.weighted_degree) == (2, 2.0)


def test_broker_bridges_two_clusters(analysis: Analysis) -> None:
    top = analysis.brokers[0]
    assert top.node.label == "Petra Bro"
    assert top.betweenness == max(b.betweenness for b in analysis.brokers)
    assert top.constraint == min(b.constraint for b in analysis.brokers) == 0.5
    assert top.effective_size == 2.0
    assert len(top.communities) == 2
    named = {c.number: c.name for c in analysis.communities.items}
    touched = " ".join(named[n] for n in top.communities)
    assert "Alfa universitet" in touched and "Beta" in touched


def test_communities_named_by_central_members(analysis: Analysis) -> None:
    names = [c.name for c in analysis.communities.items]
    assert "Gamma kommun, Gamma universitet, Avsiktsförklaring Gamma" in names
    assert 0 < analysis.communities.modularity < 1
    members = {m.label for c in analysis.communities.items for m in c.members}
    assert len(members) == 19  # every related entity once


def test_single_person_links_and_share(analysis: Analysis) -> None:
    dep = analysis.person_dependency
    assert len(dep.links) == 11
    assert dep.share == round(10 / 11, 6)
    single = [(x.source.label, x.target.label, labels(x.carriers)) for x in dep.single_person]
    assert single == [
        ("Alfa universitet", "Beta högskola", ["Petra Bro"]),
        ("Alfa universitet", "Beta kommun", ["Petra Bro"]),
        ("Alfa universitet", "Beta region", ["Petra Bro"]),
    ]
    delta = next(x for x in dep.links if x.source.label == "Delta kommun")
    assert labels(delta.carriers) == ["Kjell Ordförande", "Rut Rektor"]
    # Two carriers, but each side hangs on one of them: either departure cuts the link.
    assert labels(delta.key_persons) == ["Kjell Ordförande", "Rut Rektor"]
    assert not delta.person_dependent and delta in dep.cut_by_one_departure
    assert len(dep.unanchored) == 7


def test_articulation_person(analysis: Analysis) -> None:
    found = {a.person.label: sorted(labels(a.cut_off)) for a in analysis.person_dependency.articulation_persons}
    assert found["Petra Bro"] in (
        ["Alfa kommun", "Alfa region", "Alfa universitet"],
        ["Beta högskola", "Beta kommun", "Beta region"],
    )
    assert "Lars Lektor" not in found  # cuts off only an event, no organisation


def test_gaps_of_both_kinds(analysis: Analysis) -> None:
    strategic = analysis.gaps.strategic_without_operational
    assert [(g.agreement.label, labels(g.parties)) for g in strategic] == [
        ("Avsiktsförklaring Gamma", ["Gamma kommun", "Gamma universitet"])
    ]
    operational = {(g.source.label, g.target.label): g for g in analysis.gaps.operational_without_strategic}
    alfa = operational[("Alfa kommun", "Alfa universitet")]
    assert labels(alfa.shared) == ["Projekt Alfa"]
    assert alfa.direct == ("collaboratesWith",)
    assert ("Gamma kommun", "Gamma universitet") not in operational


@pytest.mark.parametrize(
    ("label", "level", "formalisation", "rules", "words"),
    [
        ("Avsiktsförklaring Gamma", "Strategic", "Formalised", ("L4", "F1"), "avsiktsförklaring"),
        ("Beta-arenan", "Operational", "Formalised", ("L6", "F2"), "Beta högskola, Beta kommun"),
        ("Möte mellan rektor och kommunen", "Strategic", "NotFormalised", ("L1", "F5"), "Rut Rektor, rektor"),
        ("Gästföreläsning i kursen", "Operational", "NotFormalised", ("L6", "F5"), "Lars Lektor"),
    ],
)
def test_typology_cells(
    analysis: Analysis, label: str, level: str, formalisation: str, rules: tuple[str, str], words: str
) -> None:
    item = next(c for c in analysis.typology.items if c.node.label == label)
    assert (item.level, item.formalisation) == (level, formalisation)
    assert (item.level_rule, item.formalisation_rule) == rules
    assert words in item.reason
    assert item in analysis.typology.cell(level, formalisation)


def test_every_classification_has_a_reason(analysis: Analysis) -> None:
    assert len(analysis.typology.items) == 5
    assert all(c.reason.count("(") >= 2 for c in analysis.typology.items)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("rektor", True),
        ("vice rektor", True),
        ("KS-ordförande", True),
        ("kommundirektör", True),
        ("universitetslektor", False),
        ("samverkansstrateg", False),
    ],
)
def test_leadership_roles(role: str, expected: bool) -> None:
    assert is_leadership(role) is expected


def test_json_has_the_six_keys_and_the_timeline(analysis: Analysis) -> None:
    data = analysis.as_dict()
    assert list(data) == [*KEYS, "timeline"]
    assert all(data[k] for k in KEYS)
    assert data["typology"]["table"]["Strategic"]["NotFormalised"] == {
        "count": 1,
        "members": ["Möte mellan rektor och kommunen"],
    }
    json.dumps(data)  # serialisable


def test_csv_rows_sorted(analysis: Analysis) -> None:
    rows = analysis.csv_rows()
    assert rows == sorted(rows)
    assert ("person_dependency", "", "", "person_dependent_share", "0.909091") in rows


def test_analysis_quads_in_the_analysis_graph(analysis: Analysis) -> None:
    quads = analysis_quads(analysis)
    assert ANALYSIS_GRAPH == ID + "graph/analysis"
    assert quads and all(q.graph_name == ox.NamedNode(ANALYSIS_GRAPH) for q in quads)
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    store = ox.Store()
    store.bulk_extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    query = f"""SELECT ?level ?formal ?reason WHERE {{ GRAPH <{ANALYSIS_GRAPH}> {{
        <{ID}arena/beta-arenan> <{SAMV}collaborationLevel> ?level ; <{SAMV}formalisation> ?formal ;
        <{SAMV}typologyReason> ?reason ; <{SAMV}betweenness> ?b ; <{SAMV}community> ?c .
        ?c a <{SAMV}Community> ; <http://www.w3.org/2000/01/rdf-schema#label> ?name }} }}"""
    (row,) = list(store.query(query))  # type: ignore[arg-type]
    assert row["level"] == ox.NamedNode(SAMV + "Operational")
    assert row["formal"] == ox.NamedNode(SAMV + "Formalised")
    assert row["reason"].language == "en"
    degree = next(q for q in quads if q.predicate.value == SAMV + "degree")
    assert degree.object.datatype.value.endswith("#integer")  # type: ignore[union-attr]
    assert any(q.predicate.value == SAMV + "personDependent" for q in quads)


def test_deterministic() -> None:
    first, second = analyse(network_store()), analyse(network_store())
    assert first == second
    assert analysis_quads(first) == analysis_quads(second)


def test_cli_formats(network_dir: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["analyze", "--format", "json", "--graph", str(network_dir)])
    assert out.exit_code == 0, out.output
    assert list(json.loads(out.output)) == [*KEYS, "timeline"]
    out = runner.invoke(main, ["analyze", "--format", "csv", "--graph", str(network_dir)])
    rows = list(csv.reader(io.StringIO(out.output)))
    assert rows[0] == ["analysis", "item", "item_label", "measure", "value"]
    assert rows[1:] == sorted(rows[1:])
    assert open_store(network_dir) is not None


def test_seed_analysis_is_complete(seed_graph: Path) -> None:
    data = analyse(open_store(seed_graph)).as_dict()
    assert list(data) == [*KEYS, "timeline"]
    for key in KEYS:
        assert data[key], key
    assert data["brokers"] and data["communities"]["items"]
    assert data["person_dependency"]["single_person"]
    assert data["gaps"]["strategic_without_operational"] and data["gaps"]["operational_without_strategic"]
    table = data["typology"]["table"]
    assert "Samhällskontraktet" in table["Strategic"]["Formalised"]["members"]
    assert "Forskarna på Slottet" in table["Operational"]["Formalised"]["members"]
