"""A card per 2026-2030 measure."""

from ... import urls
from ...comparison import View
from ...indexes import organisations_of
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    entries = corpus.mesures2026
    view = View(corpus)
    others = {e.model.numero: e for e in corpus.mesures2019}
    for i, e in enumerate(entries):
        url = urls.mesure("2026-2030", e.slug)
        md = render(
            "mesure2026.md.j2",
            url,
            e=e,
            m=e.model,
            axe=corpus.axe2026(e.model.axe),
            enjeu=corpus.enjeu2026(e.model.enjeu),
            prev=entries[i - 1] if i > 0 else None,
            next=entries[i + 1] if i + 1 < len(entries) else None,
            liens=view.for_2026(e.model.numero),
            autres=others,
            orgs=organisations_of(corpus, e.model),
            pdf=urls.PDF_DIR + urls.pdf_mesure(e.model.numero),
        )
        out.append(Page(url, f"Mesure {e.model.numero} – {e.model.titre}", md, edit_path=e.path))
    return out
