#!/bin/bash
# inproc_pairs_s17_extract.sh PAIRS FOLDER : bench/inproc_cpu_s17_extract.py, base (/work/wt-base17g) and
# branch (this tree) alternating
HERE=$(cd "$(dirname "$0")/.." && pwd)
export PYTHONDONTWRITEBYTECODE=1
for i in $(seq 1 "$1"); do
  for side in base branch; do
    src=/work/wt-base17g/src; [ $side = branch ] && src=$HERE/src
    echo "pair $i $side $(PYTHONPATH=$src /work/main/.venv/bin/python "$HERE/bench/inproc_cpu_s17_extract.py" "$2")"
  done
done
