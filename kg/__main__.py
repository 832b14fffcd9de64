"""`python -m kg`: the same as the `kg` command."""

from __future__ import annotations

from kg.cli import run

if __name__ == "__main__":
    run(prog_name="kg")
