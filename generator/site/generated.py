"""Every generated page and data file, as plain files: what the MkDocs hook injects into
the build (generator/site/hook.py, a thin adapter) and what `python -m generator pages
--output DIR` writes, so that any MkDocs-compatible engine can build from DIR with a static
configuration (`docs_dir: DIR`, no hook).

Paths are relative to the docs folder: a page is its Markdown source (`<id>/index.md`),
a data file its published path (`donnees/mesures.json`)."""

from __future__ import annotations

import html
import shutil
from dataclasses import replace
from pathlib import Path

from .. import datapackage, urls
from ..export import DATASETS
from ..export import render as render_export
from ..schemas import schema_texts
from .families import all_pages
from .families import journal as journal_page


def data_files(corpus, site: str) -> dict[str, str | bytes]:
    """Open data files by path; `site` is the site's address (schemas' absolute `$id`)."""
    files: dict[str, str | bytes] = {}
    rows_of = {what: make(corpus) for what, make in DATASETS.items()}  # each made once
    for what, rows in rows_of.items():
        files[f"{urls.DONNEES_DIR}{what}.json"] = render_export(corpus, "json", what, rows)
        files[f"{urls.DONNEES_DIR}{what}.csv"] = "\ufeff" + render_export(corpus, "csv", what, rows)
    files[f"{urls.DONNEES_DIR}datapackage.json"] = datapackage.render(corpus, site, rows_of)
    for name, text in schema_texts(site + urls.SCHEMAS_DIR).items():
        files[urls.SCHEMAS_DIR + name] = text
    return files


def site_pages(corpus, journal, site: str, forge: str | None) -> tuple[list, dict[str, bytes]]:
    """The pages of the content model with the journal's: its page, and each page's « Mis à
    jour le » line (families/journal.py); and the journal's Atom feed, by path. `journal`
    comes from the repository's history (generator/journal.py); `forge` is the repository's
    address for commit links, if known."""
    pages = all_pages(corpus)
    titles = {p.url: html.unescape(p.title) for p in pages}
    pages = [replace(p, markdown=journal_page.mark_updated(p.markdown, journal, p.url)) for p in pages]
    pages += journal_page.pages(journal, titles, forge or None)
    return pages, {journal_page.FEED: journal_page.feed(journal, site, titles, forge or None)}


def files(corpus, site: str, pages=None, extra=None) -> dict[str, str | bytes]:
    """Every generated page (Markdown) and data file, by path; `extra`: more files by path
    (the journal's feed)."""
    out: dict[str, str | bytes] = {p.src_uri: p.markdown for p in (pages or all_pages(corpus))}
    out.update(data_files(corpus, site))
    out.update(extra or {})
    return out


def write(corpus, output: Path, site: str, docs_dir: Path | None = None, pages=None, extra=None) -> list[Path]:
    """Write the fixed pages of `docs_dir` (if given), then every generated file, under
    `output`, which is emptied first. Returns the files written."""
    output = Path(output)
    if output.exists():
        shutil.rmtree(output)
    if docs_dir is not None:
        shutil.copytree(docs_dir, output)
    written = []
    for path, content in files(corpus, site, pages, extra).items():
        target = output / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            target.write_bytes(content)
        written.append(target)
    return written
