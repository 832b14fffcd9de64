"""Masking of contact details in stored text."""

from __future__ import annotations

import pytest

from kg.privacy import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kontakt: anna.berg@umu.se eller 090-786 50 00.", "Kontakt: [e-post] eller [telefon]."),
        ("tfn 08-563 085 00 fax +46 8 563 085 50", "tfn [telefon] fax [telefon]"),
        ("mobil 070-123 45 67", "mobil [telefon]"),
        ("Perioden 2012-04-01 2014-06-30, 103 99 Stockholm", "Perioden 2012-04-01 2014-06-30, 103 99 Stockholm"),
        ("Rapport 2006:54 R, 0,5 procent", "Rapport 2006:54 R, 0,5 procent"),
    ],
)
def test_contact_details_are_masked_and_nothing_else(text: str, expected: str) -> None:
    assert redact(text) == expected
