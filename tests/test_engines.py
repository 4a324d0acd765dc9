"""ProperDocs, our way out if MkDocs 1.x dies (MkDocs 2.0 drops plugins and hooks), builds
the real site from the same mkdocs.yml, unchanged, into the same site as MkDocs.

Both builds run side by side, as the deploy workflow builds a fork's site. The only
expected difference is the `<meta name="generator">` tag naming the engine.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
WHERE = {
    "SNPD_SITE_URL": "https://exemple.github.io/depot/",
    "GITHUB_SERVER_URL": "https://github.com",
    "GITHUB_REPOSITORY": "exemple/depot",
    "SNPD_BRANCH": "main",
}
ENGINES = ("mkdocs", "properdocs")
# Bytes that may differ between engines: the compressed sitemap (serialisation details),
# the generator tag of every page, and the parts of the Pagefind index whose names and bytes
# vary from one indexing to the next, even of the same pages (its filters and metadata
# chunks, named by their hash, and the entry file naming them).
LOOSE = {"sitemap.xml.gz", "pagefind/pagefind-entry.json"}
_LOOSE_NAMES = re.compile(r"pagefind/(filter/.*\.pf_filter|pagefind\.[^/]*\.pf_meta)")
_GENERATOR = re.compile(r'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    try:
        import properdocs  # noqa: F401
    except ImportError:
        pytest.fail("ProperDocs n’est pas installé : lancez bash scripts/install.sh")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", **WHERE)
    out = {engine: tmp_path_factory.mktemp(engine) for engine in ENGINES}
    runs = {
        engine: subprocess.Popen(
            [sys.executable, "-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", str(out[engine])],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for engine in ENGINES
    }
    for engine, run in runs.items():
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, f"{engine} build a échoué :\n{err[-3000:]}"
        assert "WARNING" not in err, f"{engine} :\n{err[-3000:]}"
    return out


def _files(site: Path) -> set[str]:
    names = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {n for n in names if not _LOOSE_NAMES.fullmatch(n)}


def _article(html: str) -> str:
    """The page's main content (Material's article, which may hold articles of its own)."""
    start = html.index('<article class="md-content__inner')
    end = html.rindex("</article>", start, html.index("</main>"))
    return html[start : end + len("</article>")]


def test_same_files(sites):
    mkdocs, properdocs = (_files(sites[e]) for e in ENGINES)
    assert mkdocs == properdocs, {
        "MkDocs seul": sorted(mkdocs - properdocs),
        "ProperDocs seul": sorted(properdocs - mkdocs),
    }
    pages = {f for f in mkdocs if f.endswith(".html")}
    assert len(pages) > 300 and "2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/index.html" in pages


def test_same_measure_card(sites):
    cards = sorted((sites["mkdocs"] / "2026-2030" / "mesures").iterdir())
    assert len(cards) == 50
    rel = cards[6].relative_to(sites["mkdocs"]) / "index.html"
    mkdocs, properdocs = (_article((sites[e] / rel).read_text(encoding="utf-8")) for e in ENGINES)
    assert mkdocs == properdocs
    # the card is really there: its title, an acronym with its expansion, French typography
    assert "<h1" in mkdocs and "Mesure 7" in mkdocs
    assert '<abbr tabindex="0" title=' in mkdocs
    assert "\u00a0:" in mkdocs


def test_same_bytes_apart_from_the_generator_tag(sites):
    differ = []
    for rel in sorted(_files(sites["mkdocs"]) - LOOSE):
        a, b = ((sites[e] / rel).read_bytes() for e in ENGINES)
        if rel.endswith(".html"):
            a, b = (_GENERATOR.sub("", x.decode("utf-8")) for x in (a, b))
        if a != b:
            differ.append(rel)
    assert differ == [], f"{len(differ)} fichier(s) différent(s), dont {differ[:10]}"


def test_same_search_index(sites):
    """Both engines' sites are indexed for Pagefind, with the same pages."""
    entries = [json.loads((sites[e] / "pagefind" / "pagefind-entry.json").read_text()) for e in ENGINES]
    assert entries[0]["languages"]["fr"]["page_count"] == entries[1]["languages"]["fr"]["page_count"] > 300
    for e in ENGINES:
        assert len(list((sites[e] / "pagefind" / "filter").glob("*.pf_filter"))) >= 1
