"""Store.settle decides again only what the writes since the last settle touched (settle_touched):
the store it leaves is the store a whole-store settle leaves, whatever the order, the batching, the
forgetting and the changes of the files."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from luocdo.store import Store, touched
from luocdo.store.canon import ALL_TABLES, canonical_tables
from luocdo.store.prepare import Prepared, prepared

# citations that make settle decide: complete ones of several dates (other documents, or slips of one
# digit), partial ones (no date, no issuer) that one or several complete documents can be
CITATIONS = (
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2019 của UBND tỉnh Bình Định.",
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2021 của UBND tỉnh Bình Định.",
    "Căn cứ Kế hoạch số 252/KH-UBND ngày 07/9/2011 của UBND tỉnh Bình Định.",
    "Tiếp tục thực hiện Kế hoạch số 252/KH-UBND của UBND tỉnh Bình Định.",
    "Thực hiện Kế hoạch số 252/KH-UBND năm 2019.",
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.",
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2017 của Thủ tướng Chính phủ.",
    "Quán triệt Chỉ thị số 26/CT-TTg của Thủ tướng Chính phủ.",
    "Thực hiện Kế hoạch số 121/KH-UBND ngày 07/3/2019 của UBND tỉnh Phú Thọ.",
    "Thực hiện Kế hoạch số 121/KH-UBND ngày 24/9/2019.",
    "Theo Báo cáo số 3/BC-UBND ngày 03/4/2022 của UBND huyện Tuy Phước.",
    "Theo Báo cáo số 3/BC-UBND của UBND huyện Phù Cát.",
    "Thực hiện Nghị định số 143/2021/NĐ-CP ngày 10/12/2020 của Chính phủ.",
    "Thực hiện Nghị định số 143/2020/NĐ-CP ngày 10/12/2020 của Chính phủ.",
)
# documents arriving after partial citations of their number: the same number and symbol of another
# body or year, another symbol, a partial citation with a year, a short form by type only
ARRIVALS = (
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 15/3/2020 của UBND huyện Phù Cát.",
    "Thực hiện Kế hoạch số 252/KH-UBND ngày 07/9/2019 của UBND huyện Phù Cát.",
    "Thực hiện Quyết định số 252/QĐ-UBND ngày 07/9/2019 của UBND tỉnh Bình Định.",
    "Thực hiện Kế hoạch số 252/KH-UBND năm 2020.",
    "Tiếp tục quán triệt Chỉ thị 26.",
    "Thực hiện Chỉ thị số 26/CT-UBND ngày 05/9/2016 của UBND tỉnh Bình Định.",
)
# a conventional name (its document's date settles a document no report dates as fully) and citations of
# its document: in full with another day of the same year, by type and number (a short form), with a year
CONVENTIONAL = (
    "Xã đã đẩy mạnh triển khai Đề án 06 trên địa bàn.",
    "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/02/2022 của Thủ tướng Chính phủ.",
    "Thực hiện Quyết định số 06/QĐ-TTg của Thủ tướng Chính phủ, Quyết định 06 nêu rõ.",
    "Thực hiện Quyết định số 06/2022/QĐ-TTg của Thủ tướng Chính phủ.",
)
PLACES = ("Tuy Phước", "Phù Cát", "Cần Thơ")
NAMES = 6  # file names the steps write, change and forget


def _text(spec: tuple) -> str:
    number, place, day, title, cited = spec
    body = "\n\n".join((*CITATIONS, *ARRIVALS, *CONVENTIONAL)[i] for i in cited)
    return (
        f"Số: {number}/BC-UBND\n\n{PLACES[place]}, ngày {day} tháng 4 năm 2022\n\nBÁO CÁO\n"
        f"Kết quả {title}\n\n{body}\n"
    )


def _reports(citations: int, leave_out: frozenset[int] = frozenset()):
    return st.tuples(
        st.integers(1, 3),
        st.integers(0, len(PLACES) - 1),
        st.sampled_from((3, 13)),
        st.sampled_from(("quý I", "năm")),
        st.lists(
            st.sampled_from([i for i in range(citations) if i not in leave_out]), min_size=1, max_size=4
        ).map(tuple),
    )


def _steps(citations: int, leave_out: frozenset[int] = frozenset()):
    """One step: write a batch of files (a name and what it holds), or forget one; every step ends with
    a settle. ``leave_out``: citations (indexes) the files never hold."""
    return st.one_of(
        st.tuples(
            st.just("write"),
            st.lists(
                st.tuples(st.integers(0, NAMES - 1), _reports(citations, leave_out)), min_size=1, max_size=4
            ),
        ),
        st.tuples(st.just("forget"), st.integers(0, NAMES - 1)),
    )


_step = _steps(len(CITATIONS))

_extracted: dict[tuple, Prepared] = {}


def _prepare(folder: Path, name: int, spec: tuple) -> Prepared:
    """The file as extracted (once per name and content: extraction does not depend on the store)."""
    if (folder, name, spec) not in _extracted:
        path = folder / f"r{name}.md"
        path.write_text(_text(spec), encoding="utf-8")
        (p,) = prepared([path], lambda key: None, 1)
        assert isinstance(p, Prepared), p
        _extracted[(folder, name, spec)] = p
    return _extracted[(folder, name, spec)]


def _run(path: Path, folder: Path, steps, *, whole: bool, resolve_all: bool = False) -> dict[str, list]:
    """The store the steps leave; ``whole``: every settle decides everything again, ``resolve_all``:
    and resolves again every file that has a partial citation (not only those whose answer changed)."""
    path.unlink(missing_ok=True)
    store = Store(path)
    try:
        for kind, arg in steps:
            if kind == "write":
                last = {name: spec for name, spec in arg}  # one version of a path per batch
                store._write_batch([_prepare(folder, name, spec) for name, spec in sorted(last.items())])
            else:
                store.forget(str((folder / f"r{arg}.md").resolve()))
            if whole:
                store.db.execute("BEGIN IMMEDIATE")
                touched.touch_all(store.db)
                if resolve_all:
                    store.db.execute("INSERT OR IGNORE INTO settle_pending VALUES ('*')")
                store.db.execute("COMMIT")
            store.settle()
        assert store.integrity() == []
        return canonical_tables(store.db, ALL_TABLES)
    finally:
        store.close()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=8))
def test_settling_what_was_touched_gives_the_whole_store_settle(tmp_path_factory, steps):
    folder = tmp_path_factory.getbasetemp() / "settle_reports"
    folder.mkdir(exist_ok=True)
    incremental = _run(folder / "touched.db", folder, steps, whole=False)
    whole = _run(folder / "whole.db", folder, steps, whole=True)
    assert incremental == whole


_FIRST_CONVENTIONAL = len(CITATIONS) + len(ARRIVALS)


def test_a_conventional_names_date_is_a_full_date():
    """settled reads the citations of a document for its conventional names only when its reports give no
    full date (CONVENTIONAL_DATE_LEN): a longer date in the data would be missed."""
    from luocdo.extract.conventional import conventional_documents
    from luocdo.store.settled import CONVENTIONAL_DATE_LEN

    assert {len(d["date"]) for d in conventional_documents().values()} == {CONVENTIONAL_DATE_LEN}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    steps=st.lists(
        _steps(_FIRST_CONVENTIONAL + len(CONVENTIONAL), frozenset(range(5, _FIRST_CONVENTIONAL))),
        min_size=1,
        max_size=6,
    )
)
@example(steps=[("write", [(0, (1, 0, 3, "năm", (_FIRST_CONVENTIONAL,)))])])
@example(
    steps=[
        ("write", [(0, (1, 0, 3, "năm", (_FIRST_CONVENTIONAL, _FIRST_CONVENTIONAL + 2)))]),
        ("write", [(1, (2, 1, 13, "năm", (_FIRST_CONVENTIONAL + 1,)))]),
        ("forget", 1),
    ]
)
def test_settling_what_was_touched_gives_the_whole_store_settle_with_conventional_names(
    tmp_path_factory, steps
):
    folder = tmp_path_factory.getbasetemp() / "settle_conventional"
    folder.mkdir(exist_ok=True)
    assert _run(folder / "touched.db", folder, steps, whole=False) == _run(
        folder / "whole.db", folder, steps, whole=True
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_steps(len(CITATIONS) + len(ARRIVALS)), min_size=1, max_size=8))
# the file naming the document a slip was merged into goes: the slip's citation gets its own document back
@example(
    steps=[
        (
            "write",
            [(0, (1, 0, 3, "quý I", (5,))), (1, (1, 0, 3, "quý I", (0,))), (1, (1, 0, 3, "quý I", (6, 18)))],
        ),
        ("forget", 0),
    ]
)
# a slip merged into the document, then a file citing the slip goes: the settle after resolves again what
# the merge changed (a partial citation of the number read while the slip stood alone)
@example(
    steps=[
        ("write", [(0, (1, 0, 3, "quý I", (6, 18))), (1, (1, 0, 3, "quý I", (6,)))]),
        ("write", [(2, (1, 0, 3, "quý I", (5,))), (3, (1, 0, 3, "quý I", (7,)))]),
        ("forget", 1),
    ]
)
def test_resolving_again_only_the_files_whose_answer_changed_gives_resolving_all(tmp_path_factory, steps):
    """Documents arrive (and go) after partial citations and short forms of their number: resolving
    again only the files whose partial citations now read otherwise leaves the store that resolving
    every file with a partial citation, and deciding everything again, leaves."""
    folder = tmp_path_factory.getbasetemp() / "arrival_reports"
    folder.mkdir(exist_ok=True)
    selected = _run(folder / "selected.db", folder, steps, whole=False)
    everything = _run(folder / "everything.db", folder, steps, whole=True, resolve_all=True)
    assert selected == everything


def _final_files(steps) -> dict[int, tuple]:
    files: dict[int, tuple] = {}
    for kind, arg in steps:
        if kind == "write":
            files.update(arg)
        else:
            files.pop(arg, None)
    return files


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_steps(len(CITATIONS) + len(ARRIVALS)), min_size=1, max_size=8))
# a slip merged into the document it means, then that document's citation goes: the slip stands alone
@example(steps=[("write", [(0, (1, 0, 3, "quý I", (5,))), (1, (1, 0, 3, "quý I", (6,)))]), ("forget", 0)])
# the citation of the document a number-year slip was merged into goes: the slip stands alone again
@example(steps=[("write", [(0, (1, 0, 3, "quý I", (13,))), (1, (1, 0, 3, "quý I", (12,)))]), ("forget", 0)])
# the only citation with a full date goes: the document keeps the date its other citations give
@example(steps=[("write", [(0, (3, 0, 13, "năm", (15,))), (1, (2, 1, 3, "năm", (4,)))]), ("forget", 0)])
# a report's file becomes another report of another body: the document it was keeps no title, and the
# body no document is of any more is not known
@example(steps=[("write", [(0, (3, 0, 13, "năm", (4,)))]), ("write", [(0, (1, 0, 3, "năm", (10,)))])])
# a report cites anew, under its own identity, a slip that was merged into the document it means: the
# slip is decided again with the citations as written, not against a document whose date counts them
@example(
    steps=[
        (
            "write",
            [(0, (1, 0, 3, "quý I", (6,))), (1, (1, 0, 3, "quý I", (5,))), (2, (1, 0, 3, "quý I", (0, 6)))],
        ),
        ("write", [(1, (1, 0, 3, "quý I", (5, 6)))]),
    ]
)
def test_any_history_leaves_the_store_the_files_it_ends_with_give(tmp_path_factory, steps):
    """Writes, rewrites and forgets in any order leave the store that writing the files they end with
    into a new store gives: no document, body, date, title, merge or resolution depends on what came
    and went before."""
    files = _final_files(steps)
    assume(files)
    folder = tmp_path_factory.getbasetemp() / "history_reports"
    folder.mkdir(exist_ok=True)
    history = _run(folder / "history.db", folder, steps, whole=False)
    anew = _run(folder / "anew.db", folder, [("write", sorted(files.items()))], whole=False)
    assert history == anew


def _touched_everything(path: Path) -> bool:
    store = Store(path)
    try:
        return touched.read(store.db).everything
    finally:
        store.close()


def test_a_store_that_did_not_record_its_touches_is_settled_whole(tmp_path):
    path = tmp_path / "s.db"
    folder = tmp_path / "r"
    folder.mkdir()
    store = Store(path)
    store._write_batch([_prepare(folder, 0, (1, 0, 3, "năm", (0, 3)))])
    store.settle()
    assert not touched.read(store.db).everything
    # as an older luocdo left it: no settle_touched, no triggers
    store.db.execute("BEGIN IMMEDIATE")
    for name in (*touched.TRIGGERS, "settle_touched"):
        kind = "TABLE" if name == "settle_touched" else "TRIGGER"
        store.db.execute(f"DROP {kind} {name}")
    store.db.execute("COMMIT")
    store.close()
    assert _touched_everything(path)  # made again when opened for writing, with everything touched


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(_step, min_size=1, max_size=8))
def test_the_whole_store_settled_a_slice_at_a_time_is_the_same_store(tmp_path_factory, monkeypatch, steps):
    """The whole-store settle reads a big store in slices (documents by id; variant groups by numbers,
    or by one number's issuers): slices of one or two give the store the touched settle gives."""
    from luocdo.store import settled, variants

    monkeypatch.setattr(settled, "DOCS_AT_ONCE", 2)
    monkeypatch.setattr(variants, "DOCS_AT_ONCE", 1)
    folder = tmp_path_factory.getbasetemp() / "settle_reports"
    folder.mkdir(exist_ok=True)
    incremental = _run(folder / "touched.db", folder, steps, whole=False)
    whole = _run(folder / "whole.db", folder, steps, whole=True)
    assert incremental == whole
