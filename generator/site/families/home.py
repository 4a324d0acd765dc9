"""Home page: the 2026-2030 strategy at a glance."""

from ..render import Page, render

URL = ""


def pages(corpus) -> list[Page]:
    s = corpus.strategie2026
    counts = {a.numero: sum(1 for e in corpus.mesures2026 if e.model.axe == a.numero) for a in s.axes}
    figures = {
        "axes": len(s.axes),
        "enjeux": sum(len(a.enjeux) for a in s.axes),
        "mesures": len(corpus.mesures2026),
        "indicateurs": sum(len(e.model.indicateurs) for e in corpus.mesures2026),
        "mesures2019": len(corpus.mesures2019),
    }
    md = render("home.md.j2", URL, s=s, corpus=corpus, counts=counts, figures=figures)
    return [Page(URL, "Accueil", md)]
