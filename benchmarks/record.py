"""What the benchmark scripts share: the header of a RESULTS.md section, and printing and recording it."""

from __future__ import annotations

import datetime
import os
import platform
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def header(title: str, command: str) -> list[str]:
    """The first lines of a results section: title, date, machine and the command that made it."""
    return [
        f"## {title}",
        "",
        f"- date: {datetime.datetime.now(datetime.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {platform.processor() or platform.machine()}, nproc {os.cpu_count()}, Python {platform.python_version()}",
        f"- command: `{command}`",
    ]


def publish(lines: list[str], *, record: bool) -> None:
    """Print the section and, when `record`, append it to RESULTS.md."""
    report = "\n".join(lines) + "\n"
    print(report)
    if record:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + report)
