"""Work in a forked child process beside the parent, for the stages of a build that can overlap.

A build's last stages are pure computation on data the parent already holds (betweenness halves,
graph.trig and graph.html). `in_child` runs one of them in a forked child while the parent goes on
with work that needs the store; the child never touches the store, and leaves with `os._exit` so
no finaliser of the parent's objects runs twice. Its result comes back pickled through a pipe.
When the child fails, or this platform cannot fork, the parent does the work itself, so the result
never depends on whether a child ran.
"""

from __future__ import annotations

import gc
import os
import pickle
import warnings
from collections.abc import Callable
from typing import TypeVar

__all__ = ["cores", "in_child"]

T = TypeVar("T")


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def in_child(work: Callable[[], T]) -> Callable[[], T]:
    """Start `work` in a forked child; returns a function that waits for the child and gives the result.

    Without fork the returned function is `work` itself. The parent must call it (also when it
    fails itself) so that the child is reaped and has finished writing any file.
    """
    if not hasattr(os, "fork"):
        return work
    read, write = os.pipe()
    with warnings.catch_warnings():
        # Python 3.12 warns about forking a process with threads (the store's); the child runs only
        # Python and numerical code on memory it owns.
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        status = 1
        try:
            # A collection would touch every object of the parent and copy its memory page by page.
            gc.disable()
            os.close(read)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write)

    def wait() -> T:
        with os.fdopen(read, "rb") as handle:
            data = handle.read()
        _, status = os.waitpid(pid, 0)
        if status == 0 and data:
            result: T = pickle.loads(data)  # our own child's bytes
            return result
        return work()

    return wait
