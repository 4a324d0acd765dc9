"""Axis pages: the axis, its enjeux (or sections) and their measures as cards."""

from ... import urls
from ..render import Page, render


def pages(corpus) -> list[Page]:
    out = []
    s = corpus.strategie2026
    for a in s.axes:
        url = urls.axe("2026-2030", a.numero)
        groups = [
            (f"Enjeu {en.numero} – ", en.titre, [e for e in corpus.mesures2026 if e.model.enjeu == en.numero])
            for en in a.enjeux
        ]
        out.append(
            Page(
                url,
                f"Axe {a.numero} – {a.titre}",
                render("axe.md.j2", url, periode="2026-2030", strategie=s, a=a, groups=groups, intro=[]),
                edit_path="content/strategies/2026-2030.yaml",
            )
        )
    if corpus.strategie2019:
        s19 = corpus.strategie2019
        for a in s19.axes:
            url = urls.axe("2020-2024", a.numero)
            groups = [
                (
                    f"{sec.numero}. ",
                    sec.titre,
                    [e for e in corpus.mesures2019 if e.model.axe == a.numero and e.model.section == sec.numero],
                )
                for sec in a.sections
            ]
            out.append(
                Page(
                    url,
                    f"Axe {a.numero} – {a.titre}",
                    render(
                        "axe.md.j2", url, periode="2020-2024", strategie=s19, a=a, groups=groups, intro=a.introduction
                    ),
                    edit_path="content/strategies/2020-2024.yaml",
                )
            )
    return out
