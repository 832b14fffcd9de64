"""Work in a forked child process beside the parent, for the stages of a build that can overlap.

A build's last stages are pure computation on data the parent already holds (betweenness halves,
graph.trig and graph.html). `in_child` runs one of them in a forked child while the parent goes on
with work that needs the store; the child never touches the store, and leaves with `os._exit` so
no finaliser of the parent's objects runs twice. Its result comes back pickled through a pipe.
When the child fails, or this platform cannot fork, the parent does the work itself, so the result
never depends on whether a child ran.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import threading
import warnings
from collections.abc import Callable
from typing import BinaryIO, Generic, TypeVar, cast

__all__ = ["Helper", "Pending", "cores", "in_child", "in_thread"]

T = TypeVar("T")


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class Pending(Generic[T]):
    """Work started by `in_child`: call it for the result, or `reap` it when the result is not wanted."""

    def __init__(self, work: Callable[[], T], pid: int = 0, read: int = -1) -> None:
        self._work, self._pid, self._read = work, pid, read

    def __call__(self) -> T:
        """The child's result; the work done here when the child failed (or there was none)."""
        if not self._pid:
            return self._work()
        with os.fdopen(self._read, "rb") as handle:
            data = handle.read()
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if status == 0 and data:
            result: T = pickle.loads(data)  # our own child's bytes
            return result
        return self._work()

    def reap(self) -> None:
        """Wait for the child to end, without its result and without doing its work here."""
        if self._pid:
            os.close(self._read)  # a child still writing gets a broken pipe and ends
            os.waitpid(self._pid, 0)
            self._pid = 0


def in_child(work: Callable[[], T]) -> Pending[T]:
    """Start `work` in a forked child; returns the pending work, to be called for its result.

    Without fork the pending work runs `work` when called. The parent must call it, or `reap` it
    when it fails itself, so that the child is reaped and has finished writing any file.
    """
    if not hasattr(os, "fork"):
        return Pending(work)
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
    return Pending(work, pid, read)


class _Threaded(Pending[T]):
    """Work started by `in_thread`."""

    def __init__(self, work: Callable[[], T]) -> None:
        super().__init__(work)
        self._outcome: list[tuple[bool, object]] = []
        self._thread = threading.Thread(target=self._run, name="kg-in-thread", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._outcome.append((True, self._work()))
        except BaseException as err:  # handed to the caller
            self._outcome.append((False, err))

    def __call__(self) -> T:
        """The work's result, or its exception raised here."""
        self._thread.join()
        ok, value = self._outcome[0]
        if not ok:
            assert isinstance(value, BaseException)
            raise value
        return value  # type: ignore[return-value]

    def reap(self) -> None:
        """Wait for the work to end, without its result."""
        self._thread.join()


def in_thread(work: Callable[[], T]) -> Pending[T]:
    """Start `work` in a thread of this process; call the result to wait for it (its exception is raised
    there), or `reap` it.

    For work that spends its time in native code that lets other threads run, such as the store
    writing a batch of quads while the build renders the report. Fork no child while it runs: a
    child would inherit whatever locks the thread holds.
    """
    return _Threaded(work)


class Helper:
    """A child forked before the parent opens its store, that runs tasks for it one at a time.

    A child forked later shares the parent's RocksDB handles and their threads' locks; this one
    opens the store by itself (read-only) when a task needs it, and reads it while the parent does
    other work. Tasks are module-level functions and picklable arguments; `close` ends the child.
    """

    def __init__(self, *, enabled: bool = True) -> None:
        """Fork the helper; without `enabled` (or fork) there is none and tasks run in the parent."""
        self._pid = 0
        if not enabled or not hasattr(os, "fork"):
            return
        down_read, down_write = os.pipe()
        up_read, up_write = os.pipe()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            try:
                gc.disable()
                os.close(down_write)
                os.close(up_read)
                _serve(os.fdopen(down_read, "rb"), os.fdopen(up_write, "wb"))
            finally:
                os._exit(0)
        os.close(down_read)
        os.close(up_write)
        self._pid = pid
        self._tasks = os.fdopen(down_write, "wb")
        self._results = os.fdopen(up_read, "rb")
        self._sent = self._read = 0  # tasks submitted, answers read
        self._answers: dict[int, tuple[bool, object]] = {}  # answers read, not yet waited for

    def submit(self, function: Callable[..., T], *args: object) -> Callable[[], T]:
        """Start `function(*args)` in the child; returns a function that waits for its result.

        Tasks run one after the other in the order submitted; a task's result may be left unread
        (waiting for a later one reads it and lets it go). Without a child, or when the task fails
        in it, the waiting function calls `function(*args)` here.
        """
        if not self._pid:
            return lambda: function(*args)
        try:
            data = pickle.dumps((function, args), protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, AttributeError, TypeError):  # not a module-level function
            return lambda: function(*args)
        try:
            self._tasks.write(data)
            self._tasks.flush()
        except OSError:
            return lambda: function(*args)
        number = self._sent
        self._sent += 1

        def wait() -> T:
            while number not in self._answers and self._read < self._sent:
                try:
                    answer = pickle.load(self._results)  # our own child's bytes
                except (OSError, EOFError, pickle.UnpicklingError):
                    answer = (False, None)
                self._answers[self._read] = answer
                self._read += 1
            ok, value = self._answers.pop(number, (False, None))
            return cast(T, value) if ok else function(*args)

        return wait

    def close(self) -> None:
        """End the child and reap it."""
        if not self._pid:
            return
        for pipe in (self._tasks, self._results):
            with contextlib.suppress(OSError):
                pipe.close()
        os.waitpid(self._pid, 0)
        self._pid = 0

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serve(tasks: BinaryIO, results: BinaryIO) -> None:  # pragma: no cover - runs in the child
    """Run each task read from `tasks` and write (ok, result) to `results`, until `tasks` ends.

    A thread reads the tasks as soon as they come, so that the parent never waits for the pipe to
    take a large task while the child is busy with an earlier one.
    """
    arrived: queue.SimpleQueue[tuple[Callable[..., object], tuple[object, ...]] | None] = queue.SimpleQueue()

    def receive() -> None:
        while True:
            try:
                arrived.put(pickle.load(tasks))
            except Exception:  # the end of the pipe, or a task that cannot be read
                arrived.put(None)
                return

    threading.Thread(target=receive, name="kg-helper-tasks", daemon=True).start()
    while True:
        task = arrived.get()
        if task is None:
            return
        function, args = task
        try:
            answer = (True, function(*args))
        except Exception:  # the parent does the task itself and reports what goes wrong
            answer = (False, None)
        try:
            pickle.dump(answer, results, protocol=pickle.HIGHEST_PROTOCOL)
            results.flush()
        except (OSError, pickle.PicklingError):
            return
