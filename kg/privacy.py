"""Contact details are not facts: e-mail addresses and telephone numbers are masked in every text
the graph stores (quotes, snippets, titles)."""

from __future__ import annotations

import re

__all__ = ["redact", "EMAIL_MASK", "PHONE_MASK"]

EMAIL_MASK = "[e-post]"
PHONE_MASK = "[telefon]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Swedish numbers: a leading 0 or +46, an area code, then groups of digits ("08-563 085 00",
# "070-123 45 67", "+46 8 563 085 00"). Dates and years never start with 0 or +46.
_PHONE = re.compile(r"(?<![\w+-])(?:\+46[\s-]?\(?0?\)?\s?\d{1,3}|0\d{1,3})[\s-]?\d{2,3}(?:[\s-]?\d{2,3}){1,3}(?!\w)")


def redact(text: str) -> str:
    """`text` with e-mail addresses and telephone numbers masked."""
    return _PHONE.sub(PHONE_MASK, _EMAIL.sub(EMAIL_MASK, text))
