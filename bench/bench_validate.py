"""Time and peak memory of the validator (`load_corpus`, what `python -m generator check` runs).

    python bench/bench_validate.py [--copies 100]

Three cases:

* the broken corpus: the minimal valid tree (2026 strategy, measure 1) plus every file of
  tests/broken/2026, i.e. every kind of refusal at once;
* the real content of the repository;
* a synthetic tree `--copies` times larger: the 50 measures of 2026-2030 copied 100 times
  and renumbered 1 to 5,000 (the numbering must be continuous), with the same strategy
  file and glossary.

The file-name rule (« two digits, a dash, a short title ») admits only 99 measures: for the
synthetic tree it is relaxed to « two digits or more », otherwise every file from 100 on
would be an error and the bench would time the error path instead of a valid corpus.

Time is measured without tracing; the peak memory is that of a second run under
tracemalloc (Python allocations only).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import content  # noqa: E402
from generator.content import load_corpus  # noqa: E402
from generator.errors import ContentInvalid  # noqa: E402

BROKEN = ROOT / "tests" / "broken" / "2026"
_NUMBER = re.compile(r"^numero: \d+$", re.M)


def _validate(root: Path) -> str:
    try:
        corpus = load_corpus(root)
    except ContentInvalid as exc:
        files = len({e.fichier for e in exc.errors})
        return f"{len(exc.errors)} erreurs dans {files} fichiers"
    return (
        "valide : "
        + "".join(f"{len(s.mesures)} mesures {s.id}, " for s in corpus.strategies.values())
        + f"{len(corpus.warnings)} avertissements"
    )


def measure(label: str, files: int, run: Callable[[], str]) -> None:
    start = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<34} {files:>6} fichiers  {elapsed:8.2f} s  {elapsed / files * 1000:6.2f} ms/fichier  "
        f"pic mémoire {peak / 2**20:7.1f} Mio  ({outcome})"
    )


def _base_tree(root: Path) -> Path:
    (root / "content" / "strategies").mkdir(parents=True)
    shutil.copy(ROOT / "content/strategies/2026-2030.yaml", root / "content/strategies")
    (root / "content/measures/2026").mkdir(parents=True)
    return root / "content/measures/2026"


def broken_tree(root: Path) -> int:
    folder = _base_tree(root)
    shutil.copy(next((ROOT / "content/measures/2026").glob("01-*.yaml")), folder)
    for path in BROKEN.iterdir():
        shutil.copy(path, folder / path.name)
    return len(list(folder.iterdir())) + 1


def synthetic_tree(root: Path, copies: int) -> int:
    folder = _base_tree(root)
    shutil.copy(ROOT / "content/glossary.yaml", root / "content")
    sources = sorted((ROOT / "content/measures/2026").glob("*.yaml"))
    n = 0
    for copy in range(1, copies + 1):
        for source in sources:
            n += 1
            title = source.stem.split("-", 1)[1]
            text = _NUMBER.sub(f"numero: {n}", source.read_text(encoding="utf-8"), count=1)
            (folder / f"{n:02d}-{title}-c{copy}.yaml").write_text(text, encoding="utf-8")
    return n + 2


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=100, help="copies des 50 mesures (défaut : 100)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="snpd-bench-") as tmp:
        root = Path(tmp) / "casse"
        files = broken_tree(root)
        measure("corpus cassé (tests/broken)", files, lambda: _validate(root))

    read = [*(ROOT / "content").glob("*.yaml"), *(ROOT / "content").glob("*/*.yaml")]
    files = len([p for p in read if "_modeles" not in p.parts]) + len(
        list((ROOT / "content").glob("measures/*/*.yaml"))
    )
    measure("contenu du dépôt", files, lambda: _validate(ROOT))

    with tempfile.TemporaryDirectory(prefix="snpd-bench-") as tmp:
        root = Path(tmp) / "synthetique"
        files = synthetic_tree(root, args.copies)
        strict = content._SLUG
        content._SLUG = re.compile(r"^(\d{2,})-[a-z0-9]+(-[a-z0-9]+)*$")
        try:
            measure(f"synthétique ×{args.copies}", files, lambda: _validate(root))
        finally:
            content._SLUG = strict
    return 0


if __name__ == "__main__":
    sys.exit(main())
