"""The commands that serve, score and push a built graph: serve, eval and push."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from kg.cli import graph_option, handles_errors, main, one_line


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
@graph_option
@handles_errors
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
@graph_option
@handles_errors
def eval_(gold: Path, fmt: str, details: bool, graph_dir: Path) -> None:
    """Score a build against gold annotations: precision, recall, F1 for entities, typed entities, relations.

    GOLD is a gold JSON file or a folder of them (tests/data/gold/README.md describes the format);
    each is scored against the documents built from its source. Exit status 0 whatever the scores.

    Example: kg eval tests/data/gold/ --graph output
    """
    from kg.evaluate import evaluate

    result = evaluate(gold, graph_dir)
    for warning in result.warnings:
        click.echo(f"Warning: {one_line(warning)}", err=True)
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
@graph_option
@handles_errors
def push(endpoint: str, user: str | None, password: str | None, graph_dir: Path) -> None:
    """Load the built dataset, named graphs kept, into a SPARQL 1.1 store; each graph is replaced.

    Example: kg push --endpoint http://127.0.0.1:8890/sparql
    """
    from kg.remote import push as run_push

    summary = run_push(graph_dir, endpoint, user=user, password=password)
    click.echo(f"Pushed {summary.graphs} graphs, {summary.triples} triples to {summary.endpoint}.")
