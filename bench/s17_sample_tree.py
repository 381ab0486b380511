"""The CPU of a command's process tree, sampled every second: how many cores the command (``main``) and
its descendants (``workers``) used in each second, read from /proc (Linux).

    python bench/s17_sample_tree.py .venv/bin/python -m luocdo ingest /tmp/syn50000 --store /tmp/s.db --jobs 2

Shows where a run leaves a core idle (its start, the end of the workers, the tail of a bulk load).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_by_pid() -> dict[int, tuple[int, float]]:
    """pid -> (parent pid, CPU seconds so far) of every process."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        out[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def tree_cpu(root: int) -> dict[int, float]:
    """CPU seconds of ``root`` and each of its descendants."""
    procs = _cpu_by_pid()
    members, grew = {root}, True
    while grew:
        grew = False
        for pid, (ppid, _) in procs.items():
            if ppid in members and pid not in members:
                members.add(pid)
                grew = True
    return {pid: procs[pid][1] for pid in members if pid in procs}


def main(argv: list[str]) -> None:
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    start = before_t = time.monotonic()
    before: dict[int, float] = {}
    while child.poll() is None:
        time.sleep(1.0)
        now, cpu = time.monotonic(), tree_cpu(child.pid)
        dt = now - before_t
        main_cpu = (cpu.get(child.pid, 0) - before.get(child.pid, 0)) / dt
        others = sum(v - before.get(pid, 0) for pid, v in cpu.items() if pid != child.pid) / dt
        print(
            f"{now - start:6.1f} main {main_cpu:4.2f} workers {others:4.2f} total {main_cpu + others:4.2f}",
            flush=True,
        )
        before, before_t = cpu, now


if __name__ == "__main__":
    main(sys.argv[1:])
