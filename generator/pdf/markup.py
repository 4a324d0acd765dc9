"""Content texts (a small Markdown subset) to safe HTML for the print templates.

Every text is HTML-escaped *before* Markdown sees it, so a text can never inject HTML:
`<`, `>` and `&` become entities and Markdown only adds the tags of its own syntax
(emphasis, links); the result passes the allow-list of texts (generator/sanitize.py).
Footnote calls `[^5]` (measures that have notes) become real footnotes (`float: footnote` in
print.css) that keep the printed number.
"""

from __future__ import annotations

import functools
import re

import markdown
from markupsafe import Markup

from ..sanitize import clean_text
from ..text import FOOTNOTE_CALL, inline_source, plain
from ..typo import french_html

# A token Markdown leaves alone, put where a footnote call was until the HTML is built.
_TOKEN = "SNPDNOTE{}X"
_TOKEN_RE = re.compile(r"SNPDNOTE(\d+)X")
_BARE_URL = re.compile(r"(?<![\"'=/\w])(https?://[^\s<>\"']+[^\s<>\"'.,;:!?)»])")
_ANCHOR = re.compile(r"(<a\b[^>]*>.*?</a>)", re.S)

_MD = markdown.Markdown(extensions=[], output_format="html")


def escape_html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _linkify(html: str) -> str:
    """Bare URLs in text become clickable links (never inside an existing link or a tag)."""
    out = []
    for i, part in enumerate(_ANCHOR.split(html)):
        if i % 2:  # an existing <a>…</a>
            out.append(part)
            continue
        pieces = re.split(r"(<[^>]*>)", part)
        out.append(
            "".join(
                p if p.startswith("<") else _BARE_URL.sub(lambda m: f'<a href="{m.group(1)}">{m.group(1)}</a>', p)
                for p in pieces
            )
        )
    return "".join(out)


class Notes:
    """The footnotes of one measure: the first call of a note carries its text (a
    floating footnote), later calls are plain references to the same number."""

    def __init__(self, notes=()):
        self.texts = {n.numero: n.texte for n in notes}
        self.placed: set[int] = set()

    def call(self, number: int) -> str:
        if number not in self.texts:
            return f'<sup class="appel">{number}</sup>'
        if number in self.placed:
            return f'<sup class="appel">{number}</sup>'
        self.placed.add(number)
        body = _inline_html(self.texts[number], None)
        return f'<span class="note" data-n="{number}">{body}</span>'


def _render(text: str, notes: Notes | None, block: bool) -> str:
    html = _convert(str(text), notes is not None, block)
    if notes is not None:
        html = _TOKEN_RE.sub(lambda m: notes.call(int(m.group(1))), html)
    return html


@functools.lru_cache(maxsize=16384)
def _convert(text: str, with_notes: bool, block: bool) -> str:
    """The HTML of a text, footnote calls as tokens (or dropped). Memoised: the same
    texts come back in a measure's card, its axis, the strategy and the dossiers."""
    text = " ".join(text.split())
    text = escape_html(text)
    if with_notes:
        text = FOOTNOTE_CALL.sub(lambda m: _TOKEN.format(m.group(1)), text)
    else:
        text = FOOTNOTE_CALL.sub("", text)
    _MD.reset()
    html = _MD.convert(inline_source(text))
    if not block and html.startswith("<p>") and html.endswith("</p>"):
        html = html[3:-4]
    # The allow-list of texts (links to https:, http:, mailto: or internal targets…):
    # the validator refused any text it would change, so it only guards.
    return clean_text(_linkify(html))


def _inline_html(text: str, notes: Notes | None) -> str:
    return _render(text, notes, block=False)


def inline(text, notes: Notes | None = None) -> Markup:
    """One text, inline (titles, list items, table cells). Without `notes`, footnote
    calls are dropped (tables of contents, running headers)."""
    if text is None:
        return Markup("")
    return Markup(_inline_html(text, notes))


def blocks(blocs, notes: Notes | None = None) -> Markup:
    """Paragraphs, bulleted lists (with sub-lists) and sub-headings."""
    out: list[str] = []
    for b in blocs:
        if b.paragraphe is not None:
            out.append(f"<p>{_inline_html(b.paragraphe, notes)}</p>")
        elif b.intertitre is not None:
            out.append(f'<h4 class="intertitre">{_inline_html(b.intertitre, notes)}</h4>')
        elif getattr(b, "tableau", None) is not None:
            out.append(table(b.tableau, notes))
        else:
            out.append(items(b.liste, notes))
    return Markup("\n".join(out))


def table(tableau, notes: Notes | None = None) -> str:
    """A printed table: fixed layout, column widths from the average length of their
    cells (a short first column of names, wider columns of text)."""
    n = len(tableau.entetes)
    lengths = [
        sum(len(row[i]) for row in tableau.lignes) / len(tableau.lignes) + len(tableau.entetes[i]) / 2 for i in range(n)
    ]
    weights = [max(length, 12.0) ** 0.7 for length in lengths]
    widths = [w / sum(weights) * 100 for w in weights]
    minimum = min(22.0, 100.0 / n)
    widths = [max(w, minimum) for w in widths]
    widths = [w / sum(widths) * 100 for w in widths]
    out = ['<table class="tableau-contenu">', "<colgroup>"]
    out += [f'<col style="width: {w:.1f}%">' for w in widths]
    out += ["</colgroup>", "<thead><tr>"]
    out += [f'<th scope="col">{_inline_html(h, notes)}</th>' for h in tableau.entetes]
    out += ["</tr></thead>", "<tbody>"]
    for row in tableau.lignes:
        out.append("<tr>" + "".join(f"<td>{_inline_html(c, notes)}</td>" for c in row) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def items(liste, notes: Notes | None = None) -> Markup:
    lines = ["<ul>"]
    for item in liste:
        lines.append(f"<li>{_inline_html(item.texte, notes)}")
        if item.sous_liste:
            lines.append('<ul class="sous-liste">')
            lines.extend(f"<li>{_inline_html(s, notes)}</li>" for s in item.sous_liste)
            lines.append("</ul>")
        lines.append("</li>")
    lines.append("</ul>")
    return Markup("\n".join(lines))


def text(value) -> str:
    """Plain text without footnote calls, with French spacing (attributes, bookmarks,
    running headers, metadata). Jinja escapes it."""
    if value is None:
        return ""
    return french_html(plain(FOOTNOTE_CALL.sub("", str(value))))


def shorten(value: str, limit: int = 70) -> str:
    """A plain text cut at a word boundary for the running headers."""
    if len(value) <= limit:
        return value
    cut = value[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return cut + "…"
