"""The committed JSON Schemas match the models, and every content file points to its schema."""

from pathlib import Path

import jsonschema
import yaml

from generator.schemas import schema_texts

ROOT = Path(__file__).resolve().parent.parent


def test_committed_schemas_are_up_to_date():
    for filename, text in schema_texts().items():
        path = ROOT / "schemas" / filename
        assert path.exists(), f"{filename} manquant : lancez « python -m generator schema »"
        assert path.read_text(encoding="utf-8") == text, (
            f"schemas/{filename} est périmé : lancez « python -m generator schema »"
        )


def _content_files():
    return sorted((ROOT / "content").rglob("*.yaml"))


def _schema_for(path: Path) -> str:
    rel = path.relative_to(ROOT / "content").as_posix()
    if rel.startswith("measures/2026/"):
        return "mesure-2026"
    if rel.startswith("measures/2019/"):
        return "mesure-2019"
    if rel.startswith("_modeles/"):  # editors' templates, named after their schema
        return path.stem
    return {
        "strategies/2026-2030.yaml": "strategie-2026",
        "strategies/2020-2024.yaml": "strategie-2019",
        "glossary.yaml": "glossaire",
        "partners.yaml": "partenaires",
        "comparison.yaml": "comparaison",
    }[rel]


def test_every_content_file_declares_its_schema():
    for path in _content_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        name = _schema_for(path)
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target == (ROOT / "schemas" / f"{name}.schema.json").resolve(), path


def test_content_validates_against_the_json_schemas():
    """What editors' tools check is what the validator checks."""
    import json

    for path in _content_files():
        if path.name.startswith("_"):
            continue
        schema = json.loads((ROOT / "schemas" / f"{_schema_for(path)}.schema.json").read_text())
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)
