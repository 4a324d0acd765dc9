"""Puts Pagefind's binary, at the version generator/site/search.py names, into the virtual
environment that runs this script (scripts/install.sh does, after pip).

The binary comes from the npm registry, where Pagefind publishes one package per platform
(PyPI's `pagefind-bin` stops at an older version: see PAGEFIND_VERSION). Its tarball is
accepted only if its sha512 digest is the one pinned in search.py, so a binary changes only
through a commit a reviewer sees. Nothing is fetched when the right version is in place.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import sys
import tarfile
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.site.search import (  # noqa: E402
    PAGEFIND_PLATFORMS,
    PAGEFIND_VERSION,
    pagefind_binary,
    pagefind_version,
)

REGISTRY = "https://registry.npmjs.org"
MEMBER = "package/bin/pagefind_extended"  # the binary, in each platform's tarball


def tarball_url(package: str, version: str) -> str:
    """The npm registry's address of a package's tarball (« @pagefind/linux-x64 » →
    …/@pagefind/linux-x64/-/linux-x64-1.6.0.tgz)."""
    return f"{REGISTRY}/{package}/-/{package.rsplit('/', 1)[-1]}-{version}.tgz"


def checked(data: bytes, digest: str) -> bool:
    """Whether `data` has the sha512 `digest` (base64, as npm's `dist.integrity` gives it)."""
    return base64.b64encode(hashlib.sha512(data).digest()).decode("ascii") == digest


def install(target: Path, system: str, machine: str, fetch=None) -> str:
    """Write the binary to `target` unless it is already the right version; returns what
    was done, in French. `fetch(url) -> bytes` downloads (tests pass their own)."""
    if target.is_file() and pagefind_version(target) == PAGEFIND_VERSION:
        return f"Pagefind {PAGEFIND_VERSION} déjà installé ({target})"
    try:
        package, digest = PAGEFIND_PLATFORMS[(system, machine)]
    except KeyError:
        known = ", ".join(f"{s} {m}" for s, m in PAGEFIND_PLATFORMS)
        raise SystemExit(
            f"Pagefind {PAGEFIND_VERSION} : aucun binaire retenu pour {system} {machine} (connus : {known})"
        ) from None
    url = tarball_url(package, PAGEFIND_VERSION)
    try:
        data = (fetch or _download)(url)
    except OSError as exc:
        raise SystemExit(f"Pagefind {PAGEFIND_VERSION} : téléchargement impossible de {url} ({exc})") from None
    if not checked(data, digest):
        raise SystemExit(
            f"Pagefind {PAGEFIND_VERSION} : {url} n’a pas l’empreinte sha512 attendue "
            "(generator/site/search.py) ; rien n’est installé"
        )
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        try:
            body = archive.extractfile(MEMBER).read()
        except (KeyError, AttributeError):  # no such member, or not a file
            raise SystemExit(f"Pagefind {PAGEFIND_VERSION} : {MEMBER} manque dans {url}") from None
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partiel")
    partial.write_bytes(body)
    partial.chmod(0o755)
    os.replace(partial, target)  # never a half-written binary in place
    return f"Pagefind {PAGEFIND_VERSION} installé ({target}, depuis {url})"


def _download(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read()


if __name__ == "__main__":
    print(install(pagefind_binary(), platform.system(), platform.machine()))
