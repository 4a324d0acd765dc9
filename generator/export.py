"""Open data: every measure as JSON or CSV, from the validated model."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from . import urls
from .content import Corpus
from .siteconfig import site_url
from .text import flatten, plain


def measures_2026(corpus: Corpus) -> list[dict]:
    base = site_url()
    out = []
    for e in corpus.mesures2026:
        m = e.model
        axe = corpus.axe2026(m.axe)
        out.append(
            {
                "strategie": "2026-2030",
                "numero": m.numero,
                "titre": plain(m.titre),
                "axe": {"numero": axe.numero, "titre": plain(axe.titre)},
                "enjeu": plain(corpus.enjeu2026(m.enjeu).titre),
                "enjeu_numero": m.enjeu,
                "contexte": flatten(m.contexte),
                "objectifs": flatten(m.objectifs),
                "modalites": flatten(m.modalites),
                "pilote": "\n".join(plain(p) for p in m.pilote),
                "partenaires": "\n".join(plain(p) for p in m.partenaires),
                "indicateurs": [plain(i) for i in m.indicateurs],
                "pilotes_ids": list(m.pilotes_ids),
                "partenaires_ids": list(m.partenaires_ids),
                "page": m.page,
                "url": base + urls.mesure("2026-2030", e.slug),
                "note_editeur": plain(m.note_editeur) if m.note_editeur else None,
            }
        )
    return out


def measures_2019(corpus: Corpus) -> list[dict]:
    base = site_url()
    out = []
    for e in corpus.mesures2019:
        m = e.model
        axe = corpus.axe2019(m.axe)
        section = corpus.section2019(m.axe, m.section)
        out.append(
            {
                "strategie": "2020-2024",
                "numero": m.numero,
                "titre": plain(m.titre),
                "titre_court": plain(m.titre_court) if m.titre_court else None,
                "axe": {"numero": axe.numero, "titre": plain(axe.titre)},
                "section": {"numero": section.numero, "titre": plain(section.titre)},
                "publics": [plain(p) for p in m.publics],
                "actions": [
                    {"numero": a.numero, "texte": plain(a.texte), "liste": flatten_items(a.liste)} for a in m.actions
                ],
                "pilotes": [plain(p.texte) for p in m.pilotes],
                "pilotes_actions": [list(p.actions) for p in m.pilotes],
                "notes": [{"numero": n.numero, "texte": plain(n.texte)} for n in m.notes],
                "pilotes_ids": list(m.pilotes_ids),
                "partenaires_ids": list(m.partenaires_ids),
                "url": base + urls.mesure("2020-2024", e.slug),
                "note_editeur": plain(m.note_editeur) if m.note_editeur else None,
            }
        )
    return out


def flatten_items(items) -> list[str]:
    out = []
    for item in items:
        out.append(plain(item.texte))
        out.extend(plain(s) for s in item.sous_liste)
    return out


def all_measures(corpus: Corpus) -> list[dict]:
    return measures_2026(corpus) + measures_2019(corpus)


def comparison(corpus: Corpus) -> list[dict]:
    if corpus.comparaison is None:
        return []
    return [
        {
            "strategie_2019": list(lien.mesures_2019),
            "strategie_2026": list(lien.mesures_2026),
            "relation": lien.relation,
            "justification": plain(lien.justification),
            "source": lien.source,
            "themes": list(lien.themes),
        }
        for lien in corpus.comparaison.liens
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

    def uses(org_id, entries, field):
        return [e.model.numero for e in entries if org_id in getattr(e.model, field)]

    for org in corpus.registre.organisations:
        rows.append(
            {
                "id": org.id,
                "nom": org.nom,
                "sigle": org.sigle,
                "type": org.type,
                "alias": list(org.alias),
                "pilote_2026": uses(org.id, corpus.mesures2026, "pilotes_ids"),
                "partenaire_2026": uses(org.id, corpus.mesures2026, "partenaires_ids"),
                "pilote_2019": uses(org.id, corpus.mesures2019, "pilotes_ids"),
                "partenaire_2019": uses(org.id, corpus.mesures2019, "partenaires_ids"),
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


def render(corpus: Corpus, fmt: str, what: str = "mesures") -> str:
    rows = DATASETS[what](corpus)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    return to_csv(rows)


def write_export(corpus: Corpus, fmt: str, output: Path, what: str = "mesures") -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    # utf-8-sig for CSV so that spreadsheet programs read the accents right
    output.write_text(render(corpus, fmt, what), encoding="utf-8-sig" if fmt == "csv" else "utf-8")
