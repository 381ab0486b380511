"""Differential checks: another engine answers luocdo's questions as the embedded one does."""

from __future__ import annotations

from luocdo.backends import questions as Q
from luocdo.backends import rows as R
from luocdo.graph import ask
from luocdo.graph.named import run

TYPED = ["26/CT-TTg", "Chỉ thị 26", "10/CT-TTg", "76/NQ-CP", "1847/QĐ-TTg", "Kế hoạch 37/KH-UBND", "98/KH-UBND",
         "45/KH-UBND", "108/2020/NĐ-CP", "Luật Tổ chức chính quyền địa phương", "84"]


def implementers_shape(imps) -> list:
    return [
        (i.body, i.direct, i.level, i.province,
         [[(ask.label(s.src), s.relation, ask.label(s.dst), [(e.file, e.line, e.sentence) for e in s.evidence])
           for s in c] for c in i.chains])
        for i in imps
    ]


def steps_shape(steps) -> list:
    return sorted((ask.label(s.src), s.relation, ask.label(s.dst), tuple((e.file, e.line) for e in s.evidence))
                  for s in steps)


def targets_of(store, limit: int = 40) -> list[int]:
    """Documents that links reach (the ones questions are asked about), the most linked first."""
    rows = store.db.execute(
        "SELECT dst, count(*) AS n FROM edges GROUP BY dst ORDER BY n DESC, dst LIMIT ?", (limit,)
    ).fetchall()
    return [r[0] for r in rows]


def compare(store, engine, *, limit: int = 40) -> dict[str, int]:
    """Assert the engine agrees with the embedded one; returns how many answers were compared."""
    keys = R.doc_keys(store)
    n = {"find": 0, "implementers": 0, "chain": 0, "cites": 0}
    for typed in TYPED:
        try:
            e = ask.find_documents(store, typed)
        except ask.AskError:
            continue
        r = Q.find_documents(engine, typed)
        assert [keys[x["id"]] for x in e] == [x["key"] for x in r], typed
        n["find"] += 1
    for doc in targets_of(store, limit):
        key = keys[doc]
        assert implementers_shape(ask.implementers(store, [doc])) == implementers_shape(Q.implementers(engine, [key])), key
        assert implementers_shape(ask.implementers(store, [doc], direct_only=True)) == implementers_shape(
            Q.implementers(engine, [key], direct_only=True)), key
        n["implementers"] += 1
        for up in (False, True):
            ed, es = ask.chain(store, [doc], up=up, max_depth=4)
            rd, rs = Q.chain(engine, [key], up=up, max_depth=4)
            assert sorted(keys[d["id"]] for d in ed) == sorted(d["key"] for d in rd), (key, up)
            assert steps_shape(es) == steps_shape(rs), (key, up)
            n["chain"] += 1
        for name, reverse in (("cites", False), ("cited_by", True)):
            # the SQL orders by (type, number | issuer), path, line; rows equal on those come in no set order
            order = (lambda r: (r["issuer"], r["path"], r["line"])) if reverse else (
                lambda r: (r["type"], r["number"], r["path"], r["line"]))
            emb = run(store.db, name, targets=[doc])
            oth = Q.cites(engine, key, reverse=reverse)
            assert [order(r) for r in emb] == [order(r) for r in oth], (key, name)
            e_rows = [(r["relation"], ask.label(r), r["path"], r["line"], r["sentence"], r["confidence"]) for r in emb]
            r_rows = [(r["relation"], ask.label(r), r["path"], r["line"], r["sentence"], r["confidence"]) for r in oth]
            assert sorted(e_rows) == sorted(r_rows), (key, name)
            n["cites"] += 1
    return n
