"""Adding an edition is its content, one edition module and its templates, nothing else: a
small fictitious third strategy (« 2031-2035 », one measure), whose module, content and
templates are only in a temporary tree and never published, gets its strategy page, axis
pages, card, search entries, export rows and their descriptions, partner index columns,
schemas, diff and PDF; the comparison stays between the pair content/comparison.yaml names,
and can compare it with another declared edition."""

import datetime as dt
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

from generator import changes, datapackage, editions, schemas
from generator.content import load_corpus
from generator.errors import ContentInvalid
from generator.export import render as render_export
from generator.pdf import documents, engine
from generator.pdf.meta import BuildInfo
from generator.site import search
from generator.site.families import all_pages

ROOT = Path(__file__).resolve().parents[1]
SITE_TEMPLATES = ROOT / "generator" / "site" / "templates"
PRINT_TEMPLATES = ROOT / "generator" / "pdf" / "templates"

# --- the edition module, as an editor would add it to generator/editions/ ----------------

MODULE = '''\
"""A fictitious strategy 2031-2035, made like the 2026-2030 one (never published)."""

from pathlib import Path
from typing import Literal

from generator.editions.snpd_2026_2030 import Edition2026, Mesure2026, Strategie2026


class Strategie2031(Strategie2026):
    periode: Literal["2031-2035"]


EDITION = Edition2026(
    id="2031-2035",
    key="2031",
    strategy_model=Strategie2031,
    measure_model=Mesure2026,
    source="snpd-2031-2035.txt",
    templates=Path(__file__).parent / "gabarits",
)
'''

# --- its content and templates, in a temporary tree ------------------------------------


def _module(folder: Path):
    """The edition module written in `folder` and imported from there."""
    path = folder / "snpd_2031_2035.py"
    path.write_text(MODULE, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("snpd_2031_2035", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def third_tree(tmp_path, monkeypatch):
    """The content of the site with a third strategy, and its edition declared."""
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
    # its module, and its templates next to it: named after its key, here copies of the
    # 2026-2030 ones
    code = tmp_path / "edition"
    (code / "gabarits").mkdir(parents=True)
    for kind in ("mesure", "strategie", "_carte", "_cote"):
        shutil.copy(SITE_TEMPLATES / f"{kind}2026.md.j2", code / "gabarits" / f"{kind}2031.md.j2")
    shutil.copy(PRINT_TEMPLATES / "strategie2026.html.j2", code / "gabarits" / "strategie2031.html.j2")
    module = _module(code)
    monkeypatch.setattr(editions, "EDITIONS", (*editions.EDITIONS, module.EDITION))
    monkeypatch.setenv("SNPD_SITE_URL", "https://exemple.test/snpd/")
    return tmp_path


@pytest.fixture
def third(third_tree):
    return load_corpus(third_tree)


def test_the_third_edition_is_loaded_and_validated(third):
    assert list(third.strategies) == ["2026-2030", "2020-2024", "2031-2035"]
    [entry] = third.strategy("2031-2035").mesures
    assert entry.path == "content/measures/2031/01-prevenir-demain.yaml"
    assert third.current.id == "2026-2030"


def test_the_third_edition_is_checked_like_the_others(third_tree):
    path = third_tree / "content/measures/2031/01-prevenir-demain.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nenjeu: 1\n", "\nenjeu: 99\n"), encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_corpus(third_tree)
    [error] = exc.value.errors
    assert error.fichier == "content/measures/2031/01-prevenir-demain.yaml"
    assert error.message == "l’enjeu 99 n’existe pas (enjeux : 1 à 12)"


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
    # the open-data page documents its fields with those of the edition it is made like
    donnees = pages["donnees/index.md"].markdown
    assert "| `enjeu`, `enjeu_numero` | (2026-2030, 2031-2035) titre et numéro de l’enjeu |" in donnees
    assert "`pilote_2031`, `partenaire_2031`" in donnees
    assert "[mesure-2031.schema.json](schemas/mesure-2031.schema.json)" in donnees
    assert "Le contenu des trois stratégies est publié" in donnees


def test_the_third_edition_is_in_the_exports(third):
    rows = json.loads(render_export(third, "json", "mesures"))
    assert [r["numero"] for r in rows if r["strategie"] == "2031-2035"] == [1]
    assert rows[-1]["url"] == "https://exemple.test/snpd/2031-2035/mesures/01-prevenir-demain/"
    partners = json.loads(render_export(third, "json", "partenaires"))
    assert {"pilote_2031", "partenaire_2031", "pilote_2026", "pilote_2019"} <= set(partners[0])
    comparison = json.loads(render_export(third, "json", "comparaison"))
    assert set(comparison[0]) >= {"strategie_2019", "strategie_2026"}
    package = datapackage.package(third, "https://exemple.test/snpd/")
    measures = next(r for r in package["resources"] if r["name"] == "mesures")
    described = {f["name"]: f.get("description") for f in measures["schema"]["fields"]}
    assert described["strategie"] == "« 2026-2030 » ou « 2020-2024 » ou « 2031-2035 »"
    assert described["enjeu"] == "(2026-2030, 2031-2035) titre de l’enjeu"
    assert described["section"] == "(2020-2024) section de l’axe : « numéro — titre »"


def test_the_third_edition_has_its_schemas(third):
    models = schemas.schema_models()
    assert models["mesure-2031"] is editions.by_id("2031-2035").measure_model
    assert models["strategie-2031"].model_fields["periode"].annotation.__args__ == ("2031-2035",)
    glossary = json.loads(schemas.schema_texts()["glossaire.schema.json"])
    assert "2031-2035" in json.dumps(glossary)


def test_a_change_of_the_third_edition_is_named_in_the_journal(third_tree):
    path = "content/measures/2031/01-prevenir-demain.yaml"
    before = (third_tree / path).read_bytes()
    after = before.replace(b"\ntitre: ", b"\ntitre: Demain, ", 1)
    diff = changes.compare({path: before}, {path: after})
    [obj] = diff.objets
    assert obj.libelle == "Mesure 1 (2031-2035)" and obj.pages[0] == "2031-2035/mesures/01-prevenir-demain/"


def test_the_comparison_compares_the_pair_it_names(third_tree):
    """content/comparison.yaml comparing 2026-2030 with the third strategy: its links name
    the measures of each side in `mesures_<key>`; messages, pages and exports follow."""
    lines = ['strategies: ["2026-2030", "2031-2035"]', "liens:"]
    lines += ["  - mesures_2026: [1]", "    mesures_2031: [1]", "    relation: reconduite", "    justification: Essai."]
    for n in range(2, 51):
        lines += [f"  - mesures_2026: [{n}]", "    relation: non reprise", "    justification: Essai."]
    path = third_tree / "content/comparison.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = load_corpus(third_tree)
    assert corpus.comparaison.pair == ("2026-2030", "2031-2035")
    pages = {p.src_uri: p for p in all_pages(corpus)}
    assert pages["comparaison/index.md"].title == "Comparaison 2026-2030 / 2031-2035"
    rows = json.loads(render_export(corpus, "json", "comparaison"))
    assert rows[0]["strategie_2026"] == [1] and rows[0]["strategie_2031"] == [1]
    donnees = pages["donnees/index.md"].markdown
    assert "| `strategie_2031` | numéros des mesures 2031-2035 (liste, vide pour une mesure non reprise) |" in donnees
    # a measure of the third strategy that does not exist, named in the editors' words
    path.write_text(path.read_text(encoding="utf-8").replace("mesures_2031: [1]", "mesures_2031: [2]"), "utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_corpus(third_tree)
    messages = [e.message for e in exc.value.errors]
    assert any(m.startswith("la mesure 2031-2035 n° 2 n’existe pas (mesures 1 à 1)") for m in messages), messages


def test_the_third_edition_gets_its_pdf(third):
    info = BuildInfo(dt.date(2031, 1, 1), "essai", "https://exemple.test/snpd/").placeholders()
    docs = {d.path: d for d in documents.documents(third, info, only="2031")}
    doc = docs["2031-2035/strategie-2031-2035.pdf"]
    assert doc.template == "strategie2031.html.j2"
    html = engine.render_html(doc.template, **doc.context)
    assert 'id="axe-2031-1"' in html and 'id="m2031-01"' in html
    assert 'class="mesure mesure-2031"' in html  # its cards, for its own print rules if it has any
    # the dossier of the organisation piloting its measure prints that card too
    [pilot] = third.strategy("2031-2035").mesures[0].model.pilotes_ids
    dossier = next(d for d in documents.organisations(third, info) if d.path == f"organisations/{pilot}.pdf")
    html = engine.render_html(dossier.template, **dossier.context)
    assert 'id="partie-2031"' in html and "Stratégie 2031-2035" in html
