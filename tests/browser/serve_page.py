"""The secretariat's page in a real browser (driven by tests/serve.rs).

    python3 serve_page.py URL FOLDER SENT_DIR FLAWED_DIR ARTEFACTS_DIR

Opens the URL `thidua serve` printed in Debian's chromium (Playwright's
`executable_path`; nothing is downloaded), drops the files of SENT_DIR one
by one (alternately through the file picker and a synthetic drop on the
drop zone) and sees each unit's state change, drops a flawed workbook and
sees its findings, presses the run button, downloads the consolidated
workbook and opens it with openpyxl. Screenshots go to ARTEFACTS_DIR.
"""

import base64
import os
import re
import shutil
import sys

import openpyxl
from playwright.sync_api import expect, sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

# Which unit each sample file belongs to (samples/cum3-2016/expected.json).
UNIT_OF = {
    "Bang tu cham diem CCB Cao Bang 2016.xlsx": "CB",
    "TN_tuchamdiem_2016.xls": "TN",
    "BK - Tu cham diem thi dua 2016.ods": "BK",
    "Bảng tự chấm điểm thi đua 2016 - Hội CCB Lạng Sơn.xlsx": "LS",
}

DROP_JS = """
([name, b64]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name));
  const zone = document.getElementById('vung-tha');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, {dataTransfer: dt, bubbles: true, cancelable: true}));
  }
}
"""


def main():
    url, folder, sent, flawed, artefacts = sys.argv[1:6]
    os.makedirs(artefacts, exist_ok=True)
    shots = []

    def shot(page, name):
        path = os.path.join(artefacts, name)
        page.screenshot(path=path, full_page=True)
        shots.append(path)

    chromium = shutil.which("chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1366, "height": 768})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        # The token is gone from the address: the cookie carries the session.
        assert "token=" not in page.url, page.url
        expect(page.locator("h1")).to_contain_text("Cụm thi đua số 3")
        expect(page.locator("h1")).to_contain_text("2016")
        for code in UNIT_OF.values():
            expect(page.locator(f"#dv-{code} .the")).to_have_text("Chưa nộp")
        shot(page, "01-trong.png")

        # Each unit's file, one by one: picker, drop, picker, drop.
        for k, name in enumerate(sorted(UNIT_OF)):
            code = UNIT_OF[name]
            path = os.path.join(sent, name)
            if k % 2 == 0:
                page.set_input_files("#chon-tep", path)
            else:
                with open(path, "rb") as f:
                    b64 = base64.b64encode(f.read()).decode()
                page.evaluate(DROP_JS, [name, b64])
            row = page.locator(f"#dv-{code}")
            expect(row).not_to_have_attribute("data-state", "chua-nop", timeout=10000)
            expect(row.locator(".the")).to_contain_text("Đã nộp")
            expect(page.locator("#dang-gui")).to_contain_text(name)
            shot(page, f"0{k + 2}-nhan-{code}.png")
        expect(page.locator("header")).to_contain_text("Đã nhận 4/4 đơn vị")
        ranking = page.locator("#xep-hang tbody tr")
        expect(ranking).to_have_count(4)
        expect(ranking.first).to_contain_text("Lạng Sơn")

        # A flawed workbook (another cluster's Bắc Kạn file, with errors):
        # Bắc Kạn now has two files, and the findings say why.
        bad = "BK_tu cham 2016.xlsx"
        page.set_input_files("#chon-tep", os.path.join(flawed, bad))
        expect(page.locator("#dv-BK")).to_have_attribute("data-state", "trung", timeout=10000)
        findings = page.locator("#van-de")
        expect(findings).to_contain_text(bad)
        expect(findings).to_contain_text("duplicate-unit")
        group = page.locator(".nhom-tep", has_text=bad)
        expect(group.locator(".muc-loi").first).to_be_visible()
        shot(page, "06-tep-loi.png")

        # A finding at a sheet and cell: the Cao Bằng sample has a warning
        # at Tự chấm điểm!G13.
        cb = page.locator(".nhom-tep", has_text="Cao Bang")
        expect(cb.locator(".vi-tri").first).to_contain_text("ô G13")

        # The flawed file sent again, corrected (here: other bytes under the
        # same name): the older one is kept in nop/cu/, then the secretary
        # takes the extra file out of nop/ and Bắc Kạn is clean again.
        tmp = os.path.join(artefacts, "thay")
        os.makedirs(tmp, exist_ok=True)
        # Same name, other bytes: the older is kept in nop/cu/.
        other = os.path.join(tmp, bad)
        shutil.copy(os.path.join(sent, "Bang tu cham diem CCB Cao Bang 2016.xlsx"), other)
        page.set_input_files("#chon-tep", other)
        expect(page.locator("#tin")).to_contain_text("nop/cu/", timeout=10000)
        assert os.path.isfile(os.path.join(folder, "nop", "cu", bad))
        shot(page, "07-thay-tep.png")
        os.remove(os.path.join(folder, "nop", bad))
        expect(page.locator("#dv-BK")).to_have_attribute("data-state", re.compile("hop-le|canh-bao"), timeout=10000)

        # Run: the outputs are written and listed.
        expect(page.locator("#ket-qua")).to_contain_text("Chưa ghi kết quả")
        page.get_by_role("button", name="Ghi kết quả").click()
        expect(page.locator("#ket-qua")).to_contain_text("khớp với các tệp đầu vào", timeout=60000)
        link = page.get_by_role("link", name="tong-hop-2016.xlsx")
        expect(link).to_be_visible()
        shot(page, "08-ket-qua.png")
        with page.expect_download() as info:
            link.click()
        download = info.value
        saved = os.path.join(artefacts, "tong-hop-2016.xlsx")
        download.save_as(saved)
        wb = openpyxl.load_workbook(saved)
        assert "Tổng hợp" in wb.sheetnames, wb.sheetnames
        names = [c.value for row in wb["Tổng hợp"].iter_rows() for c in row if isinstance(c.value, str)]
        assert any("Lạng Sơn" in n for n in names), names[:20]

        # An input changed afterwards: the page says the outputs are older.
        shutil.copy(os.path.join(sent, "TN_tuchamdiem_2016.xls"), os.path.join(folder, "nop", "TN-gui-lai.xls"))
        expect(page.locator("#ket-qua")).to_contain_text("Kết quả đã cũ hơn", timeout=10000)
        expect(page.locator("#dv-TN")).to_have_attribute("data-state", "trung")
        shot(page, "09-ket-qua-cu.png")

        # Keyboard: from the top, Tab reaches the skip link, then the file
        # picker, then the run button.
        page.reload()
        expect(page.locator("h1")).to_contain_text("Cụm thi đua số 3")
        order = []
        for _ in range(3):
            page.keyboard.press("Tab")
            order.append(page.evaluate(
                "(document.activeElement.id || document.activeElement.textContent || '').trim()"))
        assert order[0] == "Đến danh sách đơn vị", order
        assert order[1] == "chon-tep", order
        assert order[2].startswith("Ghi kết quả"), order
        shot(page, "10-ban-phim.png")

        # Printable.
        page.emulate_media(media="print")
        shot(page, "11-in.png")
        assert not errors, errors
        browser.close()
    print("screenshots:", *shots, sep="\n  ")


if __name__ == "__main__":
    main()
