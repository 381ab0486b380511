#!/bin/bash
# s17_writer_replay_pairs.sh PAIRS CAPTURE: the write phase replayed (bench/s15_writer_replay.py) by 60b9071
# (/work/wt-base17g) and this tree, alternating, base first; the load before each run
set -u
pairs=$1; cap=$2
here=$(cd "$(dirname "$0")/.." && pwd)
py=/work/main/.venv/bin/python
d=/tmp/s17-writer; mkdir -p $d
for i in $(seq "$pairs"); do
  for side in base branch; do
    src=$here/src; [ $side = base ] && src=/work/wt-base17g/src
    rm -f $d/rp.db $d/rp.db-wal $d/rp.db-shm
    echo "$side load $(cut -d' ' -f1-3 /proc/loadavg) $(PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$src $py "$here/bench/s15_writer_replay.py" replay "$cap" $d/rp.db)"
  done
done
