"""Adding an edition is its content, one edition declaration and its templates, nothing
else: a small fictitious third strategy (« 2031-2035 », one measure), in a temporary tree
and never published, gets its strategy page, axis pages, card, search entries, export rows,
partner index columns and PDF, while the comparison stays between its declared pair."""

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Literal

import pytest

from generator import editions
from generator.content import load_corpus
from generator.editions.snpd_2026_2030 import Edition2026, Mesure2026, Strategie2026
from generator.export import render as render_export
from generator.pdf import documents, engine
from generator.pdf.meta import BuildInfo
from generator.site import search
from generator.site.families import all_pages

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATES = ROOT / "generator" / "site" / "templates"
PRINT_TEMPLATES = ROOT / "generator" / "pdf" / "templates"


# --- the edition module: its strategy model and its declaration ------------------------


class Strategie2031(Strategie2026):
    periode: Literal["2031-2035"]


def declaration(templates: Path) -> editions.Edition:
    return Edition2026(
        id="2031-2035",
        key="2031",
        strategy_model=Strategie2031,
        measure_model=Mesure2026,
        source="snpd-2031-2035.txt",
        templates=templates,
    )


# --- its content and templates, in a temporary tree ------------------------------------


@pytest.fixture
def third(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    strategy = (ROOT / "content/strategies/2026-2030.yaml").read_text(encoding="utf-8")
    strategy = strategy.replace('periode: "2026-2030"', 'periode: "2031-2035"').replace(
        "schemas/strategie-2026", "schemas/strategie-2031"
    )
    assert 'periode: "2031-2035"' in strategy
    (tmp_path / "content/strategies/2031-2035.yaml").write_text(strategy, encoding="utf-8")
    folder = tmp_path / "content/measures/2031"
    folder.mkdir()
    measure = next((ROOT / "content/measures/2026").glob("01-*.yaml")).read_text(encoding="utf-8")
    measure = measure.replace("schemas/mesure-2026", "schemas/mesure-2031")
    (folder / "01-prevenir-demain.yaml").write_text(measure, encoding="utf-8")
    # its templates: named after its key, here copies of the 2026-2030 ones
    templates = tmp_path / "gabarits"
    templates.mkdir()
    for kind in ("mesure", "strategie", "_carte", "_cote"):
        shutil.copy(SITE_TEMPLATES / f"{kind}2026.md.j2", templates / f"{kind}2031.md.j2")
    shutil.copy(PRINT_TEMPLATES / "strategie2026.html.j2", templates / "strategie2031.html.j2")
    monkeypatch.setattr(editions, "EDITIONS", (*editions.EDITIONS, declaration(templates)))
    monkeypatch.setenv("SNPD_SITE_URL", "https://exemple.test/snpd/")
    return load_corpus(tmp_path)


def test_the_third_edition_is_loaded_and_validated(third):
    assert list(third.strategies) == ["2026-2030", "2020-2024", "2031-2035"]
    [entry] = third.strategy("2031-2035").mesures
    assert entry.path == "content/measures/2031/01-prevenir-demain.yaml"
    assert third.current.id == "2026-2030"


def test_the_third_edition_gets_its_pages(third):
    pages = {p.src_uri: p for p in all_pages(third)}
    card = pages["2031-2035/mesures/01-prevenir-demain/index.md"]
    assert card.title.startswith("Mesure 1 (2031-2035) – ")
    assert card.edit_path == "content/measures/2031/01-prevenir-demain.yaml"
    assert "../../axes/1/index.md" in card.markdown  # its own axis page
    overview = pages["2031-2035/index.md"]
    assert "mesures/01-prevenir-demain/index.md" in overview.markdown
    assert "2031-2035/axes/1/index.md" in pages
    # the other strategies' pages are there, unchanged in number
    assert sum(1 for uri in pages if uri.startswith("2026-2030/mesures/")) == 50
    # the partner index and the search page name it; the comparison stays between its pair
    assert "Pilote 2031-2035" in pages["partenaires/index.md"].markdown
    assert "<option>2031-2035</option>" in pages["recherche/index.md"].markdown
    assert pages["comparaison/index.md"].title == "Comparaison 2020-2024 / 2026-2030"
    info = search.describe(third)
    assert info["2031-2035/mesures/01-prevenir-demain/"]["strategie"] == "2031-2035"


def test_the_third_edition_is_in_the_exports(third):
    rows = json.loads(render_export(third, "json", "mesures"))
    assert [r["numero"] for r in rows if r["strategie"] == "2031-2035"] == [1]
    assert rows[-1]["url"] == "https://exemple.test/snpd/2031-2035/mesures/01-prevenir-demain/"
    partners = json.loads(render_export(third, "json", "partenaires"))
    assert {"pilote_2031", "partenaire_2031", "pilote_2026", "pilote_2019"} <= set(partners[0])
    comparison = json.loads(render_export(third, "json", "comparaison"))
    assert set(comparison[0]) >= {"strategie_2019", "strategie_2026"}


def test_the_third_edition_gets_its_pdf(third):
    info = BuildInfo(dt.date(2031, 1, 1), "essai", "https://exemple.test/snpd/").placeholders()
    docs = {d.path: d for d in documents.documents(third, info, only="2031")}
    doc = docs["2031-2035/strategie-2031-2035.pdf"]
    assert doc.template == "strategie2031.html.j2"
    html = engine.render_html(doc.template, **doc.context)
    assert 'id="axe-2031-1"' in html and 'id="m2031-01"' in html
    # the dossier of the organisation piloting its measure prints that card too
    [pilot] = third.strategy("2031-2035").mesures[0].model.pilotes_ids
    dossier = next(d for d in documents.organisations(third, info) if d.path == f"organisations/{pilot}.pdf")
    html = engine.render_html(dossier.template, **dossier.context)
    assert 'id="partie-2031"' in html and "Stratégie 2031-2035" in html
