#!/usr/bin/env bash
# Installs what the tests use: LibreOffice (converts and recalculates workbooks,
# opens Word documents)
# with metric-compatible fonts, poppler and qpdf (read PDFs back), Python
# openpyxl (writes workbooks as another program), python-docx (reads Word
# documents as another program), Debian's chromium and Python playwright
# (the page of `thidua serve` in a real browser), a C compiler.
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
# `setup.sh --windows`: only MinGW's C compiler, for `cargo check --target x86_64-pc-windows-gnu`.
if [ "${1:-}" = --windows ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends gcc-mingw-w64-x86-64
  exit 0
fi
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
# Writer, so that LibreOffice opens the Word outputs (.docx).
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
# Fonts with the metrics of Times New Roman and Calibri, so LibreOffice lays
# out our workbooks as Excel does on the secretariats' Windows machines.
fc-list 2>/dev/null | grep LiberationSerif >/dev/null || need+=(fonts-liberation)
fc-list 2>/dev/null | grep Carlito >/dev/null || need+=(fonts-crosextra-carlito)
# A real browser for tests/browser/serve_page.py (Playwright drives it by
# executable_path: `playwright install` and its downloads are never needed).
command -v chromium >/dev/null || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
# openpyxl: pip where it may install; on a Debian whose Python is
# "externally managed" (pip refuses), the distribution's package.
if ! python3 -c "import openpyxl" 2>/dev/null; then
  python3 -m pip install -q openpyxl 2>/dev/null \
    || { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3-openpyxl; }
fi
# python-docx, the second reader of the Word outputs: the same way.
if ! python3 -c "import docx" 2>/dev/null; then
  python3 -m pip install -q python-docx 2>/dev/null \
    || { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3-docx; }
fi
# Playwright for Python (the driver only; the browser is chromium above):
# pip; where Debian's Python is "externally managed", pip with
# --break-system-packages (Debian has no python3-playwright), installing
# Debian's pip first where there is none.
if ! python3 -c "import playwright.sync_api" 2>/dev/null; then
  python3 -m pip install -q playwright 2>/dev/null \
    || python3 -m pip install -q --break-system-packages playwright 2>/dev/null \
    || { $SUDO apt-get update -q \
         && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends python3-pip \
         && $SUDO python3 -m pip install -q --break-system-packages playwright; } \
    || echo "note: Python playwright could not be installed; the browser test of thidua serve will be skipped (it fails under CI)"
fi
# A C compiler, for the crates that build C (zlib-rs needs none, mimalloc does).
command -v cc >/dev/null || { $SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends gcc libc6-dev; }
