"""Everything the generator publishes, reduced to a comparable description: the page list
(address, title, edited file, digest of the Markdown), the data files, the PDF documents
(path, kind, digest of the print HTML rendered with the stamps' placeholders), the
indicator workbook and the search descriptions.

The reference (`outputs.json`) is computed from a frozen copy of the content
(`content.tar.xz`), so that editors' changes to `content/` never touch it: it changes only
when the generator's output does. After an intended change of the output, refresh it and
read its diff:

    .venv/bin/python -m tests.reference.outputs --write
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SNAPSHOT = HERE / "content.tar.xz"
REFERENCE = HERE / "outputs.json"
SITE = "https://exemple.test/snpd/"


def _digest(value: str | bytes) -> str:
    data = value.encode("utf-8") if isinstance(value, str) else value
    return hashlib.sha256(data).hexdigest()[:16]


def unpack(target: Path) -> Path:
    """The frozen content under `target/content/`."""
    with tarfile.open(SNAPSHOT) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(target, filter="data")
        else:  # Python before 3.11.4 (Debian 12's 3.11.2) has no filters; the archive is ours
            tar.extractall(target)
    return target


def describe(root: Path) -> dict:
    """What the generator produces from the content under `root` (for the address SITE)."""
    before = os.environ.get("SNPD_SITE_URL")
    os.environ["SNPD_SITE_URL"] = SITE
    try:
        return _describe(root)
    finally:
        if before is None:
            del os.environ["SNPD_SITE_URL"]
        else:
            os.environ["SNPD_SITE_URL"] = before


def _describe(root: Path) -> dict:
    import datetime as dt

    from generator.content import load_corpus
    from generator.pdf import documents, engine
    from generator.pdf.meta import BuildInfo
    from generator.pdf.workbook import rows, to_csv
    from generator.site import search
    from generator.site.families import all_pages
    from generator.site.generated import data_files

    corpus = load_corpus(root)
    pages = {
        p.src_uri: {"titre": p.title, "fichier": p.edit_path, "markdown": _digest(p.markdown)}
        for p in all_pages(corpus)
    }
    data = {path: _digest(content) for path, content in sorted(data_files(corpus, SITE).items())}
    info = BuildInfo(dt.date(2026, 1, 1), "reference", SITE).placeholders()
    pdfs = {
        d.path: {"famille": d.kind, "gabarit": d.template, "html": _digest(engine.render_html(d.template, **d.context))}
        for d in documents.documents(corpus, info)
    }
    return {
        "pages": pages,
        "donnees": data,
        "pdf": pdfs,
        "classeur": _digest(to_csv(rows(corpus))),
        "recherche": _digest(json.dumps(search.describe(corpus), sort_keys=True, ensure_ascii=False)),
        "sigles": _digest(json.dumps(search.acronym_pages(corpus), sort_keys=True, ensure_ascii=False)),
    }


def current() -> dict:
    """The description of the frozen content, by the generator as it is now."""
    with tempfile.TemporaryDirectory() as tmp:
        return describe(unpack(Path(tmp)))


def main(argv: list[str]) -> int:
    if argv == ["--write"]:
        REFERENCE.write_text(
            json.dumps(current(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(f"Référence réécrite : {REFERENCE}")
        return 0
    if argv == ["--snapshot"]:
        root = HERE.parent.parent
        with tarfile.open(SNAPSHOT, "w:xz") as tar:
            for path in sorted((root / "content").rglob("*")):
                if path.is_file():
                    tar.add(path, arcname=path.relative_to(root).as_posix(), recursive=False)
        print(f"Copie du contenu écrite : {SNAPSHOT}")
        return 0
    print("usage : python -m tests.reference.outputs --write | --snapshot", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
