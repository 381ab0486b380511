#!/usr/bin/env python3
"""Extraction recall on the shared corpus after PDF-style font damage (luocdo.degrade).

    .venv/bin/python bench/degraded_recall.py
    .venv/bin/python bench/degraded_recall.py --seeds 5 --json degraded.json -v

For every report in ../shared/corpus, every damage level and seeds 0..N-1, the report is damaged,
extract_text runs on the damaged text, and its numbered mentions are matched to the gold numbered
mentions (number given, not "reconstructed"): same number and symbol after the normalisation of
../shared/eval/score.py, and a line at most --slack lines away. Predicted lines are mapped back to the
clean report's lines through the line map degrade produces, since breaking a symbol across lines shifts
everything after it. Precision counts numbered predictions that match nothing (as score.py does,
predictions that hit an unscored gold mention of the same type are excused). Confidence < 1 is counted
for matched and unmatched predictions, and a prediction whose number is not written in its own span
is counted as invented (the extractor must never invent a number).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import traceback
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = PROJECT_ROOT.parent / "shared"

# The clean text is the baseline; the others are what luocdo.degrade does to it.
LEVELS: dict[str, dict[str, float] | None] = {
    "clean": None,
    "light": {"drop_diacritic_letters": 0.3, "drop_other_letters": 0.01, "break_symbols": 0.1},
    "default": {},  # degrade()'s own defaults: 0.6 of diacritic glyphs, 0.03 of others, 15% of symbols broken
    "heavy": {
        "drop_diacritic_letters": 0.8,
        "drop_other_letters": 0.05,
        "break_symbols": 0.3,
        "cut_symbols": 0.05,
    },
}


# --- normalisation, kept in step with ../shared/eval/score.py ---------------------------------------
def nfc(s: str | None) -> str:
    return unicodedata.normalize("NFC", s or "")


def norm_number(n) -> str:
    s = re.sub(r"\s+", "", nfc(str(n) if n is not None else "")).casefold()
    return s.lstrip("0") or ("0" if s else "")


def norm_symbol(s) -> str:
    s = re.sub(r"<[^>]+>|\*", "", nfc(s))
    s = re.sub(r"\s+", "", s).casefold().strip("-/.")
    return re.sub(r"[-/]+", "/", s)


def norm_type(s) -> str:
    t = nfc(s).casefold().strip()
    return {"văn bản": "công văn"}.get(t, t)


def scored(m: dict) -> bool:
    """A gold mention is scored when its number is legible in the clean text."""
    return bool(m.get("number")) and "reconstructed" not in (m.get("notes") or "")


# -------------------------------------------------------------------------------------------------


def get(m, name: str):
    return m.get(name) if isinstance(m, dict) else getattr(m, name, None)


def load_extract_text() -> Callable:
    try:
        from luocdo.pipeline import extract_text
    except ImportError as e:
        sys.exit(
            f"degraded_recall: cannot import luocdo.pipeline.extract_text ({e}).\n"
            "The extraction pipeline is not available in this checkout, or the project is not installed "
            "into this interpreter (pip install -e .)."
        )
    return extract_text


def predictions(result, text: str, line_map: list[int] | None) -> list[dict]:
    """Numbered mentions of one extract_text result, with lines mapped back to the clean report."""
    out = []
    for m in result.mentions:
        if not get(m, "number"):
            continue
        line = get(m, "line")
        start, end = get(m, "start"), get(m, "end")
        if not line and start is not None:
            line = text.count("\n", 0, start) + 1
        line = int(line or 0)
        orig = line_map[line - 1] if line_map and 1 <= line <= len(line_map) else line
        span = text[start:end] if start is not None and end is not None else ""
        conf = get(m, "confidence")
        number_digits = re.sub(r"\D", "", str(get(m, "number")))
        out.append(
            {
                "number": get(m, "number"),
                "symbol": get(m, "symbol"),
                "type": get(m, "type"),
                "line": orig,
                "confidence": 1.0 if conf is None else float(conf),
                # every digit of the number must be read off the damaged text, in order, inside the span
                "invented": bool(span) and number_digits not in re.sub(r"\D", "", span),
            }
        )
    return out


def ident(m: dict) -> tuple[str, str]:
    return norm_number(m.get("number")), norm_symbol(m.get("symbol"))


def match(gold: list[dict], pred: list[dict], slack: int) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), nearest lines first, as score.py pairs them."""
    by_id: dict[tuple, list[int]] = defaultdict(list)
    for j, p in enumerate(pred):
        by_id[ident(p)].append(j)
    cands = []
    for i, g in enumerate(gold):
        for j in by_id.get(ident(g), []):
            d = abs(int(g.get("line") or 0) - pred[j]["line"])
            if d <= slack:
                cands.append((d, i, j))
    cands.sort()
    pairs, taken_g, taken_p = [], set(), set()
    for _, i, j in cands:
        if i not in taken_g and j not in taken_p:
            taken_g.add(i)
            taken_p.add(j)
            pairs.append((i, j))
    return pairs


def score_run(gold_doc: dict, pred: list[dict], slack: int) -> dict:
    gold = [m for m in gold_doc["mentions"] if scored(m)]
    unscored = [m for m in gold_doc["mentions"] if not scored(m)]
    pairs = match(gold, pred, slack)
    hit_g = {i for i, _ in pairs}
    hit_p = {j for _, j in pairs}
    spare = [p for j, p in enumerate(pred) if j not in hit_p]
    fp = [
        p
        for p in spare
        if not any(
            abs(int(g.get("line") or 0) - p["line"]) <= slack
            and norm_type(g.get("type")) == norm_type(p["type"])
            for g in unscored
        )
    ]
    matched = [pred[j] for j in hit_p]
    return {
        "gold": len(gold),
        "tp": len(pairs),
        "fn": len(gold) - len(pairs),
        "fp": len(fp),
        "pred": len(pred),
        "low_conf": sum(p["confidence"] < 1 for p in pred),
        "low_conf_tp": sum(p["confidence"] < 1 for p in matched),
        "low_conf_fp": sum(p["confidence"] < 1 for p in fp),
        "invented": sum(p["invented"] for p in pred),
        "missed": [
            f"{g.get('id')} line {g['line']}: {g['number']} {g.get('symbol') or ''}"
            for i, g in enumerate(gold)
            if i not in hit_g
        ],
        "false_positives": [f"line {p['line']}: {p['number']} {p['symbol'] or ''}" for p in fp],
    }


COUNTS = ("gold", "tp", "fn", "fp", "pred", "low_conf", "low_conf_tp", "low_conf_fp", "invented", "errors")


def ratios(c: Counter) -> dict:
    rec = c["tp"] / c["gold"] if c["gold"] else 1.0
    tp_fp = c["tp"] + c["fp"]
    prec = c["tp"] / tp_fp if tp_fp else 1.0
    return {**{k: c[k] for k in COUNTS}, "recall": round(rec, 4), "precision": round(prec, 4)}


def row(name: str, r: dict) -> str:
    return (
        f"{name:<28} {r['recall']:7.3f} {r['precision']:7.3f} {r['gold']:6d} {r['tp']:6d} {r['fn']:6d} "
        f"{r['fp']:6d} {r['low_conf']:6d} {r['low_conf_tp']:6d} {r['low_conf_fp']:6d} {r['invented']:6d} "
        f"{r['errors']:5d}"
    )


HEADER = (
    f"{'':<28} {'recall':>7} {'prec':>7} {'gold':>6} {'tp':>6} {'fn':>6} {'fp':>6} {'conf<1':>6} "
    f"{'..tp':>6} {'..fp':>6} {'invent':>6} {'err':>5}"
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (corpus/, eval/gold/)"
    )
    ap.add_argument("--seeds", type=int, default=5, help="damage seeds 0..N-1 per level (default 5)")
    ap.add_argument("--levels", default=",".join(LEVELS), help=f"comma-separated, from {', '.join(LEVELS)}")
    ap.add_argument("--slack", type=int, default=3, help="lines a prediction may be off by (default 3)")
    ap.add_argument("--json", type=Path, metavar="PATH", help="write the full result here")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the gold mentions missed most often")
    a = ap.parse_args(argv)

    corpus, gold_dir = a.shared / "corpus", a.shared / "eval" / "gold"
    if not corpus.is_dir() or not gold_dir.is_dir():
        print(
            f"degraded_recall: skipped, {a.shared} has no corpus/ and eval/gold/ (the shared folder is absent)"
        )
        return 0
    levels = [lv.strip() for lv in a.levels.split(",") if lv.strip()]
    unknown = [lv for lv in levels if lv not in LEVELS]
    if unknown:
        ap.error(f"unknown level(s): {', '.join(unknown)}; choose from {', '.join(LEVELS)}")

    docs = []
    for f in sorted(corpus.glob("*.txt")):
        g = gold_dir / f"{f.stem}.json"
        if g.exists():
            docs.append((f.name, f.read_text(encoding="utf-8"), json.loads(g.read_text(encoding="utf-8"))))
    if not docs:
        print(f"degraded_recall: skipped, no corpus file in {corpus} has a gold file in {gold_dir}")
        return 0

    from luocdo.degrade import degrade_with_line_map

    extract_text = load_extract_text()
    result: dict = {"seeds": a.seeds, "slack": a.slack, "levels": {}}
    overall = Counter()
    first_error = None
    print(HEADER)
    for level in levels:
        params = LEVELS[level]
        seeds = [0] if params is None else list(range(a.seeds))
        per_file: dict[str, Counter] = {}
        missed: Counter = Counter()
        t0 = time.perf_counter()
        for name, clean, gold_doc in docs:
            c = Counter()
            for seed in seeds:
                if params is None:
                    text, line_map = clean, None
                else:
                    text, line_map = degrade_with_line_map(clean, seed=seed, **params)
                try:
                    res = extract_text(text, source=name)
                except Exception:
                    c["errors"] += 1
                    c["gold"] += sum(scored(m) for m in gold_doc["mentions"])
                    c["fn"] += sum(scored(m) for m in gold_doc["mentions"])
                    first_error = first_error or f"{level} seed {seed} {name}:\n{traceback.format_exc()}"
                    continue
                s = score_run(gold_doc, predictions(res, text, line_map), a.slack)
                c.update({k: s[k] for k in COUNTS if k in s})
                missed.update(f"{name}:{m}" for m in s["missed"])
            per_file[name] = c
        total = sum(per_file.values(), Counter())
        if params is not None:
            overall += total
        print(f"-- {level} ({len(seeds)} seed{'s' * (len(seeds) > 1)}, {time.perf_counter() - t0:.1f} s)")
        for name, c in per_file.items():
            print(row(f"  {name}", ratios(c)))
        print(row(f"  all {level}", ratios(total)))
        if a.verbose and missed:
            for m, n in missed.most_common(15):
                print(f"     missed {n}/{len(seeds)}  {m}")
        result["levels"][level] = {
            "params": params,
            "files": {n: ratios(c) for n, c in per_file.items()},
            "total": ratios(total),
            "missed": dict(missed.most_common(100)),
        }
    if overall:
        result["overall_damaged"] = ratios(overall)
        print(row("OVERALL (damaged levels)", result["overall_damaged"]))
    if first_error:
        print(f"\nextract_text raised; first failure: {first_error}", file=sys.stderr)
    if a.json:
        a.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"result written to {a.json}")
    return 1 if first_error else 0


if __name__ == "__main__":
    sys.exit(main())
