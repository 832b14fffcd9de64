"""A stretch of a sentence that names something, and the letters Swedish names are written with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["MONTH_NAMES", "Span", "free", "UP", "LOW", "CAP", "NAME_WORD"]

UP = "A-ZÅÄÖÉÜÁÀÍÓÚÑĆČŠŽŁŃŚŹŻŘĚÝŐŰÇØÆÎÔÛË"
LOW = "a-zåäöéüáèíóúñćčšžłńśźżřěýůőűçãõâêîôûëïøæ"
CAP = rf"[{UP}][{LOW}]+(?:-[{UP}]?[{LOW}]+)*"
NAME_WORD = re.compile(rf"^[{UP}][{LOW}]+(?:-[{UP}][{LOW}]+)?$")


@dataclass
class Span:
    """A stretch of a sentence that names something."""

    start: int
    end: int
    kind: str  # "org", "place", "person", "project", "agreement", "arena", "name", "abbr"
    surface: str
    cls: str = ""
    iri: str | None = None  # set for reference entities
    label: str = ""  # canonical label (before resolution)
    reason: str = "label"
    extra: dict[str, str] = field(default_factory=dict)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


def free(spans: list[Span], start: int, end: int) -> bool:
    return not any(s.start < end and start < s.end for s in spans)


# The months by name, in the lower case Swedish writes them.
MONTH_NAMES = frozenset("januari februari mars april maj juni juli augusti september oktober november december".split())
