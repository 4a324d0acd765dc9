"""A card per measure of every strategy (generator/editions/), each edition with its
own template (`mesure<key>.md.j2`)."""

from ... import urls
from ...comparison import View
from ...indexes import organisations_of
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    view = View(corpus)
    for strategy in corpus.strategies.values():
        edition = strategy.edition
        entries = strategy.mesures
        side = view.side(edition.id)
        for i, e in enumerate(entries):
            url = urls.mesure(edition.id, e.slug)
            md = render(
                edition.template("mesure"),
                url,
                edition=edition,
                e=e,
                m=e.model,
                **edition.card(strategy, e),
                prev=entries[i - 1] if i > 0 else None,
                next=entries[i + 1] if i + 1 < len(entries) else None,
                comparaison=side,
                liens=view.for_measure(edition.id, e.model.numero) if side else [],
                orgs=organisations_of(corpus, e.model),
                pdf=urls.PDF_DIR + urls.pdf_mesure(e.model.numero, edition.id) if edition.current else None,
            )
            out.append(Page(url, edition.card_title(e.model), md, edit_path=e.path))
    return out
