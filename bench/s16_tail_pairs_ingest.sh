#!/bin/bash
# alternating base/branch whole ingests under the timeline: $1 corpus, $2 pairs, $3 tag, [$4 first tree]
cd /tmp/s16-tail
export PYTHONDONTWRITEBYTECODE=1
order="base branch"; [ "$4" = branch ] && order="branch base"
for i in $(seq 1 $2); do
  for t in $order; do
    if [ $t = base ]; then S=/work/wt-base16/src; else S=/work/wt-s16-tail/src; fi
    rm -f ing_$3_$t.db ing_$3_$t.db-wal ing_$3_$t.db-shm
    echo "== $3 pair $i $t load $(cut -d' ' -f1-3 /proc/loadavg)"
    (cd /work/wt-s16-tail && PYTHONPATH=$S /usr/bin/time -f "exit wall %e s, peak %M KB, user %U sys %S" /work/main/.venv/bin/python /tmp/s16-tail/timeline.py ingest $1 --store /tmp/s16-tail/ing_$3_$t.db --jobs 2 2>&1 >/dev/null | grep -E "end_bulk|settle|last result|first result|exit")
  done
done
