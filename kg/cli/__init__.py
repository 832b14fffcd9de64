"""The `kg` command line: thin click commands that parse options, call one library function, format."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from kg import __version__
from kg.errors import KgError

__all__ = ["graph_option", "handles_errors", "main", "one_line", "run", "write_stdout"]

logger = logging.getLogger(__name__)

F = TypeVar("F", bound=Callable[..., Any])

GRAPH_HELP = "Folder of the built graph (what `kg build --out` wrote)."


def handles_errors(func: F) -> F:
    """Turn library errors into one-line `Error: ...` messages with exit status 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KgError as err:
            raise click.ClickException(one_line(str(err))) from err
        except OSError as err:
            where = err.filename or "output"
            raise click.ClickException(one_line(f"{where}: {err.strerror or err}")) from err

    return wrapper  # type: ignore[return-value]


def graph_option(func: F) -> F:
    return click.option(
        "--graph",
        "graph_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help=GRAPH_HELP,
    )(func)


def one_line(message: str) -> str:
    return " ".join(message.split())


def write_stdout(data: bytes) -> None:
    """Bytes to standard output as they are (the text stream's buffer; `click.get_binary_stream` is
    deprecated)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
def main(verbose: bool) -> None:
    """Build and explore a knowledge graph of collaboration between Swedish universities and public actors.

    Example: kg build seeds/ && kg query --name persons
    """
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


def run(**options: Any) -> None:
    """The `kg` command. It ends as any Python program does, so profilers and coverage see all of a build."""
    main(**options)


# The commands register themselves on `main` when their modules are imported.
from kg.cli import build_command, graph_commands, other_commands  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    run()
