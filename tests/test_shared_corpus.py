"""Accuracy on the real reports of ../shared, measured by the shared scorer (fails below the targets)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from luocdo.output import write_jsonl
from luocdo.pipeline import extract_file

THRESHOLDS = {
    "precision": 0.98,
    "recall": 0.98,
    "type": 0.98,
    "year": 0.98,
    "date": 0.98,
    "issuer": 0.95,
    "relation_to_report": 0.85,
    "relations_f1": 0.70,
    "header": 0.9,
}


def score(shared: Path, corpus_files: list[Path], gold: Path, tmp_path: Path) -> dict:
    """Extract the files, write the JSONL contract, run the shared scorer and return its overall block."""
    pred = tmp_path / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for f in corpus_files:
            write_jsonl(extract_file(f), fh)
    out = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)["overall"]


@pytest.mark.shared
def test_scorer_thresholds_on_shared_corpus(shared, tmp_path):
    o = score(shared, sorted((shared / "corpus").glob("*.txt")), shared / "eval" / "gold", tmp_path)
    got = {
        "precision": o["mentions"]["precision"],
        "recall": o["mentions"]["recall"],
        "type": o["type"],
        "year": o["year"],
        "date": o["date"],
        "issuer": o["issuer"],
        "relation_to_report": o["relation_to_report"],
        "relations_f1": o["relations"]["f1"],
        "header": o["header"],
    }
    below = {k: (got[k], v) for k, v in THRESHOLDS.items() if got[k] is None or got[k] < v}
    assert not below, f"below target (got, target): {below}"


@pytest.mark.shared
def test_real_reports_offsets_point_at_mentions(shared):
    for f in sorted((shared / "corpus").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        ex = extract_file(f)
        for m in ex.mentions:
            assert text[m.start : m.end] == m.surface
            assert text.count("\n", 0, m.start) + 1 == m.line


@pytest.mark.shared
def test_scorer_on_bundled_sample_reports(shared, tmp_path):
    """The sample reports were annotated independently (sample_reports/gold): a second, unseen test set.

    score.py reads gold named after .txt sources, so the reports are copied under .txt names.
    """
    samples = Path(__file__).resolve().parents[1] / "sample_reports"
    corpus, gold = tmp_path / "c", tmp_path / "g"
    corpus.mkdir()
    gold.mkdir()
    for g in sorted((samples / "gold").glob("*.json")):
        d = json.loads(g.read_text(encoding="utf-8"))
        stem = g.stem
        (corpus / f"{stem}.txt").write_bytes((samples / f"{stem}.md").read_bytes())
        d["source_file"] = f"{stem}.txt"
        (gold / f"{stem}.json").write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    o = score(shared, sorted(corpus.glob("*.txt")), gold, tmp_path)
    assert o["mentions"]["precision"] >= 0.98 and o["mentions"]["recall"] >= 0.98
    assert min(o["type"], o["year"], o["date"]) >= 0.98 and o["issuer"] >= 0.95 and o["header"] >= 0.9
    # the annotator of the samples marks "reports_on" only where the text says so, the shared gold on
    # every mention of the report's subject: the two conventions disagree on about 1 mention in 6
    assert o["relation_to_report"] >= 0.75 and o["relations"]["f1"] >= 0.7


@pytest.mark.shared
def test_real_districts_answers(shared, tmp_path):
    """On the real reports: who implemented what, as a careful reader of the three reports would say."""
    from luocdo.graph.ask import find_documents, implementers
    from luocdo.store import Store

    st = Store(tmp_path / "s.db")
    for f in sorted((shared / "corpus").glob("*.txt")):
        assert st.ingest(f).status == "added"
    st.settle()

    def who(doc: str) -> dict[str, bool]:
        return {i.body: i.direct for i in implementers(st, [d["id"] for d in find_documents(st, doc)])}

    ct20 = who("Chỉ thị 20-CT/TU")
    assert ct20.get("UBND huyện Trà Cú") is True  # its report is on Chỉ thị 20-CT/TU
    assert ct20.get("UBND tỉnh Trà Vinh") is True  # Quyết định 1194 issues the plan implementing it
    q1847 = who("1847/QĐ-TTg")
    assert q1847.get("UBND tỉnh Trà Vinh") is True  # Kế hoạch 50/KH-UBND implements it
    assert q1847.get("UBND huyện Trà Cú") is not None  # through the provincial plan, or directly
    assert "UBND huyện Đức Thọ" not in q1847
    ct10 = who("10/CT-TTg")
    assert ct10.get("UBND tỉnh Trà Vinh") is True  # Kế hoạch 84/KH-UBND
    bodies = {r["name"]: r for r in st.db.execute("SELECT * FROM bodies")}
    assert bodies["UBND huyện Đức Thọ"]["province"] == "Hà Tĩnh" and bodies["UBND huyện Trà Cú"]["level"] == "district"
