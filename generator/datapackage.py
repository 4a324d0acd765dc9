"""`donnees/datapackage.json`: the open data exports described for data portals, as a
Frictionless Data Package (https://specs.frictionlessdata.io/) with a Table Schema for each
CSV file: its columns, in order, their type and meaning. Built from the same rows as the
CSV files (generator/export.py), so that the two cannot drift apart."""

from __future__ import annotations

import json

from . import editions, export
from .text import LIST_SEPARATOR, NUMBERS_SEPARATOR

PRIMARY_KEYS = {"mesures": ["strategie", "numero"], "partenaires": ["id"]}
# The columns every edition's rows have, and those of the other files; the columns only
# some editions have are described by them (Edition.columns), those that name an edition
# (`pilote_<key>`, `strategie_<key>`) below.
DESCRIPTIONS = {
    "numero": "numéro de la mesure dans sa stratégie",
    "titre": "titre de la mesure, tel qu’imprimé",
    "axe": "axe : « numéro — titre »",
    "pilotes_ids": f"ajout éditorial : identifiants des pilotes au registre des partenaires, {LIST_SEPARATOR}",
    "partenaires_ids": f"ajout éditorial : identifiants des partenaires au registre, {LIST_SEPARATOR}",
    "url": "adresse de la page sur le site",
    "note_editeur": "ajout éditorial signalant une erreur du document imprimé",
    "relation": "reconduite, renforcée, élargie, refondue, fusion, scission, nouvelle ou non reprise",
    "justification": "ce que les deux textes ont en commun, ou la raison de la nouveauté",
    "themes": f"thèmes du lien, {LIST_SEPARATOR}",
    "sigle": "sigle",
    "developpements": f"développements « texte (stratégies) », {LIST_SEPARATOR}",
    "id": "identifiant stable de l’organisation (celui de son adresse sur le site)",
    "nom": "nom de l’organisation",
    "type": "type d’organisation",
    "alias": f"formes imprimées dans les mesures, {LIST_SEPARATOR}",
}


def _and(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return " et ".join(filter(None, [", ".join(items[:-1]), items[-1]])) if items else ""


def compared(corpus) -> tuple:
    """The two editions the comparison compares: those its file names, else the default pair."""
    pair = corpus.comparaison.pair if corpus.comparaison is not None else editions.COMPARISON
    return tuple(editions.by_id(i) for i in pair)


def titles(corpus) -> dict[str, str]:
    """The files described, in order, with their titles."""
    before, after = compared(corpus)
    return {
        "mesures": f"Mesures des stratégies {_and(sorted(corpus.strategies))}",
        "comparaison": f"Comparaison des mesures {before.id} et {after.id}",
        "glossaire": "Glossaire des sigles",
        "partenaires": "Registre des organisations pilotes et partenaires",
    }


def descriptions(corpus) -> dict[str, str]:
    """The description of every column, by name."""
    published = [s.edition for s in corpus.strategies.values()]
    out = dict(DESCRIPTIONS)
    out["strategie"] = " ou ".join(f"« {e.id} »" for e in published)
    # a column some editions have: « (their ids) description »
    for (name, text), ids in editions.shared(published, lambda e: e.columns.items()).items():
        out.setdefault(name, f"({', '.join(ids)}) {text}")
    before, after = compared(corpus)
    out[before.field("strategie")] = (
        f"numéros des mesures {before.id} (vide pour une mesure nouvelle), {NUMBERS_SEPARATOR}"
    )
    out[after.field("strategie")] = (
        f"numéros des mesures {after.id} (vide pour une mesure non reprise), {NUMBERS_SEPARATOR}"
    )
    out["source"] = f"« énoncée » (par le texte {after.id}) ou « déduite » (par l’équipe éditoriale)"
    for e in published:
        out[e.field("pilote")] = f"mesures {e.id} qu’elle pilote, {NUMBERS_SEPARATOR}"
        out[e.field("partenaire")] = f"mesures {e.id} dont elle est partenaire, {NUMBERS_SEPARATOR}"
    return out


def _type(values) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    return "string"


def table_schema(what: str, rows: list[dict], described: dict[str, str]) -> dict:
    fields = []
    for name in export.csv_columns(rows):
        values = [row.get(name) for row in rows]
        field = {"name": name, "type": _type(values)}
        if name in described:
            field["description"] = described[name]
        if all(v is not None and v != "" and v != [] for v in values):
            field["constraints"] = {"required": True}
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    if what in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[what]
    return schema


def package(corpus, site: str, rows_of: dict[str, list[dict]] | None = None) -> dict:
    """The Data Package of the CSV exports; `site` is the site's address; `rows_of`: the
    datasets' rows by name, if already made."""
    resources = []
    described = descriptions(corpus)
    for what, title in titles(corpus).items():
        rows = rows_of[what] if rows_of is not None else export.DATASETS[what](corpus)
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
                "schema": table_schema(what, rows, described),
            }
        )
    current = corpus.current.id
    previous = [i for i in corpus.strategies if i != current]
    others = (
        (" et de la stratégie " if len(previous) == 1 else " et des stratégies ") + _and(previous) if previous else ""
    )
    return {
        "profile": "tabular-data-package",
        "name": "snpd",
        "title": "Stratégie nationale de prévention de la délinquance : mesures, comparaison, glossaire, partenaires",
        "description": (
            f"Les mesures de la Stratégie nationale de prévention de la délinquance {current}{others}, "
            "la comparaison des deux, le glossaire des sigles et le registre des organisations pilotes et "
            "partenaires. Les mêmes données existent en JSON à côté de chaque CSV."
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


def render(corpus, site: str, rows_of: dict[str, list[dict]] | None = None) -> str:
    return json.dumps(package(corpus, site, rows_of), ensure_ascii=False, indent=2) + "\n"
