#!/bin/bash
# bench_extract_pairs_s15_extract.sh PAIRS : bench/bench_extract.py --corpus the real pool --per-file,
# base (/work/wt-base15) then branch, alternating; JSON summaries in /tmp/s15-extract/bex_*.json
HERE=$(cd "$(dirname "$0")/.." && pwd)
export PYTHONDONTWRITEBYTECODE=1
for i in $(seq 1 "$1"); do
  for side in base branch; do
    src=/work/wt-base15/src; [ $side = branch ] && src=$HERE/src
    echo "pair $i $side load $(cut -d' ' -f1-3 /proc/loadavg)"
    PYTHONPATH=$src /work/main/.venv/bin/python "$HERE/bench/bench_extract.py" --corpus /work/shared/corpus-real/pool \
      --per-file --json /tmp/s15-extract/bex_${side}_$i.json
  done
done
