#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian or Ubuntu machine (CI included):
# Debian packages for the browser tests and the PDFs, then the Python package and its tools
# in a virtual environment, .venv/ at the root of the repository. Nothing Python is
# installed system-wide: the system python3 of Debian and Ubuntu refuses it (PEP 668),
# and the repository may live in a temporary folder (.ci/run).
#
# SNPD_PYTHON chooses the interpreter the environment is made from (default: python3).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${SNPD_PYTHON:-python3}
venv=.venv

debs=(poppler-utils libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
# The browser tests drive Debian's chromium, or the browser named by SNPD_CHROMIUM
# (GitHub's Ubuntu runners ship Google Chrome, and their apt "chromium" is a snap stub).
if [ -z "${SNPD_CHROMIUM:-}" ] || [ ! -x "${SNPD_CHROMIUM}" ]; then
  debs+=(chromium)
fi
# Debian's and Ubuntu's python3 make virtual environments only with python3-venv.
if [ ! -x "$venv/bin/python" ] && ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
  debs+=(python3-venv)
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

# A venv whose interpreter no longer runs (Python upgraded, folder moved) is made anew.
if [ -d "$venv" ] && ! "$venv/bin/python" -c "" 2>/dev/null; then
  rm -rf "$venv"
fi
if [ ! -d "$venv" ]; then
  "$python" -m venv "$venv"
fi
# The versions of requirements.txt (scripts/lock.sh), and only those: a new release of a
# dependency changes nothing here until a commit changes that file.
"$venv/bin/python" -m pip install -q --disable-pip-version-check -c requirements.txt -e ".[test]"
# Pagefind's binary, which builds the search index: a version PyPI does not have yet, from
# the npm registry, checked against the digest pinned in generator/site/search.py.
"$venv/bin/python" scripts/install_pagefind.py
