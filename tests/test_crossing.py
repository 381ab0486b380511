"""What crosses from an extraction worker to the writer (luocdo.store.crossing): plain values only, named
again on the writer's side to the rows the worker built."""

from __future__ import annotations

import pickle
import pickletools
from pathlib import Path

import pytest

from luocdo.model import ReportHeader
from luocdo.store import crossing, prepare
from luocdo.store.file_rows import RelationRow
from luocdo.store.mention_row import MentionRow
from luocdo.store.prepare import Prepared, prepared

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")


def _classes_pickled(obj: object) -> set[str]:
    """The classes (and functions) a pickle of obj names: each one costs a Python call to rebuild."""
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    strings, names = [], set()
    for op, arg, _ in pickletools.genops(data):
        if isinstance(arg, str):
            strings.append(arg)
        if op.name == "STACK_GLOBAL":
            names.add(".".join(strings[-2:]))
        elif op.name == "GLOBAL":
            names.add(arg.replace(" ", "."))
    return names


def _three_copies(folder: Path) -> list[Path]:
    """Three copies of the sample reports in ``folder``: enough files for ingest to use workers."""
    folder.mkdir(exist_ok=True)
    copies = []
    for i in range(3):
        for p in SAMPLES:
            copies.append(folder / f"{i}_{p.name}")
            copies[-1].write_bytes(p.read_bytes())
    return copies


def _worker_fn(tmp_path: Path, monkeypatch) -> prepare.Extractor:
    """The function ingest's workers run on each file."""
    seen = []

    class Spy(prepare.ProcessPoolExecutor):
        def submit(self, fn, *args, **kwargs):
            seen.append(args[0])  # extract_chunk(fn, items)
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(prepare, "ProcessPoolExecutor", Spy)
    files = sorted(SAMPLES * 1)
    copies = []
    for i in range(3):
        for p in files:
            copies.append(tmp_path / "r" / f"{i}_{p.name}")
            copies[-1].parent.mkdir(exist_ok=True)
            copies[-1].write_bytes(p.read_bytes())
    out = list(prepared(copies, lambda key: None, 2, for_store=True, store=tmp_path / "s.db"))
    assert all(isinstance(p, Prepared) for p in out)
    return seen[0]


def test_a_workers_result_crosses_as_plain_values(tmp_path, monkeypatch):
    fn = _worker_fn(tmp_path, monkeypatch)
    for path in SAMPLES:
        out = prepare.extract_item(fn, path, path.name, str(path))
        assert _classes_pickled(out) == set(), path.name


def test_the_writer_gets_the_rows_the_worker_built(tmp_path):
    store = str(tmp_path / "s.db")
    for path in SAMPLES:
        built = prepare.extract_for_store(path.read_bytes(), path.name, str(path), store)[2]
        sent = prepare.extract_for_writer(path.read_bytes(), path.name, str(path), store)
        rows = crossing.file_rows(pickle.loads(pickle.dumps(sent[1])))
        for name in built.__slots__:
            got, want = getattr(rows, name), getattr(built, name)
            if name == "header":
                assert got._asdict() == want.model_dump(), path.name
            elif name == "cited":
                assert (got.idents, got.own_keys, got.conventional) == (
                    want.idents,
                    want.own_keys,
                    want.conventional,
                )
            else:
                assert got == want, (path.name, name)
        assert rows.mentions and all(type(m) is MentionRow for m in rows.mentions)
        assert all(type(r) is RelationRow for r in rows.relations)
        assert rows.mentions[0].surface == built.mentions[0].surface


def test_the_header_row_has_the_models_fields():
    assert crossing.HeaderRow._fields == tuple(ReportHeader.model_fields)


@pytest.mark.skipif(
    "forkserver" not in __import__("multiprocessing").get_all_start_methods(), reason="no forkserver"
)
def test_the_files_extracted_again_alone_reach_the_writer_named(tmp_path, monkeypatch):
    """A worker killed mid-chunk: the other files of its chunk are extracted again, each in a pool of its
    own (prepare._alone), and what those send is named again like any other result; the file that kills
    workers fails alone."""
    import worker_hooks

    copies = _three_copies(tmp_path / "r")
    bad = tmp_path / "r" / f"0_{worker_hooks.CRASH_MARK}.md"
    bad.write_bytes(SAMPLES[0].read_bytes())
    files = sorted([*copies, bad])
    monkeypatch.setattr(prepare, "_worker_init", worker_hooks.crash_on_marked_files)
    alone = []
    real_alone = prepare._alone
    monkeypatch.setattr(prepare, "_alone", lambda f, fn: alone.append(f.key) or real_alone(f, fn))
    out = list(prepared(files, lambda key: None, 2, for_store=True, store=tmp_path / "s.db"))
    assert [p.key for p in out] == [str(f.resolve()) for f in files]
    failed = [(Path(p.key).name, p.error) for p in out if not isinstance(p, Prepared)]
    assert failed == [(bad.name, prepare.WORKER_DIED)]
    again = [p for p in out if isinstance(p, Prepared) and p.key in alone]
    assert again  # the files of the killed worker's chunk, extracted again alone
    for p in out:
        if isinstance(p, Prepared):
            assert (p.text, p.extraction) == ("", None), p.key
            assert type(p.rows.header) is crossing.HeaderRow, p.key
            assert p.rows.mentions and all(type(m) is MentionRow for m in p.rows.mentions), p.key
