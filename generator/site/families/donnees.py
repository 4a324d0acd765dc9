"""Open data page: the downloadable exports and schemas, with their fields documented."""

from ..render import Page, render

URL = "donnees/"

# Files written into the site by the hook (see hook.py: DATA_FILES)
FILES = [
    ("donnees/mesures.json", "Toutes les mesures des deux stratégies (JSON)"),
    ("donnees/mesures.csv", "Toutes les mesures des deux stratégies (CSV, UTF-8)"),
    ("donnees/comparaison.json", "Comparaison 2020-2024 / 2026-2030 (JSON)"),
    ("donnees/comparaison.csv", "Comparaison 2020-2024 / 2026-2030 (CSV, UTF-8)"),
    ("donnees/glossaire.json", "Glossaire des sigles (JSON)"),
    ("donnees/glossaire.csv", "Glossaire des sigles (CSV, UTF-8)"),
    ("donnees/partenaires.json", "Registre des partenaires (JSON)"),
    ("donnees/partenaires.csv", "Registre des partenaires (CSV, UTF-8)"),
    (
        "donnees/datapackage.json",
        "Description des fichiers CSV pour les portails de données (Data Package Frictionless)",
    ),
]


def pages(corpus) -> list[Page]:
    from ...schemas import schema_models

    # the names of the files schemas.schema_texts() writes (without building the schemas)
    schemas = [f"donnees/schemas/{name}.schema.json" for name in schema_models()]
    return [Page(URL, "Données ouvertes", render("donnees.md.j2", URL, files=FILES, schemas=schemas))]
