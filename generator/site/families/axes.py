"""Axis pages: the axis, its enjeux (or sections) and their measures as cards."""

from ... import urls
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    for strategy in corpus.strategies.values():
        edition, s = strategy.edition, strategy.document
        for a in s.axes:
            url = urls.axe(edition.id, a.numero)
            out.append(
                Page(
                    url,
                    f"Axe {a.numero} – {a.titre}",
                    render(
                        "axe.md.j2",
                        url,
                        edition=edition,
                        strategie=s,
                        a=a,
                        groups=edition.groups(strategy, a),
                        intro=getattr(a, "introduction", []),
                    ),
                    edit_path="content/" + edition.strategy_file,
                )
            )
    return out
