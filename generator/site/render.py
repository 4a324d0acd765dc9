"""Jinja2 environment shared by the page families, and the Page type they produce."""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from .. import editions, templating, urls
from ..text import inline_source, without_notes

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Page:
    url: str  # site path, e.g. "<id>/mesures/07-…/"
    title: str
    markdown: str
    edit_path: str | None = None  # repository file that holds this page's content
    meta: dict = field(default_factory=dict)

    @property
    def src_uri(self) -> str:
        return urls.page_source(self.url)


def relative(from_url: str, to_url: str) -> str:
    """Relative link from one page to another page's Markdown source (checked by MkDocs)."""
    return _relpath(urls.page_source(to_url), posixpath.dirname(urls.page_source(from_url)))


def asset(from_url: str, path: str) -> str:
    """Relative link to a file (PDF, CSV, JSON) of the site."""
    return _relpath(path, posixpath.dirname(urls.page_source(from_url)))


def _relpath(path: str, start: str) -> str:
    # both from the site's root ("" for the root itself): rooted, posixpath.relpath does
    # not ask for the working directory, thousands of times per build
    return posixpath.relpath("/" + path, "/" + start)


def md_text(value) -> Markup:
    """A content text as Markdown of the page (validated: see generator/sanitize.py).

    Escaping `<`, `>` and `&` keeps Markdown syntax working while making any HTML that
    slipped past the validator inert; the text is then read as one line of running text
    (text.inline_source: a leading « 2. » or « # » stays a character, a lone bracket cannot
    reach the page's own links)."""
    if value is None:
        return Markup("")
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # "{" would open an attribute list ({onclick=…}) in Markdown: render it as a character
    return Markup(inline_source(text.replace("{", "&#123;")))


def md_blocks(blocs, level: int = 4) -> Markup:
    """Blocks (paragraphs, lists, sub-headings) as Markdown; sub-headings at `level`, one
    below the heading the blocks sit under (no level skipped)."""
    out: list[str] = []
    for b in blocs:
        if b.paragraphe is not None:
            out.append(str(md_text(b.paragraphe)))
        elif b.intertitre is not None:
            out.append(f"{'#' * level} {md_text(b.intertitre)}")
        elif b.tableau is not None:
            out.append(md_table(b.tableau))
        else:
            out.append(md_list(b.liste))
    return Markup("\n\n".join(out))


def md_table(table) -> str:
    def row(cells):
        return "| " + " | ".join(str(md_text(c)).replace("|", "\\|") for c in cells) + " |"

    lines = [row(table.entetes), "| " + " | ".join("---" for _ in table.entetes) + " |"]
    lines += [row(r) for r in table.lignes]
    return '<div class="snpd-table" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"


def download(from_url: str, path: str, label: str, kind: str = "PDF") -> Markup:
    """A download link to a print export (raw HTML: the file is produced after MkDocs,
    and `python -m generator build` checks that every such link resolves)."""
    href = asset(from_url, urls.PDF_DIR + path)
    mime = {"PDF": "application/pdf", "ODS": "application/vnd.oasis.opendocument.spreadsheet", "CSV": "text/csv"}[kind]
    return Markup(
        f'<a class="snpd-telechargement" href="{escape(href)}" type="{mime}" download>'
        f"{escape(label)} <span>({kind})</span></a>"
    )


def md_list(items) -> str:
    lines = []
    for item in items:
        lines.append(f"- {md_text(item.texte)}")
        for sub in item.sous_liste:
            lines.append(f"    - {md_text(sub)}")
    return "\n".join(lines)


def attr(value) -> Markup:
    """A value for an HTML attribute in a template."""
    return Markup(str(escape(" ".join(str(value).split()))))


_SLUG = re.compile(r"[^a-z0-9]+")


def anchor(text: str) -> str:
    import unicodedata

    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return _SLUG.sub("-", ascii_).strip("-")


def environment(folders: tuple[Path, ...] = ()) -> Environment:
    """The page templates: the package's, and the folders of editions declared with their
    own templates (looked up first)."""
    env = templating.environment([*folders, TEMPLATES], keep_trailing_newline=True)
    # Front-matter titles: a JSON string (valid YAML), HTML-escaped because themes print
    # page titles unescaped.
    env.filters["fm"] = lambda t: Markup(
        json.dumps(str(escape(without_notes(" ".join(str(t).split())))), ensure_ascii=False)
    )
    env.filters.update(
        court=lambda t: Markup(without_notes(str(md_text(t)))),
        md=md_text,
        blocs=md_blocks,
        liste=lambda items: Markup(md_list(items)),
        attr=attr,
        anchor=anchor,
    )
    return env


_ENV: dict[tuple, Environment] = {}


def render(template: str, page_url: str, **context) -> str:
    folders = tuple(e.templates for e in editions.EDITIONS if e.templates)
    if folders not in _ENV:
        _ENV[folders] = environment(folders)
    ctx = dict(
        context,
        page_url=page_url,
        link=lambda to: relative(page_url, to),
        asset=lambda path: asset(page_url, path),
        download=lambda path, label, kind="PDF": download(page_url, path, label, kind),
        urls=urls,
    )
    return _ENV[folders].get_template(template).render(**ctx)
