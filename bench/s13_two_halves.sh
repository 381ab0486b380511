#!/bin/bash
# the best two cores can do: two independent `ingest --jobs 1` of the halves at once, vs one of the whole
cd "$(dirname "$0")/.." || exit 1
SRC=${SRC:-$PWD/src}
# the halves: the first 2,500 and the last 2,500 reports of /tmp/syn5000, copied to /tmp/s13/half_a and half_b
for i in 1 2 3; do
  rm -f /tmp/s13/b_*.db*
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  s=$(date +%s.%N)
  PYTHONPATH=$SRC /usr/bin/time -f "%U %S" -o /tmp/s13/ta.t .venv/bin/python -m luocdo ingest /tmp/s13/half_a --store /tmp/s13/b_a.db --jobs 1 >/dev/null &
  PYTHONPATH=$SRC /usr/bin/time -f "%U %S" -o /tmp/s13/tb.t .venv/bin/python -m luocdo ingest /tmp/s13/half_b --store /tmp/s13/b_b.db --jobs 1 >/dev/null &
  wait
  e=$(date +%s.%N)
  echo "pair wall $(echo "$e - $s" | bc) cpu_a $(cat /tmp/s13/ta.t) cpu_b $(cat /tmp/s13/tb.t) load $load"
  for h in a b; do
    rm -f /tmp/s13/b_*.db*
    s=$(date +%s.%N)
    PYTHONPATH=$SRC /usr/bin/time -f "%U %S" -o /tmp/s13/t1.t .venv/bin/python -m luocdo ingest /tmp/s13/half_$h --store /tmp/s13/b_$h.db --jobs 1 >/dev/null
    e=$(date +%s.%N)
    echo "alone $h wall $(echo "$e - $s" | bc) cpu $(cat /tmp/s13/t1.t)"
  done
done
