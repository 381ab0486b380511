#!/bin/bash
# cpu_pairs_s16_extract.sh PAIRS FOLDER TAG : `luocdo extract FOLDER --format jsonl --jobs 1`, base
# (/work/wt-base16) and branch (this tree) alternating; CPU = user+sys of the process tree
# (/usr/bin/time), load average before each run; outputs compared byte for byte with cmp.
HERE=$(cd "$(dirname "$0")/.." && pwd)
PY=/work/main/.venv/bin/python
export PYTHONDONTWRITEBYTECODE=1
O=/tmp/s16-extract; mkdir -p $O
for i in $(seq 1 "$1"); do
  for side in base branch; do
    src=/work/wt-base16/src; [ $side = branch ] && src=$HERE/src
    L=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -f "%U %S" -o $O/time_$3_$side env PYTHONPATH=$src $PY -m luocdo extract "$2" --format jsonl --jobs 1 > $O/out_$3_$side.jsonl 2>/dev/null
    read u s < $O/time_$3_$side
    echo "$3 pair $i $side cpu $(echo "$u + $s" | bc) s load $L"
  done
  cmp -s $O/out_$3_base.jsonl $O/out_$3_branch.jsonl && echo "$3 pair $i outputs identical ($(wc -l < $O/out_$3_branch.jsonl) lines)" || echo "$3 pair $i OUTPUTS DIFFER"
done
