"""The registry of loaders, keyed by format name: the one place where loaders are registered."""

from __future__ import annotations

import logging
from pathlib import Path

from kg.loaders.base import Loader
from kg.loaders.html import HTML_SUFFIXES, load_html, sniff_html
from kg.loaders.markdown import load_markdown
from kg.loaders.pdf import load_pdf
from kg.loaders.rdf import RDF_SUFFIXES, load_rdf
from kg.loaders.text import load_text
from kg.loaders.transcript import load_transcript, sniff_transcript

__all__ = ["LOADERS", "loader_for", "known_suffixes"]

logger = logging.getLogger(__name__)

# Order matters: the first loader that accepts a file reads it (the transcript sniff before plain text).
# A .txt file that starts like an HTML page is read as HTML.
LOADERS: dict[str, Loader] = {
    "html": Loader("html", HTML_SUFFIXES | {".txt"}, load_html, sniff_html),
    "transcript": Loader("transcript", frozenset({".txt"}), load_transcript, sniff_transcript),
    "text": Loader("text", frozenset({".txt", ".text"}), load_text),
    "markdown": Loader("markdown", frozenset({".md", ".markdown"}), load_markdown),
    "rdf": Loader("rdf", frozenset(RDF_SUFFIXES), load_rdf),
    "pdf": Loader("pdf", frozenset({".pdf"}), load_pdf),
}


def known_suffixes() -> frozenset[str]:
    """Every file suffix some registered loader reads."""
    return frozenset(suffix for loader in LOADERS.values() for suffix in loader.suffixes)


def loader_for(path: Path, data: bytes) -> Loader | None:
    """The first registered loader that accepts `path` with content `data`, or None."""
    for loader in LOADERS.values():
        if loader.accepts(path, data):
            return loader
    return None
