#!/bin/bash
# s17_writer_cmp_kept.sh DIR: compare the stores bench/s17_writer_pair_kept.py kept in DIR (base.db, branch.db)
here=/work/wt-s17-writer; py=/work/main/.venv/bin/python; d=$1
echo "start $(date +%T) load $(cut -d' ' -f1-3 /proc/loadavg)"
PYTHONPATH=$here/src $py $here/bench/s13_settle_dump.py $d/base.db $d/base.dump
PYTHONPATH=$here/src $py $here/bench/s13_settle_dump.py $d/branch.db $d/branch.dump
cmp $d/base.dump $d/branch.dump && echo "rows: same ($(wc -l < $d/base.dump) lines)" || diff $d/base.dump $d/branch.dump | head -5
PYTHONPATH=$here/src $py $here/bench/same_graph.py $d/base.db $d/branch.db; echo "same_graph rc $?"
for db in $d/base.db $d/branch.db; do
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  sqlite3 "$db" .dump | sed -E "s/'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+]+'/'T'/g; s/('content_stamp[^']*',)'[^']*'/\1'S'/g" > "$db.sql"
done
cmp $d/base.db.sql $d/branch.db.sql && echo "sqlite3 .dump: same ($(wc -l < $d/base.db.sql) lines)" || echo "sqlite3 .dump: DIFFERS"
echo "end $(date +%T)"
