#!/usr/bin/env python3
"""Speed of citation extraction, next to the speed of a bare regex scan for symbol tokens.

    .venv/bin/python bench/bench_extract.py                 # ~20 MB of repeated corpus, best of 3
    .venv/bin/python bench/bench_extract.py --per-file      # also: one extract_text call per report
    .venv/bin/python bench/bench_extract.py --json bench.json

The text is the shared corpus (../shared/corpus beside the project) repeated until it reaches
--target-mb (or exactly --repeat times). MB means 10^6 bytes of UTF-8. The bare scan is the floor:
the one regex every extractor has to run anyway; the ratio says what the rest of the pipeline costs.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus"

# number[letter][/year] separator Symbol[-/segments]: 1381/UBND-KSTT, 48/2013/NĐ-CP, 20-CT/TU, 30c/NQ-CP
SYMBOL_TOKEN = regex.compile(r"\d+[a-zA-Z]?(?:/\d{4})?\s?[/-]\s?[\p{Lu}Đ][\p{L}\d.&-]*(?:[/-][\p{L}\d.&]+)*")


def load_extract_text() -> Callable:
    try:
        from luocdo.pipeline import extract_text
    except ImportError as e:
        sys.exit(
            f"bench_extract: cannot import luocdo.pipeline.extract_text ({e}).\n"
            "The extraction pipeline is not available in this checkout; run with --regex-only to time the "
            "bare scan alone, or install the project (pip install -e .) into the interpreter you use."
        )
    return extract_text


def best_of(runs: int, fn: Callable[[], int]) -> tuple[float, int]:
    """Best wall time of ``runs`` calls and what the last call returned (a count)."""
    best, result = math.inf, 0
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def mb(text: str) -> float:
    return len(text.encode("utf-8")) / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder of *.txt / *.md reports (e.g. ../shared/corpus-real/pool)",
    )
    ap.add_argument(
        "--repeat", type=int, help="how many times to repeat the corpus (default: reach --target-mb)"
    )
    ap.add_argument("--target-mb", type=float, default=20.0, help="size of the repeated text (default 20)")
    ap.add_argument("--runs", type=int, default=3, help="take the best of this many runs (default 3)")
    ap.add_argument("--per-file", action="store_true", help="also time one extract_text call per report")
    ap.add_argument("--regex-only", action="store_true", help="time the bare scan only")
    ap.add_argument("--json", type=Path, metavar="PATH", help="write a JSON summary here")
    a = ap.parse_args(argv)

    extract_text = None if a.regex_only else load_extract_text()  # fail before the slow part
    files = sorted([*a.corpus.glob("*.txt"), *a.corpus.glob("*.md")])
    if not files:
        sys.exit(f"bench_extract: no *.txt or *.md in {a.corpus} (pass --corpus DIR)")
    texts = [f.read_text(encoding="utf-8") for f in files]
    corpus_mb = sum(mb(t) for t in texts)
    repeat = a.repeat or max(1, math.ceil(a.target_mb / corpus_mb))
    big = "\n".join(texts * repeat)
    big_mb = mb(big)
    summary: dict = {
        "corpus": str(a.corpus),
        "files": len(files),
        "corpus_mb": round(corpus_mb, 4),
        "repeat": repeat,
        "text_mb": round(big_mb, 3),
        "runs": a.runs,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(f"text: {len(files)} reports x {repeat} = {big_mb:.1f} MB, best of {a.runs} runs")

    t_regex, n_tokens = best_of(a.runs, lambda: sum(1 for _ in SYMBOL_TOKEN.finditer(big)))
    summary["regex"] = {
        "seconds": round(t_regex, 4),
        "mb_per_s": round(big_mb / t_regex, 2),
        "tokens": n_tokens,
    }
    print(f"bare regex scan : {big_mb / t_regex:9.2f} MB/s  ({t_regex:.3f} s, {n_tokens} symbol tokens)")

    if extract_text is not None:
        t0 = time.perf_counter()
        extract_text(texts[0], source="bench")  # first call pays for compiling patterns, loading data
        summary["first_call_seconds"] = round(time.perf_counter() - t0, 4)

        t_ext, n_mentions = best_of(a.runs, lambda: len(extract_text(big, source="bench").mentions))
        ratio = t_ext / t_regex
        summary["extract"] = {
            "seconds": round(t_ext, 4),
            "mb_per_s": round(big_mb / t_ext, 2),
            "mentions": n_mentions,
            "mentions_per_s": round(n_mentions / t_ext, 1),
        }
        summary["extract_vs_regex_time_ratio"] = round(ratio, 2)
        print(f"extract_text    : {big_mb / t_ext:9.2f} MB/s  ({t_ext:.3f} s, {n_mentions} mentions)")
        print(
            f"extraction takes {ratio:.1f}x the time of the bare scan (first call {summary['first_call_seconds']:.3f} s)"
        )

        if a.per_file:

            def per_file() -> int:
                n = 0
                for _ in range(repeat):
                    for f, t in zip(files, texts, strict=True):
                        n += len(extract_text(t, source=f.name).mentions)
                return n

            t_pf, n_pf = best_of(a.runs, per_file)
            calls = repeat * len(files)
            pf_mb = corpus_mb * repeat
            summary["per_file"] = {
                "seconds": round(t_pf, 4),
                "calls": calls,
                "mb_per_s": round(pf_mb / t_pf, 2),
                "ms_per_report": round(1000 * t_pf / calls, 3),
                "mentions": n_pf,
            }
            print(
                f"per report      : {pf_mb / t_pf:9.2f} MB/s  ({calls} calls, "
                f"{1000 * t_pf / calls:.2f} ms per report, {n_pf // repeat} mentions per pass)"
            )

    if a.json:
        a.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"summary written to {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
