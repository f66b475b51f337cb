#!/usr/bin/env bash
# Install everything the tests need on a fresh machine, then run the whole suite.
#   bash scripts/test.sh [pytest args...]
# - a virtualenv (.venv) with nianbao and its test extras;
# - Debian packages some tests use (LibreOffice for .doc/.wps/.xls fixtures, a CJK font so
#   generated PDFs and scans show their Chinese text, Chromium and
#   its driver for the web pages, libarchive for RAR/7z attachments, and poppler's
#   pdftotext, w3m and lynx, whose real output the text-layout tests read),
#   installed with apt-get when running as root and missing;
# - PostgreSQL and Redis: the local servers are used (and started if installed but
#   stopped); tests that need one that cannot be had are skipped with the reason printed.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(libreoffice-writer-nogui libreoffice-calc-nogui chromium chromium-driver fonts-noto-cjk
  libarchive13 poppler-utils w3m lynx
  fonts-wqy-microhei fonts-wqy-zenhei fonts-arphic-uming fonts-arphic-ukai fonts-liberation)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing Debian packages: ${missing[*]}"
  apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null || echo "warning: could not install ${missing[*]}; the tests that need them will skip"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -U pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

.venv/bin/ruff check .
.venv/bin/lint-imports --no-cache  # the architecture's contracts (pyproject.toml)
exec .venv/bin/python -m pytest -n 2 --timeout=900 "$@"
