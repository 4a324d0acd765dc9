"""The editors' templates (content/_modeles/) are valid measures once numbered, document
every field of their model in French, and are never loaded as content."""

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.content import load_corpus
from generator.editions.snpd_2020_2024 import Mesure2019
from generator.editions.snpd_2026_2030 import Mesure2026
from generator.errors import ContentInvalid

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "content" / "_modeles"


def _numbered(text: str, old: int, new: int) -> str:
    """The template with measure number `old` (and its action numbers) changed to `new`."""
    text, n = re.subn(rf"^numero: {old}$", f"numero: {new}", text, flags=re.M)
    assert n == 1, "le modèle doit avoir une ligne « numero: » au premier niveau"
    return text.replace(f'"{old}.', f'"{new}.')


def test_the_templates_are_there():
    assert sorted(p.name for p in TEMPLATES.iterdir()) == ["mesure-2019.yaml", "mesure-2026.yaml"]


def test_2026_template_validates_once_copied_and_numbered(content_tree):
    root = content_tree()  # strategy 2026-2030 and measure 1
    text = _numbered((TEMPLATES / "mesure-2026.yaml").read_text(encoding="utf-8"), 51, 2)
    target = root / "content/measures/2026/02-titre-court-de-la-mesure.yaml"
    # As CONTRIBUTING.md says: the schema line gains one "../" in content/measures/2026/
    target.write_text(text.replace("$schema=../../schemas/", "$schema=../../../schemas/", 1), encoding="utf-8")
    corpus = load_corpus(root)
    assert [e.model.numero for e in corpus.strategy("2026-2030").mesures] == [1, 2]


def test_a_copied_template_with_its_old_schema_line_gets_a_clear_message(content_tree):
    root = content_tree()
    text = _numbered((TEMPLATES / "mesure-2026.yaml").read_text(encoding="utf-8"), 51, 2)
    (root / "content/measures/2026/02-titre-court.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentInvalid) as info:
        load_corpus(root)
    [err] = info.value.errors
    assert (err.fichier, err.ligne) == ("content/measures/2026/02-titre-court.yaml", 1)
    assert (
        "la première ligne doit être exactement « # yaml-language-server: $schema=../../../schemas/mesure-2026.schema.json »"
        in err.message
    )


def test_2019_template_validates_once_copied_and_numbered(content_tree):
    root = content_tree()
    shutil.copy(ROOT / "content/strategies/2020-2024.yaml", root / "content/strategies")
    folder = root / "content/measures/2019"
    folder.mkdir()
    text = _numbered((TEMPLATES / "mesure-2019.yaml").read_text(encoding="utf-8"), 41, 1)
    text = text.replace("$schema=../../schemas/", "$schema=../../../schemas/", 1)
    (folder / "01-titre-court.yaml").write_text(text, encoding="utf-8")
    corpus = load_corpus(root)
    [entry] = corpus.strategy("2020-2024").mesures
    assert [a.numero for a in entry.model.actions] == ["1.1", "1.2"]


@pytest.mark.parametrize("name", ["mesure-2026", "mesure-2019"])
def test_template_matches_its_json_schema_and_points_to_it(name):
    path = TEMPLATES / f"{name}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../../schemas/{name}.schema.json"
    schema = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


@pytest.mark.parametrize(("name", "model"), [("mesure-2026", Mesure2026), ("mesure-2019", Mesure2019)])
def test_template_shows_and_comments_every_field(name, model):
    """Every field of the model is in the template, with a French comment just above it."""
    lines = (TEMPLATES / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    for field in model.model_fields:
        at = [i for i, line in enumerate(lines) if line.startswith(f"{field}:")]
        assert at, f"{name} : champ « {field} » absent du modèle"
        # a comment right above, or above a group of fields (« pilotes_ids », « partenaires_ids »)
        i = at[0] - 1
        while lines[i].split(":")[0].isidentifier():
            i -= 1
        assert lines[i].startswith("# "), f"{name} : champ « {field} » sans commentaire"


def test_templates_are_not_content(corpus):
    """check/build never read content/_modeles/: only measures/, strategies/ and the files."""
    paths = [e.path for e in corpus.strategy("2026-2030").mesures + corpus.strategy("2020-2024").mesures]
    assert not [p for p in paths if "_modeles" in p]
    assert len(corpus.strategy("2026-2030").mesures) == len(list((ROOT / "content/measures/2026").glob("*.yaml")))
