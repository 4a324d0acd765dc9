#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine (CI included):
# Debian packages for the browser tests and PDFs, then the Python package and its tools.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(poppler-utils libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
# The browser tests drive Debian's chromium, or the browser named by SNPD_CHROMIUM
# (GitHub's Ubuntu runners ship Google Chrome, and their apt "chromium" is a snap stub).
if [ -z "${SNPD_CHROMIUM:-}" ] || [ ! -x "${SNPD_CHROMIUM}" ]; then
  debs+=(chromium)
fi
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -e ".[test]"
