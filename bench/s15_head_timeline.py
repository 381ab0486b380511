"""Wall-clock timeline of `python -m luocdo ARGS` through its real entry point (luocdo/__main__.py):
the modules are patched when first imported, so nothing is imported ahead of the entry point.
Session 15's copy of bench/s14_head_timeline.py: the clock starts in the parent (S15_HEAD_T0, set by
bench/s15_head_pairs.sh before the interpreter starts, else now); adds the server's preload start,
the pool's shut-down (_Workers.close), and "gone" (bench/s15_head_pairs.sh: the process waited for)."""

import functools
import importlib.abc
import importlib.util
import os
import runpy
import sys
import time

T0 = float(os.environ.get("S15_HEAD_T0") or time.monotonic())
os.environ["S14_HEAD_T0"] = repr(T0)  # the server's preload notes when it is done (s14_head_ready.py)


def now():
    return f"{time.monotonic() - T0:7.3f}"


def say(s):
    print(f"{now()} {s}", file=sys.stderr)


def timed(name, f):
    @functools.wraps(f)
    def g(*a, **k):
        t = time.process_time()
        say(f"{name} start")
        try:
            return f(*a, **k)
        finally:
            say(f"{name} end cpu {time.process_time() - t:.3f}")

    return g


import atexit  # noqa: E402

say("interpreter up")


def _last() -> None:
    say(f"atexit last cpu {time.process_time():.3f}")
    if os.environ.get("S15_HEAD_CLOSE"):  # the store's connection closed here, timed (else at teardown)
        import gc
        import sqlite3

        for o in gc.get_objects():
            if isinstance(o, sqlite3.Connection):
                o.close()
        say(f"connections closed cpu {time.process_time():.3f}")
    if os.environ.get("S15_HEAD_OSEXIT"):  # what the interpreter's teardown costs: skipped
        sys.stderr.flush()
        os._exit(0)


# an atexit function registered before the entry point leaves the end to Python (luocdo.quick_exit): only
# when asked (S15_HEAD_CLOSE, S15_HEAD_OSEXIT: what the store's close and the teardown cost on 976ef19)
if os.environ.get("S15_HEAD_CLOSE") or os.environ.get("S15_HEAD_OSEXIT"):
    atexit.register(_last)


def patch_db(m):
    orig = m.prepared

    def prepared(*a, **k):
        n = 0
        for x in orig(*a, **k):
            if n == 0:
                say("first result")
            n += 1
            yield x
        say(f"last result ({n})")

    m.prepared = prepared
    m.Store._end_bulk = timed("end_bulk", m.Store._end_bulk)
    m.Store.settle = timed("settle", m.Store.settle)


def patch_ctx(m):
    import multiprocessing.forkserver as fs

    real_preload = fs.set_forkserver_preload  # the module's: the server's bound method
    if not getattr(real_preload, "_t", False):

        def preload(names):
            real_preload(["s15_head_preload_start", *names, "s15_head_ready"])

        preload._t = True
        fs.set_forkserver_preload = preload
    if not getattr(fs.ensure_running, "_t", False):
        f = timed("forkserver.ensure_running", fs.ensure_running)
        f._t = True
        fs.ensure_running = f


def patch_prepare(m):
    W, n = m._Workers, {"result": 0, "submit": 0}
    result, submit = W.result, W.submit

    def first_result(self, chunk, i):
        if n["result"] == 0:
            say(f"writer waits for its first result ({n['submit']} chunks sent)")
        n["result"] += 1
        return result(self, chunk, i)

    def first_submit(self, chunk):
        t = now()
        out = submit(self, chunk)
        if n["submit"] == 0:
            say(f"first chunk sent (asked at {t})")
        n["submit"] += 1
        return out

    W.result, W.submit = first_result, first_submit
    W.close = timed("workers.close", W.close)


PATCH = {
    "luocdo.store.db": patch_db,
    "luocdo.store.prepare": patch_prepare,
    "luocdo.cli": lambda m: say("cli imported"),
    "multiprocessing.forkserver": patch_ctx,
}


class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name not in PATCH:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        real = spec.loader.exec_module

        def exec_module(module):
            real(module)
            PATCH[name](module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Finder())
sys.argv = ["luocdo", *sys.argv[1:]]
try:
    runpy.run_module("luocdo", run_name="__main__", alter_sys=True)
finally:
    say(f"exit cpu {time.process_time():.3f}")
    sys.stderr.flush()
