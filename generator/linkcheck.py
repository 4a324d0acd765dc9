"""Links to files produced after MkDocs (PDF, ODS, CSV) are raw HTML that MkDocs does
not check: check them on the built site, before it is published."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlparse

_HREF = re.compile(r'href="([^"#?]+\.(?:pdf|ods|csv|json))"')


def missing_downloads(site: Path) -> list[str]:
    """'page → target' for every relative download link whose file does not exist."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        for href in set(_HREF.findall(page.read_text(encoding="utf-8"))):
            if urlparse(href).scheme or href.startswith("/"):
                continue
            target = (page.parent / unquote(href)).resolve()
            if not target.is_file():
                problems.append(f"{page.relative_to(site).as_posix()} → {href}")
    return problems
