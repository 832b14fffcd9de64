"""report.md: the network analysis of a built graph in prose and tables, deterministic.

Written in English with the Swedish names of the graph, for a collaboration strategist: overview,
documents read, central actors, communities, brokers, person-dependent links, gaps between the
strategic and the operational level, the 2x2 typology, who collaborates with whom, the timeline
(when the graph has dates), persons.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Sequence

import pyoxigraph as ox

from kg.analysis import ORGANISATION_CLASSES, Analysis, CarriedLink, Node, analyse
from kg.report.rows import Rows, document_rows, patched_rows, person_rows
from kg.report.tables import markdown_table
from kg.report.timeline import timeline_section
from kg.stats import Stats, compute_stats

__all__ = [
    "Rows",
    "document_rows",
    "markdown_table",
    "patched_rows",
    "person_rows",
    "render_analysis",
    "render_report",
    "render_sections",
    "store_sections",
]

logger = logging.getLogger(__name__)

_TOP = 10  # rows of the ranking tables
_LONG = 50  # rows of the long tables (links, gaps, typology items) before "… and N more"
_MEMBERS = 8  # members shown per community, link or gap
_CELL = 30  # members shown per cell of the typology table


def render_report(store: ox.Store, *, title: str = "Samverkan knowledge graph: report") -> str:
    """The Markdown report of a built graph (what `kg build` writes as report.md)."""
    return render_analysis(store, analyse(store), title=title)


def render_analysis(
    store: ox.Store,
    analysis: Analysis,
    *,
    title: str = "Samverkan knowledge graph: report",
    stats: Stats | None = None,
    sections: tuple[str, str] | None = None,
) -> str:
    """The Markdown report from an analysis (and, if given, the stats) already computed for `store`.

    `sections`, when given, is `store_sections(store)` read beforehand (by another process).
    """
    if stats is None:
        stats = compute_stats(store)
    documents, persons = sections if sections is not None else store_sections(store)
    parts = [
        f"# {_inline(title)}",
        _overview(stats, analysis),
        documents,
        _counts(stats),
        _central(analysis),
        _communities(analysis),
        _brokers(analysis),
        _dependency(analysis),
        _gaps(analysis),
        _typology(analysis),
        _collaborations(analysis),
        timeline_section(analysis.timeline),
        persons,
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts if part is not None) + "\n"


def store_sections(store: ox.Store) -> tuple[str, str]:
    """The sections read from the graph alone, not from the analysis: documents read, and persons."""
    return render_sections(document_rows(store), person_rows(store))


def render_sections(documents: Rows, persons: Rows) -> tuple[str, str]:
    """The documents and persons sections from their rows (`document_rows`, `person_rows`)."""
    return _documents([r for rows in documents.values() for r in rows]), _persons(
        [r for rows in persons.values() for r in rows]
    )


def _overview(stats: Stats, a: Analysis) -> str:
    dep = a.person_dependency
    links = len(dep.links)
    cells = {
        (lv, f): len(a.typology.cell(lv, f))
        for lv in ("Strategic", "Operational")
        for f in ("Formalised", "NotFormalised")
    }
    text = [
        "## Overview",
        f"{stats.documents} documents, {stats.entities} entities, {stats.relations} relations, "
        f"{stats.statements} provenance statements, {stats.triples} triples.",
        f"The network falls into {len(a.communities.items)} communities of related entities "
        f"({a.communities.method}, modularity {a.communities.modularity:.3f}); {_plural(len(a.brokers), 'broker')} (persons or "
        f"organisations) bridge communities. Of {_plural(links, 'link')} between organisations, "
        f"{sum(1 for x in dep.links if x.person_dependent)} ({dep.share:.0%}) are person-dependent "
        f"(carried by at most one named person) and {len(dep.cut_by_one_departure)} would be cut by one person's "
        f"departure. {_plural(len(a.gaps.strategic_without_operational), 'agreement')} "
        f"{'has' if len(a.gaps.strategic_without_operational) == 1 else 'have'} no operational activity between "
        f"{'its' if len(a.gaps.strategic_without_operational) == 1 else 'their'} parties, and "
        f"{_plural(len(a.gaps.operational_without_strategic), 'pair')} of organisations work together without an "
        "agreement.",
        f"Typology: {cells[('Strategic', 'Formalised')]} strategic and formalised, "
        f"{cells[('Strategic', 'NotFormalised')]} strategic and not formalised, "
        f"{cells[('Operational', 'Formalised')]} operational and formalised, "
        f"{cells[('Operational', 'NotFormalised')]} operational and not formalised.",
    ]
    return "\n\n".join(text)


def _documents(rows: list[list[str]]) -> str:
    rows = sorted(rows)
    if not rows:
        return "## Documents read\n\nNo documents."
    return "## Documents read\n\n" + markdown_table(["Title", "Source", "Format", "Entities mentioned"], rows)


def _counts(stats: Stats) -> str:
    classes = markdown_table(["Class", "Entities"], [[c, str(n)] for c, n in stats.entities_by_class])
    relations = markdown_table(["Property", "Relations"], [[p, str(n)] for p, n in stats.relations_by_property])
    return f"## Entities by class\n\n{classes}\n\n## Relations by property\n\n{relations}"


def _central(a: Analysis) -> str:
    c = a.centrality
    how = (
        "Betweenness is exact."
        if c.exact
        else f"Betweenness is estimated from {c.sample_size} sampled source nodes (seed {c.seed})."
    )
    out = [
        "## Central actors",
        "Degree counts distinct neighbours, weighted degree counts relations, PageRank weighs a node by "
        f"the weight of those it is related to, betweenness is the share of shortest paths through it. {how}",
    ]
    for heading, classes in (("Organisations", ORGANISATION_CLASSES), ("Persons", frozenset({"Person"}))):
        rows = [r for r in c.nodes if r.node.cls in classes][:_TOP]
        out.append(f"### {heading}")
        if not rows:
            out.append("None.")
            continue
        out.append(
            markdown_table(
                ["Name", "Class", "Degree", "Weighted degree", "PageRank", "Betweenness"],
                [
                    [
                        r.node.label,
                        r.node.cls,
                        str(r.degree),
                        f"{r.weighted_degree:g}",
                        f"{r.pagerank:.3f}",
                        f"{r.betweenness:.3f}",
                    ]
                    for r in rows
                ],
            )
        )
    return "\n\n".join(out)


def _communities(a: Analysis) -> str:
    head = "## Communities"
    com = a.communities
    if not com.items:
        return f"{head}\n\nNo related entities, so no communities."
    rows = [
        [str(c.number), c.name, str(len(c.members)), _list([m.label for m in c.members], _MEMBERS)]
        for c in com.items[:_LONG]
    ]
    intro = (
        f"{com.method} communities (seed {com.seed}) of the {sum(len(c.members) for c in com.items)} entities that have "
        f"relations; modularity {com.modularity:.3f}. Each is named by its most central members."
    )
    return f"{head}\n\n{intro}\n\n" + markdown_table(["#", "Community", "Size", "Members"], rows) + _more(com.items)


def _brokers(a: Analysis) -> str:
    head = "## Brokers"
    intro = (
        "People and organisations that move between parts of the network — the report's "
        "'bärare av information'. High betweenness means many shortest paths pass through them; low "
        "constraint and high effective size mean their contacts are not connected to each other."
    )
    if not a.brokers:
        return f"{head}\n\n{intro}\n\nNo person or organisation bridges two communities."
    names = {c.number: c.name for c in a.communities.items}
    rows = [
        [
            b.node.label,
            b.node.cls,
            f"{b.betweenness:.3f}",
            f"{b.constraint:.3f}",
            f"{b.effective_size:.2f}",
            "; ".join(f"{n}: {names.get(n, '')}" for n in b.communities),
        ]
        for b in a.brokers
    ]
    table = markdown_table(
        ["Name", "Class", "Betweenness", "Constraint", "Effective size", "Communities touched"], rows
    )
    return f"{head}\n\n{intro}\n\n{table}"


def _dependency(a: Analysis) -> str:
    dep = a.person_dependency
    head = "## Person-dependent links"
    if not dep.links:
        return f"{head}\n\nNo links between organisations."
    dependent = [x for x in dep.links if x.person_dependent]
    out = [
        head,
        f"The report finds that collaboration is person-dependent ('samverkan är personberoende'). Of "
        f"{_plural(len(dep.links), 'link')} between organisations, {len(dependent)} ({dep.share:.0%}) are carried by at "
        f"most one named person: {len(dep.single_person)} by exactly one and {len(dep.unanchored)} by none (stated only "
        f"between the organisations). {len(dep.cut_by_one_departure)} would be cut if one person left.",
        "### Links carried by a single person",
    ]
    if dep.single_person:
        rows = [[x.source.label, x.target.label, x.carriers[0].label, _through(x)] for x in dep.single_person[:_LONG]]
        out.append(
            markdown_table(["Organisation", "Organisation", "Carried by", "Through"], rows) + _more(dep.single_person)
        )
    else:
        out.append("None.")
    out.append("### Persons whose removal disconnects organisations")
    if dep.articulation_persons:
        rows = [
            [ap.person.label, _list([o.label for o in ap.cut_off], _MEMBERS)] for ap in dep.articulation_persons[:_LONG]
        ]
        out.append(
            markdown_table(["Person", "Organisations cut off from the rest"], rows) + _more(dep.articulation_persons)
        )
    else:
        out.append("None.")
    return "\n\n".join(out)


def _gaps(a: Analysis) -> str:
    out = [
        "## Gaps between the strategic and the operational level",
        "### Strategic links without operational activity",
        "Agreements whose parties share no project, arena, event or person.",
    ]
    strategic = a.gaps.strategic_without_operational
    if strategic:
        rows = [[g.agreement.label, _list([p.label for p in g.parties], _MEMBERS)] for g in strategic[:_LONG]]
        out.append(markdown_table(["Agreement", "Parties"], rows) + _more(strategic))
    else:
        out.append("None.")
    out += [
        "### Operational activity without a strategic frame",
        "Organisations that work together (a shared project, arena, event or person, or a stated "
        "collaboration) with no agreement between them.",
    ]
    operational = a.gaps.operational_without_strategic
    if operational:
        rows = [
            [g.source.label, g.target.label, _list([s.label for s in g.shared] + list(g.direct), _MEMBERS)]
            for g in operational[:_LONG]
        ]
        out.append(
            markdown_table(["Organisation", "Organisation", "Working together through"], rows) + _more(operational)
        )
    else:
        out.append("None.")
    return "\n\n".join(out)


def _typology(a: Analysis) -> str:
    t = a.typology
    head = "## Typology: strategic or operational, formalised or not"
    if not t.items:
        return f"{head}\n\nNo agreements, arenas, projects or events."

    def cell(level: str, formal: str) -> str:
        members = t.cell(level, formal)
        return f"{len(members)}: " + _list([c.node.label for c in members], _CELL) if members else "0"

    table = markdown_table(
        ["", "Formalised", "Not formalised"],
        [[level, cell(level, "Formalised"), cell(level, "NotFormalised")] for level in ("Strategic", "Operational")],
    )
    rows = [[c.node.label, c.node.cls, c.reason] for c in t.items[:_LONG]]
    items = markdown_table(["Item", "Class", "Classification and reason"], rows) + _more(t.items)
    intro = (
        "Every agreement, arena, project and event on the report's two axes, by the rules in "
        "ontology/typology.md; each classification names its rule and evidence."
    )
    return f"{head}\n\n{intro}\n\n{table}\n\n{items}"


def _collaborations(a: Analysis) -> str:
    head = "## Who collaborates with whom"
    links = sorted(a.person_dependency.links, key=lambda x: (-x.weight, x.source.label, x.target.label))
    if not links:
        return f"{head}\n\nNo collaborations between organisations found."
    rows = [
        [x.source.label, x.target.label, str(x.weight), _through(x), _list([p.label for p in x.carriers], _MEMBERS)]
        for x in links[:_LONG]
    ]
    table = markdown_table(["Organisation", "Organisation", "Links", "Through", "Carried by"], rows) + _more(links)
    partners: dict[Node, set[str]] = defaultdict(set)
    for x in links:
        partners[x.source].add(x.target.label)
        partners[x.target].add(x.source.label)
    ranked = sorted(partners.items(), key=lambda kv: (-len(kv[1]), kv[0].label, kv[0].iri))[:_TOP]
    most = markdown_table(
        ["Organisation", "Partners", "Partner organisations"],
        [[org.label, str(len(ps)), _list(sorted(ps), _MEMBERS)] for org, ps in ranked],
    )
    return f"{head}\n\n{table}\n\n### Organisations with the most partners\n\n{most}"


def _persons(rows: list[list[str]]) -> str:
    """Every person with each organisation and role."""
    rows = sorted(rows)
    head = "## Persons and their organisations"
    if not rows:
        return f"{head}\n\nNo persons."
    return f"{head}\n\n" + markdown_table(["Person", "Organisation", "Role"], rows)


def _through(x: CarriedLink) -> str:
    parts = [t.label for t in x.through] + [f"both: {p.label}" for p in x.persons] + list(x.direct)
    return _list(parts, _MEMBERS)


def _list(items: list[str], limit: int) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; … and {len(items) - limit} more" if len(items) > limit else "")


def _more(items: Sequence[object]) -> str:
    extra = len(items) - _LONG
    return f"\n\n… and {extra} more." if extra > 0 else ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _inline(text: str) -> str:
    return " ".join(text.split())
