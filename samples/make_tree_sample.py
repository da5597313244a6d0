#!/usr/bin/env python3
"""Build the criteria-tree sample (SPEC section 11), and what thidua must make of it.

    python3 samples/make_tree_sample.py      # rebuilds samples/cum-cong-an-2016

A police cluster's scale in the shape real ones have: a 1 000-point tree
five levels deep (groups "I.", "1.", "1.a)", then criteria "13", a group "6"
with criteria "6a", "6b"), maxima down to 0,5, every group's points the sum
of its children's, codes that do not encode the hierarchy ("3" is a group
at level 4 beside the group "3." at level 2). Four unit workbooks made as
four offices would: .xlsx with every group row, .ods without group rows,
.xls with group rows that have no code, .xlsx with live subtotal formulas
(cached by LibreOffice).

The agreement has its own classes (sheet `Xếp loại`: Hoàn thành xuất sắc
nhiệm vụ from 900 points with no criterion below 50 % of its maximum, Hoàn
thành tốt nhiệm vụ from 80 % of the base, Hoàn thành nhiệm vụ from 650, Không
hoàn thành nhiệm vụ) and titles (sheet `Khen thưởng`: 2 Cờ thi đua của Bộ Công
an for the top class, Bằng khen của Bộ trưởng for 50 % of the ranked units from
Hoàn thành tốt nhiệm vụ). Both rules show: the floor keeps HG and LC, above
900, out of the top class, and so LC, second, gets no flag.

expected.json is computed here with fractions.Fraction by SPEC sections 5
and 11, without the Rust code: leaf scores rounded to 2 decimals, each
group's score the sum of its children's rounded scores; classes and titles
by the rules of make_tsvm_sample.py (classify, propose), imported from there.
"""

import datetime
import json
import os
import shutil
import sys
import tempfile
from fractions import Fraction as F
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

import make_samples as ms
from make_samples import (ASSESSED, BONUS, CEILING, PENALTY, PROPORTIONAL, THRESHOLD,
                          dec, num, raw_score, round2)
from make_tsvm_sample import Percent, classify, propose, write_rules_sheets

HERE = Path(__file__).resolve().parent
NAME = "cum-cong-an-2016"
YEAR = ms.YEAR


class Node:
    def __init__(self, level, code, title, mx=None, method=None, uom="", rate=None,
                 target=None, per_unit=None, children=()):
        self.level, self.code, self.title = level, code, title
        self.max = F(mx) if mx is not None else None
        self.method, self.uom = method, uom
        self.rate = F(rate) if rate is not None else None
        self.target = F(target) if target is not None else None
        self.per_unit = {k: F(v) for k, v in (per_unit or {}).items()}
        self.children = list(children)

    @property
    def is_group(self):
        return bool(self.children)

    @property
    def in_base(self):
        return self.method not in (BONUS, PENALTY)

    def target_for(self, unit):
        return self.per_unit.get(unit, self.target)

    def walk(self):
        yield self
        for c in self.children:
            yield from c.walk()


def G(level, code, title, mx, *children):
    return Node(level, code, title, mx, children=children)


def L(level, code, title, uom, mx, method, rate=None, target=None, per_unit=None):
    return Node(level, code, title, mx, method, uom, rate, target, per_unit)


TREE = [
    G(1, "I.", "CÔNG TÁC XÂY DỰNG LỰC LƯỢNG", 400,
      G(2, "1.", "Công tác chính trị, tư tưởng", 150,
        G(3, "1.a)", "Học tập, quán triệt nghị quyết, chỉ thị", 60,
          L(4, "1", "Tỷ lệ cán bộ, chiến sĩ học tập nghị quyết", "%", 20, PROPORTIONAL, target=100),
          L(4, "2", "Số buổi sinh hoạt chính trị trong năm", "buổi", 15, THRESHOLD, target=12),
          G(4, "3", "Nắm và định hướng tư tưởng", 25,
            L(5, "3a", "Số cuộc đối thoại với cán bộ, chiến sĩ", "cuộc", 12.5, PROPORTIONAL, target=8),
            L(5, "3b", "Kết quả định hướng dư luận", "", 12.5, ASSESSED))),
        G(3, "1.b)", "Phong trào thi đua \"Vì an ninh Tổ quốc\"", 90,
          L(4, "4", "Số mô hình, điển hình tiên tiến được nhân rộng", "mô hình", 30, PROPORTIONAL, target=6),
          L(4, "5", "Chất lượng phong trào thi đua", "", 35.5, ASSESSED),
          G(4, "6", "Khen thưởng", 24.5,
            L(5, "6a", "Có tập thể được tặng Cờ thi đua", "tập thể", 10, THRESHOLD, target=1),
            L(5, "6b", "Tỷ lệ đề xuất khen thưởng được duyệt", "%", 14.5, PROPORTIONAL, target=90)))),
      G(2, "2.", "Công tác tổ chức, cán bộ", 250,
        G(3, "2.a)", "Kiện toàn tổ chức bộ máy", 120,
          L(4, "7", "Tỷ lệ đơn vị cơ sở được kiện toàn", "%", 40, PROPORTIONAL, target=95,
            per_unit={"HG": 90}),
          L(4, "8", "Số vụ cán bộ, chiến sĩ vi phạm kỷ luật", "vụ", 30, CEILING, rate=7.5, target=2),
          L(4, "9", "Công tác quản lý cán bộ", "", 50, ASSESSED)),
        G(3, "2.b)", "Đào tạo, huấn luyện", 130,
          L(4, "10", "Tỷ lệ kiểm tra điều lệnh, võ thuật đạt yêu cầu", "%", 45, PROPORTIONAL, target=98),
          G(4, "11", "Bồi dưỡng nghiệp vụ", 85,
            L(5, "11a", "Số lượt cán bộ được bồi dưỡng", "lượt", 40.5, PROPORTIONAL, target=1200),
            L(5, "11b", "Chất lượng bồi dưỡng", "", 44.5, ASSESSED))))),
    G(1, "II.", "CÔNG TÁC BẢO ĐẢM AN NINH, TRẬT TỰ", 450,
      G(2, "3.", "Đấu tranh phòng, chống tội phạm", 300,
        G(3, "3.a)", "Điều tra, khám phá án", 180,
          L(4, "12", "Tỷ lệ điều tra, khám phá án hình sự", "%", 60, PROPORTIONAL, target=80),
          L(4, "13", "Tỷ lệ khám phá án rất nghiêm trọng, đặc biệt nghiêm trọng", "%", 70,
            PROPORTIONAL, target=95),
          G(4, "14", "Truy bắt đối tượng", 50,
            L(5, "14a", "Số đối tượng truy nã bị bắt", "đối tượng", 25, PROPORTIONAL, target=30),
            L(5, "14b", "Số đối tượng đầu thú", "đối tượng", 25, THRESHOLD, target=10))),
        G(3, "3.b)", "Phòng ngừa tội phạm", 120,
          L(4, "15", "Số vụ cháy, nổ gây thiệt hại lớn", "vụ", 40, CEILING, rate=20, target=0),
          L(4, "16", "Hiệu quả phòng ngừa", "", 80, ASSESSED))),
      G(2, "4.", "Phong trào toàn dân bảo vệ an ninh Tổ quốc", 150,
        L(3, "17", "Số xã, phường đạt chuẩn an toàn về an ninh, trật tự", "xã", 75, PROPORTIONAL,
          target=150),
        L(3, "18", "Chất lượng phong trào ở cơ sở", "", 75, ASSESSED))),
    G(1, "III.", "CÔNG TÁC HẬU CẦN, KỸ THUẬT", 150,
      L(2, "19", "Tỷ lệ giải ngân vốn đầu tư", "%", 49.5, PROPORTIONAL, target=100),
      L(2, "20", "Quản lý vũ khí, phương tiện", "", 50, ASSESSED),
      G(2, "21", "Báo cáo, thống kê", 50.5,
        L(3, "21a", "Gửi báo cáo năm đúng hạn", "báo cáo", 0.5, THRESHOLD, target=1),
        L(3, "21b", "Chất lượng số liệu thống kê", "", 50, ASSESSED))),
    G(1, "IV.", "ĐIỂM THƯỞNG, ĐIỂM TRỪ", None,
      L(2, "22", "Được Bộ khen đột xuất (mỗi lần 5 điểm)", "lần", 20, BONUS, rate=5),
      L(2, "23", "Để xảy ra vụ việc phức tạp kéo dài (mỗi vụ trừ 10 điểm)", "vụ", 30, PENALTY,
        rate=10)),
]

NODES = [n for top in TREE for n in top.walk()]
LEAVES = [n for n in NODES if not n.is_group]
GROUPS = [n for n in NODES if n.is_group]

MEMBERS = [
    {"code": "HG", "name": "Công an tỉnh Hà Giang", "short": "Hà Giang"},
    {"code": "TQ", "name": "Công an tỉnh Tuyên Quang", "short": "Tuyên Quang"},
    {"code": "YB", "name": "Công an tỉnh Yên Bái", "short": "Yên Bái"},
    {"code": "LC", "name": "Công an tỉnh Lào Cai", "short": "Lào Cai"},
]

# Each unit's results (Kết quả) and, for Thẩm định, self-scores.
RESULTS = {
    "HG": {"1": 97, "2": 12, "3a": 7, "3b": 11.5, "4": 5, "5": 33, "6a": 1, "6b": 85,
           "7": 88, "8": 3, "9": 47.5, "10": 96.5, "11a": 1130, "11b": 42, "12": 78.4,
           "13": 91.2, "14a": 27, "14b": 9, "15": 0, "16": 76, "17": 139, "18": 71.5,
           "19": 93.7, "20": 48, "21a": 1, "21b": 47.25, "22": 1, "23": 0},
    "TQ": {"1": 100, "2": 14, "3a": 8, "3b": 12, "4": 6, "5": 34.5, "6a": 2, "6b": 92,
           "7": 96, "8": 1, "9": 49, "10": 98.5, "11a": 1250, "11b": 43.5, "12": 83.1,
           "13": 95.6, "14a": 31, "14b": 12, "15": 1, "16": 78.5, "17": 148, "18": 73,
           "19": 99.2, "20": 49.5, "21a": 1, "21b": 49, "22": 2, "23": 1},
    "YB": {"1": 92.5, "2": 11, "3a": 5, "3b": 10, "4": 4, "5": 30, "6a": 0, "6b": 77.5,
           "7": 90.3, "8": 2, "9": 45, "10": 93.8, "11a": 1015, "11b": 40, "12": 71.9,
           "13": 88.4, "14a": 22, "14b": 10, "15": 0, "16": 72, "17": 131, "18": 70,
           "19": 88.6, "20": 46, "21a": 0, "21b": 45.5, "22": 0, "23": 0},
    "LC": {"1": 99, "2": 12, "3a": 9, "3b": 12, "4": 7, "5": 35, "6a": 1, "6b": 93.3,
           "7": 97.5, "8": 2, "9": 49.5, "10": 97.3, "11a": 1187, "11b": 44, "12": 85.6,
           "13": 94.1, "14a": 29, "14b": 11, "15": 2, "16": 79, "17": 146, "18": 74,
           "19": 97.4, "20": 49, "21a": 1, "21b": 49.5, "22": 3, "23": 2},
}

# Sheet Xếp loại: (label, Tối thiểu: points or Percent of the base, floor % or None).
# HG (924,72) and LC (943,76) pass 900 but score 0 on a criterion (14b, 15): the
# 50 % floor keeps them out of the top class. TQ's 15 is 20 of 40, exactly the floor.
CLASSES = [
    ("Hoàn thành xuất sắc nhiệm vụ", F(900), F(50)),
    ("Hoàn thành tốt nhiệm vụ", Percent(80), None),
    ("Hoàn thành nhiệm vụ", F(650), None),
    ("Không hoàn thành nhiệm vụ", None, None),
]

# Sheet Khen thưởng: (title, Số lượng, Tỷ lệ %, Xếp loại tối thiểu). Two flags for
# positions 1-2, but LC (2nd) is not in the top class: no flag for it, and no
# certificate either (its position is in the flags' band). Bằng khen: 50 % of
# the four ranked units, positions 3-4.
TITLES = [
    ("Cờ thi đua của Bộ Công an", 2, None, "Hoàn thành xuất sắc nhiệm vụ"),
    ("Bằng khen của Bộ trưởng", None, F(50), "Hoàn thành tốt nhiệm vụ"),
]


def score(unit):
    out = {}
    for c in LEAVES:
        v = F(str(RESULTS[unit][c.code]))
        if c.method == ASSESSED:
            out[c.code] = round2(raw_score(c, None, v, None))
        else:
            out[c.code] = round2(raw_score(c, v, None, c.target_for(unit)))
    return out


def group_scores(scores):
    def s(n):
        return sum((s(c) for c in n.children), F(0)) if n.is_group else scores[n.code]
    return {g.code: s(g) for g in GROUPS}


# --------------------------------------------------------------------------
# The agreement
# --------------------------------------------------------------------------

def write_agreement(path):
    wb = ms.new_workbook("Văn phòng Công an tỉnh Tuyên Quang")
    ws = wb.active
    ws.title = "Thông tin"
    info = [
        ("Tổ chức", "Bộ Công an"),
        ("Cụm thi đua", "Cụm thi đua số 2 (Công an các tỉnh miền núi phía Bắc)"),
        ("Năm", YEAR),
        ("Cụm trưởng", "TQ"),
        ("Cụm phó", "YB"),
        ("Địa điểm", "Tuyên Quang"),
    ]
    for r, (k, v) in enumerate(info, start=1):
        ms.put(ws, "A%d" % r, k, bold=True)
        ms.put(ws, "B%d" % r, v, align="left")
    ws.column_dimensions["A"].width = 22
    ws.column_dimensions["B"].width = 60

    ws = wb.create_sheet("Đơn vị")
    for i, h in enumerate(["Mã", "Tên đơn vị", "Tên ngắn"], start=1):
        ms.put(ws, ms.cellref(i, 1), h, bold=True, border=True)
    for r, u in enumerate(MEMBERS, start=2):
        for i, key in enumerate(["code", "name", "short"], start=1):
            ms.put(ws, ms.cellref(i, r), u[key], border=True)

    ws = wb.create_sheet("Giao ước")
    ms.merge(ws, "A1:I1", "BẢNG TIÊU CHÍ THI ĐUA NĂM %d (thang điểm 1.000)" % YEAR, bold=True,
             align="center")
    heads = ["Cấp", "Mã", "Nội dung", "Đơn vị tính", "Điểm chuẩn", "Cách chấm", "Mức",
             "Chỉ tiêu", "HG"]
    widths = [5, 7, 56, 10, 10, 12, 7, 9, 7]
    for i, (h, w) in enumerate(zip(heads, widths), start=1):
        ms.put(ws, ms.cellref(i, 3), h, bold=True, border=True, align="center")
        ws.column_dimensions[get_column_letter(i)].width = w
    r = 4
    for n in NODES:
        ms.put(ws, "A%d" % r, n.level, border=True, align="center")
        ms.put(ws, "B%d" % r, n.code, border=True, bold=n.is_group)
        ms.put(ws, "C%d" % r, n.title, border=True, bold=n.is_group, wrap=True)
        ms.put(ws, "D%d" % r, n.uom or None, border=True)
        ms.put(ws, "E%d" % r, num(n.max) if n.max is not None else None, border=True,
               bold=n.is_group)
        if not n.is_group:
            ms.put(ws, "F%d" % r, n.method, border=True)
            ms.put(ws, "G%d" % r, num(n.rate) if n.rate is not None else None, border=True)
            ms.put(ws, "H%d" % r, num(n.target) if n.target is not None else None, border=True)
            hg = n.per_unit.get("HG")
            ms.put(ws, "I%d" % r, num(hg) if hg is not None else None, border=True)
        r += 1
    ms.put(ws, "C%d" % r, "Tổng cộng", bold=True, border=True)
    ms.put(ws, "E%d" % r, 1000, bold=True, border=True)
    write_rules_sheets(wb, CLASSES, TITLES, "XẾP LOẠI THI ĐUA CÔNG AN CÁC TỈNH (thang điểm 1.000)")
    ms.save(wb, path)


# --------------------------------------------------------------------------
# The units' workbooks
# --------------------------------------------------------------------------

HEADS = ["STT", "Nội dung tiêu chí", "Điểm chuẩn", "Chỉ tiêu", "Kết quả", "Tự chấm"]


def unit_book(unit, *, groups, group_codes=True, formulas=False, percent_format=False,
              code_case=str, text_numbers=False):
    """One unit's self-scoring workbook, as an office would make it."""
    m = next(m for m in MEMBERS if m["code"] == unit)
    wb = ms.new_workbook(m["name"])
    ws = wb.active
    ws.title = "Tự chấm"
    ms.merge(ws, "A1:F1", m["name"].upper(), bold=True, align="center")
    ms.merge(ws, "A2:F2", "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %d" % YEAR, bold=True, align="center")
    ms.put(ws, "A3", "Đơn vị: %s" % m["name"])
    for i, h in enumerate(HEADS, start=1):
        ms.put(ws, ms.cellref(i, 5), h, bold=True, border=True, align="center")
    for i, w in enumerate([7, 56, 10, 10, 10, 10], start=1):
        ws.column_dimensions[get_column_letter(i)].width = w
    scores = score(unit)
    r = 6
    rows_of = {}
    for n in NODES:
        if n.is_group and not groups:
            continue
        rows_of[n.code] = r
        r += 1
    for n in NODES:
        if n.code not in rows_of:
            continue
        r = rows_of[n.code]
        if n.is_group:
            ms.put(ws, "A%d" % r, n.code if group_codes else None, bold=True, border=True)
            ms.put(ws, "B%d" % r, n.title, bold=True, border=True, wrap=True)
            ms.put(ws, "C%d" % r, num(n.max) if n.max is not None else None, bold=True,
                   border=True)
            if formulas:
                kids = ",".join("F%d" % rows_of[c.code] for c in n.children)
                ms.put(ws, "F%d" % r, "=SUM(%s)" % kids, bold=True, border=True)
            continue
        ms.put(ws, "A%d" % r, code_case(n.code), border=True)
        ms.put(ws, "B%d" % r, n.title, border=True, wrap=True)
        ms.put(ws, "C%d" % r, num(n.max), border=True)
        t = n.target_for(unit)
        ms.put(ws, "D%d" % r, num(t) if t is not None else None, border=True)
        a = F(str(RESULTS[unit][n.code]))
        if n.method == ASSESSED:
            ms.put(ws, "E%d" % r, "Tốt", border=True)
        elif n.uom == "%" and percent_format:
            ws["E%d" % r] = num(a / 100)
            ws["E%d" % r].number_format = ms.pct_format(a)
        elif text_numbers:
            ms.put(ws, "E%d" % r, ms.vn(a), border=True)
        else:
            ms.put(ws, "E%d" % r, num(a), border=True)
        s = scores[n.code]
        ms.put(ws, "F%d" % r, ms.vn(s) if text_numbers else num(s), border=True)
    last = max(rows_of.values()) + 1
    ms.put(ws, "B%d" % last, "Tổng cộng", bold=True, border=True)
    if formulas:
        tops = ",".join("F%d" % rows_of[t.code] for t in TREE)
        ms.put(ws, "F%d" % last, "=SUM(%s)" % tops, bold=True, border=True)
    return wb


def build(tmp, lo):
    out = HERE / NAME
    if out.exists():
        shutil.rmtree(out)
    nop = out / "nop"
    nop.mkdir(parents=True)
    write_agreement(out / "giao-uoc.xlsx")
    stage = Path(tmp) / "stage"
    stage.mkdir()
    files = []

    # Hà Giang: .xlsx with every group row, percent formats.
    name = "HG - tu cham diem 2016.xlsx"
    ms.save(unit_book("HG", groups=True, percent_format=True), nop / name)
    files.append(("nop/" + name, "HG", ".xlsx (openpyxl), every group row, percent formats"))

    # Tuyên Quang: .ods without group rows, codes in capitals (6A).
    src = stage / "tuyen-quang.xlsx"
    ms.save(unit_book("TQ", groups=False, code_case=str.upper), src)
    name = "tuyen-quang.ods"
    shutil.copy(lo.convert(src, "ods", stage / "ods"), nop / name)
    files.append(("nop/" + name, "TQ", ".ods (LibreOffice), no group rows, codes as 6A"))

    # Yên Bái: .xls with group rows that have no code, numbers as text (12,5).
    src = stage / "YB_bang_tu_cham.xlsx"
    ms.save(unit_book("YB", groups=True, group_codes=False, text_numbers=True), src)
    name = "YB_bang_tu_cham.xls"
    shutil.copy(lo.convert(src, "xls", stage / "xls"), nop / name)
    files.append(("nop/" + name, "YB", ".xls (LibreOffice), group rows without code, text numbers"))

    # Lào Cai: .xlsx whose group rows hold live subtotals, cached by LibreOffice.
    src = stage / "lao-cai.xlsx"
    ms.save(unit_book("LC", groups=True, formulas=True), src)
    name = "lao-cai.xlsx"
    shutil.copy(lo.convert(src, "xlsx", stage / "xlsx"), nop / name)
    files.append(("nop/" + name, "LC", ".xlsx (LibreOffice), SUM formulas in group rows"))

    # Expectations.
    base = sum(c.max for c in LEAVES if c.in_base)
    order = [m["code"] for m in MEMBERS]
    units = []
    for m in MEMBERS:
        s = score(m["code"])
        total = sum(s.values(), F(0))
        file = next(f for f, u, _ in files if u == m["code"])
        units.append({"code": m["code"], "file": file, "scores": s, "total": total,
                      "groups": group_scores(s),
                      "class": classify(total, s, LEAVES, CLASSES, base)})
    units.sort(key=lambda u: (-u["total"], order.index(u["code"])))
    for u in units:
        u["rank"] = 1 + sum(1 for v in units if v["total"] > u["total"])
        u["classification"] = CLASSES[u["class"]][0] if u["class"] is not None else None
    ties = propose(units, TITLES, CLASSES)
    assert not ties
    assert len({u["total"] for u in units}) == len(units), "no ties in this sample"
    for u in units:
        assert u["total"] == sum(u["groups"][t.code] for t in TREE)
    data = {
        "exit_status": 0,
        "organisation": "Bộ Công an",
        "cluster": "Cụm thi đua số 2 (Công an các tỉnh miền núi phía Bắc)",
        "year": YEAR,
        "base_max": num(base),
        "units": [{
            "code": u["code"], "status": "scored", "file": u["file"], "total": num(u["total"]),
            "rank": u["rank"], "classification": u["classification"], "proposal": u["proposal"],
            "scores": {c.code: num(u["scores"][c.code]) for c in LEAVES},
            "groups": {g.code: num(u["groups"][g.code]) for g in GROUPS},
        } for u in units],
        "next_year": {"head": "YB", "deputy": "LC"},
        "files": [{"file": f, "unit": u, "status": "used"} for f, u, _ in files],
        "diagnostics": [],
        "notes": ["Groups are the rows of the Giao ước sheet followed by a deeper Cấp; "
                  "each group's score is the sum of its children's rounded scores.",
                  "Classes of sheet Xếp loại (points, and 80 % of the base; the top class "
                  "with a 50 % floor on every criterion inside the base: HG and LC pass 900 "
                  "but have a criterion at 0), titles of sheet Khen thưởng (2 Cờ thi đua, "
                  "for the top class only: LC, second, gets none; Bằng khen for 50 % of the "
                  "ranked units)."],
    }
    (out / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    md = ["# Expected results: `%s`" % NAME, "",
          "Cụm thi đua số 2 of Công an các tỉnh miền núi phía Bắc, %d: a 1 000-point criteria "
          "tree five levels deep (SPEC section 11), four unit workbooks in four formats. "
          "`thidua run` exits **0** with no findings. Base maximum %s." % (YEAR, dec(base)), "",
          "Classes (sheet `Xếp loại`): " + "; ".join(
              "%s%s%s" % (l, (" từ %s%% điểm chuẩn" % ms.vn(m.value)) if isinstance(m, Percent)
                          else (" từ %s điểm" % ms.vn(m)) if m is not None else " (còn lại)",
                          (", mỗi tiêu chí từ %s%%" % ms.vn(f)) if f is not None else "")
              for l, m, f in CLASSES) + ". HG and LC pass 900 points but each has a criterion "
          "at 0 (14b, 15), below the 50 % floor; TQ's 15 is 20 of 40, exactly the floor.", "",
          "Titles (sheet `Khen thưởng`): " + "; ".join(
              "%s %s, xếp loại %s trở lên" % (l, str(c) if c is not None else ms.vn(sh) + "%", m)
              for l, c, sh, m in TITLES) + ". Positions 1-2 are the flags' band: LC, second, is "
          "not in the top class and gets no title; positions 3-4 get Bằng khen.", "",
          "| Hạng | Đơn vị | Tổng điểm | Xếp loại | Đề nghị | Tệp |", "|---:|---|---:|---|---|---|"]
    for u in units:
        md.append("| %d | %s | %s | %s | %s | `%s` |" % (u["rank"], u["code"], ms.vn(u["total"]),
                                                      u["classification"], u["proposal"] or "",
                                                      u["file"]))
    md += ["", "## Scores by row of the tree", "",
           "| Cấp | Mã | Điểm chuẩn | " + " | ".join(u["code"] for u in units) + " |",
           "|---:|---|---:|" + "---:|" * len(units)]
    for n in NODES:
        vals = [u["groups"][n.code] if n.is_group else u["scores"][n.code] for u in units]
        mx = n.max if n.max is not None else sum(c.max for c in n.children)
        bold = "**%s**" if n.is_group else "%s"
        md.append("| %d | %s%s | %s | %s |" % (n.level, "&nbsp;" * 2 * (n.level - 1), n.code,
                                              ms.vn(mx), " | ".join(bold % ms.vn(v) for v in vals)))
    md += ["", "## Files", "", "| file | unit | what it shows |", "|---|---|---|"]
    for f, u, shows in files:
        md.append("| `%s` | %s | %s |" % (f, u, shows))
    (out / "EXPECTED.md").write_text("\n".join(md) + "\n", encoding="utf-8")


def main():
    os.chdir(HERE)
    with tempfile.TemporaryDirectory(prefix="thidua-tree-sample-") as tmp:
        build(tmp, ms.Soffice(tmp))
    print("written", HERE / NAME)


if __name__ == "__main__":
    sys.exit(main())
