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
