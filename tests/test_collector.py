"""The cycle collector runs rarer while an ingest writes (luocdo.store.collector), and the process's
thresholds are back afterwards."""

from __future__ import annotations

import gc
import threading

import pytest

from luocdo.store import collector
from luocdo.store.collector import WRITING_THRESHOLD, rare_collections
from luocdo.store.db import Store


@pytest.fixture
def thresholds():
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield
    gc.set_threshold(*saved)


def test_raised_inside_and_restored(thresholds):
    with rare_collections():
        assert gc.get_threshold() == (WRITING_THRESHOLD, 10, 10)
        with rare_collections():  # nested: still raised, restored only by the outer exit
            assert gc.get_threshold()[0] == WRITING_THRESHOLD
        assert gc.get_threshold()[0] == WRITING_THRESHOLD
    assert gc.get_threshold() == (700, 10, 10)


def test_restored_after_an_error(thresholds):
    with pytest.raises(RuntimeError), rare_collections():
        raise RuntimeError("a failed ingest")
    assert gc.get_threshold() == (700, 10, 10)
    assert collector._depth == 0


def test_what_the_process_chose_is_kept(thresholds):
    gc.set_threshold(50_000, 5, 5)  # already rarer: not lowered
    with rare_collections():
        assert gc.get_threshold() == (50_000, 5, 5)
    gc.set_threshold(0, 10, 10)  # automatic collection off: not turned back on
    with rare_collections():
        assert gc.get_threshold()[0] == 0
    assert gc.get_threshold() == (0, 10, 10)


def test_concurrent_uses_restore_once_the_last_leaves(thresholds):
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with rare_collections():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    t.start()
    inside.wait(5)
    with rare_collections():
        pass
    assert gc.get_threshold()[0] == WRITING_THRESHOLD  # the other thread is still writing
    leave.set()
    t.join(5)
    assert gc.get_threshold() == (700, 10, 10)


def test_an_ingest_writes_with_rare_collections(thresholds, tmp_path, monkeypatch):
    seen: list[int] = []
    write = Store._write_batch

    def recording(self, batch):
        seen.append(gc.get_threshold()[0])
        return write(self, batch)

    monkeypatch.setattr(Store, "_write_batch", recording)
    (tmp_path / "r").mkdir()
    for i in range(3):
        (tmp_path / "r" / f"bc{i}.md").write_text(
            f"UBND HUYỆN A\nSố: {i + 1}/BC-UBND\nBÁO CÁO\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016.\n",
            encoding="utf-8",
        )
    st = Store(tmp_path / "s.db")
    try:
        results = list(st.ingest_many(sorted((tmp_path / "r").iterdir()), batch_files=1))
    finally:
        st.close()
    assert [r.status for r in results] == ["added"] * 3
    assert seen and all(t == WRITING_THRESHOLD for t in seen)
    assert gc.get_threshold() == (700, 10, 10)


def test_thresholds_the_process_set_meanwhile_are_kept(thresholds):
    # another part of the process (another thread, the program embedding luocdo) chose its own while an
    # ingest wrote: the ingest's end does not put back the ones it found
    with rare_collections():
        gc.set_threshold(5_000, 5, 5)
    assert gc.get_threshold() == (5_000, 5, 5)
