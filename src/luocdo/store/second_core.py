"""A read of the store done by a thread on the second core while the writer's connection is busy in
SQLite (the end of a bulk load: store/early_settle.py, store/early_reach.py). The thread is not a daemon:
a result nobody will use is cancelled, and the thread stops at its next SQLite step instead of reading the
whole store while the process waits for it at its exit.

Two of them run one after the other (``after``): with both running beside the writer's connection, three
busy threads shared two cores and the writer, the end of the load's critical path, got two thirds of one
(_create_schema: 2.67 s of wall for 1.76 s of CPU at 50k). One after the other they leave it a core."""

from __future__ import annotations

import sqlite3
import threading


class SecondCore:
    """Subclasses do their work in ``_work`` (through connections watched by ``_watch``) and say what a
    failure leaves in ``_failed``; ``_wait`` gives whether the work is still wanted once it returned."""

    def __init__(self, name: str, *args: object, after: SecondCore | None = None) -> None:
        """``after``: the work starts once that one's has ended (or at a cancel of this one)."""
        self._cancelled = False
        self._done = threading.Event()  # set when _work returns (a join interrupted in 3.11 may not wait)
        self._go = threading.Event()  # set when the work may start
        self._lock = threading.Lock()
        self._next: list[threading.Event] = []  # the _go of the works started after this one
        if after is None:
            self._go.set()
        else:
            after._then(self._go)
        self._thread = threading.Thread(target=self._guarded, args=args, name=name)
        self._thread.start()

    def _then(self, go: threading.Event) -> None:
        with self._lock:
            if self._done.is_set():
                go.set()
            else:
                self._next.append(go)

    def _work(self, *args: object) -> None:
        raise NotImplementedError

    def _failed(self) -> None:
        """What an sqlite3.Error of ``_work`` leaves (cancel() ends the work with one too)."""

    def _guarded(self, *args: object) -> None:
        try:
            self._go.wait()
            if self._cancelled:
                self._failed()
            else:
                self._work(*args)
        except sqlite3.Error:
            self._failed()
        finally:
            with self._lock:
                self._done.set()
                for go in self._next:
                    go.set()

    def _watch(self, db: sqlite3.Connection, steps: int) -> None:
        """cancel(): the statement running on ``db`` and every later one stop (sqlite3.OperationalError)."""
        db.set_progress_handler(lambda: self._cancelled, steps)

    def _wait(self) -> bool:
        """Wait for the work; whether its result is still wanted."""
        try:
            self._thread.join()
        except BaseException:  # Ctrl-C while waiting: the process is not kept waiting at its exit
            self.cancel()
            raise
        return not self._cancelled

    def cancel(self) -> None:
        """The result is not wanted: the thread stops at its next SQLite step; returns once it has."""
        self._cancelled = True
        self._go.set()  # not waiting any more for the work before it
        self._done.wait()
