"""Network analysis of the built graph (the only package that imports NetworkX).

`to_networkx` projects the RDF graph to a typed multi-digraph; `analyse` runs the analyses of
SPEC §3 `kg analyze` (centrality, brokers, communities, person dependency, gaps, typology) and
`analysis_quads` writes their results as RDF in the named graph ANALYSIS_GRAPH.
"""

from __future__ import annotations

from kg.analysis.core import affiliation_roles, analyse, analyse_graph
from kg.analysis.exchange import Look, node_attributes, write_gexf, write_graphml
from kg.analysis.graph import (
    ORGANISATION_CLASSES,
    Collaboration,
    NodeScore,
    Partners,
    Summary,
    centrality,
    org_graph,
    score_dict,
    summarise,
    summarise_graph,
    to_networkx,
)
from kg.analysis.rdf import ANALYSIS_GRAPH, analysis_quads
from kg.analysis.result import (
    Analysis,
    ArticulationPerson,
    Broker,
    CarriedLink,
    Centrality,
    Classification,
    Communities,
    Community,
    Gaps,
    Node,
    NodeCentrality,
    OperationalGap,
    PersonDependency,
    StrategicGap,
    Typology,
)

__all__ = [
    "ANALYSIS_GRAPH",
    "ORGANISATION_CLASSES",
    "Analysis",
    "ArticulationPerson",
    "Broker",
    "CarriedLink",
    "Centrality",
    "Classification",
    "Collaboration",
    "Communities",
    "Community",
    "Gaps",
    "Look",
    "Node",
    "NodeCentrality",
    "NodeScore",
    "OperationalGap",
    "Partners",
    "PersonDependency",
    "StrategicGap",
    "Summary",
    "Typology",
    "affiliation_roles",
    "analyse",
    "analyse_graph",
    "analysis_quads",
    "centrality",
    "node_attributes",
    "org_graph",
    "score_dict",
    "summarise",
    "summarise_graph",
    "to_networkx",
    "write_gexf",
    "write_graphml",
]
