"""`donnees/datapackage.json`: the open data exports described for data portals, as a
Frictionless Data Package (https://specs.frictionlessdata.io/) with a Table Schema for each
CSV file: its columns, in order, their type and meaning. Built from the same rows as the
CSV files (generator/export.py), so that the two cannot drift apart."""

from __future__ import annotations

import json

from . import export

TITLES = {
    "mesures": "Mesures des stratégies 2020-2024 et 2026-2030",
    "comparaison": "Comparaison des mesures 2020-2024 et 2026-2030",
    "glossaire": "Glossaire des sigles",
    "partenaires": "Registre des organisations pilotes et partenaires",
}
PRIMARY_KEYS = {"mesures": ["strategie", "numero"], "partenaires": ["id"]}
LIST_SEPARATOR = "une valeur par ligne dans la cellule"
NUMBERS_SEPARATOR = "numéros séparés par « ; »"
DESCRIPTIONS = {
    "strategie": "« 2026-2030 » ou « 2020-2024 »",
    "numero": "numéro de la mesure dans sa stratégie",
    "titre": "titre de la mesure, tel qu’imprimé",
    "titre_court": "(2020-2024) titre du sommaire, s’il diffère",
    "axe": "axe : « numéro — titre »",
    "enjeu": "(2026-2030) titre de l’enjeu",
    "enjeu_numero": "(2026-2030) numéro de l’enjeu",
    "section": "(2020-2024) section de l’axe : « numéro — titre »",
    "contexte": f"(2026-2030) paragraphes du contexte, {LIST_SEPARATOR}",
    "objectifs": f"(2026-2030) objectifs, {LIST_SEPARATOR}",
    "modalites": f"(2026-2030) modalités de mise en œuvre, {LIST_SEPARATOR}",
    "pilote": "(2026-2030) pilote(s) tel(s) qu’imprimé(s)",
    "partenaires": "(2026-2030) partenaires tels qu’imprimés",
    "indicateurs": f"(2026-2030) indicateurs d’évaluation, {LIST_SEPARATOR}",
    "page": "(2026-2030) page du document imprimé",
    "publics": f"(2020-2024) publics visés, {LIST_SEPARATOR}",
    "actions": f"(2020-2024) actions « numéro texte », {LIST_SEPARATOR}",
    "pilotes": f"(2020-2024) lignes « Pilotes et partenaires » telles qu’imprimées, {LIST_SEPARATOR}",
    "pilotes_actions": "(2020-2024) actions concernées par chaque ligne de pilotes",
    "notes": f"(2020-2024) notes de bas de page « numéro texte », {LIST_SEPARATOR}",
    "pilotes_ids": f"ajout éditorial : identifiants des pilotes au registre des partenaires, {LIST_SEPARATOR}",
    "partenaires_ids": f"ajout éditorial : identifiants des partenaires au registre, {LIST_SEPARATOR}",
    "url": "adresse de la page sur le site",
    "note_editeur": "ajout éditorial signalant une erreur du document imprimé",
    "strategie_2019": f"numéros des mesures 2020-2024 (vide pour une mesure nouvelle), {NUMBERS_SEPARATOR}",
    "strategie_2026": f"numéros des mesures 2026-2030 (vide pour une mesure non reprise), {NUMBERS_SEPARATOR}",
    "relation": "reconduite, renforcée, élargie, refondue, fusion, scission, nouvelle ou non reprise",
    "justification": "ce que les deux textes ont en commun, ou la raison de la nouveauté",
    "source": "« énoncée » (par le texte 2026-2030) ou « déduite » (par l’équipe éditoriale)",
    "themes": f"thèmes du lien, {LIST_SEPARATOR}",
    "sigle": "sigle",
    "developpements": f"développements « texte (stratégies) », {LIST_SEPARATOR}",
    "id": "identifiant stable de l’organisation (celui de son adresse sur le site)",
    "nom": "nom de l’organisation",
    "type": "type d’organisation",
    "alias": f"formes imprimées dans les mesures, {LIST_SEPARATOR}",
    "pilote_2026": f"mesures 2026-2030 qu’elle pilote, {NUMBERS_SEPARATOR}",
    "partenaire_2026": f"mesures 2026-2030 dont elle est partenaire, {NUMBERS_SEPARATOR}",
    "pilote_2019": f"mesures 2020-2024 qu’elle pilote, {NUMBERS_SEPARATOR}",
    "partenaire_2019": f"mesures 2020-2024 dont elle est partenaire, {NUMBERS_SEPARATOR}",
}


def _type(values) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    return "string"


def table_schema(what: str, rows: list[dict]) -> dict:
    fields = []
    for name in export.csv_columns(rows):
        values = [row.get(name) for row in rows]
        field = {"name": name, "type": _type(values)}
        if name in DESCRIPTIONS:
            field["description"] = DESCRIPTIONS[name]
        if all(v is not None and v != "" and v != [] for v in values):
            field["constraints"] = {"required": True}
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if what in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[what]
    return schema


def package(corpus, site: str) -> dict:
    """The Data Package of the CSV exports; `site` is the site's address."""
    resources = []
    for what, title in TITLES.items():
        rows = export.DATASETS[what](corpus)
        if not rows:
            continue
        resources.append(
            {
                "name": what,
                "title": title,
                "path": f"{what}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                # the files start with a byte order mark, for spreadsheet programs
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
                "schema": table_schema(what, rows),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "snpd",
        "title": "Stratégie nationale de prévention de la délinquance : mesures, comparaison, glossaire, partenaires",
        "description": (
            "Les mesures de la Stratégie nationale de prévention de la délinquance 2026-2030 et de la "
            "stratégie 2020-2024, la comparaison des deux, le glossaire des sigles et le registre des "
            "organisations pilotes et partenaires. Les mêmes données existent en JSON à côté de chaque CSV."
        ),
        "homepage": site + "donnees/",
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            }
        ],
        "resources": resources,
    }


def render(corpus, site: str) -> str:
    return json.dumps(package(corpus, site), ensure_ascii=False, indent=2) + "\n"
