"""The shortcuts the questions take at scale give the answers of the plain ways they replace: the
lookup by fitting symbols, show's first citing documents, the card's implementing bodies, an engine
key's store row, the reference catalog probed through its on-disk index, and a question's start
without the extraction side."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import synth_reports
from luocdo import reference, reference_index
from luocdo.backends.rows import doc_keys
from luocdo.cli.engines import _key_candidates, _store_id
from luocdo.graph import ask
from luocdo.graph.lookup import resolve
from luocdo.store import Store
from luocdo.store.compressed import register
from luocdo.store.evidence import sentence_sql

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory) -> Path:
    """300 synthetic reports: central documents cited by a few hundred plans each."""
    base = tmp_path_factory.mktemp("scale")
    corpus = base / "c"
    synth_reports(corpus, 300, seed=3)
    path = base / "s.db"
    st = Store(path)
    for _ in st.ingest_many(sorted(corpus.rglob("*.md")), jobs=1):
        pass
    st.settle()
    st.close()
    return path


@pytest.fixture
def st(synth_store):
    s = Store(synth_store, create=False)
    yield s
    s.close()


def _most_cited(db: sqlite3.Connection, n: int) -> list[int]:
    return [
        r[0]
        for r in db.execute("SELECT dst FROM edges GROUP BY dst ORDER BY count(*) DESC, dst LIMIT ?", (n,))
    ]


def _every_citing(db: sqlite3.Connection, doc: int, limit: int) -> list[tuple]:
    return [
        tuple(r)
        for r in db.execute(
            "SELECT e.src, e.relation, e.dst, d.issuer, f.path, e.line FROM edges AS e"
            " JOIN documents AS d ON d.id = e.src JOIN files AS f ON f.id = e.file_id WHERE e.dst = ?"
            " ORDER BY d.issuer, f.path, e.line, e.relation, e.id LIMIT ?",
            (doc, limit),
        )
    ]


def _first(db, doc, limit) -> list[tuple]:
    return [
        (r["src"], r["relation"], r["dst"], r["issuer"], r["path"], r["line"])
        for r in ask.first_citing(db, doc, limit)
    ]


def test_first_citing_reads_the_first_issuers_only_and_gives_every_citation_order(st, monkeypatch):
    monkeypatch.setattr(ask, "FEW_CITATIONS", 0)  # the path a central document takes at 200k
    docs = _most_cited(st.db, 15)
    assert st.db.execute("SELECT count(*) FROM edges WHERE dst = ?", (docs[0],)).fetchone()[0] > 100
    for doc in docs:
        for limit in (1, 3, 20, 200, 100_000):
            assert _first(st.db, doc, limit) == _every_citing(st.db, doc, limit), (doc, limit)


def test_first_citing_without_counted_links_sorts_every_citation(synth_store, tmp_path, monkeypatch):
    monkeypatch.setattr(ask, "FEW_CITATIONS", 0)
    copy = tmp_path / "copy.db"
    with sqlite3.connect(synth_store) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    db = sqlite3.connect(copy)
    register(db)  # the sentences are compressed (schema 9)
    db.row_factory = sqlite3.Row
    doc = _most_cited(db, 1)[0]
    # a link missing (a bulk load not finished): the issuer of its citations could come first, unseen
    first = db.execute(
        "SELECT src, relation FROM links WHERE dst = ? ORDER BY src LIMIT 1", (doc,)
    ).fetchone()
    db.execute("DELETE FROM links WHERE dst = ? AND src = ? AND relation = ?", (doc, first[0], first[1]))
    assert ask._first_issuers(db, doc, 20) is None
    assert _first(db, doc, 20) == _every_citing(db, doc, 20)
    db.close()


def _every_mention(db: sqlite3.Connection, doc: int, limit: int | None) -> list[tuple]:
    """A card's mentions as show read them before (every mention sorted)."""
    return [
        (r["path"], r["line"], r["mid"], r["sentence"])
        for r in db.execute(
            f"SELECT m.*, {sentence_sql('m')}"
            " AS sentence, f.path FROM mentions m JOIN files f ON f.id = m.file_id WHERE m.doc_id = ?"
            " ORDER BY f.path, m.line, m.rowid" + ("" if limit is None else " LIMIT ?"),
            (doc,) if limit is None else (doc, limit),
        )
    ]


@pytest.mark.parametrize("first_files", [1, 7, 50, 1000])
def test_the_card_first_mentions_are_every_mention_first_ones(st, monkeypatch, first_files):
    monkeypatch.setattr(ask, "FIRST_FILES", first_files)  # the files walked first, then the sorted query
    docs = [
        r[0]
        for r in st.db.execute(
            "SELECT doc_id FROM mentions WHERE doc_id IS NOT NULL GROUP BY doc_id ORDER BY count(*) DESC"
        )
    ]
    assert len(docs) > 100
    for doc in docs[:40] + docs[-20:]:
        for limit in (1, 3, 20, 500, None):
            got = [
                (r["path"], r["line"], r["mid"], r["sentence"]) for r in ask.first_mentions(st.db, doc, limit)
            ]
            assert got == _every_mention(st.db, doc, limit), (doc, limit)


def test_the_card_lists_the_implementers_bodies_in_their_order(st):
    for doc in _most_cited(st.db, 10):
        want = [(i.body, i.level, i.province, i.direct) for i in ask.implementers(st, [doc])]
        got = [(i.body, i.level, i.province, i.direct) for i in ask.implementing_bodies(st, [doc])]
        assert got == want, doc


def test_the_bodies_alone_are_the_implementers_bodies_for_every_filter_and_missing(st):
    provinces = [
        r[0] for r in st.db.execute("SELECT DISTINCT province FROM bodies WHERE province IS NOT NULL")
    ]
    filters = [{"level": lv} for lv in ("district", "province", "commune")]
    filters += [{"province": p} for p in provinces[:3]] + [{"direct_only": True}]
    filters += [{"level": "district", "province": provinces[0], "direct_only": True}]
    for doc in _most_cited(st.db, 8):
        for kw in filters:
            full = ask.implementers(st, [doc], evidence_per_link=1, **kw)
            bodies = ask.implementing_bodies(st, [doc], **kw)
            assert [(i.body, i.level, i.province, i.direct) for i in bodies] == [
                (i.body, i.level, i.province, i.direct) for i in full
            ], (doc, kw)
            lv = kw.get("level", "district")
            want = ask.missing(st, full, level=lv, province=kw.get("province"))
            assert ask.missing(st, bodies, level=lv, province=kw.get("province")) == want, (doc, kw)


def _head(st, doc: int, depth: int, limit: int) -> tuple:
    n_docs, steps, n_links = ask.chain_head(st, [doc], up=False, max_depth=depth, limit=limit)
    return n_docs, n_links, [(s.src["id"], s.relation, s.dst["id"], s.evidence) for s in steps]


def test_the_chain_table_from_the_kept_rows_counts_and_lists_what_a_walk_finds(st, monkeypatch):
    docs = _most_cited(st.db, 12)
    kept = {(d, k, n): _head(st, d, k, n) for d in docs for k in (1, 2, 6) for n in (1, 7, 50, 100_000)}
    assert max(v[1] for v in kept.values()) > 100
    monkeypatch.setattr(ask.reach, "current", lambda db: False)  # the links walked instead
    for (d, k, n), got in kept.items():
        assert got == _head(st, d, k, n), (d, k, n)


def test_lookup_through_fitting_symbols_finds_what_every_document_of_the_number_finds(st):
    db = st.db
    typed: set[str] = set()
    for number, symbol, year in db.execute(
        "SELECT number, symbol, year FROM documents WHERE number IS NOT NULL AND symbol IS NOT NULL"
    ):
        typed.add(f"{number}/{symbol}")
        if year:
            typed.add(f"{number}/{year}/{symbol}")
        typed.add(f"{number}/KH-UBND")  # a symbol the number may not have
    assert len(typed) > 200

    def plain(text: str):  # ask.lookup as it was: every document of the number judged
        return resolve(
            text,
            by_number=lambda n: db.execute("SELECT * FROM documents WHERE num_norm = ?", (n,)).fetchall(),
            by_name=lambda name: [],
            weight=lambda r: ask._weight(db, r["id"]),
            order=lambda r: r["ident"],
        )

    for text in sorted(typed):
        got, want = ask.lookup(st, text), plain(text)
        assert [d["id"] for d in got.matches] == [d["id"] for d in want.matches], text


def test_an_engine_key_finds_its_store_row(st):
    keys = doc_keys(st)
    for doc, key in keys.items():
        assert _store_id(st, key) == doc, key
    # a report without a number of its own is keyed by its file's hash: found through files_sha
    doc, ident, sha = st.db.execute(
        "SELECT d.id, d.ident, f.sha256 FROM files f JOIN documents d ON d.id = f.report_doc LIMIT 1"
    ).fetchone()
    assert (doc, ident) in [tuple(r) for r in _key_candidates(st.db, f"doc/report/{sha[:20]}")]
    assert _store_id(st, "doc/ct-ttg/2099/99999/nobody") is None
    assert _store_id(st, "doc/report/0000000000000000dead") is None


def test_the_catalog_probed_through_its_index_answers_as_read_whole(tmp_path, monkeypatch):
    monkeypatch.setenv(reference_index.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(reference.ENV, raising=False)
    first = reference._load(None)  # no index yet: read whole, and the index written
    assert isinstance(first, reference.ReferenceCatalog)
    assert len(list((tmp_path / "cache").glob("reference-*.sqlite"))) == 1
    probed = reference._load(None)
    assert isinstance(probed, reference.ProbedCatalog)
    assert probed.label == first.label and len(probed) == len(first)
    lines = first._lines
    asked = [lines[i].split("\t", 3) for i in range(0, len(lines), max(1, len(lines) // 300))]
    asked += [["108", "nd/cp", "2020"], ["26", "ct/ttg", ""], ["999999", "nd/cp", "2020"], ["1", "", ""]]
    for number, symbol, year, *_ in asked:
        for y in (year or None, None, "1999"):
            assert probed.lookup(number, y, symbol) == first.lookup(number, y, symbol), (number, symbol, y)
    assert probed._whole is None  # lookups never read the catalog whole
    assert probed.near_matches("1080", "2020", "NĐ-CP") == first.near_matches("1080", "2020", "NĐ-CP")


def test_a_damaged_or_unwritable_index_leaves_the_catalog_read_whole(tmp_path, monkeypatch):
    monkeypatch.delenv(reference.ENV, raising=False)
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(reference_index.CACHE_ENV, str(blocked / "cache"))
    assert reference._load(None).lookup("108", "2020", "NĐ-CP")  # nothing written, nothing raised
    cache = tmp_path / "cache"
    monkeypatch.setenv(reference_index.CACHE_ENV, str(cache))
    whole = reference._load(None)
    (index,) = cache.glob("reference-*.sqlite")
    index.write_bytes(b"damaged" * 100)
    again = reference._load(None)
    assert isinstance(again, reference.ReferenceCatalog)  # the damaged index is not used
    assert again.lookup("108", "2020", "NĐ-CP") == whole.lookup("108", "2020", "NĐ-CP")


def test_a_question_starts_without_the_extraction_side(synth_store, tmp_path):
    """pydantic's models and the extraction grammar (a third of a question's time at start) are not
    imported to answer one."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: print(json.dumps(sorted(m for m in WATCH if m in sys.modules)), file=sys.stderr))\n"
        "import json\n"
        "WATCH = ('luocdo.pipeline', 'luocdo.model', 'luocdo.extract.citations', 'luocdo.output')\n"
        "from luocdo.cli import app\n"
        "app()\n"
    )
    env = {**os.environ, reference_index.CACHE_ENV: str(tmp_path / "cache")}
    for args in (["implementers", "26/CT-TTg"], ["chain", "26/CT-TTg", "--down"], ["implementers", "--help"]):
        p = subprocess.run(
            [sys.executable, "-c", code, *args, "--store", str(synth_store)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stderr.strip().splitlines()[-1]) == [], args
