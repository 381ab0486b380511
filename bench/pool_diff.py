#!/usr/bin/env python3
"""What a change did to extraction on documents nobody annotated: diff two JSONL runs.

    .venv/bin/luocdo extract ../shared/corpus-real/pool/*.md --format jsonl > before.jsonl
    # ... change the extractor ...
    .venv/bin/luocdo extract ../shared/corpus-real/pool/*.md --format jsonl > after.jsonl
    .venv/bin/python bench/pool_diff.py before.jsonl after.jsonl            # counts
    .venv/bin/python bench/pool_diff.py before.jsonl after.jsonl --show 20  # and a sample of each kind
    .venv/bin/python bench/pool_diff.py before.jsonl after.jsonl --json     # counts as JSON

Citations are paired per file by (number, symbol, surface text without spaces) and, among those,
nearest line first; a citation of the same identity that only moved by a few lines is "moved",
not lost and added. For each pair the fields type, year, date, issuer, relation and key are
compared. The document records (the file's own header) and the relations between cited documents
are compared too. The sample is chosen at random with a fixed seed, so two calls show the same lines.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

FIELDS = ("type", "year", "date", "issuer", "relation", "key")
HEADER_FIELDS = ("type", "number", "symbol", "issuer", "date", "place", "title")
MOVE_SLACK = 3


def load(path: Path) -> dict[str, dict[str, list[dict]]]:
    runs: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{i}: not JSON ({e.msg})")
            runs[Path(str(rec.get("source", ""))).name][rec.get("kind", "mention")].append(rec)
    return runs


def _ident(m: dict) -> tuple[str, str, str]:
    surface = "".join(str(m.get("surface") or "").split())
    return (str(m.get("number") or ""), str(m.get("symbol") or ""), surface if not m.get("number") else "")


def pair_mentions(
    before: list[dict], after: list[dict]
) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """(pairs, lost, added): same identity, nearest line first, within MOVE_SLACK lines."""
    by_id: dict[tuple, list[dict]] = defaultdict(list)
    for a in after:
        by_id[_ident(a)].append(a)
    cands = []
    for b in before:
        for a in by_id.get(_ident(b), []):
            d = abs(int(b.get("line") or 0) - int(a.get("line") or 0))
            if d <= MOVE_SLACK:
                cands.append((d, id(b), id(a), b, a))
    cands.sort(key=lambda c: c[0])
    used_b: set[int] = set()
    used_a: set[int] = set()
    pairs = []
    for _, ib, ia, b, a in cands:
        if ib in used_b or ia in used_a:
            continue
        used_b.add(ib)
        used_a.add(ia)
        pairs.append((b, a))
    lost = [b for b in before if id(b) not in used_b]
    added = [a for a in after if id(a) not in used_a]
    return pairs, lost, added


def _rel_sig(r: dict) -> tuple:
    f, t = r.get("from") or {}, r.get("to") or {}
    return (f.get("number"), f.get("symbol"), r.get("relation"), t.get("number"), t.get("symbol"))


def diff(before: dict, after: dict) -> tuple[Counter, dict[str, list[str]]]:
    counts: Counter = Counter()
    samples: dict[str, list[str]] = defaultdict(list)
    files = sorted(set(before) | set(after))
    counts["files"] = len(files)
    for f in files:
        b, a = before.get(f, {}), after.get(f, {})
        if not b:
            counts["files only after"] += 1
        if not a:
            counts["files only before"] += 1
        bm, am = b.get("mention", []), a.get("mention", [])
        counts["citations before"] += len(bm)
        counts["citations after"] += len(am)
        pairs, lost, added = pair_mentions(bm, am)
        for m in lost:
            counts["citations lost"] += 1
            samples["citations lost"].append(f"{f}:{m.get('line')}: {_show(m)}")
        for m in added:
            counts["citations added"] += 1
            samples["citations added"].append(f"{f}:{m.get('line')}: {_show(m)}")
        for pb, pa in pairs:
            if pb.get("line") != pa.get("line"):
                counts["citations moved"] += 1
            for fld in FIELDS:
                if pb.get(fld) != pa.get(fld):
                    k = f"{fld} changed"
                    counts[k] += 1
                    samples[k].append(
                        f"{f}:{pa.get('line')}: {_surface(pa)!r}: {pb.get(fld)!r} -> {pa.get(fld)!r}"
                    )
        hb, ha = (b.get("document") or [{}])[0], (a.get("document") or [{}])[0]
        for fld in HEADER_FIELDS:
            if hb.get(fld) != ha.get(fld):
                k = f"header {fld} changed"
                counts[k] += 1
                samples[k].append(f"{f}: {hb.get(fld)!r} -> {ha.get(fld)!r}")
        rb = Counter(_rel_sig(r) for r in b.get("relation", []))
        ra = Counter(_rel_sig(r) for r in a.get("relation", []))
        for sig, n in (rb - ra).items():
            counts["relations lost"] += n
            samples["relations lost"].append(f"{f}: {_sig(sig)}")
        for sig, n in (ra - rb).items():
            counts["relations added"] += n
            samples["relations added"].append(f"{f}: {_sig(sig)}")
    return counts, samples


def _surface(m: dict) -> str:
    return " ".join(str(m.get("surface") or "").split())[:100]


def _show(m: dict) -> str:
    return f"{_surface(m)!r} [{m.get('type')}, {m.get('date')}, {m.get('issuer')}, {m.get('relation')}]"


def _sig(sig: tuple) -> str:
    fn, fs, rel, tn, ts = sig
    return f"{fn}/{fs} {rel} {tn}/{ts}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--show", type=int, default=0, metavar="N", help="print up to N examples of each change")
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    counts, samples = diff(load(a.before), load(a.after))
    if a.json:
        print(json.dumps(dict(sorted(counts.items())), ensure_ascii=False, indent=1))
        return 0
    order = [
        "files",
        "citations before",
        "citations after",
        "citations lost",
        "citations added",
        "citations moved",
    ]
    keys = order + sorted(k for k in counts if k not in order)
    width = max(len(k) for k in keys)
    for k in keys:
        print(f"{k:<{width}}  {counts.get(k, 0):>7}")
    if a.show:
        rng = random.Random(a.seed)
        for k in sorted(samples):
            items = samples[k]
            pick = items if len(items) <= a.show else sorted(rng.sample(items, a.show))
            print(f"\n## {k} ({len(items)})")
            for s in pick:
                print(f"  {s}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
