#!/usr/bin/env bash
# What the tests need from Debian and npm: Chromium (Playwright drives it, no browser download),
# poppler-utils (pdfsig, pdftoppm), NSS tools (certutil, for pdfsig's trust store), fonts that cover
# Indonesian text, axe-core for the accessibility checks, and ICU with a C++ compiler for PyICU.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pdfsig >/dev/null || need+=(poppler-utils)
command -v certutil >/dev/null || need+=(libnss3-tools)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v npm >/dev/null || need+=(nodejs npm)
# followthemoney (open-data exports) needs PyICU, which pip builds from source against ICU.
pkg-config --exists icu-i18n 2>/dev/null || need+=(libicu-dev pkg-config)
command -v g++ >/dev/null || need+=(g++)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing from Debian: ${need[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
  npm ci --no-audit --no-fund --silent
fi
