"""The journal of content changes: for each commit that changed a published text, what it
changed (generator/changes.py), read from the repository's history (generator/history.py).

    journal = Journal.build(root, history)
    journal.entries            # newest first, only commits that changed a published text
    journal.last_for_page("<id>/mesures/07-…/")  # (entry, object) or None
    journal.last_for_files(["content/glossary.yaml"])  # the latest entry, or None

Each commit is compared with its first parent, file by file, for the files it changed
under content/ (all blobs read by one `git cat-file`). A file that did not validate
before the commit is compared with its last valid version instead: a file broken by one
commit and fixed by the next shows, at the fix, what really changed on the site. A file
that does not validate was never published: it is not a journal entry (the pull
request's summary and `python -m generator check` report it). Without a history (a
shallow clone, no git) the journal is not available and has no entry.

A commit never changes: what it changed is kept between builds in
`.cache/journal/journal.json` (SNPD_JOURNAL_CACHE names another folder, `0` none), so a
build reads and validates only the files of commits it has not seen. An entry is keyed by
the commit, the last valid version of each of its files (the fallback above) and the
generator's own code: a change of the code computes every entry again. The cache is JSON
(data, never code) and a damaged one is ignored.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import caches
from .changes import Detail, Diff, ObjectChange, TextChange, compare, is_content, kind_of, parse
from .dates import date_fr
from .history import Commit, History, read_blobs

CACHE_VARIABLE = "SNPD_JOURNAL_CACHE"
_CACHE_FILE = "journal.json"
_DIFFS: dict[str, dict] = {}  # by cache key, for the builds of one process (mkdocs serve)


@dataclass
class JournalEntry:
    commit: Commit
    objets: list[ObjectChange]

    @property
    def anchor(self) -> str:
        return f"modif-{self.commit.short}"

    def object_anchor(self, o: ObjectChange) -> str:
        return f"{self.anchor}-{o.cle}"

    @property
    def day(self) -> str:
        return self.commit.day

    @property
    def date_fr(self) -> str:
        return date_fr(self.commit.day)

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.commit.date)

    @property
    def titre(self) -> str:
        """« Mesure 7 (<id>) », or « 3 mesures, le glossaire »."""
        if len(self.objets) == 1:
            return self.objets[0].libelle
        return Diff(self.objets).counts()

    @property
    def files(self) -> set[str]:
        return {o.fichier for o in self.objets}


@dataclass
class Journal:
    available: bool = False
    entries: list[JournalEntry] = field(default_factory=list)  # newest first

    @classmethod
    def build(cls, root: Path, history: History) -> Journal:
        if not history.available:
            return cls()
        commits = [c for c in reversed(history.commits) if any(is_content(f) for f in c.files)]
        stored = _Store(caches.folder(CACHE_VARIABLE, "journal", root))
        blobs: dict[str, bytes | None] | None = None  # read only if a commit is not in the cache
        last_valid: dict[str, str] = {}  # file → the last commit where it validated
        entries = []
        for c in commits:
            files = [f for f in c.files if is_content(f)]
            key = _key(c.hash, {f: last_valid.get(f) for f in files if kind_of(f) is not None})
            found = _DIFFS.get(key) or stored.entries.get(key)
            read = _read(found)
            if read is None:  # not seen yet, or a damaged entry
                if blobs is None:
                    blobs = read_blobs(root, _specs(commits))
                found = _compute(c, files, blobs, last_valid)
                read = _read(found)
            _DIFFS[key] = found
            stored.keep(key, found)
            objets, states = read
            for f, state in states.items():
                if state == "valide":
                    last_valid[f] = c.hash
                elif state == "absent":
                    last_valid.pop(f, None)
                # "invalide": its last valid version stays the one to compare with
            published = [o for o in objets if o.etat != "invalide"]
            if published:
                entries.append(JournalEntry(c, published))
        stored.save()
        return cls(True, entries[::-1])

    def last_for_page(self, url: str) -> tuple[JournalEntry, ObjectChange] | None:
        for e in self.entries:
            for o in e.objets:
                if url in o.pages:
                    return e, o
        return None

    def last_for_files(self, files) -> JournalEntry | None:
        files = set(files)
        return next((e for e in self.entries if e.files & files), None)


# --- what each commit changed, computed or taken from the cache ----------------------------


def _specs(commits: list[Commit]) -> list[str]:
    """Every content file of `commits`, at the commit and at its first parent."""
    specs = []
    for c in commits:
        for f in c.files:
            if is_content(f):
                specs.append(f"{c.hash}:{f}")
                if c.parents:
                    specs.append(f"{c.parents[0]}:{f}")
    return specs


def _compute(c: Commit, files: list[str], blobs, last_valid: dict[str, str]) -> dict:
    """What commit `c` changed (JSON data), and the state of each of its files after it:
    "valide", "invalide" or "absent"."""
    new = {f: blobs.get(f"{c.hash}:{f}") for f in files}
    old = {f: blobs.get(f"{c.parents[0]}:{f}") if c.parents else None for f in files}

    def fallback(path: str):
        at = last_valid.get(path)
        data = blobs.get(f"{at}:{path}") if at else None
        return parse(path, data) if data is not None else None

    diff = compare(old, new, fallback=fallback)
    states = {
        f: "absent" if data is None else "valide" if parse(f, data).valid else "invalide"
        for f, data in new.items()
        if kind_of(f) is not None
    }
    return {"objets": [asdict(o) for o in diff.objets], "fichiers": states}


def _read(entry) -> tuple[list[ObjectChange], dict[str, str]] | None:
    """An entry's changes and the state of its files after the commit; None for no entry,
    or one that is not of this shape (a damaged cache)."""
    try:
        objets = [ObjectChange(**{**o, "details": [_detail(d) for d in o["details"]]}) for o in entry["objets"]]
        states = entry["fichiers"]
        if all(v in ("valide", "invalide", "absent") for v in states.values()):
            return objets, states
    except (TypeError, KeyError, AttributeError):
        pass
    return None


def _detail(d: dict) -> Detail:
    return Detail(d["champ"], d["resume"], [TextChange(t["avant"], t["apres"]) for t in d["textes"]])


@functools.cache
def _code() -> str:
    """A hash of the generator's Python code, which decides what a commit is said to change."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _key(commit: str, fallbacks: dict[str, str | None]) -> str:
    text = json.dumps([_code(), commit, sorted(fallbacks.items())])
    return hashlib.sha256(text.encode()).hexdigest()


class _Store:
    """The journal's cache file: entries by key; those this build did not use are dropped
    when it is written again."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.entries: dict[str, dict] = {}
        self.used: dict[str, dict] = {}
        if folder is None:
            return
        try:
            data = json.loads((folder / _CACHE_FILE).read_text(encoding="utf-8"))
            if isinstance(data, dict) and isinstance(data.get("entrees"), dict):
                self.entries = data["entrees"]
        except (OSError, ValueError):
            pass  # no cache yet, or a damaged one: computed again

    def keep(self, key: str, entry: dict) -> None:
        self.used[key] = entry

    def save(self) -> None:
        if self.folder is None or self.used == self.entries:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        except OSError:
            return  # a read-only checkout: the next build computes them again
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"entrees": self.used}, out, ensure_ascii=False)
            os.replace(name, self.folder / _CACHE_FILE)  # whole or not at all
        except OSError:
            Path(name).unlink(missing_ok=True)
