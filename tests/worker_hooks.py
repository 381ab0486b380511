"""Worker initializers for tests: imported by name in the worker processes (keep it importable)."""

from __future__ import annotations

import os

CRASH_MARK = "crash_me"


def crash_on_marked_files() -> None:
    """Like luocdo's own initializer, and the worker dies (as if killed for memory) on any file whose
    name holds CRASH_MARK."""
    from luocdo.store import prepare

    prepare._exit_with_the_writer()
    real = prepare.extract_document

    def crashing(doc, source):
        if CRASH_MARK in source:
            os._exit(9)
        return real(doc, source=source)

    prepare.extract_document = crashing


def warm_state() -> tuple[bool, int]:
    """In a worker: whether the extraction was imported and its largest pattern compiled before the
    worker extracted anything (by the server it was forked from, luocdo.store.warm_workers)."""
    import sys

    if "luocdo.pipeline" not in sys.modules:
        return False, 0
    from luocdo.extract import issuers

    return True, issuers._issuer_re.cache_info().currsize


SIGINT_PROBE_ENV = "LUOCDO_TEST_SIGINT_PROBE"


def sigint_at_import() -> None:
    """Imported as a forkserver preload: notes how that server handles Ctrl-C while it preloads."""
    import signal
    from pathlib import Path

    out = os.environ.get(SIGINT_PROBE_ENV)
    if out:
        ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
        Path(out).write_text("ignored" if ignored else "handled", encoding="utf-8")
