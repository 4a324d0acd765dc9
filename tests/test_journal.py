"""What changed, and since when: `python -m generator diff`, the « Journal des modifications »
page, its Atom feed, the « Mis à jour le » lines and the PDFs' dates, on a temporary git
repository whose commits at fixed dates are those an editor makes: an indicator added to a
measure, a pilot changed, a sentence corrected, an acronym added, a file broken then fixed.
A shallow clone of it still builds, and says that its history is not available."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = "https://exemple.github.io/depot/"
FORGE = {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "exemple/depot"}

M3 = "content/measures/2026/03-soutenir-populations-violences-narcotrafic.yaml"
M7 = "content/measures/2026/07-sensibiliser-jeunes-haine-en-ligne.yaml"
M10 = "content/measures/2026/10-soutenir-parents-education-numerique.yaml"
GLOSSARY = "content/glossary.yaml"
CARD3 = "2026-2030/mesures/03-soutenir-populations-violences-narcotrafic/"
CARD7 = "2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/"
CARD10 = "2026-2030/mesures/10-soutenir-parents-education-numerique/"

INDICATOR = "Nombre de familles accompagnées dans les territoires concernés"
SENTENCE = ("Le rapport France Stratégie intitulé", "Le rapport de France Stratégie intitulé")
ACRONYM = """  - sigle: COMCYBER-MI
    developpements:
      - texte: Commandement du ministère de l’Intérieur dans le cyberespace
        strategies: ["2026-2030"]
"""
TARGET = (
    "Sensibilisation d’une centaine d’entreprises d’ici 2027, et 200 d’ici 2030",
    "Sensibilisation de 150 entreprises d’ici 2027, et 300 d’ici 2030",
)


def _git(*args, cwd: Path, env=None) -> str:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, text=True, check=True, env=env
    ).stdout.strip()


def _edit(repo: Path, path: str, old: str, new: str) -> None:
    text = (repo / path).read_text(encoding="utf-8")
    assert old in text, (path, old)
    (repo / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def _commit(repo: Path, message: str, day: str) -> str:
    env = dict(
        os.environ,
        GIT_AUTHOR_DATE=f"{day}T10:00:00+02:00",
        GIT_COMMITTER_DATE=f"{day}T10:00:00+02:00",
        GIT_AUTHOR_NAME="Rédaction",
        GIT_AUTHOR_EMAIL="redaction@example.org",
        GIT_COMMITTER_NAME="Rédaction",
        GIT_COMMITTER_EMAIL="redaction@example.org",
    )
    _git("add", "-A", cwd=repo, env=env)
    _git("commit", "-q", "-m", message, cwd=repo, env=env)
    return _git("rev-parse", "HEAD", cwd=repo)


@pytest.fixture(scope="module")
def depot(tmp_path_factory):
    """The repository and its commits by name, oldest first."""
    repo = tmp_path_factory.mktemp("journal") / "depot"
    repo.mkdir()
    _git("init", "-q", "-b", "main", cwd=repo)
    shutil.copytree(ROOT / "content", repo / "content")
    shutil.copy(ROOT / "mkdocs.yml", repo / "mkdocs.yml")  # the site's local address
    c = {"initial": _commit(repo, "Contenu initial", "2026-01-05")}
    _edit(repo, M3, "indicateurs:\n", f"indicateurs:\n  - {INDICATOR}\n")
    c["indicateur"] = _commit(repo, "Mesure 3 : un indicateur de plus", "2026-02-10")
    _edit(repo, M7, "pilote:\n  - DGCS\n", "pilote:\n  - DGCS\n  - DPJJ\n")
    c["pilote"] = _commit(repo, "Mesure 7 : la DPJJ copilote", "2026-03-16")
    _edit(repo, M7, *SENTENCE)
    c["phrase"] = _commit(repo, "Mesure 7 : coquille", "2026-04-20")
    (repo / GLOSSARY).write_text((repo / GLOSSARY).read_text(encoding="utf-8") + ACRONYM, encoding="utf-8")
    c["sigle"] = _commit(repo, "Glossaire : COMCYBER-MI", "2026-05-25")
    _edit(repo, M10, "indicateurs:\n", "indicateur:\n")
    c["casse"] = _commit(repo, "Mesure 10 : cible chiffrée (à finir)", "2026-06-01")
    _edit(repo, M10, "indicateur:\n", "indicateurs:\n")
    _edit(repo, M10, *TARGET)
    c["repare"] = _commit(repo, "Mesure 10 : cible chiffrée", "2026-06-03")
    return repo, c


def _diff(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SNPD_"))}
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(repo), "diff", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
    )


# --- python -m generator diff --------------------------------------------------------


def test_diff_names_each_object_and_field_in_french(depot):
    repo, c = depot
    out = _diff(repo, c["initial"], c["indicateur"])
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("## Modifications du contenu\n")
    assert "**1 objet modifié** : 1 mesure." in text
    assert "### Mesure 3 (2026-2030) — Soutenir les populations affectées par les violences du narcotrafic" in text
    assert f"- indicateur ajouté : « {INDICATOR} »" in text
    assert f"({PUBLISHED}" not in text  # no address known: the local one
    assert f"](http://127.0.0.1:8000/{CARD3})" in text

    text = _diff(repo, c["indicateur"], c["pilote"]).stdout
    assert "### Mesure 7 (2026-2030)" in text
    assert "- pilote : DGCS → DGCS, DPJJ" in text

    text = _diff(repo, c["pilote"], c["phrase"]).stdout
    assert "- contexte : 1 paragraphe modifié" in text
    # the word-level diff: the inserted word, the words around it, no more
    line = next(line for line in text.splitlines() if "<ins>" in line)
    assert re.search(r"Le rapport ?<ins> ?de ?</ins> ?France Stratégie intitulé", line), line
    assert "<del>" not in line
    assert "TikTok" not in line  # other paragraphs are not repeated


def test_diff_as_json(depot):
    repo, c = depot
    out = _diff(repo, c["phrase"], c["sigle"], "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["base"]["commit"] == c["phrase"] and data["head"]["commit"] == c["sigle"]
    assert data["texte_publie_modifie"] is True
    [glossary] = data["objets"]
    assert (glossary["genre"], glossary["etat"], glossary["fichier"]) == ("glossaire", "modification", GLOSSARY)
    assert glossary["adresses"] == ["http://127.0.0.1:8000/glossaire/"]
    assert [d["resume"] for d in glossary["details"]] == [
        "sigle ajouté : COMCYBER-MI (Commandement du ministère de l’Intérieur dans le cyberespace)"
    ]

    # the real change of measure 10 between two valid versions, word by word
    data = json.loads(_diff(repo, c["sigle"], c["repare"], "--format", "json").stdout)
    [m10] = data["objets"]
    assert m10["libelle"] == "Mesure 10 (2026-2030)" and m10["pages"] == [CARD10]
    [detail] = m10["details"]
    assert detail["champ"] == "indicateurs" and detail["resume"] == "indicateur modifié"
    [text] = detail["textes"]
    assert (text["avant"], text["apres"]) == TARGET
    removed = "".join(s for op, s in text["mots"] if op == "-")
    added = "".join(s for op, s in text["mots"] if op == "+")
    assert "centaine" in removed and "200" in removed and "150" in added and "300" in added
    assert "".join(s for op, s in text["mots"] if op != "+") == TARGET[0]
    assert "".join(s for op, s in text["mots"] if op != "-") == TARGET[1]


def test_a_file_that_does_not_validate_is_reported_not_a_crash(depot):
    repo, c = depot
    out = _diff(repo, c["sigle"], c["casse"])
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "Traceback" not in out.stderr
    assert "⚠ 1 fichier(s) ne valident pas" in text
    assert "### Mesure 10 (2026-2030)" in text
    assert f"- erreur : {M10}:" in text
    # the validator's own message (one mistake, one message: the misspelt field)
    assert "indicateur : champ inconnu : vouliez-vous dire « indicateurs » ?" in text
    data = json.loads(_diff(repo, c["sigle"], c["casse"], "--format", "json").stdout)
    [m10] = data["objets"]
    assert m10["etat"] == "invalide" and len(m10["erreurs"]) == 1 and m10["pages"] == []
    # fixed: the diff says so (the journal compares with the last valid version instead)
    text = _diff(repo, c["casse"], c["repare"]).stdout
    assert "fichier corrigé (il ne validait pas avant cette modification)" in text


def test_diff_defaults_to_the_working_tree_against_main(depot):
    repo, c = depot
    out = _diff(repo)
    assert out.returncode == 0, out.stderr
    assert f"De `{c['repare'][:7]}` à l’arbre de travail" in out.stdout
    assert "**Aucun texte publié n’est modifié.**" in out.stdout
    path = repo / M3
    original = path.read_bytes()
    try:
        path.write_bytes(original + "# un commentaire ne change aucun texte publié\n".encode())
        (repo / "content/_modeles/mesure-2026.yaml").write_text("# modèle réécrit\n", encoding="utf-8")
        text = _diff(repo).stdout
        assert "**Aucun texte publié n’est modifié.**" in text
        assert f"sans effet sur les textes publiés (mise en forme du YAML, commentaires) : `{M3}`" in text
        assert "Fichiers non publiés modifiés : `content/_modeles/mesure-2026.yaml`" in text
        path.write_bytes(original.replace(SENTENCE[0].encode(), b"Le rapport X"))  # not there: no change
        new = repo / "content/measures/2026/51-nouvelle-mesure.yaml"
        shutil.copy(repo / M3, new)
        _edit(repo, new.relative_to(repo).as_posix(), "numero: 3\n", "numero: 51\n")
        text = _diff(repo).stdout
        assert "### Mesure 51 (2026-2030)" in text and "- ajoutée : « Soutenir les populations" in text
    finally:
        path.write_bytes(original)
        _git("checkout", "-q", "--", "content", cwd=repo)
        _git("clean", "-q", "-fd", "--", "content", cwd=repo)


def test_an_unknown_revision_is_a_french_message(depot):
    repo, _ = depot
    out = _diff(repo, "n-existe-pas", "HEAD")
    assert out.returncode == 2
    assert "Comparaison impossible : révision git inconnue : « n-existe-pas »" in out.stderr
    assert "Traceback" not in out.stderr


# --- the site: journal page, Atom feed, « Mis à jour le » ---------------------------------


def _build(root: Path, out: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "SNPD_"))}
    env.update(NO_MKDOCS_2_WARNING="1", SNPD_ROOT=str(root), SNPD_SITE_URL=PUBLISHED, **FORGE)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def site(depot, tmp_path_factory):
    repo, _ = depot
    out = tmp_path_factory.mktemp("site-journal")
    _build(repo, out)
    return out


def _read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    """The text a reader sees (inline elements do not separate words)."""
    html = re.sub(r"</?(?:abbr|a|ins|del|span|strong|em)\b[^>]*>", "", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("\u00a0", " ").split())


def test_journal_page_lists_each_published_change_newest_first(site, depot):
    _, c = depot
    html = _read(site, "journal/")
    headings = re.findall(r'<h2 id="(modif-[0-9a-f]{7})"[^>]*>(.*?)</h2>', html, re.S)
    expected = [
        ("repare", "3 juin 2026 — Mesure 10 (2026-2030)"),
        ("sigle", "25 mai 2026 — Glossaire"),
        ("phrase", "20 avril 2026 — Mesure 7 (2026-2030)"),
        ("pilote", "16 mars 2026 — Mesure 7 (2026-2030)"),
        ("indicateur", "10 février 2026 — Mesure 3 (2026-2030)"),
        ("initial", "5 janvier 2026"),
    ]
    assert [h[0] for h in headings] == [f"modif-{c[name][:7]}" for name, _ in expected]
    for (_, title), (_, shown) in zip(expected, headings, strict=True):
        assert _text(shown).startswith(title), (title, shown)
    # the broken version was never published: no entry; the fix shows what really changed
    assert f"modif-{c['casse'][:7]}" not in html
    entry = html[html.index(f'id="modif-{c["repare"][:7]}"') : html.index(f'id="modif-{c["sigle"][:7]}"')]
    text = _text(entry)
    assert "indicateur modifié" in text and "corrigé" not in text
    assert "<del>" in entry and "<ins>" in entry
    assert f'href="https://github.com/exemple/depot/commit/{c["repare"]}"' in entry
    assert f'href="../{CARD10}"' in entry
    assert "pilote : DGCS → DGCS, DPJJ" in _text(html)
    assert "sigle ajouté : COMCYBER-MI" in _text(html)
    # linked to its feed, and kept out of the search index (old texts)
    assert 'href="atom.xml"' in html and 'class="snpd-journal" data-pagefind-ignore' in html


def test_the_atom_feed_parses_and_links_to_the_changes(site, depot):
    _, c = depot
    feed = feedparser.parse((site / "journal" / "atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.title.startswith("Journal des modifications")
    assert feed.feed.language == "fr"
    assert {link.rel: link.href for link in feed.feed.links} == {
        "alternate": PUBLISHED + "journal/",
        "self": PUBLISHED + "journal/atom.xml",
    }
    assert [e.link for e in feed.entries] == [
        f"{PUBLISHED}journal/#modif-{c[n][:7]}"
        for n in ("repare", "sigle", "phrase", "pilote", "indicateur", "initial")
    ]
    first = feed.entries[0]
    assert first.title == "3 juin 2026 — Mesure 10 (2026-2030)"
    assert first.updated_parsed[:5] == (2026, 6, 3, 8, 0)  # 10:00 in Paris, in UTC
    assert first.id == first.link
    assert f'href="{PUBLISHED}{CARD10}"' in first.content[0].value
    assert "indicateur modifié" in first.content[0].value
    assert f"https://github.com/exemple/depot/commit/{c['repare']}" in first.content[0].value
    assert feed.entries[3].summary.startswith("Mesure 7 (2026-2030) — pilote : DGCS → DGCS, DPJJ")


@pytest.mark.parametrize(
    "url, day, commit, anchor",
    [
        (CARD7, "20 avril 2026", "phrase", "mesure-2026-7"),
        (CARD3, "10 février 2026", "indicateur", "mesure-2026-3"),
        (CARD10, "3 juin 2026", "repare", "mesure-2026-10"),
        ("glossaire/", "25 mai 2026", "sigle", "glossaire"),
        ("partenaires/dgcs/", "5 janvier 2026", "initial", None),
        ("2020-2024/mesures/01-identifier-precocement-facteurs-risque-jeunes/", "5 janvier 2026", "initial", None),
    ],
)
def test_pages_say_when_they_were_last_updated(site, depot, url, day, commit, anchor):
    _, c = depot
    html = _read(site, url)
    m = re.search(
        r'<p class="snpd-maj"[^>]*>Mis à jour le ([^<]*?) — <a href="([^"]+)">voir les modifications</a>', html
    )
    assert m, url
    assert m.group(1).replace("\u00a0", " ") == day
    journal, _, target = m.group(2).partition("#")
    assert (site / url / journal / "index.html").resolve() == (site / "journal" / "index.html").resolve()
    assert target.startswith(f"modif-{c[commit][:7]}-")
    if anchor:
        assert target == f"modif-{c[commit][:7]}-{anchor}"
    assert f'id="{target}"' in _read(site, "journal/")
    # every page names the feed in its <head>
    feed = re.search(
        r'<link rel="alternate feed" type="application/atom\+xml" title="Journal des modifications" href="([^"]+)"',
        html,
    )
    assert feed and (site / url / feed.group(1)).resolve() == (site / "journal" / "atom.xml").resolve()


def test_other_pages_have_no_update_line(site):
    assert "snpd-maj" not in _read(site, "") and "snpd-maj" not in _read(site, "2026-2030/axes/1/")


# --- PDFs ----------------------------------------------------------------------------------


def test_pdfs_give_the_date_of_their_last_content_change(depot, tmp_path):
    pypdf = pytest.importorskip("pypdf")
    from generator.content import load_corpus
    from generator.pdf import documents, engine
    from generator.pdf.build import _journal
    from generator.pdf.meta import build_info

    repo, _ = depot
    corpus = load_corpus(repo)
    info = build_info(repo)
    journal = _journal(repo)
    [card7] = documents.dated([documents.measure_documents(corpus, info)[6]], journal)
    target = tmp_path / "mesure-07.pdf"
    engine.write_pdf(engine.render_html(card7.template, **card7.context), target)
    first = pypdf.PdfReader(str(target)).pages[0].extract_text()
    assert "Contenu modifié le 20 avril 2026" in " ".join(first.replace("\u00a0", " ").split())
    # a document made of many files: its newest change (measure 10's fix, in axis 1)
    [axis1] = documents.dated([documents.axes_documents(corpus, info)[0]], journal)
    assert "<dt>Contenu modifié le</dt><dd>3 juin 2026</dd>" in engine.render_html(axis1.template, **axis1.context)


# --- a clone without history -----------------------------------------------------------------


def test_a_shallow_clone_builds_and_says_its_history_is_not_available(depot, tmp_path):
    repo, c = depot
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(clone)], check=True)
    assert _git("rev-parse", "--is-shallow-repository", cwd=clone) == "true"
    out = tmp_path / "site"
    _build(clone, out)
    html = _read(out, "journal/")
    assert "Historique non disponible" in html and "clone superficiel" in html
    assert "snpd-journal__objet" not in html
    assert "Mis à jour le" not in _read(out, CARD7)
    feed = feedparser.parse((out / "journal" / "atom.xml").read_bytes())
    assert not feed.bozo and feed.version == "atom10" and feed.entries == []
    # the diff says why it cannot compare
    result = _diff(clone, c["phrase"], "HEAD")
    assert result.returncode == 2 and "clone superficiel" in result.stderr


# --- the journal kept between builds ------------------------------------------------------------


def _entries(repo: Path) -> list:
    """The journal of `repo` as data, computed in a fresh state of this process."""
    from generator import changes, journal
    from generator.history import History

    journal._DIFFS.clear()
    changes._PARSED.clear()
    built = journal.Journal.build(repo, History.read(repo))
    return [(e.commit.hash, [o.to_json() for o in e.objets]) for e in built.entries]


def test_a_build_computes_only_the_commits_it_has_not_seen(depot, tmp_path, monkeypatch):
    from generator import journal

    repo, c = depot
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", repo.as_uri(), str(clone)], check=True)
    cache = tmp_path / "cache"
    monkeypatch.setenv(journal.CACHE_VARIABLE, "0")
    expected = _entries(clone)  # no cache: the reference
    assert not (clone / ".cache").exists()
    assert [h for h, _ in expected] == [c[k] for k in ("repare", "sigle", "phrase", "pilote", "indicateur", "initial")]

    computed: list[str] = []
    compute = journal._compute
    monkeypatch.setattr(journal, "_compute", lambda commit, *a: computed.append(commit.hash) or compute(commit, *a))
    monkeypatch.setenv(journal.CACHE_VARIABLE, str(cache))

    # up to the broken file: every commit is computed once, then none
    _git("reset", "-q", "--hard", c["casse"], cwd=clone)
    first = _entries(clone)
    assert computed == [c[k] for k in ("initial", "indicateur", "pilote", "phrase", "sigle", "casse")]
    computed.clear()
    assert _entries(clone) == first and computed == []

    # the fix: only its commit is computed, against the last valid version (from the cache)
    _git("reset", "-q", "--hard", c["repare"], cwd=clone)
    assert _entries(clone) == expected
    assert computed == [c["repare"]]

    # another change of the code computes everything again
    computed.clear()
    monkeypatch.setattr(journal, "_code", lambda: "un autre code")
    assert _entries(clone) == expected and len(computed) == 7
    monkeypatch.undo()
    monkeypatch.setenv(journal.CACHE_VARIABLE, str(cache))

    # a damaged cache is computed again and rewritten whole
    (cache / "journal.json").write_text('{"entrees": {"x": ', encoding="utf-8")
    assert _entries(clone) == expected
    stored = json.loads((cache / "journal.json").read_text(encoding="utf-8"))
    assert len(stored["entrees"]) == 7  # one per commit that touched content/, stale keys dropped
    assert not list(cache.glob("*.tmp"))
