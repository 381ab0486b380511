"""The store's safety under damage and foreign files: a damaged store gives one line (and `doctor`
reports it and can salvage it), another program's SQLite file is never modified, read-only stores
answer queries, and damaged rows give one line. Built from the probe's reproductions 06, 07, 13, 17."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from luocdo.store import canon
from luocdo.store.compressed import Compressor, intact, register, train
from luocdo.store.evidence import sentence_sql

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")
LUOCDO = [sys.executable, "-m", "luocdo"]


def luocdo(*args: str | Path, as_nobody: bool = False) -> subprocess.CompletedProcess:
    cmd = [*LUOCDO, *map(str, args)]
    if as_nobody and os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)


def one_line_error(r: subprocess.CompletedProcess, *words: str) -> None:
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith(("error:", "problem:"))]
    assert len(errors) == 1, r.stderr
    for w in words:
        assert w in errors[0], r.stderr


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def good_store(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("good")
    r = luocdo("ingest", *SAMPLES, "--store", d / "good.db", "-q", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    con = sqlite3.connect(d / "good.db")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return d / "good.db"


def damaged_copy(good: Path, dst: Path) -> Path:
    """The store with one 4 KB page of edges zeroed (repro 06 zeroed page 51 of a bigger store)."""
    con = sqlite3.connect(good)
    pages = [
        r[0] for r in con.execute("SELECT pageno FROM dbstat WHERE name = 'edges' AND pagetype = 'leaf'")
    ]
    size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(good.read_bytes())
    page = pages[len(pages) // 2]
    data[(page - 1) * size : page * size] = bytes(size)
    dst.write_bytes(bytes(data))
    return dst


# ---- 06: a damaged store -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ("stats",),
        ("implementers", "26/CT-TTg"),
        ("validate",),
        ("export", "-f", "ttl", "-o", "{d}/x.ttl"),
        ("ingest", SAMPLES[0]),
    ],
    ids=lambda a: a[0],
)
def test_every_command_on_a_damaged_store_says_one_line(good_store, tmp_path, args):
    bad = damaged_copy(good_store, tmp_path / "bad.db")
    args = [str(a).replace("{d}", str(tmp_path)) for a in args]
    r = luocdo(*args, "--store", bad)
    if r.returncode == 0:  # the command never read the damaged page: fine, as long as it is not hidden
        return
    one_line_error(r, str(bad))


def test_doctor_reports_a_damaged_store_and_salvage_keeps_whole_files(good_store, tmp_path):
    bad = damaged_copy(good_store, tmp_path / "bad.db")
    r = luocdo("doctor", "--store", bad)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "problem:" in r.stderr and "--salvage" in r.stderr

    new = tmp_path / "new.db"
    r = luocdo("doctor", "--store", bad, "--salvage", new)
    assert r.returncode == 0, r.stderr
    assert "edges:" in r.stderr and "rows copied" in r.stderr
    r = luocdo("doctor", "--store", new)
    assert r.returncode == 0 and r.stdout.strip().endswith("ok"), r.stderr
    # the files that lost rows were left out: ingesting the reports again brings back the same store
    r = luocdo("ingest", *SAMPLES, "--store", new, "-q", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert tables(new) == tables(good_store)
    # salvage never overwrites
    r = luocdo("doctor", "--store", bad, "--salvage", new)
    one_line_error(r, "already exists")


@given(st.lists(st.text(), max_size=10), st.text(), st.data())
@settings(max_examples=200, deadline=None)
def test_a_stored_sentence_is_intact_and_any_cut_of_it_is_not(first: list[str], s: str, data) -> None:
    zdict = train(first)
    for compress in (Compressor(), Compressor(5, zdict)):
        z = compress(s)
        assert intact(z, {5: zdict})
        cut = data.draw(st.integers(0, len(z) - 1))
        assert not intact(z[:cut], {5: zdict})
    assert not intact(Compressor(6, zdict)(s), {5: zdict})  # a dictionary the store does not hold


def test_doctor_reports_a_sentence_whose_compressed_text_is_damaged(good_store, tmp_path):
    bad = tmp_path / "bad.db"
    shutil.copy(good_store, bad)
    con = sqlite3.connect(bad)
    file_id, n, z = con.execute(
        "SELECT file_id, n, z FROM sentences ORDER BY file_id, n LIMIT 1 OFFSET 3"
    ).fetchone()
    # the pages stay valid for SQLite: only the deflate stream is cut short
    con.execute("UPDATE sentences SET z = ? WHERE file_id = ? AND n = ?", (z[: len(z) // 2], file_id, n))
    con.commit()
    path = con.execute("SELECT min(path) FROM file_paths WHERE file_id = ?", (file_id,)).fetchone()[0]
    con.close()
    r = luocdo("doctor", "--store", bad)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"1 evidence sentences cannot be read (damaged); the first: {path}, sentence {n}" in r.stderr
    assert "--salvage" in r.stderr
    assert luocdo("doctor", "--store", good_store).returncode == 0


def tables(p: Path) -> dict[str, list]:
    con = sqlite3.connect(p)
    register(con)  # the sentences are compressed (schema 9)
    out = {
        "files": con.execute("SELECT path, sha256 FROM files ORDER BY path").fetchall(),
        "documents": con.execute(
            "SELECT ident, province, date, title FROM documents ORDER BY ident"
        ).fetchall(),
        "edges": con.execute(
            f"SELECT s.ident, e.relation, d.ident, f.path, e.line, {sentence_sql('e')} FROM edges e"
            " JOIN documents s ON s.id = e.src JOIN documents d ON d.id = e.dst JOIN files f ON f.id = e.file_id"
            " ORDER BY 1, 2, 3, 4, 5, 6"
        ).fetchall(),
        "mentions": con.execute(
            "SELECT f.path, m.mid, d.ident FROM mentions m JOIN files f ON f.id = m.file_id"
            " LEFT JOIN documents d ON d.id = m.doc_id ORDER BY 1, 2"
        ).fetchall(),
    }
    con.close()
    return out


# ---- 07: another program's SQLite file -------------------------------------------------------------
def test_a_foreign_sqlite_file_is_never_modified(tmp_path):
    app = tmp_path / "app.db"
    con = sqlite3.connect(app)
    con.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
    con.execute("INSERT INTO moz_places(url) VALUES ('https://example.org')")
    con.commit()
    con.close()
    before = digest(app)
    for args in (("stats",), ("doctor",), ("search", "x"), ("ingest", SAMPLES[0]), ("catalog", "list")):
        r = luocdo(*args, "--store", app)
        one_line_error(r, str(app), "not a luocdo store")
        assert digest(app) == before, args
    con = sqlite3.connect(app)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["moz_places"]


def test_new_stores_carry_luocdo_application_id(tmp_path):
    from luocdo.store import Store
    from luocdo.store.opening import APPLICATION_ID

    Store(tmp_path / "s.db").close()
    con = sqlite3.connect(tmp_path / "s.db")
    assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_empty_file_is_not_a_store_to_read(tmp_path):
    (tmp_path / "e.db").write_bytes(b"")
    r = luocdo("stats", "--store", tmp_path / "e.db")
    one_line_error(r, "no luocdo store")
    assert (tmp_path / "e.db").stat().st_size == 0


# ---- 13: read-only stores ---------------------------------------------------------------------------
@pytest.fixture
def world_dir():
    """A folder another user can reach (pytest's tmp_path is private to root)."""
    d = Path(tempfile.mkdtemp(prefix="luocdo-ro-"))
    d.chmod(0o755)
    yield d
    for p in [d, *d.rglob("*")]:
        p.chmod(0o755 if p.is_dir() else 0o644)
    shutil.rmtree(d)


needs_permissions = pytest.mark.skipif(
    os.geteuid() == 0 and shutil.which("setpriv") is None,
    reason="root without setpriv: permissions do not apply",
)


@needs_permissions
def test_ingest_into_a_read_only_store_file_says_one_line(good_store, world_dir):
    (world_dir / "a").mkdir(mode=0o777)
    (world_dir / "a").chmod(0o777)
    store = world_dir / "a" / "s.db"
    shutil.copy(good_store, store)
    store.chmod(0o444)
    r = luocdo("ingest", SAMPLES[0], "--store", store, "-q", as_nobody=True)
    one_line_error(r, str(store), "read-only")
    r = luocdo("stats", "--store", store, as_nobody=True)
    assert r.returncode == 0, r.stderr


@needs_permissions
def test_queries_work_from_a_read_only_folder(good_store, world_dir):
    (world_dir / "b").mkdir()
    store = world_dir / "b" / "s.db"
    shutil.copy(good_store, store)
    store.chmod(0o444)
    (world_dir / "b").chmod(0o555)
    for args in (("stats",), ("doctor",), ("implementers", "26/CT-TTg"), ("search", "Nghị định")):
        r = luocdo(*args, "--store", store, as_nobody=True)
        assert r.returncode == 0 and "Traceback" not in r.stderr, (args, r.stderr)
    assert sorted(p.name for p in (world_dir / "b").iterdir()) == ["s.db"]
    r = luocdo("ingest", SAMPLES[0], "--store", store, "-q", as_nobody=True)
    one_line_error(r, str(store), "read-only")


def test_read_commands_open_the_store_read_only(good_store, tmp_path):
    from luocdo.store import Store

    store = tmp_path / "s.db"
    shutil.copy(good_store, store)
    st = Store(store, create=False)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        st.db.execute("DELETE FROM files")
    st.close()


def test_a_reader_opens_the_store_file_once(good_store, tmp_path, monkeypatch):
    """The file is looked at (is it a luocdo store?) and then read through the same connection: a
    second one made every question read a write-ahead log left behind whole twice, to index it."""
    from luocdo.store import Store

    store = tmp_path / "s.db"
    shutil.copy(good_store, store)
    opened: list[str] = []
    connect = sqlite3.connect

    def counted(database, *args, **kwargs):
        opened.append(str(database))
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counted)
    st = Store(store, create=False)
    assert st.db.execute("SELECT count(*) FROM files").fetchone()[0] > 0
    st.close()
    assert len(opened) == 1, opened


# ---- 17: damaged rows --------------------------------------------------------------------------------
def test_damaged_rows_give_one_line(good_store, tmp_path):
    store = tmp_path / "s.db"
    shutil.copy(good_store, store)
    con = sqlite3.connect(store)
    con.execute("UPDATE files SET header_own = 'x' WHERE id = 1")  # a damaged header (schema 10)
    con.execute("UPDATE edges SET dst = 999999 WHERE id IN (SELECT id FROM edges LIMIT 3)")
    con.commit()
    con.close()
    for args in (("validate",), ("export", "-f", "ttl", "-o", tmp_path / "x.ttl")):
        r = luocdo(*args, "--store", store)
        one_line_error(r, str(store), "damaged rows")
    r = luocdo("doctor", "--store", store)
    assert r.returncode == 1 and "report headers are damaged" in r.stderr and "foreign key" in r.stderr


def test_a_store_missing_a_table_gives_one_line(good_store, tmp_path):
    store = tmp_path / "s.db"
    shutil.copy(good_store, store)
    con = sqlite3.connect(store)
    con.execute("DROP TABLE links")
    con.commit()
    con.close()
    for args in (("implementers", "26/CT-TTg"), ("doctor",)):
        r = luocdo(*args, "--store", store)
        assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
        assert "links" in r.stderr


# ---- 22: the write lock is held only while writing ---------------------------------------------------
def test_another_writer_is_not_kept_waiting_while_a_file_is_extracted(tmp_path, monkeypatch):
    """Ingest A extracts its second file (slowly: the probe's was a 9 MB list, 6 minutes); meanwhile
    another process must be able to write: A holds no transaction while it extracts."""
    import luocdo.store.prepare as prep
    from luocdo.store import Store

    files = [tmp_path / p.name for p in SAMPLES[:3]]
    for src, dst in zip(SAMPLES[:3], files, strict=True):
        shutil.copy(src, dst)
    store = tmp_path / "s.db"
    st = Store(store)
    other_writes: list[str] = []
    real = prep.extract_document

    def extract_while_another_writes(doc, source):
        other = sqlite3.connect(store, timeout=1, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # fails after 1 s if A holds the write lock
            other.execute("INSERT OR REPLACE INTO meta VALUES ('probe', ?)", (source,))
            other.execute("COMMIT")
            other_writes.append(source)
        finally:
            other.close()
        return real(doc, source=source)

    monkeypatch.setattr(prep, "extract_document", extract_while_another_writes)
    results = list(st.ingest_many(files, batch_files=64, batch_seconds=60))
    assert [r.status for r in results] == ["added"] * 3
    assert len(other_writes) == 3
    assert st.integrity() == []


def test_a_store_that_stays_locked_gives_one_line_and_stores_nothing(tmp_path):
    from luocdo.store import Store, StoreError

    store = tmp_path / "s.db"
    st = Store(store)
    st.db.execute("PRAGMA busy_timeout = 200")
    holder = sqlite3.connect(store, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy") as e:
            list(st.ingest_many([SAMPLES[0]]))
        assert str(store) in str(e.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert st.counts()["files"] == 0
    assert [r.status for r in st.ingest_many([SAMPLES[0]])] == ["added"]


# ---- 11: the same reports give the same store whatever the order of ingest ---------------------------
def canonical_tables(st) -> dict[str, list]:
    """Every table over stable keys (paths, identities), never row ids."""
    return canon.canonical_tables(st.db, ("documents", "bodies", "edges", "mentions", "links"))


def _report(path: Path, place: str, body: str) -> Path:
    path.write_text(
        f"Số: 1/BC-UBND\n\n{place}, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\nKết quả\n\n{body}\n", "utf-8"
    )
    return path


def _ingest(preps, store: Path):
    from luocdo.store import Store

    st = Store(store)
    for p in preps:
        st._write_batch([p])  # one commit per file: the order of the files is the order of the writes
    st.settle()
    return st


def test_a_document_cited_from_several_provinces_settles_the_same_in_every_order(tmp_path):
    """The probe's case: `129/KH-UBND … UBND huyện Châu Thành` (a district name found in several
    provinces) took the province and the date of whichever report came first."""
    import itertools

    from luocdo.store.prepare import prepared

    cite = "Thực hiện Kế hoạch số 129/KH-UBND ngày {} của UBND huyện Châu Thành."
    files = [
        _report(tmp_path / "a.md", "Long An", cite.format("02/3/2021")),
        _report(tmp_path / "b.md", "Xyz", cite.format("05/3/2021")),
        _report(tmp_path / "c.md", "Bến Tre", cite.format("05/3/2021")),
    ]
    preps = list(prepared(files, lambda key: None))
    stores = []
    for i, order in enumerate(itertools.permutations(preps)):
        st = _ingest(order, tmp_path / f"s{i}.db")
        stores.append(canonical_tables(st))
        st.close()
    assert all(s == stores[0] for s in stores)
    doc = [d for d in stores[0]["documents"] if d[2] == "129"]
    assert [(d[6], d[9]) for d in doc] == [("2021-03-05", "Bến Tre")]  # the commonest date, then by name


def test_shuffled_ingest_orders_give_identical_stores(tmp_path):
    """Seeded shuffles of a small synthetic corpus, compared table by table (bench/order_independence.py
    runs the same over 200 shuffles)."""
    import random

    from luocdo.store.prepare import prepared

    r = subprocess.run(
        [sys.executable, "-m", "luocdo.synth", str(tmp_path / "c"), "--reports", "24", "--seed", "7"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    preps = list(prepared(sorted((tmp_path / "c").glob("*.md")), lambda key: None))
    st = _ingest(preps, tmp_path / "sorted.db")
    reference = canonical_tables(st)
    st.close()
    rng = random.Random(11)
    for i in range(3):
        order = preps[:]
        rng.shuffle(order)
        st = _ingest(order, tmp_path / f"shuffled{i}.db")
        assert canonical_tables(st) == reference, f"shuffle {i}"
        st.close()


def _partial_citation_reports(folder: Path) -> dict[str, Path]:
    """c.md cites `Kế hoạch số 12/KH-UBND` without a year: two complete documents 12/KH-UBND of other
    years (a.md: 2021, b.md: 2022) make it ambiguous. It also cites 7/KH-UBND without a year, of
    which g.md gives the one complete document."""
    folder.mkdir(exist_ok=True)
    cite = "Thực hiện Kế hoạch số {} của UBND huyện Châu Thành về {}."

    def _report(path: Path, place: str, body: str) -> Path:  # each report a document of its own
        n = "abcg".index(path.stem) + 21
        path.write_text(
            f"Số: {n}/BC-UBND\n\n{place}, ngày 3 tháng 4 năm 2022\n\nBÁO CÁO\nKết quả\n\n{body}\n", "utf-8"
        )
        return path

    return {
        "a": _report(folder / "a.md", "Long An", cite.format("12/KH-UBND ngày 05/3/2021", "chuyển đổi số")),
        "b": _report(
            folder / "b.md", "Long An", cite.format("12/KH-UBND ngày 07/8/2022", "cải cách hành chính")
        ),
        "c": _report(
            folder / "c.md",
            "Long An",
            cite.format("12/KH-UBND", "chuyển đổi số")
            + "\n\n"
            + cite.format("7/KH-UBND", "phòng chống thiên tai"),
        ),
        "g": _report(
            folder / "g.md", "Long An", cite.format("7/KH-UBND ngày 10/01/2021", "phòng chống thiên tai")
        ),
    }


def _fresh(files, store: Path) -> dict[str, list]:
    from luocdo.store.prepare import prepared

    st = _ingest(list(prepared(sorted(files), lambda key: None)), store)
    got = canonical_tables(st)
    st.close()
    return got


def _cited_from(tables: dict[str, list], name: str) -> list[tuple]:
    return [(m[6], m[7]) for m in tables["mentions"] if m[0].endswith(name)]


def test_a_partial_citation_that_gets_a_second_candidate_later_settles_the_same_in_every_order(tmp_path):
    """The second candidate arriving after the partial citation was written (a, c, then b) used to
    leave it resolved to the first; in another order it was ambiguous. Every order now gives the store
    of the sorted order: 12/KH-UBND ambiguous (2 candidates, no edge), 7/KH-UBND resolved."""
    import itertools

    from luocdo.store.prepare import prepared

    files = _partial_citation_reports(tmp_path / "r")
    preps = list(prepared(sorted(files.values()), lambda key: None))
    reference = _fresh(files.values(), tmp_path / "sorted.db")
    assert _cited_from(reference, "c.md") == [
        (None, 2),
        ("7|kh/ubnd|2021|UBND huyện Châu Thành", 1),
    ]
    c_edges = [e for e in reference["edges"] if e[3].endswith("c.md")]
    assert [e[2] for e in c_edges] == ["7|kh/ubnd|2021|UBND huyện Châu Thành"]
    for i, order in enumerate(itertools.permutations(preps)):
        st = _ingest(order, tmp_path / f"p{i}.db")
        assert canonical_tables(st) == reference, [Path(p.key).name for p in order]
        st.close()


def test_incremental_ingests_give_the_store_of_a_fresh_ingest(tmp_path):
    """Weekly ingests of new, changed and removed files settle to the store a fresh ingest of the
    files then present gives: a partial citation resolved while one candidate was known becomes
    ambiguous when a second arrives, and resolves again when a file no longer names the first."""
    from luocdo.store import Store

    files = _partial_citation_reports(tmp_path / "r")
    store = tmp_path / "inc.db"
    st = Store(store)
    for name in ("a", "c", "g"):
        st.ingest(files[name])
    st.settle()
    assert _cited_from(canonical_tables(st), "c.md")[0] == ("12|kh/ubnd|2021|UBND huyện Châu Thành", 1)
    assert canonical_tables(st) == _fresh([files[n] for n in "acg"], tmp_path / "f1.db")
    st.ingest(files["b"])
    st.settle()
    assert canonical_tables(st) == _fresh(files.values(), tmp_path / "f2.db")
    # a.md changes: it no longer names 12/KH-UBND of 2021, which is then no candidate
    _report(
        files["a"], "Long An", "Thực hiện Kế hoạch số 15/KH-UBND ngày 05/3/2021 của UBND huyện Châu Thành."
    )
    st.ingest(files["a"])
    st.settle()
    now = canonical_tables(st)
    assert _cited_from(now, "c.md")[0] == ("12|kh/ubnd|2022|UBND huyện Châu Thành", 1)
    assert now == _fresh(files.values(), tmp_path / "f3.db")
    # b.md is removed: 12/KH-UBND is then no document a complete citation names
    assert st.forget(str(files["b"].resolve()))
    st.settle()
    assert canonical_tables(st) == _fresh([files[n] for n in "acg"], tmp_path / "f4.db")
    st.close()


def test_concurrent_ingests_of_overlapping_folders_give_the_store_of_one_ingest(tmp_path):
    """Two `luocdo ingest` at once (the probe's concurrent_ingest.py, small): whichever writes first,
    the store is the one a single sequential ingest gives."""
    r = subprocess.run(
        [sys.executable, "-m", "luocdo.synth", str(tmp_path / "s"), "--reports", "16", "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    files = _partial_citation_reports(tmp_path / "r")
    synth = sorted((tmp_path / "s").glob("*.md"))
    everything = sorted([*synth, *files.values()])
    from luocdo.store import Store

    st = Store(tmp_path / "one.db")
    for res in st.ingest_many(everything):
        assert res.status == "added"
    st.settle()
    reference = canonical_tables(st)
    st.close()
    first = [files["a"], files["c"], files["g"], *synth[:10]]
    second = [files["b"], files["c"], *synth[6:]][::-1]
    for i in range(2):
        store = tmp_path / f"conc{i}.db"
        procs = [
            subprocess.Popen([*LUOCDO, "ingest", *map(str, part), "--store", str(store), "-q", "--jobs", "1"])
            for part in ((first, second) if i == 0 else (second, first))
        ]
        assert [p.wait(timeout=300) for p in procs] == [0, 0]
        st = Store(store, create=False)
        assert canonical_tables(st) == reference, f"round {i}"
        st.close()


def test_an_index_added_to_the_schema_is_made_when_an_older_store_opens(good_store, tmp_path):
    from luocdo.store import Store

    store = tmp_path / "s.db"
    shutil.copy(good_store, store)
    con = sqlite3.connect(store)
    con.execute("DROP INDEX documents_issuer")  # a store written before the index was in schema.sql
    con.commit()
    con.close()
    Store(store).close()
    con = sqlite3.connect(store)
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    assert "documents_issuer" in names
