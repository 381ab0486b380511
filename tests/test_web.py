"""luocdo serve without a browser (Starlette's TestClient on the real app): pages, language, and the
security cases — escaping, CSRF, read-only, access token, Host header, upload limits, zip entries that
climb out, zip bombs, one writer at a time."""

from __future__ import annotations

import io
import re
import shutil
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("fastapi")
from starlette.testclient import TestClient  # noqa: E402

from luocdo import i18n  # noqa: E402
from luocdo.gazetteer import province_2025, provinces_2025  # noqa: E402
from luocdo.store import Store  # noqa: E402
from luocdo.web import Settings, create_app  # noqa: E402
from luocdo.web.jobs import Job  # noqa: E402
from luocdo.web.uploads import climbs_out  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
BASE = "http://127.0.0.1"
XSS_REPORT = """UBND HUYỆN THỬ NGHIỆM
Số: 77/BC-UBND
Thử Nghiệm, ngày 10 tháng 3 năm 2021

BÁO CÁO
Kết quả thực hiện Chỉ thị số 26/CT-TTg <script>alert('x')</script>

Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ </script><script>alert(1)</script>, UBND huyện đã ban hành kế hoạch.
"""


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("web")
    reports = root / "reports"
    shutil.copytree(
        ROOT / "sample_reports", reports, ignore=shutil.ignore_patterns("gold", "*.json", "README*")
    )
    (reports / "2021_bc_xss.txt").write_text(XSS_REPORT, encoding="utf-8")
    path = root / "web.db"
    with Store(path) as st:
        list(st.ingest_many(sorted(reports.glob("*.*"))))
        st.settle()
    return path


def client(path: Path, **kw) -> TestClient:
    return TestClient(create_app(Settings(store=path, **kw)), base_url=BASE)


@pytest.fixture(scope="module")
def web(store_path) -> TestClient:
    return client(store_path)


def csrf_of(c: TestClient) -> str:
    page = c.get("/nap")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


def test_overview_in_vietnamese_then_english(web):
    r = web.get("/")
    assert r.status_code == 200 and "Tổng quan" in r.text and "Văn bản được trích dẫn nhiều nhất" in r.text
    assert "Chỉ thị 26/CT-TTg" in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    en = web.get("/?lang=en")
    assert "Most cited documents" in en.text and en.cookies.get("luocdo_lang") == "en"
    assert "Most cited documents" in web.get("/").text  # the cookie keeps it
    web.get("/?lang=vi")


def test_search_accepts_documents_as_typed(web):
    for typed in ("26/CT-TTg", "Chỉ thị 26", "chi thi 26/CT-TTg"):
        r = web.get("/tim", params={"q": typed}, follow_redirects=False)
        assert r.status_code == 303, typed
        assert re.fullmatch(r"/van-ban/\d+", r.headers["location"])
    r = web.get("/tim", params={"q": "Chỉ thị 999/CT-TTg"})
    assert r.status_code == 200 and "999" in r.text


def doc_url(web) -> str:
    return web.get("/tim", params={"q": "26/CT-TTg"}, follow_redirects=False).headers["location"]


def test_document_implementers_with_evidence(web):
    r = web.get(doc_url(web))
    assert "UBND huyện Tuy Phước" in r.text
    assert "<mark>26/CT-TTg</mark>" in r.text  # the citation marked in the evidence sentence
    assert re.search(r'href="/bao-cao/\d+#L\d+">2021_bc_ubnd_huyen_tuy_phuoc\.md:\d+</a>', r.text)
    district = web.get(doc_url(web), params={"level": "district", "province": "Gia Lai"})
    table = district.text.split('id="luoc-do"')[0]  # the implementers, not what cites the document
    assert "UBND huyện Tuy Phước" in table and "UBND tỉnh Sóc Trăng" not in table
    missing = web.get(doc_url(web), params={"tab": "missing", "province": "Gia Lai"})
    for _ in range(100):  # found in the background on a large store; at once here
        if "Đang tìm" not in missing.text:
            break
        time.sleep(0.1)
        missing = web.get(doc_url(web), params={"tab": "missing", "province": "Gia Lai"})
    assert "danh mục huyện" in missing.text  # districts of the province known from the gazetteer


def test_report_text_is_escaped_and_citations_linked(web, store_path):
    with Store(store_path, create=False) as st:
        fid = st.db.execute("SELECT id FROM files WHERE path LIKE '%2021_bc_xss.txt'").fetchone()[0]
    r = web.get(f"/bao-cao/{fid}")
    assert r.status_code == 200
    assert "<script>alert" not in r.text and "</script><script>" not in r.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in r.text
    assert re.search(r'<a class="cite" href="/van-ban/\d+"[^>]*>Chỉ thị số 26/CT-TTg', r.text)
    doc = web.get(doc_url(web))
    # evidence sentences are shown without the report's markup (luocdo.present.clean_sentence), as text
    assert "<script>alert" not in doc.text and "Chính phủ alert(1), UBND huyện" in doc.text
    picture = web.get(doc_url(web) + "/luoc-do")
    for _ in range(100):  # drawn in the background
        if "luocdo-elements" in picture.text:
            break
        time.sleep(0.1)
        picture = web.get(doc_url(web) + "/luoc-do")
    assert picture.status_code == 200 and "</script><script>alert" not in picture.text
    assert "script-src 'unsafe-inline'" in picture.headers["content-security-policy"]
    assert "connect-src" not in picture.headers["content-security-policy"]  # default-src 'none'


def test_checks_filters(web):
    every = web.get("/kiem-tra")
    for _ in range(100):
        if "Đang kiểm tra" not in every.text:
            break
        time.sleep(0.2)
        every = web.get("/kiem-tra")
    total = int(re.search(r"(\d+) trên (\d+) phát hiện", every.text).group(2))
    errors = web.get("/kiem-tra", params={"severity": "error"})
    shown = int(re.search(r"(\d+) trên \d+ phát hiện", errors.text).group(1))
    assert 0 < shown < total and "cảnh báo</span>" not in errors.text
    v002 = web.get("/kiem-tra", params={"code": "V002", "province": "Bắc Ninh"})
    assert "UBND huyện Yên Thế" in v002.text  # Bắc Giang is part of Bắc Ninh from 2025


def test_xlsx_and_csv_downloads(web):
    r = web.get(doc_url(web) + "/bang.xlsx")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    sheet = wb.worksheets[0]
    bodies = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "UBND huyện Tuy Phước" in bodies
    csv = web.get("/kiem-tra.csv", params={"severity": "error"})
    assert csv.content.startswith("\ufeff".encode())
    graph = web.get(doc_url(web) + "/luoc-do.dot")
    assert graph.status_code == 200 and "digraph" in graph.text


def test_post_without_csrf_is_refused(web):
    files = {"files": ("a.txt", b"Thuc hien Chi thi so 26/CT-TTg", "text/plain")}
    assert web.post("/nap", files=files).status_code == 403
    assert web.post("/nap", files=files, headers={"X-CSRF-Token": "x" * 32}).status_code == 403
    r = web.post("/nap", files=files, data={"csrf": "wrong-token-wrong-token"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]


def test_read_only_refuses_uploads(store_path):
    c = client(store_path, read_only=True)
    token = csrf_of(c)
    r = c.post("/nap", files={"files": ("a.txt", b"x", "text/plain")}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403 and "chỉ đọc" in r.json()["error"]
    assert "chỉ đọc" in c.get("/nap").text


def test_access_token(store_path):
    c = client(store_path, token="secret-token-123456")
    assert c.get("/").status_code == 401
    r = c.get("/?token=secret-token-123456&lang=en", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/?lang=en"
    assert c.get("/").status_code == 200  # the cookie now
    other = client(store_path, token="secret-token-123456")
    assert other.get("/", headers={"Authorization": "Bearer secret-token-123456"}).status_code == 200
    assert other.get("/?token=wrong").status_code == 401


def test_host_header_checked_on_loopback(web):
    assert web.get("/", headers={"Host": "evil.example"}).status_code == 421


def wait(c: TestClient, job: str) -> dict:
    for _ in range(600):
        j = c.get(f"/nap/{job}.json").json()
        if j["state"] != "running":
            return j
        time.sleep(0.1)
    raise AssertionError("the ingest did not finish")


def zip_of(entries: dict[str, bytes], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", level) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_upload_names_never_reach_the_file_system(tmp_path):
    store = tmp_path / "up.db"
    c = client(store, max_zip_ratio=50)
    token = csrf_of(c)
    report = XSS_REPORT.encode()
    bomb = b"0" * (5 * 2**20)
    archive = zip_of(
        {
            "../x.txt": report,
            "/etc/abs.txt": report,
            "ok/inner.txt": report.replace(b"77/BC", b"78/BC"),
            "bomb.txt": bomb,
            "nested.zip": b"PK",
            "notes.exe": b"MZ",
        }
    )
    files = [
        ("files", ("../../evil.txt", report.replace(b"77/BC", b"79/BC"), "text/plain")),
        ("files", ("bundle.zip", archive, "application/zip")),
        ("files", ("..\\..\\win.md", report.replace(b"77/BC", b"80/BC"), "text/plain")),
    ]
    r = c.post("/nap", files=files, headers={"X-CSRF-Token": token})
    assert r.status_code == 202, r.text
    j = wait(c, r.json()["id"])
    assert j["state"] == "done" and j["counts"]["added"] == 3, j
    errors = "\n".join(j["errors"])
    assert "x.txt" in errors and "abs.txt" in errors and "bom zip" in errors and "zip nằm trong" in errors
    assert not (tmp_path.parent / "x.txt").exists() and not (tmp_path / "evil.txt").exists()
    written = sorted(p.name for p in (tmp_path / "up.db.uploads").rglob("*") if p.is_file())
    assert all(re.fullmatch(r"\d{4}\.(txt|md)|names\.json", n) for n in written), written
    names = {x["name"] for x in j["reports"]}
    assert names == {"evil.txt", "bundle.zip › inner.txt", "win.md"}
    report_page = c.get(f"/bao-cao/{j['reports'][0]['id']}")
    assert report_page.status_code == 200 and "&lt;script&gt;" in report_page.text


def test_upload_limits_and_one_writer(tmp_path):
    store = tmp_path / "lim.db"
    c = client(store, max_upload_bytes=1000)
    token = csrf_of(c)
    big = c.post(
        "/nap", files={"files": ("a.txt", b"x" * 5000, "text/plain")}, headers={"X-CSRF-Token": token}
    )
    assert big.status_code == 413 and "MB" in big.json()["error"]
    jobs = c.app.state.jobs
    jobs.running = Job("busy", 1, {}, [])  # an ingest still running
    r = c.post("/nap", files={"files": ("a.txt", b"x", "text/plain")}, headers={"X-CSRF-Token": token})
    assert r.status_code == 409 and "chờ đợt đó xong" in r.json()["error"]
    jobs.running.state = "done"


def test_zip_entry_names():
    for bad in ("../x", "a/../../x", "/etc/passwd", "C:\\x", "..\\x", "a\x00b"):
        assert climbs_out(bad), bad
    for good in ("x.txt", "a/b/c.docx", "a..b.txt"):
        assert not climbs_out(good), good


def test_language_per_context():
    with i18n.using_language("vi"):
        assert i18n._("Overview") == "Tổng quan" and i18n.language() == "vi"
        with i18n.using_language("en"):
            assert i18n._("Overview") == "Overview"
    with pytest.raises(ValueError):
        i18n.using_language("fr").__enter__()


def test_provinces_2025():
    assert len(provinces_2025()) == 34 and "Gia Lai" in provinces_2025()
    assert province_2025("Bình Định") == "Gia Lai" and province_2025("Hà Nội") == "Hà Nội"
    assert province_2025(None) is None and province_2025("Atlantis") is None


@given(
    st.text(alphabet=st.sampled_from(list("ab <>&\"'/\nsčript")), max_size=80),
    st.lists(st.tuples(st.integers(0, 80), st.integers(1, 10), st.booleans()), max_size=6),
)
def test_marked_text_is_the_text_escaped(text, spans):
    """Whatever the report holds and wherever the citations are, the page shows exactly its text: no
    tag from it survives, and nothing is lost or repeated."""
    import html as html_lib

    from luocdo.web.marks import marked_text

    out = str(
        marked_text(text, [(a, a + n, "/van-ban/1" if link else None, "<tip>") for a, n, link in spans])
    )
    bare = re.sub(
        r'<span id="L\d+"></span>|<a class="cite" href="/van-ban/1" title="&lt;tip&gt;">|</a>'
        r'|<mark class="cite unresolved" title="&lt;tip&gt;">|</mark>',
        "",
        out,
    )
    assert "<" not in bare and ">" not in bare
    assert html_lib.unescape(bare) == text


def test_serve_refuses_another_host_without_token_or_read_only(store_path):
    from typer.testing import CliRunner

    from luocdo.cli import app

    r = CliRunner().invoke(app, ["serve", "--store", str(store_path), "--host", "0.0.0.0"])
    assert r.exit_code == 1 and "--token auto" in r.output and "--read-only" in r.output
