"""The questions answer what they answered before they were made fast (issue 16 item 5): the JSON of
implementers, --missing, chain, show --all and validate on sample_reports/ and on a 1,000-report synthetic
corpus, against the answers of the version before (tests/data/answers/, written by bench/answers.py)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from answers import QUESTIONS, answer  # noqa: E402

BEFORE = Path(__file__).parent / "data" / "answers"


def _ingest(folder: Path, store: Path) -> None:
    cmd = [sys.executable, "-m", "luocdo", "ingest", str(folder), "--store", str(store), "-q", "--jobs", "1"]
    subprocess.run(cmd, check=True, capture_output=True)


def _same_answers(store: Path, corpus: Path, before: Path, up_doc: str) -> None:
    """The reports' folder is written {corpus} in the answers kept (validate gives whole paths)."""
    for name in QUESTIONS:
        old = json.loads(gzip.decompress((before / f"{name}.json.gz").read_bytes()))
        text = answer(store, name, "26/CT-TTg", up_doc, ["--all"])
        new = json.loads(text.replace(json.dumps(str(corpus))[1:-1], "{corpus}"))
        if name == "show":
            assert new.pop("counts")["mentions"] == len(new["mentions"])
        assert new == old, name


def test_sample_reports_answers_unchanged(tmp_path: Path) -> None:
    store = tmp_path / "s.db"
    _ingest(ROOT / "sample_reports", store)
    _same_answers(store, ROOT / "sample_reports", BEFORE / "sample", "196/KH-UBND")


@pytest.mark.slow
def test_synthetic_1k_answers_unchanged(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    cmd = [sys.executable, "-m", "luocdo.synth", str(corpus), "--reports", "1000", "--seed", "1"]
    subprocess.run(cmd, check=True, capture_output=True)
    store = tmp_path / "s.db"
    _ingest(corpus, store)
    _same_answers(store, corpus, BEFORE / "1k", "348/BC-UBND")
