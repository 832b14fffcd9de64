"""`kg build`: sources in, the graph, its store, view and report out."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli import handles_errors, main, one_line
from kg.errors import KgError


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("output"),
    show_default=True,
    help="Folder to write graph.ttl, graph.trig, graph.html, report.md and the store to.",
)
@click.option("--strict", is_flag=True, help="Fail on the first source that cannot be read instead of skipping it.")
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Leave out extracted relations whose confidence is below this (0..1).",
)
@click.option(
    "--ner",
    metavar="ADAPTER:MODEL",
    help="Add a statistical model's person and organisation spans, e.g. spacy:sv_core_news_lg (extra kg[spacy]).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    help="Extraction processes (default: one per core); with 1 the whole build runs in one process.",
)
@click.option(
    "--urls",
    "urls",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of web addresses to fetch and read, one a line (# starts a comment).",
)
@click.option("--offline", is_flag=True, help="Read web addresses from the fetch cache of the previous build only.")
@click.option("--quiet", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option("--no-cache", is_flag=True, help="Extract every document again, ignoring the previous build's cache.")
@handles_errors
def build(
    sources: tuple[str, ...],
    out: Path,
    strict: bool,
    min_confidence: float,
    ner: str | None,
    jobs: int | None,
    urls: Path | None,
    offline: bool,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Read every document under SOURCE... (files, folders or http(s) addresses; default: seeds/),
    extract, write --out.

    Web addresses are fetched politely (robots.txt, a pause between requests to a host) and kept in
    --out's cache; a rebuild asks the servers whether the pages changed. RDF files among the sources
    are merged as they are; curation instructions in them (owl:sameAs, samv:renameTo, samv:Rejection,
    samv:rejected) are applied to what extraction found.

    Example: kg build seeds/ https://www.example.se/samverkan --out output
    """
    from kg import building
    from kg.fetch import FetchOptions, read_address_list

    listed = read_address_list(urls) if urls is not None else []
    if urls is not None and not listed and not sources:
        raise KgError(f"{urls}: lists no web addresses.")
    summary = building.build(
        [*sources, *listed] or ["seeds"],
        out,
        strict=strict,
        jobs=jobs,
        extract=building.ExtractOptions(min_confidence, ner),
        progress=not quiet and sys.stderr.isatty(),
        incremental=not no_cache,
        fetch=FetchOptions(offline=offline),
    )
    for warning in summary.warnings:
        click.echo(f"Warning: {one_line(warning)}", err=True)
    click.echo(
        f"Built {out}: {summary.documents} documents, {summary.entities} entities, "
        f"{summary.facts} facts, {summary.triples} triples, {summary.merges} merges, "
        f"{summary.curations} curations applied, {len(summary.warnings)} warnings, {_shacl(summary.violations)}."
    )
    if summary.pages is not None:
        read, reused = summary.pages
        click.echo(f"Read {read} web pages ({reused} from the fetch cache, unchanged or offline).")
    if summary.patched is not None:
        extracted, removed, remade = summary.patched
        click.echo(
            f"Updated the previous build in place: {extracted} documents new or changed, {removed} removed, "
            f"{remade} document graphs made again."
        )


def _shacl(violations: int | None) -> str:
    if violations is None:
        return "SHACL not checked (large graph: run kg validate)"
    return f"{violations} SHACL violations"
