"""The one Jinja2 setup of the project (site pages and print exports): HTML-escaping on by
default, undefined variables are errors, block tags do not leave blank lines.

Compiled templates are kept between builds in `.cache/jinja/` at the repository root
(Jinja2's own FileSystemBytecodeCache: an entry is used only while its template's source
is unchanged); compiling the site's and the theme's templates was a tenth of a build.
SNPD_JINJA_CACHE names another folder, or `0` for none. The folder is never carried over
between workflow runs (unlike the PDF cache): compiled code read back from elsewhere
would run unreviewed."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    select_autoescape,
)

from . import caches
from .content import ROOT


@lru_cache(maxsize=1)
def bytecode_cache() -> BytecodeCache | None:
    """The folder of compiled templates, or None (disabled, or not writable)."""
    folder = caches.folder("SNPD_JINJA_CACHE", "jinja", ROOT)
    if folder is None:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    if not os.access(folder, os.W_OK):
        return None
    return FileSystemBytecodeCache(str(folder))


def environment(templates: Path | list[Path], **options) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode_cache(),
        **options,
    )
