"""Every linked pair of organisations and its evidence as NumPy arrays: the lean form of `org_links`.

The definitions are those of kg.analysis.links (activities, agreements, carriers, departures); this
module computes the same things for person dependency and gaps without a Python object per pair,
because pairs are combinatorial: an activity with m organisations links m(m-1)/2 pairs, and the
100k-node benchmark graph has 9 million linked pairs. Entities are numbered by their place in
`LinkTable.order` (sorted by label, then IRI), so sorting numbers sorts entities as the results list
them, and link i joins `source[i] < target[i]`; links are numbered in the order of (source, target).

Key persons follow from the definition of a departure without testing every carrier: a link with a
direct relation or two persons affiliated with both has none; otherwise a person cuts the link when
they are the only person through whom one side takes part in each shared activity or agreement (a
side that takes part directly, or through two or more persons, survives any single departure), and,
when exactly one person is affiliated with both, only that person can cut it.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from kg.analysis.links import PERSON_ACTIONS, SHARED_CLASSES
from kg.analysis.result import Node
from kg.vocab import ORG_CLASSES

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only
    import networkx as nx

__all__ = ["Ints", "Ragged", "LinkTable", "link_table"]

Ints = npt.NDArray[np.int64]
Objects = npt.NDArray[np.object_]


@dataclass(frozen=True, slots=True)
class Ragged:
    """Rows of entity numbers of different lengths: row i is `values[offsets[i]:offsets[i + 1]]`, ascending."""

    offsets: Ints
    values: Ints

    @staticmethod
    def of(rows: Ints, values: Ints, count: int) -> Ragged:
        """The `count` rows of (row, value) pairs sorted by row, then value."""
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=count), out=offsets[1:])
        return Ragged(offsets, values.astype(np.int64, copy=False))

    def lengths(self) -> Ints:
        """The length of every row."""
        return np.diff(self.offsets)


@dataclass(frozen=True, slots=True)
class LinkTable:
    """Every linked pair of organisations (see kg.analysis.links) with its evidence, as arrays over links."""

    order: Objects  # entity number -> Node, sorted by (label, IRI)
    singles: Objects  # entity number -> (Node,): rows of one entity share these tuples
    label_rank: Ints  # entity number -> number of its label among the distinct labels, sorted
    source: Ints  # per link: the organisation that comes first in `order`
    target: Ints  # per link: the other organisation
    through: Ragged  # per link: shared activities and agreements
    agreements: Ints  # per link: how many of `through` are agreements
    persons: Ragged  # per link: persons affiliated with both
    direct: Objects  # per link: the sorted tuple of direct relations between the two
    collaborates: npt.NDArray[np.bool_]  # per link: collaboratesWith is one of them
    carriers: Ragged  # per link: persons who carry the link
    key_persons: Ragged  # per link: carriers whose departure alone cuts the link
    strategic: list[tuple[int, Ints]]  # agreements of 2+ parties none of which share an activity or person
    _made: dict[str, Objects] = field(default_factory=dict, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.source)

    def nodes(self, rows: Ragged, links: Ints) -> Objects:
        """The entities of `rows` for each of `links`, in that order, as tuples of Nodes (an object array)."""
        starts = rows.offsets[links]
        lengths = rows.offsets[links + 1] - starts
        out = np.empty(len(links), dtype=object)
        for length in np.flatnonzero(np.bincount(lengths)).tolist() if len(links) else ():
            at = np.flatnonzero(lengths == length)
            if length == 0:
                out[at] = _empty_tuples(len(at))
            elif length == 1:
                out[at] = self.singles[rows.values[starts[at]]]
            else:
                columns = [self.order[rows.values[starts[at] + j]].tolist() for j in range(length)]
                out[at] = np.fromiter(zip(*columns, strict=True), dtype=object, count=len(at))
        return out

    def through_nodes(self) -> Objects:
        """Per link, its shared activities and agreements as a tuple of Nodes; made once, for every analysis."""
        if "through" not in self._made:
            self._made["through"] = self.nodes(self.through, np.arange(len(self), dtype=np.int64))
        return self._made["through"]


def link_table(g: nx.MultiDiGraph, nodes: dict[str, Node]) -> LinkTable:
    """The linked pairs of organisations of `g`, their evidence, carriers and key persons."""
    order = sorted(nodes.values(), key=lambda x: (x.label, x.iri))
    number = {x.iri: i for i, x in enumerate(order)}
    n = len(order)
    is_org = [x.cls in ORG_CLASSES for x in order]
    is_shared = [x.cls in SHARED_CLASSES for x in order]
    affiliated: dict[int, set[int]] = defaultdict(set)
    direct: dict[tuple[int, int], set[str]] = defaultdict(set)
    around: dict[int, list[tuple[int, str]]] = defaultdict(list)  # activity or agreement -> (other end, property)
    for u, v, data in g.edges(data=True):
        prop = str(data.get("property", ""))
        a, b = number[u], number[v]
        if prop == "affiliatedWith" and is_org[b]:
            affiliated[a].add(b)
        if a == b:
            continue
        if is_org[a] and is_org[b]:
            direct[(a, b) if a < b else (b, a)].add(prop)
        if is_shared[a]:
            around[a].append((b, prop))
        if is_shared[b]:
            around[b].append((a, prop))
    sides = _sides(order, around, affiliated, is_org)
    label_rank = _label_rank(order)

    # One entry per pair of parties of an activity or agreement, grouped by pair, activities in order.
    entry_a, entry_b = sides.pairs()
    entry_key = sides.org[entry_a] * n + sides.org[entry_b]
    by_pair = np.argsort(entry_key, kind="stable")
    entry_a, entry_b, entry_key = entry_a[by_pair], entry_b[by_pair], entry_key[by_pair]
    both_key, both_person = _both(affiliated, n)
    direct_key = np.array([a * n + b for a, b in direct], dtype=np.int64)
    keys = _unique(np.concatenate([entry_key, both_key, direct_key]))
    count = len(keys)
    entry_link = np.searchsorted(keys, entry_key)
    both_link = np.searchsorted(keys, both_key)
    entry_thing = sides.thing[entry_a]
    through = Ragged.of(entry_link, entry_thing, count)
    persons = Ragged.of(both_link, both_person, count)
    is_agreement = np.array([x.cls == "Agreement" for x in order], dtype=bool)
    agreements = np.bincount(entry_link[is_agreement[entry_thing]], minlength=count)
    has_direct = np.zeros(count, dtype=bool)
    has_direct[np.searchsorted(keys, direct_key)] = True  # pair keys a * n + b fit in int64 up to 3e9 entities
    source, target = keys // n, keys % n
    relations = _empty_tuples(count)
    collaborates = np.zeros(count, dtype=bool)
    for i, props in zip(np.searchsorted(keys, direct_key).tolist(), direct.values(), strict=True):
        relations[i] = tuple(sorted(props))
        collaborates[i] = "collaboratesWith" in props

    carriers = _carriers(sides, entry_a, entry_b, entry_link, both_link, both_person, count, n)
    key_persons = _key_persons(sides, entry_a, entry_b, entry_link, through, persons, has_direct)
    working = (through.lengths() - agreements > 0) | (persons.lengths() > 0)
    strategic = _strategic(sides, entry_link, entry_thing, is_agreement, working)
    entities = np.empty(n, dtype=object)
    entities[:] = order
    return LinkTable(
        order=entities,
        singles=np.fromiter(((x,) for x in order), dtype=object, count=n),
        label_rank=label_rank,
        source=source,
        target=target,
        through=through,
        agreements=agreements,
        persons=persons,
        direct=relations,
        collaborates=collaborates,
        carriers=carriers,
        key_persons=key_persons,
        strategic=strategic,
    )


@dataclass(frozen=True, slots=True)
class _Sides:
    """How each party takes part in each activity or agreement: one row per (activity, organisation)."""

    thing: Ints  # the activity or agreement
    org: Ints  # the organisation, ascending within an activity
    direct: npt.NDArray[np.bool_]  # a relation joins them
    persons: Ragged  # the affiliated persons through whom the organisation takes part
    only: Ints  # the one such person when there is exactly one, else -1
    first: list[int]  # per activity with parties: its first row
    parties: list[int]  # per activity with parties: how many rows

    def pairs(self) -> tuple[Ints, Ints]:
        """Rows (a, b), a before b, of every pair of parties of the same activity or agreement."""
        found_a, found_b = [], []
        upper: dict[int, tuple[Ints, Ints]] = {}
        for first, k in zip(self.first, self.parties, strict=True):
            if k < 2:
                continue
            if k not in upper:
                i, j = np.triu_indices(k, 1)
                upper[k] = (i.astype(np.int64), j.astype(np.int64))
            i, j = upper[k]
            found_a.append(i + first)
            found_b.append(j + first)
        if not found_a:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        return np.concatenate(found_a), np.concatenate(found_b)


def _sides(
    order: list[Node], around: dict[int, list[tuple[int, str]]], affiliated: dict[int, set[int]], is_org: list[bool]
) -> _Sides:
    """The parties of every activity and agreement, directly or through affiliated persons (kg.analysis.links)."""
    thing: list[int] = []
    org: list[int] = []
    direct: list[bool] = []
    counts: list[int] = []
    flat: list[int] = []
    first: list[int] = []
    parties: list[int] = []
    for t in sorted(around):
        directly: set[int] = set()
        via: dict[int, set[int]] = defaultdict(set)
        for other, prop in around[t]:
            if is_org[other]:
                directly.add(other)
            elif order[other].cls == "Person" and prop in PERSON_ACTIONS:
                for o in affiliated.get(other, ()):
                    via[o].add(other)
        found = sorted(directly | via.keys())
        if not found:
            continue
        first.append(len(org))
        parties.append(len(found))
        for o in found:
            through = sorted(via.get(o, ()))
            thing.append(t)
            org.append(o)
            direct.append(o in directly)
            counts.append(len(through))
            flat.extend(through)
    rows = np.repeat(np.arange(len(org), dtype=np.int64), counts)
    persons = Ragged.of(rows, np.array(flat, dtype=np.int64), len(org))
    count = np.array(counts, dtype=np.int64)
    only = np.full(len(org), -1, dtype=np.int64)
    one = count == 1
    only[one] = persons.values[persons.offsets[:-1][one]]
    return _Sides(
        thing=np.array(thing, dtype=np.int64),
        org=np.array(org, dtype=np.int64),
        direct=np.array(direct, dtype=bool),
        persons=persons,
        only=only,
        first=first,
        parties=parties,
    )


def _both(affiliated: dict[int, set[int]], n: int) -> tuple[Ints, Ints]:
    """(pair key, person) for every pair of organisations and everyone affiliated with both, by key then person."""
    keys: list[int] = []
    persons: list[int] = []
    for person, orgs in affiliated.items():
        if len(orgs) < 2:
            continue
        ranked = sorted(orgs)
        for i, a in enumerate(ranked):
            for b in ranked[i + 1 :]:
                keys.append(a * n + b)
                persons.append(person)
    pair, who = np.array(keys, dtype=np.int64), np.array(persons, dtype=np.int64)
    by = np.lexsort((who, pair))
    return pair[by], who[by]


def _carriers(
    sides: _Sides,
    entry_a: Ints,
    entry_b: Ints,
    entry_link: Ints,
    both_link: Ints,
    both_person: Ints,
    count: int,
    n: int,
) -> Ragged:
    """Per link: persons affiliated with both, and the persons through whom either takes part in a shared thing."""
    lengths = sides.persons.lengths()
    keys = [both_link * n + both_person]
    for entry in (entry_a, entry_b):
        only = sides.only[entry]
        one = only >= 0  # most sides take part through one person: no need to expand them
        keys.append(entry_link[one] * n + only[one])
        many = np.flatnonzero(lengths[entry] >= 2)
        if len(many):
            spread = lengths[entry[many]]
            at = _spans(sides.persons.offsets[entry[many]], spread)
            keys.append(np.repeat(entry_link[many], spread) * n + sides.persons.values[at])
    pairs = _unique(np.concatenate(keys))
    return Ragged.of(pairs // n, pairs % n, count)


def _key_persons(
    sides: _Sides,
    entry_a: Ints,
    entry_b: Ints,
    entry_link: Ints,
    through: Ragged,
    persons: Ragged,
    has_direct: npt.NDArray[np.bool_],
) -> Ragged:
    """Per link: the carriers whose departure alone leaves it no evidence (see the module docstring)."""
    count = len(has_direct)
    # The person whose departure ends a side's part in a shared thing, or -1 when none can.
    weak_a = np.where(sides.direct[entry_a], -1, sides.only[entry_a])
    weak_b = np.where(sides.direct[entry_b], -1, sides.only[entry_b])
    things = through.lengths()
    has_things = things > 0
    first = through.offsets[:-1][has_things]
    candidates = []
    for weak in (weak_a, weak_b):
        c = np.full(count, -1, dtype=np.int64)
        c[has_things] = weak[first]  # a key person ends the first shared thing, and every other
        candidates.append(c)
    candidates[1][candidates[1] == candidates[0]] = -1
    in_both = persons.lengths()
    one = in_both == 1
    only_both = np.full(count, -1, dtype=np.int64)
    only_both[one] = persons.values[persons.offsets[:-1][one]]
    found = []
    for c in candidates:
        at = c[entry_link]
        ends = (at >= 0) & ((weak_a == at) | (weak_b == at))
        every = np.bincount(entry_link[ends], minlength=count) == things
        found.append(np.where(has_things & every & (~one | (c == only_both)), c, -1))
    found[0] = np.where(one & ~has_things, only_both, found[0])
    cut = ~(has_direct | (in_both >= 2))
    n = max(int(sides.persons.values.max(initial=0)), int(persons.values.max(initial=0))) + 1
    keys = [np.flatnonzero(cut & (k >= 0)) * n for k in found]
    keys = [key + k[key // n] for key, k in zip(keys, found, strict=True)]
    pairs = np.sort(np.concatenate(keys), kind="stable")  # two sorted runs
    return Ragged.of(pairs // n, pairs % n, count)


def _strategic(
    sides: _Sides,
    entry_link: Ints,
    entry_thing: Ints,
    is_agreement: npt.NDArray[np.bool_],
    working: npt.NDArray[np.bool_],
) -> list[tuple[int, Ints]]:
    """Agreements of two or more parties of which no two share an activity or a person, with their parties."""
    of_agreement = is_agreement[entry_thing]
    busy = np.zeros(len(is_agreement), dtype=bool)
    busy[entry_thing[of_agreement & working[entry_link]]] = True
    found = []
    for first, k in zip(sides.first, sides.parties, strict=True):
        t = int(sides.thing[first])
        if k >= 2 and is_agreement[t] and not busy[t]:
            found.append((t, sides.org[first : first + k]))
    return found


def _empty_tuples(count: int) -> Objects:
    out = np.empty(count, dtype=object)
    out.fill(())
    return out


def _unique(values: Ints) -> Ints:
    """The distinct values, ascending (np.unique, without its hashing, which is slow on tens of millions).

    The values come as a few sorted runs, which NumPy's stable sort merges in about half the time.
    """
    ordered = np.sort(values, kind="stable")
    keep = np.ones(len(ordered), dtype=bool)
    keep[1:] = ordered[1:] != ordered[:-1]
    return ordered[keep]


def _spans(starts: Ints, lengths: Ints) -> Ints:
    """start, start + 1, ..., start + length - 1 for each (start, length), concatenated."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(total, dtype=np.int64)


def _label_rank(order: list[Node]) -> Ints:
    """Per entity number, the number of its label among the distinct labels in order."""
    ranks = np.zeros(len(order), dtype=np.int64)
    current, previous = -1, None
    for i, x in enumerate(order):
        if x.label != previous:
            current, previous = current + 1, x.label
        ranks[i] = current
    return ranks
