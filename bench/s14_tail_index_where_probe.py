"""The index of the citations settle checks, built with several WHEREs on a copy of a store (CPU):

    python bench/s14_tail_index_where_probe.py COPY.db orig cheap nowhere first_only ...

orig: mentions_partial's (ident LIKE '%?%'); cheap: mentions_checked's (the parts as written); nowhere:
every citation; first_only: the short forms' half alone. Each built and rolled back."""

import sqlite3
import sys
import time

COLS = "num_norm, symbol, type, year, date, issuer, short_form, doc_id, candidates"
CHEAP = (
    "coalesce(ident_own, CASE WHEN number <> '' THEN num_norm || '|' || coalesce(symbol, '') || '|'"
    " || coalesce(nullif(year, ''), nullif(substr(date, 1, 4), ''), '?') || '|' || coalesce(nullif(issuer, ''), '?')"
    " END) LIKE '%?%'"
)
WHERES = {
    "orig": "short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND ident LIKE '%?%'",
    "cheap": f"short_form = 1 AND resolved_key IS NULL OR short_form = 0 AND {CHEAP}",
    "nowhere": None,
    "first_only": "short_form = 1 AND resolved_key IS NULL",
}


def main() -> None:
    db = sqlite3.connect(sys.argv[1], isolation_level=None)
    db.execute("PRAGMA cache_size=-16384")
    for name in sys.argv[2:]:
        where = WHERES[name]
        db.execute("BEGIN")
        db.execute("DROP INDEX IF EXISTS mentions_partial")
        t = time.process_time()
        db.execute(f"CREATE INDEX probe ON mentions({COLS})" + (f" WHERE {where}" if where else ""))
        cpu = time.process_time() - t
        n = db.execute("SELECT count(*) FROM mentions" + (f" WHERE {where}" if where else "")).fetchone()[0]
        print(f"{name:14s} create cpu {cpu:.3f}  rows {n}", flush=True)
        db.execute("ROLLBACK")


if __name__ == "__main__":
    main()
