"""Pagefind's binary comes from the npm registry (scripts/install_pagefind.py), not from
PyPI: it is installed only if its tarball has the pinned digest, never half-written, and
the build says in French what to run when it is missing or of another version."""

import base64
import hashlib
import importlib.util
import io
import tarfile
from pathlib import Path

import pytest

from generator.site import search

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("install_pagefind", ROOT / "scripts" / "install_pagefind.py")
installer = importlib.util.module_from_spec(spec)
spec.loader.exec_module(installer)

# a stand-in for the binary: a script that answers --version as Pagefind does
FAKE = f"#!/bin/sh\necho pagefind {search.PAGEFIND_VERSION}\n".encode()


def tarball(member: str = installer.MEMBER, body: bytes = FAKE) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        info = tarfile.TarInfo(member)
        info.size = len(body)
        archive.addfile(info, io.BytesIO(body))
    return out.getvalue()


def digest(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


@pytest.fixture
def registry(monkeypatch):
    """A registry serving one tarball for a made-up platform, with its pinned digest."""
    data = tarball()
    monkeypatch.setattr(installer, "PAGEFIND_PLATFORMS", {("Linux", "x86_64"): ("@pagefind/linux-x64", digest(data))})
    fetched: list[str] = []

    def fetch(url):
        fetched.append(url)
        return data

    return fetch, fetched


def test_the_binary_is_installed_from_its_pinned_tarball_once(tmp_path, registry):
    fetch, fetched = registry
    target = tmp_path / "bin" / "pagefind_extended"
    said = installer.install(target, "Linux", "x86_64", fetch)
    assert fetched == [f"https://registry.npmjs.org/@pagefind/linux-x64/-/linux-x64-{search.PAGEFIND_VERSION}.tgz"]
    assert target.read_bytes() == FAKE and target.stat().st_mode & 0o111
    assert search.pagefind_version(target) == search.PAGEFIND_VERSION
    assert said.startswith(f"Pagefind {search.PAGEFIND_VERSION} installé")
    # the right version in place: nothing fetched again
    assert "déjà installé" in installer.install(target, "Linux", "x86_64", fetch)
    assert len(fetched) == 1
    assert not list(target.parent.glob("*.partiel"))


def test_another_version_in_place_is_replaced(tmp_path, registry):
    fetch, fetched = registry
    target = tmp_path / "pagefind_extended"
    target.write_bytes(b"#!/bin/sh\necho pagefind 1.5.2\n")
    target.chmod(0o755)
    installer.install(target, "Linux", "x86_64", fetch)
    assert len(fetched) == 1 and search.pagefind_version(target) == search.PAGEFIND_VERSION


def test_a_tarball_without_the_pinned_digest_installs_nothing(tmp_path, registry):
    _, fetched = registry
    target = tmp_path / "pagefind_extended"
    with pytest.raises(SystemExit, match="n’a pas l’empreinte sha512 attendue"):
        installer.install(target, "Linux", "x86_64", lambda url: tarball(body=b"#!/bin/sh\necho autre chose\n"))
    assert not target.exists() and not list(tmp_path.iterdir())


def test_a_tarball_without_the_binary_installs_nothing(tmp_path, monkeypatch):
    data = tarball(member="package/README.md")
    monkeypatch.setattr(installer, "PAGEFIND_PLATFORMS", {("Linux", "x86_64"): ("@pagefind/linux-x64", digest(data))})
    with pytest.raises(SystemExit, match="package/bin/pagefind_extended manque"):
        installer.install(tmp_path / "pagefind_extended", "Linux", "x86_64", lambda url: data)
    assert not list(tmp_path.iterdir())


def test_an_unknown_platform_or_an_unreachable_registry_says_so(tmp_path, registry):
    target = tmp_path / "pagefind_extended"
    with pytest.raises(SystemExit, match="aucun binaire retenu pour Plan9 mips"):
        installer.install(target, "Plan9", "mips")

    def offline(url):
        raise OSError("réseau injoignable")

    with pytest.raises(SystemExit, match=r"téléchargement impossible .*\(réseau injoignable\)"):
        installer.install(target, "Linux", "x86_64", offline)
    assert not target.exists()


def test_every_pinned_platform_is_a_pagefind_package_of_the_pinned_version():
    for (system, machine), (package, pinned) in search.PAGEFIND_PLATFORMS.items():
        assert package.startswith("@pagefind/") and system in ("Linux", "Darwin"), (system, machine)
        assert len(base64.b64decode(pinned)) == 64  # a sha512
        assert installer.tarball_url(package, "1.6.0").endswith(f"/{package}/-/{package[10:]}-1.6.0.tgz")


def test_the_build_names_the_command_to_run_when_pagefind_is_missing_or_old(tmp_path, monkeypatch):
    missing = tmp_path / "pagefind_extended"
    monkeypatch.setattr(search, "pagefind_binary", lambda: missing)
    with pytest.raises(RuntimeError, match="n’est pas installé .*manque.* lancez bash scripts/install.sh"):
        search.pagefind_command()
    missing.write_bytes(b"#!/bin/sh\necho pagefind 1.5.2\n")
    missing.chmod(0o755)
    with pytest.raises(RuntimeError, match="version 1.5.2 trouvée"):
        search.pagefind_command()
