"""Shards: extraction written to Parquet by one process or a Dask cluster gives the same records, and the
store built from them (ingest --from-extracts) is the graph ingesting the files builds."""

from __future__ import annotations

import shutil
from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as hst
from typer.testing import CliRunner

pytest.importorskip("pyarrow")

from helpers import synth_reports  # noqa: E402
from luocdo.backends import rows as graph_rows  # noqa: E402
from luocdo.cli import app  # noqa: E402
from luocdo.cli.common import expand  # noqa: E402
from luocdo.pipeline import extract_text  # noqa: E402
from luocdo.shards.files import read_rows, shard_path  # noqa: E402
from luocdo.shards.plan import PlanError, absolute, load_plan  # noqa: E402
from luocdo.shards.records import extraction_of, row_of  # noqa: E402
from luocdo.shards.run import run  # noqa: E402
from luocdo.store import Store  # noqa: E402
from luocdo.store.prepare import Prepared, prepared, store_key  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample reports and 200 synthetic ones, with two files that cannot be read."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(ROOT / "sample_reports", root / "a_samples")
    synth_reports(root / "b_synth", 200, seed=1)
    (root / "c_bad").mkdir()
    (root / "c_bad" / "empty.txt").write_bytes(b"")
    (root / "c_bad" / "binary.txt").write_bytes(bytes(range(256)) * 40)
    return root


def files_of(folder: Path) -> list[str]:
    return [absolute(p) for p in expand([folder])]


def all_rows(folder: Path) -> list:
    return [r for s in load_plan(folder) for r in read_rows(shard_path(folder, s.name))]


def graph(db: Path) -> dict:
    """The graph as the public read API gives it: reports, documents, bodies, links with evidence."""
    st = Store(db, create=False)
    try:
        return {
            "files": sorted((f["path"], f["sha256"], f["size"], f["header"]) for f in st.files()),
            "documents": list(graph_rows.documents(st)),
            "bodies": list(graph_rows.bodies(st)),
            "links": [asdict(link) for link in graph_rows.links(st)],
            "counts": st.counts(),
        }
    finally:
        st.close()


def test_a_row_gives_back_the_extraction():
    files = [p for p in expand([ROOT / "sample_reports"])]
    for path, prep in zip(files, prepared(files, lambda k: None, 1, key_of=store_key), strict=True):
        assert isinstance(prep, Prepared)
        row = row_of(str(path), prep)
        assert extraction_of(row) == prep.extraction
        assert row.key == store_key(path) and row.text == prep.text and row.sha == prep.sha


PIECES = [
    "Căn cứ Chỉ thị số 26/CT-TTg ngày 15/6/2023 của Thủ tướng Chính phủ",
    "thực hiện Kế hoạch 12/KH-UBND ngày 3/2/2022 của UBND tỉnh Trà Vinh",
    "Nghị định 108/2020/NĐ-CP sửa đổi Nghị định số 24/2014/NĐ-CP",
    "theo Chỉ thị 26 nêu trên",
    "UBND HUYỆN TRÀ CÚ\nSố: 271/BC-UBND\nBÁO CÁO\n",
    "Luật Tổ chức chính quyền địa phương",
    "\n",
    "; ",
    '\t"“”\\ {x} <b>*</b> ',
]


@settings(max_examples=60, deadline=None)
@given(hst.lists(hst.one_of(hst.sampled_from(PIECES), hst.text(max_size=12)), max_size=12))
@example(
    ["UBND HUYỆN TRÀ CÚ\nSố: 271/BC-UBND\nBÁO CÁO\n", "0\x850", "a\u2028b"]
)  # line breaks JSON leaves raw
def test_a_row_of_any_text_gives_back_its_extraction(parts):
    text = "".join(parts)
    ex = extract_text(text, source="/r/x.md")
    prep = Prepared("/r/x.md", "0" * 64, len(text), text, ex, False)
    assert extraction_of(row_of("r/x.md", prep)) == ex


@pytest.mark.slow
def test_dask_cluster_one_process_and_ingest_build_the_same_graph(corpus, tmp_path):
    # one process
    reported = []
    result = run(
        tmp_path / "one", files_of(corpus), 50, jobs=1, scheduler=None, ocr="never", report=reported.append
    )
    assert result.not_written == [] and result.skipped == 0
    failed = sorted(Path(p).name for info in reported for p, _ in info.failed)
    assert failed == ["binary.txt", "empty.txt"]  # bad files: one line each, the run went on
    one = all_rows(tmp_path / "one")
    assert len(one) == len(files_of(corpus)) - 2 and len(one) > 200

    # a Dask LocalCluster of 2 worker processes, through the command line
    res = runner.invoke(
        app,
        [
            "extract",
            str(corpus),
            "--shards",
            str(tmp_path / "dask"),
            "--shard-size",
            "50",
            "--scheduler",
            "local:2",
        ],
    )
    assert res.exit_code == 1, res.output  # the two bad files
    assert res.output.count("error: ") == 2 and "binary.txt" in res.output and "empty.txt" in res.output
    assert all_rows(tmp_path / "dask") == one

    # the store built from the shards is the one ingesting the files builds
    res = runner.invoke(
        app, ["ingest", str(corpus), "--store", str(tmp_path / "files.db"), "-q", "--jobs", "1"]
    )
    assert res.exit_code == 1 and res.output.count("error: ") == 2, res.output
    res = runner.invoke(
        app,
        ["ingest", "--from-extracts", str(tmp_path / "dask"), "--store", str(tmp_path / "shards.db"), "-q"],
    )
    assert res.exit_code == 1 and res.output.count("error: ") == 2, res.output
    built = graph(tmp_path / "shards.db")
    assert built == graph(tmp_path / "files.db")
    assert built["counts"]["files"] == len(one) and built["links"]

    # loading the same shards again changes nothing: every file is unchanged
    res = runner.invoke(
        app,
        ["ingest", "--from-extracts", str(tmp_path / "dask"), "--store", str(tmp_path / "shards.db"), "-q"],
    )
    assert f"0 added, 0 updated, {len(one)} unchanged" in res.output
    assert graph(tmp_path / "shards.db") == built


class Interrupted(Exception):
    pass


def test_an_interrupted_run_resumes_where_it_stopped(tmp_path):
    files = files_of(ROOT / "sample_reports")
    full = tmp_path / "full"
    run(full, files, 3, jobs=1, scheduler=None, ocr="never", report=lambda info: None)

    part = tmp_path / "part"
    written = []

    def stop_after_two(info) -> None:
        written.append(info.name)
        if len(written) == 2:
            raise Interrupted  # as a kill between two shards

    with pytest.raises(Interrupted):
        run(part, files, 3, jobs=1, scheduler=None, ocr="never", report=stop_after_two)
    assert sorted(p.name for p in part.glob("shard-*.parquet")) == [
        "shard-00000.parquet",
        "shard-00001.parquet",
    ]
    (part / ".shard-00002.ab12cd34.tmp").write_bytes(b"half a shard")  # killed while writing
    first = shard_path(part, "shard-00000").stat().st_mtime_ns

    again = []
    result = run(part, files, 3, jobs=1, scheduler=None, ocr="never", report=lambda i: again.append(i.name))
    assert result.not_written == [] and result.skipped == 2
    assert "shard-00000" not in again and "shard-00001" not in again and again  # finished shards skipped
    assert shard_path(part, "shard-00000").stat().st_mtime_ns == first
    assert not list(part.glob(".*.tmp"))
    assert all_rows(part) == all_rows(full)
    assert (part / "manifest.json").read_text().count('"complete": true') == 1


def test_a_folder_of_other_shards_is_refused(tmp_path):
    files = files_of(ROOT / "sample_reports")
    run(tmp_path / "s", files[:4], 2, jobs=1, scheduler=None, ocr="never", report=lambda i: None)
    with pytest.raises(PlanError, match="another list of files"):
        run(tmp_path / "s", files, 2, jobs=1, scheduler=None, ocr="never", report=lambda i: None)
    res = runner.invoke(app, ["extract", str(ROOT / "sample_reports"), "--shards", str(tmp_path / "s")])
    assert res.exit_code == 1 and "another list of files" in res.output


def test_shard_options_are_checked(tmp_path):
    sample = str(ROOT / "sample_reports")
    res = runner.invoke(app, ["extract", sample, "--scheduler", "local:2"])
    assert res.exit_code == 1 and "--shards" in res.output
    res = runner.invoke(app, ["extract", sample, "--shards", str(tmp_path / "s"), "--scheduler", "nowhere"])
    assert res.exit_code == 1 and "tcp://HOST:PORT or local:N" in res.output
    res = runner.invoke(app, ["extract", sample, "--shards", str(tmp_path / "s"), "-o", str(tmp_path / "x")])
    assert res.exit_code == 1 and "-o" in res.output
    res = runner.invoke(
        app, ["ingest", "--from-extracts", str(tmp_path / "none"), "--store", str(tmp_path / "d.db")]
    )
    assert res.exit_code == 1 and "no shards here" in res.output
    res = runner.invoke(app, ["ingest", sample, "--from-extracts", str(tmp_path / "s")])
    assert res.exit_code == 1 and "give no files" in res.output


def test_a_scheduler_that_cannot_be_reached_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("luocdo.shards.run.CONNECT_SECONDS", 2)
    sample = str(ROOT / "sample_reports")
    res = runner.invoke(
        app, ["extract", sample, "--shards", str(tmp_path / "s"), "--scheduler", "tcp://127.0.0.1:9"]
    )
    assert res.exit_code == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in res.output
    assert res.output.count("\n") == 1


def test_files_from_a_list(tmp_path):
    files = sorted((ROOT / "sample_reports").glob("*.md"))[:3]
    listing = tmp_path / "list.txt"
    listing.write_text("\n".join(str(f) for f in files) + "\n\n", encoding="utf-8")
    res = runner.invoke(app, ["extract", "--files-from", str(listing), "--shards", str(tmp_path / "s")])
    assert res.exit_code == 0, res.output
    assert [r.key for r in all_rows(tmp_path / "s")] == [store_key(f) for f in files]
    res = runner.invoke(app, ["extract", "--files-from", str(listing), "--format", "jsonl"])
    assert res.exit_code == 0 and res.output.count('"kind": "document"') == 3


def test_missing_shards_are_reported_and_the_rest_loaded(tmp_path):
    files = files_of(ROOT / "sample_reports")
    run(tmp_path / "s", files, 4, jobs=1, scheduler=None, ocr="never", report=lambda i: None)
    shard_path(tmp_path / "s", "shard-00001").unlink()
    res = runner.invoke(
        app, ["ingest", "--from-extracts", str(tmp_path / "s"), "--store", str(tmp_path / "d.db"), "-q"]
    )
    assert res.exit_code == 1 and "1 shard(s) of the plan not written (shard-00001" in res.output
    assert f"{len(files) - 4} added" in res.output


def test_a_running_scheduler_by_its_tcp_address(tmp_path):
    """--scheduler tcp://HOST:PORT: a scheduler already running (here two worker threads on loopback)."""
    distributed = pytest.importorskip("distributed")
    files = files_of(ROOT / "sample_reports")
    run(tmp_path / "one", files, 4, jobs=1, scheduler=None, ocr="never", report=lambda i: None)
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        assert address.startswith("tcp://127.0.0.1:")
        res = runner.invoke(
            app,
            [
                "extract",
                str(ROOT / "sample_reports"),
                "--shards",
                str(tmp_path / "d"),
                "--shard-size",
                "4",
                "--scheduler",
                address,
            ],
        )
    assert res.exit_code == 0, res.output
    assert all_rows(tmp_path / "d") == all_rows(tmp_path / "one")
