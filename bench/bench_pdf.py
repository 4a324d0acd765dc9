"""Time and memory to build every PDF extract and the indicator workbook, with and
without the PDF cache, and the size of each kind of file.

    python3 bench/bench_pdf.py                 # everything, one renderer per core
    python3 bench/bench_pdf.py --jobs 1        # in this process only
    python3 bench/bench_pdf.py --sans-cache    # the build without cache only
    python3 bench/bench_pdf.py --only mesures --tracemalloc --jobs 1 --sans-cache
    python3 bench/bench_pdf.py --controle 3    # and a control measured in the same run

Four builds in a row, side by side: without cache (every PDF rendered: the reference),
then with a cache in a temporary folder (never the repository's `.cache/`): empty,
nothing changed, and after one word added to a paragraph of measure 7.

`--controle N`: then N cold builds of all PDFs by `python -m generator pdf`, taking turns
with the code of CONTROL (a local clone), whose build took CONTROL_SECONDS on the day the
goals were set (23 November 2026, bench/README.md). The machine's speed varies twofold from
one hour to the next: the figures are also given at that day's speed (× CONTROL_SECONDS /
the control's median today). The control's code writes the workbook with odfpy: install it
for the time of the measurement (`.venv/bin/pip install odfpy`, then uninstall it).

Peak memory: the resident set size of this process and of its largest renderer
(resource.getrusage); with --tracemalloc (and --jobs 1), the peak of the Python
allocations as well (slower: every allocation is traced), during the build without cache.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content import load_corpus  # noqa: E402
from generator.pdf import ONLY, build, documents, engine  # noqa: E402
from generator.pdf.meta import build_info  # noqa: E402

EDITED = 7  # the measure edited in the last build
GOALS = {"froid": 90.0, "modifiee": 15.0}  # seconds, on 2 cores
# the code measured when the goals were set, and its wall time that day (bench/README.md,
# « Avant : 23 novembre 2026, sans cache »)
CONTROL = "38335c4"
CONTROL_SECONDS = 91.0


def _size(n: float) -> str:
    for unit in ("o", "Kio", "Mio"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "o" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} Gio"


def edited(corpus, numero: int = EDITED, word: str = "modifié"):
    """The corpus with `word` added to the first paragraph of the context of a measure."""

    def change(entry):
        blocs = list(entry.model.contexte)
        i = next(i for i, b in enumerate(blocs) if b.paragraphe)
        blocs[i] = blocs[i].model_copy(update={"paragraphe": f"{blocs[i].paragraphe} {word}"})
        return dataclasses.replace(entry, model=entry.model.model_copy(update={"contexte": blocs}))

    mesures = [change(e) if e.model.numero == numero else e for e in corpus.strategy("2026-2030").mesures]
    return corpus.with_measures("2026-2030", mesures)


def timed(label: str, corpus, output: Path, args, info, cache, trace: bool = False):
    """One build: (label, report, wall time, CPU time of this process and its renderers, traced peak)."""
    documents._sigles_in.cache_clear()  # each build starts as a new process would
    if trace:
        tracemalloc.start()
    t0 = time.perf_counter()
    cpu0 = os.times()
    report = build(corpus, output, args.only, jobs=args.jobs, info=info, cache=cache)
    wall = time.perf_counter() - t0
    cpu1 = os.times()
    traced = None
    if trace:
        traced = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
    cpu += (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    print(f"  {label} : {wall:.1f} s", flush=True)
    return label, report, wall, cpu, traced


def cold_build(tree: Path, output: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `python -m generator pdf` of the repository `tree`, without
    PDF cache, as a new process (its renderers included)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(tree), "pdf", "--output", str(output)],
        check=True,
        capture_output=True,
        cwd=tree,
        env=dict(os.environ, SNPD_PDF_CACHE="0", NO_MKDOCS_2_WARNING="1"),
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def control(rounds: int, tmp: Path, edited_wall: float | None) -> None:
    """Cold builds taking turns with the code of CONTROL; the figures at its speed that day."""
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_site import clone

    trees = {"actuel": ROOT, f"contrôle ({CONTROL})": clone(CONTROL, tmp / "controle")}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    print(f"\nConstructions à froid alternées avec le code de {CONTROL} ({rounds} tours) :")
    for n in range(rounds):
        for name, tree in trees.items():
            times[name].append(cold_build(tree, tmp / f"froid-{n}-{tree.name}"))
            print(f"  {name} : {times[name][-1][0]:.1f} s", flush=True)
    (now, now_cpu), (then, then_cpu) = (
        (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)) for runs in times.values()
    )
    speed = CONTROL_SECONDS / then
    print(f"\n{'code':<24} {'durée':>8} {'CPU':>8}  (médianes)")
    print(f"{'actuel':<24} {now:>6.1f} s {now_cpu:>6.0f} s")
    print(f"{'contrôle ' + CONTROL:<24} {then:>6.1f} s {then_cpu:>6.0f} s")
    print(f"Rapport actuel / contrôle : {now / then:.2f}×")
    print(
        f"À la vitesse du 23 novembre (contrôle : {CONTROL_SECONDS:.0f} s ce jour-là, {then:.0f} s ici, × {speed:.2f}) :"
    )
    scaled = {"à froid": (now, GOALS["froid"])}
    if edited_wall is not None:
        scaled[f"après modification de la mesure {EDITED}"] = (edited_wall, GOALS["modifiee"])
    for label, (seconds, goal) in scaled.items():
        t = seconds * speed
        print(f"  {label} : {t:.0f} s (≤ {goal:.0f} s : {'atteint' if t <= goal else 'dépassé'})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=ONLY)
    parser.add_argument("--jobs", type=int, default=None, help="processus de rendu (par défaut : un par cœur)")
    parser.add_argument("--output", help="dossier de sortie de la construction sans cache (par défaut : temporaire)")
    parser.add_argument("--tracemalloc", action="store_true", help="pic des allocations Python (lent)")
    parser.add_argument("--sans-cache", action="store_true", help="seulement la construction sans cache")
    parser.add_argument(
        "--controle",
        type=int,
        default=0,
        metavar="N",
        help=f"puis N constructions à froid en alternance avec le code de {CONTROL} (témoin de vitesse)",
    )
    args = parser.parse_args()

    start = time.perf_counter()
    corpus = load_corpus(ROOT)
    load_time = time.perf_counter() - start
    info = build_info(ROOT)  # the same date and version for every build

    # What every build does before any layout: view models and HTML of every document.
    t0 = time.process_time()
    docs = [] if args.only == "classeur" else documents.documents(corpus, info.placeholders(), args.only)
    models_time = time.process_time() - t0
    t0 = time.process_time()
    for d in docs:
        engine.render_html(d.template, **d.context)
    html_time = time.process_time() - t0

    print(f"Cœurs disponibles : {len(os.sched_getaffinity(0))}, processus de rendu : {args.jobs or 'un par cœur'}")
    # other processes on the machine make every figure longer: noted at the start and end
    print(f"Charge de la machine au départ (moyenne sur 1 min) : {os.getloadavg()[0]:.1f}")
    print(f"Chargement du contenu : {load_time:.2f} s")
    print(
        f"Préparation, dans le processus principal : modèles des {len(docs)} documents {models_time:.1f} s, "
        f"leur HTML {html_time:.1f} s (temps processeur)"
    )
    print("Constructions :")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        tmp = Path(tmp)
        runs = [
            timed(
                "à froid, sans cache (référence)",
                corpus,
                Path(args.output) if args.output else tmp / "sans-cache",
                args,
                info,
                None,
                args.tracemalloc,
            )
        ]
        if not args.sans_cache:
            cache = tmp / "cache"
            runs.append(timed("à froid, cache vide", corpus, tmp / "vide", args, info, cache))
            runs.append(timed("à chaud, rien de changé", corpus, tmp / "chaud", args, info, cache))
            runs.append(
                timed(f"après modification de la mesure {EDITED}", edited(corpus), tmp / "modifie", args, info, cache)
            )

        print(f"Charge de la machine à la fin (moyenne sur 1 min) : {os.getloadavg()[0]:.1f}")
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print()
        header = f"{'construction':<38} {'durée':>8} {'CPU':>8} {'rendus':>7} {'repris':>7}  objectif"
        print(header)
        print("-" * len(header))
        goals = {0: GOALS["froid"], 1: GOALS["froid"], 3: GOALS["modifiee"]}
        for i, (label, report, wall, cpu, _) in enumerate(runs):
            goal = goals.get(i)
            verdict = f"≤ {goal:.0f} s : {'atteint' if wall <= goal else 'dépassé'}" if goal else ""
            print(
                f"{label:<38} {wall:>6.1f} s {cpu:>6.0f} s {report.rendered:>7} {report.reused:>7}  {verdict}".rstrip()
            )
        if len(runs) == 4:
            report = runs[3][1]
            slow = sorted((f for f in report.files if f.pages is not None and not f.cached), key=lambda f: -f.seconds)
            print(f"\nRendus après modification de la mesure {EDITED} (temps de mise en page de chacun) :")
            for f in slow:
                print(f"  {f.path.relative_to(tmp / 'modifie')} : {f.seconds:.1f} s, {f.pages} pages")
            print(f"  total : {sum(f.seconds for f in slow):.1f} s de mise en page")

        label, report, wall, cpu, traced = runs[0]
        print(f"\nDétail de la construction sans cache ({wall:.1f} s, temps processeur {cpu:.1f} s) :")
        print(
            f"Mémoire (pic RSS) : ce processus {self_rss:.0f} Mio, plus gros processus enfant (rendu) {child_rss:.0f} Mio"
        )
        if traced is not None:
            print(f"Allocations Python (tracemalloc, pic) : {traced / 2**20:.0f} Mio")
        print()
        header = f"{'famille':<14} {'fichiers':>8} {'pages':>7} {'s/fichier':>10} {'taille min':>11} {'médiane':>10} {'max':>10} {'total':>10}"
        print(header)
        print("-" * len(header))
        for kind, files in report.by_kind().items():
            sizes = [f.path.stat().st_size for f in files]
            pages = sum(f.pages or 0 for f in files)
            seconds = statistics.mean(f.seconds for f in files)
            print(
                f"{kind:<14} {len(files):>8} {pages or '':>7} {seconds:>10.2f} {_size(min(sizes)):>11} "
                f"{_size(statistics.median(sizes)):>10} {_size(max(sizes)):>10} {_size(sum(sizes)):>10}"
            )
        if report.overflows:
            print(f"\n{len(report.overflows)} débordement(s) de texte, par exemple : {report.overflows[0]}")
        if args.controle:
            control(args.controle, tmp, runs[3][2] if len(runs) == 4 else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
