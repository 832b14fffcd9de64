"""The graph as NetworkX (entities and relations), the organisation graph and basic figures."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg.analysis.links import org_links
from kg.graph_parts import entity_classes, entity_labels, local_name, relation_triples
from kg.vocab import ORG_CLASSES

__all__ = [
    "ORGANISATION_CLASSES",
    "NodeScore",
    "Partners",
    "Collaboration",
    "Summary",
    "to_networkx",
    "org_graph",
    "centrality",
    "pagerank",
    "score_dict",
    "summarise",
    "summarise_graph",
]

logger = logging.getLogger(__name__)

ORGANISATION_CLASSES: frozenset[str] = ORG_CLASSES

# Class given to the end of a relation that has no samv: class in the data.
UNTYPED = "Resource"


@dataclass(frozen=True, slots=True)
class NodeScore:
    """Centrality figures of one node."""

    iri: str
    label: str
    cls: str
    degree: int  # distinct neighbours
    degree_centrality: float
    pagerank: float


@dataclass(frozen=True, slots=True)
class Partners:
    """An organisation and the organisations it collaborates with (org_graph neighbours)."""

    iri: str
    label: str
    cls: str
    partners: tuple[str, ...]  # labels, sorted


@dataclass(frozen=True, slots=True)
class Collaboration:
    """Two organisations linked in org_graph, the weight of the link and what links them."""

    source: str
    source_label: str
    target: str
    target_label: str
    weight: int
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Summary:
    """Basic figures of the graph, deterministic (sorted, rounded)."""

    nodes: int
    edges: int
    counts_by_class: tuple[tuple[str, int], ...]
    centrality: tuple[NodeScore, ...]  # every node, by PageRank then label
    partners: tuple[Partners, ...]  # organisations by number of partners
    collaborations: tuple[Collaboration, ...]  # by weight then labels
    components: tuple[int, ...]  # sizes of the connected components, largest first

    def top_degree(self, n: int = 10, classes: frozenset[str] | None = None) -> list[NodeScore]:
        """The `n` nodes of highest degree centrality (optionally only of `classes`)."""
        rows = [s for s in self.centrality if classes is None or s.cls in classes]
        return sorted(rows, key=lambda s: (-s.degree_centrality, s.label, s.iri))[:n]

    def top_pagerank(self, n: int = 10, classes: frozenset[str] | None = None) -> list[NodeScore]:
        """The `n` nodes of highest PageRank (optionally only of `classes`)."""
        return [s for s in self.centrality if classes is None or s.cls in classes][:n]

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "counts_by_class": dict(self.counts_by_class),
            "centrality": [score_dict(s) for s in self.centrality],
            "partners": [
                {"iri": p.iri, "label": p.label, "class": p.cls, "partners": list(p.partners)} for p in self.partners
            ],
            "collaborations": [
                {
                    "source": c.source,
                    "source_label": c.source_label,
                    "target": c.target,
                    "target_label": c.target_label,
                    "weight": c.weight,
                    "via": list(c.via),
                }
                for c in self.collaborations
            ],
            "components": list(self.components),
        }


GraphParts = tuple[dict[str, str], dict[str, str], list[tuple[str, str, str]]]


def graph_parts(store: ox.Store) -> GraphParts:
    """What `to_networkx` reads from the store: entity classes, labels and relation triples."""
    return entity_classes(store), entity_labels(store), relation_triples(store)


def to_networkx(store: ox.Store, parts: GraphParts | None = None) -> nx.MultiDiGraph:
    """The entities (nodes: label, cls) and samv: relations between them (edges keyed by property).

    `parts`, when given, is `graph_parts(store)` read beforehand.
    """
    classes, labels, relations = parts if parts is not None else graph_parts(store)
    g = nx.MultiDiGraph()
    for iri, cls in classes.items():
        g.add_node(iri, label=labels.get(iri) or local_name(iri), cls=cls)
    for subject, prop_iri, obj in relations:
        for end in (subject, obj):
            if end not in g:
                g.add_node(end, label=labels.get(end) or local_name(end), cls=classes.get(end, UNTYPED))
        prop = local_name(prop_iri)
        g.add_edge(subject, obj, key=prop, property=prop, label=prop)
    return g


def org_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """Organisations linked by direct relations and by shared projects, agreements, arenas, events, people.

    An organisation shares an activity when it takes part in it directly or through an affiliated
    person (kg.analysis.links defines it). Edge attributes: `weight` (how many links), `via`
    (sorted tuple: relation names and the labels of the shared things), `carriers` (person IRIs).
    """
    h = nx.Graph()
    for org in sorted(n for n, d in g.nodes(data=True) if d.get("cls") in ORGANISATION_CLASSES):
        h.add_node(org, label=g.nodes[org].get("label", org), cls=g.nodes[org].get("cls", ""))
    for link in org_links(g):
        things = link.activities + link.agreements + link.persons
        via = tuple(sorted({str(g.nodes[t].get("label", t)) for t in things} | set(link.direct)))
        h.add_edge(link.a, link.b, weight=link.weight, via=via, carriers=link.carriers)
    return h


def centrality(g: nx.MultiDiGraph) -> list[NodeScore]:
    """Degree centrality and PageRank of every node (on the undirected simple graph), by PageRank."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    simple.add_edges_from(sorted((u, v) for u, v in g.edges() if u != v))
    if simple.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(simple)
    rank = pagerank(simple)
    scores = [
        NodeScore(
            iri=n,
            label=str(g.nodes[n].get("label", n)),
            cls=str(g.nodes[n].get("cls", "")),
            degree=simple.degree(n),
            degree_centrality=round(degree[n], 6),
            pagerank=round(rank[n], 6),
        )
        for n in simple.nodes
    ]
    return sorted(scores, key=lambda s: (-s.pagerank, s.label, s.iri))


def summarise(store: ox.Store) -> Summary:
    """Counts per class, centrality, the organisations with most partners, connected components."""
    g = to_networkx(store)
    return summarise_graph(g)


def summarise_graph(g: nx.MultiDiGraph) -> Summary:
    """Summary of a graph made by to_networkx."""
    counts: dict[str, int] = defaultdict(int)
    for _, data in g.nodes(data=True):
        counts[str(data.get("cls", ""))] += 1
    orgs = org_graph(g)
    partners = [
        Partners(
            iri=n,
            label=str(orgs.nodes[n]["label"]),
            cls=str(orgs.nodes[n]["cls"]),
            partners=tuple(sorted(str(orgs.nodes[m]["label"]) for m in orgs.neighbors(n))),
        )
        for n in orgs.nodes
        if orgs.degree(n) > 0
    ]
    partners.sort(key=lambda p: (-len(p.partners), p.label, p.iri))
    collaborations = [
        Collaboration(
            source=a,
            source_label=str(orgs.nodes[a]["label"]),
            target=b,
            target_label=str(orgs.nodes[b]["label"]),
            weight=int(d["weight"]),
            via=tuple(d["via"]),
        )
        for a, b, d in orgs.edges(data=True)
    ]
    collaborations = [_ordered(c) for c in collaborations]
    collaborations.sort(key=lambda c: (-c.weight, c.source_label, c.target_label, c.source, c.target))
    components = sorted((len(c) for c in nx.weakly_connected_components(g)), reverse=True)
    return Summary(
        nodes=g.number_of_nodes(),
        edges=g.number_of_edges(),
        counts_by_class=tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))),
        centrality=tuple(centrality(g)),
        partners=tuple(partners),
        collaborations=tuple(collaborations),
        components=tuple(components),
    )


def pagerank(g: nx.Graph, weight: str | None = None) -> dict[str, float]:
    """PageRank (alpha 0.85), with SciPy when it is installed and NetworkX's pure-Python one otherwise."""
    try:
        return dict(nx.pagerank(g, alpha=0.85, tol=1e-10, max_iter=1000, weight=weight))
    except ImportError:  # NetworkX's default PageRank needs SciPy
        from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

        return dict(_pagerank_python(g, alpha=0.85, tol=1e-10, max_iter=1000, weight=weight))


def _ordered(c: Collaboration) -> Collaboration:
    if (c.source_label, c.source) <= (c.target_label, c.target):
        return c
    return Collaboration(c.target, c.target_label, c.source, c.source_label, c.weight, c.via)


def score_dict(s: NodeScore) -> dict[str, Any]:
    """A node's centrality scores as a JSON-ready dict."""
    return {
        "iri": s.iri,
        "label": s.label,
        "class": s.cls,
        "degree": s.degree,
        "degree_centrality": s.degree_centrality,
        "pagerank": s.pagerank,
    }
