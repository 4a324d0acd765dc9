"""A card per 2020-2024 measure: actions, pilot lines, footnotes as real footnotes."""

from ... import urls
from ...comparison import View
from ...indexes import organisations_of
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    entries = corpus.mesures2019
    view = View(corpus)
    others = {e.model.numero: e for e in corpus.mesures2026}
    for i, e in enumerate(entries):
        m = e.model
        axe = corpus.axe2019(m.axe)
        section = corpus.section2019(m.axe, m.section)
        url = urls.mesure("2020-2024", e.slug)
        md = render(
            "mesure2019.md.j2",
            url,
            e=e,
            m=m,
            axe=axe,
            section=section,
            prev=entries[i - 1] if i > 0 else None,
            next=entries[i + 1] if i + 1 < len(entries) else None,
            liens=view.for_2019(m.numero),
            autres=others,
            orgs=organisations_of(corpus, e.model),
        )
        out.append(Page(url, f"Mesure {m.numero} (2020-2024) – {m.titre}", md, edit_path=e.path))
    return out
