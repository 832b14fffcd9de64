"""What the benchmark scripts share: the header of a RESULTS.md section, and printing and recording it."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


# Runs the command as a grandchild and reports its peak RSS. Linux carries the high-water mark of the
# memory a process had before exec over to the new program, so a child forked straight from a big
# benchmark process would report the benchmark's own memory; this small launcher is in between.
_LAUNCHER = r"""
import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
with open(os.environ["KG_BENCH_RSS_FILE"], "w") as out:
    out.write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(command: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float, str]:
    """Run `command`; its wall seconds, its peak RSS in MB and its output (stdout and stderr).

    Exits the benchmark with the output when the command fails."""
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *command],
            env={**env, "KG_BENCH_RSS_FILE": str(rss_file)},
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        elapsed = time.perf_counter() - started
        output = done.stdout.decode("utf-8", "replace").strip()
        if done.returncode != 0:
            sys.exit(f"Error: {' '.join(command)} failed ({done.returncode}):\n{output}")
        return elapsed, int(rss_file.read_text()) / 1024, output


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
