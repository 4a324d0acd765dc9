"""What every extract prints on its cover: generation date and content version."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

MINISTERE = "Ministère de l’Intérieur"

_MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


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


def date_fr(day: dt.date) -> str:
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {_MOIS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class BuildInfo:
    date: dt.date
    version: str
    site_url: str

    @property
    def date_text(self) -> str:
        return date_fr(self.date)


def build_info(root: Path) -> BuildInfo:
    from ..siteconfig import site_url

    try:
        url = site_url(root)
    except OSError:
        url = "/"
    return BuildInfo(generation_date(), content_version(root), url)
