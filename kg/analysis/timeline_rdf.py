"""The timeline as RDF in the analysis graph: an observation per dated relation, a node per observed link.

* `samv:Observation` (IRI `kg.vocab.observation_iri`): `samv:observedSubject`, `samv:observedProperty`
  and `samv:observedObject` name the relation (the fact itself stays as it is), `samv:firstObserved`
  and `samv:lastObserved` the first and last date of the documents that state it, typed as the
  documents give them (xsd:date, or xsd:gYearMonth / xsd:gYear for a month or a year).
* `samv:ObservedLink` (IRI `kg.vocab.link_iri`): the two organisations (`samv:linkedOrganisation`),
  each year the link was observed in (`samv:observedIn`, xsd:gYear), its first and last year
  (`samv:firstObserved` / `samv:lastObserved`, xsd:gYear), `samv:goneQuiet` and the persons who carry
  it in its last year (`samv:carriedInLastYearBy`).

Own properties rather than rdf:subject/rdf:predicate/rdf:object: queries that count a relation's
provenance statements by those properties would count the observations too.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.analysis.timeline import Timeline
from kg.dates import date_datatype
from kg.vocab import RDF, SAMV, XSD, link_iri, observation_iri

__all__ = ["timeline_pairs"]

Pairs = dict[str, set[tuple[str, str]]]


def timeline_pairs(t: Timeline, by_subject: Pairs, iri: Callable[[str], str]) -> None:
    """Add the (property, object) N-Triples texts of the timeline's nodes to `by_subject`."""
    a_type = iri(RDF + "type")
    subject_p, prop_p, object_p = (iri(SAMV + p) for p in ("observedSubject", "observedProperty", "observedObject"))
    first_p, last_p = iri(SAMV + "firstObserved"), iri(SAMV + "lastObserved")
    observation = iri(SAMV + "Observation")
    for r in t.relations:
        pairs = by_subject[iri(observation_iri(r.subject, SAMV + r.prop, r.obj))]
        pairs.update(
            {
                (a_type, observation),
                (subject_p, iri(r.subject)),
                (prop_p, iri(SAMV + r.prop)),
                (object_p, iri(r.obj)),
                (first_p, _date(r.first)),
                (last_p, _date(r.last)),
            }
        )
    link, linked, seen_in = iri(SAMV + "ObservedLink"), iri(SAMV + "linkedOrganisation"), iri(SAMV + "observedIn")
    quiet, carried = iri(SAMV + "goneQuiet"), iri(SAMV + "carriedInLastYearBy")
    for p in t.pairs:
        pairs = by_subject[iri(link_iri(p.source.iri, p.target.iri))]
        pairs.update({(a_type, link), (linked, iri(p.source.iri)), (linked, iri(p.target.iri))})
        pairs.update((seen_in, _year(y)) for y in p.years)
        pairs.update({(first_p, _year(p.first_year)), (last_p, _year(p.last_year))})
        pairs.add((quiet, f'"{str(p.status == "quiet").lower()}"^^<{XSD}boolean>'))
        pairs.update((carried, iri(c.iri)) for c in p.last_carriers)


def _date(value: str) -> str:
    """A W3CDTF date as an N-Triples literal of its datatype (the text is digits and hyphens)."""
    return f'"{value}"^^<{XSD}{date_datatype(value)}>'


def _year(year: int) -> str:
    return f'"{year:04d}"^^<{XSD}gYear>'
