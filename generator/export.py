"""Open data: every measure as JSON or CSV, from the validated model."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import urls
from .comparison import View
from .content import Corpus
from .indexes import roles
from .siteconfig import site_url
from .text import plain


def all_measures(corpus: Corpus) -> list[dict]:
    """Every measure of every strategy, each as its edition makes its row."""
    base = site_url()
    return [
        s.edition.export_row(s, e, base + urls.mesure(s.id, e.slug))
        for s in corpus.strategies.values()
        for e in s.mesures
    ]


def comparison(corpus: Corpus) -> list[dict]:
    view = View(corpus)
    if not view.liens:
        return []
    before, after = view.avant.edition, view.apres.edition
    return [
        {
            before.field("strategie"): view.before(lien),
            after.field("strategie"): view.after(lien),
            "relation": lien.relation,
            "justification": plain(lien.justification),
            "source": lien.source,
            "themes": list(lien.themes),
        }
        for lien in view.liens
    ]


def glossary(corpus: Corpus) -> list[dict]:
    if corpus.glossaire is None:
        return []
    return [
        {
            "sigle": e.sigle,
            "developpements": [{"texte": d.texte, "strategies": list(d.strategies)} for d in e.developpements],
            "note_editeur": e.note_editeur,
        }
        for e in corpus.glossaire.entrees
    ]


def partners(corpus: Corpus) -> list[dict]:
    if corpus.registre is None:
        return []
    base = site_url()
    rows = []

    for org in corpus.registre.organisations:
        rows.append(
            {
                "id": org.id,
                "nom": org.nom,
                "sigle": org.sigle,
                "type": org.type,
                "alias": list(org.alias),
                **{role.key: [e.model.numero for e in role.mesures] for role in roles(corpus, org.id)},
                "url": base + urls.partenaire(org.id),
            }
        )
    return rows


DATASETS = {"mesures": all_measures, "comparaison": comparison, "glossaire": glossary, "partenaires": partners}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if set(value) >= {"numero", "titre"}:
            return f"{value['numero']} — {value['titre']}"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return " ; ".join(map(str, value))
    if isinstance(value, list):
        return "\n".join(
            _cell(v)
            if not isinstance(v, dict)
            else (
                f"{v['numero']} {v['texte']}"
                if "numero" in v and "texte" in v
                else f"{v['texte']} ({', '.join(v.get('strategies', []))})"
                if "texte" in v
                else json.dumps(v, ensure_ascii=False)
            )
            for v in value
        )
    return str(value)


def csv_columns(rows: list[dict]) -> list[str]:
    """The CSV columns of rows: every key, in the order first met."""
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    return columns


def to_csv(rows: list[dict]) -> str:
    columns = csv_columns(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in columns})
    return buf.getvalue()


def render(corpus: Corpus, fmt: str, what: str = "mesures", rows: list[dict] | None = None) -> str:
    """One dataset as JSON or CSV; `rows`: the dataset's rows if already made."""
    rows = DATASETS[what](corpus) if rows is None else rows
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return to_csv(rows)


def write_export(corpus: Corpus, fmt: str, output: Path, what: str = "mesures") -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig for CSV so that spreadsheet programs read the accents right
    output.write_text(render(corpus, fmt, what), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
