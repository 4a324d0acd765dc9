"""The few site settings the generator needs outside MkDocs, read from mkdocs.yml."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from .content import ROOT


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def mkdocs_config(root: Path = ROOT) -> dict:
    with open(root / "mkdocs.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_IgnoreTags)


def site_url(root: Path = ROOT) -> str:
    url = mkdocs_config(root).get("site_url") or "/"
    return url if url.endswith("/") else url + "/"


def repo_url(root: Path = ROOT) -> str:
    return (mkdocs_config(root).get("repo_url") or "").rstrip("/")


def edit_base(root: Path = ROOT) -> str:
    """URL prefix to edit a repository file in GitHub's web editor."""
    return repo_url(root) + "/edit/main/"
