"""Open data page: the downloadable exports and schemas, with their fields documented."""

from markupsafe import Markup

from ..render import Page, render

URL = "donnees/"


def of_the_strategies(corpus) -> str:
    """« des deux stratégies » (or as many as the site publishes)."""
    n = len(corpus.strategies)
    return "de la stratégie" if n == 1 else f"des {({2: 'deux', 3: 'trois', 4: 'quatre'}).get(n, n)} stratégies"


def files(corpus) -> list[tuple[str, str]]:
    """The files written into the site (generated.data_files), with their labels."""
    from ...datapackage import compared

    before, after = compared(corpus)
    return [
        ("donnees/mesures.json", f"Toutes les mesures {of_the_strategies(corpus)} (JSON)"),
        ("donnees/mesures.csv", f"Toutes les mesures {of_the_strategies(corpus)} (CSV, UTF-8)"),
        ("donnees/comparaison.json", f"Comparaison {before.id} / {after.id} (JSON)"),
        ("donnees/comparaison.csv", f"Comparaison {before.id} / {after.id} (CSV, UTF-8)"),
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
    from ...datapackage import compared
    from ...editions import shared
    from ...schemas import schema_models

    # the names of the files schemas.schema_texts() writes (without building the schemas)
    schemas = [f"donnees/schemas/{name}.schema.json" for name in schema_models()]
    published = [s.edition for s in corpus.strategies.values()]
    # the fields only some editions have (Edition.field_docs), after the ids of those that do
    edition_fields = [
        (Markup(", ".join(f"`{n}`" for n in names)), ", ".join(ids), Markup(text))
        for (names, text), ids in shared(published, lambda e: e.field_docs).items()
    ]
    avant, apres = compared(corpus)
    md = render(
        "donnees.md.j2",
        URL,
        files=files(corpus),
        des_strategies=of_the_strategies(corpus),
        schemas=schemas,
        strategies=" ou ".join(f"« {e.id} »" for e in published),
        edition_fields=edition_fields,
        avant=avant,
        apres=apres,
        roles=Markup(", ".join(f"`{e.field('pilote')}`, `{e.field('partenaire')}`" for e in published)),
    )
    return [Page(URL, "Données ouvertes", md)]
