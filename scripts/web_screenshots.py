"""Screenshots of every page of `luocdo serve` at 1280×800 (docs/web/*.png), taken with Debian's
Chromium through Playwright on a store of the bundled sample reports.

    .venv/bin/python scripts/web_screenshots.py [--out docs/web]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chromium import CHROMIUM_ARGS  # noqa: E402
from luocdo.store import Store  # noqa: E402
from web_server import serving  # noqa: E402

ARGS = CHROMIUM_ARGS


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "web")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as profile:
        store = Path(tmp) / "demo.db"
        with Store(store) as st:
            list(
                st.ingest_many(
                    sorted(p for p in (ROOT / "sample_reports").glob("*.md") if p.stem != "README")
                )
            )
            st.settle()
        with serving(store) as (base, app), sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(
                profile,
                executable_path=args.chromium,
                args=ARGS,
                headless=True,
                viewport={"width": 1280, "height": 800},
            )
            page = ctx.new_page()
            page.goto(base + "/kiem-tra")  # the checks, computed once in the background
            page.wait_for_selector(".finding", timeout=120_000)
            page.goto(base + "/tim?q=26/CT-TTg")
            doc = page.url
            report = page.locator(".where a").first.get_attribute("href").split("#")[0]
            shots = [
                ("1-tong-quan", base + "/", None),
                ("2-van-ban", doc, None),
                ("3-van-ban-chua-thuc-hien", doc + "?tab=missing&province=Gia+Lai#thuc-hien", "missing"),
                ("4-luoc-do", doc, "chain"),
                ("5-bao-cao", base + report, "text"),
                ("6-kiem-tra", base + "/kiem-tra?severity=warning", None),
                ("7-nap-bao-cao", base + "/nap", "upload"),
                ("8-tim-kiem", base + "/tim?q=Chỉ thị 99", None),
            ]
            for name, url, action in shots:
                page.goto(url)
                if action == "chain":
                    page.click("button.open-chain >> nth=0")
                    page.wait_for_timeout(2500)
                    page.evaluate("document.querySelector('.chain-frame').scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(800)
                elif action == "missing":
                    page.wait_for_selector(".pending", state="detached", timeout=120_000)
                    page.wait_for_load_state()
                    page.evaluate("document.getElementById('thuc-hien').scrollIntoView({block: 'start'})")
                elif action == "text":
                    page.evaluate("document.getElementById('report-text').scrollIntoView({block: 'start'})")
                elif action == "upload":
                    page.set_input_files(
                        "#files", [str(ROOT / "sample_reports" / "2020_bc_ubnd_huyen_luc_nam.md")]
                    )
                    page.click("#send")
                    page.wait_for_selector("#progress[data-state=done]", timeout=120_000)
                page.wait_for_timeout(300)
                page.screenshot(path=str(args.out / f"{name}.png"))
                print(args.out / f"{name}.png")
            ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
