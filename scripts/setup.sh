#!/usr/bin/env bash
# Installs what the tests use: LibreOffice (converts and recalculates workbooks),
# poppler and qpdf (read PDFs back), Python openpyxl (writes workbooks as another program).
set -euo pipefail
SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi
need=()
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v qpdf >/dev/null || need+=(qpdf)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
python3 -c "import openpyxl" 2>/dev/null || python3 -m pip install -q openpyxl
