"""OCR on scans rendered from ../shared/corpus: scores and seconds per page (docs/ocr.md).

    python bench/bench_ocr.py [--shared ../shared] [--profiles 300:clean,300:noisy,200:noisy] [--jobs 1,2]

Scans are rendered (tests/make_scans.py, fixed seed) into a temporary folder, named after the corpus
files (000_….pdf); the predictions' sources are given the corpus files' names (000_….txt) so that
score.py finds their gold. Nothing is written into the project. Each
profile is read with ``luocdo extract --ocr auto --format jsonl`` and scored with
../shared/eval/score.py.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from make_scans import render_scan  # noqa: E402


def _run_scorer(shared: Path, script: str, pred: Path, *flags: str, show: bool = False) -> str:
    """score.py (in ../shared/eval) or bench/ocr_lineless.py against the shared gold; its output, or
    printed when `show`."""
    path = shared / "eval" / script if script == "score.py" else ROOT / "bench" / script
    cmd = [sys.executable, str(path), "--gold", str(shared / "eval" / "gold"), "--pred", str(pred), *flags]
    return subprocess.run(cmd, capture_output=not show, text=True, check=True).stdout or ""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--profiles", default="300:clean,300:noisy,200:noisy")
    ap.add_argument("--jobs", default="1,2", help="--jobs values to time (the first one is scored)")
    ap.add_argument("--keep", type=Path, help="folder to keep the scans and predictions in")
    a = ap.parse_args()
    corpus = sorted((a.shared / "corpus").glob("*.txt"))
    luocdo = str(Path(sys.executable).with_name("luocdo"))
    work = a.keep or Path(tempfile.mkdtemp(prefix="luocdo-ocr-"))
    rows = []
    for prof in a.profiles.split(","):
        dpi, profile = prof.split(":")
        folder = work / f"{dpi}-{profile}"
        folder.mkdir(parents=True, exist_ok=True)
        pdfs = [folder / (f.stem + ".pdf") for f in corpus]
        for k, (f, p) in enumerate(zip(corpus, pdfs, strict=True)):
            if not (a.keep and p.exists()):  # --keep: scans rendered by an earlier run are read again
                render_scan(f.read_text(encoding="utf-8"), p, int(dpi), profile, seed=k)
        import pypdfium2 as pdfium

        pages = sum(len(pdfium.PdfDocument(str(p))) for p in pdfs)
        times = {}
        pred = folder / "pred.jsonl"
        for j in a.jobs.split(","):
            t0 = time.perf_counter()
            with pred.open("w") as out:
                for p in pdfs:  # one file at a time: --jobs parallelises its pages
                    subprocess.run(
                        [luocdo, "extract", str(p), "--ocr", "auto", "--format", "jsonl", "--jobs", j],
                        stdout=out,
                        check=True,
                        env={"LUOCDO_FILE_SECONDS": "3600", **os.environ, "LUOCDO_OCR_PROGRESS": "0"},
                    )
            times[j] = (time.perf_counter() - t0) / pages
            # score.py finds the gold by the source's base name, which is the corpus file's (.txt)
            recs = [json.loads(x) for x in pred.read_text(encoding="utf-8").splitlines() if x.strip()]
            for r in recs:
                r["source"] = str(Path(r["source"]).with_suffix(".txt"))
            pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
            if j == a.jobs.split(",")[0]:
                res = json.loads(_run_scorer(a.shared, "score.py", pred, "--json"))
                _run_scorer(a.shared, "score.py", pred, "-v", show=True)
                free = json.loads(_run_scorer(a.shared, "ocr_lineless.py", pred))  # without the line window
        o = res["overall"]
        rows.append(
            (
                prof,
                pages,
                o["mentions"]["precision"],
                o["mentions"]["recall"],
                free["precision"],
                free["recall"],
                o["date"],
                o["issuer"],
                o["header"],
                times,
            )
        )
    print(
        "\n| scans | pages | P | R | P line-free | R line-free | date | issuer | header | "
        + " | ".join(f"s/page --jobs {j}" for j in a.jobs.split(","))
        + " |"
    )
    print("|---|---|---|---|---|---|---|---|---|" + "---|" * len(a.jobs.split(",")))
    for prof, pages, p, r, fp, fr, d, i, h, times in rows:
        print(
            f"| {prof} | {pages} | {p:.3f} | {r:.3f} | {fp:.3f} | {fr:.3f} | {d} | {i} | {h} | "
            + " | ".join(f"{t:.1f}" for t in times.values())
            + " |"
        )
    print(f"(scans in {work})")


if __name__ == "__main__":
    main()
