"""report.md: a Markdown summary of a built graph, deterministic."""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.analysis import ORGANISATION_CLASSES, Summary, summarise_graph, to_networkx
from kg.stats import Stats, compute_stats
from kg.store import select
from kg.vocab import DCTERMS, SAMV

if TYPE_CHECKING:  # NetworkX is imported by kg.analysis only
    import networkx as nx

__all__ = ["render_report", "markdown_table"]

logger = logging.getLogger(__name__)

_TOP = 10


def render_report(store: ox.Store, *, title: str = "Samverkan knowledge graph: report") -> str:
    """The Markdown report: documents, counts, central actors, who collaborates with whom, persons."""
    stats = compute_stats(store)
    g = to_networkx(store)
    summary = summarise_graph(g)
    parts = [
        f"# {_inline(title)}",
        _overview(stats, summary),
        _documents(store),
        _counts(stats),
        _central(summary),
        _collaborations(summary),
        _persons(store, g),
    ]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are escaped (`|`, newlines)."""
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _overview(stats: Stats, summary: Summary) -> str:
    components = len(summary.components)
    largest = summary.components[0] if summary.components else 0
    return (
        f"{stats.documents} documents, {stats.entities} entities, {stats.relations} relations, "
        f"{stats.statements} provenance statements, {stats.triples} triples. "
        f"The network has {components} connected component{'s' if components != 1 else ''}"
        f" (the largest has {largest} node{'s' if largest != 1 else ''})."
    )


def _documents(store: ox.Store) -> str:
    query = f"""SELECT ?d (SAMPLE(?t) AS ?title) (SAMPLE(?s) AS ?source) (SAMPLE(?f) AS ?format)
        (COUNT(DISTINCT ?m) AS ?mentions) {{
        ?d a <{SAMV}Document> .
        OPTIONAL {{ ?d <{DCTERMS}title> ?t }} OPTIONAL {{ ?d <{DCTERMS}source> ?s }}
        OPTIONAL {{ ?d <{SAMV}format> ?f }} OPTIONAL {{ ?d <{SAMV}mentions> ?m }}
    }} GROUP BY ?d"""
    rows = []
    for row in select(store, query):
        rows.append(
            [
                _value(row["title"]) or row["d"].value,
                _value(row["source"]),
                _value(row["format"]),
                _value(row["mentions"]) or "0",
            ]
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    if not rows:
        return "## Documents read\n\nNo documents."
    return "## Documents read\n\n" + markdown_table(["Title", "Source", "Format", "Entities mentioned"], rows)


def _counts(stats: Stats) -> str:
    classes = markdown_table(["Class", "Entities"], [[c, str(n)] for c, n in stats.entities_by_class])
    relations = markdown_table(["Property", "Relations"], [[p, str(n)] for p, n in stats.relations_by_property])
    return f"## Entities by class\n\n{classes}\n\n## Relations by property\n\n{relations}"


def _central(summary: Summary) -> str:
    out = ["## Most central actors"]
    for heading, classes in (("Organisations", ORGANISATION_CLASSES), ("Persons", frozenset({"Person"}))):
        scores = summary.top_pagerank(_TOP, classes)
        out.append(f"### {heading}")
        if not scores:
            out.append("None.")
            continue
        out.append(
            markdown_table(
                ["Name", "Class", "Relations to", "Degree centrality", "PageRank"],
                [[s.label, s.cls, str(s.degree), f"{s.degree_centrality:.3f}", f"{s.pagerank:.3f}"] for s in scores],
            )
        )
    return "\n\n".join(out)


def _collaborations(summary: Summary) -> str:
    head = "## Who collaborates with whom"
    if not summary.collaborations:
        return f"{head}\n\nNo collaborations between organisations found."
    rows = [[c.source_label, c.target_label, str(c.weight), "; ".join(c.via)] for c in summary.collaborations]
    table = markdown_table(["Organisation", "Organisation", "Links", "Through"], rows)
    partners = markdown_table(
        ["Organisation", "Partners", "Partner organisations"],
        [[p.label, str(len(p.partners)), "; ".join(p.partners)] for p in summary.partners[:_TOP]],
    )
    return f"{head}\n\n{table}\n\n### Organisations with the most partners\n\n{partners}"


def _persons(store: ox.Store, g: nx.MultiDiGraph) -> str:
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    query = f"""SELECT DISTINCT ?p ?o ?r {{ ?a a <{SAMV}Affiliation> ; <{SAMV}person> ?p ;
        <{SAMV}organisation> ?o . OPTIONAL {{ ?a <{SAMV}role> ?r }} }}"""
    for row in select(store, query):
        role = row["r"]
        entry = roles[(row["p"].value, row["o"].value)]
        if role is not None:
            entry.add(role.value)
    by_person: dict[str, set[str]] = defaultdict(set)
    for p, o in roles:
        by_person[p].add(o)
    rows = []
    for person, data in g.nodes(data=True):
        if data.get("cls") != "Person":
            continue
        orgs = sorted(
            {v for _, v, d in g.out_edges(person, data=True) if d.get("property") == "affiliatedWith"}
            | by_person.get(person, set())
        )
        if not orgs:
            rows.append([str(data.get("label", person)), "", ""])
        for org in orgs:
            org_label = str(g.nodes[org].get("label", org)) if org in g else org
            rows.append([str(data.get("label", person)), org_label, ", ".join(sorted(roles.get((person, org), ())))])
    rows.sort()
    head = "## Persons and their organisations"
    if not rows:
        return f"{head}\n\nNo persons."
    return f"{head}\n\n" + markdown_table(["Person", "Organisation", "Role"], rows)


def _value(term: object) -> str:
    if term is None:
        return ""
    return str(getattr(term, "value", term))


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _inline(text: str) -> str:
    return " ".join(text.split())
