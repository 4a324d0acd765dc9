"""« Journal des modifications »: what each change of the content changed on the site
(generator/journal.py), its Atom feed (journal/atom.xml), and the « Mis à jour le … »
line of measure cards, organisation pages and the glossary.

Not one of FAMILIES: the hook builds it with the history and the other pages (whose
titles it links to)."""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from ...diffreport import marked, shown_texts
from ..render import Page, relative, render

URL = "journal/"
FEED = "journal/atom.xml"
MAX_ENTRIES = 100  # on the page; the feed has them all
FEED_TITLE = "Journal des modifications — Stratégie nationale de prévention de la délinquance"

_LITERAL = {"*": "&#42;", "_": "&#95;", "`": "&#96;", "[": "&#91;", "]": "&#93;", "\\": "&#92;", "{": "&#123;"}
_LITERAL_RE = re.compile(r"[*_`\[\]\\{]")


def literal(text: str) -> str:
    """A content text shown as written (its Markdown marks too), safe in Markdown and HTML."""
    return _LITERAL_RE.sub(lambda m: _LITERAL[m.group()], html.escape(re.sub(r"\s+", " ", text), quote=False))


def diff_html(change) -> Markup:
    return Markup(marked(change, escape=literal))


def commit_url(forge: str | None, commit) -> str | None:
    return f"{forge}/commit/{commit.hash}" if forge else None


def pages(journal, titles: dict[str, str], forge: str | None) -> list[Page]:
    """The journal page; `titles`: the site's pages by URL (a change links to those that
    still exist); `forge`: the repository's web address, or None."""
    md = render(
        "journal.md.j2",
        URL,
        journal=journal,
        entries=journal.entries[:MAX_ENTRIES],
        more=len(journal.entries) - MAX_ENTRIES,
        titles=titles,
        forge=forge,
        commit_url=lambda c: commit_url(forge, c),
        literal=lambda t: Markup(literal(t)),
        diff_html=diff_html,
        texts_of=lambda o: [(d, t) for d in o.details for t in shown_texts(d)],
        feed=FEED,
    )
    return [Page(URL, "Journal des modifications", md)]


def updated_pages(url: str) -> bool:
    """Pages that show « Mis à jour le »: measure cards, organisations, the glossary."""
    return url == "glossaire/" or url.startswith("partenaires/") and url != "partenaires/" or "/mesures/" in url


def updated_line(journal, url: str) -> str | None:
    """« Mis à jour le 27 novembre 2026 » with a link to the change in the journal, as a
    Markdown paragraph; None without history or without an entry for this page."""
    if not updated_pages(url):
        return None
    found = journal.last_for_page(url)
    if found is None:
        return None
    entry, obj = found
    target = relative(url, URL)
    if entry in journal.entries[:MAX_ENTRIES]:
        target += "#" + entry.object_anchor(obj)
    return f"Mis à jour le {entry.date_fr} — [voir les modifications]({target})\n{{ .snpd-maj }}"


_H1 = re.compile(r"^# .*$", re.M)


def mark_updated(markdown: str, journal, url: str) -> str:
    """The page's Markdown with its « Mis à jour le » line under its title."""
    line = updated_line(journal, url)
    if line is None:
        return markdown
    m = _H1.search(markdown)
    if m is None:
        return markdown
    return markdown[: m.end()] + "\n\n" + line + "\n" + markdown[m.end() :]


def feed(journal, site: str, titles: dict[str, str], forge: str | None) -> bytes:
    """The Atom feed of the journal (feedgen), newest first, with absolute addresses."""
    import datetime as dt

    from feedgen.feed import FeedGenerator

    page = site + URL
    fg = FeedGenerator()
    fg.id(page)
    fg.title(FEED_TITLE)
    fg.subtitle("Chaque modification publiée du contenu : mesures, organisations, glossaire, comparaison.")
    fg.author({"name": "Ministère de l’Intérieur"})
    fg.link(href=page, rel="alternate", type="text/html")
    fg.link(href=site + FEED, rel="self", type="application/atom+xml")
    fg.language("fr")
    latest = journal.entries[0].when if journal.entries else dt.datetime.now(dt.UTC).replace(microsecond=0)
    fg.updated(latest)
    for entry in reversed(journal.entries):  # feedgen puts the last added first
        fe = fg.add_entry()
        fe.id(f"{page}#{entry.anchor}")
        fe.title(f"{entry.date_fr} — {entry.titre}")
        fe.updated(entry.when)
        fe.published(entry.when)
        fe.link(href=f"{page}#{entry.anchor}", rel="alternate", type="text/html")
        fe.summary("\n".join(o.resume for o in entry.objets[:20]) + ("\n…" if len(entry.objets) > 20 else ""))
        fe.content(_entry_html(entry, site, titles, forge), type="html")
    return fg.atom_str(pretty=True)


def _entry_html(entry, site: str, titles: dict[str, str], forge: str | None) -> str:
    esc = html.escape
    out = ["<ul>"]
    for o in entry.objets:
        links = [f'<a href="{esc(site + p)}">{esc(titles[p])}</a>' for p in o.pages if p in titles]
        details = "".join(f"<li>{esc(d.resume)}</li>" for d in o.details)
        out.append(
            f"<li><strong>{esc(o.libelle)}</strong>"
            + (f" — {esc(o.titre)}" if o.titre else "")
            + (f" ({', '.join(links)})" if links else "")
            + (f"<ul>{details}</ul>" if details else f" : {esc(o.resume.split(' — ', 1)[1])}")
            + "</li>"
        )
    out.append("</ul>")
    url = commit_url(forge, entry.commit)
    if url:
        out.append(f'<p><a href="{esc(url)}">Modification {entry.commit.short} dans le dépôt</a></p>')
    return "".join(out)
