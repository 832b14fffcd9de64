"""How a build uses the interpreter: the cyclic garbage collector is paused while it runs.

A build makes millions of small objects that live until it ends (quads, entity records, graph
nodes, the analysis) and almost none in reference cycles. The collector would scan them again
and again as they are made: a build of 2,000 documents took 49 s with it and 41 s without, at the
same peak memory. Memory is still freed as soon as nothing refers to it; only garbage in cycles
waits for the collector, which resumes its usual work when the pause ends. Worker processes are different:
they extract one document after another, so `collector_for_worker` keeps their collector on and
freezes what they load once (the reference data), which it then never scans again.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_for_worker", "collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collector_for_worker() -> None:
    """In an extraction worker: collector on, what the worker holds so far (the reference data) frozen."""
    gc.freeze()
    gc.enable()
