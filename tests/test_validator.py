"""The validator on the broken-input corpus: every file yields a French message naming the
file, the line and the field, and `python -m generator check` exits 1 without a traceback."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator.content import load_corpus
from generator.errors import ContentInvalid
from generator.sanitize import HELP

BROKEN = Path(__file__).parent / "broken" / "2026"

# file name: (line, column or None, field, words of the message)
EXPECTED = {
    "02-syntaxe.yaml": (5, 8, "titre", "guillemet ouvert jamais fermé"),
    "02-tabulation.yaml": (7, 1, "contexte", "tabulation interdite"),
    "02-champ-manquant.yaml": (2, 1, "pilote", "champ obligatoire manquant"),
    "02-champ-inconnu.yaml": (6, 1, "titr", "champ inconnu"),
    "02-mauvais-type.yaml": (2, 9, "numero", "doit être un nombre entier"),
    "02-liste-vide.yaml": (13, 14, "indicateurs", "cette liste ne doit pas être vide"),
    "02-numero-double.yaml": (2, 9, "numero", "le numéro 1 est déjà utilisé par content/measures/2026/01-"),
    "02-axe-inconnu.yaml": (3, 6, "axe", "l’axe 9 n’existe pas"),
    "02-cle-double.yaml": (6, 1, "titre", "la clé « titre » apparaît deux fois (déjà à la ligne 5)"),
    "02-pas-utf8.yaml": (5, 23, "titre", "n’est pas encodé en UTF-8"),
    "02-vide.yaml": (1, 1, "", "le fichier est vide"),
    "02-enorme.yaml": (1, 1, "", "fichier trop volumineux"),
    "02-script.yaml": (7, 5, "contexte[1]", "le HTML n’est pas autorisé dans les textes (<script>)"),
    "02-lien-javascript.yaml": (14, 5, "indicateurs[1]", "lien refusé « javascript:"),
    "02-bombe-alias.yaml": (5, 8, "titre", "les ancres et alias YAML"),
    "02-enjeu-autre-axe.yaml": (4, 8, "enjeu", "l’enjeu 7 appartient à l’axe 2, pas à l’axe 1"),
    "02-etiquette-python.yaml": (5, 8, "titre", "étiquette YAML"),
    "02-indentation.yaml": (13, 2, "indicateurs", "indentation incohérente"),
    "02-indicateur-nombre.yaml": (15, 5, "indicateurs[2]", "ce champ doit être un texte"),
    "mauvais-nom.yaml": (1, 1, "", "nom de fichier invalide"),
    # What a text becomes must pass the allow-list (generator/sanitize.py)
    "02-image.yaml": (7, 5, "contexte[1]", "mise en forme non autorisée dans les textes : image"),
    "02-iframe.yaml": (7, 5, "contexte[1]", "le HTML n’est pas autorisé dans les textes (<iframe"),
    "02-autolien-ftp.yaml": (7, 5, "contexte[1]", "le HTML n’est pas autorisé dans les textes (<ftp://"),
    "02-attributs.yaml": (7, 5, "contexte[1]", "attribut « onclick » sur « <a> »"),
    "02-definition-lien.yaml": (7, 5, "contexte[1]", "définition Markdown « [source]: » non autorisée"),
    "02-entite-html.yaml": (7, 5, "contexte[1]", "entité HTML « &nbsp; » non autorisée"),
    # Characters a reviewer cannot see in a diff: at their own line and column
    "02-bidi.yaml": (7, 22, "contexte[1]", "caractère invisible « U+202E RIGHT-TO-LEFT OVERRIDE » interdit"),
    "02-espace-invisible.yaml": (10, 17, "objectifs[1].liste[1]", "« U+200B ZERO WIDTH SPACE »"),
    "02-echappement-invisible.yaml": (7, 5, "contexte[1]", "« U+2066 LEFT-TO-RIGHT ISOLATE » interdit (écrit"),
}

# Refusals about what a text may contain point to the editors' guide, section 5.
FORMAT_REFUSALS = {
    "02-script.yaml",
    "02-lien-javascript.yaml",
    "02-image.yaml",
    "02-iframe.yaml",
    "02-autolien-ftp.yaml",
    "02-attributs.yaml",
    "02-definition-lien.yaml",
    "02-entite-html.yaml",
    "02-bidi.yaml",
    "02-espace-invisible.yaml",
    "02-echappement-invisible.yaml",
}


def test_corpus_is_complete():
    assert sorted(p.name for p in BROKEN.iterdir()) == sorted(EXPECTED)
    assert len(EXPECTED) >= 15
    assert FORMAT_REFUSALS <= set(EXPECTED)


def test_the_guide_has_the_section_refusals_point_to():
    """GitHub's anchor of the heading « 5. La mise en forme autorisée dans les textes »."""
    guide = (Path(__file__).parent.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    anchor = HELP.split("#", 1)[1]
    assert "\n## 5. La mise en forme autorisée dans les textes\n" in guide
    assert f"(#{anchor})" in guide  # the table of contents links to it with the same anchor


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_is_reported_precisely(name, content_tree):
    root = content_tree(BROKEN / name)
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    line, column, field, words = EXPECTED[name]
    mine = [e for e in info.value.errors if e.fichier == f"content/measures/2026/{name}"]
    assert mine, info.value.errors
    matching = [e for e in mine if words in e.message]
    assert matching, [str(e) for e in mine]
    err = matching[0]
    assert (err.ligne, err.champ) == (line, field)
    if column is not None:
        assert err.colonne == column
    if name in FORMAT_REFUSALS:
        assert err.message.endswith(f"(voir {HELP})"), err.message
    # The one-line form editors read: file:line:column — field : message
    text = str(err)
    assert text.startswith(f"content/measures/2026/{name}:{line}:")
    if field:
        assert f" — {field} : " in text


def test_all_errors_reported_at_once(content_tree):
    root = content_tree(*(BROKEN / n for n in ("02-champ-inconnu.yaml", "02-script.yaml", "02-vide.yaml")))
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    files = {e.fichier.rsplit("/", 1)[-1] for e in info.value.errors}
    assert {"02-champ-inconnu.yaml", "02-script.yaml", "02-vide.yaml"} <= files


def _check(root: Path, *env):
    return subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent.parent,
    )


@pytest.mark.parametrize("name", ["02-bombe-alias.yaml", "02-pas-utf8.yaml", "02-enorme.yaml", "02-syntaxe.yaml"])
def test_cli_exits_1_in_french_without_traceback(name, content_tree):
    result = _check(content_tree(BROKEN / name))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert f"content/measures/2026/{name}:" in result.stderr
    assert "erreur" in result.stderr


def test_cli_exits_0_on_valid_content(content_tree):
    result = _check(content_tree())
    assert result.returncode == 0, result.stderr
    assert "Contenu valide" in result.stdout


def test_github_annotation_format(content_tree):
    with pytest.raises(ContentInvalid) as info:
        load_corpus(content_tree(BROKEN / "02-script.yaml"))
    err = next(e for e in info.value.errors if e.fichier.endswith("02-script.yaml"))
    assert err.github_annotation().startswith("::error file=content/measures/2026/02-script.yaml,line=7,col=5,")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_broken_file_is_annotated_on_its_line(name, content_tree, monkeypatch, capsys):
    """In GitHub Actions, each error becomes an annotation on the faulty line."""
    from generator.__main__ import main

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    root = content_tree(BROKEN / name)
    assert main(["--root", str(root), "check"]) == 1
    line, column, _, _ = EXPECTED[name]
    annotations = [a for a in capsys.readouterr().out.splitlines() if a.startswith("::error ")]
    expected = f"::error file=content/measures/2026/{name},line={line},"
    assert any(a.startswith(expected) for a in annotations), annotations
