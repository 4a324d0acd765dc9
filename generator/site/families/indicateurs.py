"""All evaluation indicators of 2026-2030 on one page, by axis and measure, with the pilot."""

from ..render import Page, render

URL = "indicateurs/"


def pages(corpus) -> list[Page]:
    axes = [(a, [e for e in corpus.mesures2026 if e.model.axe == a.numero]) for a in corpus.strategie2026.axes]
    total = sum(len(e.model.indicateurs) for e in corpus.mesures2026)
    return [Page(URL, "Indicateurs d’évaluation", render("indicateurs.md.j2", URL, axes=axes, total=total))]
