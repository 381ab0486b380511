"""Hostile and broken input: one clear line per bad file, the batch goes on, nothing crashes or hangs."""

from __future__ import annotations

import io
import json
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from luocdo.cli import app
from luocdo.load import LoadError, load_bytes
from luocdo.pipeline import extract_text
from make_documents import make_docx, make_pdf, make_rtf, unicode_font

runner = CliRunner()
GOOD = "Số: 5/BC-UBND\n\nThực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ.\n"


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> dict[str, bytes]:
    """One valid file of each format (built here, nothing committed)."""
    d = tmp_path_factory.mktemp("samples")
    out = {"txt": GOOD.encode("utf-8")}
    pytest.importorskip("docx")
    out["docx"] = make_docx(GOOD, d / "a.docx").read_bytes()
    out["rtf"] = make_rtf(GOOD, d / "a.rtf").read_bytes()
    font = unicode_font()
    if font:
        out["pdf"] = make_pdf(GOOD, d / "a.pdf", font).read_bytes()
    shared_doc = Path(__file__).resolve().parents[2] / "shared" / "corpus-legacy" / "2008-23.QD-991-UBND.doc"
    if shared_doc.is_file():
        out["doc"] = shared_doc.read_bytes()
    return out


def load_or_fail(data: bytes) -> None:
    """What every loader promises: a document or a LoadError, nothing else."""
    try:
        doc = load_bytes(data, "x")
    except LoadError as e:
        msg = str(e)
        assert msg and "\n" not in msg and len(msg) < 300
        return
    extract_text(doc.text, "x")


# ---- bad files through the command line ----------------------------------------------------------
def test_bad_files_one_line_each_batch_goes_on_summary_at_end(tmp_path, samples, monkeypatch):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "blob.pdf").write_bytes(os.urandom(4096))
    (d / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    (d / "truncated.docx").write_bytes(samples["docx"][: len(samples["docx"]) // 2])
    if "pdf" in samples:
        (d / "truncated.pdf").write_bytes(samples["pdf"][: len(samples["pdf"]) // 3])
        (d / "really-a-pdf.txt").write_bytes(samples["pdf"])  # wrong extension: read by content
        from make_documents import encrypt_pdf

        (d / "a.pdf").write_bytes(samples["pdf"])
        encrypt_pdf(d / "a.pdf", d / "locked.pdf")
        (d / "a.pdf").unlink()
    big = d / "huge.txt"
    with open(big, "wb") as f:  # 200 MB, sparse: nothing is written to disk
        f.truncate(200 * 2**20)
    denied = d / "denied.txt"
    denied.write_text(GOOD, encoding="utf-8")
    if os.geteuid() == 0:  # root reads anything: deny it the way the OS would
        real = Path.read_bytes

        def read_bytes(self):
            if self.name == "denied.txt":
                raise PermissionError(13, "Permission denied")
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", read_bytes)
    else:
        denied.chmod(0)
    loop = d / "loop"
    loop.symlink_to(loop)  # a symlink loop inside the folder
    (d / "sub").mkdir()
    (d / "sub" / "up").symlink_to(d, target_is_directory=True)  # a loop back up the tree

    t0 = time.monotonic()
    r = runner.invoke(app, ["extract", str(d), "--format", "jsonl"])
    assert time.monotonic() - t0 < 60
    assert r.exit_code == 1
    assert "Traceback" not in r.stdout + r.stderr
    recs = [json.loads(x) for x in r.stdout.splitlines() if x.startswith("{")]
    sources = {Path(x["source"]).name for x in recs if x["kind"] == "document"}
    assert "good.txt" in sources
    if "pdf" in samples:
        assert "really-a-pdf.txt" in sources
    err = r.stderr.splitlines()
    expect = {
        "empty.txt": "empty",
        "blob.pdf": "binary",
        "binary.txt": "binary",
        "truncated.docx": "damaged Word file",
        "huge.txt": "too large",
        "denied.txt": "permission denied",
        "loop": "cannot follow",
    }
    if "pdf" in samples:
        expect |= {"truncated.pdf": "damaged PDF", "locked.pdf": "password-protected PDF"}
    for name, reason in expect.items():
        lines = [e for e in err if f"/{name}:" in e]
        assert len(lines) == 1 and reason in lines[0], (name, err)
    assert err[-1].startswith(f"{len(sources)} file(s) read, {len(expect)} file(s) could not be read")


def test_ingest_reports_bad_files_and_keeps_the_good(tmp_path, samples):
    d = tmp_path / "in"
    d.mkdir()
    for kind, data in samples.items():
        (d / f"ok.{kind}").write_bytes(data)
    (d / "truncated.docx").write_bytes(samples["docx"][:300])
    (d / "empty.md").write_bytes(b"")
    r = runner.invoke(app, ["ingest", str(d), "--store", str(tmp_path / "s.db"), "--quiet"])
    assert r.exit_code == 1, r.stderr
    assert "truncated.docx: damaged Word file" in r.stderr and "empty.md: empty file" in r.stderr
    assert f"{len(samples)} added" in r.stderr and "2 failed" in r.stderr
    r = runner.invoke(app, ["doctor", "--store", str(tmp_path / "s.db")])
    assert r.exit_code == 0 and "ok" in r.stdout


def test_a_pipe_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = runner.invoke(app, ["extract", str(fifo)])
    assert r.exit_code == 1 and "not a regular file" in r.stderr


# ---- fuzzing -------------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_load_or_fail_cleanly(data):
    load_or_fail(data)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["docx", "pdf", "rtf", "doc", "txt"]), cuts=st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=12), trunc=st.floats(0.05, 1.0))
def test_mutated_documents_load_or_fail_cleanly(samples, kind, cuts, trunc):
    if kind not in samples:
        return
    data = bytearray(samples[kind])
    for where, byte in cuts:  # flip bytes anywhere, then cut the tail
        data[int(where * (len(data) - 1))] = byte
    load_or_fail(bytes(data[: max(1, int(len(data) * trunc))]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["word/document.xml", "word/header1.xml", "word/footnotes.xml", "content.xml"]),
                max_size=3, unique=True),
       st.binary(max_size=300))
def test_odd_zip_packages_load_or_fail_cleanly(names, payload):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, payload)
    load_or_fail(buf.getvalue())


def test_xml_entity_bombs_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
        "<w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", bomb)
    with pytest.raises(LoadError, match="entity"):
        load_bytes(buf.getvalue())


# ---- no catastrophic regexes: bounded time per MB -----------------------------------------------
ADVERSARIAL = {
    "digits": "1" * 2**20,
    "slashes": "/" * 2**20,
    "digit-slash": "12/" * (2**20 // 3),
    "so-so-so": "số " * (2**20 // 3),
    "type-words": "Quyết định số Nghị định số Chỉ thị số " * (2**20 // 40),
    "dates": "ngày 05/9/2016 " * (2**20 // 16),
    "symbols": "26/CT-TTg-" * (2**20 // 10),
    "hyphens": "-" * 2**20,
    "one-long-line": ("Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ; " * 15000)[: 2**20],
    "nfd": "Nghi\u0323 đi\u0323nh số 1/NĐ-CP " * (2**20 // 30),
    "legacy-mojibake": "C¨n cø NghÞ ®Þnh sè 15/CP ngµy 2/3/1993 cña ChÝnh phñ " * (2**20 // 55),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_megabyte_is_linear(name):
    text = ADVERSARIAL[name]
    t0 = time.perf_counter()
    doc = load_bytes(text.encode("utf-8"), "x.txt")
    extract_text(doc.text, "x")
    elapsed = time.perf_counter() - t0
    # ~0.1-3 s per MB on a CI core; a catastrophic regex would take minutes
    assert elapsed < 20, f"{name}: {elapsed:.1f} s for 1 MB"


@pytest.mark.slow
def test_atheris_fuzz_run_finds_no_crash(tmp_path):
    pytest.importorskip("atheris")
    import subprocess
    import sys

    script = Path(__file__).resolve().parents[1] / "scripts" / "fuzz_loaders.py"
    r = subprocess.run(
        [sys.executable, str(script), "-runs=3000", "-max_len=8192", f"-artifact_prefix={tmp_path}/"],
        capture_output=True, text=True, timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
