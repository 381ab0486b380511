#!/bin/bash
# back to back: base (ccb5aab, schema 10 store) vs new (s9-size, schema 11 store), 10k, whole process CPU
A=/tmp/size9_q10k_base.db; B=/tmp/size9_q10k_new2.db
NEW="env PYTHONPATH=/work/wt-size9/src /work/wt-size9/.venv/bin/python -m luocdo"
BASE="/tmp/lu_base9"
run() { # name side cmd...
  local name=$1 side=$2; shift 2
  /usr/bin/time -f "$name $side wall %e user %U sys %S rss %M" -o /tmp/size9_q_t.txt "$@" > /tmp/size9_q_out_${name}_${side}.txt 2>/dev/null
  cat /tmp/size9_q_t.txt
}
uptime
for i in 1 2 3; do
  run show base $BASE show 26/CT-TTg --store $A
  run show new $NEW show 26/CT-TTg --store $B
  run search base $BASE search 'kỷ cương' --store $A
  run search new $NEW search 'kỷ cương' --store $B
  run validate base $BASE validate --format json --store $A
  run validate new $NEW validate --format json --store $B
done
uptime
for n in show search validate; do cmp /tmp/size9_q_out_${n}_base.txt /tmp/size9_q_out_${n}_new.txt && echo "$n identical $(wc -c < /tmp/size9_q_out_${n}_new.txt) bytes"; done
