"""One overview page per strategy: forewords and table of contents."""

from ... import urls
from ...comparison import View
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    view = View(corpus)
    for strategy in corpus.strategies.values():
        edition, s = strategy.edition, strategy.document
        url = urls.strategie(edition.id)
        groups = {a.numero: strategy.edition.groups(strategy, a) for a in s.axes}
        out.append(
            Page(
                url,
                s.titre,
                render(
                    edition.template("strategie"),
                    url,
                    edition=edition,
                    s=s,
                    groups=groups,
                    n=len(strategy.mesures),
                    annexe=view.annexed_to(edition.id),
                ),
                edit_path="content/" + edition.strategy_file,
            )
        )
    return out
