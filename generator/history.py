"""The repository's history of the content: which commit changed which file, and when.

One `git log` call reads the history of the content folders (`content/`, `pages/`) for the
whole site; nothing is asked of git page by page. Without a history (no git, not a
repository, a shallow clone that only has the last commit, a file never committed) there
is no date: callers fall back to the build date.

    history = History.read(root)
    history.last_change(["content/glossary.yaml"])  # "2026-11-20" or None
    for commit in history.commits: ...  # newest first: hash, parents, date, subject, files
    read_blobs(root, ["<hash>:content/glossary.yaml"])  # file contents at commits, one git call

`History.available` tells a history that is there but empty from no history at all.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

FOLDERS = ("content", "pages")
_START = "\x1e"  # record separator before each commit
_FIELDS = "\x1f"


@dataclass(frozen=True)
class Commit:
    hash: str
    date: str  # committer date, ISO 8601 with offset, e.g. "2026-11-20T14:03:00+01:00"
    subject: str
    files: tuple[str, ...]  # paths relative to the repository root
    parents: tuple[str, ...] = ()  # empty for the first commit

    @property
    def short(self) -> str:
        return self.hash[:7]

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)  # newest first
    available: bool = False  # False: no git, not a repository, or a shallow clone
    _last: dict[str, int] = field(default_factory=dict, repr=False)  # path -> index in commits

    def __post_init__(self):
        for i in range(len(self.commits) - 1, -1, -1):
            for path in self.commits[i].files:
                self._last[path] = i

    @classmethod
    def read(cls, root: Path, folders: tuple[str, ...] = FOLDERS) -> History:
        """The history of `folders` in the repository at `root` (empty without one)."""
        try:
            shallow = _git(root, "rev-parse", "--is-shallow-repository").strip()
            if shallow != "false":  # "true", or an error message of an old git
                return cls()
            out = _git(
                root,
                "log",
                f"--format={_START}%H{_FIELDS}%cI{_FIELDS}%P{_FIELDS}%s",
                "--name-only",
                "--no-renames",
                "--",
                *folders,
            )
        except (OSError, subprocess.CalledProcessError):
            return cls()
        commits = []
        for record in out.split(_START)[1:]:
            head, _, names = record.partition("\n")
            hash_, date, parents, subject = head.split(_FIELDS, 3)
            files = tuple(n for n in names.splitlines() if n)
            commits.append(Commit(hash_, date, subject, files, tuple(parents.split())))
        return cls(commits, available=True)

    def last_commit(self, paths) -> Commit | None:
        """The latest commit that changed one of `paths`, if any did."""
        found = [self._last[p] for p in paths if p in self._last]
        return self.commits[min(found)] if found else None

    def last_change(self, paths) -> str | None:
        """The day (YYYY-MM-DD) of the latest commit that changed one of `paths`."""
        commit = self.last_commit(paths)
        return commit.day if commit else None

    def last_change_anywhere(self) -> str | None:
        return self.commits[0].day if self.commits else None


def read_blobs(root: Path, specs: list[str]) -> dict[str, bytes | None]:
    """The contents of files at revisions, `"<revision>:<path>"` each (None for a file
    that does not exist there), read by one `git cat-file --batch`."""
    specs = list(dict.fromkeys(specs))
    if not specs:
        return {}
    out = subprocess.run(
        ["git", "-C", str(root), "cat-file", "--batch"],
        input="".join(s + "\n" for s in specs).encode("utf-8"),
        capture_output=True,
        check=True,
    ).stdout
    blobs: dict[str, bytes | None] = {}
    pos = 0
    for spec in specs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) == 3 and header[1] == b"blob":
            size = int(header[2])
            blobs[spec] = out[pos : pos + size]
            pos += size + 1  # the content, then a line feed
        elif len(header) == 3:  # a tree or a commit: skip its content
            pos += int(header[2]) + 1
            blobs[spec] = None
        else:  # "<spec> missing" (or ambiguous)
            blobs[spec] = None
    return blobs


def git(root: Path, *args: str) -> str:
    """The output of a git command in the repository at `root` (CalledProcessError on failure)."""
    return _git(root, *args)


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True, encoding="utf-8"
    ).stdout
