"""Jinja2 → HTML → PDF. The print stylesheets (print.css, then each declared edition's
own) and the font configuration are built once per process and shared by every document
it renders."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment

from .. import templating
from ..typo import french_html
from . import markup

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STYLESHEET = HERE / "print.css"


def environment() -> Environment:
    """The print templates: the package's, and the folders of editions declared with their
    own templates (looked up first)."""
    from ..editions import EDITIONS

    return _environment(tuple(e.templates for e in EDITIONS if e.templates))


@lru_cache(maxsize=4)
def _environment(folders: tuple[Path, ...]) -> Environment:
    env = templating.environment([*folders, TEMPLATES])
    env.filters.update(
        inline=markup.inline,
        blocs=markup.blocks,
        items=markup.items,
        texte=markup.text,
    )
    env.globals["Notes"] = markup.Notes
    return env


def render_html(template: str, **context) -> str:
    """The print HTML of one document, with French spacing in its text nodes."""
    html = environment().get_template(template).render(**context)
    return french_html(html)


def stylesheets() -> tuple[Path, ...]:
    """The print stylesheet, then the declared editions' own, in their order: the rules
    of an edition's templates and cards (`print<key>.css`, in its templates' folder or
    the package's), if it has any."""
    from ..editions import EDITIONS

    out = [STYLESHEET]
    for edition in EDITIONS:
        folders = [edition.templates] if edition.templates else []
        candidates = (folder / f"print{edition.key}.css" for folder in [*folders, TEMPLATES])
        found = next((path for path in candidates if path.is_file()), None)
        if found is not None:
            out.append(found)
    return tuple(out)


def _print_setup():
    return _setup_for(tuple(str(p) for p in stylesheets()))


@lru_cache(maxsize=2)
def _setup_for(paths: tuple[str, ...]):
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    refused: list[str] = []
    css = [CSS(filename=p, font_config=fonts, url_fetcher=_guarded_fetcher([], refused)) for p in paths]
    if refused:  # an @import of another address
        raise ResourceRefused(f"ressource refusée par la feuille de style : {refused[0]}")
    return css, fonts


class ResourceRefused(Exception):
    """A document tried to load something other than the generator's own files."""


def write_pdf(
    html: str, target: Path, *, base_url: str | None = None, fetched: list[str] | None = None
) -> tuple[int, list[str]]:
    """Render one HTML document to `target`; returns its number of pages and the text
    that overflows the page area (should be none). Every resource the document loads
    (image, stylesheet…; none today) is appended to `fetched`: the PDF cache does not
    store such a document, whose inputs are not all in its HTML. Only the generator's own
    files (generator/pdf/) can be loaded: any other address raises ResourceRefused.

    The PDF is PDF/UA-1 (accessible: tagged structure tree, reading order, document
    language from `<html lang>`, title from `<title>` shown by readers), declared as such in
    its XMP metadata."""
    document = _layout(html, base_url, fetched)
    problems = overflows(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(target, pdf_variant="pdf/ua-1", pdf_tags=True)
    return len(document.pages), problems


def _layout(html: str, base_url: str | None, fetched: list[str] | None):
    from weasyprint import HTML

    css, fonts = _print_setup()
    refused: list[str] = []
    fetcher = _guarded_fetcher([] if fetched is None else fetched, refused)
    document = HTML(string=html, base_url=base_url or str(HERE), url_fetcher=fetcher).render(
        stylesheets=css, font_config=fonts
    )
    if refused:
        raise ResourceRefused(
            f"ressource refusée : {refused[0]}"
            + (f" (et {len(refused) - 1} autre(s))" if len(refused) > 1 else "")
            + " ; un PDF ne charge que les fichiers du générateur (generator/pdf/), rien d’autre"
        )
    return document


# The only folder a document may load files from.
SERVED = HERE


def served(url: str) -> bool:
    """A `file:` URL of a regular file under SERVED (after resolving any `..` or link)."""
    from urllib.parse import urlsplit
    from urllib.request import url2pathname

    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(url2pathname(parts.path)).resolve()
    return path.is_relative_to(SERVED.resolve()) and path.is_file()


def _guarded_fetcher(fetched: list[str], refused: list[str]):
    """WeasyPrint's URL fetcher, serving only the generator's own files (SERVED) and noting
    every URL it loads in `fetched`; any other address (https:, a file elsewhere, data:…)
    is noted in `refused` and not loaded."""

    def check(url: str) -> None:
        if not served(url):
            refused.append(url[:200])
            raise ValueError(f"ressource refusée : {url[:200]}")
        fetched.append(url)

    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before URLFetcher: a function
        from weasyprint import default_url_fetcher

        def fetch(url, *args, **kwargs):
            check(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class Guard(URLFetcher):
        def fetch(self, url, headers=None):
            check(url)
            return super().fetch(url, headers)

    return Guard()


def overflows(document, tolerance: float = 1.0) -> list[str]:
    """Every piece of text laid out outside the page's content area (running headers
    and footers excepted): long URLs or words that did not wrap, too-wide tables…"""
    problems = []
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        left = box.content_box_x()
        right = left + box.width
        stack = list(box.children)
        while stack:
            child = stack.pop()
            kind = type(child).__name__
            if kind == "MarginBox":
                continue
            if kind == "TextBox":
                x = child.position_x
                if x < left - tolerance or x + child.width > right + tolerance:
                    problems.append(
                        f"page {number} : « {child.text[:40]} » dépasse de la zone de texte "
                        f"({x:.0f}–{x + child.width:.0f} pt pour {left:.0f}–{right:.0f} pt)"
                    )
            stack.extend(getattr(child, "children", ()))
    return problems


def render_document(html: str):
    """The laid-out WeasyPrint document (tests inspect boxes for overflow)."""
    return _layout(html, None, None)
