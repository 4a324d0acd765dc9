"""`python -m generator build`: publish all or nothing.

The previous `site/` stays untouched when anything fails (content, MkDocs, PDF), the
temporary `.site-tmp-…` folder never survives, and a successful build replaces `site/`.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.content import Corpus

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "broken" / "2026"

# The minimal content tree has no 2020-2024 strategy and no glossary: the pages the
# navigation names for them do not exist, which is expected here, not a broken link.
# The repository's hook is used as is; the build hands it the tree through SNPD_ROOT.
_CONFIG = f"""\
INHERIT: mkdocs.base.yml
hooks:
  - {(ROOT / "generator" / "site" / "hook.py").as_posix()}
validation:
  nav:
    not_found: info
"""


@pytest.fixture
def site_tree(content_tree, monkeypatch):
    """A content tree that MkDocs can build: mkdocs.yml, pages/ and overrides/ copied."""
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)

    def make(*extra: Path) -> Path:
        root = content_tree(*extra)
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.base.yml")
        (root / "mkdocs.yml").write_text(_CONFIG, encoding="utf-8")
        for folder in ("pages", "overrides"):
            shutil.copytree(ROOT / folder, root / folder)
        return root

    return make


@pytest.fixture
def no_pdf(monkeypatch):
    """Builds without the PDF step (whatever generator.pdf looks like today)."""
    monkeypatch.setitem(sys.modules, "generator.pdf", None)


def _old_site(root: Path) -> Path:
    site = root / "site"
    site.mkdir()
    (site / "ancien.txt").write_text("site précédent", encoding="utf-8")
    return site


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-"))


def _build(root: Path, *args: str) -> int:
    return main(["--root", str(root), "build", *args])


def test_invalid_content_leaves_the_site_untouched(site_tree, no_pdf, capsys):
    root = site_tree(BROKEN / "02-script.yaml")
    site = _old_site(root)
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "Site non construit : 1 erreur dans le contenu" in err
    assert "conservé" in err
    assert "content/measures/2026/02-script.yaml:7:5" in err
    assert sorted(p.name for p in site.iterdir()) == ["ancien.txt"]
    assert _leftovers(root) == []


def test_successful_build_replaces_the_site(site_tree, no_pdf, capsys):
    root = site_tree()
    _old_site(root)
    assert _build(root) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "PDF non produits" in out
    site = root / "site"
    assert not (site / "ancien.txt").exists()
    assert (site / "index.html").is_file()
    # The hook read this tree (SNPD_ROOT), not the repository: one measure only.
    measures = sorted(p.name for p in (site / "2026-2030" / "mesures").iterdir())
    assert len(measures) == 1 and measures[0].startswith("01-")
    assert _leftovers(root) == []


def test_build_into_a_new_output_folder(site_tree, no_pdf, tmp_path):
    root = site_tree()
    output = tmp_path / "publie" / "site"
    assert _build(root, "--output", str(output)) == 0
    assert (output / "index.html").is_file()
    assert not (root / "site").exists()
    assert _leftovers(output.parent) == []


ALLOWED = (
    "Voir [le site](https://www.cipdr.gouv.fr/), [l’ancien site](http://www.exemple.fr/page), "
    "[écrire](mailto:contact@exemple.gouv.fr), [l’axe](../../axes/1/index.md), [plus bas](#contexte), "
    "*en italique* et **en gras**."
)


def test_what_a_text_may_contain_reaches_the_page_whole(site_tree, no_pdf, capsys):
    """Every kind of link and emphasis CONTRIBUTING.md allows survives the allow-list of
    the page (the build would warn, and fail, otherwise); a number stays a number."""
    root = site_tree()
    measure = next((root / "content/measures/2026").glob("01-*.yaml"))
    text = measure.read_text(encoding="utf-8")
    text = text.replace("\ncontexte:\n", f'\ncontexte:\n  - "{ALLOWED}"\n  - "2. À la vente, au détail."\n', 1)
    measure.write_text(text, encoding="utf-8")
    assert _build(root) == 0, capsys.readouterr().err
    html = next((root / "site/2026-2030/mesures").glob("01-*/index.html")).read_text(encoding="utf-8")
    for expected in (
        '<a href="https://www.cipdr.gouv.fr/">le site</a>',
        '<a href="http://www.exemple.fr/page">l’ancien site</a>',
        '<a href="mailto:contact@exemple.gouv.fr">écrire</a>',
        '<a href="../../axes/1/">l’axe</a>',  # checked and rewritten by MkDocs
        '<a href="#contexte">plus bas</a>',
        "<em>en italique</em> et <strong>en gras</strong>",
        "<p>2. À la vente, au détail.</p>",
    ):
        assert expected in html, expected


def test_mkdocs_failure_leaves_the_site_untouched(site_tree, no_pdf, capsys):
    root = site_tree()
    (root / "pages" / "casse.md").write_text("# Casse\n\n[lien mort](introuvable.md)\n", encoding="utf-8")
    site = _old_site(root)
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "Site non construit : MkDocs a échoué" in err
    assert "conservé" in err
    assert sorted(p.name for p in site.iterdir()) == ["ancien.txt"]
    assert _leftovers(root) == []


def _fake_pdf(monkeypatch, build_all) -> None:
    module = types.ModuleType("generator.pdf")
    module.build_all = build_all
    monkeypatch.setitem(sys.modules, "generator.pdf", module)


def test_pdf_step_writes_into_the_new_site(site_tree, monkeypatch):
    calls = []

    def build_all(corpus, output_dir, root=None):
        calls.append((corpus, output_dir))
        assert output_dir.name == "pdf" and output_dir.parent.name.startswith(".site-tmp-")
        _write_expected_exports(corpus, output_dir)

    _fake_pdf(monkeypatch, build_all)
    root = site_tree()
    _old_site(root)
    assert _build(root) == 0
    assert len(calls) == 1 and isinstance(calls[0][0], Corpus)
    assert (root / "site" / "pdf" / "2026-2030" / "mesure-01.pdf").is_file()
    assert not (root / "site" / "ancien.txt").exists()


def _write_expected_exports(corpus, output_dir, skip=()):
    """Placeholder files at every path the site links to."""
    from generator import urls

    paths = [urls.pdf_strategie("2026-2030"), urls.pdf_strategie("2020-2024")]
    paths += [urls.pdf_axe(a.numero) for a in corpus.strategy("2026-2030").document.axes]
    paths += [urls.pdf_mesure(e.model.numero) for e in corpus.strategy("2026-2030").mesures]
    if corpus.registre:
        paths += [urls.pdf_organisation(o.id) for o in corpus.registre.organisations]
    paths += [f"{urls.WORKBOOK_DIR}/{urls.WORKBOOK_NAME}.{ext}" for ext in ("ods", "csv")]
    for path in paths:
        if path in skip:
            continue
        (output_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (output_dir / path).write_bytes(b"%PDF-1.7\n")


def test_a_download_link_without_its_file_fails_the_build(site_tree, monkeypatch, capsys):
    def build_all(corpus, output_dir, root=None):
        _write_expected_exports(corpus, output_dir, skip={"2026-2030/mesure-01.pdf"})

    _fake_pdf(monkeypatch, build_all)
    root = site_tree()
    site = _old_site(root)
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "lien(s) de téléchargement sans fichier" in err and "mesure-01.pdf" in err
    assert sorted(p.name for p in site.iterdir()) == ["ancien.txt"]


def test_pdf_failure_leaves_the_site_untouched(site_tree, monkeypatch, capsys):
    def build_all(corpus, output_dir, root=None):
        raise RuntimeError("police introuvable")

    _fake_pdf(monkeypatch, build_all)
    root = site_tree()
    site = _old_site(root)
    assert _build(root) == 1
    err = capsys.readouterr().err
    assert "échec de la production des PDF" in err and "police introuvable" in err
    assert sorted(p.name for p in site.iterdir()) == ["ancien.txt"]
    assert _leftovers(root) == []


def test_no_site_yet_and_invalid_content(site_tree, no_pdf, capsys):
    root = site_tree(BROKEN / "02-vide.yaml")
    assert _build(root) == 1
    assert "aucun site n’a été écrit" in capsys.readouterr().err
    assert not (root / "site").exists()
    assert _leftovers(root) == []


# --- interruptions: Ctrl-C or SIGTERM keep the previous site and leave nothing behind ---

_SLOW_PDF = """
import sys, time, types
from pathlib import Path
module = types.ModuleType("generator.pdf")
def build_all(corpus, output_dir, root=None):
    Path(output_dir).mkdir(parents=True, exist_ok=True)
    (Path(output_dir) / "en-cours.pdf").write_bytes(b"%PDF-")
    time.sleep(120)
module.build_all = build_all
sys.modules["generator.pdf"] = module
from generator.__main__ import main
sys.exit(main(["--root", sys.argv[1], "build"]))
"""


def _start_build(root: Path, code: str | None = None) -> subprocess.Popen:
    """`python -m generator build` in its own process group, as a terminal runs it."""
    args = ["-c", code, str(root)] if code else ["-m", "generator", "--root", str(root), "build"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB_")}
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=ROOT,
        env=dict(env, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"délai dépassé : {what}"
        time.sleep(0.05)


def _processes_using(path: Path) -> list[str]:
    """Command lines of the live processes that name `path` (e.g. a leftover mkdocs)."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if str(path) in cmdline:
            found.append(cmdline)
    return found


def _interrupted(proc: subprocess.Popen, root: Path, site: Path) -> str:
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Construction interrompue : le site précédent" in err and "conservé" in err, err
    assert "Traceback" not in err, err
    assert sorted(p.name for p in site.iterdir()) == ["ancien.txt"]
    assert _leftovers(root) == []
    return err


def test_sigterm_during_mkdocs_keeps_the_site_and_removes_the_temporary_folder(site_tree):
    root = site_tree()
    site = _old_site(root)
    proc = _start_build(root)
    # MkDocs runs once the temporary folder exists and is being written to
    _wait_for(lambda: any(_processes_using(t) for t in root.glob(".site-tmp-*")), "MkDocs démarré")
    tmp = next(root.glob(".site-tmp-*"))
    proc.send_signal(signal.SIGTERM)
    _interrupted(proc, root, site)
    assert _processes_using(tmp) == []  # MkDocs did not survive its parent


def test_ctrl_c_during_the_pdf_step_keeps_the_site_and_removes_the_temporary_folder(site_tree):
    root = site_tree()
    site = _old_site(root)
    proc = _start_build(root, _SLOW_PDF)
    _wait_for(lambda: any(root.glob(".site-tmp-*/pdf/en-cours.pdf")), "étape PDF commencée")
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
    _interrupted(proc, root, site)
