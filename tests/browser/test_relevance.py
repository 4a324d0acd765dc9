"""Relevance: queries typed as people type them, each with the page expected among the
first three results, run in the real search page of the built site (headless Chromium).

The queries were written from the content (measure titles and texts, the glossary, the
registry of organisations), the way a visitor types: without accents, with a slip of one
letter, singular or plural, acronyms, numbers, several words. The test prints the share
found and fails under 95 %."""

import pytest

pytestmark = pytest.mark.browser

M26 = "2026-2030/mesures/"
M19 = "2020-2024/mesures/"

# query -> address (part of it) of the page expected in the top 3, or a tuple of pages
# equally good (any of them in the top 3)
QUERIES = {
    # numbers
    "mesure 46": M26 + "46-",
    "M46": M26 + "46-",
    "46": M26 + "46-",
    "m12": M26 + "12-",
    "mesure 8": M26 + "08-",
    # a number that starts others (« 4 »: « 40 » to « 49 »)
    "4": M26 + "04-",
    "M4": M26 + "04-",
    "mesure 1": M26 + "01-",
    "3": M26 + "03-",
    # words without accents, several words
    "elus": M26 + "43-",
    "violences contre les elus": M26 + "43-",
    "prostitution mineurs": M26 + "15-",
    "narcotrafic": M26 + "01-",
    "harcelement scolaire": M26 + "14-",
    "armes blanches": M26 + "06-",
    "couteaux": M26 + "04-",
    "soumission chimique": M26 + "16-",
    "haine en ligne": M26 + "07-",
    "masculinisme": M26 + "08-",
    "maltraitance personnes agees": M26 + "37-",
    "decrochage scolaire": M26 + "25-",
    "exclusion scolaire": M26 + "26-",
    "sante mentale ecole": M26 + "20-",
    "transports en commun": M26 + "44-",
    "hebergement d'urgence": M26 + "45-",
    "academie numerique": M26 + "48-",
    "bonnes pratiques europeennes": M26 + "50-",
    "delinquance juvenile": M26 + "49-",
    "justice de proximite": M26 + "29-",
    "prevention specialisee": M26 + "27-",
    "competences psychosociales": M26 + "21-",
    "lien police population": M26 + "23-",
    "stage decouverte des institutions": M26 + "22-",
    "parents numerique": M26 + "10-",
    "videoprotection": M19 + "26-",
    "justice restaurative": M19 + "21-",
    "traite des etres humains": M19 + "13-",
    "tranquillite publique": M19 + "25-",
    # singular / plural
    "violence intrafamiliale": M26 + "38-",
    "police municipale": M26 + "42-",
    "addiction": M26 + "11-",
    "victime numerique": M26 + "09-",
    # one-letter slips
    "harcelemnt": M26 + "14-",
    "soumision chimique": M26 + "16-",
    "narcotraffic": M26 + "01-",
    "radicalisaton": M19 + "03-",
    # acronyms: the measure, the organisation, the expansion
    "CDDF": M26 + "28-",
    "ISCG": M26 + "35-",
    "CLSM": M26 + "46-",
    "CALAE": "partenaires/calae/",
    "MILDECA": "partenaires/mildeca/",
    "DGS": "partenaires/dgs/",
    "direction generale de la sante": "partenaires/dgs/",
    "CIIVISE": "partenaires/ciivise/",
    "VIF": "glossaire/#vif",
    # pages of the site
    "glossaire": "glossaire/",
    "indicateurs": "indicateurs/",
    "donnees ouvertes": "donnees/",
    # --- written afterwards, from the content alone, without running the search (27 November
    # 2026): 49/60 were found at first; words after « l’ », « d’ », slips early in a word and
    # sentences were then handled (recherche.js, search.py). Two were left as missed;
    # « petite délinquance » is found since pages holding the words side by side score up
    # (recherche.js: together).
    # a subject in the words of the text rather than of the title
    "rixes": M26 + "12-",
    "alcool": M26 + "11-",
    "écrans enfants": M26 + "10-",
    "couvre-feu": M26 + "06-",
    "proxénétisme": M26 + "15-",
    "GHB": M26 + "16-",
    "plainte en ligne": M26 + "09-",
    "3018": M26 + "14-",
    "guetteurs": M26 + "02-",
    "stage de troisième": M26 + "22-",
    "service civique": M26 + "23-",
    "adultes relais": M26 + "27-",
    "petite délinquance": M26 + "29-",
    "prévention situationnelle": M26 + "41-",
    "chiffres de la délinquance": M26 + "42-",
    # without accents, singular or plural
    "mediation sociale": (M26 + "27-", M19 + "23-"),
    "securite des ecoles": M26 + "05-",
    "auteur violence sexuelle": M26 + "34-",
    "jeune en rupture": M26 + "30-",
    "lieu d'ecoute pour les jeunes": M26 + "18-",
    "plan departemental de prevention": (M26 + "39-", M19 + "31-"),
    "sortie de detention": M26 + "31-",
    "sexisme reseaux sociaux": M26 + "08-",
    "rappel a l'ordre maire": (M26 + "29-", M26 + "30-"),
    "recherche universitaire": M26 + "49-",
    # one-letter slips (a letter left out, added, changed; two swapped)
    "protoxide d'azote": M26 + "11-",
    "coordonateur": (M26 + "40-", M19 + "35-"),
    "psychologue comissariat": M26 + "35-",
    "pyrotecnique": M26 + "04-",
    "exploitaiton sexuelle": M26 + "15-",
    "gouvernace territoriale": M26 + "39-",
    "reinsersion": M26 + "31-",
    "vulnerabilte chimique": M26 + "16-",
    # organisations and glossary acronyms, by acronym or name
    "CRAFS": "partenaires/crafs/",
    "eucpn": "partenaires/eucpn/",
    "tapaj": "partenaires/tapaj/",
    "santé publique france": "partenaires/sante-publique-france/",
    "PAEJ": ("glossaire/#paej", M26 + "18-"),
    "EVARS": "glossaire/#evars",
    "MIPROF": "partenaires/miprof/",
    "France Victimes": "partenaires/france-victimes/",
    # the 2020-2024 strategy
    "autorite bienveillante": M19 + "33-",
    "comité des financeurs": M19 + "37-",
    "suivi post-TIG": M19 + "11-",
    "médiation de vie nocturne": M19 + "23-",
    "langage des signes": M19 + "18-",
    "michetonnage": M19 + "03-",
    "parrainage pour l'emploi": M19 + "10-",
    "informations nominatives": M19 + "36-",
    # numbers, axes, site pages
    "fiche 23": M26 + "23-",
    "mesure 5 2020": M19 + "05-",
    "axe 4": "2020-2024/axes/4/",
    "enjeu 4": "2026-2030/axes/1/",
    "enjeu 7": "2026-2030/axes/2/",
    "enjeu 12": "2026-2030/axes/3/",
    "axe 2": "2026-2030/axes/2/",
    "axe 2 2026": "2026-2030/axes/2/",
    "declaration d'accessibilite": "accessibilite/",
    # sentences
    "comment sortir un jeune du trafic de drogue": (M26 + "02-", M26 + "01-"),
    "trouver un logement pour une victime de violences": M26 + "45-",
    "agression sexuelle dans le bus": M26 + "44-",
    "accompagner un eleve exclu du college": M26 + "26-",
    "prevenir la recidive des conjoints violents": M26 + "33-",
    # --- a second set written the same way, after those changes, on measures and organisations
    # the queries above do not target: 39/40 found (33/40 by the search of the day before).
    # words of a measure's text
    "DISPAV": M26 + "03-",
    "autodéfense": M26 + "04-",
    "monoparentalité": M26 + "17-",
    "parcours de sensibilisation": M26 + "19-",
    "Unplugged": M26 + "21-",
    "théâtre forum": M26 + "24-",
    "déscolarisation": M26 + "25-",
    "plainte hors les murs": M26 + "36-",
    "EHPAD": M26 + "37-",
    "renouvellement urbain": M26 + "41-",
    "SDAV": M26 + "47-",
    "modération des contenus": M26 + "07-",
    # typed carelessly (no accents, ASCII apostrophe)
    "abords des etablissements scolaires": M26 + "05-",
    "mendicite forcee": M26 + "13-",
    "pensee suicidaire": M26 + "20-",
    "cadet de la gendarmerie": M26 + "23-",
    "sejour de mise a l'abri": M26 + "32-",
    "bouton d'appel elus": M26 + "43-",
    "cellule de veille": M26 + "30-",
    "logement vacant": M26 + "45-",
    # one-letter slips anywhere in the word
    "malette des parents": M26 + "17-",
    "décohabitaion": M26 + "45-",
    "afrontements": M26 + "12-",
    "féminicdie": M26 + "38-",
    "émeuttes urbaines": M26 + "49-",
    "stalkerwate": M26 + "08-",
    "bisioplainte": M26 + "09-",
    "nuissances sonores": M26 + "29-",
    # organisations and acronyms
    "FNACAV": "partenaires/fnacav/",
    "psycom": "partenaires/psycom/",
    "office des nations unies contre la drogue et le crime": "partenaires/onudc/",
    "centre hubertine auclert": "partenaires/centre-hubertine-auclert/",
    "UAPED": "glossaire/#uaped",
    # the 2020-2024 strategy
    "espace réparation": M19 + "27-",
    "plan mercredi": M19 + "04-",
    "unités médico-judiciaires": M19 + "19-",
    "montres d'alerte victimes": M19 + "17-",
    # sentences
    "que faire pour un mineur forcé à voler": (M26 + "13-", M19 + "13-"),
    "utiliser le sport pour prévenir la délinquance": M26 + "24-",
    "aider les victimes qui habitent loin d'un commissariat": M26 + "36-",
}
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def search_page(browser, base_url):
    context = browser.new_context(locale="fr-FR")
    pg = context.new_page()
    pg.goto(base_url + "recherche/")
    yield pg
    context.close()


def top_results(pg, query: str, n: int = 3) -> list[str]:
    """Type a query in the search page's box; the addresses of the first `n` results."""
    box = pg.locator("#snpd-q")
    box.fill("")
    box.press_sequentially(query, delay=15)
    # the status names the query once its results are shown (not a query typed halfway)
    pg.wait_for_function(
        "q => document.getElementById('snpd-statut').textContent.includes('« ' + q + ' »')", arg=query, timeout=20000
    )
    return pg.eval_on_selector_all(
        "#snpd-resultats .snpd-resultat__titre a", f"els => els.slice(0, {n}).map(a => a.href)"
    )


def test_relevance(search_page, base_url):
    missed = []
    for query, expected in QUERIES.items():
        urls = [u.removeprefix(base_url) for u in top_results(search_page, query)]
        if not any(u.startswith(expected) for u in urls):  # str.startswith takes a tuple too
            missed.append(f"« {query} » : attendu {expected}, obtenu {urls}")
    share = 1 - len(missed) / len(QUERIES)
    print(
        f"\nPertinence : {len(QUERIES) - len(missed)}/{len(QUERIES)} requêtes trouvées dans les 3 premiers ({share:.0%})"
    )
    for line in missed:
        print("  manquée :", line)
    assert len(QUERIES) >= 150
    assert share >= THRESHOLD, "\n".join(missed)
