"""Partner index (A–Z and by kind) and one page per organisation with the measures it
pilots or joins in every strategy."""

from ... import urls
from ...indexes import roles
from ..render import Page, render

URL = "partenaires/"


def pages(corpus) -> list[Page]:
    reg = corpus.registre
    if reg is None:
        return []
    all_roles = {o.id: roles(corpus, o.id) for o in reg.organisations}
    orgs = sorted(reg.organisations, key=lambda o: _key(o.nom))
    by_letter: dict[str, list] = {}
    for o in orgs:
        by_letter.setdefault(_key(o.nom)[:1].upper() or "#", []).append(o)
    by_type: dict[str, list] = {}
    for o in orgs:
        by_type.setdefault(o.type, []).append(o)
    out = [
        Page(
            URL,
            "Partenaires",
            render(
                "partenaires.md.j2",
                URL,
                by_letter=by_letter,
                by_type=by_type,
                roles=all_roles,
                n=len(orgs),
                strategies=list(corpus.strategies.values()),
            ),
            edit_path="content/partners.yaml",
        )
    ]
    for o in orgs:
        url = urls.partenaire(o.id)
        out.append(
            Page(url, o.nom, render("partenaire.md.j2", url, o=o, r=all_roles[o.id]), edit_path="content/partners.yaml")
        )
    return out


def _key(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
