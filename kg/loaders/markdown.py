"""Markdown: the raw text is kept (offsets stay valid); regions are the blocks of prose.

Fenced code blocks, HTML comments and the front matter are outside every region; a heading is a
region of its own that starts after its "#" marks. Indented code blocks are not detected (they are
too easily confused with list continuations) and are read as prose.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from kg.dates import parse_date
from kg.loaders.base import Line, iter_lines, trimmed_region
from kg.loaders.dating import dateline_date
from kg.loaders.decode import content_hash, decode_text
from kg.loaders.text import TITLE_MAX, first_line_title
from kg.model import Document, Region
from kg.vocab import slugify

__all__ = ["load_markdown", "markdown_regions", "front_matter"]

logger = logging.getLogger(__name__)

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r" {0,3}(#{1,6})(?:[ \t]+|$)")
_CLOSING_HASHES = re.compile(r"[ \t]+#+[ \t]*$|^#+[ \t]*$")
_RULE = re.compile(r" {0,3}([-*_=])(?:[ \t]*\1){2,}[ \t]*$")
_FRONT_FIELD = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"


def front_matter(lines: list[Line]) -> tuple[dict[str, str], int]:
    """The simple `key: value` fields of a leading `---` … `---` block, and the index of the first line after it."""
    if not lines or lines[0].text.rstrip() != "---":
        return {}, 0
    for index in range(1, len(lines)):
        if lines[index].text.rstrip() in ("---", "..."):
            fields: dict[str, str] = {}
            for line in lines[1:index]:
                match = _FRONT_FIELD.fullmatch(line.text.strip())
                if match:
                    value = match.group(2).strip()
                    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                        value = value[1:-1]
                    fields.setdefault(match.group(1).casefold(), value)
            return fields, index + 1
    return {}, 0  # no closing line: not front matter


class _Blocks:
    """Collects prose pieces into regions; a break ends the current region."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.regions: list[Region] = []
        self._span: tuple[int, int] | None = None

    def piece(self, start: int, end: int) -> None:
        if start >= end or not self.text[start:end].strip():
            return
        self._span = (start, end) if self._span is None else (self._span[0], end)

    def cut(self) -> None:
        if self._span is not None:
            region = trimmed_region(self.text, *self._span)
            if region is not None:
                self.regions.append(region)
        self._span = None


def _heading_text(line: Line, match: re.Match[str]) -> tuple[int, int]:
    start = line.start + match.end()
    content = line.text[match.end() :]
    closing = _CLOSING_HASHES.search(content)
    end = line.start + match.end() + (closing.start() if closing else len(content))
    return start, end


def markdown_regions(text: str, lines: list[Line]) -> tuple[tuple[Region, ...], str | None]:
    """The prose regions of the Markdown `lines` of `text`, and the first level-one heading if any."""
    blocks = _Blocks(text)
    first_heading: str | None = None
    fence: str | None = None  # the opening fence while inside a fenced block
    in_comment = False
    for line in lines:
        if fence is not None:
            stripped = line.text.strip()
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            continue
        if not in_comment:
            fence_match = _FENCE.match(line.text)
            if fence_match:
                blocks.cut()
                fence = fence_match.group(1)
                continue
            if line.blank or _RULE.match(line.text):
                blocks.cut()
                continue
            heading = _HEADING.match(line.text)
            if heading:
                blocks.cut()
                start, end = _heading_text(line, heading)
                if first_heading is None and len(heading.group(1)) == 1 and text[start:end].strip():
                    first_heading = text[start:end].strip()
                blocks.piece(start, end)
                blocks.cut()
                continue
        # Prose, possibly with HTML comments in it (which may span lines).
        pos = line.start
        while pos <= line.end:
            if in_comment:
                close = text.find(_COMMENT_CLOSE, pos, line.end)
                if close < 0:
                    break
                in_comment = False
                pos = close + len(_COMMENT_CLOSE)
                continue
            opening = text.find(_COMMENT_OPEN, pos, line.end)
            if opening < 0:
                blocks.piece(pos, line.end)
                break
            blocks.piece(pos, opening)
            blocks.cut()
            in_comment = True
            pos = opening + len(_COMMENT_OPEN)
    blocks.cut()
    return tuple(blocks.regions), first_heading


def load_markdown(path: Path, data: bytes, *, charset: str | None = None) -> list[Document]:
    """Read a Markdown file: title from the front matter, the first "# " heading or the first line."""
    decoded = decode_text(data, source=str(path), declared=charset)
    text = decoded.text
    lines = list(iter_lines(text))
    fields, body = front_matter(lines)
    regions, heading = markdown_regions(text, lines[body:])
    body_start = lines[body].start if body < len(lines) else len(text)
    title = fields.get("title") or heading or first_line_title(text[body_start:], path.stem)
    date = parse_date(fields.get("date", "").strip().strip("'\"")) or dateline_date(text[body_start:])
    return [
        Document(
            key=slugify(path.stem),
            title=title[:TITLE_MAX].rstrip(),
            text=text,
            source=str(path),
            format="markdown",
            content_hash=content_hash(data),
            regions=regions,
            date=date,
            encoding=decoded.encoding,
        )
    ]
