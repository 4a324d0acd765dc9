"""What a content text may become, on the site and in the PDFs: one allow-list.

A text is a small subset of Markdown (CONTRIBUTING.md, section 5). Whatever Markdown makes
of it must stay within the allow-list below, which nh3 (the Python binding of the Rust
crate ammonia) enforces by construction: any other tag, attribute or link target is
removed. Three places use it:

- the validator (`problems`, called by models.check_text): each text is rendered as the
  site reads it, the rendering is passed through the allow-list, and a text that would
  lose anything (an image, raw HTML, a `javascript:` link, an attribute list…) is refused
  at its file, line and field. Nothing is ever dropped silently;
- the PDF path (pdf/markup.py): the HTML of each text is passed through the allow-list;
- the site (site/hook.py, `clean_page`): MkDocs renders each page's Markdown (and checks
  its internal links); the content of every page is then passed through PAGE, this
  allow-list plus the structure that the page templates write (headings, sections,
  tables, the comparison's SVG figure…). What it removes is reported as a build warning,
  which fails the strict build.

What the allow-list keeps: paragraphs, lists, emphasis, line breaks, footnote references,
`abbr` (the glossary), links whose target is `https:`, `http:`, `mailto:` or internal
(relative, `#anchor`, `/path`). No image, frame, object, media, script, style or form:
nothing from another host can be loaded by a page or a PDF through a text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from html.parser import HTMLParser

import markdown
import nh3

from .errors import HELP
from .text import FOOTNOTE_CALL, inline_source

SEE_HELP = f"voir {HELP}"

# --- the allow-list ------------------------------------------------------------------------

URL_SCHEMES = frozenset({"https", "http", "mailto"})
TEXT_TAGS = frozenset({"p", "ul", "ol", "li", "em", "strong", "br", "sup", "abbr", "a"})
TEXT_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}

# The structure that the site's page templates and MkDocs' Markdown extensions (footnotes,
# toc, tables, md_in_html) write around the texts, and nothing more: a template that
# writes another element or attribute gets a build warning until it is added here. Never
# reachable from a text: the validator holds each text to TEXT_TAGS.
PAGE_TAGS = TEXT_TAGS | {
    "h1", "h2", "h3", "h4", "h5", "hr", "div", "span", "section", "article", "aside", "nav",
    "figure", "details", "summary", "code", "table", "thead", "tbody", "tr", "th", "td",
    # the comparison's figure (generator/site/families/comparaison.py)
    "svg", "title", "desc", "path", "rect", "line", "text",
    # the journal's word-level diffs (generator/site/templates/journal.md.j2)
    "ins", "del",
    # the search page's form (generator/site/templates/recherche.md.j2)
    "form", "fieldset", "legend", "label", "input", "select", "option", "button", "noscript",
}  # fmt: skip
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "aria-label"},
    "a": {"href", "title", "rel", "type", "download"},
    "abbr": {"title", "tabindex"},
    "div": {"hidden"},
    "svg": {"viewBox", "xmlns", "role", "aria-labelledby"},
    "path": {"d", "stroke-width"},
    "rect": {"x", "y", "width", "height"},
    "line": {"x1", "y1", "x2", "y2"},
    "text": {"x", "y", "text-anchor"},
    "p": {"role", "aria-live"},
    "form": {"role", "action", "method"},
    "fieldset": {"hidden"},
    "label": {"for"},
    "input": {"name", "type", "autocomplete", "spellcheck", "aria-describedby", "aria-controls"},
    "select": {"name"},
    "option": {"value"},
    "button": {"type"},
}
# plus data-* attributes (the comparison's filters, for comparaison.js): no address in them


def _relative(url: str) -> str | None:
    """A relative target stays, unless a browser would read it as another host
    (`//host/…`, or with a backslash: `/\\host/…`)."""
    if url.startswith("//") or "\\" in url:
        return None
    return url


def _cleaner(tags, attributes, data=False) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        attributes={k: set(v) for k, v in attributes.items()},
        generic_attribute_prefixes={"data-"} if data else None,
        url_schemes=set(URL_SCHEMES),
        url_relative=_relative,
        link_rel=None,  # keep links as written: no rel added
        strip_comments=True,
    )


_TEXT = _cleaner(TEXT_TAGS, TEXT_ATTRIBUTES)
_PAGE = _cleaner(PAGE_TAGS, PAGE_ATTRIBUTES, data=True)


def _clean(cleaner: nh3.Cleaner, html: str) -> str:
    # html5ever writes U+00A0 as &nbsp;: put the character back, as the rest of the
    # pipeline writes it (French typography, tests, search index).
    return cleaner.clean(html).replace("&nbsp;", "\u00a0")


def clean_text(html: str) -> str:
    """The HTML of one text, through the text allow-list."""
    return _clean(_TEXT, html)


def clean_page(html: str) -> tuple[str, list[str]]:
    """The content of a site page through the page allow-list, and what it removed (in
    French; empty when nothing)."""
    cleaned = _clean(_PAGE, html)
    if _outline(cleaned) == _outline(html):
        return cleaned, []
    return cleaned, [describe(item) for item in lost(html, cleaned)]


# The same elements with the same attributes, in the same order, before and after: nothing
# was removed. Both serialisations (Python-Markdown and MkDocs before, html5ever after)
# escape « < » and « > » in text and attribute values, so these two expressions see the
# tags and nothing else; the slightest difference (an element html5ever adds, such as
# <tbody>, or anything removed) goes to `lost`, which parses both. Five times faster than
# parsing every page twice.
_TAG = re.compile(r"<([a-zA-Z][^\s/>]*)([^>]*)>")
_ATTRIBUTE_NAME = re.compile(r"""([^\s"'=/>]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")


def _outline(html: str) -> list[tuple[str, ...]]:
    return [(tag.lower(), *_ATTRIBUTE_NAME.findall(attributes)) for tag, attributes in _TAG.findall(html)]


# --- what the allow-list removed -------------------------------------------------------------

# Attributes whose value matters: a link target the allow-list refuses is a loss even if
# the element stays.
_URL_ATTRIBUTES = frozenset({"href", "src", "srcset", "data", "poster", "action", "formaction", "xlink:href"})


class _Elements(HTMLParser):
    """Every element and attribute of a fragment, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.items.append((tag,))
        for name, value in attrs:
            self.items.append((tag, name, value if name in _URL_ATTRIBUTES else None))

    def handle_comment(self, data):
        self.items.append(("!--",))


def _elements(html: str) -> list[tuple]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.items


def lost(before: str, after: str) -> list[tuple]:
    """Elements and attributes of `before` that `after` no longer has: (tag,) for an
    element, (tag, attribute, value or None) for an attribute (the attributes of a removed
    element are not listed apart)."""
    kept = Counter(_elements(after))
    out = []
    element_lost = False
    for item in _elements(before):
        if len(item) > 1 and element_lost:
            continue
        if kept[item] > 0:
            kept[item] -= 1
            element_lost = False
        else:
            out.append(item)
            element_lost = len(item) == 1
    return out


# What a text can write that the allow-list removes (block marks, backticks and raw HTML
# never get this far: text.inline_source, and `problems` below).
_WHAT = {
    "img": "image (« ![…](…) ») : aucune image ni autre ressource incorporée",
    "div": "bloc (« [TOC] »)",
    "!--": "commentaire HTML (« <!-- … --> »)",
}


def describe(item: tuple) -> str:
    """What was removed, in French."""
    if len(item) == 1:
        tag = item[0]
        return _WHAT.get(tag, f"élément HTML « <{tag}> »")
    tag, name, value = item
    if value is not None and name in ("href", "src"):
        return f"lien refusé « {value[:60]} » : seuls les liens https:, http:, mailto: ou internes sont autorisés"
    return f"attribut « {name} » sur « <{tag}> »"


# --- the validator's rendering -------------------------------------------------------------

# The Markdown extensions of the site (mkdocs.yml; a test checks they stay the same).
SITE_EXTENSIONS = ("abbr", "attr_list", "footnotes", "md_in_html", "tables", "toc")
# A footnote call is allowed: its HTML (a numbered link) is made by the site and the PDF
# from the measure's notes, not by the text. It is put aside during the check.
_NOTE = "SNPDNOTE{}X"
_CALL = re.compile(FOOTNOTE_CALL.pattern + r"(?!:)")
# « [a]: adresse », « [^1]: note », « *[SIGLE]: … »: a definition, not text.
_DEFINITION = re.compile(r"^\*?\[[^\]]*\]:")
# Only these characters can make Markdown write anything but a paragraph of text.
_SYNTAX = re.compile(r"[\[\]!*_<>&{}\\]")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z0-9]+);")


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=list(SITE_EXTENSIONS), output_format="html")
    # The site escapes « < » (site/render.py: md_text): « <https://…> » is not a link there.
    # Without these two patterns, Markdown reads it as HTML, which is refused below.
    md.inlinePatterns.deregister("autolink")
    md.inlinePatterns.deregister("automail")
    return md


_MD = _markdown()


def render(text: str) -> tuple[str, list[str]]:
    """The HTML that one text becomes as Markdown (footnote calls set aside), and the raw
    HTML Markdown found in it (tags, comments, entities)."""
    source = _CALL.sub(lambda m: _NOTE.format(m.group(1)), inline_source(text))
    _MD.reset()
    html = _MD.convert(source)
    raw = [str(block) for block in _MD.htmlStash.rawHtmlBlocks]
    return html, raw


_FIRST_TAG = re.compile(r"<[^>]*>?")


@functools.lru_cache(maxsize=16384)
def problems(text: str) -> tuple[tuple[str, str], ...]:
    """Why a text cannot be published as it is: (error type, French message) pairs; none
    for a text whose rendering the allow-list keeps whole."""
    if not _SYNTAX.search(text):
        return ()  # plain text: a paragraph, nothing for the allow-list to remove
    collapsed = " ".join(text.split())
    if m := _DEFINITION.match(collapsed):
        return (
            (
                "definition_interdite",
                f"définition Markdown « {m.group(0)[:40]} » non autorisée dans les textes : écrivez un lien "
                f"dans le texte même, [texte du lien](https://…) ({SEE_HELP})",
            ),
        )
    html, raw = render(text)
    out = []
    for block in raw:
        if _ENTITY.fullmatch(block):
            message = f"entité HTML « {block} » non autorisée : écrivez le caractère lui-même"
        else:
            tag = _FIRST_TAG.search(block)
            message = (
                f"le HTML n’est pas autorisé dans les textes ({(tag.group(0) if tag else block)[:40]}) ; "
                "utilisez la mise en forme Markdown (*italique*, **gras**, [lien](https://…))"
            )
        out.append(("html_interdit", f"{message} ({SEE_HELP})"))
    if out:
        return tuple(out)
    for item in lost(html, clean_text(html)):
        if len(item) == 3 and item[2] is not None:
            out.append(("lien_interdit", f"{describe(item)} ({SEE_HELP})"))
        elif len(item) == 3:
            out.append(
                (
                    "attributs_interdits",
                    f"{describe(item)} : les accolades « {{…}} » d’attributs ne sont pas autorisées dans les textes "
                    f"({SEE_HELP})",
                )
            )
        else:
            out.append(
                (
                    "mise_en_forme_interdite",
                    f"mise en forme non autorisée dans les textes : {describe(item)} ({SEE_HELP})",
                )
            )
    return tuple(out)
