#!/usr/bin/env bash
# The project's test command: installs what is missing, validates the content, runs the suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export NO_MKDOCS_2_WARNING=1
python3 -m generator check
python3 -m pytest "$@"
