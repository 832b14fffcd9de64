"""Contact details are not facts: e-mail addresses and telephone numbers are masked in every text
the graph stores (quotes, snippets, titles)."""

from __future__ import annotations

import re
from typing import Any

__all__ = ["redact", "EMAIL_MASK", "PHONE_MASK", "pseudonym", "pseudonymise"]

EMAIL_MASK = "[e-post]"
PHONE_MASK = "[telefon]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Swedish numbers: a leading 0 or +46, an area code, then groups of digits ("08-563 085 00",
# "070-123 45 67", "+46 8 563 085 00"). Dates and years never start with 0 or +46.
_PHONE = re.compile(r"(?<![\w+-])(?:\+46[\s-]?\(?0?\)?\s?\d{1,3}|0\d{1,3})[\s-]?\d{2,3}(?:[\s-]?\d{2,3}){1,3}(?!\w)")


def redact(text: str) -> str:
    """`text` with e-mail addresses and telephone numbers masked."""
    return _PHONE.sub(PHONE_MASK, _EMAIL.sub(EMAIL_MASK, text))


# -- pseudonyms --------------------------------------------------------------------------------

_PERSON = "https://w3id.org/samverkan/id/person/"
_AFFILIATION = "https://w3id.org/samverkan/id/affiliation/"
_NAME_PREDICATES = (
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)


def pseudonym(iri: str, key: str = "") -> str:
    """A stable pseudonym for a person IRI: the same person (and key) always gets the same one."""
    import hashlib
    import hmac

    digest = hmac.new(key.encode("utf-8"), iri.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:10]


def pseudonymise(quads: list[Any], key: str = "") -> list[Any]:
    """The quads with every person's IRI and name replaced by a stable pseudonym.

    A person IRI becomes `…/person/p-<pseudonym>` and every name the graph gives the person
    (labels and alternative labels) is replaced, wherever it stands in a literal (quotes, snippets,
    titles, affiliation labels), by "Person <pseudonym>". Without a key the pseudonyms are stable but
    could be guessed by hashing candidate IRIs; with a secret `key` they cannot.
    """
    import pyoxigraph as ox

    names: dict[str, str] = {}
    slugs: dict[str, str] = {}
    for q in quads:
        s = q.subject
        if isinstance(s, ox.NamedNode) and s.value.startswith(_PERSON):
            code = pseudonym(s.value, key)
            slugs[s.value[len(_PERSON) :]] = "p-" + code
            if q.predicate.value in _NAME_PREDICATES and isinstance(q.object, ox.Literal):
                names[q.object.value] = f"Person {code[:6]}"
    # Longer names first, so that "Anna Jansson Åkerson" is replaced before "Anna Jansson".
    pattern = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))) if names else None

    def node(term: Any) -> Any:
        if not isinstance(term, ox.NamedNode):
            return term
        value = term.value
        if value.startswith(_PERSON) and value[len(_PERSON) :] in slugs:
            return ox.NamedNode(_PERSON + slugs[value[len(_PERSON) :]])
        if value.startswith(_AFFILIATION):
            person, _, rest = value[len(_AFFILIATION) :].partition("--")
            if person in slugs:
                return ox.NamedNode(f"{_AFFILIATION}{slugs[person]}--{rest}")
        return term

    def literal(term: Any) -> Any:
        if pattern is None or not isinstance(term, ox.Literal):
            return term
        text = pattern.sub(lambda m: names[m.group()], term.value)
        if text == term.value:
            return term
        if term.language:
            return ox.Literal(text, language=term.language)
        return ox.Literal(text, datatype=term.datatype)

    out = []
    for q in quads:
        out.append(ox.Quad(node(q.subject), node(q.predicate), literal(node(q.object)), node(q.graph_name)))
    return out
