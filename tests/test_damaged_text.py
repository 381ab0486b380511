"""Text from damaged PDFs: symbols wrapped across lines (also right after the number), and recall on
the shared corpus damaged by luocdo.degrade."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from helpers import mentions, one

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize(
    ("text", "number", "year", "symbol"),
    [
        ("Quyết định số 1847/\nQĐ-TTg ngày 27/12/2018 của Thủ tướng", "1847", None, "QĐ-TTg"),
        ("Quyết định số 03/2007/\n\nQĐ-BNV ngày 26/02/2007", "03", "2007", "QĐ-BNV"),
        ("Chỉ thị số 20-\n\nCT/TU ngày 30/8/2021", "20", None, "CT/TU"),
        ("Quy định số 724-QĐ/\nTU ngày 30/8/2021", "724", None, "QĐ/TU"),
        ("Kế hoạch số 156/\n\nKH-UBND của UBND huyện", "156", None, "KH-UBND"),
        ("Quyết   nh s 3663/\nQ -UBND ngày 12/11/2021", "3663", None, "QĐ-UBND"),  # a vanished Đ too
    ],
)
def test_a_symbol_wrapped_after_the_number_is_read_whole(text, number, year, symbol):
    m = one(text)
    assert (m.number, m.year, m.symbol) == (number, year, symbol)
    assert m.confidence < 1.0
    assert any("broken across lines" in n or "damaged" in n for n in m.notes)
    assert "\n" in m.surface


@pytest.mark.parametrize(
    "text",
    [
        "tổng số 21 cấp phó của 13/\nCác cơ quan đã bố trí",
        "đạt 82/\nTrong đó 89 xã",
        "Kế hoạch số 84/\n\nbáo cáo kết quả",
    ],
)
def test_a_number_and_slash_before_an_ordinary_line_is_not_a_citation(text):
    assert [m for m in mentions(text) if m.number] == []


def _degraded_recall_module():
    path = ROOT / "bench" / "degraded_recall.py"
    spec = importlib.util.spec_from_file_location("degraded_recall", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.slow
def test_recall_on_the_damaged_shared_corpus(tmp_path):
    if not (SHARED / "corpus").is_dir() or not (SHARED / "eval" / "gold").is_dir():
        pytest.skip("../shared (corpus and gold) is not beside the project")
    bench = _degraded_recall_module()
    out = tmp_path / "degraded.json"
    assert bench.main(["--seeds", "3", "--levels", "light,default", "--json", str(out)]) == 0
    import json

    levels = json.loads(out.read_text(encoding="utf-8"))["levels"]
    for level, floor in (("light", 0.96), ("default", 0.94)):
        total = levels[level]["total"]
        assert total["recall"] >= floor, (level, total)
        assert total["precision"] >= 0.95, (level, total)
        assert total["invented"] == 0 and total["errors"] == 0, (level, total)
