"""Site benchmark.

    python bench/bench_site.py [--compare N] [--avant COMMIT] [--instructions] [--scales 1,10,100]
                               [--recherche-avant FICHIER] [--pagefind-avant BINAIRE] [--visites N]
                               [--requetes "delinquance,narcotrafic"]

By default it runs both parts below; `--compare 0` skips the comparison and `--scales ""`
skips the scales.

- Comparison (`--compare N`, default 3): `mkdocs build` of the real site, side by side
  with a baseline built in the same run, alternately, N times each, and their medians
  (wall clock, and CPU time of the build process, less sensitive to other loads):
  the baseline is a plain Material build (no hook, no overrides, same theme and
  features, same nav, same `markdown_extensions`, no plugin, as the real site since
  Pagefind replaced the theme's search) of a docs folder
  with the same pages (same paths) holding the same text: each real built page's text
  (headings, paragraphs, list items, table cells), taken from the real build, written
  back as plain Markdown. It prints the ratio real / baseline next to the goals (≤ 5 s,
  ≤ 1.5×), and a third build that splits the difference: the real pages' Markdown (with
  the glossary given to `abbr`) built by plain Material, without the hook: what is left
  between it and the real build is the hook's own work (loading and validating the
  content, generating the pages, typography, CSP hashes, open data files, search
  markup) and the theme overrides; between it and the baseline, the richer Markdown
  (links, tables, footnotes, abbreviations, `md_in_html` blocks). Search indexing is
  counted on both sides: the real build runs Pagefind in its hook (`on_post_build`), and
  the baseline and the hook-less build are each followed by the same Pagefind command
  (`--site`) on their output, its time added to theirs; the real site's indexing alone is
  printed too. `--avant COMMIT` adds the real site at an earlier commit, built in turns
  with the others: a local clone (its history included, so its journal of changes does
  the same work), its own `.cache/` warmed by a first build as the real site's is.
  `--instructions` also counts, once per site, the instructions its `mkdocs build` process
  executes (Valgrind's cachegrind, Pagefind not counted): wall and CPU times vary from one
  round to the next on a shared machine far more than the 10 % a change may be worth;
  this count does not (about 1 %).
- Scales (`--scales`, default 1,10,100): build time (validation + site, search index
  included), the transferred weight of a measure card on first load, the search index
  size, and on the search page in Chromium, for a first query and a second one: the time
  from its first key and from its last key to the first result of the whole query (not of
  its first letters), and the bytes it fetched (for the first one, from the focus of the
  box: Pagefind's script and WebAssembly, the index's table of contents; then the index
  chunks and the excerpts of the results shown, those of the words typed so far included:
  the bytes on the wire, as the site's host serves them — text types (HTML, CSS,
  JavaScript, JSON) gzip-compressed as GitHub Pages does, Pagefind's own files already
  compressed, a response from the browser's cache counting nothing — and their decoded
  size, as earlier figures were taken);
  for the real content and for synthetic content 10× and 100× larger (the 50 measures
  declined for many départements). Each visitor is a new browser context (empty cache);
  the box gets the focus, the words come 200 ms later: pasted (Ctrl+V, one input event),
  typed at a person's pace (150 ms between letters, a fast typist) or typed in a burst
  (~10 ms between letters, as earlier figures were taken); times are taken in the page
  (input events, the list of results), medians of `--visites` visits, with Pagefind's own
  search time once its index is loaded (what no code of the page can shorten).
  `--recherche-avant FICHIER` measures another recherche.js (an earlier commit's) in turns
  with the site's own, on the same build. `--pagefind-avant BINAIRE` does the same for
  another Pagefind binary (an earlier version): before each visit, the same built site is
  indexed again, in turns by that binary and by the site's own (`search.build_index`,
  with the acronym documents, as the hook does).

Figures are printed, never asserted: see bench/README.md for recorded results.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html.parser
import http.server
import io
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.site.search import pagefind_command  # noqa: E402


def synthetic_tree(scale: int, dest: Path) -> Path:
    """A repository copy whose 2026 measures are repeated `scale` times, renumbered."""
    dest.mkdir(parents=True)
    for name in ("generator", "pages", "overrides"):
        (dest / name).symlink_to(ROOT / name)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    content = dest / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("_modeles"))
    if scale > 1:
        # comparison links name real measure numbers only: drop it for synthetic content
        (content / "comparison.yaml").unlink(missing_ok=True)
        folder = content / "measures" / "2026"
        originals = sorted(folder.glob("*.yaml"))
        texts = [p.read_text(encoding="utf-8") for p in originals]
        for p in originals:
            p.unlink()
        n = 0
        for copy in range(scale):
            for path, text in zip(originals, texts, strict=True):
                n += 1
                slug = path.stem.split("-", 1)[1] + (f"-d{copy + 1}" if copy else "")
                body = re.sub(r"^numero: \d+$", f"numero: {n}", text, count=1, flags=re.M)
                (folder / f"{n:02d}-{slug}.yaml").write_text(body, encoding="utf-8")
    return dest


def run_mkdocs(cwd: Path, out: Path, *, before: tuple[str, ...] = (), **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build` of the project in `cwd` into `out`, quiet, as a new process (preceded
    by the command `before`, e.g. Valgrind), with the variables `env` added."""
    return subprocess.run(
        [*before, sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env),
        cwd=cwd,
    )


def build(tree: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tree), "check"],
        check=True,
        capture_output=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SNPD_ROOT=str(tree)),
        cwd=tree,
    )
    run_mkdocs(tree, out, SNPD_ROOT=str(tree))
    return time.perf_counter() - start


GOAL_SECONDS = 5.0
GOAL_RATIO = 1.5


def mkdocs_build(cwd: Path, out: Path, index: bool = False, env: dict | None = None) -> tuple[float, float]:
    """Seconds of one `mkdocs build` (a new process, as a user runs it), followed when
    `index` by Pagefind's indexing of the output: wall clock, CPU. `env`: more variables."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    run_mkdocs(cwd, out, **(env or {}))
    if index:
        pagefind(out)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def instructions(cwd: Path, out: Path) -> int | None:
    """Instructions executed by one `mkdocs build` process, counted by Valgrind (cachegrind,
    no cache simulation; about 10× slower than a plain build): the same figure from one run
    to the next within about 1 %, whatever else the machine is doing. Child processes are
    not counted (the real site's Pagefind; the others are indexed apart anyway). None
    without valgrind."""
    if shutil.which("valgrind") is None:
        return None
    shutil.rmtree(out, ignore_errors=True)
    valgrind = (
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        "--trace-children=no",
    )
    result = run_mkdocs(cwd, out, before=valgrind, PYTHONHASHSEED="0")
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def pagefind(site: Path) -> float:
    """Index a built site with Pagefind's command line, as the hook does; seconds."""
    start = time.perf_counter()
    subprocess.run(
        [*pagefind_command(), "--site", str(site), "--force-language", "fr", "--silent"],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


class _Text(html.parser.HTMLParser):
    """The text of a built page's article, as Markdown blocks: headings, list items and
    paragraphs (table cells and other blocks become paragraphs)."""

    BLOCKS = {"p", "li", "td", "th", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "blockquote"}
    SKIP = {"script", "style", "svg"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article> when > 0
        self.skip = 0
        self.blocks: list[str] = []
        self.kind = "p"
        self.words: list[str] = []

    def flush(self):
        text = " ".join("".join(self.words).split())
        self.words = []
        if not text:
            return
        # no Markdown syntax in the text: it stays plain paragraphs
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        text = re.sub(r"([\\`*_\[\]>#|{}!])", r"\\\1", text)
        if self.kind[0] == "h":
            self.blocks.append("#" * int(self.kind[1]) + " " + text)
        elif self.kind == "li":
            self.blocks.append("- " + text)
        else:
            self.blocks.append(text)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and tag in self.SKIP:
            self.skip += 1
        elif self.depth and tag in self.BLOCKS:
            self.flush()
            self.kind = tag

    def handle_endtag(self, tag):
        if tag == "article":
            self.flush()
            self.depth -= 1
        elif self.depth and tag in self.SKIP:
            self.skip -= 1
        elif self.depth and tag in self.BLOCKS:
            self.flush()
            self.kind = "p"

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.words.append(data)


class _AnyTag(yaml.SafeLoader):
    pass


_AnyTag.add_multi_constructor("", lambda loader, suffix, node: None)


def _plain_config(docs_dir: str, glossary: dict | None = None) -> dict:
    """mkdocs.yml's theme (without overrides), nav and Markdown extensions, no hook."""
    real = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTag)
    extensions = real["markdown_extensions"]
    if glossary:
        extensions = [{"abbr": {"glossary": glossary}} if e == "abbr" else e for e in extensions]
    return {
        "site_name": real["site_name"],
        "docs_dir": docs_dir,
        "theme": {k: v for k, v in real["theme"].items() if k != "custom_dir"},
        "plugins": [],
        "markdown_extensions": extensions,
        "nav": real.get("nav"),
        "not_in_nav": real.get("not_in_nav"),
    }


def plain_tree(site: Path, dest: Path) -> int:
    """The baseline: a plain Material project with the real site's pages (same paths, same
    text, taken from the real build `site`). Returns its characters of Markdown."""
    docs = dest / "docs"
    docs.mkdir(parents=True)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(_plain_config("docs"), allow_unicode=True), encoding="utf-8")
    chars = 0
    for page in sorted(site.rglob("index.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        target = docs / page.relative_to(site).with_suffix(".md")
        target.parent.mkdir(parents=True, exist_ok=True)
        text = "\n\n".join(parser.blocks) + "\n"
        target.write_text(text, encoding="utf-8")
        chars += len(text)
    return chars


def hookless_tree(dest: Path) -> int:
    """The real pages' Markdown and open data files, built by plain Material (the glossary
    given to `abbr` in mkdocs.yml): the real site without the hook's work at build time.
    Returns its characters of Markdown."""
    from generator.content import load_corpus
    from generator.site import generated, hook

    corpus = load_corpus(ROOT)
    docs = dest / "docs"
    generated.write(corpus, docs, "http://127.0.0.1:8000/", ROOT / "pages")
    config = _plain_config("docs", hook._abbreviations(corpus))
    config["extra_css"] = ["assets/snpd.css"]
    config["extra_javascript"] = ["assets/comparaison.js"]
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    chars = sum(len(p.read_text(encoding="utf-8")) for p in docs.rglob("*.md"))
    return chars


def article_chars(site: Path) -> int:
    """Characters of text in the articles of a built site."""
    total = 0
    for page in site.rglob("index.html"):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        total += sum(len(b) for b in parser.blocks)
    return total


def clone(commit: str, dest: Path) -> Path:
    """The repository at `commit` in `dest`, with its history (a local clone)."""
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(dest)], check=True)
    subprocess.run(["git", "-C", str(dest), "checkout", "-q", "--detach", commit], check=True)
    return dest


def compare(rounds: int, before: str | None = None, count: bool = False) -> None:
    """`mkdocs build` of the real site vs a plain Material build of the same pages and text
    (and the real site at the commit `before`, if given); with `count`, also the
    instructions each executes (see `instructions`)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        trees = {"réel": ROOT}
        out = {"réel": tmp / "out-reel", "témoin": tmp / "out-temoin", "sans hook": tmp / "out-sans-hook"}
        if before:
            trees["avant"] = clone(before, tmp / "avant")
            out["avant"] = tmp / "out-avant"
            mkdocs_build(trees["avant"], out["avant"])  # warm-up: its .cache/ as the real site's
        real_out = out["réel"]
        mkdocs_build(ROOT, real_out)  # warm-up, and the text the baseline is made of
        chars = {"témoin": plain_tree(real_out, tmp / "temoin"), "sans hook": hookless_tree(tmp / "sans-hook")}
        trees["témoin"], trees["sans hook"] = tmp / "temoin", tmp / "sans-hook"
        for name in ("témoin", "sans hook"):
            mkdocs_build(trees[name], out[name], index=True)  # warm-up
        # the real site again, its templates compiled anew each time (no .cache/jinja/)
        trees["réel, sans cache"] = ROOT
        out["réel, sans cache"] = tmp / "out-reel-sans-cache"
        envs = {"réel, sans cache": {"SNPD_JINJA_CACHE": "0"}}
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
        indexing = []
        for _ in range(rounds):
            for name, tree in trees.items():
                index = name in ("témoin", "sans hook")  # the real site indexes in its hook
                times[name].append(mkdocs_build(tree, out[name], index=index, env=envs.get(name)))
            indexing.append(pagefind(real_out))  # the real site's indexing alone
        pages = {name: sum(1 for _ in out[name].rglob("index.html")) for name in trees}
        text = {name: article_chars(out[name]) for name in trees}
        counted = [n for n in ("réel", "avant", "sans hook", "témoin") if n in trees] if count else []
        executed = {name: instructions(trees[name], out[name]) for name in counted}
    wall = {name: statistics.median(t[0] for t in v) for name, v in times.items()}
    cpu = {name: statistics.median(t[1] for t in v) for name, v in times.items()}
    labels = {
        "réel": "site réel",
        "réel, sans cache": "site réel, gabarits Jinja2 recompilés (SNPD_JINJA_CACHE=0)",
        "témoin": "témoin : Material seul, même texte en Markdown simple",
        "sans hook": "même Markdown que le site réel, sans hook",
        "avant": f"site réel au commit {before}",
    }
    print(f"\nComparaison : `mkdocs build`, médiane de {rounds} constructions alternées (horloge ; CPU)")
    for name in trees:
        runs = ", ".join(f"{w:.2f}" for w, _ in times[name])
        extra = f", {chars[name] / 1024:.0f} Kio de Markdown" if name in chars else ""
        print(
            f"  {labels[name]} : {wall[name]:.2f} s ; CPU {cpu[name]:.2f} s ({runs}) — "
            f"{pages[name]} pages, {text[name] / 1024:.0f} Kio de texte{extra}"
        )
    ratio, ratio_cpu = wall["réel"] / wall["témoin"], cpu["réel"] / cpu["témoin"]

    def verdict(ok: bool) -> str:
        return "atteint" if ok else "NON atteint"

    print(
        f"  dont indexation Pagefind (comptée des deux côtés) : {statistics.median(indexing):.2f} s "
        "pour le site réel, relancée seule"
    )
    print(f"  objectif ≤ {GOAL_SECONDS:.0f} s : {wall['réel']:.2f} s, {verdict(wall['réel'] <= GOAL_SECONDS)}")
    print(
        f"  objectif ≤ {GOAL_RATIO}× le témoin : {ratio:.2f}× ({verdict(ratio <= GOAL_RATIO)}) ; "
        f"en CPU {ratio_cpu:.2f}×"
    )
    print(
        f"  dont hook et surcharges du thème : réel / sans hook = {wall['réel'] / wall['sans hook']:.2f}× ; "
        f"Markdown plus riche : sans hook / témoin = {wall['sans hook'] / wall['témoin']:.2f}×"
    )
    if executed and None not in executed.values():
        g = {name: n / 1e9 for name, n in executed.items()}
        print(
            "  instructions exécutées par le processus de `mkdocs build` (Valgrind, Pagefind non compté) : "
            + " ; ".join(f"{name} {g[name]:.2f} G" for name in g)
        )
        line = (
            f"    réel / témoin = {g['réel'] / g['témoin']:.2f}× ; réel / sans hook = {g['réel'] / g['sans hook']:.2f}×"
        )
        line += f" ; sans hook / témoin = {g['sans hook'] / g['témoin']:.2f}×"
        if "avant" in g:
            line += f" ; réel / avant = {g['réel'] / g['avant']:.3f}×"
        print(line)
    elif count:
        print("  instructions : valgrind absent (apt-get install valgrind)")
    if before:
        print(
            f"  au commit {before} : {wall['avant'] / wall['témoin']:.2f}× le témoin (CPU "
            f"{cpu['avant'] / cpu['témoin']:.2f}×) ; réel / avant = {wall['réel'] / wall['avant']:.2f}× "
            f"(CPU {cpu['réel'] / cpu['avant']:.2f}×)"
        )


QUERIES = ("delinquance", "narcotrafic")  # a first query, then a second one
# How the words arrive in the box: pasted (one input event, as a word copied from elsewhere
# or chosen among the browser's suggestions), typed at a person's pace (a fast typist: 150
# ms from one letter to the next, about 7 a second), and typed in a burst (letters as fast
# as the browser takes them, ~10 ms apart: no person types so, but earlier figures were
# taken so).
TYPING = {"collés": None, "tapés au rythme d’une personne": 150, "tapés en rafale": 0}
FOCUS_TO_TYPING = 200  # ms between the click in the box and the first letter

# Recorded in the page: when each letter (or the pasted words) reached the box, when the
# first result of the complete query was shown (the list is re-filled for the words typed
# so far as the typing goes).
_WATCH = """
window.__bench = {query: null, keys: [], first: null};
document.addEventListener("input", () => window.__bench.keys.push(performance.now()), true);
new MutationObserver(() => {
  const b = window.__bench, list = document.getElementById("snpd-resultats");
  if (b.first === null && list && list.dataset.requete === b.query && list.querySelector("li"))
    b.first = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


class PagesHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site as GitHub Pages does: text types gzip-compressed for a browser
    that accepts it, other files (images, Pagefind's index, already compressed) as they are."""

    COMPRESSED = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if (
            path.suffix not in self.COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            return super().send_head()  # as is, or the redirection of a folder without its « / »
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def browser_figures(site: Path, scripts: dict[str, Path | None], runs: int) -> dict:
    """In Chromium: the weight of a measure card on first load, then on the search page, for
    each search script (`scripts`: a name, and the recherche.js put in place of the built
    one, or None for the built one), each way of typing and each query, the time from its
    first and from its last key to its first result and the bytes it fetched: medians of
    `runs` visits, the scripts taking turns."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(PagesHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    card = next((site / "2026-2030" / "mesures").iterdir()).name
    built = (site / "assets" / "recherche.js").read_bytes()
    sizes: dict[str, int] = {}
    fetched: list[tuple[str, int, int]] = []  # address, decoded bytes, bytes on the wire
    samples: dict[tuple[str, str], list] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )

        def on_response(resp):
            try:  # a response still arriving when its page closes has no body or sizes
                size = len(resp.body())
                # the encoded body as received; negative for a response from the cache
                wire = max(resp.request.sizes()["responseBodySize"], 0)
            except Exception:
                return
            kind = resp.request.resource_type
            sizes[kind] = sizes.get(kind, 0) + size
            fetched.append((resp.url, size, wire))

        pg = b.new_page()
        pg.on("response", on_response)
        pg.goto(f"{base}2026-2030/mesures/{card}/")
        pg.wait_for_load_state("networkidle")
        page_sizes = dict(sizes)
        card_search = sum(n for u, n, _ in fetched if "/pagefind/" in u)
        card_wire = sum(w for _, _, w in fetched)
        pg.close()
        for _ in range(runs):
            for name, script in scripts.items():
                (site / "assets" / "recherche.js").write_bytes(script.read_bytes() if script else built)
                for typing, delay in TYPING.items():
                    samples.setdefault((name, typing), []).append(_search_visit(b, base, delay, on_response, fetched))
        b.close()
    (site / "assets" / "recherche.js").write_bytes(built)
    server.shutdown()
    queries = {key: _medians(visits) for key, visits in samples.items()}
    return {"page": page_sizes, "card_wire": card_wire, "card_search_bytes": card_search, "queries": queries}


def _medians(visits: list[list[tuple]]) -> list[tuple]:
    """Per query, the median of each of its figures over `visits` (each: a tuple of 7
    figures per query, as _search_visit returns them)."""
    return [tuple(statistics.median(v[q][i] for v in visits) for i in range(7)) for q in range(len(QUERIES))]


def _search_visit(browser, base: str, delay: int | None, on_response, fetched: list) -> list[tuple]:
    """One visitor (a new browser context: nothing in its cache) on the search page: the
    box gets the focus (Pagefind's engine loads then), typing starts a moment later, the
    first query's bytes count what the focus loaded; then the box is emptied and the second
    query typed (`delay` ms between letters) or pasted (`delay` None). Per query: seconds
    from the first and from the last letter reaching the box to the first result of the
    whole query, seconds of typing, bytes and requests, and seconds of Pagefind's own
    search once its index is loaded."""
    pg = browser.new_page(permissions=["clipboard-read", "clipboard-write"])
    pg.add_init_script(_WATCH)
    pg.on("response", on_response)
    pg.goto(f"{base}recherche/")
    pg.wait_for_load_state("networkidle")
    box = pg.locator("#snpd-q")
    del fetched[:]
    box.click()
    pg.wait_for_timeout(FOCUS_TO_TYPING)
    out = []
    for query in QUERIES:
        if out:
            box.fill("")
            pg.wait_for_timeout(300)
            del fetched[:]
        if delay is None:
            pg.evaluate("q => navigator.clipboard.writeText(q)", query)
        pg.evaluate("q => { window.__bench = {query: q, keys: [], first: null}; }", query)
        if delay is None:
            box.press("ControlOrMeta+V")
        else:
            box.press_sequentially(query, delay=delay)
        # the first result of the whole query (not of its first letters)
        pg.wait_for_function("() => window.__bench.first !== null", timeout=60000, polling="raf")
        # then all ten shown and announced, and what they fetched
        pg.wait_for_function(
            "q => document.getElementById('snpd-statut').textContent.includes('« ' + q + ' »')",
            arg=query,
            timeout=60000,
        )
        pg.wait_for_load_state("networkidle")
        times = pg.evaluate("window.__bench")
        first_key, last_key = times["keys"][0], times["keys"][-1]
        out.append(
            (
                (times["first"] - first_key) / 1000,
                (times["first"] - last_key) / 1000,
                (last_key - first_key) / 1000,
                sum(n for _, n, _ in fetched),
                len(fetched),
                sum(w for _, _, w in fetched),
            )
        )
    # Pagefind's own search of each query once its index chunks are loaded (the module the
    # page imported, same address): the part of the wait that no code of the page shortens
    engine = pg.evaluate(
        """async ([module, queries]) => {
          const pf = await import(module), out = [];
          for (const q of queries) {
            const times = [];
            for (let i = 0; i < 3; i++) {
              const t0 = performance.now();
              await pf.search(q);
              times.push(performance.now() - t0);
            }
            out.push(times.sort((a, b) => a - b)[1]);
          }
          return out;
        }""",
        [f"{base}pagefind/pagefind.js", list(QUERIES)],
    )
    pg.close()
    return [row[:5] + (ms / 1000,) + row[5:] for row, ms in zip(out, engine, strict=True)]


def index_with(site: Path, extra: dict[str, str], binary: Path | None) -> None:
    """Index the built `site` again as the hook does (`extra`: its acronym documents), with
    Pagefind's `binary`, or with the site's own when None."""
    from generator.site import search

    own = search.pagefind_command
    if binary is not None:
        search.pagefind_command = lambda: [str(binary)]  # its version is not the pinned one
    try:
        search.build_index(site, extra)
    finally:
        search.pagefind_command = own


def figures_by_engine(site: Path, tree: Path, scripts: dict, binaries: dict[str, Path | None], runs: int) -> dict:
    """browser_figures for each Pagefind binary (`binaries`: a name, and the binary, None for
    the site's own), the binaries taking turns, the site indexed again before each visit:
    the medians of `runs` visits, each query key prefixed with the binary's name."""
    from generator.content import load_corpus
    from generator.site import search

    extra = search.acronym_pages(load_corpus(tree))
    visits: dict[str, list[dict]] = {name: [] for name in binaries}
    for _ in range(runs):
        for name, binary in binaries.items():
            index_with(site, extra, binary)
            visits[name].append(browser_figures(site, scripts, 1))
    first = visits[next(iter(binaries))][0]
    queries = {}
    for name, figs in visits.items():
        for key in figs[0]["queries"]:
            queries[(f"{key[0]}, Pagefind {name}", key[1])] = _medians([f["queries"][key] for f in figs])
    return dict(first, queries=queries)


def main() -> None:
    global QUERIES  # --requetes
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", type=int, default=3, metavar="N", help="constructions de chaque site (0 : aucune)")
    parser.add_argument("--avant", metavar="COMMIT", help="le site réel à un commit antérieur, construit en alternance")
    parser.add_argument("--scales", default="1,10,100", help="échelles, séparées par des virgules (vide : aucune)")
    parser.add_argument(
        "--recherche-avant",
        type=Path,
        metavar="FICHIER",
        help="un autre recherche.js (par exemple celui d’un commit antérieur), mesuré en alternance avec celui du site",
    )
    parser.add_argument(
        "--pagefind-avant",
        type=Path,
        metavar="BINAIRE",
        help="un autre binaire de Pagefind (une version antérieure), qui indexe le même site en alternance avec celui du site",
    )
    parser.add_argument(
        "--requetes",
        default=",".join(QUERIES),
        help="la première requête, puis la seconde, séparées par une virgule (défaut : %(default)s)",
    )
    parser.add_argument("--visites", type=int, default=3, help="visites de la page de recherche par mesure (médiane)")
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="compter aussi les instructions de chaque construction (Valgrind) : un chiffre que la charge ne fait pas varier",
    )
    args = parser.parse_args()
    QUERIES = tuple(q.strip() for q in args.requetes.split(","))
    if len(QUERIES) != 2:
        parser.error("--requetes : deux requêtes, séparées par une virgule")
    scripts = {"recherche.js du site": None}
    if args.recherche_avant:
        scripts = {f"avant ({args.recherche_avant.name})": args.recherche_avant, "après (site)": None}
    print(f"machine : {platform.platform()}, {os.cpu_count()} cœurs, Python {platform.python_version()}")
    if args.compare > 0:
        compare(args.compare, args.avant, args.instructions)
    for scale in (int(s) for s in args.scales.split(",") if s.strip()):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            tree = synthetic_tree(scale, tmp / "repo")
            out = tmp / "site"
            seconds = build(tree, out)
            pages = sum(1 for _ in out.rglob("index.html"))
            index_files = [f for f in (out / "pagefind").rglob("*") if f.is_file()]
            index = sum(f.stat().st_size for f in index_files)
            print(f"\n× {scale} : {50 * scale} mesures 2026-2030, {pages} pages")
            print(
                f"  construction (validation + site + index de recherche) : {seconds:.1f} s "
                f"({1000 * seconds / pages:.0f} ms par page)"
            )
            print(
                f"  index de recherche (Pagefind) : {index / 1024:.0f} Kio en {len(index_files)} fichiers", flush=True
            )
            try:
                if args.pagefind_avant:
                    binaries = {f"avant ({args.pagefind_avant.name})": args.pagefind_avant, "du site": None}
                    fig = figures_by_engine(out, tree, scripts, binaries, args.visites)
                else:
                    fig = browser_figures(out, scripts, args.visites)
            except Exception as exc:  # e.g. a search slower than the 60 s waited for
                print(f"  mesures dans Chromium interrompues : {str(exc).splitlines()[0]}")
                continue
            kinds = fig["page"]
            total = sum(kinds.values())
            print(
                f"  poids d’une fiche au premier chargement : {fig['card_wire'] / 1024:.0f} Kio transférés, "
                f"{total / 1024:.0f} Kio décodés : "
                + ", ".join(f"{k} {v / 1024:.0f} Kio" for k, v in sorted(kinds.items()))
            )
            print(f"  données de recherche téléchargées par la fiche : {fig['card_search_bytes']} octets")
            for (script, typing), rows in fig["queries"].items():
                pace = "" if TYPING[typing] is None else f" ({TYPING[typing]} ms entre deux lettres)"
                print(f"  recherche ({script}), mots {typing}{pace}, médianes de {args.visites} visites :")
                for (seconds_q, after, typed, size, count, engine, wire), query, which in zip(
                    rows, QUERIES, ("1re", "2e"), strict=True
                ):
                    print(
                        f"    {which} requête « {query} » : première lettre → premier résultat {1000 * seconds_q:.0f} ms, "
                        f"dernière lettre → premier résultat {1000 * after:.0f} ms (frappe : {1000 * typed:.0f} ms ; "
                        f"recherche de Pagefind seule, index chargé : {1000 * engine:.0f} ms), "
                        f"{wire / 1024:.0f} Kio transférés ({size / 1024:.0f} Kio décodés) en {count:.0f} requêtes"
                    )


if __name__ == "__main__":
    main()
