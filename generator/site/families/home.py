"""Home page: the current strategy at a glance."""

from ...comparison import View
from ..render import Page, render

URL = ""


def pages(corpus) -> list[Page]:
    current = corpus.current
    s = current.document
    counts = {a.numero: sum(1 for e in current.mesures if e.model.axe == a.numero) for a in s.axes}
    figures = {
        "axes": len(s.axes),
        "enjeux": sum(len(a.enjeux) for a in s.axes),
        "mesures": len(current.mesures),
        "indicateurs": sum(len(e.model.indicateurs) for e in current.mesures),
    }
    view = View(corpus)
    md = render(
        "home.md.j2",
        URL,
        edition=current.edition,
        s=s,
        corpus=corpus,
        counts=counts,
        figures=figures,
        others=[o for o in corpus.strategies.values() if o is not current],
        compared_to=view.avant.id if view.pair else None,
    )
    return [Page(URL, "Accueil", md)]
