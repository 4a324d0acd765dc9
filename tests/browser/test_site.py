"""The public site, opened in headless Chromium like a visitor would."""

import re
from urllib.parse import urlparse

import pytest

from .conftest import PUBLISHED

pytestmark = pytest.mark.browser

# One page of each family.
FAMILIES = {
    "accueil": "",
    "stratégie 2026": "2026-2030/",
    "axe": "2026-2030/axes/1/",
    "mesure 2026": "2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/",
    "stratégie 2019": "2020-2024/",
    "axe 2019": "2020-2024/axes/2/",
    "mesure 2019": "2020-2024/mesures/01-identifier-precocement-facteurs-risque-jeunes/",
    "glossaire": "glossaire/",
    "partenaires": "partenaires/",
    "partenaire": "partenaires/dgs/",
    "indicateurs": "indicateurs/",
    "données": "donnees/",
    "comparaison": "comparaison/",
    "comparaison côte à côte": "comparaison/liens/1/",
    "mentions légales": "mentions-legales/",
    "accessibilité": "accessibilite/",
    "recherche": "recherche/",
    "journal": "journal/",
}
AXE_PAGES = ["accueil", "axe", "mesure 2026", "mesure 2019", "partenaire", "partenaires", "glossaire", "indicateurs"]


def _open(page, base_url, path, errors=None):
    """Opens a page; `errors` (if given) collects console errors and failed requests."""
    requests, csp = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    if errors is not None:
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    response = page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    return response, requests, csp


def test_strict_build_has_no_warning(built_site):
    _, result = built_site
    assert "WARNING" not in result.stderr, result.stderr[-2000:]


@pytest.mark.parametrize("family", list(FAMILIES))
def test_page_family_renders_locally_in_french(page, base_url, family):
    errors = []
    response, requests, csp = _open(page, base_url, FAMILIES[family], errors)
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").count() >= 1
    assert "République française" in page.locator(".rf-bandeau").text_content().replace("\n", " ").replace("<br>", " ")
    hosts = {urlparse(u).hostname for u in requests if not u.startswith("data:")}
    assert hosts <= {"127.0.0.1"}, hosts
    assert csp == [], csp
    # nothing fetched in vain (the theme reads every <link rel=alternate> as a translation
    # of the site and fetches its sitemap.xml), no error in the console
    assert errors == [], errors


@pytest.mark.parametrize("family", list(FAMILIES))
def test_no_horizontal_scroll_on_a_phone(browser, base_url, family):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    pg = context.new_page()
    pg.goto(base_url + FAMILIES[family])
    # the blocks of the long index pages far from the screen are laid out only when they
    # come near (content-visibility: auto, snpd.css): lay them all out, to measure them too
    pg.add_style_tag(content=".snpd-bloc { content-visibility: visible !important; }")
    width = pg.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375


@pytest.mark.parametrize("family", AXE_PAGES)
def test_no_serious_accessibility_violation(page, base_url, family):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + FAMILIES[family])
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert bad == []


def test_measure_card_content(page, base_url):
    page.goto(base_url + FAMILIES["mesure 2026"])
    text = page.locator("article").inner_text()
    for heading in ("Contexte", "Objectifs", "Pilote", "Indicateurs d’évaluation"):
        assert heading in text
    # axis and enjeu linked, previous/next measure
    assert page.locator(".snpd-fil a").first.get_attribute("href").endswith("axes/1/")
    assert page.locator("a[rel=prev]").inner_text().startswith("← Mesure 6")
    assert page.locator("a[rel=next]").inner_text().startswith("Mesure 8")
    # « Modifier cette page » opens the YAML file on GitHub
    edit = page.locator("a.md-content__button").first.get_attribute("href")
    assert (
        edit
        == "https://github.com/exemple/depot/edit/main/content/measures/2026/07-sensibiliser-jeunes-haine-en-ligne.yaml"
    )


def test_2019_card_has_actions_and_real_footnotes(page, base_url):
    page.goto(base_url + FAMILIES["mesure 2019"])
    assert page.locator(".snpd-action__numero").first.inner_text() == "1.1"
    assert page.locator(".footnote li").count() >= 1
    assert page.locator("sup a.footnote-ref").count() >= 1


def test_french_typography(page, base_url):
    page.goto(base_url + FAMILIES["mesure 2026"])
    html = page.content()
    assert "\u00a0:" in html or "&nbsp;:" in html
    assert re.search("«(\u00a0|&nbsp;)", html)


def test_acronyms_expand_on_focus(page, base_url):
    page.goto(base_url + FAMILIES["mesure 2026"])
    abbr = page.locator("article abbr[title]").first
    assert abbr.get_attribute("title")
    assert abbr.get_attribute("tabindex") == "0"
    abbr.focus()
    shown = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert abbr.get_attribute("title").split(" ")[0] in shown


@pytest.mark.parametrize("family", ["accueil", "mesure 2026", "mesure 2019", "partenaire", "glossaire", "indicateurs"])
def test_no_focusable_abbreviation_inside_a_link(page, base_url, family):
    """A focusable element inside a link is nested interactive content (a keyboard and
    screen-reader trap): there the link's focus shows the expansion instead."""
    page.goto(base_url + FAMILIES[family])
    assert page.locator("a abbr[tabindex]").count() == 0
    in_link = page.locator("article a:has(abbr[title])").first
    if in_link.count():
        in_link.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard (:focus-visible)
        abbr = in_link.locator("abbr[title]").first
        shown = abbr.evaluate("el => getComputedStyle(el, '::after').content")
        assert abbr.get_attribute("title").split(" ")[0] in shown


def test_print_stylesheet_hides_navigation(page, base_url):
    page.goto(base_url + FAMILIES["mesure 2026"])
    page.emulate_media(media="print")
    assert page.locator(".md-header").is_hidden()
    assert page.locator("h1").is_visible()


@pytest.mark.parametrize(
    "path, anchor",
    [
        ("partenaires/", "lettre-u"),
        ("glossaire/", "vss"),
        ("indicateurs/", "axe-3-mieux-coordonner-et-mieux-outiller-la-politique-de-prevention"),
    ],
)
def test_long_index_pages_lay_out_what_is_near(page, base_url, path, anchor):
    """The blocks of a long index page far from the screen wait to be laid out
    (content-visibility: auto); a link to an anchor among them still shows it, and
    printing shows them all."""
    page.goto(base_url + path)
    far = page.locator(".snpd-bloc").last.locator(":scope > *").first
    assert not far.evaluate("el => el.checkVisibility({contentVisibilityAuto: true})")
    page.goto(base_url + path + "#" + anchor)
    top = page.locator("#" + anchor).evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]
    page.emulate_media(media="print")
    assert far.evaluate("el => el.checkVisibility({contentVisibilityAuto: true})")


def test_comparison_page(page, base_url):
    _, requests, csp = _open(page, base_url, "comparaison/")
    svg = page.locator("svg.snpd-flux").first
    assert svg.get_attribute("role") == "img"
    assert svg.locator("title").count() >= 1 and svg.locator("desc").count() == 1
    assert page.locator("text=Axe 2020-2024").count() >= 1  # table alternative of the diagram
    # measures on demand: a second diagram inside a <details>, with one line per linked pair
    page.locator("details.snpd-details summary").click()
    measures = page.locator("svg.snpd-flux-mesures")
    assert measures.is_visible() and measures.locator("desc").count() == 1
    assert measures.locator("line").count() >= 40
    rows = page.locator("#snpd-liens tbody tr")
    total = rows.count()
    assert total >= 50
    page.select_option("#filtre-relation", "nouvelle")
    visible = page.locator("#snpd-liens tbody tr:not([hidden])").count()
    assert 0 < visible < total
    assert csp == []


@pytest.mark.parametrize("path", ["comparaison/", "comparaison/liens/1/"])
def test_comparison_accessibility(page, base_url, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(base_url + path)
    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    assert [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")] == []


def test_side_by_side_and_card_sections(page, base_url):
    page.goto(base_url + "2026-2030/mesures/46-acteurs-sante-mentale-clsm-clispd/")
    section = page.locator("#dans-la-strategie-2020-2024")
    assert section.count() == 1
    assert "mesure 8" in page.locator(".snpd-liens-carte").inner_text()
    page.locator(".snpd-liens-carte a", has_text="Comparer côte à côte").first.click()
    page.wait_for_load_state()
    text = page.locator("article").inner_text()
    assert "Stratégie 2020-2024" in text and "Stratégie 2026-2030" in text
    assert "8.1" in text or "8.2" in text  # the 2019 actions beside the 2026 objectives
    page.goto(base_url + "2020-2024/mesures/33-promouvoir-autorite-bienveillante-maire/")
    assert page.locator("#devenir-dans-la-strategie-2026-2030").count() == 1


def test_partner_page_lists_measures_of_both_strategies(page, base_url):
    page.goto(base_url + "partenaires/sg-cipdr/")
    text = page.locator("article").inner_text()
    assert "Pilote de mesures 2026-2030" in text and "Pilote de mesures 2020-2024" in text
    page.locator("article a", has_text="Mesure 3 –").first.click()
    page.wait_for_load_state()
    assert "/2026-2030/mesures/03-" in page.url
    # and back: the card links to its organisations
    assert page.locator(".snpd-orgs a", has_text="Secrétariat général").count() >= 1


@pytest.mark.parametrize("family", list(FAMILIES))
def test_addresses_are_right_under_a_sub_path(page, base_url, family):
    """Built for https://exemple.github.io/depot/ and served under /depot/ (see conftest):
    the canonical address is the published one, the footer leads to the repository given
    by the environment, and every link within the site resolves."""
    path = FAMILIES[family]
    page.goto(base_url + path)
    assert page.locator("link[rel=canonical]").get_attribute("href") == PUBLISHED + path
    assert page.locator("nav.rf-pied a", has_text="Contribuer").get_attribute("href") == (
        "https://github.com/exemple/depot/blob/main/CONTRIBUTING.md"
    )
    links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    origin = base_url.split("/depot/")[0]
    # (the PDFs are not built here: `generator build` checks their links, test_build.py)
    internal = sorted({u.split("#")[0] for u in links if u.startswith(origin) and "/pdf/" not in u})
    assert internal
    broken = []
    for url in internal:
        response = page.request.get(url)
        if response.status != 200:
            broken.append(f"{url} : {response.status}")
    assert broken == []
