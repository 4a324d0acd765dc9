"""Print exports: PDF extracts of both strategies (our own print templates, Jinja2 →
HTML → WeasyPrint) and the indicator workbook (ODS and CSV).

    from generator.pdf import build
    build(corpus, Path("site/pdf"))            # everything
    build(corpus, Path("site/pdf"), "mesures")  # one kind: see ONLY
    build(corpus, Path("site/pdf"), cache=None)  # everything rendered, no cache

Modules: `markup` (content texts to safe HTML), `meta` (date, version), `documents`
(which extracts exist and their view models), `engine` (Jinja2 and WeasyPrint),
`workbook` (indicators), `cache` (PDFs whose inputs did not change are not rendered
again), `build` (orchestration, parallel rendering).
"""

from pathlib import Path

from .build import ONLY, Report, build


def build_all(corpus, output_dir, root=None) -> Report:
    """Every extract and the workbook under `output_dir` (used by `python -m generator build`),
    with the PDF cache (see cache.py; SNPD_PDF_CACHE=0 disables it); `root`: the repository
    (its history dates the documents' content), by default this package's."""
    report = build(corpus, Path(output_dir), **({"root": Path(root)} if root else {}))
    print(f"{report.summary()}.")
    return report


__all__ = ["ONLY", "Report", "build", "build_all"]
