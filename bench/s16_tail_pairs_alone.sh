#!/bin/bash
# alternating base/branch runs of the tail alone on a pre-end store: $1 pre.db, $2 pairs, $3 tag
cd /tmp/s16-tail
export PYTHONDONTWRITEBYTECODE=1
for i in $(seq 1 $2); do
  for t in base branch; do
    if [ $t = base ]; then S=/work/wt-base16/src; else S=/work/wt-s16-tail/src; fi
    echo -n "$3 pair $i $t: "
    PYTHONPATH=$S /work/main/.venv/bin/python /work/wt-s16-tail/bench/s15_tail_alone.py $1 alone_$3_$t.db
  done
done
