"""The glossary: every acronym, its expansions, the strategies and the measures using it."""

from ...indexes import acronym_usage
from ..render import Page, render

URL = "glossaire/"


def pages(corpus) -> list[Page]:
    if corpus.glossaire is None:
        return []
    usage = acronym_usage(corpus)
    letters = {}
    for entry in corpus.glossaire.entrees:
        letters.setdefault(_letter(entry.sigle), []).append(entry)
    md = render(
        "glossaire.md.j2",
        URL,
        letters=letters,
        usage=usage,
        n=len(corpus.glossaire.entrees),
        periodes=sorted(corpus.strategies),
        courante=corpus.current.id,
    )
    return [Page(URL, "Glossaire", md, edit_path="content/glossary.yaml")]


def _letter(sigle: str) -> str:
    import unicodedata

    first = unicodedata.normalize("NFKD", sigle[0]).encode("ascii", "ignore").decode().upper()
    return first if first.isalpha() else "#"
