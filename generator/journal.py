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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .changes import Diff, ObjectChange, Version, compare, is_content, kind_of, parse
from .dates import date_fr
from .history import Commit, History, read_blobs

_DIFFS: dict[str, Diff] = {}  # by commit hash: a commit never changes


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
        specs = []
        for c in commits:
            for f in c.files:
                if is_content(f):
                    specs.append(f"{c.hash}:{f}")
                    if c.parents:
                        specs.append(f"{c.parents[0]}:{f}")
        blobs = read_blobs(root, specs)
        last_valid: dict[str, Version] = {}
        entries = []
        for c in commits:
            files = [f for f in c.files if is_content(f)]
            new = {f: blobs.get(f"{c.hash}:{f}") for f in files}
            if c.hash not in _DIFFS:
                old = {f: blobs.get(f"{c.parents[0]}:{f}") if c.parents else None for f in files}
                _DIFFS[c.hash] = compare(old, new, fallback=last_valid.get)
            for f, data in new.items():
                if kind_of(f) is None:
                    continue
                if data is None:
                    last_valid.pop(f, None)
                elif (v := parse(f, data)).valid:
                    last_valid[f] = v
            published = [o for o in _DIFFS[c.hash].objets if o.etat != "invalide"]
            if published:
                entries.append(JournalEntry(c, published))
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
