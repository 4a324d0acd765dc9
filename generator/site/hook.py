"""MkDocs hook: the only place where the generator meets MkDocs.

It loads and validates the content once, injects every generated page and data file
(generator/site/generated.py, which `python -m generator pages` writes as plain files) with
`File.generated` (nothing generated is committed), points each page's « Modifier cette
page » link to its YAML file, gives the glossary's abbreviations to the `abbr` Markdown
extension, applies French typography to the rendered HTML and passes it through the
allow-list of generator/sanitize.py.
"""

from __future__ import annotations

import base64
import hashlib
import html
import logging
import os
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from generator.content import ROOT, load_corpus
from generator.errors import ContentInvalid
from generator.history import History
from generator.indexes import abbreviation_title
from generator.journal import Journal
from generator.sanitize import clean_page
from generator.site import generated, search
from generator.siteconfig import branch, edit_base, file_url, repo_url, repository, site_url
from generator.templating import bytecode_cache
from generator.typo import french_html

log = logging.getLogger("mkdocs.hooks.snpd")

_state: dict = {}


def on_config(config):
    root = Path(os.environ.get("SNPD_ROOT", ROOT))
    try:
        corpus = load_corpus(root)
    except ContentInvalid as exc:
        raise PluginError("Contenu invalide, site non construit :\n" + "\n".join(map(str, exc.errors))) from None
    _state["corpus"] = corpus
    _locate(config, Path(config.config_file_path).parent)
    _state["search"] = search.describe(corpus)
    _state["history"] = History.read(root)
    # the journal of changes, its page and feed, the pages' « Mis à jour le » (families/journal.py)
    _state["journal"] = Journal.build(root, _state["history"])
    pages, _state["extra"] = generated.site_pages(corpus, _state["journal"], config.site_url, config.repo_url)
    _state["pages"] = {p.src_uri: p for p in pages}
    _state["sources"] = page_sources(_state["pages"])
    _glossary(config, _abbreviations(corpus))
    return config


def _locate(config, root: Path) -> None:
    """The site's address and repository, from the environment (see generator/siteconfig.py)."""
    config.site_url = site_url(root)
    repo = repo_url(root)
    config.repo_url = repo or None
    if repo:
        config.repo_name = repository() or config.repo_name
        config.edit_uri = f"edit/{branch()}/pages/"
        config.extra["contribuer_url"] = file_url("CONTRIBUTING.md", root)
    else:  # no repository known: no edit links, no repository link
        config.edit_uri = None


def _abbreviations(corpus) -> dict[str, str]:
    """The glossary's abbreviations: sigle → expansion (the `<abbr>` title)."""
    if corpus.glossaire is None:
        return {}
    glossary = {}
    for entry in corpus.glossaire.entrees:
        title = " ".join(abbreviation_title(entry).split("\n")).strip()
        if entry.sigle.strip() and title:
            glossary[entry.sigle.strip()] = title
    return glossary


def _glossary(config, glossary: dict[str, str]) -> None:
    """Hand the glossary to the `abbr` extension once for the whole site.

    MkDocs builds one `markdown.Markdown` per page with `extension_configs=config.mdx_configs`,
    so the `glossary` option (Python-Markdown >= 3.7) marks the abbreviations of every page.
    Appending `*[X]: …` definitions to each page instead made the block parser re-read them
    all on every page: most of the build time."""
    if not glossary:
        return
    if "abbr" not in config.markdown_extensions:
        config.markdown_extensions.append("abbr")
    config.mdx_configs.setdefault("abbr", {})["glossary"] = glossary


def on_env(env, config, files):
    """The theme's templates, compiled once and kept between builds (generator/templating.py)."""
    env.bytecode_cache = bytecode_cache()
    return env


def on_files(files, config):
    """Every generated page and data file (generator/site/generated.py), pages out of the nav."""
    pages = _state["pages"]
    for path, content in generated.files(_state["corpus"], config.site_url, pages.values(), _state["extra"]).items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        inclusion = {"inclusion": InclusionLevel.NOT_IN_NAV} if path in pages else {}
        files.append(File.generated(config, path, content=data, **inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    _date(page, config)
    generated = _state["pages"].get(page.file.src_uri)
    base = edit_base(Path(config.config_file_path).parent)
    if generated and generated.edit_path and base:
        page.edit_url = base + generated.edit_path
    elif generated:
        page.edit_url = None
    return markdown


# A link of a generated page to another page's Markdown source (render.relative).
_PAGE_LINK = re.compile(r"\]\(([^)\s#]*index\.md)(?:#[^)]*)?\)")


def page_sources(pages: dict) -> dict[str, set[str]]:
    """The content files each generated page is made from, by source path: its own file,
    and for a page that lists others (indexes, axes, organisations, comparisons) the files
    of the pages it links to. A card's date is its own file's."""
    cards = {uri for uri, p in pages.items() if (p.edit_path or "").startswith("content/measures/")}
    out = {}
    for uri, p in pages.items():
        files = {p.edit_path} if p.edit_path else set()
        if uri not in cards:
            folder = posixpath.dirname(uri)
            for target in _PAGE_LINK.findall(p.markdown):
                linked = pages.get(posixpath.normpath(posixpath.join(folder, target)))
                if linked is not None and linked.edit_path:
                    files.add(linked.edit_path)
        out[uri] = files
    return out


def _date(page, config) -> None:
    """A page's `update_date` (the sitemap's `lastmod`): the day of the last commit that
    changed its source files, the last change of the content for a page made of no
    particular file, the build date (MkDocs' default) without history."""
    history = _state["history"]
    uri = page.file.src_uri
    if uri in _state["sources"]:
        files = _state["sources"][uri]
    else:  # a fixed page of docs_dir
        files = {posixpath.join(Path(config.docs_dir).name, uri)}
    day = history.last_change(files) if files else history.last_change_anywhere()
    if day:
        page.update_date = day


_TAG = re.compile(r"<[^>]+>")


def on_page_content(html, page, config, files):
    out = own_tables(_allow_listed(french_html(focusable_abbreviations(html)), page))
    describe(out, page)
    shallow_toc(page)
    return out


def shallow_toc(page) -> None:
    """A page whose front matter sets `toc_depth` keeps the headings below that level out of
    its table of contents: the glossary lists its letters, not its 174 acronyms; the
    partners' index its two parts (by name, by type), its row of letters leading to each
    letter. The theme draws the table of contents twice (side column, phone menu) and
    measures the place of every entry's heading to follow the reading position: on every
    load of the page, work in proportion to the entries."""
    depth = page.meta.get("toc_depth")
    if not depth:
        return

    def prune(items):
        for item in items:
            item.children = [] if item.level >= depth else item.children
            prune(item.children)

    prune(page.toc.items)


_TABLE = re.compile(r"<table>(.*?</table>)", re.S)


def own_tables(html: str) -> str:
    """Every table of the content gets the site's class (snpd.css gives it the theme's look)
    inside a wrapper that scrolls sideways when it is wider than a phone. The theme's script
    takes every `table:not([class])` out of the page once it has loaded and puts it back
    inside wrappers of its own: the browser then styles and lays out the whole table a
    second time, on the long index pages (partners, indicators, comparison) the longest
    task that blocks the page. A table with a class, already wrapped, is left in place."""
    return _TABLE.sub(r'<div class="snpd-defilement"><table class="snpd-tableau">\1</div>', html)


_PARAGRAPH = re.compile(r'<p(?: class="([^"]*)")?[^>]*>(.*?)</p>', re.S)
_NOT_DESCRIPTION = {"snpd-fil", "snpd-telechargements", "snpd-source", "snpd-suite", "snpd-maj"}
DESCRIPTION_MAX = 200


def describe(html_text: str, page) -> None:
    """The page's description (meta description, OpenGraph, Twitter), drawn from its
    content: the first paragraph of some length that is not navigation, shortened at a
    word. Pages whose front matter has one keep it."""
    if page.meta.get("description"):
        return
    for css, inner in _PARAGRAPH.findall(html_text):
        if css in _NOT_DESCRIPTION:
            continue
        text = " ".join(html.unescape(_TAG.sub("", inner)).split())
        if len(text) < 40:
            continue
        if len(text) > DESCRIPTION_MAX:
            text = text[: DESCRIPTION_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:.") + "…"
        page.meta["description"] = html.escape(text)
        return


_LINK_OR_ABBR = re.compile(r"<a[\s>]|</a>|<abbr title=")


def focusable_abbreviations(html: str) -> str:
    """Abbreviations get keyboard focus so their expansion is reachable without a mouse,
    except inside a link: a focusable element inside another is a keyboard and
    screen-reader trap (nested interactive content). There the link's own focus shows the
    expansion (snpd.css)."""
    out, pos, depth = [], 0, 0
    for m in _LINK_OR_ABBR.finditer(html):
        token = m.group()
        if token == "</a>":
            depth = max(0, depth - 1)
        elif token.startswith("<abbr"):
            if depth == 0:
                out += [html[pos : m.start()], '<abbr tabindex="0" title=']
                pos = m.end()
        else:
            depth += 1
    out.append(html[pos:])
    return "".join(out)


def _allow_listed(html: str, page) -> str:
    """The page content through the allow-list (generator/sanitize.py: what texts may
    become, and the structure of the templates). Whatever it removes is named in a
    warning, which fails the strict build: nothing is dropped silently."""
    cleaned, removed = clean_page(html)
    for what in removed:
        log.warning("%s : retiré par la liste d’autorisation HTML : %s", page.file.src_uri, what)
    return cleaned


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def _script_hashes(output: str) -> str:
    """Allow exactly the theme's own inline scripts in the Content-Security-Policy."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(output)
        }
    )
    return output.replace("__SNPD_SCRIPT_HASHES__", " ".join(hashes))


def on_post_page(output, page, config):
    return search_markup(_script_hashes(output), page)


def on_post_template(output_content, template_name, config):
    """The theme's own pages (404.html) get their policy's hashes too."""
    return _script_hashes(output_content)


_ARTICLE = '<article class="md-content__inner md-typeset">'
# Parts of the article that are navigation, not content: breadcrumbs, previous/next links,
# download links, the « Mis à jour le » line.
_NOT_CONTENT = re.compile(r'(<(?:p|nav) class="snpd-(?:fil|suite|telechargements|source|maj)")')


def search_markup(output: str, page) -> str:
    """Mark what Pagefind indexes: the article of each page (not the header, navigation,
    footer), with its filters and metadata (generator/site/search.py). The search page
    itself is not indexed."""
    if page.meta.get("recherche") is False or _ARTICLE not in output:
        return output
    url = page.url
    attrs = search.attributes(url, html.unescape(page.title or ""), _state.get("search", {}).get(url))
    output = output.replace(_ARTICLE, _ARTICLE[:-1] + " " + attrs + ">", 1)
    return _NOT_CONTENT.sub(r"\1 data-pagefind-ignore", output)


def on_post_build(config):
    """Index the finished site for Pagefind, in `generator build` as in `mkdocs build`."""
    try:
        search.build_index(Path(config.site_dir), search.acronym_pages(_state["corpus"]))
    except RuntimeError as exc:
        raise PluginError(str(exc)) from None
