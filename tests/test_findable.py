"""Findable from outside: the sitemap's dates come from git, every page describes itself to
search engines and sharing cards, and data portals get a Data Package checked by the
`frictionless` package."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.history import History

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = "https://exemple.github.io/depot/"
CARD = "2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SNPD_SITE_URL=PUBLISHED)
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _git(*args, cwd=ROOT, env=None):
    return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True, env=env).stdout


def _lastmods(site: Path) -> dict[str, str]:
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    return dict(re.findall(r"<loc>([^<]*)</loc>\s*<lastmod>([^<]*)</lastmod>", xml))


def test_sitemap_dates_are_the_last_changes_of_the_sources(site):
    lastmods = _lastmods(site)
    assert len(lastmods) > 300
    card_file = next((ROOT / "content/measures/2026").glob("07-*.yaml")).relative_to(ROOT).as_posix()
    if _git("rev-parse", "--is-shallow-repository").strip() == "true":  # no history: the build date
        expected = datetime.date.today().isoformat()
    else:
        expected = _git("log", "-1", "--format=%cs", "--", card_file).strip() or datetime.date.today().isoformat()
    assert lastmods[PUBLISHED + CARD] == expected
    # an index page is as recent as the newest of the files it lists
    assert lastmods[PUBLISHED + "2026-2030/axes/1/"] >= lastmods[PUBLISHED + CARD]


def _commit(repo: Path, path: str, text: str, day: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=f"{day}T12:00:00+00:00",
        GIT_COMMITTER_DATE=f"{day}T12:00:00+00:00",
        GIT_AUTHOR_NAME="Rédaction",
        GIT_AUTHOR_EMAIL="redaction@example.org",
        GIT_COMMITTER_NAME="Rédaction",
        GIT_COMMITTER_EMAIL="redaction@example.org",
    )
    _git("add", path, cwd=repo, env=env)
    _git("commit", "-q", "-m", f"modifie {path}", cwd=repo, env=env)


def test_history_reads_git_once_and_knows_no_date_without_history(tmp_path):
    repo = tmp_path / "depot"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _commit(repo, "content/a.yaml", "a: 1\n", "2026-01-10")
    _commit(repo, "content/b.yaml", "b: 1\n", "2026-02-20")
    _commit(repo, "content/a.yaml", "a: 2\n", "2026-03-30")
    _commit(repo, "README.md", "hors du contenu\n", "2026-04-01")
    history = History.read(repo)
    assert [c.day for c in history.commits] == ["2026-03-30", "2026-02-20", "2026-01-10"]
    assert history.last_change(["content/a.yaml"]) == "2026-03-30"
    assert history.last_change(["content/b.yaml"]) == "2026-02-20"
    assert history.last_change(["content/b.yaml", "content/a.yaml"]) == "2026-03-30"
    assert history.last_change(["content/jamais-commis.yaml"]) is None
    assert history.commits[0].subject == "modifie content/a.yaml"
    # a shallow clone (as CI checkouts often are) has no history: no dates at all
    shallow = tmp_path / "clone"
    _git("clone", "-q", "--depth", "1", repo.as_uri(), str(shallow), cwd=tmp_path)
    assert History.read(shallow).commits == []
    assert History.read(tmp_path / "pas-un-depot").commits == []


@pytest.mark.parametrize("path", ["", CARD, "partenaires/dgs/", "comparaison/liens/1/", "glossaire/", "donnees/"])
def test_every_page_describes_itself(site, path):
    html = (site / path / "index.html").read_text(encoding="utf-8")

    def meta(attr, name):
        found = re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)
        assert len(found) == 1, (name, found)
        return found[0]

    description = meta("name", "description")
    assert 40 <= len(description) <= 210
    assert meta("property", "og:description") == meta("name", "twitter:description") == description
    title = re.search(r"<title>([^<]*)</title>", html).group(1)
    assert meta("property", "og:title") in title
    assert meta("property", "og:url") == PUBLISHED + path
    assert meta("property", "og:locale") == "fr_FR"
    assert meta("name", "twitter:card") == "summary"
    # no image, so no image service and no other host
    assert "og:image" not in html and "twitter:image" not in html
    if path == CARD:  # drawn from the card's own text
        assert "haine" in description.lower() or "numérique" in description.lower()


def test_data_package_validates_with_frictionless(site):
    from frictionless import Package, validate

    folder = site / "donnees"
    descriptor = folder / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = Package(str(descriptor))
    names = {r.name for r in package.resources}
    assert names == {"mesures", "comparaison", "glossaire", "partenaires"}
    mesures = package.get_resource("mesures")
    rows = mesures.read_rows()
    assert len(rows) == 90
    assert {(r["strategie"], r["numero"]) for r in rows} >= {("2026-2030", 50), ("2020-2024", 40)}
    assert mesures.schema.get_field("numero").type == "integer"
    # every CSV column is described, in the file's order
    for resource in package.resources:
        header = (folder / resource.path).read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert [f.name for f in resource.schema.fields] == header
        assert all(f.description for f in resource.schema.fields), resource.name
