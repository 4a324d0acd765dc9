"""Every Python package the project installs is at the version requirements.txt pins
(written by scripts/lock.sh, installed by scripts/install.sh): a new release of a
dependency reaches the site only through a commit that changes that file, a diff a
reviewer sees. Dependabot proposes such commits (.github/dependabot.yml)."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.txt"
FIX = "lancer `bash scripts/lock.sh` et valider requirements.txt"
# The oldest Python the README's commands must work with: Debian 12's python3. A package
# version that asks for a newer one does not install there (pymdown-extensions 13 asks
# for 3.11.5): the lock is made with that Python (scripts/lock.sh).
OLDEST_PYTHON = "3.11.2"


def pins() -> dict[str, str]:
    out = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        m = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if m:
            out[canonicalize_name(m[1])] = m[2]
    return out


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]


def _wanted(req: Requirement, extras: set[str]) -> bool:
    """A requirement that applies here, for a package installed with `extras`."""
    return req.marker is None or any(req.marker.evaluate({"extra": e}) for e in extras | {""})


def installed_closure() -> dict[str, str]:
    """Every distribution the project's requirements (its `test` extra included) bring into
    this environment, with its installed version."""
    found: dict[str, str] = {}
    seen: set[tuple[str, frozenset]] = set()
    todo = [(r, set()) for r in declared()]
    while todo:
        req, parent_extras = todo.pop()
        if not _wanted(req, parent_extras):
            continue
        name = canonicalize_name(req.name)
        key = (name, frozenset(req.extras))
        if key in seen:
            continue
        seen.add(key)
        dist = metadata.distribution(name)
        found[name] = dist.version
        todo += [(Requirement(r), set(req.extras)) for r in dist.requires or []]
    return found


def test_the_lock_pins_each_declared_dependency_within_its_range():
    locked = pins()
    assert len(locked) > 50, "requirements.txt ne contient presque aucune version"
    for req in declared():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} (pyproject.toml) n’a pas de version dans requirements.txt : {FIX}"
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"{req.name}=={locked[name]} (requirements.txt) hors de « {req} » (pyproject.toml) : {FIX}"
        )


def test_the_environment_has_exactly_the_locked_versions():
    """What the tests run with is what the lock says: nothing installed outside it, nothing
    at another version (scripts/install.sh installs with `-c requirements.txt`)."""
    locked = pins()
    closure = installed_closure()
    assert {"mkdocs", "mkdocs-material", "weasyprint", "pydantic-core"} <= set(closure)
    missing = sorted(n for n in closure if n not in locked)
    assert not missing, f"installés sans version fixée dans requirements.txt : {', '.join(missing)} ; {FIX}"
    other = sorted(f"{n} {v} (fixé : {locked[n]})" for n, v in closure.items() if v != locked[n])
    assert not other, "versions installées différentes de requirements.txt : " + ", ".join(other)


def test_the_environment_has_the_pinned_pagefind():
    """Pagefind's binary is not a Python package (scripts/install_pagefind.py): the one the
    build runs is the version pinned with its digest, whatever an older install left."""
    from generator.site.search import PAGEFIND_VERSION, pagefind_binary, pagefind_command, pagefind_version

    assert pagefind_version(pagefind_binary()) == PAGEFIND_VERSION, "lancez bash scripts/install.sh"
    assert pagefind_command() == [str(pagefind_binary())]


def test_every_locked_version_installs_on_the_oldest_python_we_support():
    too_new = sorted(
        f"{name} {version} (Python {spec})"
        for name, version in installed_closure().items()
        if (spec := metadata.distribution(name).metadata.get("Requires-Python"))
        and not SpecifierSet(spec).contains(OLDEST_PYTHON)
    )
    assert not too_new, (
        f"versions qui ne s’installent pas avec Python {OLDEST_PYTHON} (Debian 12) : "
        + ", ".join(too_new)
        + " ; refaire requirements.txt avec ce Python : `SNPD_PYTHON=/usr/bin/python3 bash scripts/lock.sh`"
        + " sur une machine Debian 12"
    )


def test_the_lock_says_how_it_was_made():
    """Its header is pip-compile's, naming pyproject.toml: Dependabot regenerates it so."""
    head = LOCK.read_text(encoding="utf-8")[:600]
    assert "autogenerated by pip-compile" in head
    assert "--output-file=requirements.txt" in head and "pyproject.toml" in head
    assert "-c requirements.txt" in (ROOT / "scripts" / "install.sh").read_text(encoding="utf-8")


def test_dependabot_proposes_updates_of_the_lock_and_of_the_actions():
    # its schema: tests/test_workflows.py, with the workflows'
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for u in updates.values():
        assert u["directory"] == "/"
        assert u["schedule"]["interval"] in ("daily", "weekly", "monthly")
    # new versions inside pyproject.toml's ranges only (mkdocs<2 stays)
    assert updates["pip"]["versioning-strategy"] == "lockfile-only"
