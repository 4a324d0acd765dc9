"""Jinja2 → HTML → PDF. The print stylesheet and the font configuration are built once
per process and shared by every document it renders."""

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


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = templating.environment(TEMPLATES)
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


def _print_setup():
    return _setup_for(str(STYLESHEET))


@lru_cache(maxsize=2)
def _setup_for(stylesheet: str):
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    css = CSS(filename=stylesheet, font_config=fonts)
    return css, fonts


def write_pdf(
    html: str, target: Path, *, base_url: str | None = None, fetched: list[str] | None = None
) -> tuple[int, list[str]]:
    """Render one HTML document to `target`; returns its number of pages and the text
    that overflows the page area (should be none). Every resource the document loads
    (image, stylesheet…; none today) is appended to `fetched`: the PDF cache does not
    store such a document, whose inputs are not all in its HTML."""
    from weasyprint import HTML

    css, fonts = _print_setup()
    options = {} if fetched is None else {"url_fetcher": _recording_fetcher(fetched)}
    document = HTML(string=html, base_url=base_url or str(HERE), **options).render(stylesheets=[css], font_config=fonts)
    problems = overflows(document)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Tagged PDF (structure tree, reading order, /MarkInfo): screen readers can read it.
    document.write_pdf(target, pdf_tags=True)
    return len(document.pages), problems


def _recording_fetcher(fetched: list[str]):
    """WeasyPrint's URL fetcher, noting every URL it loads (data: URLs excepted: they
    are part of the HTML)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before URLFetcher: a function
        from weasyprint import default_url_fetcher

        def fetch(url, *args, **kwargs):
            if not url.startswith("data:"):
                fetched.append(url)
            return default_url_fetcher(url, *args, **kwargs)

        return fetch

    class Recorder(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                fetched.append(url)
            return super().fetch(url, headers)

    return Recorder()


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
    from weasyprint import HTML

    css, fonts = _print_setup()
    return HTML(string=html, base_url=str(HERE)).render(stylesheets=[css], font_config=fonts)
