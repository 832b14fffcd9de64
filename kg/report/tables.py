"""Markdown tables of the report."""

from __future__ import annotations

__all__ = ["markdown_table"]


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are escaped (`|`, newlines)."""
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
