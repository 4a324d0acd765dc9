"""Where a cache of the build lives (PDFs, the journal of changes, compiled templates):
`.cache/<name>/` under the repository root, or the folder its environment variable names;
`0` switches it off."""

from __future__ import annotations

import os
from pathlib import Path


def folder(variable: str, name: str, root: Path) -> Path | None:
    """The cache folder named by `variable`, by default `.cache/<name>/` under `root`; None
    when the variable is `0` (no cache)."""
    value = os.environ.get(variable, "").strip()
    if value == "0":
        return None
    return Path(value).expanduser() if value else Path(root) / ".cache" / name
