#!/usr/bin/env bash
# The whole test suite: installs what the tests use (LibreOffice, poppler,
# qpdf, openpyxl) when missing, then runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo test --all-targets
