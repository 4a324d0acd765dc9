"""Search typed into the real search box: accents optional, acronyms and numbers work."""

import pytest

pytestmark = pytest.mark.browser

# query -> a page title expected among the first results
QUERIES = {
    "delinquance": "délinquance",
    "securite": "sécurité",
    "narcotrafic": "Mesure 1 –",
    "ISCG": "Mesure 35 –",
    "CDDF": "Mesure 28 –",
    "MILDECA": "Mesure 1 –",
    "mesure 46": "Mesure 46 –",
    "46": "Mesure 46 –",
    "armes blanches": "Mesure 4 –",
    "prostitution": "Mesure 15 –",
    "eleves": "Mesure 26 –",
    "harcelement": "Mesure 14 –",
}


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    pg.goto(base_url)
    yield pg
    context.close()


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_finds(search_page, query):
    pg = search_page
    box = pg.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    pg.wait_for_selector(".md-search-result__item", timeout=15000)
    # The results follow each keystroke (the search runs in a worker): read them once they
    # have stopped changing, not those of a query typed halfway (« mesure 4 »).
    titles, previous = None, []
    for _ in range(30):
        pg.wait_for_timeout(500)
        titles = pg.locator(".md-search-result__item article h1").all_inner_texts()[:6]
        if titles == previous:
            break
        previous = titles
    pg.keyboard.press("Escape")
    assert any(QUERIES[query].lower() in t.lower() for t in titles), titles
