"""Settle reads the conventional names' documents without importing the extraction (luocdo.pipeline):
the writer of an ingest with worker processes never imports it otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from luocdo.store import Store

ROOT = Path(__file__).resolve().parents[1]

SETTLE = """
import sys
from luocdo.store import Store, touched
st = Store(sys.argv[1])
st.db.execute("BEGIN IMMEDIATE")
touched.touch_all(st.db)
st.db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")
st.db.execute("COMMIT")
st.settle()
dates = [r[0] for r in st.db.execute("SELECT date FROM documents WHERE ident LIKE '6|qđ/ttg|%'")]
st.close()
print(dates, "luocdo.extract.conventional" in sys.modules, "luocdo.pipeline" in sys.modules)
"""


def test_a_whole_settle_does_not_import_the_extraction(tmp_path):
    report = tmp_path / "r.md"
    report.write_text(
        "BÁO CÁO\nKết quả năm 2023\n\nXã đã đẩy mạnh triển khai Đề án 06 trên địa bàn.\n", encoding="utf-8"
    )
    st = Store(tmp_path / "s.db")
    assert st.ingest(report).status == "added"
    st.settle()
    st.close()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run(
        [sys.executable, "-c", SETTLE, str(tmp_path / "s.db")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    # the document Đề án 06 names got its date from the conventional names' data, read by settle
    assert out.stdout.split() == ["['2022-01-06']", "True", "False"]
