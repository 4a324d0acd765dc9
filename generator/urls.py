"""The site's URL scheme, in one place: stable, French, readable.

Paths are relative to the site root, without a leading slash, ending with "/"
(MkDocs' directory URLs). Page sources are the same paths with "index.md".
"""

from __future__ import annotations

from .editions import current


def strategie(periode: str) -> str:
    return f"{periode}/"


def mesure(periode: str, slug: str) -> str:
    return f"{periode}/mesures/{slug}/"


def axe(periode: str, numero: int) -> str:
    return f"{periode}/axes/{numero}/"


def partenaire(ident: str) -> str:
    return f"partenaires/{ident}/"


# Open data: exports and the JSON Schemas of the content files.
DONNEES_DIR = "donnees/"
SCHEMAS_DIR = DONNEES_DIR + "schemas/"


def page_source(url: str) -> str:
    """The Markdown file name MkDocs gets for a URL path."""
    return (url + "index.md") if url else "index.md"


# Print exports, relative to the PDF folder (the site's "pdf/"): one scheme for the PDF
# builder and for the site's download links.
PDF_DIR = "pdf/"


def pdf_strategie(periode: str) -> str:
    return f"{periode}/strategie-{periode}.pdf"


def pdf_axe(numero: int, periode: str | None = None) -> str:
    """An axis extract (the current strategy's, unless `periode` names another)."""
    return f"{periode or current().id}/axe-{numero}.pdf"


def pdf_mesure(numero: int, periode: str | None = None) -> str:
    return f"{periode or current().id}/mesure-{numero:02d}.pdf"


def pdf_organisation(ident: str) -> str:
    return f"organisations/{ident}.pdf"


WORKBOOK_DIR = "indicateurs"
WORKBOOK_NAME = f"indicateurs-{current().id}"
