"""The `kg` command line: thin click commands that parse options, call one library function, format."""

from __future__ import annotations

import csv
import functools
import io
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KgError

__all__ = ["main"]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

_GRAPH_HELP = "Folder of the built graph (what `kg build --out` wrote)."


def _errors(func: F) -> F:
    """Turn library errors into one-line `Error: ...` messages with exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as err:
            raise click.ClickException(_one_line(str(err))) from err
        except OSError as err:
            where = err.filename or "output"
            raise click.ClickException(_one_line(f"{where}: {err.strerror or err}")) from err

    return wrapper  # type: ignore[return-value]


def _graph_option(func: F) -> F:
    return click.option(
        "--graph",
        "graph_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help=_GRAPH_HELP,
    )(func)


def _one_line(message: str) -> str:
    return " ".join(message.split())


def _write_stdout(data: bytes) -> None:
    stream = click.get_binary_stream("stdout")
    stream.write(data)
    stream.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Build and explore a knowledge graph of collaboration between Swedish universities and public actors.

    Example: kg build seeds/ && kg query --name persons
    """
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


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
@_errors
def build(sources: tuple[str, ...], out: Path, strict: bool, min_confidence: float, ner: str | None) -> None:
    """Read every document under SOURCE... (files or folders; default: seeds/), extract, write --out.

    RDF files among the sources are merged as they are; curation instructions in them (owl:sameAs,
    samv:renameTo, samv:Rejection, samv:rejected) are applied to what extraction found.

    Example: kg build seeds/ --out output
    """
    from kg import pipeline

    summary = pipeline.build(list(sources) or ["seeds"], out, strict=strict, min_confidence=min_confidence, ner=ner)
    for warning in summary.warnings:
        click.echo(f"Warning: {_one_line(warning)}", err=True)
    click.echo(
        f"Built {out}: {summary.documents} documents, {summary.entities} entities, "
        f"{summary.facts} facts, {summary.triples} triples, {summary.merges} merges, "
        f"{summary.curations} curations applied, {len(summary.warnings)} warnings."
    )


@main.command()
@click.argument("query", required=False)
@click.option(
    "--file", "query_file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a file."
)
@click.option("--name", "name", help="Run a named query of the library (see --list).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
    default="table",
    show_default=True,
    help="Result format (CONSTRUCT/DESCRIBE: Turtle, or JSON-LD for json, RDF/XML for xml).",
)
@click.option("--list", "list_", is_flag=True, help="List the named queries with their descriptions.")
@_graph_option
@_errors
def query(query: str | None, query_file: Path | None, name: str | None, fmt: str, list_: bool, graph_dir: Path) -> None:
    """Run a SPARQL query against the built graph; the project prefixes (samv:, org:, person: ...) are predeclared.

    Named graphs are part of the default graph, so provenance is visible without GRAPH; a fact stated
    in several documents then matches once per document, so use SELECT DISTINCT.

    Example: kg query --name persons

    Example: kg query 'SELECT ?p ?o WHERE { ?p samv:affiliatedWith ?o }' --format csv
    """
    from kg.queries import list_queries, load_query
    from kg.store import format_results, open_store, run_query

    if list_:
        known = list_queries()
        if not known:
            click.echo("No named queries.")
        width = max((len(q.name) for q in known), default=0)
        for named in known:
            click.echo(f"{named.name.ljust(width)}  {named.description}".rstrip())
        return
    given = [x for x in (query, query_file, name) if x is not None]
    if len(given) != 1:
        raise click.UsageError("Give exactly one of QUERY, --file F or --name N (or --list).")
    if query_file is not None:
        try:
            sparql = query_file.read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise click.ClickException(f"{query_file}: not UTF-8 text ({err.reason}).") from err
    elif name is not None:
        sparql = load_query(name)
    else:
        assert query is not None
        sparql = query
    store = open_store(graph_dir)
    _write_stdout(format_results(run_query(store, sparql), fmt))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nt", "nq", "jsonld", "xml", "graphml", "gexf", "csv"]),
    required=True,
    help="turtle, nt, xml: all facts merged in one graph; trig, nq, jsonld: with the named graphs; "
    "graphml, gexf: the entity network; csv: one row per relation.",
)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@_graph_option
@_errors
def export(fmt: str, out: Path | None, graph_dir: Path) -> None:
    """Write the built graph in another format (without the ontology).

    Example: kg export --format graphml --out samverkan.graphml
    """
    from kg.export import export_graph

    data = export_graph(graph_dir, fmt, out)
    if data is not None:
        _write_stdout(data)
    else:
        click.echo(f"Wrote {out}.", err=True)


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json", "csv"]),
    default="markdown",
    show_default=True,
    help="markdown: the report; json: centrality (brokers, communities, person_dependency, gaps, typology: "
    "(later), empty for now); csv: centrality of every node.",
)
@_graph_option
@_errors
def analyze(fmt: str, graph_dir: Path) -> None:
    """Network analysis of the built graph: central actors, who collaborates with whom.

    Example: kg analyze --format json > analysis.json
    """
    from kg.store import open_store

    store = open_store(graph_dir)
    if fmt == "markdown":
        from kg.report import render_report

        click.echo(render_report(store), nl=False)
        return
    from kg.analysis import centrality, score_dict, to_networkx

    scores = centrality(to_networkx(store))
    if fmt == "json":
        payload: dict[str, Any] = {
            "centrality": [score_dict(s) for s in scores],
            # Filled in by later versions.
            "brokers": [],
            "communities": [],
            "person_dependency": {},
            "gaps": {},
            "typology": {},
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["iri", "label", "class", "degree", "degree_centrality", "pagerank"])
    for s in scores:
        writer.writerow([s.iri, s.label, s.cls, s.degree, s.degree_centrality, s.pagerank])
    click.echo(buffer.getvalue(), nl=False)


@main.command()
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file (default: DIR/graph.html)."
)
@click.option("--title", default="Samverkan: collaboration graph", show_default=True, help="Page title.")
@_graph_option
@_errors
def viz(out: Path | None, title: str, graph_dir: Path) -> None:
    """(Re)write the interactive, self-contained HTML view of the built graph.

    Example: kg viz --out samverkan.html
    """
    from kg.analysis import to_networkx
    from kg.store import open_store
    from kg.view import write_html

    g = to_networkx(open_store(graph_dir))
    target = out if out is not None else graph_dir / "graph.html"
    write_html(g, target, title=title)
    click.echo(f"Wrote {target}: {g.number_of_nodes()} nodes, {g.number_of_edges()} relations.")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@_graph_option
@_errors
def stats(fmt: str, graph_dir: Path) -> None:
    """Counts of the built graph: entities by class, relations by property, documents, triples.

    Example: kg stats --format json
    """
    from kg.stats import compute_stats
    from kg.store import open_store

    result = compute_stats(open_store(graph_dir))
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    rows: list[tuple[str, str]] = [
        ("documents", str(result.documents)),
        ("entities", str(result.entities)),
        *((f"  {cls}", str(n)) for cls, n in result.entities_by_class),
        ("relations", str(result.relations)),
        *((f"  {prop}", str(n)) for prop, n in result.relations_by_property),
        ("statements", str(result.statements)),
        ("triples", str(result.triples)),
        ("quads", str(result.quads)),
    ]
    width = max(len(k) for k, _ in rows)
    num = max(len(v) for _, v in rows)
    click.echo("\n".join(f"{k.ljust(width)}  {v.rjust(num)}" for k, v in rows))


def _not_yet(name: str) -> None:
    raise click.ClickException(f"kg {name} is not available yet in this version.")


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_graph_option
@_errors
def validate(file: Path | None, graph_dir: Path) -> None:
    """SHACL-validate a graph (default: the built one) against ontology/shapes.ttl.

    Prints one line per result (severity, focus node, path, message) and exits with status 1 when
    the graph has violations.

    Example: kg validate output/graph.trig
    """
    from kg.store import shorten
    from kg.validate import validate_graph

    report = validate_graph(file, graph_dir)
    for r in report.results:
        value = f" (value {shorten(r.value)})" if r.value else ""
        click.echo(f"{r.severity}: {shorten(r.focus)} {shorten(r.path)}: {r.message}{value}")
    if not report.conforms:
        click.echo(f"Does not conform: {report.violations} violations in {len(report.results)} results.", err=True)
        raise click.exceptions.Exit(1)
    click.echo("Conforms: no SHACL violations.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=7878, show_default=True, type=int, help="Port to listen on.")
@_graph_option
def serve(host: str, port: int, graph_dir: Path) -> None:
    """Serve a read-only SPARQL 1.1 Protocol endpoint at /sparql plus the HTML view. (later)

    Example: kg serve --port 7878
    """
    _not_yet("serve")


@main.command(name="eval")
@click.argument("gold", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
@click.option(
    "--details/--no-details",
    default=True,
    show_default=True,
    help="List the misses (gold items not found), the spurious items and the class mismatches.",
)
@_graph_option
@_errors
def eval_(gold: Path, fmt: str, details: bool, graph_dir: Path) -> None:
    """Score a build against gold annotations: precision, recall, F1 for entities, typed entities, relations.

    GOLD is a gold JSON file or a folder of them (tests/data/gold/README.md describes the format);
    each is scored against the documents built from its source. Exit status 0 whatever the scores.

    Example: kg eval tests/data/gold/ --graph output
    """
    from kg.evaluate import evaluate

    result = evaluate(gold, graph_dir)
    for warning in result.warnings:
        click.echo(f"Warning: {_one_line(warning)}", err=True)
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(details=details), ensure_ascii=False, indent=2))
        return
    click.echo(_eval_text(result, details), nl=False)


def _prf(score: Any) -> str:
    return f"{score.precision:.3f}/{score.recall:.3f}/{score.f1:.3f}"


def _eval_text(result: Any, details: bool) -> str:
    """The text report of `kg eval`: a line per file, the totals, then (with details) the misses."""
    lines: list[str] = []
    for f in result.files:
        if f.skipped:
            lines.append(f"{f.gold}: skipped, its source {f.source} is not in the built graph")
            continue
        lines.append(
            f"{f.gold}: entities P/R/F1 {_prf(f.entities)}, typed {_prf(f.typed_entities)}, "
            f"relations {_prf(f.relations)}"
        )
    scored = len(result.files) - result.skipped
    lines += ["", f"Total over {scored} files ({result.skipped} skipped), micro-averaged"]
    rows: list[tuple[str, Any]] = [
        ("entities", result.entities),
        ("typed entities", result.typed_entities),
        ("relations", result.relations),
        ("by class", None),
        *((f"  {cls}", s) for cls, s in result.by_class),
        ("by property", None),
        *((f"  {prop}", s) for prop, s in result.by_property),
    ]
    width = max(len(name) for name, _ in rows)
    lines.append(f"{'':<{width}}  {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5}  {'R':>5}  {'F1':>5}")
    for name, s in rows:
        if s is None:
            lines.append(name)
            continue
        lines.append(f"{name:<{width}}  {s.tp:>4} {s.fp:>4} {s.fn:>4}  {s.precision:.3f}  {s.recall:.3f}  {s.f1:.3f}")
    if result.confusions:
        lines.append("class confusions (gold -> predicted)")
        lines += [f"  {g} -> {p}: {n}" for g, p, n in result.confusions]
    if details:
        for f in result.files:
            if f.skipped or not (f.misses or f.spurious or f.mismatches):
                continue
            lines += ["", f"{f.gold}"]
            for tag, items in (("miss", f.misses), ("spur", f.spurious)):
                for item in items:
                    if item.kind == "entity":
                        lines.append(f"  {tag}  entity    {item.category}  {item.label}")
                    else:
                        lines.append(f"  {tag}  relation  {item.label} {item.category} {item.object_label}")
            for m in f.mismatches:
                lines.append(f"  type  entity    {m.label}: gold {m.gold_class}, predicted {m.predicted_class}")
    return "\n".join(lines) + "\n"


@main.command()
@click.option("--endpoint", required=True, help="SPARQL 1.1 Graph Store / Update endpoint URL.")
@_graph_option
def push(endpoint: str, graph_dir: Path) -> None:
    """Load the built dataset into a SPARQL 1.1 store (Graph Store Protocol / Update). (later)

    Example: kg push --endpoint http://localhost:7878/store
    """
    _not_yet("push")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
