"""A read of the store done by a thread on the second core while the writer's connection is busy in
SQLite (the end of a bulk load: store/early_settle.py, store/early_reach.py). The thread is not a daemon:
a result nobody will use is cancelled, and the thread stops at its next SQLite step instead of reading the
whole store while the process waits for it at its exit."""

from __future__ import annotations

import sqlite3
import threading


class SecondCore:
    """Subclasses do their work in ``_work`` (through connections watched by ``_watch``) and say what a
    failure leaves in ``_failed``; ``_wait`` gives whether the work is still wanted once it returned."""

    def __init__(self, name: str, *args: object) -> None:
        self._cancelled = False
        self._done = threading.Event()  # set when _work returns (a join interrupted in 3.11 may not wait)
        self._thread = threading.Thread(target=self._guarded, args=args, name=name)
        self._thread.start()

    def _work(self, *args: object) -> None:
        raise NotImplementedError

    def _failed(self) -> None:
        """What an sqlite3.Error of ``_work`` leaves (cancel() ends the work with one too)."""

    def _guarded(self, *args: object) -> None:
        try:
            self._work(*args)
        except sqlite3.Error:
            self._failed()
        finally:
            self._done.set()

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
        self._done.wait()
