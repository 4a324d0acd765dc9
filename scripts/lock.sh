#!/usr/bin/env bash
# Writes requirements.txt: the exact version of every Python package the project installs
# (pyproject.toml's dependencies and its `test` extra, with what they depend on), as
# resolved by pip-compile (pip-tools). scripts/install.sh installs those versions and no
# others, so a new release of a dependency reaches the site only through a commit that
# changes this file: a diff a reviewer sees, tested by CI like any other.
#
#   bash scripts/lock.sh                          # after a change of pyproject.toml's dependencies
#   bash scripts/lock.sh --upgrade                # every package to its latest allowed version
#   bash scripts/lock.sh --upgrade-package weasyprint
#
# Dependabot (.github/dependabot.yml) proposes the same updates as pull requests.
# pip-tools runs from a temporary virtual environment, removed afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

# The versions are resolved for the Python that runs pip-compile: use the oldest the
# project supports, Debian 12's python3 (3.11.2; tests/test_dependencies.py checks it). A
# newer one may pick versions that do not install there (pymdown-extensions 13 asks for
# 3.11.5).
oldest=3.11.2
python=${SNPD_PYTHON:-python3}
found="$("$python" -c 'import platform; print(platform.python_version())')"
if [ "$found" != "$oldest" ]; then
  echo "Attention : $python est Python $found ; requirements.txt doit être résolu avec Python $oldest" \
    "(SNPD_PYTHON=/usr/bin/python3 sur Debian 12), sinon les tests le signaleront." >&2
fi
tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
"$python" -m venv "$tools"
"$tools/bin/python" -m pip install -q --disable-pip-version-check "pip-tools==7.6.2"
"$tools/bin/pip-compile" --quiet --extra=test --strip-extras --no-emit-find-links --no-emit-index-url \
  --output-file=requirements.txt "$@" pyproject.toml
