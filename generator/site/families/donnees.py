"""Open data page: the downloadable exports and schemas, with their fields documented."""

from ..render import Page, render

URL = "donnees/"

# Files written into the site by the hook (see hook.py: DATA_FILES)
FILES = [
    ("donnees/mesures.json", "Toutes les mesures des deux stratégies (JSON)"),
    ("donnees/mesures.csv", "Toutes les mesures des deux stratégies (CSV, UTF-8)"),
]


def pages(corpus) -> list[Page]:
    from ...schemas import schema_texts

    schemas = [f"donnees/schemas/{name}" for name in schema_texts()]
    return [Page(URL, "Données ouvertes", render("donnees.md.j2", URL, files=FILES, schemas=schemas))]
