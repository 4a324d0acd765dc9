"""The one Jinja2 setup of the project (site pages and print exports): HTML-escaping on by
default, undefined variables are errors, block tags do not leave blank lines."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape


def environment(templates: Path | list[Path], **options) -> Environment:
    return Environment(
        loader=FileSystemLoader(templates),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
