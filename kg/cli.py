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
@click.option(
    "--jobs",
    type=click.IntRange(1, 256),
    help="Extraction processes (default: one per core); with 1 the whole build runs in one process.",
)
@click.option("--quiet", is_flag=True, help="No progress bar (there is none when stderr is not a terminal).")
@click.option("--no-cache", is_flag=True, help="Extract every document again, ignoring the previous build's cache.")
@_errors
def build(
    sources: tuple[str, ...],
    out: Path,
    strict: bool,
    min_confidence: float,
    ner: str | None,
    jobs: int | None,
    quiet: bool,
    no_cache: bool,
) -> None:
    """Read every document under SOURCE... (files or folders; default: seeds/), extract, write --out.

    RDF files among the sources are merged as they are; curation instructions in them (owl:sameAs,
    samv:renameTo, samv:Rejection, samv:rejected) are applied to what extraction found.

    Example: kg build seeds/ --out output
    """
    from kg import pipeline

    summary = pipeline.build(
        list(sources) or ["seeds"],
        out,
        strict=strict,
        min_confidence=min_confidence,
        ner=ner,
        jobs=jobs,
        progress=not quiet and sys.stderr.isatty(),
        incremental=not no_cache,
    )
    for warning in summary.warnings:
        click.echo(f"Warning: {_one_line(warning)}", err=True)
    click.echo(
        f"Built {out}: {summary.documents} documents, {summary.entities} entities, "
        f"{summary.facts} facts, {summary.triples} triples, {summary.merges} merges, "
        f"{summary.curations} curations applied, {len(summary.warnings)} warnings, {_shacl(summary.violations)}."
    )
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
@click.option(
    "--endpoint",
    help="Query this SPARQL 1.1 endpoint instead of the built graph (e.g. a Virtuoso the graph was pushed to).",
)
@_graph_option
@_errors
def query(
    query: str | None,
    query_file: Path | None,
    name: str | None,
    fmt: str,
    list_: bool,
    endpoint: str | None,
    graph_dir: Path,
) -> None:
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
    if endpoint is not None:
        from kg.remote import remote_query

        _write_stdout(format_results(remote_query(endpoint, sparql), fmt))
        return
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
@click.option("--pseudonymise", is_flag=True, help="Replace every person's IRI and name by a stable pseudonym.")
@click.option(
    "--pseudonym-key",
    envvar="KG_PSEUDONYM_KEY",
    default="",
    help="Secret that makes the pseudonyms impossible to guess from names (or KG_PSEUDONYM_KEY).",
)
@_graph_option
@_errors
def export(fmt: str, out: Path | None, pseudonymise: bool, pseudonym_key: str, graph_dir: Path) -> None:
    """Write the built graph in another format (without the ontology).

    Example: kg export --format graphml --out samverkan.graphml

    Example: kg export --format turtle --pseudonymise --out delning.ttl
    """
    from kg.export import export_graph

    data = export_graph(graph_dir, fmt, out, pseudonymise=pseudonymise, key=pseudonym_key)
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
    help="markdown: the report; json: one object with the keys centrality, brokers, communities, "
    "person_dependency, gaps, typology; csv: long rows analysis,item,item_label,measure,value.",
)
@_graph_option
@_errors
def analyze(fmt: str, graph_dir: Path) -> None:
    """Network analysis of the built graph: central actors, brokers, communities, person-dependent links,
    gaps between the strategic and the operational level, and the 2x2 typology.

    Example: kg analyze --format json > analysis.json
    """
    from kg.analysis import analyse
    from kg.store import open_store

    store = open_store(graph_dir)
    result = analyse(store)
    if fmt == "markdown":
        from kg.report import render_analysis

        click.echo(render_analysis(store, result), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["analysis", "item", "item_label", "measure", "value"])
    writer.writerows(result.csv_rows())
    click.echo(buffer.getvalue(), nl=False)


@main.command()
@click.option(
    "--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="HTML file (default: DIR/graph.html)."
)
@click.option("--title", default="Samverkan: collaboration graph", show_default=True, help="Page title.")
@click.option(
    "--max-nodes",
    type=click.IntRange(min=0),
    default=None,
    help="Show at most this many nodes, the most central first (default: 1500; 0: no limit).",
)
@_graph_option
@_errors
def viz(out: Path | None, title: str, max_nodes: int | None, graph_dir: Path) -> None:
    """(Re)write the interactive, self-contained HTML view of the built graph.

    Above 1500 nodes the view shows the most central ones and says what it left out.

    Example: kg viz --out samverkan.html --max-nodes 3000
    """
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.store import open_store
    from kg.view import DEFAULT_MAX_NODES, write_html

    store = open_store(graph_dir)
    g = to_networkx(store)
    result = analyse_graph(g, affiliation_roles(store))
    communities = {m.iri: (c.number, c.name) for c in result.communities.items for m in c.members}
    scores = {r.node.iri: r.pagerank for r in result.centrality.nodes}
    target = out if out is not None else graph_dir / "graph.html"
    limit = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    write_html(g, target, title=title, store=store, communities=communities, scores=scores, max_nodes=limit)
    shown = g.number_of_nodes() if limit == 0 else min(limit, g.number_of_nodes())
    left = g.number_of_nodes() - shown
    note = f" (showing the {shown} most central; run with --max-nodes 0 to show all)" if left else ""
    click.echo(f"Wrote {target}: {g.number_of_nodes()} nodes, {g.number_of_edges()} relations{note}.")


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
@click.option(
    "--timeout", default=10.0, show_default=True, type=float, help="Seconds a query may run before it is stopped."
)
@click.option(
    "--max-result-bytes", default=50_000_000, show_default=True, type=int, help="Largest result the endpoint sends."
)
@click.option("--workers", default=2, show_default=True, type=int, help="Queries answered at the same time.")
@_graph_option
@_errors
def serve(host: str, port: int, timeout: float, max_result_bytes: int, workers: int, graph_dir: Path) -> None:
    """Serve a read-only SPARQL 1.1 Protocol endpoint at /sparql, the HTML view at / and a query page at /query.

    Updates, LOAD and SERVICE are refused (403); a query past --timeout is stopped (503).

    Example: kg serve --port 7878
    """
    from kg.serve import ServeOptions
    from kg.serve import serve as run

    options = ServeOptions(graph_dir, timeout=timeout, max_result_bytes=max_result_bytes, workers=workers)
    try:
        for line in run(options, host, port):
            click.echo(line, err=True)
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)


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
@click.option("--endpoint", required=True, help="SPARQL 1.1 Update endpoint URL of the store.")
@click.option("--user", help="User name, when the endpoint needs one (HTTP basic or digest).")
@click.option("--password", envvar="KG_ENDPOINT_PASSWORD", help="Password (or KG_ENDPOINT_PASSWORD).")
@_graph_option
@_errors
def push(endpoint: str, user: str | None, password: str | None, graph_dir: Path) -> None:
    """Load the built dataset, named graphs kept, into a SPARQL 1.1 store; each graph is replaced.

    Example: kg push --endpoint http://127.0.0.1:8890/sparql
    """
    from kg.remote import push as run_push

    summary = run_push(graph_dir, endpoint, user=user, password=password)
    click.echo(f"Pushed {summary.graphs} graphs, {summary.triples} triples to {summary.endpoint}.")


def run(**options: Any) -> None:
    """The `kg` command. It ends as any Python program does, so profilers and coverage see all of a build."""
    main(**options)


if __name__ == "__main__":  # pragma: no cover
    run()
