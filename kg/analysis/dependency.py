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

Both read the links from kg.analysis.table (the same definitions as `org_links`, computed as
arrays: the 100k-node benchmark graph has 9 million links) and turn them into result objects in
bulk; results are the same as `org_links` gives, in the same order.
"""

from __future__ import annotations

from collections import deque

import networkx as nx
import numpy as np

from kg.analysis import engine
from kg.analysis.links import SHARED_CLASSES
from kg.analysis.result import (
    ArticulationPerson,
    CarriedLink,
    Gaps,
    Node,
    OperationalGap,
    PersonDependency,
    StrategicGap,
)
from kg.analysis.table import Ints, LinkTable
from kg.vocab import ORG_CLASSES

__all__ = ["compute_person_dependency", "compute_gaps"]


def compute_person_dependency(
    g: nx.MultiDiGraph, table: LinkTable, nodes: dict[str, Node], *, large: bool = False
) -> PersonDependency:
    """The carriers of every link, the single-person links and the articulation persons.

    On `large` graphs igraph first checks whether any person is an articulation point at all.
    """
    carrying = table.carriers.lengths()
    by = _by_labels(table, carrying, np.arange(len(table), dtype=np.int64))
    carriers = table.nodes(table.carriers, by)
    key_persons = carriers.copy()  # key persons are carriers: all of them when as many
    fewer = np.flatnonzero(table.key_persons.lengths()[by] < carrying[by])
    key_persons[fewer] = table.nodes(table.key_persons, by[fewer])
    carried = map(
        CarriedLink,
        table.order[table.source[by]].tolist(),
        table.order[table.target[by]].tolist(),
        carriers.tolist(),
        key_persons.tolist(),
        table.through_nodes()[by].tolist(),
        table.nodes(table.persons, by).tolist(),
        table.direct[by].tolist(),
    )
    return PersonDependency(links=tuple(carried), articulation_persons=_articulation_persons(g, nodes, large))


def compute_gaps(table: LinkTable) -> Gaps:
    """Agreements whose parties share no activity or person; working pairs with no shared agreement."""
    order = table.order
    strategic = tuple(
        StrategicGap(agreement=order[t], parties=tuple(order[parties].tolist())) for t, parties in table.strategic
    )
    activities = table.through.lengths() - table.agreements
    persons = table.persons.lengths()
    gaps = np.flatnonzero((table.agreements == 0) & ((activities > 0) | (persons > 0) | table.collaborates))
    by = gaps[_by_labels(table, -(activities[gaps] + persons[gaps]), gaps)]
    # No agreements here, so `through` holds the activities; activities and persons are both shared.
    shared = table.through_nodes()[by]
    with_persons = np.flatnonzero(persons[by] > 0)
    people = table.nodes(table.persons, by[with_persons]).tolist()
    for i, who in zip(with_persons.tolist(), people, strict=True):
        shared[i] = tuple(sorted(shared[i] + who, key=lambda x: (x.label, x.iri)))
    operational = map(
        OperationalGap,
        order[table.source[by]].tolist(),
        order[table.target[by]].tolist(),
        shared.tolist(),
        [("collaboratesWith",) if c else () for c in table.collaborates[by].tolist()],
    )
    return Gaps(strategic_without_operational=strategic, operational_without_strategic=tuple(operational))


def _by_labels(table: LinkTable, first: Ints, links: Ints) -> Ints:
    """Positions of `links` (ascending) sorted by `first`, then the labels of source and target, then their IRIs.

    Links are numbered by (source, target) in entity order, which is the IRI order among equal
    labels, so stable sorts on the labels and then on `first` settle every tie.
    """
    if len(links) == 0:
        return np.zeros(0, dtype=np.int64)
    rank = table.label_rank
    if rank[-1] == len(rank) - 1:  # labels are distinct: label order is entity order
        by = np.arange(len(links), dtype=np.int64)
    else:
        by = np.lexsort((rank[table.target[links]], rank[table.source[links]]))
    first = first[by] - first.min()
    if first.max() < 2**15:
        first = first.astype(np.int16)  # NumPy radix-sorts small integers
    return by[np.argsort(first, kind="stable")]


def _articulation_persons(g: nx.MultiDiGraph, nodes: dict[str, Node], large: bool) -> tuple[ArticulationPerson, ...]:
    """Persons that are articulation points of the organisation–person–activity graph and separate organisations."""
    kept = {n for n, d in g.nodes(data=True) if d.get("cls") in ORG_CLASSES | SHARED_CLASSES | {"Person"}}
    if large and not _person_cut_points(g, kept, nodes):
        return ()  # igraph found no person to look into; the walks below need NetworkX's graph
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


def _person_cut_points(g: nx.MultiDiGraph, kept: set[str], nodes: dict[str, Node]) -> bool:
    """Whether a person is an articulation point of `g` restricted to `kept` (by igraph, for large graphs)."""
    names = sorted(kept)
    index = {v: i for i, v in enumerate(names)}
    edges = [(index[u], index[v]) for u, v in g.edges() if u != v and u in index and v in index]
    return any(nodes[names[i]].cls == "Person" for i in engine.articulation_points(len(names), edges))


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
