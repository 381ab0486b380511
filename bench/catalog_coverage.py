#!/usr/bin/env python3
"""Share of cited central documents verified by a catalog, before (the catalog in the store: the
97 hand-compiled entries) and after (plus the reference catalog); false "not found" on gold.

    python bench/catalog_coverage.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CENTRAL_TYPES = {"Luật", "Bộ luật", "Nghị định", "Thông tư", "Thông tư liên tịch"}


def central(type_: str | None, symbol: str | None) -> bool:
    from luocdo.refbuild import symbol_issuer

    if not symbol or not symbol_issuer(symbol)[0]:
        return False
    return type_ in CENTRAL_TYPES or (type_ in ("Quyết định", "Chỉ thị") and "TTg" in symbol)


def corpus(name: str, files: list[Path]) -> dict:
    from luocdo.store import Store
    from luocdo.validate.rules import _ref, classify, existence

    with tempfile.TemporaryDirectory() as tmp:
        st = Store(Path(tmp) / "s.db")
        for f in files:
            st.ingest(f)
        st.settle()
        docs = [
            d
            for d in st.db.execute("SELECT * FROM documents WHERE number IS NOT NULL").fetchall()
            if central(d["type"], d["symbol"])
        ]
        before = after = 0
        statuses: dict[str, int] = {}
        missing = []
        for d in docs:
            ex = existence(st, d["id"])
            statuses[ex.status] = statuses.get(ex.status, 0) + 1
            before_ex = classify(
                None,
                d,
                in_corpus=ex.status == "issued-in-corpus",
                in_catalog=ex.status == "in-catalog",
                files=0,
                dates=0,
            )
            before += before_ex.status in ("in-catalog", "issued-in-corpus")
            ok = ex.status in ("in-catalog", "in-reference-catalog", "issued-in-corpus")
            after += ok
            if not ok:
                missing.append(
                    f"{d['type']} {d['number']}/{d['year'] or ''}/{d['symbol']} ({d['date'] or '?'}): {ex.status}"
                )
        _ref(st)
        return {
            "corpus": name,
            "reports": len(files),
            "central": len(docs),
            "before": before,
            "after": after,
            "statuses": statuses,
            "not verified": missing,
        }


def gold(shared: Path) -> dict:
    """Every numbered central citation in the gold annotations: found in the reference catalog, or
    (never wanted) reported as not found."""
    from luocdo import reference
    from luocdo.validate.rules import _not_found

    cat = reference.get()
    n = found = false_nf = 0
    lost = []
    for g in sorted([*shared.glob("eval/gold/*.json"), *shared.glob("eval/gold-real/*.json")]):
        for m in json.loads(g.read_text("utf-8"))["mentions"]:
            if not m.get("number") or not central(m.get("type"), m.get("symbol")):
                continue
            year = m.get("year") or (m.get("date") or "")[:4] or None
            n += 1
            if cat.lookup(m["number"], year, m["symbol"]):
                found += 1
                continue
            nf = _not_found(cat, m["number"], m["symbol"], year) if year else None
            false_nf += nf is not None
            lost.append(
                f"{g.stem}: {m['type']} {m['number']}/{year}/{m['symbol']}" + (" NOT-FOUND" if nf else "")
            )
    return {
        "gold central mentions": n,
        "found": found,
        "reported not found": false_nf,
        "not in catalog": lost,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    a = ap.parse_args()
    out = [
        corpus("shared/corpus", sorted((a.shared / "corpus").glob("*.txt"))),
        corpus(
            "sample_reports", sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")
        ),
        corpus("corpus-real/dev", sorted((a.shared / "corpus-real" / "dev").glob("*.md"))),
        gold(a.shared),
    ]
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
