"""When the graph's facts were observed: the dates of the documents that state each relation, and
the dated agreements, versions and events, read from a built store in a few queries.

A relation is *observed* at the date (`dcterms:date`) of every document whose provenance statement
(`rdf:Statement` with `prov:wasDerivedFrom` the document, in the document's named graph) states it. The facts are not changed:
what is read here feeds the analysis graph (`samv:firstObserved` / `samv:lastObserved` per
relation), the timeline of `kg analyze` and the year control of the view. Dates are kept as the
document gives them (W3CDTF: "2018-03-12", "2018-03" or "2018"); ordered as text, which for these
forms is the order of time, a year alone before the days of that year.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.store import select
from kg.vocab import DCTERMS, PROV, RDF, RELATIONS, SAMV

__all__ = [
    "DatedThing",
    "Observations",
    "RelationKey",
    "Relations",
    "TimeData",
    "document_statements",
    "read_time",
    "relation_observations",
    "year_of",
]

RelationKey = tuple[str, str, str]  # (subject IRI, local name of the samv: property, object IRI)
Observations = dict[RelationKey, tuple[str, ...]]  # relation -> its dates, distinct and sorted
Relations = tuple[RelationKey, ...]  # the relations a document's provenance statements state, sorted

_YEAR = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class DatedThing:
    """A date the graph states about an agreement, an agreement version or an event."""

    iri: str
    kind: str  # "signed" | "ended" | "version" | "event"
    date: str
    agreement: str = ""  # for a version: the agreement it is a version of


@dataclass(frozen=True, slots=True)
class TimeData:
    """What the timeline reads: relation observations, dated things and the documents' years."""

    observations: Observations = field(default_factory=dict)
    things: tuple[DatedThing, ...] = ()
    document_counts: tuple[tuple[int, int], ...] = ()  # (year, dated documents of that year), ascending

    @property
    def latest_year(self) -> int | None:
        """The latest year of a document date: what "gone quiet" is measured from (not the clock)."""
        return self.document_counts[-1][0] if self.document_counts else None


def year_of(date: str) -> int | None:
    """The year of a W3CDTF date ("2018-03-12" -> 2018), or None for anything else."""
    found = _YEAR.match(date)
    return int(found.group(1)) if found else None


def read_time(store: ox.Store, statements: Mapping[str, Relations] | None = None) -> TimeData:
    """The observations, dated things and document years of a built store; `statements` is
    `document_statements(store)` when made already."""
    documents: dict[int, set[str]] = defaultdict(set)
    query = f"SELECT DISTINCT ?doc ?d {{ ?doc a <{SAMV}Document> ; <{DCTERMS}date> ?d }}"
    for doc, date in select(store, query):
        year = year_of(date.value)
        if year is not None:
            documents[year].add(doc.value)
    observations = relation_observations(store, statements) if documents else {}
    counts = tuple((year, len(docs)) for year, docs in sorted(documents.items()))
    return TimeData(observations=observations, things=dated_things(store), document_counts=counts)


def relation_observations(store: ox.Store, statements: Mapping[str, Relations] | None = None) -> Observations:
    """Every relation stated by a dated document, with the distinct dates of those documents, sorted
    (`statements` as in `read_time`)."""
    dates = _dates(store)
    if statements is None:
        statements = document_statements(store)
    found: dict[RelationKey, set[str]] = defaultdict(set)
    for doc, values in dates.items():
        days = [date.group(0) for value in values if (date := _YEAR.match(value))]  # a date-time counts as its date
        for key in statements.get(doc, ()) if days else ():
            found[key].update(days)
    return {key: tuple(sorted(days)) for key, days in sorted(found.items())}


def document_statements(
    store: ox.Store, known: Mapping[str, Relations] | None = None, remade: Collection[str] = ()
) -> dict[str, Relations]:
    """Per dated resource (anything with a `dcterms:date`, by its N-Triples text: `<iri>`), the
    relations stated by the provenance statements (`rdf:Statement` with `prov:wasDerivedFrom` the
    resource) in its named graph, where the build puts a document's: none for a resource that names
    no graph.

    Those of `known` are taken as they are, except for the graphs in `remade` (as `<iri>`) and
    resources it lacks, which are read from `store`: a patched build reads the graphs it made again.
    """
    dated = sorted(_dates(store))
    if known is None:
        # One query over the dated documents' graphs: a third of the time of a join over the union on
        # the 2,000-document benchmark corpus.
        found = _statements(store, f"?doc <{DCTERMS}date> ?d . GRAPH ?doc", "?doc")
        return {doc: found.get(doc, ()) for doc in dated}
    again = set(remade)
    statements = {}
    for doc in dated:
        relations = known.get(doc)
        if relations is None or doc in again:
            relations = _statements(store, f"GRAPH {doc}", doc).get("", ())
        statements[doc] = relations
    return statements


def _statements(store: ox.Store, graph: str, doc: str) -> dict[str, Relations]:
    """The relations of the provenance statements derived from `doc` in `graph` (a pattern ending in
    a GRAPH keyword), by `?doc` (by "" when `doc` is a term, not the variable).

    The relation properties are picked out here rather than by a VALUES clause, which Oxigraph would
    join first, at three times the cost."""
    relations = {SAMV + name: name for name in RELATIONS}
    query = f"""SELECT DISTINCT {"?doc" if doc == "?doc" else ""} ?s ?p ?o {{
        {graph} {{ ?st <{PROV}wasDerivedFrom> {doc} ; <{RDF}predicate> ?p ; <{RDF}subject> ?s ; <{RDF}object> ?o }}
        FILTER(?p != <{SAMV}mentions>)
    }}"""
    found: dict[str, set[RelationKey]] = defaultdict(set)
    for row in select(store, query):
        s, p, o = row["s"], row["p"], row["o"]
        name = relations.get(p.value)
        if name is not None and isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
            found[str(row["doc"]) if doc == "?doc" else ""].add((s.value, name, o.value))
    return {key: tuple(sorted(keys)) for key, keys in found.items()}


def _dates(store: ox.Store) -> dict[str, list[str]]:
    """The values of the `dcterms:date`s of every resource that has one, by its N-Triples text."""
    found: dict[str, list[str]] = defaultdict(list)
    for doc, date in select(store, f"SELECT DISTINCT ?doc ?d {{ ?doc <{DCTERMS}date> ?d }}"):
        found[str(doc)].append(date.value)
    return found


def dated_things(store: ox.Store) -> tuple[DatedThing, ...]:
    """Agreements' start and end dates, the dates of agreement versions and of events, sorted.

    Versions are read as `samv:hasVersion` (the dated `samv:AgreementVersion`s extraction makes),
    `dcterms:hasVersion` or `dcterms:isVersionOf` between an agreement and a resource with
    `samv:startDate` or `dcterms:date` (curated graphs may use the Dublin Core terms).
    """
    query = f"""SELECT DISTINCT ?x ?kind ?d ?a {{
        {{ ?x a <{SAMV}Agreement> ; <{SAMV}startDate> ?d BIND("signed" AS ?kind) }}
        UNION {{ ?x a <{SAMV}Agreement> ; <{SAMV}endDate> ?d BIND("ended" AS ?kind) }}
        UNION {{ ?x a <{SAMV}Event> {{ ?x <{SAMV}date> ?d }} UNION {{ ?x <{SAMV}startDate> ?d }}
                 BIND("event" AS ?kind) }}
        UNION {{ ?a a <{SAMV}Agreement>
                 {{ ?a <{SAMV}hasVersion> ?x }} UNION {{ ?a <{DCTERMS}hasVersion> ?x }} UNION {{ ?x <{DCTERMS}isVersionOf> ?a }}
                 {{ ?x <{SAMV}startDate> ?d }} UNION {{ ?x <{DCTERMS}date> ?d }} BIND("version" AS ?kind) }}
    }}"""
    found = set()
    for row in select(store, query):
        x, kind, date, agreement = row["x"], row["kind"], row["d"], row["a"]
        if isinstance(x, ox.NamedNode) and date is not None and year_of(date.value) is not None:
            of = agreement.value if isinstance(agreement, ox.NamedNode) else ""
            found.add(DatedThing(iri=x.value, kind=kind.value if kind else "", date=date.value, agreement=of))
    return tuple(sorted(found, key=lambda t: (t.kind, t.date, t.iri, t.agreement)))
