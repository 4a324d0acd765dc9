"""Pages independent of the engine: `python -m generator pages --output DIR` writes every
generated page and data file (with the fixed pages of pages/) as plain files, and a static
configuration (mkdocs.yml with `docs_dir: DIR` and no hook) builds from DIR the same pages
as the build through the hook."""

import os
import re
import subprocess
import sys
from pathlib import Path

from generator.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def _build(config: Path, site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]


def _pages(site: Path) -> dict[str, str]:
    """Every HTML page of a built site (not the search index) and its title."""
    out = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        out[rel] = " ".join(_TITLE.search(path.read_text(encoding="utf-8")).group(1).split())
    return out


def _data(folder: Path) -> dict[str, bytes]:
    """The data files (exports, schemas) of a folder, with their bytes."""
    files = (folder / "donnees").rglob("*")
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files if p.suffix in (".json", ".csv")}


def static_config(docs: Path, target: Path) -> Path:
    """mkdocs.yml with `docs_dir` pointing to `docs`, the theme folder by absolute path, no hook."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: pages", f"docs_dir: {docs}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text, hooks = re.subn(r"^hooks:\n(  - .*\n)+", "", text, flags=re.M)
    assert hooks == 1 and "docs_dir: pages" not in text
    target.write_text(text, encoding="utf-8")
    return target


def test_the_written_folder_builds_the_same_pages_as_the_hook(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert main(["pages", "--output", str(docs)]) == 0
    assert "écrits dans" in capsys.readouterr().out
    # the folder holds the fixed pages, the generated pages and the data files
    assert (docs / "mentions-legales.md").is_file() and (docs / "2026-2030" / "index.md").is_file()
    assert (docs / "donnees" / "mesures.json").is_file()

    _build(ROOT / "mkdocs.yml", tmp_path / "hook")
    _build(static_config(docs, tmp_path / "statique.yml"), tmp_path / "statique")

    through_hook, from_folder = _pages(tmp_path / "hook"), _pages(tmp_path / "statique")
    assert len(through_hook) > 300
    assert from_folder == through_hook
    data = _data(tmp_path / "hook")
    assert "donnees/mesures.csv" in data and "donnees/schemas/mesure-2026.schema.json" in data
    assert _data(tmp_path / "statique") == data == _data(docs)


def test_pages_refuses_to_write_over_the_repository(capsys):
    assert main(["pages", "--output", str(ROOT)]) == 1
    assert "contient le dépôt" in capsys.readouterr().err
