"""Site search with Pagefind: what each page tells the index, and the index itself.

Pagefind indexes the finished HTML after MkDocs (the hook's `on_post_build` calls
`build_index`), into small chunks that the browser fetches only when someone searches
(`pages/assets/recherche.js`). Each indexed page's `<article>` carries:

- `data-pagefind-body`: only the article is indexed, never the header, navigation, footer;
- filters: the kind of page (`type`: mesure, organisation, sigle, comparaison, autre), the
  strategy (`strategie`) and, for measures and axes, the axis (`axe`); and, not offered as
  a choice on the search page, the numbered references of the current strategy's cards
  and axes (`reference`: « mesure 4 »; « axe 1 », « enjeu 1 » … « enjeu 4 »), by which it
  finds the page a query such as « 4 », « M4 », « axe 2 » or « enjeu 7 » names: Pagefind
  matches « 4 » as the start of « 40 » to « 49 » too, and may rank those first;
- metadata shown in results: `title` (the page title), `numero`, `strategie`, and `cle`:
  the words a page should be found by first (« M46 », « mesure 46 », « 46 » for card 46,
  an organisation's acronym). `cle` is weighted above the title in the ranking
  (`recherche.js`);
- `data-pagefind-weight="0.5"` on the pages derived from the cards (indexes, axes,
  strategies, comparison links), which repeat their words: cards and organisation pages
  come first for the same words.

Each glossary acronym that no organisation bears is also indexed on its own (`type:
sigle`), leading to its entry in the glossary, with its expansion and the measures using
it (an organisation's page already gives both).

Two things Pagefind does not do for French, done here for recherche.js: words after a
typographic apostrophe (« l’autorité ») are indexed on their own (APOSTROPHE), and the
site's words are listed (VOCABULARY) so that a word typed with a slip can be corrected.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sysconfig
import tempfile
from collections.abc import Iterable
from html import escape
from pathlib import Path

from .. import urls
from ..indexes import abbreviation_title, acronym_usage
from .render import anchor

OUTPUT = "pagefind"  # the index folder, at the site's root
LANGUAGE = "fr"


def _axis_label(periode: str, axe) -> str:
    return f"Axe {axe.numero} ({periode}) – {' '.join(axe.titre.split())}"


def axis_filters(corpus) -> list[str]:
    """The `axe` filter values, in the strategies' order."""
    return [_axis_label(s.id, a) for s in corpus.strategies.values() for a in s.document.axes]


def _axis_references(axe) -> list[str]:
    """« axe 1 », « enjeu 1 » … « enjeu 4 »: the numbered references that lead to an axis
    page (the enjeux have no page of their own)."""
    return [f"axe {axe.numero}", *(f"enjeu {e.numero}" for e in getattr(axe, "enjeux", ()))]


def describe(corpus) -> dict[str, dict]:
    """Search description of every generated page, by URL: filters and metadata."""
    info: dict[str, dict] = {}
    for strategy in corpus.strategies.values():
        periode, current = strategy.id, strategy.edition.current
        axes = {a.numero: a for a in strategy.document.axes}
        for e in strategy.mesures:
            m = e.model
            info[urls.mesure(periode, e.slug)] = {
                "type": "mesure",
                "strategie": periode,
                "axe": _axis_label(periode, axes[m.axe]),
                "numero": str(m.numero),
                # only the current strategy's cards: a number typed alone brings them first
                **(
                    {"cle": f"M{m.numero} Mesure {m.numero} {m.numero}", "reference": [f"mesure {m.numero}"]}
                    if current
                    else {}
                ),
            }
        for a in strategy.document.axes:
            references = _axis_references(a) if current else []
            info[urls.axe(periode, a.numero)] = {
                "type": "autre",
                "strategie": periode,
                "axe": _axis_label(periode, a),
                "derivee": True,
                **({"reference": references} if references else {}),
                # « enjeu » and its number in the text bring the axes first (not « axe »: that
                # would put the current axes before the former strategy's axis 4 for « axe 4 »)
                **({"cle": " ".join(r.capitalize() for r in references[1:])} if references else {}),
            }
        info[urls.strategie(periode)] = {"type": "autre", "strategie": periode, "derivee": True}
        if current:
            info["indicateurs/"] = {"type": "autre", "strategie": periode, "derivee": True}
            for index in ("", "partenaires/"):
                info[index] = {"type": "autre", "derivee": True}
    if corpus.registre is not None:
        for o in corpus.registre.organisations:
            info[urls.partenaire(o.id)] = {"type": "organisation", "cle": " ".join((o.sigle or "").split())}
    return info


def kind_of(url: str) -> dict:
    """The search description of a page that `describe` does not list (by its address)."""
    if url.startswith("comparaison/"):
        return {"type": "comparaison", "derivee": True}
    return {"type": "autre"}


def attributes(url: str, title: str, info: dict | None) -> str:
    """The Pagefind attributes of a page's `<article>` (one string, HTML-escaped)."""
    info = dict(info or kind_of(url))
    info["titre"] = title
    captured = ["title[data-titre]"]
    captured += [f"{key}[data-{key}]" for key in ("numero", "strategie", "cle") if info.get(key)]
    filters = [f"{key}[data-{key}]" for key in ("type", "strategie", "axe") if info.get(key)]
    # one attribute per value (an inline « key:value » takes the rest of the list as its value)
    references = {f"data-reference-{i}": ref for i, ref in enumerate(info.get("reference", ()), start=1)}
    filters += [f"reference[{name}]" for name in references]
    attrs = {
        "data-pagefind-body": "",
        # derived pages (comparison links, indexes) repeat the cards' words: half weight
        **({"data-pagefind-weight": "0.5"} if info.get("derivee") else {}),
        "data-pagefind-meta": ", ".join(captured),
        "data-pagefind-filter": ", ".join(filters),
    }
    for key in ("titre", "type", "numero", "strategie", "axe", "cle"):
        if info.get(key):
            attrs[f"data-{key}"] = info[key]
    attrs.update(references)
    return " ".join(f'{k}="{escape(v)}"' if v else k for k, v in attrs.items())


def acronym_pages(corpus) -> dict[str, str]:
    """One search record per glossary acronym that no organisation bears (its expansion and
    the measures using it), as
    a small HTML document by path. These documents are indexed, never published: their
    `lien` metadata leads to the acronym's entry in the glossary. (Pagefind's custom
    records would do, but its Python API takes a tenth of a second for each.)"""
    if corpus.glossaire is None:
        return {}
    usage = acronym_usage(corpus)
    # an organisation's page already gives its acronym's expansion and its measures
    organisations = {o.sigle.strip() for o in corpus.registre.organisations if o.sigle} if corpus.registre else set()
    docs = {}
    for entry in corpus.glossaire.entrees:
        sigle = " ".join(entry.sigle.split())
        if sigle in organisations:
            continue
        expansion = " ".join(abbreviation_title(entry).split())
        slug = anchor(entry.sigle) or "sigle"
        used = usage.get(entry.sigle, [])
        strategies = sorted({s for d in entry.developpements for s in d.strategies})
        uses = ""
        if used:
            uses = (
                "<p>Employé dans les mesures "
                + ", ".join(f"{e.model.numero}" + ("" if p == corpus.current.id else f" ({p})") for p, e in used)
                + ".</p>"
            )
        attrs = {
            "data-pagefind-body": "",
            "data-pagefind-meta": "title[data-titre], cle[data-cle], lien[data-lien], strategie[data-strategie]",
            "data-pagefind-filter": "type:sigle",
            "data-titre": f"{sigle} – {expansion}",
            "data-cle": sigle,
            "data-lien": f"glossaire/#{slug}",
            "data-strategie": ", ".join(strategies),
        }
        body = " ".join(f'{k}="{escape(v)}"' if v else k for k, v in attrs.items())
        filters = "".join(f'<span data-pagefind-filter="strategie">{escape(s)}</span>' for s in strategies)
        docs[f"glossaire/{slug}/index.html"] = (
            f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8"><title>{escape(sigle)}</title></head>'
            f"<body {body}><h1>{escape(sigle)}</h1><p>{escape(expansion)}.</p>{uses}"
            f"<div data-pagefind-ignore>{filters}</div></body></html>"
        )
    return docs


# Pagefind's binary. Version 1.6.0 computes a search 3 to 7 times faster than 1.5.2 on a
# site a hundred times larger, and fetches less (bench/README.md); PyPI's `pagefind-bin`
# wheel stops at 1.5.2. Pagefind publishes each platform's binary on the npm registry:
# scripts/install_pagefind.py (run by scripts/install.sh) fetches it from there into the
# virtual environment, and accepts it only if its tarball has the digest below, the
# `dist.integrity` npm records. No Node is involved. When PyPI has `pagefind-bin` 1.6, its
# wheel in requirements.txt can take this one's place.
PAGEFIND_VERSION = "1.6.0"
PAGEFIND_PLATFORMS = {  # (platform.system(), platform.machine()): npm package, sha512 (base64)
    ("Linux", "x86_64"): (
        "@pagefind/linux-x64",
        "IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q==",
    ),
    ("Linux", "aarch64"): (
        "@pagefind/linux-arm64",
        "SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w==",
    ),
    ("Darwin", "x86_64"): (
        "@pagefind/darwin-x64",
        "rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ==",
    ),
    ("Darwin", "arm64"): (
        "@pagefind/darwin-arm64",
        "611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg==",
    ),
}


def pagefind_binary() -> Path:
    """Where scripts/install_pagefind.py puts Pagefind's binary: beside the environment's
    Python (`.venv/bin/`)."""
    return Path(sysconfig.get_path("scripts")) / "pagefind_extended"


def pagefind_version(binary: Path) -> str | None:
    """The version `binary --version` prints (« 1.6.0 »); None if it does not run."""
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    words = out.stdout.split()
    return words[-1] if out.returncode == 0 and words else None


def pagefind_command() -> list[str]:
    """Pagefind's command line: the binary of version PAGEFIND_VERSION installed by
    scripts/install.sh, or an error saying so."""
    binary = pagefind_binary()
    found = pagefind_version(binary) if binary.is_file() else None
    if found != PAGEFIND_VERSION:
        state = f"version {found} trouvée" if found else f"{binary} manque"
        raise RuntimeError(
            f"Pagefind {PAGEFIND_VERSION}, qui construit l’index de recherche, n’est pas installé ({state}) : "
            "lancez bash scripts/install.sh"
        )
    return [str(binary)]


# The words of the indexed pages (lowercase, see _WORD), one a line:
# recherche.js corrects a word typed with a slip to the one word of the site it is
# one letter away from (Pagefind has no such tolerance). Loaded with Pagefind's engine.
VOCABULARY = "recherche/mots.txt"
_TAG = re.compile(r"<[^>]*>")
# words of five letters or more, and shorter ones with a ligature (« cœur »: typed « coeur »,
# it is not a slip for « cour »)
_WORD = re.compile(r"[^\W\d_]{5,}|[^\W\d_]*[œæ][^\W\d_]*")


def vocabulary(pages: Iterable[str]) -> list[str]:
    """The words of what Pagefind indexes in `pages` (HTML): from each page's indexed part
    (`data-pagefind-body`) to the end of its article, sorted."""
    words: set[str] = set()
    for text in pages:
        start = text.find("data-pagefind-body")
        if start < 0:
            continue
        end = text.find("</article>", start)
        words.update(_WORD.findall(_TAG.sub(" ", text[start : end if end > 0 else None]).lower()))
    return sorted(words)


# Pagefind splits a word at an ASCII apostrophe (« l'école » is indexed as « école » too),
# not at the typographic one the site prints (« l’école » would only be found by typing
# « l’école » or « lecole »): the pages are indexed with the ASCII one, and recherche.js
# shows the typographic one again in titles and excerpts.
APOSTROPHE = "\N{RIGHT SINGLE QUOTATION MARK}"


def build_index(site_dir: Path, extra: dict[str, str]) -> None:
    """Index the built site and the `extra` documents (by path) into `site_dir/pagefind/`.

    Pagefind indexes a copy of the site's HTML pages with ASCII apostrophes (APOSTROPHE),
    in a temporary folder, to which the extra documents are added: they are indexed, never
    published. Pagefind's command line does it, as one process that exits once every file
    is written (its Python API's service was seen to stop before the last file was
    complete)."""
    site_dir = Path(site_dir)
    shutil.rmtree(site_dir / OUTPUT, ignore_errors=True)  # no chunk of an older index left
    with tempfile.TemporaryDirectory(prefix="snpd-recherche-") as staging:
        staging = Path(staging)
        pages = {str(p.relative_to(site_dir)): p.read_text(encoding="utf-8") for p in site_dir.rglob("*.html")}
        for path, text in {**pages, **extra}.items():
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text.replace(APOSTROPHE, "'"), encoding="utf-8")  # not translate(): 60× slower
        result = subprocess.run(
            [*pagefind_command(), "--site", str(staging), "--output-path", str((site_dir / OUTPUT).resolve())]
            + ["--force-language", LANGUAGE, "--glob", "**/*.html", "--silent"],
            capture_output=True,
            text=True,
        )
    entry = site_dir / OUTPUT / "pagefind-entry.json"
    if result.returncode != 0 or not entry.exists() or not entry.stat().st_size:
        raise RuntimeError("L’index de recherche (Pagefind) n’a pas pu être construit :\n" + result.stderr[-2000:])
    (site_dir / VOCABULARY).parent.mkdir(parents=True, exist_ok=True)
    words = vocabulary([*pages.values(), *extra.values()])
    (site_dir / VOCABULARY).write_text("\n".join(words) + "\n", encoding="utf-8")
    # Pagefind's ready-made interfaces are not used (recherche.js is): not published
    for unused in (site_dir / OUTPUT).glob("pagefind-*ui.*"):
        unused.unlink()
    (site_dir / OUTPUT / "pagefind-highlight.js").unlink(missing_ok=True)
