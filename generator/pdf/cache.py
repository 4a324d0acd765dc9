"""Cache of rendered PDFs: a document is laid out again only when its inputs changed.

What is hashed (SHA-256), for each document:

- its print HTML, as given to WeasyPrint. Every input of the document is rendered into
  it: the content, the view model (documents.py), the templates, the Markdown and
  French typography filters. Two stamps are left out: the generation date and the
  content version (`git describe`) of meta.BuildInfo, which change every day and at
  every commit (cover, `data-reference` of the running footer, `<meta>`). The HTML is
  rendered once, with fixed placeholders in their place (BuildInfo.placeholders); that
  HTML is hashed, then the real values are put back (BuildInfo.stamp) before layout.
  The site address is not a stamp: a build for another address renders again;
- what else changes the output, once per build (`fingerprint`): the print stylesheets
  (their bytes: print.css and the editions' own, engine.stylesheets), engine.py (how WeasyPrint is called), the site address,
  the versions of WeasyPrint, of the Python packages it uses and of Pango and HarfBuzz,
  and the fonts: every font fontconfig knows (file, size, date) and the order in which
  it picks them for the families of the stylesheets.

Nothing else feeds WeasyPrint: the HTML is given as a string, the stylesheets load no
file (no url(), @import or @font-face: fonts come from fontconfig). A document can load
the generator's own files only (engine.SERVED; any other address fails it), and one that
does load such a file (an image, a stylesheet) is noticed (engine.write_pdf) and not
stored.

Consequence of leaving the stamps out: on a cache hit, the reused PDF keeps the date
and version of the run that rendered it. Its content is identical to what this run would
render, so both stay true: it was generated on that day, from the content at that
version (where this document was already what it is now). A date or version that would
not print the same when put back after rendering (BuildInfo.stampable: a `git describe`
with « ; » or « ! », say) is hashed with the HTML instead: such a build still reuses the
PDFs of builds of the same day and version.

Entries: `<key>.pdf` and `<key>.json` (page count, overflows, SHA-256 of the PDF). Each
file is written to a temporary file of the cache folder then renamed (os.replace): an
interrupted build never leaves a truncated entry. An entry whose JSON is unreadable or
whose PDF does not match the recorded SHA-256 is a miss, and is written again. A hit is
copied to the output. After a complete build, the entries it did not use are deleted.
The key does not depend on where the repository is checked out: a cache carries over
between clones (actions/cache, .ci/run, the workflow rehearsal).

Folder: `.cache/pdf/` at the repository root; the environment variable SNPD_PDF_CACHE
gives another one, or disables the cache with `0`.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import caches
from . import engine

# Changes when the layout of the entries or what the key covers changes.
FORMAT = 1
ENV = "SNPD_PDF_CACHE"


class _Auto:
    def __repr__(self) -> str:
        return "AUTO"


AUTO = _Auto()  # build(cache=AUTO): SNPD_PDF_CACHE, else .cache/pdf/ under the root

# WeasyPrint and what it renders with; a missing package is recorded as such.
PACKAGES = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "tinyhtml5", "html5lib", "fonttools", "pyphen", "pillow")
# The shared libraries WeasyPrint loads (same names as weasyprint.text.ffi), and the
# function that gives their version.
LIBRARIES = (
    ("pango", "pango_version_string", ("libpango-1.0.so.0", "libpango-1.0.dylib", "libpango-1.0-0.dll")),
    ("harfbuzz", "hb_version_string", ("libharfbuzz.so.0", "libharfbuzz.0.dylib", "libharfbuzz-0.dll")),
)

_ENTRY = re.compile(r"([0-9a-f]{64})\.(pdf|json)")
_TEMPORARY = re.compile(r"\..+\.tmp")
_STALE_TEMPORARY = 3600  # seconds: older temporary files are leftovers of a killed build


def folder(cache, root: Path) -> Path | None:
    """The cache folder that `build(cache=…)` uses, or None (no cache)."""
    if cache is AUTO:
        return caches.folder(ENV, "pdf", root)
    return None if cache is None else Path(cache)


# --- what the key covers besides the HTML -----------------------------------------------


def fingerprint(site_url: str, stamps: tuple[str, str] | None = None) -> str:
    """SHA-256 of everything but the HTML that changes a rendered PDF."""
    stylesheet = b"\n".join(Path(p).read_bytes() for p in engine.stylesheets())
    parts = {
        "format": FORMAT,
        "stylesheet": hashlib.sha256(stylesheet).hexdigest(),
        "engine": hashlib.sha256(Path(engine.__file__).read_bytes()).hexdigest(),
        "site_url": site_url,
        "packages": {name: _version(name) for name in PACKAGES},
        "libraries": {name: _library_version(symbol, files) for name, symbol, files in LIBRARIES},
        "fonts": fonts(stylesheet.decode("utf-8", "replace")),
        "stamps": stamps,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _library_version(symbol: str, files: tuple[str, ...]) -> str | None:
    for name in files:
        try:
            function = getattr(ctypes.CDLL(name), symbol)
        except (OSError, AttributeError):
            continue
        function.restype = ctypes.c_char_p
        return function().decode()
    return None


def fonts(stylesheet: str) -> list[str]:
    """The installed fonts (file, family, style, size, date), then, for each
    `font-family` of the stylesheet, the files fontconfig picks in order."""

    def run(*args: str) -> list[str]:
        out = subprocess.run(args, capture_output=True, text=True, timeout=60, check=True).stdout
        return out.splitlines()

    families = sorted(
        {
            ",".join(f.strip().strip("\"'") for f in v.split(","))
            for v in re.findall(r"font-family\s*:\s*([^;}]+)", stylesheet)
        }
    )
    try:
        installed = sorted(set(run("fc-list", "--format", "%{file}|%{family}|%{style}\n")))
        chosen = [
            f"{family}: " + " ".join(run("fc-match", "-s", "--format", "%{file}\n", family)) for family in families
        ]
    except (OSError, subprocess.SubprocessError):
        return ["fontconfig indisponible"]
    out = []
    for line in installed:
        try:
            st = os.stat(line.split("|", 1)[0])
            out.append(f"{line}|{st.st_size}|{int(st.st_mtime)}")
        except OSError:
            out.append(line)
    return out + chosen


# --- the entries -----------------------------------------------------------------------


@dataclass
class Hit:
    pages: int
    overflows: list[str]


@dataclass
class Cache:
    """The entries of one cache folder, for one build (`fingerprint`)."""

    folder: Path
    fingerprint: str
    used: set[str] = field(default_factory=set)

    def key(self, html: str) -> str:
        """The key of the document that `html` (with placeholders) lays out."""
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"\0")
        digest.update(html.encode("utf-8"))
        key = digest.hexdigest()
        self.used.add(key)
        return key

    def fetch(self, key: str, target: Path) -> Hit | None:
        """Put the cached PDF at `target`, or None if there is no valid entry."""
        pdf = self.folder / f"{key}.pdf"
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            pages, problems, digest = meta["pages"], meta["overflows"], meta["sha256"]
            if not (isinstance(pages, int) and pages > 0 and isinstance(digest, str)):
                return None
            if not (isinstance(problems, list) and all(isinstance(p, str) for p in problems)):
                return None
            data = pdf.read_bytes()
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if hashlib.sha256(data).hexdigest() != digest:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)  # a copy: the output is never a way to alter the cache
        return Hit(pages, problems)

    def store(self, key: str, source: Path, pages: int, problems: list[str]) -> None:
        """Keep the PDF at `source` (just rendered) under `key`."""
        data = source.read_bytes()
        meta = {
            "pages": pages,
            "overflows": problems,
            "sha256": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "document": source.name,
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        # the PDF first: an entry without its JSON is a miss
        _write_atomic(self.folder / f"{key}.pdf", data)
        _write_atomic(self.folder / f"{key}.json", json.dumps(meta, ensure_ascii=False, indent=1).encode())

    def prune(self) -> int:
        """Delete the entries this build did not use (and temporary files left by a
        killed build); returns how many PDFs were deleted."""
        removed = 0
        try:
            names = list(self.folder.iterdir())
        except OSError:
            return 0
        now = time.time()
        for path in names:
            m = _ENTRY.fullmatch(path.name)
            try:
                if m and m.group(1) not in self.used:
                    path.unlink()
                    removed += m.group(2) == "pdf"
                elif _TEMPORARY.fullmatch(path.name) and now - path.stat().st_mtime > _STALE_TEMPORARY:
                    path.unlink()
            except OSError:
                pass
        return removed


def _write_all(fh, data: bytes) -> None:
    fh.write(data)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file next to `path`, then rename it to `path`."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            _write_all(fh, data)
        os.replace(name, path)
    except BaseException:
        try:
            os.unlink(name)
        except OSError:
            pass
        raise
