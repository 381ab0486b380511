"""The JSON answers of the questions of issue 16 item 5 on a store, one file per question, so that the
answers of two versions of luocdo can be compared (tests/test_question_answers.py keeps those of the
version before the speed-ups, gzip-compressed, in tests/data/answers/).

    python bench/answers.py STORE OUT_DIR [--doc 26/CT-TTg] [--show-args --all]
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
from pathlib import Path

QUESTIONS: dict[str, list[str]] = {
    "implementers": ["implementers", "{doc}"],
    "implementers_missing": ["implementers", "{doc}", "--level", "district", "--missing"],
    "implementers_province": [
        "implementers",
        "{doc}",
        "--level",
        "district",
        "--missing",
        "--province",
        "Bắc Giang",
    ],
    "chain_down": ["chain", "{doc}", "--down"],
    "chain_up": ["chain", "{up_doc}", "--up"],
    "show": ["show", "{doc}"],
    "validate": ["validate"],
}


def answer(store: Path, name: str, doc: str, up_doc: str, show_args: list[str]) -> str:
    args = [a.format(doc=doc, up_doc=up_doc) for a in QUESTIONS[name]]
    if name == "show":
        args += show_args
    cmd = [sys.executable, "-m", "luocdo", *args, "--store", str(store), "--format", "json", "--lang", "en"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("store", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--doc", default="26/CT-TTg")
    ap.add_argument("--up-doc", default="26/CT-TTg")
    ap.add_argument("--show-args", nargs="*", default=[])
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    for name in QUESTIONS:
        text = answer(a.store, name, a.doc, a.up_doc, a.show_args)
        (a.out / f"{name}.json.gz").write_bytes(gzip.compress(text.encode(), mtime=0))
        print(f"{name}: {len(text)} characters", file=sys.stderr)


if __name__ == "__main__":
    main()
