#!/bin/bash
# s17_writer_same_stores.sh CORPUS JOBS TAG: ingest CORPUS with 60b9071 (/work/wt-base17g) and this branch,
# then compare the stores row by row (bench/s13_settle_dump.py: every table, rowids, masked stamps and
# ingested_at) and as graphs (bench/same_graph.py); with NEW10=1 also /tmp/new10 into a copy of each
# (not a bulk load) and the same comparisons
set -u
corpus=$1; jobs=$2; tag=$3
here=$(cd "$(dirname "$0")/.." && pwd)
py=/work/main/.venv/bin/python
d=/tmp/s17-writer/same_$tag; rm -rf "$d"; mkdir -p "$d"
for side in base branch; do
  src=$here/src; [ $side = base ] && src=/work/wt-base17g/src
  echo "$side ingest $(cat /proc/loadavg)"
  PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$src $py -m luocdo ingest "$corpus" --store "$d/$side.db" --jobs "$jobs" > "$d/$side.out" 2>&1 || echo "rc $?"
done
PYTHONPATH=$here/src $py "$here/bench/s13_settle_dump.py" "$d/base.db" "$d/base.dump"
PYTHONPATH=$here/src $py "$here/bench/s13_settle_dump.py" "$d/branch.db" "$d/branch.dump"
cmp "$d/base.dump" "$d/branch.dump" && echo "rows: same ($(wc -l < "$d/base.dump") lines)"
PYTHONPATH=$here/src $py "$here/bench/same_graph.py" "$d/base.db" "$d/branch.db"; echo "same_graph rc $?"
diff "$d/base.out" "$d/branch.out" > /dev/null && echo "ingest output: same" || echo "ingest output: DIFFERS"
if [ "${NEW10:-}" = 1 ]; then
  for side in base branch; do
    src=$here/src; [ $side = base ] && src=/work/wt-base17g/src
    cp "$d/$side.db" "$d/${side}_n.db"; cp "$d/$side.db-wal" "$d/${side}_n.db-wal" 2>/dev/null
    PYTHONDONTWRITEBYTECODE=1 PYTHONPATH=$src $py -m luocdo ingest /tmp/new10 --store "$d/${side}_n.db" --jobs "$jobs" > "$d/${side}_n.out" 2>&1 || echo "rc $?"
  done
  PYTHONPATH=$here/src $py "$here/bench/s13_settle_dump.py" "$d/base_n.db" "$d/base_n.dump"
  PYTHONPATH=$here/src $py "$here/bench/s13_settle_dump.py" "$d/branch_n.db" "$d/branch_n.dump"
  cmp "$d/base_n.dump" "$d/branch_n.dump" && echo "new10 rows: same ($(wc -l < "$d/base_n.dump") lines)"
  PYTHONPATH=$here/src $py "$here/bench/same_graph.py" "$d/base_n.db" "$d/branch_n.db"; echo "new10 same_graph rc $?"
fi
# and sqlite3's own .dump after a checkpoint, the content stamp and ingested_at masked
for db in "$d/base.db" "$d/branch.db"; do
  sqlite3 "$db" "PRAGMA wal_checkpoint(TRUNCATE);" > /dev/null
  sqlite3 "$db" .dump | sed -E "s/'[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.+]+'/'T'/g; s/('content_stamp[^']*',)'[^']*'/\1'S'/g" > "$db.sql"
done
cmp "$d/base.db.sql" "$d/branch.db.sql" && echo "sqlite3 .dump: same ($(wc -l < "$d/base.db.sql") lines)" || echo "sqlite3 .dump: DIFFERS"
