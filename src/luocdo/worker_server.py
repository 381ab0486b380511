"""The server extraction workers are forked from, and when they are used at all.

Kept light (the standard library only): the command line (luocdo.early_start) starts the server from
here before it imports the CLI, so that the server's preload (importing and warming up the
extraction, luocdo.store.warm_workers) runs on another core while this process imports the rest.
luocdo.store.prepare starts it from here too, when it was not started early.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from multiprocessing.context import BaseContext

# below this many files to extract, starting worker processes costs more than it saves
MIN_FILES_PER_WORKER = 16
PRELOAD = ["luocdo.store.warm_workers"]


def uses_workers(files: int, jobs: int) -> bool:
    return jobs > 1 and files >= 2 * MIN_FILES_PER_WORKER


def default_jobs() -> int:
    """Worker processes when the user does not say: the cores this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def pool_context() -> BaseContext:
    # forkserver: workers start from a clean process, not a fork of one that holds the store's
    # connection and the progress bar's thread; spawn where there is no forkserver (Windows)
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    # the server imports luocdo and the extraction, and compiles its patterns, once
    # (luocdo.store.warm_workers); each worker forked from it starts at once (a pool restarted after
    # a worker died, and the one-file pools of prepare._alone(), included)
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start(ctx: BaseContext) -> bool:
    """Start the server of ``ctx`` now, if it has one (not spawn) and it is not running yet; whether
    it has one."""
    if ctx.get_start_method() != "forkserver":
        return False
    from multiprocessing import forkserver

    # the server ignores Ctrl-C only once its preload (the warm-up) is done: started with it ignored, an
    # early Ctrl-C stops the command alone instead of printing the server's traceback too (an ignored
    # signal stays ignored across exec; the workers ignore it anyway)
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        forkserver.ensure_running()
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return True
