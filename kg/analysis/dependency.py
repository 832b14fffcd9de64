"""Person dependency of the links between organisations, and the gaps between strategy and practice.

Person dependency (the report's "samverkan är personberoende"):

* For every link of the organisation graph (kg.analysis.links), its **carriers**: persons affiliated
  with both organisations, and persons affiliated with either who participate in, coordinate or
  organise a project, arena, event or agreement that both organisations share.
* **Single-person links**: links carried by exactly one person.
* **Person-dependent links**: links carried by at most one named person (none: the link is stated
  only between the organisations; one: it rests on that person). The share is their number over
  all links. Also reported: the links that one person's departure would cut (`key_persons`).
* **Articulation persons**: persons that are articulation points of the organisation–person–
  activity graph (organisations, persons, projects, arenas, events and agreements joined by their
  relations, undirected) and whose removal leaves organisations in two or more parts. `cut_off`
  lists the organisations outside the largest part once the person is gone.

Gaps:

* **Strategic without operational**: an agreement with two or more parties of which no two share a
  project, arena, event or person.
* **Operational without strategic**: two organisations that work together (a shared project, arena,
  event or person, or samv:collaboratesWith) with no agreement that both take part in.
"""

from __future__ import annotations

from collections import deque

import networkx as nx

from kg.analysis.links import SHARED_CLASSES, Involvement, OrgLink
from kg.analysis.result import (
    ArticulationPerson,
    CarriedLink,
    Gaps,
    Node,
    OperationalGap,
    PersonDependency,
    StrategicGap,
)
from kg.vocab import ORG_CLASSES

__all__ = ["compute_person_dependency", "compute_gaps"]


def compute_person_dependency(g: nx.MultiDiGraph, links: list[OrgLink], nodes: dict[str, Node]) -> PersonDependency:
    """The carriers of every link, the single-person links and the articulation persons."""
    carried = [
        CarriedLink(
            source=nodes[link.a],
            target=nodes[link.b],
            carriers=_sorted_nodes(link.carriers, nodes),
            key_persons=_sorted_nodes(link.key_persons, nodes),
            through=_sorted_nodes(link.activities + link.agreements, nodes),
            persons=_sorted_nodes(link.persons, nodes),
            direct=link.direct,
        )
        for link in links
    ]
    carried = [_ordered(c) for c in carried]
    carried.sort(key=lambda c: (len(c.carriers), c.source.label, c.target.label, c.source.iri, c.target.iri))
    return PersonDependency(links=tuple(carried), articulation_persons=_articulation_persons(g, nodes))


def compute_gaps(links: list[OrgLink], involvement: dict[str, dict[str, Involvement]], nodes: dict[str, Node]) -> Gaps:
    """Agreements whose parties share no activity or person; working pairs with no shared agreement."""
    working = {(link.a, link.b) for link in links if link.activities or link.persons}
    strategic = []
    for agreement, parties in involvement.items():
        if nodes[agreement].cls != "Agreement" or len(parties) < 2:
            continue
        names = sorted(parties)
        if any((a, b) in working for i, a in enumerate(names) for b in names[i + 1 :]):
            continue
        strategic.append(StrategicGap(agreement=nodes[agreement], parties=_sorted_nodes(tuple(names), nodes)))
    strategic.sort(key=lambda s: (s.agreement.label, s.agreement.iri))
    operational = []
    for link in links:
        if link.agreements or not link.operational:
            continue
        shared = _sorted_nodes(link.activities + link.persons, nodes)
        direct = tuple(d for d in link.direct if d == "collaboratesWith")
        gap = OperationalGap(source=nodes[link.a], target=nodes[link.b], shared=shared, direct=direct)
        if (gap.target.label, gap.target.iri) < (gap.source.label, gap.source.iri):
            gap = OperationalGap(source=gap.target, target=gap.source, shared=shared, direct=direct)
        operational.append(gap)
    operational.sort(key=lambda o: (-len(o.shared), o.source.label, o.target.label, o.source.iri, o.target.iri))
    return Gaps(strategic_without_operational=tuple(strategic), operational_without_strategic=tuple(operational))


def _articulation_persons(g: nx.MultiDiGraph, nodes: dict[str, Node]) -> tuple[ArticulationPerson, ...]:
    """Persons that are articulation points of the organisation–person–activity graph and separate organisations."""
    kept = {n for n, d in g.nodes(data=True) if d.get("cls") in ORG_CLASSES | SHARED_CLASSES | {"Person"}}
    h = nx.Graph()
    h.add_nodes_from(sorted(kept))
    h.add_edges_from(sorted((u, v) for u, v in g.edges() if u in kept and v in kept and u != v))
    orgs = {n for n in kept if nodes[n].cls in ORG_CLASSES}
    orgs_in: dict[str, int] = {}  # node -> organisations in its connected component
    for component in nx.connected_components(h):
        count = len(component & orgs)
        orgs_in.update(dict.fromkeys(component, count))
    found = []
    for person in sorted(p for p in nx.articulation_points(h) if nodes[p].cls == "Person"):
        parts = _parts_without(h, person, orgs)
        # The part still being walked when all others were done is the largest: "the rest of the network".
        rest = orgs_in[person] - sum(len(part_orgs) for _, part_orgs, walking in parts if not walking)
        done = sorted(((size, part_orgs) for size, part_orgs, walking in parts if not walking), key=lambda x: -x[0])
        if any(walking for _, _, walking in parts):
            holding = sum(1 for _, part_orgs in done if part_orgs) + (1 if rest else 0)
            cut_off = {o for _, part_orgs in done for o in part_orgs}
        else:
            holding = sum(1 for _, part_orgs in done if part_orgs)
            cut_off = {o for _, part_orgs in done[1:] for o in part_orgs}
        if holding >= 2:
            found.append(ArticulationPerson(nodes[person], _sorted_nodes(tuple(cut_off), nodes), holding))
    found.sort(key=lambda a: (-len(a.cut_off), a.person.label, a.person.iri))
    return tuple(found)


def _parts_without(h: nx.Graph, person: str, organisations: set[str]) -> list[tuple[int, set[str], bool]]:
    """(size, organisations, still walking) of each part of `h` without `person`, next to the person.

    The parts are walked breadth-first in lockstep, one walk per neighbour of the person; walks that
    meet are merged. Walking stops when one walk is left, so the cost is that of the smaller parts:
    the last walk is the largest part and its size and organisations are only partly known.
    """
    parent: list[int] = []
    queues: list[deque[str]] = []
    found: list[set[str]] = []
    sizes: list[int] = []
    owner: dict[str, int] = {person: -1}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for start in sorted(h.neighbors(person)):
        if start in owner:
            continue
        owner[start] = len(parent)
        parent.append(len(parent))
        queues.append(deque([start]))
        found.append({start} & organisations)
        sizes.append(1)
    while True:
        active = sorted({root(i) for i in range(len(parent)) if queues[root(i)]})
        if len(active) <= 1:
            break
        for i in active:
            if root(i) != i or not queues[i]:
                continue
            v = queues[i].popleft()
            for w in h.neighbors(v):
                j = owner.get(w)
                if j is None:
                    owner[w] = i
                    queues[i].append(w)
                    sizes[i] += 1
                    if w in organisations:
                        found[i].add(w)
                elif j >= 0 and (r := root(j)) != i:
                    parent[r] = i
                    queues[i].extend(queues[r])
                    queues[r] = deque()
                    found[i] |= found[r]
                    sizes[i] += sizes[r]
    roots = sorted({root(i) for i in range(len(parent))})
    return [(sizes[r], found[r], bool(queues[r])) for r in roots]


def _sorted_nodes(iris: tuple[str, ...], nodes: dict[str, Node]) -> tuple[Node, ...]:
    return tuple(sorted((nodes[i] for i in set(iris)), key=lambda n: (n.label, n.iri)))


def _ordered(c: CarriedLink) -> CarriedLink:
    if (c.source.label, c.source.iri) <= (c.target.label, c.target.iri):
        return c
    return CarriedLink(c.target, c.source, c.carriers, c.key_persons, c.through, c.persons, c.direct)
