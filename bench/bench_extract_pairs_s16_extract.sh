#!/bin/bash
# bench_extract_pairs_s16_extract.sh PAIRS : bench/bench_extract.py --corpus the real pool --per-file,
# base (/work/wt-base16) then branch, alternating; JSON summaries in /tmp/s16-extract/bex_*.json
HERE=$(cd "$(dirname "$0")/.." && pwd)
export PYTHONDONTWRITEBYTECODE=1
for i in $(seq 1 "$1"); do
  for side in base branch; do
    src=/work/wt-base16/src; [ $side = branch ] && src=$HERE/src
    echo "pair $i $side load $(cut -d' ' -f1-3 /proc/loadavg)"
    PYTHONPATH=$src /work/main/.venv/bin/python "$HERE/bench/bench_extract.py" --corpus /work/shared/corpus-real/pool \
      --per-file --json /tmp/s16-extract/bex_${side}_$i.json
  done
done
