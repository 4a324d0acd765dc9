"""All evaluation indicators of the current strategy on one page, by axis and measure,
with the pilot."""

from ..render import Page, render

URL = "indicateurs/"


def pages(corpus) -> list[Page]:
    current = corpus.current
    axes = [(a, [e for e in current.mesures if e.model.axe == a.numero]) for a in current.document.axes]
    total = sum(len(e.model.indicateurs) for e in current.mesures)
    return [
        Page(
            URL,
            "Indicateurs d’évaluation",
            render("indicateurs.md.j2", URL, axes=axes, total=total, edition=current.edition),
        )
    ]
