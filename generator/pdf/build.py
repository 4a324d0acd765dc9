"""Build the PDF extracts and the indicator workbook into an output folder.

HTML is rendered here (Jinja2, fast); the WeasyPrint layout, the slow part, runs in a
pool of worker processes, each of which loads the print stylesheet and the fonts once.
A document whose HTML, stylesheet and renderer did not change since a previous build
is taken from the PDF cache instead (cache.py: what the key covers, why the generation
date and content version are left out of it). The HTML of the documents is rendered
while the pool lays out those that changed, biggest first.
"""

from __future__ import annotations

import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..content import ROOT, Corpus
from ..editions import EDITIONS
from . import cache as pdfcache
from . import documents, engine
from .meta import BuildInfo, build_info

# the families of `--only`: a former strategy's whole document goes by its key
ONLY = ("strategie", "axes", "mesures", "organisations", *(e.key for e in EDITIONS if not e.current), "classeur")


@dataclass
class Built:
    path: Path
    kind: str
    pages: int | None = None
    seconds: float = 0.0
    overflows: list[str] = field(default_factory=list)
    cached: bool = False  # taken from the PDF cache


@dataclass
class Report:
    files: list[Built] = field(default_factory=list)
    seconds: float = 0.0
    cache: Path | None = None  # the cache folder, None without cache
    pruned: int = 0  # stale cache entries deleted
    warnings: list[str] = field(default_factory=list)

    @property
    def overflows(self) -> list[str]:
        return [f"{f.path.name}, {p}" for f in self.files for p in f.overflows]

    @property
    def rendered(self) -> int:
        """PDFs laid out by this build."""
        return sum(1 for f in self.files if f.pages is not None and not f.cached)

    @property
    def reused(self) -> int:
        """PDFs taken from the cache."""
        return sum(1 for f in self.files if f.cached)

    def summary(self) -> str:
        """« 3 PDF rendus, 237 repris du cache »."""
        n = self.rendered
        text = f"{n} PDF rendu{'s' if n > 1 else ''}"
        if self.cache is None:
            return text + " (cache désactivé)"
        text += f", {self.reused} repris du cache"
        if self.pruned:
            text += f", {self.pruned} entrée(s) périmée(s) supprimée(s)"
        return text

    def by_kind(self) -> dict[str, list[Built]]:
        out: dict[str, list[Built]] = {}
        for f in self.files:
            out.setdefault(f.kind, []).append(f)
        return out


def _render_one(job: tuple[str, str, str]) -> tuple[str, int, float, list[str], list[str]]:
    html, target, kind = job
    start = time.perf_counter()
    fetched: list[str] = []
    pages, problems = engine.write_pdf(html, Path(target), fetched=fetched)
    return target, pages, time.perf_counter() - start, problems, fetched


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _warm_up() -> None:
    # Ctrl-C reaches the whole process group: the main process alone handles it (it
    # cancels what is not started; a worker ends the document it is laying out).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine._print_setup()


def build(
    corpus: Corpus,
    output: Path,
    only: str | None = None,
    *,
    jobs: int | None = None,
    root: Path = ROOT,
    info: BuildInfo | None = None,
    cache=pdfcache.AUTO,
) -> Report:
    """Write every extract (or those of one kind, see ONLY) under `output`.

    `cache`: the folder of the PDF cache; None for none; by default SNPD_PDF_CACHE
    (`0`: none), else `.cache/pdf/` under `root`."""
    if only is not None and only not in ONLY:
        raise ValueError(f"--only : {only!r} inconnu ({', '.join(ONLY)})")
    start = time.perf_counter()
    output = Path(output)
    info = info or build_info(root)
    folder = pdfcache.folder(cache, root)
    report = Report(cache=folder)

    if only in (None, "classeur"):
        from .workbook import write_workbook

        t = time.perf_counter()
        for path in write_workbook(corpus, output / urls.WORKBOOK_DIR):
            report.files.append(Built(path, "classeur", None, time.perf_counter() - t))

    if only != "classeur":
        store = None
        if folder is not None:
            stamps = None if info.stampable else (info.date_text, info.version)
            store = pdfcache.Cache(folder, pdfcache.fingerprint(info.site_url, stamps))
        _documents(corpus, output, only, info, store, jobs or _cores(), report, root)
        if store is not None and only is None:
            report.pruned = store.prune()
    report.seconds = time.perf_counter() - start
    return report


@dataclass
class _Layout:
    """A document being laid out: the result of _render_one, or its future."""

    kind: str
    key: str | None  # in the cache
    result: Future | tuple

    def ready(self) -> bool:
        return not isinstance(self.result, Future) or self.result.done()


def _journal(root: Path):
    """The journal of content changes (the documents' dates of last change)."""
    from ..history import History
    from ..journal import Journal

    return Journal.build(root, History.read(root))


def _documents(corpus, output: Path, only, info: BuildInfo, store, jobs: int, report: Report, root: Path) -> None:
    """Every document: from the cache, or laid out (in `jobs` processes) and stored."""
    # Rendered with placeholders for the date and version: the HTML the cache hashes.
    stamped = info.stampable
    docs = documents.documents(corpus, info.placeholders() if stamped else info, only)
    documents.dated(docs, _journal(root))
    slots: list[Built | _Layout] = []
    done = 0  # slots reported (and stored) so far, in document order

    def collect(wait: bool) -> None:
        nonlocal done
        while done < len(slots) and (wait or isinstance(slots[done], Built) or slots[done].ready()):
            _collect(slots[done], store, report)
            done += 1

    pool = None
    try:
        for d in docs:
            target = output / d.path
            html = engine.render_html(d.template, **d.context)
            key = None
            if store is not None:
                t = time.perf_counter()
                key = store.key(html)
                hit = store.fetch(key, target)
                if hit is not None:
                    slots.append(Built(target, d.kind, hit.pages, time.perf_counter() - t, hit.overflows, cached=True))
                    continue
            job = (info.stamp(html) if stamped else html, str(target), d.kind)
            if jobs <= 1:
                slots.append(_Layout(d.kind, key, _render_one(job)))
            else:
                if pool is None:  # from the first document to lay out on
                    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_warm_up)
                slots.append(_Layout(d.kind, key, pool.submit(_render_one, job)))
            collect(wait=False)  # what is laid out is stored at once: an interrupted build keeps it
        collect(wait=True)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _collect(slot: Built | _Layout, store, report: Report) -> None:
    """Report a document; store it in the cache if it was just laid out."""
    if isinstance(slot, Built):
        report.files.append(slot)
        return
    result = slot.result.result() if isinstance(slot.result, Future) else slot.result
    target, pages, seconds, problems, fetched = result
    report.files.append(Built(Path(target), slot.kind, pages, seconds, problems))
    if store is None:
        return
    if fetched:
        report.warnings.append(
            f"{Path(target).name} non mis en cache : il charge {len(fetched)} ressource(s), dont {fetched[0]}"
        )
        return
    try:
        store.store(slot.key, Path(target), pages, problems)
    except OSError as exc:
        report.warnings.append(f"{Path(target).name} non mis en cache : {exc}")
