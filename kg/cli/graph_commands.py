"""The commands that read a built graph: query, export, analyze, viz, stats and validate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kg.cli import graph_option, handles_errors, main, write_stdout


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
@graph_option
@handles_errors
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

        write_stdout(format_results(remote_query(endpoint, sparql), fmt))
        return
    store = open_store(graph_dir)
    write_stdout(format_results(run_query(store, sparql), fmt))


@main.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "trig", "nt", "nq", "jsonld", "xml", "graphml", "gexf", "csv"]),
    required=True,
    help="turtle, nt, xml: all facts merged in one graph; trig, nq, jsonld: with the named graphs; "
    "graphml, gexf: the entity network with the scores of kg analyze and the view's colours, sizes "
    "and layout (for Gephi); csv: one row per relation.",
)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.option("--pseudonymise", is_flag=True, help="Replace every person's IRI and name by a stable pseudonym.")
@click.option(
    "--pseudonym-key",
    envvar="KG_PSEUDONYM_KEY",
    default="",
    help="Secret that makes the pseudonyms impossible to guess from names (or KG_PSEUDONYM_KEY).",
)
@graph_option
@handles_errors
def export(fmt: str, out: Path | None, pseudonymise: bool, pseudonym_key: str, graph_dir: Path) -> None:
    """Write the built graph in another format (without the ontology).

    Example: kg export --format gexf --out samverkan.gexf

    Example: kg export --format graphml --out samverkan.graphml

    Example: kg export --format turtle --pseudonymise --out delning.ttl
    """
    from kg.export import export_graph

    data = export_graph(graph_dir, fmt, out, pseudonymise=pseudonymise, key=pseudonym_key)
    if data is not None:
        write_stdout(data)
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
    "person_dependency, gaps, typology, timeline; csv: long rows analysis,item,item_label,measure,value.",
)
@click.option(
    "--quiet-years",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="A link between organisations has gone quiet when no document of the last N years "
    "(up to the latest dated document) states it.",
)
@graph_option
@handles_errors
def analyze(fmt: str, quiet_years: int, graph_dir: Path) -> None:
    """Network analysis of the built graph: central actors, brokers, communities, person-dependent links,
    gaps between the strategic and the operational level, the 2x2 typology and the timeline.

    Example: kg analyze --format json --quiet-years 5 > analysis.json
    """
    from kg.analysis import analyse
    from kg.store import open_store

    store = open_store(graph_dir)
    result = analyse(store, quiet_years=quiet_years)
    if fmt == "markdown":
        from kg.report import render_analysis

        click.echo(render_analysis(store, result), nl=False)
        return
    if fmt == "json":
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    from kg.csv_rows import csv_bytes

    write_stdout(csv_bytes(["analysis", "item", "item_label", "measure", "value"], result.csv_rows()))


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
@graph_option
@handles_errors
def viz(out: Path | None, title: str, max_nodes: int | None, graph_dir: Path) -> None:
    """(Re)write the interactive, self-contained HTML view of the built graph.

    Above 1500 nodes the view shows the most central ones and says what it left out.

    Example: kg viz --out samverkan.html --max-nodes 3000
    """
    from kg.analysis import affiliation_roles, analyse_graph, to_networkx
    from kg.observations import relation_observations
    from kg.store import open_store
    from kg.view import DEFAULT_MAX_NODES, view_inputs, write_html

    store = open_store(graph_dir)
    g = to_networkx(store)
    communities, scores = view_inputs(analyse_graph(g, affiliation_roles(store)))
    target = out if out is not None else graph_dir / "graph.html"
    limit = DEFAULT_MAX_NODES if max_nodes is None else max_nodes
    observed = relation_observations(store)
    write_html(
        g,
        target,
        title=title,
        store=store,
        communities=communities,
        scores=scores,
        max_nodes=limit,
        observed=observed,
    )
    shown = g.number_of_nodes() if limit == 0 else min(limit, g.number_of_nodes())
    left = g.number_of_nodes() - shown
    note = f" (showing the {shown} most central; run with --max-nodes 0 to show all)" if left else ""
    click.echo(f"Wrote {target}: {g.number_of_nodes()} nodes, {g.number_of_edges()} relations{note}.")


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
@graph_option
@handles_errors
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
@graph_option
@handles_errors
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
