"""Where the site lives: its address and its repository, read from the environment the
build runs in, with local defaults in mkdocs.yml.

- the site's address: `SNPD_SITE_URL` (the deploy workflow sets it from
  `actions/configure-pages`' `base_url`), else mkdocs.yml's `site_url`, which is
  `!ENV [SNPD_SITE_URL, <local default>]` so that MkDocs itself reads the same variable;
- the repository: `GITHUB_SERVER_URL` + `GITHUB_REPOSITORY` (set on every GitHub Actions
  runner), else mkdocs.yml's `repo_url` if one is written there, else none (no edit links);
- the branch that « Modifier cette page » edits: `SNPD_BRANCH` (the workflows set it to
  the repository's default branch), else `main`.

A fork that switches on GitHub Pages thus publishes a site with its own addresses and
nothing to edit. Canonical links, sitemap.xml, edit links, the PDFs' « En ligne » lines
and the published JSON Schemas' `$id` all come from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .content import ROOT


@dataclass(frozen=True)
class _Env:
    """An `!ENV` value of mkdocs.yml, resolved when read (not when the file is loaded)."""

    names: tuple[str, ...]
    default: object = None

    def resolve(self):
        for name in self.names:
            if os.environ.get(name):
                return os.environ[name]
        return self.default


def _env_tag(loader, node):
    # Same semantics as MkDocs' (pyyaml_env_tag): a variable name, or a list of names
    # whose last item is the default value.
    if isinstance(node, yaml.ScalarNode):
        return _Env((loader.construct_scalar(node),))
    *names, default = loader.construct_sequence(node)
    return _Env(tuple(names), default)


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", _env_tag)
# Other tags of mkdocs.yml (Python names for Markdown extensions…) are not needed here.
_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def mkdocs_config(root: Path = ROOT) -> dict:
    with open(root / "mkdocs.yml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def _setting(root: Path, key: str):
    value = mkdocs_config(root).get(key)
    return value.resolve() if isinstance(value, _Env) else value


def site_url(root: Path = ROOT) -> str:
    """The site's address, ending with "/"."""
    url = os.environ.get("SNPD_SITE_URL") or _setting(root, "site_url") or "/"
    return url if url.endswith("/") else url + "/"


def repository() -> str | None:
    """« owner/name » of the GitHub repository the build runs for, if known."""
    return os.environ.get("GITHUB_REPOSITORY") or None


def repo_url(root: Path = ROOT) -> str:
    """The repository's web address, or "" when the build does not know it."""
    server, repo = os.environ.get("GITHUB_SERVER_URL"), repository()
    if server and repo:
        return f"{server.rstrip('/')}/{repo}"
    return (_setting(root, "repo_url") or "").rstrip("/")


def branch() -> str:
    return os.environ.get("SNPD_BRANCH") or "main"


def edit_base(root: Path = ROOT) -> str | None:
    """URL prefix to edit a repository file in GitHub's web editor, or None."""
    repo = repo_url(root)
    return f"{repo}/edit/{branch()}/" if repo else None


def file_url(path: str, root: Path = ROOT) -> str | None:
    """Address of a repository file on the forge (default branch), or None."""
    repo = repo_url(root)
    return f"{repo}/blob/{branch()}/{path}" if repo else None
