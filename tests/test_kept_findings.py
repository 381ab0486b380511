"""The findings kept in the store (luocdo.validate.kept) are those the rules give on the whole store,
whatever the order, the batches, the forgets and the settles that built it; only what changed is
checked again."""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_

from luocdo.store import Store
from luocdo.store import findings as stored
from luocdo.synth.cli import main as synth
from luocdo.validate import kept, parallel, run_all

SAMPLES = Path(__file__).resolve().parent.parent / "sample_reports"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list[Path]:
    """The sample reports and 40 synthetic ones (their cross-file findings: dates, numbers, existence)."""
    root = tmp_path_factory.mktemp("kept")
    synth(["--reports", "40", "--seed", "5", str(root / "synth")])
    files = sorted(p for p in (root / "synth").glob("*.md"))
    for p in sorted(SAMPLES.glob("*.md")):
        shutil.copy(p, root / p.name)
        files.append(root / p.name)
    return files


def dicts(found) -> list[dict]:
    return [f.as_dict() for f in found]


def texts_left_behind(st: Store) -> int:
    """Explanations and suggestions kept that no finding refers to."""
    return st.db.execute(
        "SELECT count(*) FROM findings_said WHERE id NOT IN (SELECT why FROM findings UNION SELECT fix FROM findings)"
    ).fetchone()[0]


def same_as_full(st: Store) -> None:
    incremental = dicts(kept.findings(st))
    assert incremental == dicts(run_all(st))
    assert texts_left_behind(st) == 0
    kept.recheck_all(st)
    assert dicts(kept.findings(st)) == incremental
    kept.refresh(st, full=True, parallel_above=0)  # the whole check on two processes
    assert dicts(kept.findings(st)) == incremental


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st_.data())
def test_kept_findings_are_the_whole_store_s_in_any_order(tmp_path_factory, corpus, data):
    order = data.draw(st_.permutations(corpus))
    st = Store(tmp_path_factory.mktemp("s") / "s.db")
    ingested: list[Path] = []
    i = 0
    while i < len(order):
        n = data.draw(st_.integers(1, 20))
        batch = order[i : i + n]
        i += n
        list(st.ingest_many(batch, batch_files=data.draw(st_.integers(1, 8))))
        ingested += batch
        if data.draw(st_.booleans()):
            st.settle()
        if data.draw(st_.booleans()):
            kept.refresh(st)
        if data.draw(st_.integers(0, 3)) == 0:
            gone = data.draw(st_.sampled_from(ingested))
            ingested.remove(gone)
            st.forget(str(gone))
    st.settle()
    same_as_full(st)
    st.close()


def test_only_what_an_ingest_changed_is_checked_again(tmp_path, corpus):
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus[:-3]))
    st.settle()
    first = kept.refresh(st)
    assert first.full and first.findings > 0
    assert not kept.refresh(st).findings  # nothing changed: nothing checked
    list(st.ingest_many(corpus[-3:]))
    st.settle()
    again = kept.refresh(st)
    assert not again.full and again.files == 3
    assert 0 < again.numbers < len(st.db.execute("SELECT DISTINCT num_norm FROM mentions").fetchall())
    same_as_full(st)


def test_checks_between_the_batches_of_an_ingest_and_its_settle_leave_nothing_stale(tmp_path, corpus):
    """`validate` run while an ingest goes on: its check falls after any batch's commit, before the
    settle; every write after it (the later batches, the settle's merges and resolutions) marks what it
    changes, so the findings kept are the whole store's once the ingest is over."""
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus[:-12]))
    st.settle()
    kept.refresh(st)
    other = Store(path)  # the validate: its own connection
    checks = [kept.refresh(other) for _ in st.ingest_many(corpus[-12:], batch_files=3)]
    assert any(c.files for c in checks)
    st.settle()
    same_as_full(other)
    other.close()
    st.close()


CITING = """**ỦY BAN NHÂN DÂN**
**TỈNH BẮC GIANG**

Số: 210/BC-UBND

Bắc Giang, ngày 20 tháng 5 năm 2020

## **BÁO CÁO**

### **Tình hình thực hiện kỷ luật, kỷ cương hành chính**

Kính gửi: Bộ Nội vụ.

Trên cơ sở Báo cáo số 45/BC-UBND ngày 10/3/2020 của UBND huyện Yên Thế về kết quả kiểm tra công vụ, \
UBND tỉnh tổng hợp như sau.
"""
# the report cited above, its header without a date or a title: its own document is partial until settle
# merges it into the one the citation named
CITED = """**ỦY BAN NHÂN DÂN**
**HUYỆN YÊN THẾ**

Số: 45/BC-UBND

## **BÁO CÁO**

Kính gửi: UBND tỉnh Bắc Giang.

Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ, UBND huyện Yên Thế báo cáo như sau.
"""


def test_a_check_before_the_settle_that_merges_a_report_s_document_leaves_nothing_stale(tmp_path):
    """The check between an ingest's batch and its settle reads the report's own partial document and
    clears the file's mark; the settle then moves the report onto the document a citation named (which
    is then issued in the corpus: no V010). Only the move can mark that document (findings_report_moved)."""
    (tmp_path / "citing.md").write_text(CITING, encoding="utf-8")
    (tmp_path / "cited.md").write_text(CITED, encoding="utf-8")
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many([tmp_path / "citing.md", *sorted(SAMPLES.glob("*.md"))]))
    st.settle()
    kept.refresh(st)
    named = st.db.execute(
        "SELECT id FROM documents WHERE ident = '45|bc/ubnd|2020|UBND huyện Yên Thế'"
    ).fetchone()[0]
    unverified = ("V010", "Báo cáo 45/BC-UBND")
    assert unverified in [(f.code, f.document) for f in kept.findings(st)]  # cited once, not in the corpus
    list(st.ingest_many([tmp_path / "cited.md"]))
    other = Store(path)  # the validate run while the ingest goes on
    assert not kept.refresh(other).full
    assert st.settle() == 1
    assert st.db.execute("SELECT report_doc FROM files WHERE path LIKE '%cited.md'").fetchone()[0] == named
    assert unverified not in [(f.code, f.document) for f in run_all(other)]
    same_as_full(other)
    other.close()
    st.close()


def test_a_check_through_a_read_only_store_leaves_the_store_file_whole(tmp_path, corpus):
    """`validate` reads through a read-only connection and keeps the findings through a write connection
    whose close is not the last: nothing checkpointed the -wal, which kept the check's commit and those
    of an ingest that closed meanwhile. A copy of the store file alone was then an older store (compared
    with `validate --full`, it looked like stale findings); the check now checkpoints what it can."""
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus[:-5]))
    st.settle()
    kept.refresh(st)
    ro = Store(path, create=False)  # open while the ingest below goes on: its close checkpoints nothing
    list(st.ingest_many(corpus[-5:]))
    st.settle()
    st.close()
    found = dicts(kept.findings(ro))
    shutil.copy(path, tmp_path / "copy.db")  # the file alone, as `cp` copies it
    ro.close()
    copy = Store(tmp_path / "copy.db", create=False)
    assert copy.counts()["files"] == len(corpus)
    assert stored.is_current(copy.db)
    assert dicts(kept.findings(copy)) == found == dicts(run_all(copy))
    copy.close()


def test_a_check_through_a_read_only_store_leaves_no_write_ahead_log_to_read_again(tmp_path, corpus):
    """The check's write connection closes before the command's read-only one, which cannot checkpoint:
    the -wal it wrote stayed full, and every later command opening the store first read it whole again
    (115 MB after `validate --full` at 200,000 reports, twice per command). The check now empties it."""
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus))
    st.settle()
    st.close()
    assert not stored.is_current(Store(path, create=False).db)
    ro = Store(path, create=False)
    found = dicts(kept.findings(ro))  # checked through a write connection of its own, closed first
    wal = Path(f"{path}-wal")
    # read while the read-only store is open: its close folds the log too (luocdo.store.wal_fold)
    assert not wal.exists() or wal.stat().st_size == 0
    ro.close()
    again = Store(path, create=False)
    assert stored.is_current(again.db)
    assert dicts(kept.findings(again)) == found == dicts(run_all(again))
    again.close()


def test_a_reader_in_the_log_keeps_it_and_the_check_still_copies_its_commit(tmp_path, corpus):
    """Another connection reading from the -wal (its snapshot open) cannot have the log emptied under
    it: the check waits a little, then copies what it can, as before, and does not fail."""
    from luocdo.store.wal_fold import emptied_wal

    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus[:5]))
    st.settle()
    reader = Store(path, create=False)
    reader.db.execute("BEGIN")
    reader.db.execute("SELECT count(*) FROM files").fetchone()  # a snapshot in the log
    list(st.ingest_many(corpus[5:10]))
    st.settle()
    assert not emptied_wal(st.db)
    reader.db.execute("COMMIT")
    assert emptied_wal(st.db)
    assert Path(f"{path}-wal").stat().st_size == 0
    reader.close()
    st.close()


def test_a_catalog_import_or_another_reference_catalog_checks_everything(tmp_path, corpus):
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus[:10]))
    st.settle()
    kept.refresh(st)
    st.import_catalog(
        [{"so_ky_hieu": "26/CT-TTg", "ngay_ban_hanh": "2020-09-15", "loai_van_ban": "Chỉ thị"}], "mine.csv"
    )
    assert stored.dirty(st.db).everything
    assert kept.refresh(st).full
    st.db.execute("INSERT OR REPLACE INTO meta VALUES ('findings_stamp', 'an older luocdo')")
    assert not stored.is_current(st.db)
    assert kept.refresh(st).full
    same_as_full(st)


def test_findings_kept_in_the_older_layout_are_made_again(tmp_path, corpus):
    """A store whose findings hold their explanations themselves (a luocdo before FORMAT 2): its table is
    made again and its findings computed; each text is then kept once."""
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus))
    st.settle()
    st.db.execute("DROP TABLE findings")
    st.db.execute("DROP TABLE findings_said")
    old_table = next(s for s in stored.schema_statements() if "TABLE IF NOT EXISTS findings " in s)
    st.db.execute(old_table.replace("INTEGER NOT NULL,       -- findings_said", "TEXT NOT NULL, --"))
    st.db.execute(
        "INSERT INTO findings (code, severity, document, why, fix, evidence, ord, ord2)"
        " VALUES ('V010', 'info', 'x', '{\"t\": \"old\", \"v\": {}}', '{}', '[]', 0, 0)"
    )
    st.db.execute(
        "INSERT OR REPLACE INTO meta VALUES ('findings_stamp', ?)", (json.dumps(["0.1", "shipped"]),)
    )
    st.close()
    st = Store(tmp_path / "s.db", create=False)  # the missing findings_said made on opening
    assert stored._layout_is_older(st.db) and not stored.is_current(st.db)
    assert dicts(kept.findings(st)) == dicts(run_all(st))
    assert not stored._layout_is_older(st.db) and stored.is_current(st.db)
    n, texts, distinct = st.db.execute(
        "SELECT (SELECT count(*) FROM findings), count(*), count(DISTINCT said) FROM findings_said"
    ).fetchone()
    assert texts == distinct < n  # each text once, fewer texts than findings
    st.close()
    same_as_full(Store(tmp_path / "s.db"))


def test_a_store_made_before_findings_were_kept_gets_them(tmp_path, corpus):
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus[:8]))
    st.settle()
    for (name,) in st.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'findings%'"
    ).fetchall():
        st.db.execute(f"DROP TRIGGER {name}")
    st.db.execute("DROP TABLE findings")
    st.db.execute("DROP TABLE findings_dirty")
    st.close()
    ro = Store(path, create=False)  # upkeep through a write connection: the tables, then the findings
    assert stored.is_current(ro.db) is False
    assert dicts(kept.findings(ro)) == dicts(run_all(ro))
    assert stored.is_current(ro.db)


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="needs file permissions that bind")
def test_a_store_that_cannot_be_written_computes_them(tmp_path, corpus):
    folder = tmp_path / "ro"
    folder.mkdir()
    st = Store(folder / "s.db")
    list(st.ingest_many(corpus[:8]))
    st.settle()
    st.close()
    for p in folder.iterdir():
        p.chmod(stat.S_IRUSR)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        ro = Store(folder / "s.db", create=False)
        assert dicts(kept.findings(ro)) == dicts(run_all(ro))
        d = ro.db.execute("SELECT * FROM documents WHERE num_norm IS NOT NULL LIMIT 1").fetchone()
        assert dicts(kept.findings(ro, doc=d)) == dicts(run_all(ro, doc_ids={d["id"]}))
        ro.close()
    finally:
        folder.chmod(stat.S_IRWXU)
        for p in folder.iterdir():
            p.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_document_s_findings_are_show_s(tmp_path, corpus):
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus))
    st.settle()
    for d in st.db.execute("SELECT * FROM documents ORDER BY id").fetchall():
        assert dicts(kept.findings(st, doc=d)) == dicts(run_all(st, doc_ids={d["id"]})), d["ident"]


def test_stored_explanations_are_put_into_words_when_read(tmp_path, corpus):
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus[:10]))
    st.settle()
    kept.refresh(st)
    why = json.loads(
        st.db.execute(
            "SELECT said FROM findings JOIN findings_said ON findings_said.id = findings.why LIMIT 1"
        ).fetchone()[0]
    )
    assert why["t"] and isinstance(why["v"], dict)  # a template and its values, not a sentence
    from luocdo.i18n import using_language

    with using_language("en"):
        english = [f.explanation for f in kept.findings(st)]
        assert english == [f.explanation for f in run_all(st)]
    with using_language("vi"):
        vietnamese = [f.explanation for f in kept.findings(st)]
    assert vietnamese != english


def test_the_whole_check_on_two_processes_keeps_the_same_findings_in_the_same_order(
    tmp_path, corpus, monkeypatch
):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # where the helper's scratch file goes
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    joined = _spy(monkeypatch, parallel.Helper, "join")
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus))
    st.settle()
    one = kept.refresh(st, full=True, parallel_above=10**9)
    alone = [(r["id"], dict(r)) for r in stored.rows(st.db)]
    two = kept.refresh(st, full=True, parallel_above=0)
    assert joined and all(n is not None and n > 0 for n in joined)  # the helper ran, its findings copied
    both = [(r["id"], dict(r)) for r in stored.rows(st.db)]
    assert one.findings == two.findings > 0
    # the same rows in the same order; only the ids differ (they break ties within one rule)
    strip = [{k: v for k, v in r.items() if k != "id"} for _id, r in alone]
    assert strip == [{k: v for k, v in r.items() if k != "id"} for _id, r in both]
    assert {r["code"] for _id, r in both} & set(parallel.HELPER_CODES)
    assert not list(scratch.iterdir())  # the scratch file is gone
    st.close()


def _spy(monkeypatch, cls, name: str) -> list:
    """What every call of cls.name returns, kept in the list returned."""
    got: list = []
    real = getattr(cls, name)

    def spied(self, *args, **kwargs):
        got.append(real(self, *args, **kwargs))
        return got[-1]

    monkeypatch.setattr(cls, name, spied)
    return got


def test_a_helper_that_fails_leaves_its_rules_to_the_writer(tmp_path, corpus, monkeypatch):
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus))
    st.settle()
    kept.refresh(st, full=True, parallel_above=10**9)
    alone = dicts(kept.findings(st))
    monkeypatch.setattr(parallel.sys, "executable", shutil.which("false"))  # a helper that exits with 1
    assert kept.refresh(st, full=True, parallel_above=0).findings == len(alone)
    assert dicts(kept.findings(st)) == alone
    monkeypatch.setattr(parallel.sys, "executable", str(tmp_path / "no-python"))  # one that cannot start
    assert kept.refresh(st, full=True, parallel_above=0).findings == len(alone)
    assert dicts(kept.findings(st)) == alone
    st.close()


def test_json_written_by_two_processes_is_the_json_of_one(tmp_path, corpus, monkeypatch, capsys):
    from luocdo.i18n import using_language
    from luocdo.validate.report import write_findings_json

    monkeypatch.setattr(parallel, "cores", lambda: 2)
    copied = _spy(monkeypatch, parallel.JsonHelper, "copy_second_half")
    st = Store(tmp_path / "s.db")
    list(st.ingest_many(corpus))
    st.settle()
    kept.refresh(st)
    doc = st.db.execute("SELECT * FROM documents WHERE number = '26'").fetchone()
    for lang in ("vi", "en"):
        for codes, severities, about in [(None, None, None), (None, ["info"], None), (None, None, doc)]:
            with using_language(lang):
                monkeypatch.setattr(parallel, "PARALLEL_JSON_ABOVE", 10**9)
                write_findings_json(st, codes, severities, about)
                one = capsys.readouterr().out
                monkeypatch.setattr(parallel, "PARALLEL_JSON_ABOVE", 0)
                write_findings_json(st, codes, severities, about)
                two = capsys.readouterr().out
            assert json.loads(one)
            assert two == one
    assert copied and all(copied)  # the helper wrote every second half
    # a helper that reads other findings than the writer (another process checked the store again in
    # between) writes nothing: the writer writes that half from what it read
    monkeypatch.setattr(parallel, "findings_state", lambda db: [-1, -1])
    copied.clear()
    write_findings_json(st, None, None, None)
    assert capsys.readouterr().out == _one_process_json(st, monkeypatch, capsys, write_findings_json)
    assert copied == [False]
    st.close()


def _one_process_json(st, monkeypatch, capsys, write) -> str:
    monkeypatch.setattr(parallel, "PARALLEL_JSON_ABOVE", 10**9)
    write(st, None, None, None)
    monkeypatch.setattr(parallel, "PARALLEL_JSON_ABOVE", 0)
    return capsys.readouterr().out


def test_kept_findings_are_read_in_one_snapshot_while_another_process_checks_again(tmp_path, corpus):
    path = tmp_path / "s.db"
    st = Store(path)
    list(st.ingest_many(corpus))
    st.settle()
    kept.refresh(st)
    reader = Store(path, create=False)
    before = dicts(kept.read(reader))
    assert len({(f["explanation"], f["suggestion"]) for f in before}) > 2
    found = kept.read(reader)
    first = next(found)  # the rows of a small read are all fetched now: only the texts are left to read
    # another process renumbers the texts meanwhile (an incremental check deletes and numbers them anew)
    st.db.execute("BEGIN IMMEDIATE")
    st.db.execute("DELETE FROM findings_said")
    st.db.execute("COMMIT")
    assert [first.as_dict(), *dicts(found)] == before
