"""MkDocs hook: the only place where the generator meets MkDocs.

It loads and validates the content once, injects every generated page and data file with
`File.generated` (nothing generated is committed), points each page's « Modifier cette
page » link to its YAML file, appends the glossary's abbreviations, and applies French
typography to the rendered HTML.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import unicodedata
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from generator.content import ROOT, load_corpus
from generator.errors import ContentInvalid
from generator.export import render as render_export
from generator.indexes import abbreviation_title
from generator.schemas import schema_texts
from generator.site.families import all_pages
from generator.siteconfig import edit_base
from generator.typo import french_html

log = logging.getLogger("mkdocs.hooks.snpd")

_state: dict = {}


def on_config(config):
    try:
        corpus = load_corpus(Path(os.environ.get("SNPD_ROOT", ROOT)))
    except ContentInvalid as exc:
        raise PluginError("Contenu invalide, site non construit :\n" + "\n".join(map(str, exc.errors))) from None
    _state["corpus"] = corpus
    _state["pages"] = {p.src_uri: p for p in all_pages(corpus)}
    _state["abbr"] = _abbreviations(corpus)
    return config


def _abbreviations(corpus) -> str:
    if corpus.glossaire is None:
        return ""
    lines = []
    for entry in corpus.glossaire.entrees:
        title = abbreviation_title(entry).replace("\n", " ")
        lines.append(f"*[{entry.sigle}]: {title}")
    return "\n\n" + "\n".join(lines) + "\n"


def data_files(corpus) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = {}
    for what in ("mesures", "comparaison", "glossaire", "partenaires"):
        files[f"donnees/{what}.json"] = render_export(corpus, "json", what)
        files[f"donnees/{what}.csv"] = "\ufeff" + render_export(corpus, "csv", what)
    for name, text in schema_texts().items():
        files[f"donnees/schemas/{name}"] = text
    return files


def on_files(files, config):
    for page in _state["pages"].values():
        files.append(File.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    for path, content in data_files(_state["corpus"]).items():
        files.append(
            File.generated(config, path, content=content.encode("utf-8") if isinstance(content, str) else content)
        )
    return files


def on_page_markdown(markdown, page, config, files):
    generated = _state["pages"].get(page.file.src_uri)
    if generated and generated.edit_path:
        page.edit_url = edit_base() + generated.edit_path
    elif generated:
        page.edit_url = None
    return markdown + _state["abbr"]


def on_page_content(html, page, config, files):
    # Abbreviations get keyboard focus so their expansion is reachable without a mouse.
    html = html.replace("<abbr title=", '<abbr tabindex="0" title=')
    return french_html(html)


_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", re.S)


def on_post_page(output, page, config):
    """Allow exactly the theme's own inline scripts in the Content-Security-Policy."""
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in _INLINE_SCRIPT.findall(output)
        }
    )
    return output.replace("__SNPD_SCRIPT_HASHES__", " ".join(hashes))


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def accent_free_words(text: str) -> str:
    """Accent-free forms of the accented words of a text, once each."""
    words = {w.lower() for w in _WORD.findall(_TAG.sub(" ", text))}
    return " ".join(sorted({fold(w) for w in words if fold(w) != w}))


def on_post_build(config):
    """Give every search document an extra field `plie` (declared in mkdocs.yml) with
    accent-free words, so that a query typed without accents finds accented words."""
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        doc["plie"] = accent_free_words(doc.get("title", "") + " " + doc.get("text", ""))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
