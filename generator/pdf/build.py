"""Build the PDF extracts and the indicator workbook into an output folder.

HTML is rendered here (Jinja2, fast); the WeasyPrint layout, the slow part, runs in a
pool of worker processes, each of which loads the print stylesheet and the fonts once.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..content import ROOT, Corpus
from . import documents, engine
from .meta import BuildInfo, build_info

ONLY = ("strategie", "axes", "mesures", "organisations", "2019", "classeur")


@dataclass
class Built:
    path: Path
    kind: str
    pages: int | None = None
    seconds: float = 0.0
    overflows: list[str] = field(default_factory=list)


@dataclass
class Report:
    files: list[Built] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def overflows(self) -> list[str]:
        return [f"{f.path.name}, {p}" for f in self.files for p in f.overflows]

    def by_kind(self) -> dict[str, list[Built]]:
        out: dict[str, list[Built]] = {}
        for f in self.files:
            out.setdefault(f.kind, []).append(f)
        return out


def _render_one(job: tuple[str, str, str]) -> tuple[str, int, float, list[str]]:
    html, target, kind = job
    start = time.perf_counter()
    pages, problems = engine.write_pdf(html, Path(target))
    return target, pages, time.perf_counter() - start, problems


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    engine._print_setup()


def build(
    corpus: Corpus,
    output: Path,
    only: str | None = None,
    *,
    jobs: int | None = None,
    root: Path = ROOT,
    info: BuildInfo | None = None,
) -> Report:
    """Write every extract (or those of one kind, see ONLY) under `output`."""
    if only is not None and only not in ONLY:
        raise ValueError(f"--only : {only!r} inconnu ({', '.join(ONLY)})")
    start = time.perf_counter()
    output = Path(output)
    info = info or build_info(root)
    report = Report()

    if only in (None, "classeur"):
        from .workbook import write_workbook

        t = time.perf_counter()
        for path in write_workbook(corpus, output / urls.WORKBOOK_DIR):
            report.files.append(Built(path, "classeur", None, time.perf_counter() - t))

    docs = [] if only == "classeur" else documents.documents(corpus, info, only)
    work = [(engine.render_html(d.template, **d.context), str(output / d.path), d.kind) for d in docs]
    kinds = {str(output / d.path): d.kind for d in docs}

    jobs = jobs or min(len(work), _cores())
    if jobs <= 1 or len(work) <= 1:
        for target, pages, seconds, problems in map(_render_one, work):
            report.files.append(Built(Path(target), kinds[target], pages, seconds, problems))
    else:
        with ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up) as pool:
            for target, pages, seconds, problems in pool.map(_render_one, work, chunksize=1):
                report.files.append(Built(Path(target), kinds[target], pages, seconds, problems))
    report.seconds = time.perf_counter() - start
    return report
