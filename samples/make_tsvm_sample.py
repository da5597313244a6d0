"""Build samples/tsvm-2016: a grassroots Veterans' cluster on a 90-point
scale with its own classes (sheet `Xếp loại`) and three titles (sheet `Khen
thưởng`), SPEC section 11, and what thidua must make of it.

    python3 samples/make_tsvm_sample.py

Reuses the workbook writers of make_samples.py (openpyxl, LibreOffice for
the .xls and .ods); the classes, floors, titles, shares, minimum classes and
Biểu quyết are computed here with fractions.Fraction, independently of the
Rust code.
"""

import sys
import tempfile
from fractions import Fraction as F

import make_samples as M
from make_samples import (ASSESSED, BONUS, CEILING, PROPORTIONAL, THRESHOLD, Crit, put,
                          all_crits, diag, num, round2, unit_rows, write_unit_book)

OUT = M.HERE / "tsvm-2016"


def sections():
    """Four sections, 90 points, and a bonus."""
    C = Crit
    return [
        ("I", "CÔNG TÁC CHÍNH TRỊ, TƯ TƯỞNG", F(20), [
            C("1.1", "Tỷ lệ hội viên được học tập nghị quyết", "%", "10", PROPORTIONAL, target="95"),
            C("1.2", "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch", "", "10",
              ASSESSED),
        ]),
        ("II", "XÂY DỰNG TỔ CHỨC HỘI", F(25), [
            C("2.1", "Tỷ lệ kết nạp hội viên mới so với số cựu chiến binh đủ điều kiện", "%", "15",
              PROPORTIONAL, target="90"),
            C("2.2", "Số hội viên vi phạm pháp luật bị xử lý", "người", "10", CEILING, rate="5",
              target="0"),
        ]),
        ("III", "PHÁT TRIỂN KINH TẾ", F(25), [
            C("3.1", "Số hộ hội viên thoát nghèo", "hộ", "15", PROPORTIONAL, target="20"),
            C("3.2", "Số mô hình kinh tế hiệu quả", "mô hình", "10", THRESHOLD, target="3"),
        ]),
        ("IV", "CÁC NHIỆM VỤ KHÁC", F(20), [
            C("4.1", "Tỷ lệ chi hội tham gia giám sát, phản biện xã hội", "%", "10", THRESHOLD,
              target="80"),
            C("4.2", "Tham gia hòa giải ở cơ sở", "", "10", ASSESSED),
        ]),
        ("V", "ĐIỂM THƯỞNG", None, [
            C("5.1", "Tập thể, cá nhân được khen thưởng (mỗi lượt 1 điểm, tối đa 3 điểm)", "lượt",
              "3", BONUS, rate="1"),
        ]),
    ]


MEMBERS = [
    dict(code="TL", name="Hội Cựu chiến binh xã Tân Long", short="Tân Long",
         other="Hội CCB xã Tân Long", signer="Hoàng Văn Sơn", title="Chủ tịch"),
    dict(code="HH", name="Hội Cựu chiến binh xã Hòa Hiệp", short="Hòa Hiệp",
         other="Hội CCB xã Hòa Hiệp", signer="Nông Văn Bình", title="Chủ tịch"),
    dict(code="QS", name="Hội Cựu chiến binh xã Quang Sơn", short="Quang Sơn",
         other="Hội CCB xã Quang Sơn", signer="Lã Văn Tuấn", title="Chủ tịch"),
    dict(code="VL", name="Hội Cựu chiến binh xã Văn Lãng", short="Văn Lãng",
         other="Hội CCB xã Văn Lãng", signer="Vi Văn Hải", title="Chủ tịch"),
    dict(code="BS", name="Hội Cựu chiến binh xã Bình Sơn", short="Bình Sơn",
         other="Hội CCB xã Bình Sơn", signer="Lục Văn Nam", title="Chủ tịch"),
    dict(code="KL", name="Hội Cựu chiến binh xã Khánh Long", short="Khánh Long",
         other="Hội CCB xã Khánh Long", signer="Hà Văn Đông", title="Chủ tịch"),
]

# Sheet Xếp loại: (label, minimum points or None, floor % or None)
CLASSES = [
    ("TSVM xuất sắc", F(81), F(50)),
    ("TSVM tiên tiến", F(71), None),
    ("TSVM", F(61), None),
    ("Yếu", None, None),
]

# Sheet Khen thưởng: (title, Số lượng, Tỷ lệ %, Xếp loại tối thiểu)
TITLES = [
    ("Cờ thi đua", 1, None, "TSVM xuất sắc"),
    ("Bằng khen", None, F(34), "TSVM tiên tiến"),
    ("Giấy khen", 2, None, "TSVM"),
]

INFO = [
    ("Tổ chức", "Hội Cựu chiến binh Việt Nam", None),
    ("Cụm thi đua", "Cụm thi đua cơ sở số 2", None),
    ("Năm", M.YEAR, None),
    ("Cụm trưởng", "HH", None),
    ("Cụm phó", "QS", None),
    ("Địa điểm", "Hòa Hiệp", None),
]

# Results (percent criteria in percent units; Thẩm định: the self-score).
RESULTS = {
    # High total, but 3.2 scores 0 (below the 50 % floor): TSVM tiên tiến.
    "TL": {"1.1": "95", "1.2": "10", "2.1": "90", "2.2": "0", "3.1": "20", "3.2": "2",
           "4.1": "85", "4.2": "10", "5.1": "3"},
    # The leader: TSVM xuất sắc, Cờ thi đua.
    "HH": {"1.1": "94", "1.2": "9.5", "2.1": "88", "2.2": "0", "3.1": "19", "3.2": "3",
           "4.1": "82", "4.2": "9", "5.1": "1"},
    # QS and VL tie at positions 3-4, across the Bằng khen cut-off (1 + 2 = 3).
    "QS": {"1.1": "95", "1.2": "8", "2.1": "81", "2.2": "1", "3.1": "16", "3.2": "3",
           "4.1": "80", "4.2": "7.5", "5.1": "0"},
    "VL": {"1.1": "95", "1.2": "8", "2.1": "72", "2.2": "1", "3.1": "18", "3.2": "3",
           "4.1": "80", "4.2": "7.5", "5.1": "0"},
    "BS": {"1.1": "76", "1.2": "7", "2.1": "63", "2.2": "1", "3.1": "12", "3.2": "3",
           "4.1": "80", "4.2": "7", "5.1": "0"},
    # Below 61: Yếu.
    "KL": {"1.1": "66.5", "1.2": "6", "2.1": "45", "2.2": "2", "3.1": "8", "3.2": "1",
           "4.1": "70", "4.2": "6", "5.1": "0"},
}

# How each unit's workbook is made: (style, format, file name, sheet).
MADE = {
    "TL": (M.STYLE_CB, "xlsx", "Tan Long - tu cham 2016.xlsx", "Tự chấm điểm"),
    "HH": (M.STYLE_BK, "ods", "HH_tuchamdiem_2016.ods", "Tự chấm 2016"),
    "QS": (M.STYLE_TN, "xls", "Quang Son 2016.xls", "Sheet1"),
    "VL": (M.STYLE_CB, "xlsx", "Bảng tự chấm điểm 2016 - Văn Lãng.xlsx", "Bảng điểm"),
    "BS": (M.STYLE_BK, "ods", "BS - tu cham diem.ods", "Tự chấm"),
    "KL": (M.STYLE_TN, "xls", "KL_2016.xls", "Sheet1"),
}


# --------------------------------------------------------------------------
# The rules of SPEC section 11, exact
# --------------------------------------------------------------------------

class Percent:
    """A `Tối thiểu` written with %: percent of the base maximum."""

    def __init__(self, value):
        self.value = F(value)


def classify(total, scores, crits, classes=None, base=None):
    """The index of the first class whose minimum and floor the unit meets.

    classes: (label, minimum, floor %) rows, CLASSES by default; a minimum is
    points (a Fraction) or a Percent of base (the base maximum)."""
    for k, (label, minimum, floor) in enumerate(CLASSES if classes is None else classes):
        if isinstance(minimum, Percent):
            if total * 100 < minimum.value * base:
                continue
        elif minimum is not None and total < minimum:
            continue
        if floor is not None and any(
                scores[c.code] * 100 < floor * c.max for c in crits if c.in_base):
            continue
        return k
    return None


def propose(ranked, titles=None, classes=None):
    """ranked: units in rank order with 'total' and 'class' (an index of classes).
    Sets 'proposal'; returns the tie groups at a cut-off. titles: (title, Số lượng,
    Tỷ lệ %, Xếp loại tối thiểu) rows, TITLES by default; classes: CLASSES by default."""
    titles = TITLES if titles is None else titles
    classes = CLASSES if classes is None else classes
    n = len(ranked)
    bands, start = [], 1
    for label, count, share, minimum in titles:
        if count is not None:
            size = count
        else:
            exact = n * share / 100
            size = max(1, exact.numerator // exact.denominator)
        min_class = [c[0] for c in classes].index(minimum)
        bands.append((label, start, start + size - 1, min_class))
        start += size

    def eligible(band, cls):
        return cls is not None and cls <= band[3]

    for i, u in enumerate(ranked):
        pos = i + 1
        u["proposal"] = None
        for b in bands:
            if b[1] <= pos <= b[2]:
                u["proposal"] = b[0] if eligible(b, u["class"]) else None
    ties = []
    i = 0
    while i < n:
        j = i
        while j + 1 < n and ranked[j + 1]["total"] == ranked[i]["total"]:
            j += 1
        lo, hi = i + 1, j + 1
        if any(lo <= b[2] < hi for b in bands if b[2] > 0):
            ties.append([u["code"] for u in ranked[i:j + 1]])
            for u in ranked[i:j + 1]:
                covered = [b for b in bands if b[1] <= b[2] and lo <= b[2] and b[1] <= hi]
                u["proposal"] = "Biểu quyết" if any(eligible(b, u["class"]) for b in covered) \
                    else None
        i = j + 1
    return ties


# --------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------

def write_rules_sheets(wb, classes, titles, heading):
    """Sheets Xếp loại and Khen thưởng of an agreement (SPEC section 11)."""
    ws = wb.create_sheet("Xếp loại")
    put(ws, "A1", heading, bold=True)
    for i, h in enumerate(["Xếp loại", "Tối thiểu", "Mỗi tiêu chí tối thiểu"], start=1):
        put(ws, M.cellref(i, 3), h, bold=True, border=True)
        ws.column_dimensions[M.get_column_letter(i)].width = 24
    for r, (label, minimum, floor) in enumerate(classes, start=4):
        put(ws, "A%d" % r, label, border=True)
        if isinstance(minimum, Percent):
            # A percent of the base as Excel writes it: 0.8 shown as 80%.
            put(ws, "B%d" % r, num(minimum.value / 100), fmt="0%", border=True)
        else:
            put(ws, "B%d" % r, num(minimum) if minimum is not None else None, border=True)
        # The floor as Excel writes a percentage: 0.5 shown as 50%.
        put(ws, "C%d" % r, num(floor / 100) if floor is not None else None,
            fmt="0%" if floor is not None else None, border=True)
    ws = wb.create_sheet("Khen thưởng")
    for i, h in enumerate(["Hình thức", "Số lượng", "Tỷ lệ", "Xếp loại tối thiểu"], start=1):
        put(ws, M.cellref(i, 1), h, bold=True, border=True)
        ws.column_dimensions[M.get_column_letter(i)].width = 22
    for r, (label, count, share, minimum) in enumerate(titles, start=2):
        put(ws, "A%d" % r, label, border=True)
        put(ws, "B%d" % r, count, border=True)
        # The share as text with a percent sign, as typed.
        put(ws, "C%d" % r, (M.vn(share) + "%") if share is not None else None, border=True)
        put(ws, "D%d" % r, minimum, border=True)


def add_rules_sheets(wb, loc):
    write_rules_sheets(wb, CLASSES, TITLES, "XẾP LOẠI TỔ CHỨC CƠ SỞ HỘI (thang điểm 90)")


def main():
    M.os.chdir(M.HERE)
    M.reset(OUT)
    nop = OUT / "nop"
    nop.mkdir()
    secs = sections()
    crits = all_crits(secs)
    M.write_agreement(OUT / "giao-uoc.xlsx", INFO, MEMBERS, secs, [], tweak=add_rules_sheets)
    rows = {u: unit_rows(secs, u, RESULTS[u]) for u in RESULTS}
    files, diags, results = [], [], []
    with tempfile.TemporaryDirectory(prefix="thidua-tsvm-") as tmp:
        lo = M.Soffice(tmp)
        stage = M.Path(tmp) / "stage"
        stage.mkdir()
        for m in MEMBERS:
            code = m["code"]
            style, fmt, name, sheet = MADE[code]
            titles = [(1, "HỘI CỰU CHIẾN BINH %s" % m["short"].upper(), "all", True, False, 13),
                      (2, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %d" % M.YEAR, "all", True, False, 14)]
            src = (nop / name) if fmt == "xlsx" else stage / ("%s.xlsx" % code)
            cells, sheet = write_unit_book(
                src, style, secs, code, rows[code], sheet=sheet, titles=titles,
                unit_line=(3, "Đơn vị: %s" % m["name"]),
                sign=M.sign_block(m["short"], "10", "12", m["title"], m["signer"]),
                creator="Hội CCB xã %s" % m["short"])
            if fmt != "xlsx":
                M.shutil.copy(lo.convert(src, fmt, stage / fmt), nop / name)
            M.add_unit_result(code, "nop/" + name, sheet, cells, rows[code], secs, diags,
                              results, files, "%s (%s style)" % (fmt, style["name"]))
    order = [m["code"] for m in MEMBERS]
    base = sum(c.max for c in crits if c.in_base)
    for u in results:
        u["total"] = sum(u["scores"].values())
        u["class"] = classify(u["total"], u["scores"], crits)
    ranked = sorted(results, key=lambda u: (-u["total"], order.index(u["code"])))
    for u in ranked:
        u["rank"] = 1 + sum(1 for v in ranked if v["total"] > u["total"])
    ties = propose(ranked)
    for _ in ties:
        diags.append(diag("tie-at-cutoff", None, None, None, None))
    codes = order
    head = codes[(codes.index("HH") + 1) % len(codes)]
    deputy = codes[(codes.index(head) + 1) % len(codes)]
    data = {
        "exit_status": 0,
        "organisation": INFO[0][1],
        "cluster": INFO[1][1],
        "year": M.YEAR,
        "base_max": num(base),
        "units": [{
            "code": u["code"], "status": "scored", "file": u["file"],
            "total": num(u["total"]), "rank": u["rank"],
            "classification": CLASSES[u["class"]][0] if u["class"] is not None else None,
            "proposal": u["proposal"],
            "scores": {c.code: num(u["scores"][c.code]) for c in crits},
        } for u in ranked],
        "next_year": {"head": head, "deputy": deputy},
        "files": files,
        "diagnostics": diags,
        "notes": ["Classes of sheet Xếp loại (points; TSVM xuất sắc with a 50 % floor on every "
                  "criterion inside the base), titles of sheet Khen thưởng (Bằng khen: 34 % of "
                  "the ranked units, rounded down)."],
    }
    (OUT / "expected.json").write_text(M.json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    md = ["# Expected results: `tsvm-2016`", "",
          "A grassroots Veterans' cluster (six communes) on a 90-point scale, with its own "
          "classes and three titles (SPEC section 11). Unit workbooks as .xlsx, .ods and .xls.",
          "",
          "Classes: " + "; ".join(
              "%s%s%s" % (l, (" từ %s điểm" % M.vn(m)) if m is not None else " (còn lại)",
                          (", mỗi tiêu chí từ %s%%" % M.vn(f)) if f is not None else "")
              for l, m, f in CLASSES) + ".",
          "",
          "Titles: " + "; ".join(
              "%s %s, xếp loại %s trở lên" % (l, str(c) if c is not None else M.vn(s) + "%", m)
              for l, c, s, m in TITLES) + ".",
          "",
          "| Hạng | Đơn vị | Tổng điểm | Xếp loại | Đề nghị |",
          "|---:|---|---:|---|---|"]
    for u in data["units"]:
        md.append("| %d | %s | %s | %s | %s |" % (u["rank"], u["code"], M.vn(F(str(u["total"]))),
                                                 u["classification"], u["proposal"] or ""))
    md += ["", "Tie groups at a cut-off: %s." % (", ".join("/".join(t) for t in ties) or "none"),
           "", "`thidua run` exits 0 with one warning per tie group (`tie-at-cutoff`)."]
    (OUT / "EXPECTED.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("written", OUT)
    for u in data["units"]:
        print(u["rank"], u["code"], u["total"], u["classification"], u["proposal"])


if __name__ == "__main__":
    sys.exit(main())
