"""Every table of two stores compared row by row (all columns, sorted), and their schema entries."""
import hashlib, sqlite3, sys
def tables(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
    for t in names:
        ncol = len(db.execute(f'PRAGMA table_xinfo("{t}")').fetchall())
        cols = [r[1] for r in db.execute(f'PRAGMA table_xinfo("{t}")') if r[1] != "ingested_at"]  # the clock
        order = ",".join(str(i) for i in range(1, len(cols) + 1))
        h = hashlib.sha256(); n = 0
        for r in db.execute(f'SELECT {",".join(chr(34)+c+chr(34) for c in cols)} FROM "{t}"' + (" WHERE key != 'content_stamp'" if t == "meta" else "") + f' ORDER BY {order}'):
            h.update(repr(tuple(r)).encode()); n += 1
        out[t] = (n, h.hexdigest()[:16])
    out["~schema"] = hashlib.sha256(repr(sorted(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())).encode()).hexdigest()[:16]
    return out, db
a, da = tables(sys.argv[1]); b, dbb = tables(sys.argv[2])
diff = [t for t in sorted(set(a) | set(b)) if a.get(t) != b.get(t)]
for t in sorted(a):
    print(f"{t:28s} {a[t]} {'SAME' if a.get(t) == b.get(t) else 'DIFF ' + str(b.get(t))}")
print("DIFFERENT:", diff if diff else "none")
for t in diff:
    if t.startswith("~"): continue
    rows_a = set(map(tuple, da.execute(f'SELECT * FROM "{t}"'))); rows_b = set(map(tuple, dbb.execute(f'SELECT * FROM "{t}"')))
    print(t, "only A:", repr(sorted(rows_a - rows_b, key=repr)[:2])[:400], "only B:", repr(sorted(rows_b - rows_a, key=repr)[:2])[:400])
