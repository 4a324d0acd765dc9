"""What the search index is built from (generator/site/search.py): the pages as published,
with ASCII apostrophes for Pagefind only, and the list of the site's words that the search
page corrects a slip against. (The search as a visitor uses it: tests/browser/.)"""

from pathlib import Path

from generator.site import search

PAGE = """<!DOCTYPE html><html lang="fr"><head><title>Mesure 33</title></head><body>
<nav>Navigation générale du site</nav>
<article data-pagefind-body data-titre="Promouvoir l’autorité bienveillante">
<h1>Promouvoir l’<abbr title="x">autorité</abbr> bienveillante du maire</h1>
<p>L’échange d’informations nominatives, 2020 : <a href="../x/">réinsertion</a>, au cœur.</p>
</article><footer>Pied de page commun</footer></body></html>"""


def test_vocabulary_is_the_indexed_words():
    words = search.vocabulary([PAGE, "<html><body><p>Texte jamais indexé</p></body></html>"])
    # the indexed part only (not the navigation, the footer, a page without it), lowercase,
    # accents kept (the search page shows the word it corrects to), no markup, sorted
    assert words == sorted(words)
    assert {"autorité", "bienveillante", "maire", "échange", "informations", "nominatives", "réinsertion"} <= set(words)
    assert not {"navigation", "commun", "texte", "jamais", "article", "abbr", "title"} & set(words)
    assert all(w == w.lower() and not any(c.isdigit() for c in w) for w in words)
    # five letters or more, or a ligature: « coeur » typed is « cœur », not a slip for « cour »
    assert "cœur" in words and all(len(w) >= 5 or "œ" in w for w in words)
    # « l’autorité », « d’informations »: the words after the apostrophe
    assert not any("’" in w or "'" in w for w in words)


def test_index_reads_ascii_apostrophes_and_leaves_the_site_as_it_is(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "mesure").mkdir(parents=True)
    (site / "mesure" / "index.html").write_text(PAGE, encoding="utf-8")
    read: dict[str, str] = {}
    run = search.subprocess.run

    def pagefind(command, **kwargs):
        if "--site" not in command:  # its version, checked first
            return run(command, **kwargs)
        staging = command[command.index("--site") + 1]
        for path in sorted(Path(staging).rglob("*.html")):
            read[str(path.relative_to(staging))] = path.read_text(encoding="utf-8")
        return run(command, **kwargs)

    monkeypatch.setattr(search.subprocess, "run", pagefind)
    search.build_index(site, {"glossaire/x/index.html": "<html><body data-pagefind-body><p>l’école</p></body></html>"})

    # Pagefind read the page and the extra document, with ASCII apostrophes only
    assert set(read) == {"mesure/index.html", "glossaire/x/index.html"}
    assert "Promouvoir l'autorité" in read["mesure/index.html"] and "’" not in read["mesure/index.html"]
    assert "l'école" in read["glossaire/x/index.html"]
    # the published page is unchanged, the extra document is not published
    assert (site / "mesure" / "index.html").read_text(encoding="utf-8") == PAGE
    assert not (site / "glossaire").exists()
    assert (site / search.OUTPUT / "pagefind-entry.json").is_file()
    assert "réinsertion\n" in (site / search.VOCABULARY).read_text(encoding="utf-8")


def test_an_axis_is_found_by_its_number_and_those_of_its_enjeux(corpus):
    """« axe 2 » and « enjeu 4 » lead to the current strategy's axis page (the enjeux have no
    page); « enjeu » and its number are key words of the axis. The 2020-2024 axes have none
    (« axe 4 » is theirs)."""
    info = search.describe(corpus)
    assert info["2026-2030/axes/1/"]["cle"] == "Enjeu 1 Enjeu 2 Enjeu 3 Enjeu 4"
    assert info["2026-2030/axes/3/"]["cle"] == "Enjeu 10 Enjeu 11 Enjeu 12"
    assert not any(v.get("cle") for k, v in info.items() if k.startswith("2020-2024/axes/"))
    # and exactly, by a filter the search page asks (Pagefind would also match « enjeu 40 »)
    assert info["2026-2030/axes/1/"]["reference"] == ["axe 1", "enjeu 1", "enjeu 2", "enjeu 3", "enjeu 4"]
    attributes = search.attributes("2026-2030/axes/1/", "Axe 1", info["2026-2030/axes/1/"])
    assert "reference[data-reference-1], reference[data-reference-2]" in attributes
    assert 'data-reference-5="enjeu 4"' in attributes


def test_a_current_card_has_its_number_as_an_exact_reference(corpus):
    info = search.describe(corpus)
    card = next(v for k, v in info.items() if k.startswith("2026-2030/mesures/04-"))
    assert card["reference"] == ["mesure 4"]
    assert not any("reference" in v for k, v in info.items() if k.startswith("2020-2024/"))
