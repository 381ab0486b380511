"""Score the extractor on text typed without diacritics: every input file has its Vietnamese
diacritics removed (one character for one: lines and offsets are kept), is extracted with and
without the accent-restoring pass, and written as JSON Lines whose surfaces come from the accented
original. Score both against the gold of the accented files:

    python bench/stripped_eval.py ../shared/corpus/*.txt --out /tmp/strip      # writes before/after
    python ../shared/eval/score.py --gold ../shared/eval/gold --pred /tmp/strip.before.jsonl
    python ../shared/eval/score.py --gold ../shared/eval/gold --pred /tmp/strip.after.jsonl
"""

from __future__ import annotations

import argparse
from pathlib import Path
from unittest import mock

from luocdo import pipeline
from luocdo.load import read_document
from luocdo.load.accents import strip_accents
from luocdo.output import write_jsonl


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--out", required=True, help="prefix of <out>.before.jsonl and <out>.after.jsonl")
    args = ap.parse_args()
    for mode in ("before", "after"):
        with open(f"{args.out}.{mode}.jsonl", "w", encoding="utf-8") as out:
            for f in args.files:
                text = read_document(f).text
                plain = strip_accents(text)
                assert len(plain) == len(text)
                if mode == "before":
                    with mock.patch.object(pipeline, "restore_accents", lambda nt: nt):
                        ex = pipeline.extract_text(plain, source=str(f))
                else:
                    ex = pipeline.extract_text(plain, source=str(f))
                for m in ex.mentions:
                    m.surface = text[m.start : m.end]
                write_jsonl(ex, out)


if __name__ == "__main__":
    main()
