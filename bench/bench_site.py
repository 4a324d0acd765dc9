"""Site benchmark: prints build time (validation + site), the transferred weight of a
measure card on first load, the search index size, the time from typing a query to the
first result in Chromium, and the same figures for synthetic content 10× and 100× larger
(the 50 measures declined for many départements).

    python bench/bench_site.py [--scales 1,10,100]

Figures are printed, never asserted: see bench/README.md for recorded results.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


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


def build(tree: Path, out: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SNPD_ROOT=str(tree))
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tree), "check"],
        check=True,
        capture_output=True,
        env=env,
        cwd=tree,
    )
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
        check=True,
        capture_output=True,
        env=env,
        cwd=tree,
    )
    return time.perf_counter() - start


def browser_figures(site: Path) -> dict:
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    card = next((site / "2026-2030" / "mesures").iterdir()).name
    sizes: dict[str, int] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        pg = b.new_page()

        def on_response(resp):
            kind = resp.request.resource_type
            try:
                sizes[kind] = sizes.get(kind, 0) + len(resp.body())
            except Exception:
                pass

        pg.on("response", on_response)
        pg.goto(f"{base}2026-2030/mesures/{card}/")
        pg.wait_for_load_state("networkidle")
        page_sizes = dict(sizes)
        box = pg.locator("input.md-search__input")
        box.click()
        pg.wait_for_timeout(200)
        start = time.perf_counter()
        box.press_sequentially("delinquance", delay=0)
        pg.wait_for_selector(".md-search-result__item", timeout=60000)
        first_query = time.perf_counter() - start
        box.fill("")
        start = time.perf_counter()
        box.press_sequentially("narcotrafic", delay=0)
        pg.wait_for_selector(".md-search-result__item", timeout=60000)
        second_query = time.perf_counter() - start
        b.close()
    server.shutdown()
    return {"page": page_sizes, "first_query": first_query, "second_query": second_query}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    print(f"machine : {platform.platform()}, {os.cpu_count()} cœurs, Python {platform.python_version()}")
    for scale in (int(s) for s in args.scales.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            tree = synthetic_tree(scale, tmp / "repo")
            out = tmp / "site"
            seconds = build(tree, out)
            pages = sum(1 for _ in out.rglob("index.html"))
            index = (out / "search" / "search_index.json").stat().st_size
            fig = browser_figures(out)
            kinds = fig["page"]
            total = sum(kinds.values())
            print(f"\n× {scale} : {50 * scale} mesures 2026-2030, {pages} pages")
            print(f"  construction (validation + site) : {seconds:.1f} s ({1000 * seconds / pages:.0f} ms par page)")
            print(
                f"  poids d’une fiche au premier chargement : {total / 1024:.0f} Kio "
                + ", ".join(f"{k} {v / 1024:.0f} Kio" for k, v in sorted(kinds.items()))
            )
            print(f"  index de recherche : {index / 1024:.0f} Kio")
            print(
                f"  frappe → premier résultat : {fig['first_query']:.2f} s (index chargé à la première requête), "
                f"puis {fig['second_query']:.2f} s"
            )


if __name__ == "__main__":
    main()
