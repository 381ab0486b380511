"""Numbered-citation P/R with score.py's normalisation but without its line window (per file, as
multisets of number+symbol): how much of a score.py miss on OCR text is line drift, not reading.

    python bench/ocr_lineless.py --gold ../shared/eval/gold --pred pred.jsonl
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter, defaultdict
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, required=True)
    ap.add_argument("--pred", type=Path, required=True)
    a = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", a.gold.parent / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    gold = score.load_gold(a.gold)
    pred: dict[str, Counter] = defaultdict(Counter)
    for line in a.pred.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r.get("kind") == "mention" and r.get("number"):
            pred[Path(r["source"]).name][score.ident(r)] += 1
    tp = fp = fn = 0
    for name, g in gold.items():
        if name not in pred:
            continue
        gc = Counter(score.ident(m) for m in g["mentions"] if score.scored(m))
        pc = pred[name]
        tp += sum((gc & pc).values())
        fp += sum((pc - gc).values())
        fn += sum((gc - pc).values())
    print(json.dumps(score.prf(tp, fp, fn)))


if __name__ == "__main__":
    main()
