"""Where the site is published and its repository come from the environment the build
runs in (generator/siteconfig.py): SNPD_SITE_URL, GITHUB_SERVER_URL + GITHUB_REPOSITORY,
SNPD_BRANCH, with local defaults in mkdocs.yml. (The built site is checked in
tests/browser/, built for exemple/depot and served under /depot/.)"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator import siteconfig
from generator.pdf import documents, engine
from generator.pdf.meta import build_info
from generator.schemas import schema_texts

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDERS = ("example.gouv.fr", "github.com/ministere-interieur")
FORK = {
    "SNPD_SITE_URL": "https://exemple.github.io/depot",  # configure-pages gives no final "/"
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "exemple/depot",
}


@pytest.fixture
def fork(monkeypatch):
    for name, value in FORK.items():
        monkeypatch.setenv(name, value)


def test_local_defaults():
    assert siteconfig.site_url(ROOT) == "http://127.0.0.1:8000/"
    assert siteconfig.repo_url(ROOT) == ""
    assert siteconfig.edit_base(ROOT) is None
    assert siteconfig.file_url("CONTRIBUTING.md", ROOT) is None


def test_addresses_follow_the_environment(fork, monkeypatch):
    assert siteconfig.site_url(ROOT) == "https://exemple.github.io/depot/"
    assert siteconfig.repo_url(ROOT) == "https://github.com/exemple/depot"
    assert siteconfig.edit_base(ROOT) == "https://github.com/exemple/depot/edit/main/"
    monkeypatch.setenv("SNPD_BRANCH", "principale")
    assert siteconfig.file_url("CONTRIBUTING.md", ROOT) == (
        "https://github.com/exemple/depot/blob/principale/CONTRIBUTING.md"
    )


def test_mkdocs_reads_the_same_variable_as_the_generator():
    """mkdocs.yml's site_url is `!ENV [SNPD_SITE_URL, default]`: an engine that runs no hook
    (see Zensical) still publishes at the right address."""
    config = siteconfig.mkdocs_config(ROOT)
    assert isinstance(config["site_url"], siteconfig._Env)
    assert config["site_url"].names == ("SNPD_SITE_URL",)
    assert "repo_url" not in config  # no placeholder repository
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        assert placeholder not in text


def test_no_placeholder_address_in_the_repository():
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    found = []
    for name in files.splitlines():
        path = ROOT / name
        if path.suffix not in {".py", ".yml", ".yaml", ".html", ".j2", ".md", ".css", ".js", ".json", ".toml"}:
            continue
        if name.startswith("tests/"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name} : {p}" for p in PLACEHOLDERS if p in text]
    assert found == []


def test_published_schemas_have_absolute_ids(fork):
    texts = schema_texts(siteconfig.site_url(ROOT) + "donnees/schemas/")
    assert texts
    for name, text in texts.items():
        assert f'"$id": "https://exemple.github.io/depot/donnees/schemas/{name}"' in text
    # the committed copies stay independent of where the site is published
    for name, text in schema_texts().items():
        assert f'"$id": "{name}"' in text


def test_pdf_online_lines_and_links_follow_the_environment(fork, corpus, tmp_path):
    doc = documents.documents(corpus, build_info(ROOT), "mesures")[6]
    target = tmp_path / "mesure.pdf"
    engine.write_pdf(engine.render_html(doc.template, **doc.context), target)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    card = "https://exemple.github.io/depot/2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/"
    assert "https://exemple.github.io/depot/" in text
    for placeholder in PLACEHOLDERS + ("127.0.0.1",):
        assert placeholder not in text
    import pypdf

    uris = {
        a.get_object()["/A"]["/URI"]
        for page in pypdf.PdfReader(target).pages
        for a in page.get("/Annots") or []
        if a.get_object().get("/A") is not None and "/URI" in a.get_object()["/A"]
    }
    assert card in uris
    assert all(not any(p in u for p in PLACEHOLDERS + ("127.0.0.1",)) for u in uris), uris
