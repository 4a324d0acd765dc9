"""Page quality benchmark: Lighthouse 12 and the Nu HTML Checker on the built site.

    python bench/bench_quality.py [--pages accueil,fiche-2026] [--no-lighthouse] [--no-vnu]
                                  [--avant COMMIT] [--repetitions N]

Needs Node and Java (Debian's nodejs and openjdk-17) and the tools of bench/package.json,
installed by `npm ci --prefix bench` into bench/node_modules (git-ignored): this script
runs it when they are missing. Nothing here runs in the test suite.

- The site is built by `mkdocs build` for the address it is served at (canonical links
  and sitemap right for that address), then served on localhost with gzip compression,
  as GitHub Pages serves it.
- Lighthouse (mobile preset: simulated 4G and a mid-range phone) runs in Debian's
  Chromium on one page of each family and prints its four scores (performance,
  accessibility, best practices, SEO; goal ≥ 95 each), the largest contentful paint and
  the total blocking time, and the audits that cost points.
- `--avant COMMIT` builds the site of an earlier commit too (`git archive`, built by the
  same Python; no git history there, so no « Mis à jour le » lines) and runs Lighthouse on
  both sites in turns, page by page: on a machine shared with other work, only figures
  measured side by side in the same run compare. `--repetitions N` runs each page N times
  (on each site) and prints medians.
- The Nu HTML Checker (vnu.jar) checks every page of the site and prints its errors: those
  the theme (Material for MkDocs) produces by itself, known and listed in THEME_ERRORS with
  the reason they stay, apart from ours (goal: none).

Figures are printed, never asserted: see bench/README.md for recorded results.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CHROMIUM = os.environ.get("SNPD_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking"

# One page of each family.
PAGES = {
    "accueil": "",
    "stratégie 2026-2030": "2026-2030/",
    "axe": "2026-2030/axes/1/",
    "fiche 2026-2030": "2026-2030/mesures/07-sensibiliser-jeunes-haine-en-ligne/",
    "fiche 2020-2024": "2020-2024/mesures/01-identifier-precocement-facteurs-risque-jeunes/",
    "comparaison": "comparaison/",
    "lien de comparaison": "comparaison/liens/1/",
    "organisation": "partenaires/dgs/",
    "index des partenaires": "partenaires/",
    "glossaire": "glossaire/",
    "indicateurs": "indicateurs/",
    "données ouvertes": "donnees/",
    "recherche": "recherche/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOAL = 95

# Errors of the Nu HTML Checker that come from the theme's own templates, not from ours,
# with the reason they stay (we override only documented blocks of the theme).
THEME_ERRORS = {
    "Attribute “autocomplete” is only allowed when the input type is": (
        'Material met autocomplete="off" sur ses cases à cocher cachées (tiroir de navigation, '
        "recherche) pour que le navigateur ne restaure pas leur état au retour arrière ; sans effet "
        "pour le lecteur, dans base.html du thème"
    ),
    "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control.": (
        "le titre de la table des matières (« label for=__toc ») de la navigation de Material vise "
        "une case à cocher que le thème masque ; l’étiquette n’est qu’un titre cliquable sur mobile, "
        "dans partials/nav-item.html du thème"
    ),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gzipped(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types as GitHub Pages serves them."""

    TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if (
            not path.endswith(self.TEXT)
            or "gzip" not in self.headers.get("Accept-Encoding", "")
            or not os.path.isfile(path)
        ):
            return super().send_head()
        body = gzip.compress(Path(path).read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def tools() -> tuple[Path, Path]:
    lighthouse = BENCH / "node_modules" / "lighthouse" / "cli" / "index.js"
    vnu = BENCH / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not lighthouse.exists() or not vnu.exists():
        print("installation de Lighthouse et du Nu HTML Checker dans bench/node_modules (npm ci)…", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--prefix", str(BENCH)], check=True)
    return lighthouse, vnu


def build(out: Path, url: str, root: Path = ROOT) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SNPD_SITE_URL=url)
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "SNPD_ROOT"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=root,
        env=env,
        check=True,
    )


def checkout(commit: str, dest: Path) -> Path:
    """The files of `commit` (without its git history) in `dest`."""
    dest.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", commit], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
    return dest


def lighthouse(cli: Path, url: str, report: Path) -> dict:
    subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            "--only-categories=" + ",".join(CATEGORIES),
            f"--chrome-flags={CHROME_FLAGS}",
            "--locale=fr",
        ],
        env=dict(os.environ, CHROME_PATH=CHROMIUM),
        check=True,
        capture_output=True,
    )
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data["audits"]
    lost = []
    for c in CATEGORIES:
        for ref in data["categories"][c]["auditRefs"]:
            a = audits[ref["id"]]
            if ref["weight"] and a["score"] is not None and a["score"] < 0.9:
                lost.append(f"{c}:{ref['id']} ({a['score']:.2f})")
    return {
        "scores": scores,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "fcp": audits["first-contentful-paint"]["numericValue"] / 1000,
        "lost": lost,
    }


def vnu(jar: Path, site: Path) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(jar), "--format", "json", "--errors-only", "--skip-non-html", str(site)],
        capture_output=True,
        text=True,
    )
    return json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]


def theme_reason(message: str) -> str | None:
    return next((reason for start, reason in THEME_ERRORS.items() if message.startswith(start)), None)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", default="", help="familles à passer à Lighthouse, séparées par des virgules")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-vnu", action="store_true")
    parser.add_argument(
        "--avant", metavar="COMMIT", help="un commit antérieur, mesuré en alternance avec le site actuel"
    )
    parser.add_argument(
        "--repetitions", type=int, default=1, help="passages de Lighthouse par page et par site (médiane)"
    )
    args = parser.parse_args()
    cli, jar = tools()
    chosen = {k: v for k, v in PAGES.items() if not args.pages or k in args.pages.split(",")}
    with tempfile.TemporaryDirectory() as tmp:
        sites: dict[str, tuple[Path, str]] = {}
        servers = []
        builds = [("après" if args.avant else "site", ROOT)]
        if args.avant:
            builds.insert(0, (f"avant ({args.avant})", checkout(args.avant, Path(tmp) / "source-avant")))
        for label, root in builds:
            site = Path(tmp) / f"site-{len(sites)}"
            port = free_port()
            build(site, f"http://127.0.0.1:{port}/", root)
            handler = functools.partial(Gzipped, directory=str(site))
            servers.append(http.server.ThreadingHTTPServer(("127.0.0.1", port), handler))
            threading.Thread(target=servers[-1].serve_forever, daemon=True).start()
            sites[label] = (site, f"http://127.0.0.1:{port}/")
        version = subprocess.run(["node", str(cli), "--version"], capture_output=True, text=True).stdout.strip()
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
        if not args.no_lighthouse:
            print(f"\nLighthouse {version} (mobile, 4G simulée), {chromium} ; objectif ≥ {GOAL} partout")
            if args.repetitions > 1:
                print(f"  médianes de {args.repetitions} passages par page et par site, les sites en alternance")
            print("  page : performance / accessibilité / bonnes pratiques / SEO — LCP, FCP, TBT")
            below = 0
            for name, path in chosen.items():
                runs: dict[str, list[dict]] = {label: [] for label in sites}
                for _ in range(args.repetitions):
                    for label, (_, url) in sites.items():
                        runs[label].append(lighthouse(cli, url + path, Path(tmp) / "lighthouse.json"))
                for label, figs in runs.items():
                    s = {c: statistics.median(f["scores"][c] for f in figs) for c in CATEGORIES}
                    if label != next(iter(sites)) or len(sites) == 1:
                        below += sum(v < GOAL for v in s.values())
                    lcp, fcp, tbt = (statistics.median(f[k] for f in figs) for k in ("lcp", "fcp", "tbt"))
                    passes = ", ".join(str(round(f["tbt"])) for f in figs)
                    print(
                        f"  {name}{' — ' + label if len(sites) > 1 else ''} : "
                        f"{s['performance']:.0f} / {s['accessibility']:.0f} / {s['best-practices']:.0f} / {s['seo']:.0f}"
                        f" — LCP {lcp:.1f} s, FCP {fcp:.1f} s, TBT {tbt:.0f} ms"
                        + (f" (TBT des passages : {passes})" if len(figs) > 1 else ""),
                        flush=True,
                    )
                    lost = Counter(x.split(" ")[0] for f in figs for x in f["lost"])
                    if lost:
                        print(
                            "      audits en défaut : "
                            + ", ".join(f"{a} ({n}/{len(figs)} passages)" for a, n in sorted(lost.items()))
                        )
            print(f"  notes sous {GOAL} (site actuel) : {below}")
        if not args.no_vnu:
            messages = vnu(jar, site)
            pages = sum(1 for _ in site.rglob("*.html"))
            ours, theirs = [], Counter()
            for m in messages:
                reason = theme_reason(m["message"])
                if reason:
                    theirs[reason] += 1
                else:
                    ours.append(m)
            print(f"\nNu HTML Checker : {pages} pages, {len(messages)} erreurs")
            print(f"  dans nos modèles et nos pages : {len(ours)}")
            for m in ours[:20]:
                where = re.sub(r"^file:.*?/site-\d+/", "", m.get("url", ""))
                print(f"    {where} : {m['message'][:160]}")
            print(f"  venant du thème (Material), laissées : {sum(theirs.values())}")
            for reason, n in theirs.items():
                print(f"    {n} × {reason}")
        for server in servers:
            server.shutdown()


if __name__ == "__main__":
    main()
