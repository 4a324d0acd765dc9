"""One overview page per strategy: forewords and table of contents."""

from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    s = corpus.strategie2026
    by_enjeu = {}
    for e in corpus.mesures2026:
        by_enjeu.setdefault(e.model.enjeu, []).append(e)
    url = "2026-2030/"
    out.append(
        Page(
            url,
            s.titre,
            render("strategie2026.md.j2", url, s=s, by_enjeu=by_enjeu),
            edit_path="content/strategies/2026-2030.yaml",
        )
    )
    if corpus.strategie2019:
        s19 = corpus.strategie2019
        by_section = {}
        for e in corpus.mesures2019:
            by_section.setdefault((e.model.axe, e.model.section), []).append(e)
        url = "2020-2024/"
        out.append(
            Page(
                url,
                s19.titre,
                render("strategie2019.md.j2", url, s=s19, by_section=by_section),
                edit_path="content/strategies/2020-2024.yaml",
            )
        )
    return out
