"""What every extract prints on its cover: generation date and content version.

These two stamps change every day and at every commit while the rest of a document
does not: the PDF cache (see cache.py) hashes the print HTML rendered with fixed
placeholders in their place (`BuildInfo.placeholders`), then `BuildInfo.stamp` puts the
real values back before layout. The site address is not a stamp: it stays in the HTML.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..dates import date_fr

MINISTERE = "Ministère de l’Intérieur"


def content_version(root: Path) -> str:
    """`git describe --always --dirty` of the repository, or « dev » outside git."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "dev"
    return out.stdout.strip() or "dev"


def generation_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


# Placeholders for the stamps: plain letters, which neither HTML escaping nor French
# typography (typo.french_html) changes.
_DATE_TEXT = "SNPDSTAMPDATEX"
_DATE_ISO = "SNPDSTAMPISODATEX"
_VERSION = "SNPDSTAMPVERSIONX"
_PLACEHOLDER = re.compile(f"{_DATE_TEXT}|{_DATE_ISO}|{_VERSION}")
# A value that prints the same whether it was rendered in place or put back after the
# rendering: nothing that HTML escaping or French spacing would touch, no space at its
# ends (french_html acts on spaces before « : ; ! ? » and around guillemets).
_STAMPABLE = re.compile(r"[^\s;:!?«»<>&\"']+(?: [^\s;:!?«»<>&\"']+)*")


@dataclass(frozen=True)
class BuildInfo:
    date: dt.date
    version: str
    site_url: str

    @property
    def date_text(self) -> str:
        return date_fr(self.date)

    @property
    def stampable(self) -> bool:
        """Whether the date and version can be put back after rendering (`stamp`) and
        print exactly as if they had been rendered in place."""
        values = (self.date_text, self.date.isoformat(), self.version)
        return all(_STAMPABLE.fullmatch(v) for v in values)

    def placeholders(self) -> Placeholders:
        """What the templates get instead of this object to render the HTML that the
        PDF cache hashes: the same site address, placeholders for date and version."""
        return Placeholders(self.site_url)

    def stamp(self, html: str) -> str:
        """HTML rendered with `placeholders()`, with this date and version put back."""
        values = {_DATE_TEXT: self.date_text, _DATE_ISO: self.date.isoformat(), _VERSION: self.version}
        return _PLACEHOLDER.sub(lambda m: values[m.group(0)], html)


class _PlaceholderDate:
    """`info.date` in the templates: only `isoformat()` is used (the <meta> of the
    creation date); any other attribute fails the rendering (StrictUndefined)."""

    def isoformat(self) -> str:
        return _DATE_ISO


@dataclass(frozen=True)
class Placeholders:
    """Stands for a BuildInfo in the templates, see BuildInfo.placeholders."""

    site_url: str
    date_text = _DATE_TEXT
    version = _VERSION
    date = _PlaceholderDate()


def build_info(root: Path) -> BuildInfo:
    from ..siteconfig import site_url

    try:
        url = site_url(root)
    except OSError:
        url = "/"
    return BuildInfo(generation_date(), content_version(root), url)
