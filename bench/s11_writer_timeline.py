"""Timeline of one `luocdo ingest` (writer intervals, waits, worker CPU sampled from /proc)."""

import contextlib
import json
import os
import sys
import threading
import time
from pathlib import Path

EV = []
T0 = time.monotonic()
TICK = os.sysconf("SC_CLK_TCK")


def now():
    return time.monotonic() - T0


def wrap(cls, name, tag):
    orig = getattr(cls, name)

    def w(*a, **k):
        t, c = now(), time.process_time()
        try:
            r = orig(*a, **k)
            if hasattr(r, "__next__") and name != "result":
                r = list(r)
            return r
        finally:
            EV.append((tag, t, now(), time.process_time() - c))

    setattr(cls, name, w)


def kids(root):
    ch = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                s = (d / "stat").read_text()
            except OSError:
                continue
            f = s[s.rindex(")") + 2 :].split()
            ch.setdefault(int(f[1]), []).append((int(d.name), (int(f[11]) + int(f[12])) / TICK))
    out, todo = {}, [root]
    while todo:
        p = todo.pop()
        for pid, cpu in ch.get(p, []):
            out[pid] = cpu
            todo.append(pid)
    return out


SAMPLES = []


def sampler():
    while True:
        SAMPLES.append((now(), time.process_time(), kids(os.getpid())))
        time.sleep(0.1)


if __name__ == "__main__":
    out = sys.argv[1]
    from luocdo.store import db as sdb
    from luocdo.store import prepare

    wrap(sdb.Store, "_write_batch", "batch")
    wrap(sdb.Store, "_end_bulk", "end_bulk")
    wrap(sdb.Store, "settle", "settle")
    wrap(sdb.Store, "_start_bulk", "start_bulk")
    wrap(sdb.Store, "_commit", "commit")
    if os.environ.get("WALCKPT"):
        orig_setup = sdb.Store._setup

        def setup(self, _o=orig_setup):
            _o(self)
            self.db.execute(f"PRAGMA wal_autocheckpoint = {int(os.environ['WALCKPT'])}")

        sdb.Store._setup = setup
    wrap(prepare._Workers, "result", "wait")
    if os.environ.get("PROF"):
        import cProfile

        for name in ("_end_bulk", "settle"):
            orig = getattr(sdb.Store, name)

            def pw(*a, _o=orig, _n=name, **k):
                p = cProfile.Profile(time.process_time)
                try:
                    return p.runcall(_o, *a, **k)
                finally:
                    p.dump_stats(os.environ["PROF"] + "." + _n)

            setattr(sdb.Store, name, pw)
    threading.Thread(target=sampler, daemon=True).start()
    from luocdo.cli import app

    with contextlib.suppress(SystemExit):
        app(prog_name="luocdo", args=sys.argv[2:])
    EV.append(("exit", now(), now(), 0))
    Path(out).write_text(json.dumps({"events": EV, "samples": SAMPLES, "cpu": time.process_time()}))
