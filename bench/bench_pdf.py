"""Time and memory to build every PDF extract and the indicator workbook, and the size
of each kind of file.

    python3 bench/bench_pdf.py                 # everything, one renderer per core
    python3 bench/bench_pdf.py --jobs 1        # in this process only
    python3 bench/bench_pdf.py --only mesures --tracemalloc --jobs 1

Peak memory: the resident set size of this process and of its largest renderer
(resource.getrusage); with --tracemalloc (and --jobs 1), the peak of the Python
allocations as well (slower: every allocation is traced).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content import load_corpus  # noqa: E402
from generator.pdf import ONLY, build  # noqa: E402


def _size(n: float) -> str:
    for unit in ("o", "Kio", "Mio"):
        if n < 1024:
            return f"{n:.0f} {unit}" if unit == "o" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} Gio"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=ONLY)
    parser.add_argument("--jobs", type=int, default=None, help="processus de rendu (par défaut : un par cœur)")
    parser.add_argument("--output", help="dossier de sortie (par défaut : un dossier temporaire)")
    parser.add_argument("--tracemalloc", action="store_true", help="pic des allocations Python (lent)")
    args = parser.parse_args()

    start = time.perf_counter()
    corpus = load_corpus(ROOT)
    load_time = time.perf_counter() - start

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        output = Path(args.output) if args.output else Path(tmp)
        if args.tracemalloc:
            tracemalloc.start()
        t0 = time.perf_counter()
        cpu0 = os.times()
        report = build(corpus, output, args.only, jobs=args.jobs)
        wall = time.perf_counter() - t0
        cpu1 = os.times()
        traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
        if args.tracemalloc:
            tracemalloc.stop()

        cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
        cpu += (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
        self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

        print(f"Cœurs disponibles : {len(os.sched_getaffinity(0))}, processus de rendu : {args.jobs or 'un par cœur'}")
        print(f"Chargement du contenu : {load_time:.2f} s")
        print(f"Construction : {wall:.1f} s (temps processeur {cpu:.1f} s)")
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
