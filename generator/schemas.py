"""JSON Schemas of the content files, generated from the pydantic models.

Editors' tools (VS Code's YAML extension, GitHub's web editor with it) read them through
the `# yaml-language-server: $schema=…` first line of every content file.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from . import editions, models


def schema_models() -> dict[str, type[BaseModel]]:
    """Which model validates which content file, by schema name: each declared edition's
    measures and strategy, then the glossary, the partner registry and the comparison."""
    out: dict[str, type[BaseModel]] = {}
    out.update((e.measure_schema, e.measure_model) for e in editions.EDITIONS)
    out.update((e.strategy_schema, e.strategy_model) for e in editions.EDITIONS)
    out["glossaire"] = editions.glossary_model()
    out["partenaires"] = models.Registre
    out["comparaison"] = editions.comparison_model()
    return out


def schema_texts(base_url: str = "") -> dict[str, str]:
    """Schema files by name. `base_url` is the address they are published at (the site's
    `donnees/schemas/`): their `$id` is then absolute, as editors' tools on the web need;
    the copies committed under schemas/ keep a relative `$id`."""
    out = {}
    for name, model in schema_models().items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"{base_url}{name}.schema.json"
        out[f"{name}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, text in schema_texts().items():
        path = folder / filename
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
