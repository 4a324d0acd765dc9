"""Broken 2020-2024 measures: action numbered outside its measure, pilot line covering an
unknown action, footnote called but not defined, footnote defined but never called."""

import shutil
from pathlib import Path

import pytest

from generator.content import load_corpus
from generator.errors import ContentInvalid

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "broken" / "2019"


def _errors(content_tree, name):
    root = content_tree()
    shutil.copy(ROOT / "content/strategies/2020-2024.yaml", root / "content/strategies")
    shutil.copytree(ROOT / "content/measures/2019", root / "content/measures/2019")
    shutil.copy(BROKEN / name, root / "content/measures/2019" / name)
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    return [e for e in info.value.errors if e.fichier == f"content/measures/2019/{name}"]


@pytest.mark.parametrize(
    "name,line,field,words",
    [
        ("41-action-hors-mesure.yaml", 9, "actions[2].numero", "l’action 12.2 n’appartient pas à la mesure 41"),
        ("41-action-hors-mesure.yaml", 13, "pilotes[1].actions[2]", "l’action 41.3 n’existe pas dans cette mesure"),
        ("41-note-non-definie.yaml", 8, "actions[1].texte", "la note [^30] est appelée mais n’est pas définie"),
        ("41-note-non-definie.yaml", 10, "notes[1].numero", "la note 31 est définie mais jamais appelée"),
    ],
)
def test_broken_2019_measure(content_tree, name, line, field, words):
    errors = _errors(content_tree, name)
    match = [e for e in errors if words in e.message]
    assert match, [str(e) for e in errors]
    assert (match[0].ligne, match[0].champ) == (line, field)
