"""Nothing from another host: every tag of every page of the built site is read (the
standard library's html.parser), and no script, stylesheet, image, frame, font or media
may come from anywhere but the site itself; the site's stylesheets are read too."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from .conftest import PUBLISHED

pytestmark = pytest.mark.browser

SITE_HOST = urlsplit(PUBLISHED).netloc

# Attributes that make a browser load (or send) something, on any element.
LOADING = {"src", "srcset", "poster", "data", "background", "ping", "manifest", "action", "formaction", "codebase"}
LOADING |= {"lowsrc", "dynsrc", "longdesc", "xlink:href", "imagesrcset"}
# Elements whose href is loaded, not followed (<a href> is a link: it loads nothing).
LOADING_HREF = {"link", "base", "image", "use", "feimage", "script", "pattern", "filter", "textpath", "mpath"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)


def from_elsewhere(url: str, host: str = SITE_HOST) -> bool:
    """A URL that does not point into the site: another host, or a scheme other than
    http(s) (data: excepted: it is part of the page)."""
    url = url.strip()
    if not url or url.startswith("#"):
        return False
    parts = urlsplit(url)
    if parts.scheme.lower() == "data":
        return False
    if parts.scheme and parts.scheme.lower() not in ("http", "https"):
        return True  # javascript:, file:, ftp:…
    return bool(parts.netloc) and parts.netloc.lower() != host.lower()


class Resources(HTMLParser):
    """Every address a page loads: (line, tag, attribute, url)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str, str]] = []
        self._in_style = False

    def _add(self, tag, attribute, url):
        self.found.append((self.getpos()[0], tag, attribute, url))

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            if name in LOADING:
                urls = [u.strip().split(" ")[0] for u in value.split(",")] if "srcset" in name else [value]
                for url in urls:
                    self._add(tag, name, url)
            elif name == "href" and tag in LOADING_HREF:
                self._add(tag, name, value)
            elif name == "style":
                for m in CSS_URL.finditer(value):
                    self._add(tag, "style", m.group(2) or m.group(4))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            m = REFRESH_URL.search(values.get("content") or "")
            if m:
                self._add(tag, "http-equiv=refresh", m.group(1))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            for m in CSS_URL.finditer(data):
                self._add("style", "url()", m.group(2) or m.group(4))


def resources(html: str) -> list[tuple[int, str, str, str]]:
    parser = Resources()
    parser.feed(html)
    parser.close()
    return parser.found


def test_the_check_sees_every_kind_of_resource():
    """The check is not blind: each way a page can load something from elsewhere is seen,
    and what stays on the site is not reported."""
    page = """<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example.com/x.css">
<link rel="icon" href="//cdn.example.com/favicon.png">
<link rel="preload" as="font" href="https://fonts.example.com/f.woff2">
<base href="https://example.com/">
<meta http-equiv="refresh" content="0; url=https://example.com/">
<script src="https://example.com/x.js"></script>
<style>body { background: url("https://example.com/bg.png") } @import 'https://example.com/y.css';</style>
</head><body>
<img src="https://example.com/a.png" srcset="x.png 1x, https://example.com/b.png 2x">
<picture><source srcset="https://example.com/c.webp"></picture>
<iframe src="https://example.com/"></iframe><frame src="https://example.com/f">
<object data="https://example.com/o.swf"></object><embed src="https://example.com/e">
<video poster="https://example.com/p.png" src="https://example.com/v.mp4"><track src="https://example.com/t.vtt"></video>
<audio src="https://example.com/a.mp3"></audio>
<svg><image href="https://example.com/i.svg"/><use xlink:href="https://example.com/s.svg#i"/></svg>
<p style="background-image: url(https://example.com/d.png)">x</p>
<a href="https://example.com/" ping="https://example.com/ping">un lien</a>
<form action="https://example.com/envoi"></form>
<img src="javascript:alert(1)">
<img src="../assets/logo.png"><img src="/depot/assets/logo.png"><img src="data:image/png;base64,AAAA">
<link rel="canonical" href="https://exemple.github.io/depot/">
<a href="https://www.legifrance.gouv.fr/">un lien vers un autre site, qui ne charge rien</a>
</body></html>"""
    outside = [(tag, attribute) for _, tag, attribute, url in resources(page) if from_elsewhere(url)]
    assert outside == [
        ("link", "href"),
        ("link", "href"),
        ("link", "href"),
        ("base", "href"),
        ("meta", "http-equiv=refresh"),
        ("script", "src"),
        ("style", "url()"),
        ("style", "url()"),
        ("img", "src"),
        ("img", "srcset"),
        ("source", "srcset"),
        ("iframe", "src"),
        ("frame", "src"),
        ("object", "data"),
        ("embed", "src"),
        ("video", "poster"),
        ("video", "src"),
        ("track", "src"),
        ("audio", "src"),
        ("image", "href"),
        ("use", "xlink:href"),
        ("p", "style"),
        ("a", "ping"),
        ("form", "action"),
        ("img", "src"),
    ]


def test_no_page_loads_anything_from_another_host(built_site):
    site, _ = built_site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 300
    seen = 0
    outside = []
    for path in pages:
        for line, tag, attribute, url in resources(path.read_text(encoding="utf-8")):
            seen += 1
            if from_elsewhere(url):
                outside.append(f"{path.relative_to(site)}:{line} <{tag} {attribute}> {url}")
    assert seen > 1000  # the pages do load their own scripts, stylesheets and icons
    assert outside == []


def test_no_stylesheet_of_the_site_loads_anything_from_another_host(built_site):
    site, _ = built_site
    sheets = sorted(site.rglob("*.css"))
    assert sheets
    outside = [
        f"{path.relative_to(site)}: {m.group(2) or m.group(4)}"
        for path in sheets
        for m in CSS_URL.finditer(path.read_text(encoding="utf-8"))
        if from_elsewhere(m.group(2) or m.group(4))
    ]
    assert outside == []


def test_a_text_that_starts_with_a_number_keeps_it(built_site):
    """« 2. À la vente… », a sub-bullet of measure 42, is text: not a list of its own
    renumbered from 1 (generator/text.py, inline_source)."""
    site, _ = built_site
    [page] = (site / "2026-2030" / "mesures").glob("42-*/index.html")
    html = page.read_text(encoding="utf-8")
    for item in ("1. À la consommation", "2. À la vente", "3. Au développement"):
        assert f"<li>{item}" in html
    assert "<ol>" not in html


def test_pages_hold_only_what_the_allow_list_keeps(built_site):
    """Each page's content went through the page allow-list (generator/sanitize.py): the
    build warned about nothing it removed, and no page content has an element outside it."""
    from generator.sanitize import PAGE_TAGS

    site, result = built_site
    assert "liste d’autorisation" not in result.stderr
    outside = set()
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if '<article class="md-content__inner md-typeset">' not in html:
            continue  # not a page of the site (the 404 page of the theme)
        body = html.split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>", 1)[0]
        outside |= {(path.parent.name, t) for t in re.findall(r"<([a-z][a-z0-9]*)", body) if t not in PAGE_TAGS}
    assert outside == set()
