"""The search page: a form (words, strategy, kind of page, axis) that Pagefind answers in
the browser (pages/assets/recherche.js), and, for a browser without JavaScript, the index
pages to browse. The header's search box leads here; this page is not indexed itself."""

from ...comparison import View
from ..render import Page, render
from ..search import axis_filters

URL = "recherche/"
KINDS = {
    "mesure": "Fiches mesure",
    "organisation": "Organisations (pilotes et partenaires)",
    "sigle": "Sigles du glossaire",
    "comparaison": "Comparaison des deux stratégies",
    "autre": "Autres pages (axes, index, stratégies)",
}


def pages(corpus) -> list[Page]:
    view = View(corpus)
    md = render(
        "recherche.md.j2",
        URL,
        kinds=KINDS,
        axes=axis_filters(corpus),
        strategies=list(corpus.strategies.values()),
        current=corpus.current,
        pair=(view.avant.id, view.apres.id) if view.pair else None,
        has_partenaires=corpus.registre is not None,
        has_glossaire=corpus.glossaire is not None,
    )
    return [Page(URL, "Rechercher", md)]
