"""The report's 2x2 typology: every agreement, arena, project and event as strategic or operational,
formalised or not, by the rules below; each classification records the rule and its evidence.

"Involved persons" are persons who participate in, coordinate or organise the item (or are party
to an agreement). A *leadership role* is a samv:role (on a samv:Affiliation) that names top
management: rektor, prorektor, vicerektor, kommundirektör, stadsdirektör, regiondirektör,
landshövding, generaldirektör, överdirektör, kommunalråd, regionråd, or any kind of ordförande.

Level (samv:collaborationLevel), first rule that applies:

* L1 (all items) – every involved person holds a leadership role: **Strategic** (e.g. a meeting
  between a rektor and a municipal chair).
* L2 (projects, arenas) – a coordinator or organiser holds a leadership role: **Strategic**.
* L3 (agreements) – the name says the kind of agreement is operational (uppdragsavtal,
  utbildningsavtal, forskningsavtal, praktikavtal, VFU, examensarbete, rutin): **Operational**.
* L4 (all items) – the name says strategy or leadership (avsiktsförklaring, partnerskap,
  samverkansavtal, samarbetsavtal, ramavtal, överenskommelse, kontrakt, strategi, styrgrupp,
  ledningsgrupp, styrelse, rektorsmöte): **Strategic**.
* L5 (agreements) – otherwise an agreement is **Strategic**: an organisation enters an agreement
  through its leadership; the reason names the parties, and a leadership role of a party when the
  graph holds one.
* L6 (projects, arenas, events) – otherwise **Operational**: work in practice, run by researchers
  and staff (the reason names the involved persons, if any).

Formalisation (samv:formalisation):

* F1 (agreements) – **Formalised**: an agreement is an agreed form by definition.
* F2 (projects, arenas) – with an organiser, coordinator or funder: **Formalised** (named).
* F3 (projects, arenas) – with none recorded: still **Formalised**, because a named project or a
  standing meeting place is itself an agreed form of work; the reason says no organiser is recorded.
* F4 (events) – part of a project or arena, or with an organiser or coordinator: **Formalised**.
* F5 (events) – a dated meeting that belongs to no project or arena and has no organiser:
  **Not formalised** (an ad-hoc meeting, a single guest lecture).

The word lists are matched case-insensitively against the item's label; ontology/typology.md
explains the rules with the seed report's examples.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.analysis.result import Classification, Node, Typology
from kg.vocab import ORG_CLASSES

if TYPE_CHECKING:  # NetworkX is imported by the analysis modules only
    import networkx as nx

__all__ = ["TYPOLOGY_CLASSES", "LEADERSHIP_ROLES", "Roles", "is_leadership", "classify"]

TYPOLOGY_CLASSES = ("Agreement", "Arena", "Project", "Event")

LEADERSHIP_ROLES = frozenset(
    {
        "rektor",
        "prorektor",
        "vicerektor",
        "kommundirektör",
        "stadsdirektör",
        "regiondirektör",
        "landshövding",
        "generaldirektör",
        "överdirektör",
        "kommunalråd",
        "regionråd",
    }
)
_STRATEGIC_WORDS = (
    "avsiktsförklaring",
    "partnerskap",
    "samverkansavtal",
    "samarbetsavtal",
    "ramavtal",
    "överenskommelse",
    "kontrakt",
    "strategi",
    "styrgrupp",
    "ledningsgrupp",
    "styrelse",
    "rektorsmöte",
)
_OPERATIONAL_AGREEMENT_WORDS = (
    "uppdragsavtal",
    "utbildningsavtal",
    "forskningsavtal",
    "praktikavtal",
    "vfu",
    "examensarbete",
    "rutin",
)
_PERSON_ACTIONS = frozenset({"participatesIn", "coordinates", "organises", "partyTo"})
_LEADING = frozenset({"coordinates", "organises"})
_ORGANISING = frozenset({"coordinates", "organises", "funds"})
_WORD = re.compile(r"[\w-]+")
_MAX_NAMES = 4

# Person IRI -> (organisation IRI, role) of each of its affiliations that has a role.
Roles = dict[str, tuple[tuple[str, str], ...]]


def is_leadership(role: str) -> bool:
    """Whether a role names top management ("rektor", "vice rektor", "KS-ordförande", ...)."""
    text = role.casefold()
    if "vice rektor" in text:
        return True
    return any(w in LEADERSHIP_ROLES or w.endswith("ordförande") for w in _WORD.findall(text))


def classify(g: nx.MultiDiGraph, roles: Roles, nodes: dict[str, Node]) -> Typology:
    """Classify every agreement, arena, project and event of `g`; `roles` maps persons to their roles."""
    heads: dict[str, list[tuple[str, str]]] = {}
    for person, held in sorted(roles.items()):
        for org, role in held:
            if is_leadership(role) and person in nodes:
                heads.setdefault(org, []).append((nodes[person].label, role))
    items = [_classify(g, node, roles, heads, nodes) for node in sorted(g.nodes) if nodes[node].cls in TYPOLOGY_CLASSES]
    order = {cls: i for i, cls in enumerate(TYPOLOGY_CLASSES)}
    items.sort(key=lambda c: (order[c.node.cls], c.node.label, c.node.iri))
    return Typology(items=tuple(items))


def _classify(
    g: nx.MultiDiGraph, iri: str, roles: Roles, heads: dict[str, list[tuple[str, str]]], nodes: dict[str, Node]
) -> Classification:
    node = nodes[iri]
    around = _relations(g, iri)
    persons = sorted({n for n, p in around if nodes[n].cls == "Person" and p in _PERSON_ACTIONS})
    leaders = [p for p in persons if any(is_leadership(r) for _, r in roles.get(p, ()))]
    level, level_rule, level_why = _level(node, around, persons, leaders, roles, nodes)
    if level_rule == "L5" and (found := _party_leaders(around, heads, nodes)):
        level_why = f"{level_why[:-1]}; leadership of the parties in the graph: {found}."
    formal, formal_rule, formal_why = _formalisation(node, around, nodes)
    reason = f"{level} ({level_rule}): {level_why} {_label(formal)} ({formal_rule}): {formal_why}"
    return Classification(node, level, formal, level_rule, formal_rule, reason)


def _level(
    node: Node,
    around: list[tuple[str, str]],
    persons: list[str],
    leaders: list[str],
    roles: Roles,
    nodes: dict[str, Node],
) -> tuple[str, str, str]:
    if persons and len(leaders) == len(persons):
        return "Strategic", "L1", f"only leadership roles take part ({_who(leaders, roles, nodes)})."
    if node.cls in ("Project", "Arena"):
        heads = sorted({n for n, p in around if p in _LEADING and n in leaders})
        if heads:
            return "Strategic", "L2", f"led by leadership roles ({_who(heads, roles, nodes)})."
    name = node.label.casefold()
    if node.cls == "Agreement":
        word = _first_in(name, _OPERATIONAL_AGREEMENT_WORDS)
        if word:
            return "Operational", "L3", f"the name says an operational kind of agreement ('{word}')."
    word = _first_in(name, _STRATEGIC_WORDS)
    if word:
        return "Strategic", "L4", f"the name says a strategic kind of collaboration ('{word}')."
    if node.cls == "Agreement":
        parties = sorted({n for n, p in around if nodes[n].cls in ORG_CLASSES})
        if not parties:
            return "Strategic", "L5", "an agreement is entered into at leadership level (no parties recorded)."
        return "Strategic", "L5", f"an agreement entered into by {_names(parties, nodes)} at leadership level."
    what = {"Project": "a project", "Arena": "a meeting place", "Event": "a meeting"}[node.cls]
    if persons:
        return (
            "Operational",
            "L6",
            f"{what} run by staff and researchers ({_names(persons, nodes)}), not by leadership.",
        )
    return "Operational", "L6", f"{what} in practice with no leadership role involved."


def _formalisation(node: Node, around: list[tuple[str, str]], nodes: dict[str, Node]) -> tuple[str, str, str]:
    if node.cls == "Agreement":
        return "Formalised", "F1", "an agreement is an agreed form of collaboration."
    organisers = sorted({n for n, p in around if p in _ORGANISING and nodes[n].cls != "Place"})
    if node.cls in ("Project", "Arena"):
        if organisers:
            return "Formalised", "F2", f"organised, coordinated or funded by {_names(organisers, nodes)}."
        kind = "a named project" if node.cls == "Project" else "a standing meeting place"
        return "Formalised", "F3", f"{kind} is an agreed form of work (no organiser recorded)."
    frames = sorted({n for n, p in around if p == "partOf" and nodes[n].cls in ("Project", "Arena")})
    if frames:
        return "Formalised", "F4", f"part of {_names(frames, nodes)}."
    if organisers:
        return "Formalised", "F4", f"organised or coordinated by {_names(organisers, nodes)}."
    return "NotFormalised", "F5", "a single meeting that belongs to no project or arena and has no organiser."


def _relations(g: nx.MultiDiGraph, iri: str) -> list[tuple[str, str]]:
    """(other end, property) of the relations of `iri`: incoming ones as they are, outgoing partOf."""
    found = [(u, str(d.get("property", ""))) for u, _, d in g.in_edges(iri, data=True)]
    found += [(v, str(d.get("property", ""))) for _, v, d in g.out_edges(iri, data=True)]
    return sorted({(n, p) for n, p in found if n != iri})


def _party_leaders(
    around: list[tuple[str, str]], heads: dict[str, list[tuple[str, str]]], nodes: dict[str, Node]
) -> str:
    """Leadership roles held at the parties: "Karin Röding, rektor vid Mälardalens universitet"."""
    found = sorted(
        (nodes[org].label, person, role)
        for org in {n for n, p in around if p == "partyTo"}
        for person, role in heads.get(org, ())
    )
    return "; ".join(f"{person}, {role} vid {org}" for org, person, role in found[:_MAX_NAMES])


def _first_in(text: str, words: Iterable[str]) -> str:
    return next((w for w in words if w in text), "")


def _who(persons: list[str], roles: Roles, nodes: dict[str, Node]) -> str:
    shown = []
    for p in persons[:_MAX_NAMES]:
        lead = sorted({r for _, r in roles.get(p, ()) if is_leadership(r)})
        shown.append(f"{nodes[p].label}, {'/'.join(lead)}" if lead else nodes[p].label)
    more = len(persons) - len(shown)
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _names(iris: list[str], nodes: dict[str, Node]) -> str:
    labels = sorted(nodes[i].label for i in iris)
    shown = ", ".join(labels[:_MAX_NAMES])
    return shown + (f" and {len(labels) - _MAX_NAMES} more" if len(labels) > _MAX_NAMES else "")


def _label(value: str) -> str:
    return "Not formalised" if value == "NotFormalised" else value
