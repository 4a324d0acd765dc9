"""The search as a visitor uses it: the header's box, the search page and its filters, the
keyboard, a screen reader's cues, no JavaScript, a phone; and no search data fetched before
anyone searches. (How well it ranks: test_relevance.py.)"""

import re

import pytest

from .test_site import FAMILIES

pytestmark = pytest.mark.browser


def _wait_for(pg, query):
    pg.wait_for_function(
        "q => document.getElementById('snpd-statut').textContent.includes('« ' + q + ' »')", arg=query, timeout=20000
    )


def _wait_for_filter(pg, said):
    pg.wait_for_function("s => document.getElementById('snpd-statut').textContent.includes(s)", arg=said, timeout=20000)


def _search_requests(pg, requests):
    """Pagefind (engine, index) and the site's words (slips corrected) fetched."""
    return [u for u in requests if "/pagefind/" in u or u.endswith("/recherche/mots.txt")]


def test_header_box_leads_to_results(page, base_url):
    csp = []
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(base_url + FAMILIES["mesure 2026"])
    box = page.get_by_role("search", name="Rechercher sur le site").get_by_label("Rechercher sur le site")
    box.fill("harcelement scolaire")
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=harcelement+scolaire")
    _wait_for(page, "harcelement scolaire")
    first = page.locator("#snpd-resultats li").first
    # the number and the title, the strategy, an excerpt with the words found highlighted
    assert first.locator(".snpd-resultat__titre a").inner_text().startswith("Mesure 14 –")
    assert "Stratégie 2026-2030" in first.locator(".snpd-resultat__meta").inner_text()
    assert first.locator(".snpd-resultat__extrait mark").count() >= 1
    assert page.locator("#snpd-q").input_value() == "harcelement scolaire"
    first.locator("a").click()
    page.wait_for_load_state()
    assert "/depot/2026-2030/mesures/14-" in page.url
    assert csp == []


def test_no_search_data_before_searching(browser, base_url):
    """No page fetches Pagefind, its index or the site's words on load, the search page
    included; the first query does."""
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    requests = []
    pg.on("request", lambda r: requests.append(r.url))
    for path in [*FAMILIES.values(), "recherche/"]:
        pg.goto(base_url + path)
        pg.wait_for_load_state("networkidle")
    assert _search_requests(pg, requests) == []
    pg.locator("#snpd-q").press_sequentially("prostitution", delay=10)
    _wait_for(pg, "prostitution")
    fetched = _search_requests(pg, requests)
    assert any(u.endswith("/pagefind/pagefind.js") for u in fetched)
    assert any(".pf_index" in u for u in fetched)
    assert any(u.endswith("/recherche/mots.txt") for u in fetched)
    context.close()


def test_typed_and_pasted_words_find_the_same_card(browser, base_url):
    """Results follow the typing, the last letter's query shown last; words pasted are
    searched at once."""
    context = browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.goto(base_url + "recherche/")
    box = pg.locator("#snpd-q")
    box.press_sequentially("soumission chimique", delay=120)
    _wait_for(pg, "soumission chimique")
    typed = pg.locator("#snpd-resultats li a").first.get_attribute("href")
    assert "/mesures/16-" in typed
    box.fill("")
    pg.wait_for_function("() => document.getElementById('snpd-statut').textContent === ''")
    assert pg.locator("#snpd-resultats li").count() == 0
    pg.evaluate("navigator.clipboard.writeText('soumission chimique')")
    box.press("ControlOrMeta+V")
    _wait_for(pg, "soumission chimique")
    assert pg.locator("#snpd-resultats li a").first.get_attribute("href") == typed
    context.close()


def test_a_number_brings_the_card_or_axis_it_names_first(page, base_url):
    """« 4 » is also the start of « 40 » to « 49 », which Pagefind may rank above card 4:
    a card, an axis or an enjeu of the current strategy named by its number comes first."""
    for query, target in (
        ("4", "2026-2030/mesures/04-"),
        ("M1", "2026-2030/mesures/01-"),
        ("mesure 3", "2026-2030/mesures/03-"),
        ("46", "2026-2030/mesures/46-"),
        ("axe 2", "2026-2030/axes/2/"),
        ("enjeu 7", "2026-2030/axes/2/"),
    ):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        assert target in page.locator("#snpd-resultats li a").first.get_attribute("href"), query
        # the other pages holding the words follow
        assert page.locator("#snpd-resultats li").count() > 1, query


def test_a_word_after_an_apostrophe_is_found_and_shown_as_printed(page, base_url):
    """« l’autorité », « d’informations » (typographic apostrophe, as the site prints them)
    are found by « autorite », « informations »; titles and excerpts keep the typographic
    apostrophe."""
    for query, card in (
        ("autorite bienveillante", "2020-2024/mesures/33-"),
        ("informations nominatives", "2020-2024/mesures/36-"),
    ):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        first = page.locator("#snpd-resultats li").first
        assert card in first.locator("a").get_attribute("href"), query
    shown = page.locator("#snpd-resultats").inner_text()
    assert "d’informations" in shown
    assert "'" not in shown


def test_a_slip_is_corrected_to_a_word_of_the_site(page, base_url):
    """A letter changed (« reinsersion »), left out early in a word (« comissariat ») or
    from a word the site has only in the plural (« pyrotecnique »): the word of the site one
    letter apart is searched, and the page says so."""
    for query, card, said in (
        ("reinsersion", "/mesures/31-", "mots corrigés : « réinsertion »"),
        ("psychologue comissariat", "/mesures/35-", "mots corrigés : « psychologue commissariat »"),
        ("pyrotecnique", "/mesures/04-", "mots corrigés : « pyrotechnique »"),
    ):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        assert said in page.locator("#snpd-statut").inner_text(), query
        assert card in page.locator("#snpd-resultats li a").first.get_attribute("href"), query
    # a word being typed, known to the site, or typed with « oe » for « œ », is left as it is
    for query in ("harcelement", "coeur"):
        page.goto(base_url + "recherche/?q=" + query)
        _wait_for(page, query)
        assert "corrigés" not in page.locator("#snpd-statut").inner_text(), query


def test_oe_typed_for_the_ligature_finds_the_same_pages(page, base_url):
    """The site prints « mise en œuvre »; a keyboard types « mise en oeuvre »."""
    found = {}
    for query in ("mise en œuvre", "mise en oeuvre"):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        found[query] = page.locator("#snpd-statut").inner_text().split(" résultat")[0]
    assert found["mise en oeuvre"] == found["mise en œuvre"]
    assert int(found["mise en œuvre"]) > 50


def test_little_words_are_not_asked_of_pagefind(page, base_url):
    """« de », « la »… are on nearly every page: they narrow nothing down, and Pagefind
    scores each of their matches (1.6 s for « prevention de la delinquance » at a hundred
    times the content, bench/README.md). A query with them finds the pages found without
    them, and the page still says what was typed."""
    found = {}
    for query in ("prevention de la delinquance", "prevention delinquance"):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        found[query] = page.locator("#snpd-statut").inner_text().split(" résultat")[0]
        marks = {m.lower() for m in page.locator("#snpd-resultats mark").all_inner_texts()}
        assert marks and not {"de", "la"} & marks, marks
    assert found["prevention de la delinquance"] == found["prevention delinquance"]
    assert int(found["prevention delinquance"]) > 50


def test_words_side_by_side_score_up(page, base_url):
    """Card 29 is the only one to speak of « petite délinquance »; cards speaking of
    « petites communes » and, elsewhere, of « délinquance » came first (card 29 was 5th)
    while Pagefind scored each word alone."""
    for query in ("petite délinquance", "petite delinquance"):
        page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
        _wait_for(page, query)
        firsts = page.locator("#snpd-resultats li a").evaluate_all("els => els.slice(0, 3).map(a => a.href)")
        assert any("/2026-2030/mesures/29-" in u for u in firsts), (query, firsts)


def test_a_sentence_finds_the_pages_with_most_of_its_words(page, base_url):
    query = "comment proteger un enfant du trafic de drogue"  # no page has « enfant » with the rest
    page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
    _wait_for(page, query)
    assert "aucune page ne contient tous les mots" in page.locator("#snpd-statut").inner_text()
    firsts = page.locator("#snpd-resultats li a").evaluate_all("els => els.slice(0, 3).map(a => a.href)")
    assert {"01-", "02-"} <= {u.split("/mesures/")[1][:3] for u in firsts if "/mesures/" in u}
    # a sentence whose words are found once one is corrected (« sortir » → « sortie »)
    query = "comment sortir un jeune du trafic de drogue"
    page.goto(base_url + "recherche/?q=" + query.replace(" ", "+"))
    _wait_for(page, query)
    firsts = page.locator("#snpd-resultats li a").evaluate_all("els => els.slice(0, 2).map(a => a.href)")
    assert {u.split("/mesures/")[1][:3] for u in firsts} == {"01-", "02-"}


def test_filters_by_strategy_kind_and_axis(page, base_url):
    page.goto(base_url + "recherche/?q=violences")
    _wait_for(page, "violences")
    everything = page.locator("#snpd-resultats li").count()
    page.get_by_label("Stratégie", exact=True).select_option("2020-2024")
    _wait_for_filter(page, "Stratégie : 2020-2024")
    metas = page.locator(".snpd-resultat__meta").all_inner_texts()
    assert metas and all("2020-2024" in m for m in metas)
    page.get_by_label("Stratégie", exact=True).select_option("")
    page.get_by_label("Type de page", exact=True).select_option("organisation")
    _wait_for_filter(page, "Type de page : Organisations")
    assert "type=organisation" in page.url
    metas = page.locator(".snpd-resultat__meta").all_inner_texts()
    assert metas and all(m.startswith("Organisation") for m in metas)
    page.get_by_label("Type de page", exact=True).select_option("")
    axis = page.get_by_label("Axe", exact=True)
    axis.select_option(index=3)  # « Axe 3 (2026-2030) – … »: measures 39 to 50
    _wait_for_filter(page, "Axe : Axe 3 (2026-2030)")
    titles = page.locator(".snpd-resultat__titre a").all_inner_texts()
    assert 0 < len(titles) < everything
    assert all(re.match(r"Mesure (39|4\d|50) –|Axe 3 –", t) for t in titles), titles


def test_keyboard_and_screen_reader_cues(page, base_url):
    page.goto(base_url + "recherche/")
    search = page.get_by_role("search", name="Recherche détaillée")
    assert search.count() == 1
    status = page.locator("#snpd-statut")
    assert status.get_attribute("role") == "status"
    page.get_by_label("Mots à rechercher").focus()
    page.keyboard.type("CDDF", delay=20)
    _wait_for(page, "CDDF")
    assert "résultat" in status.inner_text()
    # Tab from the box: the button, the filters, then the results' links
    page.keyboard.press("Enter")  # submitting keeps the page and the results
    assert "/recherche/" in page.url
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#snpd-resultats') !== null"):
            break
    assert page.evaluate("document.activeElement.tagName") == "A"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/recherche/" not in page.url


def test_search_page_accessibility_with_results(page, base_url):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + "recherche/?q=mineurs")
    _wait_for(page, "mineurs")
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    bad = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in results.response["violations"]]
    assert bad == []


def test_results_fit_a_phone(browser, base_url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    pg = context.new_page()
    pg.goto(base_url + "recherche/?q=violences%20sexistes")
    _wait_for(pg, "violences sexistes")
    assert pg.evaluate("document.documentElement.scrollWidth") <= 375
    assert pg.get_by_role("search", name="Rechercher sur le site").is_visible()
    context.close()


def test_without_javascript_the_box_leads_to_the_indexes(browser, base_url):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    pg = context.new_page()
    pg.goto(base_url + FAMILIES["glossaire"])
    box = pg.get_by_role("searchbox", name="Rechercher sur le site")
    box.fill("narcotrafic")
    box.press("Enter")
    pg.wait_for_load_state()
    assert "/depot/recherche/?q=narcotrafic" in pg.url
    assert "demande JavaScript" in pg.locator("article").inner_text()
    indexes = pg.locator("#parcourir + ul a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert {"../2026-2030/", "../partenaires/", "../glossaire/"} <= set(indexes)
    context.close()
