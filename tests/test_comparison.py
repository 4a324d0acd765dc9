"""The comparison: complete, consistent, and a few links any careful reader agrees with."""

import json
import shutil
from pathlib import Path

import pytest

from generator.comparison import View
from generator.content import load_corpus
from generator.errors import ContentInvalid
from generator.export import render

ROOT = Path(__file__).resolve().parent.parent


def _link(corpus, a19, b26):
    return [lien for lien in corpus.comparaison.liens if a19 in lien.mesures_2019 and b26 in lien.mesures_2026]


def test_every_measure_is_placed(corpus):
    liens = corpus.comparaison.liens
    assert {n for lien in liens for n in lien.mesures_2026} == set(range(1, 51))
    assert {n for lien in liens for n in lien.mesures_2019} == set(range(1, 41))
    nouvelles = [lien.mesures_2026[0] for lien in liens if lien.relation == "nouvelle"]
    linked = [n for lien in liens if lien.relation != "nouvelle" for n in lien.mesures_2026]
    assert not set(nouvelles) & set(linked)


def test_the_link_stated_by_the_text(corpus):
    stated = [lien for lien in corpus.comparaison.liens if lien.source == "énoncée"]
    assert len(stated) == 1
    assert stated[0].mesures_2019 == [8] and stated[0].mesures_2026 == [46]


@pytest.mark.parametrize(
    "a19,b26,words",
    [
        (33, 28, "CDDF"),  # conseil des droits et devoirs des familles, in both
        (20, 35, "ISCG"),  # intervention sociale en commissariat et gendarmerie
        (8, 46, "CLSM"),  # conseils locaux de santé mentale
        (35, 40, "coordonnateurs"),  # the CLSPD coordinators
    ],
)
def test_links_a_careful_reader_agrees_with(corpus, a19, b26, words):
    found = _link(corpus, a19, b26)
    assert found, f"pas de lien {a19} → {b26}"
    assert words.lower() in found[0].justification.lower()


def test_figures(corpus):
    f = View(corpus).figures()
    assert (f["axes_avant"], f["axes_apres"]) == (4, 3)
    assert (
        f["nouvelles"]
        + sum(1 for lien in corpus.comparaison.liens if lien.relation != "nouvelle" and lien.mesures_2026)
        >= 1
    )
    assert f["nouvelles"] == sum(1 for lien in corpus.comparaison.liens if lien.relation == "nouvelle")


def test_export(corpus):
    rows = json.loads(render(corpus, "json", "comparaison"))
    assert len(rows) == len(corpus.comparaison.liens)
    assert set(rows[0]) >= {"strategie_2019", "strategie_2026", "relation", "justification", "source"}
    assert {r["source"] for r in rows} == {"énoncée", "déduite"}
    assert render(corpus, "csv", "comparaison").splitlines()[0].startswith("strategie_2019,strategie_2026,relation")


def _tree(content_tree, comparison_text: str) -> Path:
    root = content_tree()
    for sub in ("measures/2026", "measures/2019"):
        shutil.rmtree(root / "content" / sub, ignore_errors=True)
        shutil.copytree(ROOT / "content" / sub, root / "content" / sub)
    shutil.copy(ROOT / "content/strategies/2020-2024.yaml", root / "content/strategies")
    (root / "content" / "comparison.yaml").write_text(comparison_text, encoding="utf-8")
    return root


def test_broken_comparison_is_reported(content_tree):
    text = (ROOT / "content/comparison.yaml").read_text(encoding="utf-8")
    text = text.replace("mesures_2026: [46]", "mesures_2026: [99]", 1)
    with pytest.raises(ContentInvalid) as info:
        load_corpus(_tree(content_tree, text))
    messages = [str(e) for e in info.value.errors]
    # one mistake, one message: 46 is absent from the comparison because it was replaced by 99
    assert len(messages) == 1, messages
    assert messages[0].startswith("content/comparison.yaml:")
    assert "la mesure 2026-2030 n° 99 n’existe pas (mesures 1 à 50) : vouliez-vous dire 46 ?" in messages[0]


def test_unknown_number_and_absent_measure_apart_are_both_reported(content_tree):
    """Two mistakes: a number that does not exist, and a measure left out elsewhere."""
    text = (ROOT / "content/comparison.yaml").read_text(encoding="utf-8")
    text = text.replace("mesures_2026: [46]", "mesures_2026: [99]", 1)
    text = text.replace("mesures_2026: [1, 7, 12, 15]", "mesures_2026: [1, 7, 12]", 1)
    with pytest.raises(ContentInvalid) as info:
        load_corpus(_tree(content_tree, text))
    messages = [str(e) for e in info.value.errors]
    assert any("la mesure 2026-2030 n° 99 n’existe pas (mesures 1 à 50)" in m for m in messages), messages
    assert any("mesures 2026-2030 absentes de la comparaison : 15, 46" in m for m in messages), messages


def test_new_and_linked_is_refused(content_tree):
    text = (ROOT / "content/comparison.yaml").read_text(encoding="utf-8")
    text += "  - mesures_2019: []\n    mesures_2026: [46]\n    relation: nouvelle\n    justification: Essai.\n"
    with pytest.raises(ContentInvalid) as info:
        load_corpus(_tree(content_tree, text))
    assert any("est marquée « nouvelle » mais elle est aussi reliée" in str(e) for e in info.value.errors)


def test_the_comparison_names_the_pair_it_compares(corpus):
    assert corpus.comparaison.pair == ("2020-2024", "2026-2030")
    view = View(corpus)
    assert (view.avant.id, view.apres.id) == corpus.comparaison.pair


@pytest.mark.parametrize(
    ("pair", "message"),
    [
        ('["2026-2030", "2026-2030"]', "deux stratégies différentes"),
        ('["2020-2024", "2031-2035"]', "valeur non autorisée"),
    ],
)
def test_a_comparison_of_no_two_declared_strategies_is_refused(tmp_path, pair, message):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "comparison.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('strategies: ["2020-2024", "2026-2030"]', f"strategies: {pair}"), encoding="utf-8")
    with pytest.raises(ContentInvalid) as exc:
        load_corpus(tmp_path)
    [error] = exc.value.errors
    assert (error.fichier, error.ligne) == ("content/comparison.yaml", 3) and message in error.message
