#!/usr/bin/env python3
"""Build thidua's sample working folders, and what thidua must make of them.

    python3 samples/make_samples.py          # rebuilds samples/cum3-2016, loi-2016, loi-giao-uoc

Folders:

  cum3-2016/     the realistic one: Cụm thi đua số 3 of Hội Cựu chiến binh,
                 year 2016, four provincial associations, four differently
                 made workbooks (.xlsx, .xls, .ods, .xlsx with formulas).
                 A clean run exits 0.
  loi-2016/      every diagnostic kind of SPEC section 6, at least once.
                 A run exits 1.
  loi-giao-uoc/  an agreement with problems of its own. A run exits 2.

Each folder gets EXPECTED.md (for people) and expected.json (for the
integration tests), computed here with fractions.Fraction by the rules of
SPEC section 5, independently of the Rust code.

Workbooks are made with openpyxl; the .xls and .ods files, and the .xlsx whose
formulas need cached values, are converted by LibreOffice (soffice
--headless --convert-to).  Zip entry times and document dates are fixed, so a
rebuild with the same LibreOffice gives the same bytes.
"""

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from fractions import Fraction as F
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

HERE = Path(__file__).resolve().parent
YEAR = 2016
ZIP_TIME = (2017, 1, 3, 8, 0, 0)
DOC_TIME = datetime.datetime(2016, 12, 15, 8, 0, 0)
DOC_TIME_ISO = "2016-12-15T08:00:00Z"

# --------------------------------------------------------------------------
# The agreement: criteria
# --------------------------------------------------------------------------

PROPORTIONAL, THRESHOLD, CEILING, ASSESSED, BONUS, PENALTY = (
    "Tỷ lệ", "Đạt", "Không vượt", "Thẩm định", "Cộng", "Trừ")


class Crit:
    """One criterion of the agreement (all numbers as Fractions)."""

    def __init__(self, code, content, uom, mx, method, rate=None, target=None,
                 tstyle="num", per_unit=None):
        self.code = code
        self.content = content
        self.uom = uom
        self.max = F(mx)
        self.method = method
        self.rate = F(rate) if rate is not None else None
        self.target = F(target) if target is not None else None
        self.tstyle = tstyle          # how the agreement writes Chỉ tiêu: num | pct | text
        self.per_unit = {k: F(v) for k, v in (per_unit or {}).items()}

    @property
    def percent(self):
        return self.uom == "%"

    @property
    def in_base(self):
        return self.method not in (BONUS, PENALTY)

    def target_for(self, unit):
        return self.per_unit.get(unit, self.target)


def sections_2016(per_unit_12, per_unit_31, per_unit_32):
    """The criteria of the 2016 agreement (sections I..IV = 100, V bonus/penalty)."""
    C = Crit
    return [
        ("I", "CÔNG TÁC TUYÊN TRUYỀN, GIÁO DỤC CHÍNH TRỊ, TƯ TƯỞNG", F(20), [
            C("1.1", "Tỷ lệ hội viên được học tập, quán triệt nghị quyết của Đảng, nghị quyết của Hội",
              "%", "6", PROPORTIONAL, target="95"),
            C("1.2", "Số buổi nói chuyện truyền thống cho thế hệ trẻ",
              "buổi", "4.5", PROPORTIONAL, target="120", per_unit=per_unit_12),
            C("1.3", "Tham gia đấu tranh phản bác các quan điểm sai trái, thù địch",
              "", "5", ASSESSED),
            C("1.4", "Tỷ lệ cơ sở Hội tổ chức sinh hoạt chuyên đề học tập và làm theo tư tưởng, "
                     "đạo đức, phong cách Hồ Chí Minh",
              "%", "4.5", THRESHOLD, target="100"),
        ]),
        ("II", "XÂY DỰNG TỔ CHỨC HỘI TRONG SẠCH, VỮNG MẠNH", F(25), [
            C("2.1", "Tỷ lệ kết nạp hội viên mới so với số cựu chiến binh đủ điều kiện",
              "%", "7.25", PROPORTIONAL, target="90"),
            C("2.2", 'Tỷ lệ cơ sở Hội đạt "trong sạch, vững mạnh"',
              "%", "8", THRESHOLD, target="80", tstyle="pct"),
            C("2.3", "Số hội viên vi phạm pháp luật bị xử lý kỷ luật",
              "người", "5", CEILING, rate="1", target="3"),
            C("2.4", "Tỷ lệ hội viên đóng hội phí đầy đủ, đúng hạn",
              "%", "4.75", PROPORTIONAL, target="95", tstyle="pct"),
        ]),
        ("III", "PHÁT TRIỂN KINH TẾ, GIẢM NGHÈO BỀN VỮNG", F(35), [
            C("3.1", "Số hộ hội viên thoát nghèo trong năm",
              "hộ", "10", PROPORTIONAL, target="200", per_unit=per_unit_31),
            C("3.2", "Dư nợ vốn vay ủy thác qua Ngân hàng Chính sách xã hội",
              "tỷ đồng", "9.5", PROPORTIONAL, target="500", per_unit=per_unit_32),
            C("3.3", "Số mô hình kinh tế, tổ hợp tác của hội viên hoạt động hiệu quả",
              "mô hình", "8.25", PROPORTIONAL, target="150"),
            C("3.4", "Tỷ lệ hộ hội viên nghèo (theo chuẩn nghèo tiếp cận đa chiều)",
              "%", "7.25", CEILING, rate="2", target="3"),
        ]),
        ("IV", "THAM GIA XÂY DỰNG ĐẢNG, CHÍNH QUYỀN VÀ CÁC NHIỆM VỤ KHÁC", F(20), [
            C("4.1", "Tỷ lệ cơ sở Hội tham gia giám sát, phản biện xã hội",
              "%", "6", THRESHOLD, target="85", tstyle="text"),
            C("4.2", "Tham gia hòa giải ở cơ sở, vận động nhân dân đóng góp xây dựng công trình phúc lợi",
              "", "5.5", ASSESSED),
            C("4.3", "Số vụ khiếu kiện đông người, vượt cấp có hội viên tham gia",
              "vụ", "4", CEILING, target="0"),
            C("4.4", "Tỷ lệ cựu chiến binh có đủ hồ sơ được giải quyết chế độ, chính sách",
              "%", "4.5", PROPORTIONAL, target="100"),
        ]),
        ("V", "ĐIỂM THƯỞNG, ĐIỂM TRỪ", None, [
            C("5.1", "Tập thể, cá nhân được Trung ương Hội hoặc Chính phủ khen thưởng "
                     "(mỗi lượt 1 điểm, tối đa 5 điểm)",
              "lượt", "5", BONUS, rate="1"),
            C("5.2", "Báo cáo định kỳ gửi chậm hoặc thiếu (mỗi lượt trừ 0,5 điểm, tối đa 2 điểm)",
              "lượt", "2", PENALTY, rate="0.5"),
        ]),
    ]


def all_crits(sections):
    return [c for _, _, _, cs in sections for c in cs]


# --------------------------------------------------------------------------
# Scoring (SPEC section 5), exact
# --------------------------------------------------------------------------

def raw_score(c, a, self_score, t):
    m = c.max
    if c.method == PROPORTIONAL:
        return m * min(a / t, F(1))
    if c.method == THRESHOLD:
        return m if a >= t else F(0)
    if c.method == CEILING:
        r = c.rate if c.rate is not None else m
        return m if a <= t else max(F(0), m - r * (a - t))
    if c.method == ASSESSED:
        return min(max(self_score, F(0)), m)
    if c.method == BONUS:
        return min(a * c.rate, m)
    if c.method == PENALTY:
        return -min(a * c.rate, m)
    raise ValueError(c.method)


def round2(x):
    """Round to hundredths, half away from zero, exactly."""
    q = x * 100
    n = (abs(q.numerator) * 2 + q.denominator) // (2 * q.denominator)
    return F(n if q >= 0 else -n, 100)


def classify(total, base, th):
    pct = total * 100 / base
    if pct >= th["Xuất sắc"]:
        return "Xuất sắc"
    if pct >= th["Tốt"]:
        return "Tốt"
    if pct >= th["Khá"]:
        return "Khá"
    return "Chưa đạt"


# --------------------------------------------------------------------------
# Number rendering
# --------------------------------------------------------------------------

def dec(x):
    """A Fraction with a finite decimal expansion as a plain decimal string."""
    x = F(x)
    sign = "-" if x < 0 else ""
    x = abs(x)
    whole, frac = divmod(x.numerator, x.denominator)
    if frac == 0:
        return sign + str(whole)
    digits = ""
    rem = F(frac, x.denominator)
    for _ in range(12):
        rem *= 10
        d = int(rem)
        digits += str(d)
        rem -= d
        if rem == 0:
            break
    else:
        raise ValueError("not a short decimal: %r" % x)
    return "%s%d.%s" % (sign, whole, digits)


def vn(x):
    """Vietnamese text number: decimal comma (12,5)."""
    return dec(x).replace(".", ",")


def num(x):
    """A Fraction as the Python number openpyxl should store."""
    x = F(x)
    return int(x) if x.denominator == 1 else float(dec(x))


def pct_format(x):
    """Percent number format showing exactly the digits of x (in percent units)."""
    s = dec(x)
    places = len(s.split(".")[1]) if "." in s else 0
    return "0%" if places == 0 else "0." + "0" * places + "%"


# --------------------------------------------------------------------------
# Excel helpers
# --------------------------------------------------------------------------

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def cellref(col, row):
    return "%s%d" % (get_column_letter(col), row)


def put(ws, ref, value, bold=False, italic=False, size=None, font=None,
        align=None, wrap=False, fmt=None, border=False):
    c = ws[ref]
    c.value = value
    c.font = Font(name=font or "Times New Roman", bold=bold, italic=italic,
                  size=size or 12)
    c.alignment = Alignment(horizontal=align, vertical="center", wrap_text=wrap)
    if fmt:
        c.number_format = fmt
    if border:
        c.border = BOX
    return c


def merge(ws, rng, value, **kw):
    first = rng.split(":")[0]
    put(ws, first, value, **kw)
    ws.merge_cells(rng)


def setup_page(ws, landscape=False, title_rows=None):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = 0.6
    ws.page_margins.right = 0.4
    ws.page_margins.top = 0.6
    ws.page_margins.bottom = 0.6
    if title_rows:
        ws.print_title_rows = title_rows


def new_workbook(creator):
    wb = openpyxl.Workbook()
    wb.properties.creator = creator
    wb.properties.lastModifiedBy = creator
    wb.properties.created = DOC_TIME
    wb.properties.modified = DOC_TIME
    return wb


def normalize_zip(path):
    """Fix zip entry times and document dates so rebuilds are byte-identical."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    tmp = str(path) + ".tmp"
    with zipfile.ZipFile(tmp, "w") as z:
        for info, data in entries:
            name = info.filename
            if name == "docProps/core.xml":
                s = data.decode("utf-8")
                s = re.sub(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                           r"\g<1>" + DOC_TIME_ISO + r"\g<3>", s)
                data = s.encode("utf-8")
            elif name == "meta.xml":
                s = data.decode("utf-8")
                s = re.sub(r"(<meta:creation-date>)[^<]*(<)", r"\g<1>2016-12-15T08:00:00\g<2>", s)
                s = re.sub(r"(<dc:date>)[^<]*(<)", r"\g<1>2016-12-15T08:00:00\g<2>", s)
                data = s.encode("utf-8")
            zi = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zi.create_system = 0
            z.writestr(zi, data)
    os.replace(tmp, path)


def autofit_rows(ws):
    """Row heights for wrapped text (LibreOffice does not grow rows it reads)."""
    spans = {}
    for rng in ws.merged_cells.ranges:
        width = sum((ws.column_dimensions[get_column_letter(c)].width or 8.43)
                    for c in range(rng.min_col, rng.max_col + 1))
        spans[(rng.min_row, rng.min_col)] = (width, rng.max_row - rng.min_row + 1)
    for row in ws.iter_rows():
        need = 0
        for c in row:
            if not isinstance(c.value, str) or c.value.startswith("="):
                continue
            if not (c.alignment and c.alignment.wrap_text):
                continue
            width, nrows = spans.get((c.row, c.column),
                                     (ws.column_dimensions[c.column_letter].width or 8.43, 1))
            size = (c.font.sz or 12) if c.font else 12
            per_line = width * 1.12 * 12 / size
            if c.font and c.font.b:
                per_line *= 0.9
            letters = [ch for ch in c.value if ch.isalpha()]
            if letters and sum(ch.isupper() for ch in letters) > 0.7 * len(letters):
                per_line *= 0.8
            lines = 0
            for part in c.value.split("\n"):
                words, cur, n = part.split(" "), 0, 1
                for w in words:
                    if cur and cur + 1 + len(w) > per_line:
                        n, cur = n + 1, len(w)
                    else:
                        cur += (1 if cur else 0) + len(w)
                lines += n
            need = max(need, (lines * size * 1.25 + 3) / nrows)
        if need:
            r = row[0].row
            cur = ws.row_dimensions[r].height or 15.75
            ws.row_dimensions[r].height = max(cur, round(need, 1))


def save(wb, path):
    for ws in wb.worksheets:
        autofit_rows(ws)
    wb.save(path)
    normalize_zip(path)


class Soffice:
    """LibreOffice headless conversions with a private profile."""

    def __init__(self, tmp):
        self.profile = Path(tmp) / "lo-profile"
        self.profile.mkdir(parents=True, exist_ok=True)

    def convert(self, src, fmt, outdir):
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, HOME=str(self.profile))
        cmd = ["soffice", "-env:UserInstallation=file://%s" % self.profile,
               "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)]
        subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        out = outdir / (Path(src).stem + "." + fmt.split(":")[0])
        if not out.exists():
            raise RuntimeError("soffice made no %s" % out)
        if out.suffix in (".xlsx", ".ods"):
            normalize_zip(out)
        return out


# --------------------------------------------------------------------------
# TCVN3 (ABC) text, as Excel shows it when typed with .VnTime fonts
# --------------------------------------------------------------------------

TCVN3_CAPITALS = set("ĂÂÊÔƠƯĐ")


def tcvn3(s):
    """Unicode -> the Windows-1252 characters of its TCVN3 bytes (glibc iconv)."""
    # TCVN3 has no toned capitals: they were typed lower-case (and shown
    # upper-case by the .VnTimeH fonts).
    chars = []
    for ch in unicodedata.normalize("NFC", s):
        if ch.isupper() and not ch.isascii() and ch not in TCVN3_CAPITALS:
            ch = ch.lower()
        chars.append(ch)
    raw = subprocess.run(["iconv", "-f", "UTF-8", "-t", "TCVN"],
                         input="".join(chars).encode("utf-8"),
                         stdout=subprocess.PIPE, check=True).stdout
    out = []
    for b in raw:
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    text = "".join(out)
    assert not any(ord(c) < 0x20 and c != "\n" for c in text), s
    return text


def tcvn3_workbook(wb):
    """Re-type every text cell of wb in TCVN3 with .VnTime fonts."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not c.value.startswith("="):
                    v = c.value
                    heading = v.isupper() and any(not ch.isascii() for ch in v)
                    c.value = tcvn3(v.lower() if heading else v)
                    f = c.font
                    c.font = Font(name=".VnTimeH" if heading else ".VnTime",
                                  bold=f.bold, italic=f.italic, size=f.size)
                elif c.value is not None:
                    f = c.font
                    c.font = Font(name=".VnTime", bold=f.bold, italic=f.italic, size=f.size)


# --------------------------------------------------------------------------
# The agreement workbook
# --------------------------------------------------------------------------

def write_agreement(path, info, units, sections, unit_cols, tweak=None):
    """Write giao-uoc.xlsx; return a map of where things are (for problems)."""
    wb = new_workbook("Văn phòng Hội CCB tỉnh Thái Nguyên")
    loc = {"rows": {}}

    # Thông tin
    ws = wb.active
    ws.title = "Thông tin"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 46
    for r, (k, v, fmt) in enumerate(info, start=1):
        put(ws, "A%d" % r, k, bold=True)
        put(ws, "B%d" % r, v, fmt=fmt, align="left")
    setup_page(ws)

    # Đơn vị
    ws = wb.create_sheet("Đơn vị")
    merge(ws, "A1:F1", "DANH SÁCH ĐƠN VỊ THÀNH VIÊN CỤM THI ĐUA SỐ 3 (theo thứ tự luân phiên)",
          bold=True, size=13, align="center")
    heads = ["Mã", "Tên đơn vị", "Tên ngắn", "Tên khác", "Người ký", "Chức vụ"]
    widths = [7, 40, 14, 34, 22, 22]
    for i, (h, w) in enumerate(zip(heads, widths), start=1):
        put(ws, cellref(i, 3), h, bold=True, align="center", border=True)
        ws.column_dimensions[get_column_letter(i)].width = w
    for r, u in enumerate(units, start=4):
        for i, key in enumerate(["code", "name", "short", "other", "signer", "title"], start=1):
            put(ws, cellref(i, r), u[key] or None, border=True,
                align="center" if i == 1 else None)
    setup_page(ws, landscape=True)

    # Giao ước
    ws = wb.create_sheet("Giao ước")
    ncols = 7 + len(unit_cols)
    last = get_column_letter(ncols)
    merge(ws, "A1:%s1" % last, "GIAO ƯỚC THI ĐUA NĂM %d" % info_value(info, "Năm"),
          bold=True, size=14, align="center")
    merge(ws, "A2:%s2" % last,
          "Cụm thi đua số 3 - Hội Cựu chiến binh Việt Nam (các tỉnh Cao Bằng, Thái Nguyên, "
          "Bắc Kạn, Lạng Sơn và các đơn vị kết nghĩa)" if len(units) > 4 else
          "Cụm thi đua số 3 - Hội Cựu chiến binh các tỉnh Cao Bằng, Thái Nguyên, Bắc Kạn, Lạng Sơn",
          italic=True, align="center")
    hr = 4
    heads = ["Mã", "Nội dung", "Đơn vị tính", "Điểm chuẩn", "Cách chấm", "Mức", "Chỉ tiêu"] + unit_cols
    widths = [6, 62, 10, 9, 12, 7, 10] + [8] * len(unit_cols)
    for i, (h, w) in enumerate(zip(heads, widths), start=1):
        put(ws, cellref(i, hr), h, bold=True, align="center", wrap=True, border=True)
        ws.column_dimensions[get_column_letter(i)].width = w
        loc.setdefault("header", {})[h] = cellref(i, hr)
    r = hr + 1
    for roman, title, smax, crits in sections:
        put(ws, "A%d" % r, roman, bold=True, align="center", border=True)
        put(ws, "B%d" % r, title, bold=True, wrap=True, border=True)
        put(ws, "D%d" % r, num(smax) if smax is not None else None, bold=True,
            align="center", border=True)
        for col in range(3, ncols + 1):
            if col != 4:
                put(ws, cellref(col, r), None, border=True)
        loc["rows"][roman] = r
        r += 1
        for c in crits:
            put(ws, "A%d" % r, c.code, align="center", border=True)
            put(ws, "B%d" % r, c.content, wrap=True, border=True)
            put(ws, "C%d" % r, c.uom or None, align="center", border=True)
            put(ws, "D%d" % r, num(c.max), align="center", border=True)
            put(ws, "E%d" % r, c.method, align="center", border=True)
            put(ws, "F%d" % r, num(c.rate) if c.rate is not None else None,
                align="center", border=True)
            if c.target is None:
                put(ws, "G%d" % r, None, border=True)
            elif c.tstyle == "pct":
                put(ws, "G%d" % r, num(c.target / 100), fmt=pct_format(c.target),
                    align="center", border=True)
            elif c.tstyle == "text":
                put(ws, "G%d" % r, vn(c.target) + "%", align="center", border=True)
            else:
                put(ws, "G%d" % r, num(c.target), align="center", border=True)
            for i, uc in enumerate(unit_cols, start=8):
                v = c.per_unit.get(uc)
                put(ws, cellref(i, r), num(v) if v is not None else None,
                    align="center", border=True)
            loc["rows"].setdefault(c.code, r)
            loc["rows"].setdefault("all", []).append((c.code, r))
            r += 1
    ws.freeze_panes = "C5"
    setup_page(ws, landscape=True, title_rows="4:4")
    if tweak:
        tweak(wb, loc)
    save(wb, path)
    return loc


def info_value(info, key):
    for k, v, _ in info:
        if k == key:
            return v
    return None


# --------------------------------------------------------------------------
# A unit's self-scoring workbook
# --------------------------------------------------------------------------

class Row:
    """What one unit writes on one criterion row, and what thidua must read."""

    def __init__(self, crit, a=None, self_score=None, **over):
        self.crit = crit
        self.a = a                    # result as read (Fraction), None = unusable
        self.self_score = self_score  # self-score written (Fraction), None = blank
        self.over = over              # a_raw=(value, fmt), a_text, tgt, max, omit


def unit_rows(sections, unit, results, overrides=None):
    """results: code -> result (str) or, for Thẩm định, the self-score.

    Returns Rows with the self-score the unit would compute (correctly) unless
    an override says otherwise."""
    overrides = overrides or {}
    rows = {}
    for c in all_crits(sections):
        v = results[c.code]
        ov = dict(overrides.get(c.code, {}))
        if c.method == ASSESSED:
            a, s = None, F(v)
        else:
            a = F(v) if v is not None else None
            s = round2(raw_score(c, a, None, c.target_for(unit))) if a is not None else None
        if "a" in ov:
            a = ov.pop("a")
        if "self" in ov:
            s = ov.pop("self")
            s = F(s) if s is not None else None
        rows[c.code] = Row(c, a, s, **ov)
    return rows


STYLE_CB = dict(
    name="cb", first_col=1,
    cols=["code", "content", "uom", "max", "target", "result", "self", "cluster", "note"],
    widths=[6, 48, 9, 8, 9, 10, 9, 9, 15],
    head1={"code": "STT", "content": "Nội dung tiêu chí", "uom": "Đơn vị\ntính",
           "max": "Điểm\nchuẩn", "target": "Chỉ tiêu", "result": "Kết quả",
           "self": "Điểm", "note": "Ghi chú"},
    head2={"self": "Tự chấm", "cluster": "Cụm chấm"},
    numbers="number", self_numbers="number")

STYLE_TN = dict(
    name="tn", first_col=2,
    cols=["code", "content", "uom", "max", "target", "result", "self", "cluster", "note"],
    widths=[9, 52, 8, 8, 9, 11, 9, 9, 14],
    head1={"code": "Mã tiêu chí", "content": "Nội dung tiêu chí", "uom": "ĐVT",
           "max": "Điểm chuẩn", "target": "Chỉ tiêu", "result": "Kết quả thực hiện",
           "self": "Điểm tự chấm", "cluster": "Điểm cụm chấm", "note": "Ghi chú"},
    head2=None, numbers="text", self_numbers="text")

STYLE_BK = dict(
    name="bk", first_col=1,
    cols=["code", "content", "max", "target", "result", "self", "note"],
    widths=[7, 56, 9, 11, 10, 10, 18],
    head1={"code": "TT", "content": "Tiêu chí", "max": "Thang điểm",
           "target": "Chỉ tiêu đăng ký", "result": "Thực hiện", "self": "Đơn vị tự chấm",
           "note": "Ghi chú"},
    head2=None, numbers="number", self_numbers="number")

STYLE_LS = dict(
    name="ls", first_col=1,
    cols=["code", "content", "max", "target", "result", "self", "cluster", "note"],
    widths=[6, 54, 8, 10, 10, 9, 9, 16],
    head1={"code": "STT", "content": "Nội dung", "max": "Điểm tối đa",
           "target": "Chỉ tiêu giao ước", "result": "Kết quả", "self": "Tự chấm",
           "cluster": "Cụm chấm", "note": "Ghi chú"},
    head2=None, numbers="percent", self_numbers="formula")


def write_value(ws, ref, x, style, percent, kind):
    """Write the number x (Fraction, percent units for % criteria) the style's way."""
    if x is None:
        put(ws, ref, None, border=True, align="center")
        return
    mode = style["numbers"] if kind != "self" else style["self_numbers"]
    if mode == "percent" and percent and kind in ("target", "result"):
        put(ws, ref, num(x / 100), fmt=pct_format(x), border=True, align="center")
    elif mode == "text":
        if percent and kind == "result":
            put(ws, ref, vn(x) + "%", border=True, align="center")
        elif F(x).denominator != 1:
            put(ws, ref, vn(x), border=True, align="center")
        else:
            put(ws, ref, num(x), border=True, align="center")
    else:
        put(ws, ref, num(x), border=True, align="center",
            fmt="0.00" if kind == "self" else None)


def ls_formula(c, row, col):
    """The self-score formula a careful office would type (LS style)."""
    C, D, E = (col["max"] + str(row), col["target"] + str(row), col["result"] + str(row))
    hundred = "*100" if c.percent else ""
    if c.method == PROPORTIONAL:
        return "=ROUND(%s*MIN(%s/%s,1),2)" % (C, E, D)
    if c.method == THRESHOLD:
        return "=IF(%s>=%s,%s,0)" % (E, D, C)
    if c.method == CEILING:
        r = dec(c.rate) if c.rate is not None else C
        return "=ROUND(IF(%s<=%s,%s,MAX(0,%s-%s*(%s-%s)%s)),2)" % (E, D, C, C, r, E, D, hundred)
    if c.method == BONUS:
        return "=MIN(%s*%s,%s)" % (E, dec(c.rate), C)
    if c.method == PENALTY:
        return "=0-MIN(%s*%s,%s)" % (E, dec(c.rate), C)
    raise ValueError(c.method)


def write_unit_book(path, style, sections, unit, rows, *, sheet, titles, unit_line=None,
                    pre_sheets=(), post_sheets=(), extra_rows=None, sign=None,
                    creator="", tcvn=False, year_in_title=YEAR, notes=None):
    """Write a self-scoring workbook and return {code: {field: A1}} and the sheet name.

    titles: list of (row, text, span 'left'|'right'|'all', bold, italic, size).
    unit_line: (row, text) or (row, label, name) for a split line.
    extra_rows: {after_code: [(code, content, max, target, result, self)]}.
    """
    wb = new_workbook(creator)
    first = wb.active
    wb.remove(first)
    for name, lines in pre_sheets:
        ws = wb.create_sheet(name)
        ws.column_dimensions["A"].width = 110
        for i, (text, bold) in enumerate(lines, start=1):
            put(ws, "A%d" % i, text, bold=bold, wrap=True, size=13 if bold else 12)
    ws = wb.create_sheet(sheet)
    fc = style["first_col"]
    col = {}
    for i, key in enumerate(style["cols"]):
        col[key] = get_column_letter(fc + i)
        ws.column_dimensions[col[key]].width = style["widths"][i]
    if fc > 1:
        ws.column_dimensions["A"].width = 3
    lastc = get_column_letter(fc + len(style["cols"]) - 1)
    firstc = get_column_letter(fc)
    mid = get_column_letter(fc + 2)
    right0 = get_column_letter(fc + 3)

    for (r, text, span, bold, italic, size) in titles:
        rng = {"left": "%s%d:%s%d" % (firstc, r, firstc if style["name"] == "tn" else mid, r),
               "right": "%s%d:%s%d" % (right0, r, lastc, r),
               "all": "%s%d:%s%d" % (firstc, r, lastc, r)}[span]
        a, b = rng.split(":")
        if a == b:
            put(ws, a, text, bold=bold, italic=italic, size=size,
                align="left")
        else:
            merge(ws, rng, text, bold=bold, italic=italic, size=size, align="center", wrap=True)
        if span == "all" and size and size >= 14:
            ws.row_dimensions[r].height = 22
    if unit_line:
        if len(unit_line) == 2:
            put(ws, "%s%d" % (firstc, unit_line[0]), unit_line[1], bold=True)
        else:
            put(ws, "%s%d" % (firstc, unit_line[0]), unit_line[1], bold=True)
            put(ws, "%s%d" % (get_column_letter(fc + 1), unit_line[0]), unit_line[2], bold=True)

    hr = max([t[0] for t in titles] + [unit_line[0] if unit_line else 0]) + 2
    two = bool(style["head2"])
    for key in style["cols"]:
        h1 = style["head1"].get(key)
        ref = "%s%d" % (col[key], hr)
        if two and key in ("self", "cluster"):
            continue
        if two:
            merge(ws, "%s:%s%d" % (ref, col[key], hr + 1), h1, bold=True, align="center",
                  wrap=True, border=True)
            ws["%s%d" % (col[key], hr + 1)].border = BOX
        else:
            put(ws, ref, h1, bold=True, align="center", wrap=True, border=True)
    if two:
        merge(ws, "%s%d:%s%d" % (col["self"], hr, col["cluster"], hr), style["head1"]["self"],
              bold=True, align="center", border=True)
        ws["%s%d" % (col["cluster"], hr)].border = BOX
        for key in ("self", "cluster"):
            put(ws, "%s%d" % (col[key], hr + 1), style["head2"][key], bold=True,
                align="center", wrap=True, border=True)
    data0 = hr + (2 if two else 1)

    cells = {}
    r = data0
    section_rows = []
    crit_self_cells = []
    percent_cols = style["numbers"] == "percent"

    def blank_row(r):
        for key in style["cols"]:
            put(ws, "%s%d" % (col[key], r), None, border=True)

    for roman, title, smax, crits in sections:
        blank_row(r)
        put(ws, "%s%d" % (col["code"], r), roman, bold=True, align="center", border=True)
        put(ws, "%s%d" % (col["content"], r), title, bold=True, wrap=True, border=True)
        if smax is not None:
            write_value(ws, "%s%d" % (col["max"], r), smax, style, False, "max")
            ws["%s%d" % (col["max"], r)].font = Font(name="Times New Roman", bold=True, size=12)
        srow = r
        r += 1
        first_crit = r
        for c in crits:
            row = rows[c.code]
            if row.over.get("omit"):
                continue
            r = write_crit_row(ws, style, col, r, unit, row, cells, crit_self_cells,
                               code_text=row.over.get("code_text"))
            for ex in (extra_rows or {}).get(c.code, []):
                blank_row(r)
                code, content, mx, tgt, res, slf = ex
                put(ws, "%s%d" % (col["code"], r), code, align="center", border=True)
                put(ws, "%s%d" % (col["content"], r), content, wrap=True, border=True)
                write_value(ws, "%s%d" % (col["max"], r), mx, style, False, "max")
                write_value(ws, "%s%d" % (col["target"], r), tgt, style, False, "target")
                write_value(ws, "%s%d" % (col["result"], r), res, style, False, "result")
                write_value(ws, "%s%d" % (col["self"], r), slf, style, False, "self")
                cells["extra:" + code] = {"code": "%s%d" % (col["code"], r)}
                crit_self_cells.append("%s%d" % (col["self"], r))
                r += 1
        section_rows.append((srow, first_crit, r - 1, smax))

    # section subtotals and the total row
    total_self = sum((rows[c.code].self_score or 0) for c in all_crits(sections)
                     if not rows[c.code].over.get("omit"))
    blank_row(r)
    if style["name"] == "bk":
        put(ws, "%s%d" % (col["content"], r), "TỔNG ĐIỂM", bold=True, align="center", border=True)
    else:
        put(ws, "%s%d" % (col["content"], r), "TỔNG CỘNG", bold=True, align="center", border=True)
    write_value(ws, "%s%d" % (col["max"], r), F(100), style, False, "max")
    ws["%s%d" % (col["max"], r)].font = Font(name="Times New Roman", bold=True, size=12)
    tref = "%s%d" % (col["self"], r)
    if style["self_numbers"] == "formula":
        for srow, a, b, smax in section_rows:
            put(ws, "%s%d" % (col["self"], srow), "=SUM(%s%d:%s%d)" % (col["self"], a, col["self"], b),
                bold=True, border=True, align="center", fmt="0.00")
        put(ws, tref, "=" + "+".join("%s%d" % (col["self"], s[0]) for s in section_rows),
            bold=True, border=True, align="center", fmt="0.00")
    elif style["name"] == "bk":
        put(ws, tref, "=SUM(%s)" % ",".join(crit_self_cells), bold=True, border=True,
            align="center", fmt="0.00")
    elif style["name"] == "cb":
        for srow, a, b, smax in section_rows:
            sub = sum((rows[c.code].self_score or 0) for _, _, _, cs in sections for c in cs
                      if a <= cells.get(c.code, {}).get("_row", -1) <= b)
            write_value(ws, "%s%d" % (col["self"], srow), sub, style, False, "self")
            ws["%s%d" % (col["self"], srow)].font = Font(name="Times New Roman", bold=True, size=12)
        write_value(ws, tref, total_self, style, False, "self")
        ws[tref].font = Font(name="Times New Roman", bold=True, size=12)
    else:
        write_value(ws, tref, total_self, style, False, "self")
        ws[tref].font = Font(name="Times New Roman", bold=True, size=12)
    last_row = r

    # signature block: right-hand columns only, below the table
    if sign:
        r += 2
        for i, (text, bold, italic) in enumerate(sign):
            rr = r + i
            merge(ws, "%s%d:%s%d" % (right0, rr, lastc, rr), text, bold=bold, italic=italic,
                  align="center")
    if notes:
        for ref, text in notes:
            put(ws, ref, text, italic=True, wrap=True, border=True, size=11)

    ws.freeze_panes = "%s%d" % (get_column_letter(fc + 2), data0)
    setup_page(ws, landscape=False, title_rows="%d:%d" % (hr, data0 - 1))
    ws.print_area = "A1:%s%d" % (lastc, (r + len(sign) if sign else last_row))
    for name in post_sheets:
        wb.create_sheet(name)
    if tcvn:
        tcvn3_workbook(wb)
    save(wb, path)
    for v in cells.values():
        v.pop("_row", None)
    return cells, sheet


def write_crit_row(ws, style, col, r, unit, row, cells, crit_self_cells, code_text=None):
    c = row.crit
    for key in style["cols"]:
        put(ws, "%s%d" % (col[key], r), None, border=True)
    ov = row.over
    code = code_text if code_text is not None else c.code
    if style["name"] == "tn" and code_text is None:
        code = float(c.code)          # typed as a number, as Excel users do
    if code == "":
        code = None
    put(ws, "%s%d" % (col["code"], r), code, align="center", border=True,
        fmt="0.0" if isinstance(code, float) else None)
    put(ws, "%s%d" % (col["content"], r), ov.get("content", c.content), wrap=True, border=True)
    if "uom" in col:
        put(ws, "%s%d" % (col["uom"], r), c.uom or None, align="center", border=True)
    write_value(ws, "%s%d" % (col["max"], r), ov.get("max", c.max), style, False, "max")
    tgt = ov["tgt"] if "tgt" in ov else c.target_for(unit)
    if "tgt_raw" in ov:
        v, fmt = ov["tgt_raw"]
        put(ws, "%s%d" % (col["target"], r), v, fmt=fmt, border=True, align="center")
    else:
        write_value(ws, "%s%d" % (col["target"], r), tgt, style, c.percent, "target")
    ref_a = "%s%d" % (col["result"], r)
    if "a_raw" in ov:
        v, fmt = ov["a_raw"]
        put(ws, ref_a, v, fmt=fmt, border=True, align="center")
    elif "a_text" in ov:
        put(ws, ref_a, ov["a_text"], border=True, align="center", wrap=True)
    elif c.method == ASSESSED:
        put(ws, ref_a, None, border=True)
    else:
        write_value(ws, ref_a, row.a, style, c.percent, "result")
    ref_s = "%s%d" % (col["self"], r)
    if style["self_numbers"] == "formula" and c.method != ASSESSED and "self_raw" not in ov:
        put(ws, ref_s, ls_formula(c, r, col), border=True, align="center", fmt="0.00")
    elif "self_raw" in ov:
        put(ws, ref_s, ov["self_raw"], border=True, align="center")
    else:
        write_value(ws, ref_s, row.self_score, style, False, "self")
    if "note" in ov:
        put(ws, "%s%d" % (col["note"], r), ov["note"], italic=True, wrap=True, border=True, size=11)
    crit_self_cells.append(ref_s)
    cells[c.code] = {"code": "%s%d" % (col["code"], r), "max": "%s%d" % (col["max"], r),
                     "target": "%s%d" % (col["target"], r), "result": ref_a, "self": ref_s,
                     "_row": r}
    return r + 1


# --------------------------------------------------------------------------
# Expectations
# --------------------------------------------------------------------------

def diag(kind, file=None, sheet=None, cell=None, unit=None, **extra):
    d = {"kind": kind, "file": file, "sheet": sheet, "cell": cell, "unit": unit}
    d.update(extra)
    return d


def check_rows(c_sections, unit, rows, cells, file, sheet):
    """The row-level findings SPEC 4-6 call for, derived from what was written."""
    out = []
    for c in all_crits(c_sections):
        row = rows[c.code]
        ov = row.over
        if ov.get("omit"):
            out.append(diag("missing-criterion", file, sheet, None, unit, criterion=c.code))
            continue
        cl = cells[c.code]
        for k in ov.get("diags", []):
            out.append(diag(k, file, sheet, cl["self" if c.method == ASSESSED and k in
                                               ("missing-value", "not-a-number") else "result"],
                            unit, criterion=c.code))
        for k in ov.get("ambiguous", []):
            out.append(diag("ambiguous-number", file, sheet, cl[k], unit, criterion=c.code))
        if c.method not in (ASSESSED, BONUS, PENALTY):
            written = ov["tgt"] if "tgt" in ov else c.target_for(unit)
            if written is not None and written != c.target_for(unit):
                out.append(diag("target-mismatch", file, sheet, cl["target"], unit, criterion=c.code,
                                expected=num(c.target_for(unit)), found=num(written)))
        if "max" in ov and F(ov["max"]) != c.max:
            out.append(diag("max-mismatch", file, sheet, cl["max"], unit, criterion=c.code,
                            expected=num(c.max), found=num(ov["max"])))
        s = row.self_score
        if s is not None:
            if s > c.max:
                out.append(diag("self-score-over-max", file, sheet, cl["self"], unit, criterion=c.code,
                                expected=num(c.max), found=num(s)))
            if c.method != ASSESSED and row.a is not None:
                computed = round2(raw_score(c, row.a, None, c.target_for(unit)))
                if abs(s - computed) > F(5, 1000):
                    out.append(diag("self-score-mismatch", file, sheet, cl["self"], unit,
                                    criterion=c.code, expected=num(computed), found=num(s)))
    return out


def score_unit(sections, unit, rows):
    scores = {}
    for c in all_crits(sections):
        row = rows[c.code]
        if row.over.get("omit"):
            scores[c.code] = F(0)
            continue
        if c.method == ASSESSED:
            ok = row.self_score is not None and not row.over.get("diags")
            scores[c.code] = round2(raw_score(c, None, row.self_score, None)) if ok else F(0)
        else:
            scores[c.code] = round2(raw_score(c, row.a, None, c.target_for(unit))) \
                if row.a is not None else F(0)
    return scores


def rank_units(folder):
    """Totals, ranks, classification and proposals (SPEC 5) for folder['units']."""
    base = sum(c.max for c in all_crits(folder["sections"]) if c.in_base)
    th = folder["thresholds"]
    order = [u["code"] for u in folder["members"]]
    scored = [u for u in folder["results"] if u["status"] == "scored"]
    for u in scored:
        for (code, crit), v in folder["adjust"].items():
            if code == u["code"]:
                u["scores"][crit] = v
        u["total"] = sum(u["scores"].values())
        u["classification"] = classify(u["total"], base, th)
    scored.sort(key=lambda u: (-u["total"], order.index(u["code"])))
    for i, u in enumerate(scored):
        u["rank"] = 1 + sum(1 for v in scored if v["total"] > u["total"])
        u["position"] = i + 1
    nf, nb = folder["flags"], folder["certs"]

    def offer(pos, cls):
        if pos <= nf:
            return "Cờ thi đua" if cls == "Xuất sắc" else None
        if pos <= nf + nb:
            return "Bằng khen" if cls in ("Xuất sắc", "Tốt") else None
        return None

    ties = []
    for u in scored:
        u["proposal"] = offer(u["position"], u["classification"])
    groups = {}
    for u in scored:
        groups.setdefault(u["total"], []).append(u)
    for total, g in groups.items():
        if len(g) < 2:
            continue
        lo, hi = min(u["position"] for u in g), max(u["position"] for u in g)
        straddles = any(lo <= cut < hi for cut in (nf, nf + nb))
        if not straddles:
            continue
        ties.append(g)
        for u in g:
            covered = [offer(p, u["classification"]) for p in range(lo, hi + 1)]
            if any(covered):
                u["proposal"] = "Biểu quyết"
    others = [u for u in folder["results"] if u["status"] != "scored"]
    others.sort(key=lambda u: order.index(u["code"]))
    for u in others:
        u.update(total=None, rank=None, classification=None, proposal=None)
    return base, scored + others, ties


def next_year(info, members):
    codes = [m["code"] for m in members]
    head = info_value(info, "Cụm trưởng năm sau") or codes[(codes.index(info_value(info, "Cụm trưởng")) + 1) % len(codes)]
    deputy = info_value(info, "Cụm phó năm sau") or codes[(codes.index(head) + 1) % len(codes)]
    return head, deputy


def fnum(x):
    return None if x is None else num(x)


def write_expectations(folder, outdir, exit_status, diagnostics, files, extra_md=""):
    base, units, ties = rank_units(folder)
    head, deputy = next_year(folder["info"], folder["members"])
    crits = all_crits(folder["sections"])
    data = {
        "exit_status": exit_status,
        "organisation": info_value(folder["info"], "Tổ chức"),
        "cluster": info_value(folder["info"], "Cụm thi đua"),
        "year": YEAR,
        "base_max": num(base),
        "units": [{
            "code": u["code"], "status": u["status"], "file": u.get("file"),
            "total": fnum(u["total"]), "rank": u["rank"],
            "classification": u["classification"], "proposal": u["proposal"],
            "scores": ({c.code: num(u["scores"][c.code]) for c in crits}
                       if u["status"] == "scored" else None),
        } for u in units],
        "next_year": {"head": head, "deputy": deputy},
        "files": files,
        "diagnostics": diagnostics,
        "notes": folder.get("json_notes", []),
    }
    (outdir / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")

    names = {m["code"]: m["short"] for m in folder["members"]}
    md = ["# Expected results: `%s`" % outdir.name, ""]
    md.append(folder["intro"])
    md.append("")
    md.append("`thidua run %s` exits **%d**. Base maximum %s; thresholds Xuất sắc %s%%, "
              "Tốt %s%%, Khá %s%%; %d Cờ thi đua, %d Bằng khen."
              % (outdir.name, exit_status, dec(base), *(dec(folder["thresholds"][k]) for k in
                                                         ("Xuất sắc", "Tốt", "Khá")),
                 folder["flags"], folder["certs"]))
    md.append("")
    md.append("## Ranking")
    md.append("")
    md.append("| Hạng | Đơn vị | Tổng điểm | Xếp loại | Đề nghị | Trạng thái | Tệp |")
    md.append("|---:|---|---:|---|---|---|---|")
    for u in units:
        md.append("| %s | %s (%s) | %s | %s | %s | %s | %s |" % (
            u["rank"] or "", names[u["code"]], u["code"],
            vn(u["total"]) if u["total"] is not None else "", u["classification"] or "",
            u["proposal"] or "", u["status"], ("`%s`" % u["file"]) if u.get("file") else ""))
    md.append("")
    md.append("Next year (%d): Cụm trưởng **%s**, Cụm phó **%s**." % (YEAR + 1, head, deputy))
    md.append("")
    md.append("## Scores by criterion")
    md.append("")
    scored = [u for u in units if u["status"] == "scored"]
    md.append("| Mã | Cách chấm | Điểm chuẩn | " + " | ".join(u["code"] for u in scored) + " |")
    md.append("|---|---|---:|" + "---:|" * len(scored))
    for c in crits:
        md.append("| %s | %s | %s | %s |" % (c.code, c.method, vn(c.max),
                                            " | ".join(vn(u["scores"][c.code]) for u in scored)))
    md.append("| **Tổng** | | %s | %s |" % (vn(base), " | ".join("**%s**" % vn(u["total"]) for u in scored)))
    md.append("")
    if folder["adjust"]:
        md.append("Adjustments from `dieu-chinh.xlsx` are already applied above.")
        md.append("")
    md.append("## Diagnostics")
    md.append("")
    if diagnostics:
        md.append("| kind | unit | file | sheet | cell | detail |")
        md.append("|---|---|---|---|---|---|")
        for d in diagnostics:
            detail = []
            if d.get("criterion"):
                detail.append("criterion %s" % d["criterion"])
            if "expected" in d:
                detail.append("expected %s, found %s" % (d["expected"], d["found"]))
            if d.get("why"):
                detail.append(d["why"])
            md.append("| `%s` | %s | %s | %s | %s | %s |" % (
                d["kind"], d["unit"] or "", ("`%s`" % d["file"]) if d["file"] else "",
                d["sheet"] or "", d["cell"] or "", "; ".join(detail)))
    else:
        md.append("None.")
    md.append("")
    md.append("## Files")
    md.append("")
    md.append("| file | unit | status | what it shows |")
    md.append("|---|---|---|---|")
    for f in files:
        md.append("| `%s` | %s | %s | %s |" % (f["file"], f["unit"] or "", f["status"], f.get("shows", "")))
    md.append("")
    if extra_md:
        md.append(extra_md)
    (outdir / "EXPECTED.md").write_text("\n".join(md).rstrip() + "\n", encoding="utf-8")
    return units


# --------------------------------------------------------------------------
# Folder 1: cum3-2016
# --------------------------------------------------------------------------

MEMBERS4 = [
    dict(code="CB", name="Hội Cựu chiến binh tỉnh Cao Bằng", short="Cao Bằng",
         other="Hội CCB tỉnh Cao Bằng; CCB Cao Bằng", signer="Nông Văn Thạch", title="Chủ tịch"),
    dict(code="TN", name="Hội Cựu chiến binh tỉnh Thái Nguyên", short="Thái Nguyên",
         other="Hội CCB tỉnh Thái Nguyên", signer="Dương Văn Khánh", title="Chủ tịch"),
    dict(code="BK", name="Hội Cựu chiến binh tỉnh Bắc Kạn", short="Bắc Kạn",
         other="Hội CCB tỉnh Bắc Kạn; Bắc Cạn", signer="Ma Văn Dũng", title="Chủ tịch"),
    dict(code="LS", name="Hội Cựu chiến binh tỉnh Lạng Sơn", short="Lạng Sơn",
         other="Hội CCB tỉnh Lạng Sơn", signer="Lương Văn Quý", title="Chủ tịch"),
]
MEMBERS8 = MEMBERS4 + [
    dict(code="HG", name="Hội Cựu chiến binh tỉnh Hà Giang", short="Hà Giang",
         other="Hội CCB tỉnh Hà Giang", signer="Lù Văn Cường", title="Chủ tịch"),
    dict(code="TQ", name="Hội Cựu chiến binh tỉnh Tuyên Quang", short="Tuyên Quang",
         other="Hội CCB tỉnh Tuyên Quang", signer="Ma Thế Hùng", title="Phó Chủ tịch Thường trực"),
    dict(code="YB", name="Hội Cựu chiến binh tỉnh Yên Bái", short="Yên Bái",
         other="Hội CCB tỉnh Yên Bái", signer="Lò Văn Thắng", title="Chủ tịch"),
    dict(code="LC", name="Hội Cựu chiến binh tỉnh Lào Cai", short="Lào Cai",
         other="Hội CCB tỉnh Lào Cai", signer="Vũ Văn Khoa", title="Chủ tịch"),
]


def base_info(deputy, thresholds=True, certs=1):
    info = [
        ("Tổ chức", "Hội Cựu chiến binh Việt Nam", None),
        ("Cụm thi đua", "Cụm thi đua số 3", None),
        ("Năm", YEAR, None),
        ("Cụm trưởng", "TN", None),
        ("Cụm phó", deputy, None),
        ("Cụm trưởng năm sau", "LS", None),
        ("Cụm phó năm sau", None, None),
        ("Địa điểm", "Thái Nguyên", None),
        ("Ngày hội nghị", datetime.datetime(2017, 1, 6), "dd/mm/yyyy"),
    ]
    if thresholds:
        info += [("Xuất sắc", 90, None), ("Tốt", 80, None), ("Khá", 65, None)]
    info += [("Số Cờ thi đua", 1, None), ("Số Bằng khen", certs, None)]
    return info


DEFAULT_TH = {"Xuất sắc": F(90), "Tốt": F(80), "Khá": F(65)}


def sign_block(place, day, month, role, name):
    return [("%s, ngày %s tháng %s năm %d" % (place, day, month, YEAR), False, True),
            ("TM. BAN THƯỜNG VỤ", True, False),
            (role.upper(), True, False),
            ("", False, False), ("", False, False), ("", False, False),
            (name, True, False)]


def cb_titles(province_upper, place, date_text, extra=None, year=YEAR):
    t = [(1, "HỘI CCB VIỆT NAM", "left", False, False, 12),
         (1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "right", True, False, 12),
         (2, "HỘI CCB TỈNH %s" % province_upper, "left", True, False, 12),
         (2, "Độc lập - Tự do - Hạnh phúc", "right", True, False, 13),
         (3, "%s, %s" % (place, date_text), "right", False, True, 12),
         (5, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM %d" % year, "all", True, False, 14),
         (6, "(Thực hiện Giao ước thi đua Cụm thi đua số 3 - Hội Cựu chiến binh Việt Nam)",
          "all", False, True, 12)]
    return t + (extra or [])


def build_cum3(tmp, lo):
    out = HERE / "cum3-2016"
    reset(out)
    nop = out / "nop"
    nop.mkdir()
    sections = sections_2016({"TN": 200, "LS": 150}, {"CB": 250, "LS": 320},
                             {"CB": 450, "TN": 850, "BK": 380, "LS": 620})
    info = base_info("LS")
    write_agreement(out / "giao-uoc.xlsx", info, MEMBERS4, sections, ["CB", "TN", "BK", "LS"])

    # --- results (percent criteria in percent units; Thẩm định: the self-score)
    res = {
        "CB": {"1.1": "92.4", "1.2": "113", "1.3": "4.25", "1.4": "100",
               "2.1": "81.3", "2.2": "78.6", "2.3": "4", "2.4": "97.2",
               "3.1": "231", "3.2": "436.8", "3.3": "121", "3.4": "4.6",
               "4.1": "86.5", "4.2": "4.75", "4.3": "0", "4.4": "100",
               "5.1": "1", "5.2": "0"},
        "TN": {"1.1": "96", "1.2": "186", "1.3": "4.5", "1.4": "100",
               "2.1": "88.2", "2.2": "82.4", "2.3": "3", "2.4": "93.5",
               "3.1": "176", "3.2": "812.5", "3.3": "142", "3.4": "2.15",
               "4.1": "88", "4.2": "5", "4.3": "1", "4.4": "97",
               "5.1": "2", "5.2": "1"},
        "BK": {"1.1": "90", "1.2": "96", "1.3": "4", "1.4": "92.5",
               "2.1": "85", "2.2": "81.2", "2.3": "5", "2.4": "91.4",
               "3.1": "187", "3.2": "412", "3.3": "118", "3.4": "2.6",
               "4.1": "80", "4.2": "4.5", "4.3": "0", "4.4": "90",
               "5.1": "0", "5.2": "2"},
        "LS": {"1.1": "97.5", "1.2": "162", "1.3": "4.75", "1.4": "100",
               "2.1": "84.6", "2.2": "85.7", "2.3": "2", "2.4": "96.8",
               "3.1": "341", "3.2": "605.4", "3.3": "163", "3.4": "2.85",
               "4.1": "91.3", "4.2": "5.25", "4.3": "0", "4.4": "100",
               "5.1": "3", "5.2": "0"},
    }
    over = {
        "CB": {"1.2": {"self": "4.25", "note": "Làm tròn 1/4 điểm"},
               "1.3": {"a_text": "Hoàn thành tốt"}, "4.2": {"a_text": "Hoàn thành tốt"},
               "3.2": {"note": "Số liệu đến 30/11/2016"}},
        "TN": {"3.2": {"note": "Số liệu NHCSXH tỉnh"}},
        "BK": {"5.1": {"code_text": ""}, "5.2": {"code_text": ""},
               "1.1": {"code_text": "1.1."}, "1.2": {"code_text": "1.2."}, "1.3": {"code_text": "1.3."},
               "1.4": {"code_text": "1.4."}, "2.1": {"code_text": "2.1."}, "2.2": {"code_text": "2.2."},
               "2.3": {"code_text": "2.3."}, "2.4": {"code_text": "2.4."}, "3.1": {"code_text": "3.1."},
               "3.2": {"code_text": "3.2.", "tgt": F(400), "note": "Chỉ tiêu đăng ký đầu năm"},
               "3.3": {"code_text": "3.3."}, "3.4": {"code_text": "3.4."}, "4.1": {"code_text": "4.1."},
               "4.2": {"code_text": "4.2."}, "4.3": {"code_text": "4.3."}, "4.4": {"code_text": "4.4."}},
        "LS": {"2.2": {"note": "44/51 cơ sở"}, "3.1": {"note": "Vượt chỉ tiêu"}},
    }
    rows = {u: unit_rows(sections, u, res[u], over.get(u)) for u in res}

    files, diags, results = [], [], []
    stage = Path(tmp) / "cum3"
    stage.mkdir()

    # Cao Bằng: .xlsx, title block, unit line, two-row merged header
    name_cb = "Bang tu cham diem CCB Cao Bang 2016.xlsx"
    cells, sheet = write_unit_book(
        nop / name_cb, STYLE_CB, sections, "CB", rows["CB"], sheet="Tự chấm điểm",
        titles=cb_titles("CAO BẰNG", "Cao Bằng", "ngày 12 tháng 12 năm 2016"),
        unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Cao Bằng"),
        sign=sign_block("Cao Bằng", "12", "12", "Chủ tịch", "Nông Văn Thạch"),
        creator="Văn phòng Hội CCB tỉnh Cao Bằng")
    add_unit_result("CB", "nop/" + name_cb, sheet, cells, rows["CB"], sections, diags, results, files,
                    "xlsx from the provincial office: title block, `Đơn vị:` line, two-row merged "
                    "header with line breaks, Roman sections, Tổng cộng row; self-score 1.2 "
                    "rounded to a quarter point")

    # Thái Nguyên: .xls (LibreOffice), blank column A, other header words, text numbers
    src = stage / "tn.xlsx"
    cells, sheet = write_unit_book(
        src, STYLE_TN, sections, "TN", rows["TN"], sheet="Sheet1",
        titles=[(1, "HỘI CCB TỈNH THÁI NGUYÊN", "left", True, False, 12),
                (2, "BAN THƯỜNG VỤ", "left", False, False, 12),
                (3, "BẢNG ĐIỂM TỰ CHẤM THI ĐUA NĂM 2016", "all", True, False, 14)],
        unit_line=(4, "Đơn vị: Hội CCB tỉnh Thái Nguyên"), post_sheets=["Sheet2", "Sheet3"],
        sign=sign_block("Thái Nguyên", "14", "12", "Chủ tịch", "Dương Văn Khánh"),
        creator="Hội CCB Thái Nguyên")
    name_tn = "TN_tuchamdiem_2016.xls"
    shutil.copy(lo.convert(src, "xls", stage / "xls"), nop / name_tn)
    add_unit_result("TN", "nop/" + name_tn, sheet, cells, rows["TN"], sections, diags, results, files,
                    ".xls (Excel 97-2003, made by LibreOffice): blank column A, header `Mã tiêu chí`, "
                    "`Kết quả thực hiện`, `Điểm tự chấm`; codes typed as numbers; decimals typed as "
                    "text with a decimal comma (`7,25`, `812,5`, `88,2%`)")

    # Bắc Kạn: .ods, split unit line with another name, codes with a trailing dot
    src = stage / "bk.xlsx"
    cells, sheet = write_unit_book(
        src, STYLE_BK, sections, "BK", rows["BK"], sheet="Tự chấm 2016",
        titles=[(1, "HỘI CỰU CHIẾN BINH TỈNH BẮC KẠN", "all", True, False, 13),
                (2, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2016", "all", True, False, 14)],
        unit_line=(3, "Đơn vị:", "Hội CCB tỉnh Bắc Cạn"),
        sign=sign_block("Bắc Kạn", "16", "12", "Chủ tịch", "Ma Văn Dũng"),
        creator="CCB Bac Kan")
    name_bk = "BK - Tu cham diem thi dua 2016.ods"
    shutil.copy(lo.convert(src, "ods", stage / "ods"), nop / name_bk)
    add_unit_result("BK", "nop/" + name_bk, sheet, cells, rows["BK"], sections, diags, results, files,
                    ".ods (LibreOffice): `TT`/`Tiêu chí`/`Thang điểm`/`Chỉ tiêu đăng ký`/`Thực hiện`/"
                    "`Đơn vị tự chấm`; `Đơn vị:` in one cell, the name (`Bắc Cạn`, a Tên khác) in the "
                    "next; codes `1.1.`; the section V rows have no code and match by content; "
                    "3.2 target written 400 (signed: 380)")

    # Lạng Sơn: .xlsx with formulas and percent formats, round-tripped through LibreOffice
    src = stage / "ls.xlsx"
    cells, sheet = write_unit_book(
        src, STYLE_LS, sections, "LS", rows["LS"], sheet="Bảng điểm",
        titles=[(1, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2016 CỦA HỘI CỰU CHIẾN BINH TỈNH LẠNG SƠN",
                 "all", True, False, 14),
                (2, "(Theo Giao ước thi đua Cụm thi đua số 3 ký ngày 25 tháng 02 năm 2016)",
                 "all", False, True, 12)],
        pre_sheets=[("Thuyết minh", [
            ("THUYẾT MINH KẾT QUẢ TỰ CHẤM ĐIỂM", True),
            ("Năm 2016, Hội CCB tỉnh Lạng Sơn có 51 cơ sở Hội, 44 cơ sở đạt trong sạch, vững mạnh.", False),
            ("Các chỉ tiêu tỷ lệ tính theo số liệu báo cáo của các huyện, thành phố đến ngày 30/11/2016.", False),
            ("Điểm tự chấm tính bằng công thức theo cách chấm của Giao ước.", False)])],
        sign=sign_block("Lạng Sơn", "15", "12", "Chủ tịch", "Lương Văn Quý"),
        creator="Hội CCB tỉnh Lạng Sơn")
    name_ls = "Bảng tự chấm điểm thi đua 2016 - Hội CCB Lạng Sơn.xlsx"
    shutil.copy(lo.convert(src, "xlsx", stage / "xlsx"), nop / name_ls)
    verify_cached(nop / name_ls, sheet, cells, rows["LS"])
    add_unit_result("LS", "nop/" + name_ls, sheet, cells, rows["LS"], sections, diags, results, files,
                    ".xlsx with formulas (cached values from LibreOffice) and percent-formatted "
                    "targets and results; a notes sheet comes first; no `Đơn vị` line: the title "
                    "names the unit")

    folder = dict(info=info, members=MEMBERS4, sections=sections, thresholds=DEFAULT_TH,
                  flags=1, certs=1, results=results, adjust={},
                  intro="Cụm thi đua số 3 (Hội Cựu chiến binh), year 2016: Cao Bằng, Thái Nguyên, "
                        "Bắc Kạn, Lạng Sơn. Four workbooks as four provincial offices would send "
                        "them. No errors; two warnings.",
                  json_notes=NOTES_COMMON)
    write_expectations(folder, out, 0, diags, files)
    return folder


NOTES_COMMON = [
    "Compare diagnostics as a multiset on (kind, file, sheet, cell, unit); 'criterion', "
    "'expected', 'found' and 'why' are extra help, not part of the match.",
    "Scores are exact hundredths; compare with a tolerance below 0.005.",
    "units are listed in ranking order, then the unranked units in Đơn vị order.",
    "Thẩm định rows: only the self-score is read; text in their Kết quả cell (e.g. "
    "'Hoàn thành tốt') is no finding.",
    "File-level findings (unreadable-file, unknown-unit, duplicate-unit, wrong-year, no-table, "
    "legacy-encoding), missing-unit and tie-at-cutoff have sheet and cell null; "
    "missing-criterion has the sheet and no cell.",
]


def add_unit_result(code, file, sheet, cells, rows, sections, diags, results, files, shows,
                    status="scored"):
    diags.extend(check_rows(sections, code, rows, cells, file, sheet))
    results.append({"code": code, "status": status, "file": file,
                    "scores": score_unit(sections, code, rows)})
    files.append({"file": file, "unit": code, "status": "used", "shows": shows})


def verify_cached(path, sheet, cells, rows):
    """The formulas' cached values (LibreOffice) must be the scores we expect."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet]
    for code, cl in cells.items():
        row = rows.get(code)
        if row is None or row.self_score is None:
            continue
        v = ws[cl["self"]].value
        assert v is not None and abs(F(str(v)) - row.self_score) < F(1, 10 ** 9), \
            (path, code, v, row.self_score)


def reset(path):
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)


# --------------------------------------------------------------------------
# Folder 2: loi-2016
# --------------------------------------------------------------------------

def build_loi(tmp, lo, cum3):
    out = HERE / "loi-2016"
    reset(out)
    nop = out / "nop"
    nop.mkdir()
    sections = sections_2016({"TN": 200, "LS": 150}, {"CB": 250, "LS": 320},
                             {"CB": 450, "TN": 850, "BK": 380, "LS": 620, "HG": 300, "YB": 420})
    info = base_info("LS", thresholds=False, certs=2)
    unit_cols = ["CB", "TN", "BK", "LS", "HG", "TQ", "YB", "LC"]
    write_agreement(out / "giao-uoc.xlsx", info, MEMBERS8, sections, unit_cols)
    stage = Path(tmp) / "loi"
    stage.mkdir()

    res = {
        # CB and TN tie exactly at the top (both Xuất sắc): Biểu quyết
        "CB": {"1.1": "96.5", "1.2": "124", "1.3": "4.5", "1.4": "100",
               "2.1": "88.2", "2.2": "84.1", "2.3": "2", "2.4": "95.6",
               "3.1": "241", "3.2": "463.2", "3.3": "139", "3.4": "2.4",
               "4.1": "90", "4.2": "4.75", "4.3": "1", "4.4": "100",
               "5.1": "1", "5.2": "0"},
        "TN": {"1.1": "95.2", "1.2": "196", "1.3": "4.5", "1.4": "100",
               "2.1": "90.5", "2.2": "86", "2.3": "1", "2.4": "97",
               "3.1": "188", "3.2": "842", "3.3": "151", "3.4": "1.9",
               "4.1": "92", "4.2": "5", "4.3": "1", "4.4": "98.5",
               "5.1": "1", "5.2": "1"},
        "BK": {"1.1": "90", "1.2": "96", "1.3": "4", "1.4": "92.5",
               "2.1": "85", "2.2": "81.2", "2.3": "5", "2.4": "91.4",
               "3.1": "187", "3.2": "412", "3.3": "118", "3.4": "2.6",
               "4.1": "80", "4.2": "4.5", "4.3": "0", "4.4": "90",
               "5.1": "0", "5.2": "2"},
        "LS": {"1.1": "95", "1.2": "141", "1.3": "5.5", "1.4": "100",
               "2.1": "82", "2.2": "79", "2.3": "4", "2.4": "93",
               "3.1": "1234", "3.2": "640", "3.3": "128", "3.4": "3.5",
               "4.1": "82", "4.2": "4.5", "4.3": "1", "4.4": "96",
               "5.1": "0", "5.2": "1"},
        "HG": {"1.1": "93", "1.2": "110", "1.3": "4.5", "1.4": "96",
               "2.1": "86", "2.2": "80", "2.3": "3", "2.4": "94",
               "3.1": "190", "3.2": "288", "3.3": "140", "3.4": "3",
               "4.1": "86", "4.2": "4.25", "4.3": "1", "4.4": "100",
               "5.1": "0", "5.2": "0"},
    }
    ex = {}
    # BK: row-level errors (scores 0; self-score left blank on those rows)
    ex["BK"] = {
        "1.1": {"a": None, "self": None, "a_raw": (None, None), "diags": ["missing-value"]},
        "2.1": {"a": None, "self": None, "a_raw": (120, None), "diags": ["out-of-range"],
                "note": "Kết nạp cả hội viên chuyển đến"},
        "2.4": {"omit": True},
        "3.1": {"a": None, "self": None, "a_raw": (-5, None), "diags": ["out-of-range"]},
        "3.3": {"a": None, "self": None, "a_raw": ("chưa có số liệu", None), "diags": ["not-a-number"]},
    }
    # LS (.ods): ambiguous numbers and the four workbook-vs-agreement checks
    ex["LS"] = {
        "1.1": {"a_raw": (0.95, None), "ambiguous": ["result"]},
        "1.3": {"note": "Nhiều bài viết trên báo Lạng Sơn"},
        "2.3": {"self": "5"},
        "3.1": {"a_raw": ("1.234", None), "ambiguous": ["result"]},
        "3.2": {"tgt": F(600)},
        "4.1": {"max": F(5)},
    }
    rows = {u: unit_rows(sections, u, res[u], ex.get(u)) for u in res}
    diags, results, files = [], [], []

    # CB: clean .xlsx (tie)
    name = "Bang tu cham diem CCB Cao Bang 2016.xlsx"
    cells, sheet = write_unit_book(
        nop / name, STYLE_CB, sections, "CB", rows["CB"], sheet="Tự chấm điểm",
        titles=cb_titles("CAO BẰNG", "Cao Bằng", "ngày 12 tháng 12 năm 2016"),
        unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Cao Bằng"),
        sign=sign_block("Cao Bằng", "12", "12", "Chủ tịch", "Nông Văn Thạch"),
        creator="Văn phòng Hội CCB tỉnh Cao Bằng")
    add_unit_result("CB", "nop/" + name, sheet, cells, rows["CB"], sections, diags, results, files,
                    "clean; ties with TN for first place")

    # TN: clean .xls (tie)
    src = stage / "tn.xlsx"
    cells, sheet = write_unit_book(
        src, STYLE_TN, sections, "TN", rows["TN"], sheet="Sheet1",
        titles=[(1, "HỘI CCB TỈNH THÁI NGUYÊN", "left", True, False, 12),
                (3, "BẢNG ĐIỂM TỰ CHẤM THI ĐUA NĂM 2016", "all", True, False, 14)],
        unit_line=(4, "Đơn vị: Hội CCB tỉnh Thái Nguyên"), post_sheets=["Sheet2", "Sheet3"],
        creator="Hội CCB Thái Nguyên")
    name = "TN_tuchamdiem_2016.xls"
    shutil.copy(lo.convert(src, "xls", stage / "xls"), nop / name)
    add_unit_result("TN", "nop/" + name, sheet, cells, rows["TN"], sections, diags, results, files,
                    "clean .xls; ties with CB for first place")

    # BK: row errors, .xlsx
    name = "BK_tu cham 2016.xlsx"
    cells, sheet = write_unit_book(
        nop / name, STYLE_CB, sections, "BK", rows["BK"], sheet="Tự chấm",
        titles=cb_titles("BẮC KẠN", "Bắc Kạn", "ngày 16 tháng 12 năm 2016"),
        unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Bắc Kạn"),
        extra_rows={"3.4": [("3.5", "Số nhà đồng đội được xây dựng, sửa chữa", F(3), F(10), F(12), F(3))]},
        creator="CCB Bac Kan")
    add_unit_result("BK", "nop/" + name, sheet, cells, rows["BK"], sections, diags, results, files,
                    "row errors: 1.1 result empty, 2.1 = 120%, 2.4 row left out, 3.1 = -5, "
                    "3.3 `chưa có số liệu`, an extra row 3.5")
    diags.append(diag("unknown-criterion", "nop/" + name, sheet, cells["extra:3.5"]["code"], "BK",
                      criterion="3.5"))

    # LS: .ods with ambiguous numbers and mismatches
    src = stage / "ls.xlsx"
    cells, sheet = write_unit_book(
        src, STYLE_BK, sections, "LS", rows["LS"], sheet="Tự chấm",
        titles=[(1, "HỘI CỰU CHIẾN BINH TỈNH LẠNG SƠN", "all", True, False, 13),
                (2, "BẢNG TỰ CHẤM ĐIỂM THI ĐUA NĂM 2016", "all", True, False, 14)],
        unit_line=(3, "Đơn vị:", "Hội CCB tỉnh Lạng Sơn"), creator="Hội CCB tỉnh Lạng Sơn")
    name = "LS_tu cham_2016.ods"
    shutil.copy(lo.convert(src, "ods", stage / "ods"), nop / name)
    add_unit_result("LS", "nop/" + name, sheet, cells, rows["LS"], sections, diags, results, files,
                    ".ods: bare 0.95 on a percent criterion (1.1), text `1.234` (3.1), target 600 "
                    "instead of 620 (3.2), maximum 5 instead of 6 (4.1), self-score 5 where 4 is "
                    "computed (2.3), self-score 5.5 over the maximum 5 (1.3, Thẩm định)")

    # HG: typed in TCVN3 (.VnTime), otherwise clean
    name = "HG_Bang diem 2016.xlsx"
    cells, sheet = write_unit_book(
        nop / name, STYLE_CB, sections, "HG", rows["HG"], sheet="Bang diem",
        titles=cb_titles("HÀ GIANG", "Hà Giang", "ngày 19 tháng 12 năm 2016"),
        unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Hà Giang"),
        sign=sign_block("Hà Giang", "19", "12", "Chủ tịch", "Lù Văn Cường"),
        creator="HG", tcvn=True)
    add_unit_result("HG", "nop/" + name, sheet, cells, rows["HG"], sections, diags, results, files,
                    "typed with .VnTime fonts: every text (title, unit line, headers, criteria) in "
                    "TCVN3 as Windows-1252 characters")
    diags.append(diag("legacy-encoding", "nop/" + name, None, None, "HG"))

    # TQ: last year's workbook
    rows_tq = unit_rows(sections, "TQ", res["HG"])
    name = "Bang tu cham TQ.xlsx"
    write_unit_book(
        nop / name, STYLE_CB, sections, "TQ", rows_tq, sheet="Tự chấm điểm",
        titles=cb_titles("TUYÊN QUANG", "Tuyên Quang", "ngày 18 tháng 12 năm 2015", year=2015),
        unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Tuyên Quang"), creator="TQ")
    diags.append(diag("wrong-year", "nop/" + name, None, None, "TQ", expected=YEAR, found=2015))
    results.append({"code": "TQ", "status": "rejected", "file": "nop/" + name})
    files.append({"file": "nop/" + name, "unit": "TQ", "status": "rejected",
                  "shows": "title and date say năm 2015: `wrong-year`"})

    # YB: sent twice
    rows_yb = unit_rows(sections, "YB", res["HG"])
    n1 = "YB_tuchamdiem_2016.xlsx"
    write_unit_book(nop / n1, STYLE_CB, sections, "YB", rows_yb, sheet="Tự chấm điểm",
                    titles=cb_titles("YÊN BÁI", "Yên Bái", "ngày 10 tháng 12 năm 2016"),
                    unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Yên Bái"), creator="YB")
    rows_yb2 = unit_rows(sections, "YB", dict(res["HG"], **{"1.3": "4.75"}))
    src = stage / "yb2.xlsx"
    write_unit_book(src, STYLE_TN, sections, "YB", rows_yb2, sheet="Sheet1",
                    titles=[(1, "HỘI CCB TỈNH YÊN BÁI", "left", True, False, 12),
                            (3, "BẢNG ĐIỂM TỰ CHẤM THI ĐUA NĂM 2016 (GỬI LẠI)", "all", True, False, 14)],
                    unit_line=(4, "Đơn vị: Hội CCB tỉnh Yên Bái"), creator="YB")
    n2 = "YB_tuchamdiem_2016 (gui lai).xls"
    shutil.copy(lo.convert(src, "xls", stage / "xls"), nop / n2)
    for n in (n1, n2):
        diags.append(diag("duplicate-unit", "nop/" + n, None, None, "YB"))
        files.append({"file": "nop/" + n, "unit": "YB", "status": "duplicate",
                      "shows": "Yên Bái sent two workbooks: neither is used"})
    results.append({"code": "YB", "status": "duplicate", "file": None})

    # LC: nothing
    diags.append(diag("missing-unit", None, None, None, "LC"))
    results.append({"code": "LC", "status": "missing", "file": None})

    # A workbook from outside the cluster
    rows_pt = unit_rows(sections, "PT", res["HG"])
    name = "Bang tu cham diem - CCB Phu Tho 2016.xlsx"
    write_unit_book(nop / name, STYLE_CB, sections, "PT", rows_pt, sheet="Tự chấm điểm",
                    titles=cb_titles("PHÚ THỌ", "Phú Thọ", "ngày 20 tháng 12 năm 2016"),
                    unit_line=(7, "Đơn vị: Hội Cựu chiến binh tỉnh Phú Thọ"), creator="PT")
    diags.append(diag("unknown-unit", "nop/" + name, None, None, None))
    files.append({"file": "nop/" + name, "unit": None, "status": "rejected",
                  "shows": "Phú Thọ is not a member: `unknown-unit`"})

    # A cover letter: no table
    name = "Cong van gui kem bang diem.xlsx"
    wb = new_workbook("Văn thư")
    ws = wb.active
    ws.title = "Công văn"
    ws.column_dimensions["A"].width = 100
    for i, t in enumerate([
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
            "Kính gửi: Thường trực Cụm thi đua số 3",
            "Thực hiện hướng dẫn tổng kết công tác thi đua, khen thưởng, Ban Thường vụ gửi kèm "
            "bảng tự chấm điểm và báo cáo thành tích của đơn vị.",
            "Bảng điểm chi tiết xin gửi theo đường văn thư.", "", "Trân trọng./."], start=1):
        put(ws, "A%d" % i, t or None, bold=i <= 2, wrap=True, align="center" if i <= 2 else None)
    save(wb, nop / name)
    diags.append(diag("no-table", "nop/" + name, None, None, None))
    files.append({"file": "nop/" + name, "unit": None, "status": "rejected",
                  "shows": "a cover letter, no table: `no-table`"})

    # Unreadable: a truncated .xlsx and a text file named .xls
    name = "Bao cao thi dua 2016.xlsx"
    data = (HERE / "cum3-2016" / "nop" / "Bang tu cham diem CCB Cao Bang 2016.xlsx").read_bytes()
    (nop / name).write_bytes(data[:len(data) // 3])
    diags.append(diag("unreadable-file", "nop/" + name, None, None, None))
    files.append({"file": "nop/" + name, "unit": None, "status": "rejected",
                  "shows": "an attachment cut short: the first third of a zip"})
    name = "Bieu tu cham (gui lai).xls"
    (nop / name).write_text(
        "Kính gửi Văn phòng Cụm thi đua số 3,\r\n"
        "Bảng điểm gửi lại theo đường thư điện tử, đề nghị các đồng chí xem tệp đính kèm.\r\n",
        encoding="utf-8")
    diags.append(diag("unreadable-file", "nop/" + name, None, None, None))
    files.append({"file": "nop/" + name, "unit": None, "status": "rejected",
                  "shows": "plain text renamed .xls"})

    # Skipped silently
    lock = "~$Bang tu cham diem CCB Cao Bang 2016.xlsx"
    owner = b"Nguyen Van Binh"
    (nop / lock).write_bytes(bytes([len(owner)]) + owner.ljust(54, b" ") + bytes([len(owner), 0]) +
                             owner.decode().encode("utf-16-le").ljust(108, b"\x00"))
    files.append({"file": "nop/" + lock, "unit": None, "status": "skipped",
                  "shows": "Excel lock file: skipped, no diagnostic"})
    (nop / "ghi-chu.txt").write_text(
        "Ghi chú của Văn phòng Cụm:\n- Lào Cai chưa gửi bảng điểm (đã gọi điện ngày 05/01/2017).\n"
        "- Yên Bái gửi 2 lần, chờ đơn vị xác nhận bản nào dùng.\n", encoding="utf-8")
    files.append({"file": "nop/ghi-chu.txt", "unit": None, "status": "skipped",
                  "shows": "not a spreadsheet extension: skipped, no diagnostic"})

    # Adjustments
    adjust = {("BK", "3.3"): F("6.5"), ("HG", "4.2"): F("4.5")}
    wb = new_workbook("Văn phòng Cụm")
    ws = wb.active
    ws.title = "Điều chỉnh"
    for i, (h, w) in enumerate(zip(["Đơn vị", "Mã", "Điểm", "Lý do"], [18, 7, 8, 80]), start=1):
        put(ws, cellref(i, 1), h, bold=True, align="center", border=True)
        ws.column_dimensions[get_column_letter(i)].width = w
    adj_rows = [("BK", "3.3", 6.5, "Bổ sung số liệu theo Công văn số 12/CV-CCB ngày 05/01/2017: "
                                   "118 mô hình (8,25 × 118/150 = 6,49; Cụm thống nhất 6,5)"),
                ("Hà Giang", "4.2", 4.5, "Kiểm tra chéo: chấm lại theo biên bản ngày 04/01/2017")]
    for r, (u, code, pts, why) in enumerate(adj_rows, start=2):
        put(ws, "A%d" % r, u, border=True)
        put(ws, "B%d" % r, code, border=True, align="center")
        put(ws, "C%d" % r, pts, border=True, align="center")
        put(ws, "D%d" % r, why, border=True, wrap=True)
    save(wb, out / "dieu-chinh.xlsx")
    diags.append(diag("adjustment", "dieu-chinh.xlsx", "Điều chỉnh", "C2", "BK", criterion="3.3",
                      found=6.5))
    diags.append(diag("adjustment", "dieu-chinh.xlsx", "Điều chỉnh", "C3", "HG", criterion="4.2",
                      found=4.5))

    folder = dict(info=info, members=MEMBERS8, sections=sections, thresholds=DEFAULT_TH,
                  flags=1, certs=2, results=results, adjust=adjust,
                  intro="Same cluster and year with eight members, and an inbox built to produce "
                        "every diagnostic kind of SPEC section 6. Thresholds are left at their "
                        "defaults; `Số Bằng khen` is 2.",
                  json_notes=NOTES_COMMON + [
                      "tie-at-cutoff is expected once per tie group (unit null), here CB and TN.",
                      "duplicate-unit is expected once per duplicate file.",
                      "adjustment: file dieu-chinh.xlsx, cell of its Điểm value.",
                      "self-score-over-max on a Thẩm định row (1.3 of LS) comes alone: the score "
                      "of a Thẩm định criterion is the self-score itself (clamped), so no "
                      "self-score-mismatch is expected with it.",
                      "BK leaves the self-score blank on the rows whose result is in error; a "
                      "blank self-score on a non-Thẩm định row is not a finding.",
                  ])
    base, units, ties = rank_units(dict(folder, results=[dict(r, scores=dict(r.get("scores") or {}))
                                                       for r in results]))
    for g in ties:
        diags.append(diag("tie-at-cutoff", None, None, None, None,
                          why="units " + ", ".join(u["code"] for u in g)))
    for f in files:
        if f["unit"] == "BK" or f["unit"] == "HG":
            f["shows"] += "; adjusted by dieu-chinh.xlsx"
    write_expectations(folder, out, 1, diags, [f for f in files if f["file"].startswith("nop/")],
                       extra_md="`dieu-chinh.xlsx` (folder root): BK 3.3 → 6,5 and Hà Giang 4.2 → 4,5.\n")
    return folder


# --------------------------------------------------------------------------
# Folder 3: loi-giao-uoc
# --------------------------------------------------------------------------

def build_loi_giao_uoc():
    out = HERE / "loi-giao-uoc"
    reset(out)
    (out / "nop").mkdir()
    (out / "nop" / ".gitkeep").write_text("")
    sections = sections_2016({"TN": 200, "LS": 150}, {"CB": 250, "LS": 320},
                             {"CB": 450, "TN": 850, "BK": 380, "LS": 620})
    crits = {c.code: c for c in all_crits(sections)}
    # a section that does not add up: II says 25, its criteria 24.5
    crits["2.4"].max = F("4.25")
    # an unknown method
    crits["1.4"].method = "Xếp loại"
    # a Tỷ lệ without a target
    crits["4.4"].target = None
    # a duplicate code: 3.3 typed as 3.2
    crits["3.3"].code = "3.2"
    # a per-unit column naming no unit: BG (Bắc Giang is in another cluster)
    crits["1.2"].per_unit["BG"] = F(100)
    info = base_info("LS")
    loc = write_agreement(out / "giao-uoc.xlsx", info, MEMBERS4, sections, ["CB", "TN", "BK", "LS", "BG"])
    seen = {}
    for code, r in loc["rows"]["all"]:
        seen.setdefault(code, []).append(r)
    problems = [
        {"problem": "duplicate-code", "sheet": "Giao ước", "cell": "A%d" % seen["3.2"][1],
         "detail": "criterion code 3.2 appears twice (rows %d and %d)" % tuple(seen["3.2"])},
        {"problem": "unknown-method", "sheet": "Giao ước", "cell": "E%d" % seen["1.4"][0],
         "detail": "Cách chấm `Xếp loại` is not a method"},
        {"problem": "method-needs-target", "sheet": "Giao ước", "cell": "G%d" % seen["4.4"][0],
         "detail": "4.4 is `Tỷ lệ` but has no Chỉ tiêu (and no per-unit target)"},
        {"problem": "section-sum", "sheet": "Giao ước", "cell": "D%d" % loc["rows"]["II"],
         "detail": "section II says 25 but its criteria add up to 24.5",
         "expected": 24.5, "found": 25},
        {"problem": "unknown-unit-column", "sheet": "Giao ước", "cell": loc["header"]["BG"],
         "detail": "per-unit column `BG` names no unit of `Đơn vị`"},
    ]
    data = {"exit_status": 2, "writes_nothing": True, "problems": problems,
            "notes": ["Every problem is reported (not only the first), each with sheet and cell; "
                      "`problem` is a descriptive name for the test, not a SPEC kind.",
                      "Where a problem has no single natural cell, the cell given is the one "
                      "holding the offending value or header (for the missing target: the empty "
                      "Chỉ tiêu cell of the row)."]}
    (out / "expected.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n",
                                       encoding="utf-8")
    md = ["# Expected results: `loi-giao-uoc`", "",
          "An agreement with problems of its own, and an empty `nop/` (only a hidden `.gitkeep`, "
          "which is skipped). `thidua check` and `thidua run` stop with exit status **2** and "
          "write nothing (no `ket-qua/`).", "",
          "| problem | sheet | cell | detail |", "|---|---|---|---|"]
    for p in problems:
        md.append("| %s | %s | %s | %s |" % (p["problem"], p["sheet"], p["cell"], p["detail"]))
    md.append("")
    md.append("Everything else (the `Thông tin` and `Đơn vị` sheets, the other criteria) is the "
              "valid agreement of `cum3-2016`.")
    (out / "EXPECTED.md").write_text("\n".join(md) + "\n", encoding="utf-8")


# --------------------------------------------------------------------------

def main():
    os.chdir(HERE)
    with tempfile.TemporaryDirectory(prefix="thidua-samples-") as tmp:
        lo = Soffice(tmp)
        cum3 = build_cum3(tmp, lo)
        build_loi(tmp, lo, cum3)
        build_loi_giao_uoc()
    # The conference's conclusions of cum3-2016, for thidua ho-so.
    import make_conclusions_sample
    make_conclusions_sample.main()
    print("samples written under", HERE)


if __name__ == "__main__":
    sys.exit(main())
