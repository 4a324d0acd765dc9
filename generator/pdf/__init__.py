"""Print exports: PDF extracts of both strategies (our own print templates, Jinja2 →
HTML → WeasyPrint) and the indicator workbook (ODS and CSV).

    from generator.pdf import build
    build(corpus, Path("site/pdf"))            # everything
    build(corpus, Path("site/pdf"), "mesures")  # one kind: see ONLY

Modules: `markup` (content texts to safe HTML), `meta` (date, version), `documents`
(which extracts exist and their view models), `engine` (Jinja2 and WeasyPrint),
`workbook` (indicators), `build` (orchestration, parallel rendering).
"""

from pathlib import Path

from .build import ONLY, Report, build


def build_all(corpus, output_dir) -> Report:
    """Every extract and the workbook under `output_dir` (used by `python -m generator build`)."""
    return build(corpus, Path(output_dir))


__all__ = ["ONLY", "Report", "build", "build_all"]
