"""luocdo serve in a real browser: Debian's Chromium driven by Playwright (executable_path: no browser
download) against a real uvicorn server on loopback. One browser for the module; the tests run in
order on one store (uploads first).

Slow; skipped with a reason when Chromium or Playwright is missing (`.ci/run` installs chromium)."""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS
from make_documents import make_docx
from web_server import serving

ROOT = Path(__file__).resolve().parents[1]
ARGS = CHROMIUM_ARGS
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # pragma: no cover
    sync_playwright = None
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (apt-get install chromium)"),
    pytest.mark.skipif(
        sync_playwright is None, reason="playwright is not installed (pip install playwright)"
    ),
]
XSS = (
    "UBND HUYỆN THỬ NGHIỆM\nSố: 77/BC-UBND\nThử Nghiệm, ngày 10 tháng 3 năm 2021\n\nBÁO CÁO\n"
    "Thực hiện Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Thủ tướng Chính phủ "
    "</script><script>window.pwned=1</script><img src=x onerror=window.pwned=2>.\n"
)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 800},
            accept_downloads=True,
        )
        yield ctx
        ctx.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "web.db"
    with serving(store) as (base, _app):
        yield base


@pytest.fixture
def page(browser):
    pg = browser.new_page()
    yield pg
    pg.close()


def samples_zip(tmp: Path) -> Path:
    path = tmp / "bao-cao.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted((ROOT / "sample_reports").glob("*.md")):
            if not f.name.startswith("README"):
                z.write(f, f"mau/{f.name}")
        z.writestr("mau/xss.txt", XSS)
        z.writestr("../x.txt", XSS)  # climbs out: refused by name
    return path


def upload(page, site: str, files) -> None:
    page.goto(f"{site}/nap")
    page.set_input_files("#files", files)
    page.click("#send")
    expect(page.locator("#progress")).to_have_attribute(
        "data-state", re.compile("done|failed|refused"), timeout=120_000
    )


def test_upload_zip_with_progress_and_refused_entries(page, site, tmp_path):
    upload(page, site, [str(samples_zip(tmp_path))])
    expect(page.locator("#progress")).to_have_attribute("data-state", "done")
    expect(page.locator("#status")).to_contain_text("Xong: 17 thêm mới")
    assert page.locator("#bar").get_attribute("value") == page.locator("#bar").get_attribute("max")
    expect(page.locator("#errors")).to_contain_text("đường dẫn ra ngoài thư mục")
    expect(page.locator("#reports li")).to_have_count(17)


def test_upload_three_corpus_reports_and_a_docx(page, site, tmp_path, shared):
    corpus = sorted((shared / "corpus").glob("*.txt"))[:3]
    docx = make_docx(
        (ROOT / "sample_reports" / "2022_bc_ubnd_huyen_phong_dien.md").read_text("utf-8"),
        tmp_path / "Báo cáo Phong Điền.docx",
    )
    upload(page, site, [*map(str, corpus), str(docx)])
    expect(page.locator("#status")).to_contain_text("Xong: 4 thêm mới")
    expect(page.locator("#reports")).to_contain_text("Báo cáo Phong Điền.docx")
    page.click("text=Báo cáo Phong Điền.docx")
    expect(page.locator("h1")).to_have_text("Báo cáo Phong Điền.docx")
    expect(page.locator("a.cite").first).to_be_visible()


def open_26(page, site: str) -> None:
    page.goto(site + "/")
    page.fill("form.search.big input[name=q]", "Chỉ thị 26")
    page.click("form.search.big button")
    expect(page.locator("h1")).to_have_text("Chỉ thị 26/CT-TTg")


def test_implementers_with_evidence(page, site):
    open_26(page, site)
    row = page.locator("table.imp tr", has_text="UBND huyện Tuy Phước")
    expect(row.locator("mark")).to_have_text("26/CT-TTg")
    row.locator(".where a").click()  # the evidence opens the report's text at that line
    expect(page).to_have_url(re.compile(r"/bao-cao/\d+#L\d+$"))
    expect(page.locator("#report-text a.cite", has_text="26/CT-TTg").first).to_be_visible()
    open_26(page, site)
    page.select_option("select[name=province]", "Gia Lai")
    page.select_option("select[name=level]", "district")
    page.click("form.filters button")
    table = page.locator("table.imp")
    expect(table).to_contain_text("UBND huyện Tuy Phước")
    expect(table).not_to_contain_text("Sóc Trăng")
    page.click("text=Chưa thấy thực hiện")
    expect(page.locator("#thuc-hien")).to_contain_text("danh mục huyện", timeout=90_000)


def test_chain_click_shows_evidence(page, site):
    open_26(page, site)
    page.click("button.open-chain >> nth=0")
    frame_el = page.locator(".chain-frame iframe")
    expect(frame_el).to_be_visible()
    for _ in range(300):
        frame = next((f for f in page.frames if "/luoc-do" in f.url), None)
        if frame is not None:
            break
        page.wait_for_timeout(100)
    for _ in range(120):  # a "drawing…" page first when the picture is not drawn yet; it reloads itself
        try:
            frame.wait_for_function(
                "window.luocdo && window.luocdo.nodes('[kind = \"document\"]').length > 1", timeout=2000
            )
            break
        except Exception:  # noqa: BLE001 (timeout, or the page reloaded while waiting)
            continue
    frame.evaluate(
        """() => { const cy = window.luocdo;
                  cy.center(cy.nodes('[kind = "document"]').filter(x => x.data('label').includes('52/KH-UBND'))[0]); }"""
    )
    page.evaluate("document.querySelector('.chain-frame').scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)  # the smooth scroll of the page ends
    pos = frame.evaluate(
        """() => { const n = window.luocdo.nodes('[kind = "document"]').filter(x => x.data('label').includes('52/KH-UBND'))[0];
                  const p = n.renderedPosition(), c = document.getElementById('cy').getBoundingClientRect();
                  return {x: c.left + p.x, y: c.top + p.y}; }"""
    )
    box = frame_el.bounding_box()
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    info = frame.locator("#info-text")
    expect(info).to_contain_text("Kế hoạch 52/KH-UBND")
    expect(info).to_contain_text("2021_bc_ubnd_huyen_tuy_phuoc")


def test_filter_findings(page, site):
    page.goto(site + "/kiem-tra")
    for _ in range(60):  # computed in the background after the uploads
        if "Đang kiểm tra" not in page.content():
            break
        page.wait_for_timeout(500)
        page.reload()
    total = page.locator(".finding").count()
    page.select_option("select[name=severity]", "error")
    page.click("form.filters button")
    shown = page.locator(".finding")
    assert 0 < shown.count() < total
    for i in range(shown.count()):
        expect(shown.nth(i).locator(".sev")).to_have_text("lỗi")
    page.fill("input[name=body]", "Vĩnh Châu")
    page.click("form.filters button")
    expect(page.locator(".finding").first).to_contain_text("Vĩnh Châu")


def test_download_xlsx(page, site, tmp_path):
    open_26(page, site)
    with page.expect_download() as dl:
        page.click("#thuc-hien .exports a:has-text('Excel')")
    path = tmp_path / "answer.xlsx"
    dl.value.save_as(path)
    wb = openpyxl.load_workbook(path)
    bodies = [r[0] for r in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert "UBND huyện Tuy Phước" in bodies
    assert wb.worksheets[0].cell(1, 1).value == "cơ quan"  # the headers of the command line


def test_script_in_a_report_stays_text(page, site):
    page.goto(site + "/")
    open_26(page, site)
    link = page.locator("a", has_text=re.compile(r"xss\.txt:\d+"))
    link.first.click()
    expect(page.locator("#report-text")).to_contain_text("</script><script>window.pwned=1</script>")
    assert page.evaluate("window.pwned === undefined")
    assert page.locator("#report-text script, #report-text img").count() == 0


def test_post_without_csrf_token_refused(page, site):
    page.goto(site + "/nap")
    status = page.evaluate(
        """async () => { const d = new FormData(); d.append('files', new Blob(['x']), 'a.txt');
                        const r = await fetch('/nap', {method: 'POST', body: d}); return r.status; }"""
    )
    assert status == 403
    crafted = page.evaluate(
        """async () => { const d = new FormData(); d.append('files', new Blob(['Chỉ thị số 26/CT-TTg']), '../../../tmp/evil.txt');
                        const t = document.querySelector('meta[name=csrf-token]').content;
                        const r = await fetch('/nap', {method: 'POST', body: d, headers: {'X-CSRF-Token': t}});
                        return [r.status, (await r.json()).id]; }"""
    )
    assert crafted[0] == 202
    assert (
        not Path("/tmp/evil.txt").exists()
        or Path("/tmp/evil.txt").read_text("utf-8", "replace") != "Chỉ thị số 26/CT-TTg"
    )


def test_read_only_refuses_uploads(browser, tmp_path):
    store = tmp_path / "ro.db"
    with serving(store) as _:  # creates the store
        pass
    with serving(store, read_only=True) as (base, _app):
        page = browser.new_page()
        page.goto(base + "/nap")
        expect(page.locator("main")).to_contain_text("chỉ đọc")
        expect(page.locator("#upload")).to_have_count(0)
        status = page.evaluate(
            """async () => { const d = new FormData(); d.append('files', new Blob(['x']), 'a.txt');
                            const t = document.querySelector('meta[name=csrf-token]').content;
                            const r = await fetch('/nap', {method: 'POST', body: d, headers: {'X-CSRF-Token': t}});
                            return [r.status, (await r.json()).error]; }"""
        )
        page.close()
    assert status[0] == 403 and "chỉ đọc" in status[1]
