#!/bin/sh
# Timeline pairs (bench/s15_head_timeline.py), base and branch alternating:
#   ./s15_head_pairs.sh BASE_SRC BRANCH_SRC CORPUS PAIRS OUT_DIR [JOBS]
# PREFIX (environment): a command the run goes through (e.g. "chrt -r 1")
# each run: a fresh store, `ingest CORPUS --jobs JOBS -q`, the load average before it; the clock starts
# before the interpreter does, and "gone" is when the process tree's root has been waited for
base=$1; branch=$2; corpus=$3; pairs=$4; out=$5; jobs=${6:-2}
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
i=0
while [ $i -lt "$pairs" ]; do
  for side in base branch; do
    if [ $side = base ]; then src=$base; else src=$branch; fi
    rm -f "$out/t.db" "$out/t.db-wal" "$out/t.db-shm"
    echo "== pair $i $side load $(cut -d' ' -f1-3 /proc/loadavg)"
    PYTHONPATH=$src:$here $PREFIX /work/main/.venv/bin/python -c '
import os, subprocess, sys, time
t0 = time.monotonic()
env = dict(os.environ, S15_HEAD_T0=repr(t0))
p = subprocess.run(sys.argv[1:], env=env)
print(f"{time.monotonic() - t0:7.3f} gone rc {p.returncode}", file=sys.stderr)
' /work/main/.venv/bin/python "$here/s15_head_timeline.py" ingest "$corpus" --store "$out/t.db" --jobs "$jobs" -q 2>&1 \
      | grep -E "interpreter up|preload|worker|chunk|cli imported|ensure_running start|first result|last result|workers.close|end_bulk end|settle end|exit|atexit|closed|gone"
  done
  i=$((i + 1))
done
