"""Who takes part in what, and what links two organisations: the evidence behind the organisation graph.

Definitions used by every analysis:

* An *activity* is a project, arena or event; an *agreement* is a samv:Agreement.
* An organisation takes part in an activity or agreement **directly** when a relation joins them
  (participatesIn, coordinates, funds, partyTo, organises, hostedBy, ...), and **through a person**
  when a person affiliated with it (samv:affiliatedWith) participates in, coordinates or organises it.
* Two organisations are *linked* (an edge of the organisation graph) when they take part in the same
  activity or agreement, when a person is affiliated with both, or when a relation joins them
  directly (collaboratesWith, memberOf).
* The *carriers* of a link are the named persons it rests on: persons affiliated with both, and
  persons affiliated with either who take part in (participate in, coordinate, organise) a shared
  activity or agreement.
* A link is *cut by the departure* of a person when, without that person, none of its evidence is
  left: no direct relation, no person affiliated with both, and no shared activity or agreement in
  which both organisations still take part (directly or through someone else).

`org_links` computes these per pair and is the reference; kg.analysis.table computes the same for
the analyses in bulk, and tests/test_analysis_scale.py checks that the two agree.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.vocab import ORG_CLASSES

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only
    import networkx as nx

__all__ = [
    "ACTIVITY_CLASSES",
    "PERSON_ACTIONS",
    "Involvement",
    "OrgLink",
    "affiliations",
    "involvement",
    "org_links",
]

ACTIVITY_CLASSES = frozenset({"Project", "Arena", "Event"})
SHARED_CLASSES = ACTIVITY_CLASSES | {"Agreement"}

# What a person does to take part in an activity (and so brings the organisations they belong to).
PERSON_ACTIONS = frozenset({"participatesIn", "coordinates", "organises", "partyTo"})


@dataclass(frozen=True, slots=True)
class Involvement:
    """How one organisation takes part in one activity or agreement."""

    direct: bool  # a relation joins the organisation and the activity
    persons: frozenset[str]  # affiliated persons who take part in it


@dataclass(frozen=True, slots=True)
class OrgLink:
    """Two organisations (IRIs, a < b) and all that links them."""

    a: str
    b: str
    activities: tuple[str, ...]  # shared projects, arenas, events
    agreements: tuple[str, ...]  # agreements both take part in
    persons: tuple[str, ...]  # persons affiliated with both
    direct: tuple[str, ...]  # direct relations between them (collaboratesWith, memberOf)
    carriers: tuple[str, ...]  # persons who carry the link (see the module docstring)
    key_persons: tuple[str, ...]  # carriers whose departure alone cuts the link

    @property
    def weight(self) -> int:
        """How many distinct things link the two organisations."""
        return len(self.activities) + len(self.agreements) + len(self.persons) + len(self.direct)

    @property
    def operational(self) -> bool:
        """The two work together: a shared activity, a shared person or collaboratesWith."""
        return bool(self.activities or self.persons or "collaboratesWith" in self.direct)


def affiliations(g: nx.MultiDiGraph) -> dict[str, frozenset[str]]:
    """Person IRI -> the organisations it is affiliated with."""
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, data in g.edges(data=True):
        if data.get("property") == "affiliatedWith" and g.nodes[v].get("cls") in ORG_CLASSES:
            found[u].add(v)
    return {p: frozenset(orgs) for p, orgs in sorted(found.items())}


def involvement(g: nx.MultiDiGraph) -> dict[str, dict[str, Involvement]]:
    """Activity or agreement IRI -> organisation IRI -> how the organisation takes part in it."""
    affiliated = affiliations(g)
    result: dict[str, dict[str, Involvement]] = {}
    for node, data in sorted(g.nodes(data=True)):
        if data.get("cls") not in SHARED_CLASSES:
            continue
        direct: set[str] = set()
        via: dict[str, set[str]] = defaultdict(set)
        for other, prop in _neighbours(g, node):
            cls = g.nodes[other].get("cls")
            if cls in ORG_CLASSES:
                direct.add(other)
            elif cls == "Person" and prop in PERSON_ACTIONS:
                for org in affiliated.get(other, ()):
                    via[org].add(other)
        orgs = sorted(direct | set(via))
        if orgs:
            result[node] = {o: Involvement(o in direct, frozenset(via.get(o, ()))) for o in orgs}
    return result


def org_links(g: nx.MultiDiGraph) -> list[OrgLink]:
    """Every linked pair of organisations with its evidence, sorted by IRIs."""
    orgs = {n for n, d in g.nodes(data=True) if d.get("cls") in ORG_CLASSES}
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)
    both: dict[tuple[str, str], set[str]] = defaultdict(set)
    direct: dict[tuple[str, str], set[str]] = defaultdict(set)
    taking_part = involvement(g)
    for thing, parties in taking_part.items():
        for a, b in itertools.combinations(sorted(parties), 2):
            shared[(a, b)].add(thing)
    for person, affiliated in affiliations(g).items():
        for a, b in itertools.combinations(sorted(affiliated), 2):
            both[(a, b)].add(person)
    for u, v, data in g.edges(data=True):
        if u in orgs and v in orgs and u != v:
            direct[_pair(u, v)].add(str(data.get("property", "")))
    links = []
    for a, b in sorted(set(shared) | set(both) | set(direct)):
        things = shared.get((a, b), set())
        in_both = both.get((a, b), set())
        carriers = set(in_both)
        for thing in things:
            carriers |= taking_part[thing][a].persons | taking_part[thing][b].persons
        if _robust(things, in_both, bool(direct.get((a, b))), taking_part, a, b):
            key = []
        else:
            key = sorted(
                p for p in carriers if not _survives(p, things, in_both, bool(direct.get((a, b))), taking_part, a, b)
            )
        links.append(
            OrgLink(
                a=a,
                b=b,
                activities=tuple(sorted(t for t in things if g.nodes[t].get("cls") != "Agreement")),
                agreements=tuple(sorted(t for t in things if g.nodes[t].get("cls") == "Agreement")),
                persons=tuple(sorted(in_both)),
                direct=tuple(sorted(direct.get((a, b), ()))),
                carriers=tuple(sorted(carriers)),
                key_persons=tuple(key),
            )
        )
    return links


def _robust(
    things: set[str],
    in_both: set[str],
    has_direct: bool,
    taking_part: dict[str, dict[str, Involvement]],
    a: str,
    b: str,
) -> bool:
    """Whether the link between a and b survives any one departure: a direct relation, two persons
    affiliated with both, or a shared thing in which each side takes part directly or through two."""
    if has_direct or len(in_both) >= 2:
        return True
    return any(
        all(side.direct or len(side.persons) >= 2 for side in (taking_part[t][a], taking_part[t][b])) for t in things
    )


def _survives(
    person: str,
    things: set[str],
    in_both: set[str],
    has_direct: bool,
    taking_part: dict[str, dict[str, Involvement]],
    a: str,
    b: str,
) -> bool:
    """Whether the link between a and b keeps some evidence when `person` leaves."""
    if has_direct or in_both - {person}:
        return True
    for thing in things:
        side_a, side_b = taking_part[thing][a], taking_part[thing][b]
        if (side_a.direct or side_a.persons - {person}) and (side_b.direct or side_b.persons - {person}):
            return True
    return False


def _neighbours(g: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """(neighbour, property) for every relation of `node`, both directions."""
    out = [(v, str(d.get("property", ""))) for _, v, d in g.out_edges(node, data=True)]
    out += [(u, str(d.get("property", ""))) for u, _, d in g.in_edges(node, data=True)]
    return [(n, p) for n, p in out if n != node]


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)
