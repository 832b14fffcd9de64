"""Python values of RDF terms: numbers, booleans and dates as such, everything else as text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pyoxigraph as ox

from kg.vocab import XSD

__all__ = ["term_value", "literal_value"]

_INTEGERS = (
    "integer int long short byte nonNegativeInteger positiveInteger negativeInteger nonPositiveInteger "
    "unsignedLong unsignedInt unsignedShort unsignedByte"
).split()
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _boolean(text: str) -> bool:
    return _BOOLEANS[text.strip()]


_PARSERS: dict[str, Callable[[str], object]] = {
    **{XSD + name: int for name in _INTEGERS},
    XSD + "decimal": float,
    XSD + "double": float,
    XSD + "float": float,
    XSD + "boolean": _boolean,
    XSD + "date": dt.date.fromisoformat,
    XSD + "dateTime": dt.datetime.fromisoformat,
}


def literal_value(text: str, datatype: str) -> object:
    """The Python value of a literal's lexical form `text` of `datatype`; the text when it is not valid."""
    parse = _PARSERS.get(datatype)
    if parse is None:
        return text
    try:
        return parse(text)
    except (ValueError, KeyError):
        return text


def term_value(term: object) -> object:
    """A Python value for an RDF term: a typed literal's value, an IRI's text, `_:id` for a blank node."""
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value)
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)
