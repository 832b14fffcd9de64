"""The analysis result: frozen dataclasses, their JSON form and their long CSV rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kg.analysis.timeline import Timeline, timeline_dict, timeline_rows

__all__ = [
    "LEVELS",
    "FORMALISATIONS",
    "Node",
    "NodeCentrality",
    "Centrality",
    "Broker",
    "Community",
    "Communities",
    "CarriedLink",
    "ArticulationPerson",
    "PersonDependency",
    "StrategicGap",
    "OperationalGap",
    "Gaps",
    "Classification",
    "Typology",
    "Analysis",
]

LEVELS = ("Strategic", "Operational")
FORMALISATIONS = ("Formalised", "NotFormalised")


@dataclass(frozen=True, slots=True)
class Node:
    """An entity of the graph: IRI, label and the local name of its class."""

    iri: str
    label: str
    cls: str

    def as_dict(self) -> dict[str, str]:
        """A JSON-ready dict."""
        return {"iri": self.iri, "label": self.label, "class": self.cls}


@dataclass(frozen=True, slots=True)
class NodeCentrality:
    """Centrality of one entity on the undirected projection of the entity graph."""

    node: Node
    degree: int  # distinct neighbours
    weighted_degree: float  # relations to neighbours, counted with multiplicity
    pagerank: float
    betweenness: float  # normalised; estimated from sampled pivots on large graphs


@dataclass(frozen=True, slots=True)
class Centrality:
    """Centrality of every entity, by PageRank, and how betweenness was computed."""

    nodes: tuple[NodeCentrality, ...]
    exact: bool  # betweenness computed from every node
    sample_size: int  # pivots used for betweenness (= number of nodes when exact)
    seed: int


@dataclass(frozen=True, slots=True)
class Broker:
    """A person or organisation that bridges communities."""

    node: Node
    betweenness: float
    constraint: float  # Burt's constraint: low = many non-redundant contacts
    effective_size: float  # Burt's effective size of the ego network
    communities: tuple[int, ...]  # the communities of the node and its neighbours


@dataclass(frozen=True, slots=True)
class Community:
    """A Louvain community, named by its most central members."""

    number: int
    name: str
    members: tuple[Node, ...]  # most central first


@dataclass(frozen=True, slots=True)
class Communities:
    """The partition of the entities that have relations into communities."""

    items: tuple[Community, ...]  # largest first
    modularity: float
    seed: int
    method: str = "Louvain"  # "Louvain" (NetworkX, small graphs) or "Leiden" (igraph, large graphs)

    def of(self) -> dict[str, int]:
        """Entity IRI -> community number."""
        return {m.iri: c.number for c in self.items for m in c.members}


@dataclass(frozen=True, slots=True)
class CarriedLink:
    """A link of the organisation graph and the persons who carry it."""

    source: Node
    target: Node
    carriers: tuple[Node, ...]
    key_persons: tuple[Node, ...]  # carriers whose departure alone cuts the link
    through: tuple[Node, ...]  # shared activities and agreements
    persons: tuple[Node, ...]  # persons affiliated with both
    direct: tuple[str, ...]  # direct relations between the two

    @property
    def weight(self) -> int:
        """How many distinct things link the two organisations."""
        return len(self.through) + len(self.persons) + len(self.direct)

    @property
    def person_dependent(self) -> bool:
        """Carried by at most one named person."""
        return len(self.carriers) <= 1


@dataclass(frozen=True, slots=True)
class ArticulationPerson:
    """A person whose removal disconnects organisations from each other."""

    person: Node
    cut_off: tuple[Node, ...]  # organisations that lose every path to the rest of the network
    parts: int  # connected parts holding organisations once the person is gone


@dataclass(frozen=True, slots=True)
class PersonDependency:
    """Who carries the links between organisations; see kg.analysis.links for the definitions."""

    links: tuple[CarriedLink, ...]  # every link, fewest carriers first
    articulation_persons: tuple[ArticulationPerson, ...]

    @property
    def single_person(self) -> tuple[CarriedLink, ...]:
        """Links carried by exactly one person."""
        return tuple(link for link in self.links if len(link.carriers) == 1)

    @property
    def unanchored(self) -> tuple[CarriedLink, ...]:
        """Links no named person carries (stated only between the organisations)."""
        return tuple(link for link in self.links if not link.carriers)

    @property
    def share(self) -> float:
        """Share of links that are person-dependent: carried by at most one named person."""
        if not self.links:
            return 0.0
        return round(sum(1 for link in self.links if link.person_dependent) / len(self.links), 6)

    @property
    def cut_by_one_departure(self) -> tuple[CarriedLink, ...]:
        """Links that one person's departure would cut."""
        return tuple(link for link in self.links if link.key_persons)


@dataclass(frozen=True, slots=True)
class StrategicGap:
    """An agreement whose parties share no project, arena, event or person."""

    agreement: Node
    parties: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class OperationalGap:
    """Two organisations that work together with no agreement between them."""

    source: Node
    target: Node
    shared: tuple[Node, ...]  # shared projects, arenas, events, persons
    direct: tuple[str, ...]  # direct relations (collaboratesWith)


@dataclass(frozen=True, slots=True)
class Gaps:
    """Gaps between the strategic and the operational level."""

    strategic_without_operational: tuple[StrategicGap, ...]
    operational_without_strategic: tuple[OperationalGap, ...]


@dataclass(frozen=True, slots=True)
class Classification:
    """Where an agreement, arena, project or event sits in the report's 2x2 typology, and why."""

    node: Node
    level: str  # Strategic | Operational
    formalisation: str  # Formalised | NotFormalised
    level_rule: str
    formalisation_rule: str
    reason: str


@dataclass(frozen=True, slots=True)
class Typology:
    """Every classified item, by class then label."""

    items: tuple[Classification, ...]

    def cell(self, level: str, formalisation: str) -> tuple[Classification, ...]:
        """The items of one cell of the 2x2 table."""
        return tuple(c for c in self.items if c.level == level and c.formalisation == formalisation)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The network analyses of a graph (SPEC §3 `kg analyze`)."""

    centrality: Centrality
    brokers: tuple[Broker, ...]
    communities: Communities
    person_dependency: PersonDependency
    gaps: Gaps
    typology: Typology
    timeline: Timeline = Timeline()

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of `kg analyze --format json`: SPEC's six keys and `timeline`."""
        return {
            "centrality": _centrality_dict(self.centrality),
            "brokers": [_broker_dict(b) for b in self.brokers],
            "communities": {
                "modularity": self.communities.modularity,
                "method": self.communities.method,
                "seed": self.communities.seed,
                "items": [
                    {
                        "number": c.number,
                        "name": c.name,
                        "size": len(c.members),
                        "members": [m.as_dict() for m in c.members],
                    }
                    for c in self.communities.items
                ],
            },
            "person_dependency": _dependency_dict(self.person_dependency),
            "gaps": {
                "strategic_without_operational": [
                    {"agreement": g.agreement.as_dict(), "parties": [p.as_dict() for p in g.parties]}
                    for g in self.gaps.strategic_without_operational
                ],
                "operational_without_strategic": [
                    {
                        "source": g.source.as_dict(),
                        "target": g.target.as_dict(),
                        "shared": [s.as_dict() for s in g.shared],
                        "direct": list(g.direct),
                    }
                    for g in self.gaps.operational_without_strategic
                ],
            },
            "typology": {
                "table": {
                    level: {
                        f: {"count": len(cell), "members": [c.node.label for c in cell]}
                        for f in FORMALISATIONS
                        for cell in (self.typology.cell(level, f),)
                    }
                    for level in LEVELS
                },
                "items": [
                    {
                        **c.node.as_dict(),
                        "level": c.level,
                        "formalisation": c.formalisation,
                        "level_rule": c.level_rule,
                        "formalisation_rule": c.formalisation_rule,
                        "reason": c.reason,
                    }
                    for c in self.typology.items
                ],
            },
            "timeline": timeline_dict(self.timeline),
        }

    def csv_rows(self) -> list[tuple[str, str, str, str, str]]:
        """Long rows (analysis, item, item_label, measure, value), sorted."""
        rows: list[tuple[str, str, str, str, str]] = []
        c = self.centrality
        rows += [
            ("centrality", "", "", "betweenness_exact", str(c.exact).lower()),
            ("centrality", "", "", "betweenness_sample_size", str(c.sample_size)),
        ]
        for n in c.nodes:
            for measure, number in (
                ("degree", n.degree),
                ("weighted_degree", n.weighted_degree),
                ("pagerank", n.pagerank),
                ("betweenness", n.betweenness),
            ):
                rows.append(("centrality", n.node.iri, n.node.label, measure, str(number)))
        for b in self.brokers:
            for measure, value in (
                ("betweenness", str(b.betweenness)),
                ("constraint", str(b.constraint)),
                ("effective_size", str(b.effective_size)),
                ("communities", ";".join(str(x) for x in b.communities)),
            ):
                rows.append(("brokers", b.node.iri, b.node.label, measure, value))
        rows.append(("communities", "", "", "modularity", str(self.communities.modularity)))
        for com in self.communities.items:
            item = str(com.number)
            rows.append(("communities", item, com.name, "size", str(len(com.members))))
            rows += [("communities", item, com.name, "member", m.iri) for m in com.members]
        dep = self.person_dependency
        rows.append(("person_dependency", "", "", "person_dependent_share", str(dep.share)))
        for link in dep.links:
            item, label = f"{link.source.iri} {link.target.iri}", f"{link.source.label} – {link.target.label}"
            rows.append(("person_dependency", item, label, "carriers", str(len(link.carriers))))
            rows += [("person_dependency", item, label, "carrier", p.iri) for p in link.carriers]
            rows += [("person_dependency", item, label, "key_person", p.iri) for p in link.key_persons]
        for ap in dep.articulation_persons:
            rows.append(("person_dependency", ap.person.iri, ap.person.label, "articulation_parts", str(ap.parts)))
            rows += [("person_dependency", ap.person.iri, ap.person.label, "cuts_off", o.iri) for o in ap.cut_off]
        for sg in self.gaps.strategic_without_operational:
            rows += [
                ("gaps", sg.agreement.iri, sg.agreement.label, "party_without_activity", p.iri) for p in sg.parties
            ]
        for og in self.gaps.operational_without_strategic:
            item, label = f"{og.source.iri} {og.target.iri}", f"{og.source.label} – {og.target.label}"
            rows += [("gaps", item, label, "shared_without_agreement", s.iri) for s in og.shared]
            rows += [("gaps", item, label, "direct_without_agreement", d) for d in og.direct]
        for t in self.typology.items:
            rows += [
                ("typology", t.node.iri, t.node.label, "collaboration_level", t.level),
                ("typology", t.node.iri, t.node.label, "formalisation", t.formalisation),
                ("typology", t.node.iri, t.node.label, "reason", t.reason),
            ]
        return sorted(rows + timeline_rows(self.timeline))


def _centrality_dict(c: Centrality) -> dict[str, Any]:
    return {
        "betweenness_exact": c.exact,
        "betweenness_sample_size": c.sample_size,
        "seed": c.seed,
        "nodes": [
            {
                **n.node.as_dict(),
                "degree": n.degree,
                "weighted_degree": n.weighted_degree,
                "pagerank": n.pagerank,
                "betweenness": n.betweenness,
            }
            for n in c.nodes
        ],
    }


def _broker_dict(b: Broker) -> dict[str, Any]:
    return {
        **b.node.as_dict(),
        "betweenness": b.betweenness,
        "constraint": b.constraint,
        "effective_size": b.effective_size,
        "communities": list(b.communities),
    }


def _dependency_dict(d: PersonDependency) -> dict[str, Any]:
    return {
        "links": len(d.links),
        "person_dependent": sum(1 for link in d.links if link.person_dependent),
        "person_dependent_share": d.share,
        "unanchored": len(d.unanchored),
        "single_person": [_link_dict(link) for link in d.single_person],
        "cut_by_one_departure": len(d.cut_by_one_departure),
        "articulation_persons": [
            {**a.person.as_dict(), "parts": a.parts, "cuts_off": [o.as_dict() for o in a.cut_off]}
            for a in d.articulation_persons
        ],
        "carried_links": [_link_dict(link) for link in d.links],
    }


def _link_dict(link: CarriedLink) -> dict[str, Any]:
    return {
        "source": link.source.as_dict(),
        "target": link.target.as_dict(),
        "carriers": [p.as_dict() for p in link.carriers],
        "key_persons": [p.as_dict() for p in link.key_persons],
        "through": [t.as_dict() for t in link.through],
        "shared_persons": [p.as_dict() for p in link.persons],
        "direct": list(link.direct),
    }
