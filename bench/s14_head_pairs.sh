#!/bin/sh
# Timeline pairs (bench/s14_head_timeline.py), base and branch alternating: ./s14_head_pairs.sh BASE_SRC BRANCH_SRC CORPUS PAIRS OUT_DIR
# PREFIX (environment): a command the run goes through (e.g. "chrt -r 1": real-time priority, the other work of a shared machine kept off)
# each run: a fresh store, `ingest CORPUS --jobs 2 -q`, the load average before it
base=$1; branch=$2; corpus=$3; pairs=$4; out=$5
here=$(cd "$(dirname "$0")" && pwd)
export PYTHONDONTWRITEBYTECODE=1
i=0
while [ $i -lt "$pairs" ]; do
  for side in base branch; do
    if [ $side = base ]; then src=$base; else src=$branch; fi
    rm -f "$out/t.db" "$out/t.db-wal" "$out/t.db-shm"
    echo "== pair $i $side load $(cut -d' ' -f1-3 /proc/loadavg)"
    PYTHONPATH=$src:$here $PREFIX /work/main/.venv/bin/python "$here/s14_head_timeline.py" ingest "$corpus" --store "$out/t.db" --jobs 2 -q 2>&1 \
      | grep -E "preload done|worker|chunk|cli imported|ensure_running start|first result|last result|end_bulk end|settle end|exit"
  done
  i=$((i + 1))
done
