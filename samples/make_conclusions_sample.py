#!/usr/bin/env python3
"""Build samples/cum3-2016/ket-luan.xlsx: the conclusions of the cluster's
conference as a secretariat records them after it (SPEC section 10), for
`thidua ho-so`.

    python3 samples/make_conclusions_sample.py   # after make_samples.py, which rebuilds cum3-2016

The conference met on 15/12/2016 in Lạng Sơn, 12 delegates; the cluster's
head (Thái Nguyên) chaired. It approved the ranking's proposals unanimously:
Lạng Sơn Cờ thi đua (12/0), Thái Nguyên Bằng khen (12/0). `thidua run` does
not read this file (it is in the working folder, not in nop/), so the run's
expected results are unchanged.

Made with openpyxl, with the zip entry times and document dates fixed
(make_samples.normalize_zip), so a rebuild gives the same bytes.
"""

import datetime
import sys

import openpyxl

import make_samples as M
from make_samples import put

OUT = M.HERE / "cum3-2016" / "ket-luan.xlsx"

CONFERENCE = [
    ("Ngày", datetime.datetime(2016, 12, 15)),
    ("Địa điểm", "Hội trường Hội Cựu chiến binh tỉnh Lạng Sơn, thành phố Lạng Sơn"),
    ("Số đại biểu", 12),
    ("Chủ trì", "Dương Văn Khánh, Chủ tịch Hội Cựu chiến binh tỉnh Thái Nguyên, Cụm trưởng"),
    ("Thư ký", "Hoàng Thị Minh, Chánh Văn phòng Hội Cựu chiến binh tỉnh Thái Nguyên"),
]

HEADER = ["Mã", "Hình thức", "Tán thành", "Không tán thành", "Quyết định"]

VOTES = [
    ("LS", "Cờ thi đua", 12, 0, "Cờ thi đua"),
    ("TN", "Bằng khen", 12, 0, "Bằng khen"),
]


def main():
    wb = M.new_workbook("Ban Thư ký Cụm thi đua số 3")
    ws = wb.active
    ws.title = "Hội nghị"
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 70
    for r, (key, value) in enumerate(CONFERENCE, start=1):
        put(ws, "A%d" % r, key, bold=True)
        put(ws, "B%d" % r, value, fmt="dd/mm/yyyy" if isinstance(value, datetime.datetime) else None,
            align="left")
    ws = wb.create_sheet("Biểu quyết")
    for c, width in zip("ABCDE", [10, 16, 12, 16, 16]):
        ws.column_dimensions[c].width = width
    for c, text in zip("ABCDE", HEADER):
        put(ws, "%s1" % c, text, bold=True, border=True, align="center", wrap=True)
    for r, row in enumerate(VOTES, start=2):
        for c, value in zip("ABCDE", row):
            put(ws, "%s%d" % (c, r), value, border=True)
    M.save(wb, OUT)
    print("written", OUT)


if __name__ == "__main__":
    sys.exit(main())
