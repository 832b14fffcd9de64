"""Compute the timeline (kg.analysis.timeline gives the definitions) from the graph and its observations.

Organisation pairs are found year by year: the relations observed in a year make a small graph, and
`link_table` (the analysis's links, carriers and key persons as arrays) finds its links. The cost is
that of the link table over the dated relations once per year they are observed in, and nothing for
a graph without dated documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import networkx as nx
import numpy as np

from kg.analysis.result import Node
from kg.analysis.table import link_table
from kg.analysis.timeline import DEFAULT_QUIET_YEARS, ObservedRelation, PairPeriod, Timeline, YearRow
from kg.observations import DatedThing, TimeData, year_of

__all__ = ["compute_timeline", "relation_years"]

Pair = tuple[str, str]


def compute_timeline(
    g: nx.MultiDiGraph,
    nodes: dict[str, Node],
    time: TimeData,
    *,
    links: int = 0,
    quiet_years: int = DEFAULT_QUIET_YEARS,
) -> Timeline:
    """The timeline of `g` (made by `to_networkx`) from `time` (kg.observations.read_time).

    `links` is the number of links of the whole organisation graph, to count the undated ones.
    """
    if quiet_years < 1:
        raise ValueError("quiet_years must be 1 or more")
    by_year, dated, undated = relation_years(g, time)
    observed = time.observations
    relations = tuple(
        ObservedRelation(u, p, v, observed[(u, p, v)][0], observed[(u, p, v)][-1])
        for u, p, v in sorted({r for rows in by_year.values() for r in rows})
    )
    seen: dict[Pair, list[int]] = defaultdict(list)
    carriers: dict[Pair, tuple[Node, ...]] = {}
    for year in sorted(by_year):
        for pair, carried in _year_links(g, nodes, by_year[year]):
            seen[pair].append(year)
            carriers[pair] = carried  # years ascending: the last one stays
    latest = time.latest_year
    pairs = [_period(nodes, pair, tuple(years), carriers[pair], latest, quiet_years) for pair, years in seen.items()]
    pairs.sort(key=lambda p: (p.first_year, p.last_year, p.source.label, p.target.label, p.source.iri, p.target.iri))
    return Timeline(
        quiet_years=quiet_years,
        latest_year=latest,
        years=_rows(time, pairs, latest),
        pairs=tuple(pairs),
        dated_relations=dated,
        undated_relations=undated,
        undated_pairs=max(links - len(pairs), 0),
        relations=relations,
    )


def relation_years(g: nx.MultiDiGraph, time: TimeData) -> tuple[dict[int, list[tuple[str, str, str]]], int, int]:
    """The relations (subject, property, object) of `g` observed in each year; how many are dated and undated."""
    observed = time.observations
    by_year: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    dated = undated = 0
    for u, v, key in g.edges(keys=True):
        dates = observed.get((u, key, v))
        if not dates:
            undated += 1
            continue
        dated += 1
        for year in sorted({y for y in map(year_of, dates) if y is not None}):
            by_year[year].append((u, key, v))
    return by_year, dated, undated


def _year_links(
    g: nx.MultiDiGraph, nodes: dict[str, Node], relations: list[tuple[str, str, str]]
) -> Iterable[tuple[Pair, tuple[Node, ...]]]:
    """The organisation pairs that `relations` alone link, with their carriers."""
    h = nx.MultiDiGraph()
    ends = sorted({end for u, _, v in relations for end in (u, v)})
    h.add_nodes_from((n, g.nodes[n]) for n in ends)
    for u, key, v in relations:
        h.add_edge(u, v, key=key, property=key)
    table = link_table(h, {n: nodes[n] for n in ends})
    if not len(table):
        return []
    everyone = table.nodes(table.carriers, np.arange(len(table), dtype=np.int64)).tolist()
    sources, targets = table.order[table.source].tolist(), table.order[table.target].tolist()
    return [((a.iri, b.iri), tuple(c)) for a, b, c in zip(sources, targets, everyone, strict=True)]


def _period(
    nodes: dict[str, Node], pair: Pair, years: tuple[int, ...], carried: tuple[Node, ...], latest: int | None, n: int
) -> PairPeriod:
    first, last = years[0], years[-1]
    if latest is not None and latest - last >= n:
        status, since = "quiet", last + n
    elif latest is not None and first <= latest - n:
        status, since = "lasting", None
    else:
        status, since = "new", None
    return PairPeriod(nodes[pair[0]], nodes[pair[1]], years, carried, status, since)


def _rows(time: TimeData, pairs: list[PairPeriod], latest: int | None) -> tuple[YearRow, ...]:
    """One row per year in which something is counted, ascending."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for kind, year_counts in _thing_counts(time.things).items():
        for year, count in year_counts.items():
            counts[year][kind] = count
    for p in pairs:
        counts[p.first_year]["pairs_first_observed"] += 1
        for year in p.years[1:]:
            counts[year]["pairs_still_observed"] += 1
        if p.quiet_since is not None and latest is not None:
            counts[p.quiet_since]["pairs_gone_quiet"] += 1
    for year, number in time.document_counts:
        counts[year]["documents"] = number
    return tuple(YearRow(year=year, **dict(counts[year])) for year in sorted(counts))


def _thing_counts(things: Iterable[DatedThing]) -> dict[str, dict[int, int]]:
    """Per count name, per year: distinct agreements signed, ended and renewed, and events."""
    found: dict[str, dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    starts: dict[str, int] = {}
    versions: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for t in things:
        year = year_of(t.date)
        if year is None:
            continue
        if t.kind == "signed":
            found["agreements_signed"][year].add(t.iri)
            starts[t.iri] = min(year, starts.get(t.iri, year))
        elif t.kind == "ended":
            found["agreements_ended"][year].add(t.iri)
        elif t.kind == "event":
            found["events"][year].add(t.iri)
        elif t.kind == "version" and t.agreement:
            versions[t.agreement].append((t.date, t.iri))
    for agreement, dated in versions.items():
        ordered = sorted(set(dated))
        start = starts.get(agreement)
        # A version of the year the agreement was signed is the signing; without a start date the
        # first version is.
        for date, version in ordered[1:] if start is None else ordered:
            year = year_of(date)
            if year is not None and (start is None or year > start):
                found["agreements_renewed"][year].add(version)
    return {kind: {year: len(iris) for year, iris in by_year.items()} for kind, by_year in found.items()}
