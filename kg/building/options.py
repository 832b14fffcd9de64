"""What a build is asked to do and what it reports: options, the summary, and the output's file names."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.building.state import CacheFile
from kg.view.layout import LayoutMemo

__all__ = [
    "OUTPUT_FILES",
    "VALIDATE_MAX_QUADS",
    "BuildOptions",
    "BuildSummary",
    "ExtractOptions",
    "Unpatchable",
    "Written",
]

# What a build writes into its output folder (and swaps in, in this order).
OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.html", "report.md", "merges.csv", "store", "cache")

# SHACL validation of every build up to this size; larger graphs are checked with `kg validate`.
VALIDATE_MAX_QUADS = 300_000


@dataclass(frozen=True)
class ExtractOptions:
    """How the user asked extraction to work: a confidence floor, and a statistical model's spans."""

    min_confidence: float = 0.0  # facts below it are left out (0..1)
    ner: str | None = None  # "adapter:model", e.g. "spacy:sv_core_news_lg" (extra kg[spacy])


@dataclass(frozen=True)
class BuildOptions:
    """What a full and a patched build are both given besides the documents."""

    mode: str  # `plan.build_mode`: the code, extractor and options the outputs depend on
    jobs: int  # extraction processes
    ner: str | None  # a model's spec, for extra candidates
    progress: bool  # a progress bar on stderr
    min_confidence: float  # facts below it are left out
    layouts: LayoutMemo  # the view's layouts, reused from the previous build where they fit
    kept: CacheFile  # the cache file this build writes for the next (`kg.building.state`)


@dataclass(frozen=True)
class BuildSummary:
    """What a build read and wrote."""

    documents: int
    entities: int
    facts: int
    triples: int
    warnings: tuple[str, ...]
    merges: int
    curations: int = 0
    violations: int | None = None  # SHACL violations, None when the graph was too large to check
    reused: int = 0  # documents whose extraction the cache of the previous build gave
    out: Path | None = None
    # Set when the previous build was patched instead of built again: (documents extracted,
    # documents removed, document graphs made again).
    patched: tuple[int, int, int] | None = None
    # Set when sources named web addresses: (pages read, of which the fetch cache gave the body).
    pages: tuple[int, int] | None = None


@dataclass
class Written:
    """What the output stage reports back to `build`."""

    documents: int
    entities: int
    facts: int
    triples: int
    merges: int
    curations: int
    violations: int | None
    reused: int
    patched: tuple[int, int, int] | None = None


class Unpatchable(Exception):
    """The previous build cannot be patched after all (its store or cache is not there as described)."""
