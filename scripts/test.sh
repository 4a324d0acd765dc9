#!/usr/bin/env bash
# The project's test command: installs what is missing (Debian packages, .venv/), validates
# the content, runs the suite. Arguments go to pytest (e.g. -k pdf, -x).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export NO_MKDOCS_2_WARNING=1
.venv/bin/python -m generator check
.venv/bin/python -m pytest "$@"
