"""Fidelity of the content to the printed sources.

Two directions, both on a normalised text (no whitespace, no hyphens, no extraction
artifacts), so that line breaks and layout do not matter but words do:

- every text of the YAML is found in the source (nothing invented);
- every bullet, indicator, action, pilot line and footnote of the source is found in the
  YAML (nothing lost).

How an edition's printed text is cut into measures and which of its lines are items is
the edition's own (its module in generator/editions/: `source_of`, `lost`); the helpers
they share are here. `python -m generator.fidelity <key> 7` prints the problems of one
measure of the edition of that key.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

from .models import texts_with_loc
from .text import FOOTNOTE_CALL

SOURCES = Path(__file__).resolve().parent.parent / "sources"

_NOISE = re.compile(r"[\s\u00ad\u200b\ufffd\uf0a7\u2022\u2192\-‐‑–—]")


def normalise(text: str) -> str:
    text = FOOTNOTE_CALL.sub(r"(\1)", text)  # footnote calls are printed "(12)"
    text = text.replace("\\*", "*")
    return _NOISE.sub("", text)


@cache
def source_lines(source: str) -> tuple[str, ...]:
    """The lines of a printed text of sources/ (an edition's `source`)."""
    return tuple((SOURCES / source).read_text(encoding="utf-8").splitlines())


@cache
def normalised_source(source: str) -> str:
    return normalise("\n".join(source_lines(source)))


def texts_of(model) -> list[str]:
    """The printed texts of a measure (editorial fields and numbers left out)."""
    out = []
    for loc, text in texts_with_loc(model):
        if loc[0] in ("note_editeur", "pilotes_ids", "partenaires_ids") or loc[-1] == "numero":
            continue
        if loc[0] == "pilotes" and "actions" in loc:  # action numbers covered by a pilot line
            continue
        out.append(text)
    return out


def _chunks(text: str) -> list[str]:
    """Sentences (or clauses) long enough to be meaningful on their own."""
    parts = re.split(r"(?<=[.;:!?])\s+", text)
    return [p for p in parts if len(normalise(p)) >= 12]


def invented(entry, edition) -> list[str]:
    """Texts of the YAML not found in the source (sentence by sentence when needed)."""
    haystack = edition.source_of(entry)
    problems = []
    for text in texts_of(entry.model):
        if normalise(text) in haystack:
            continue
        missing = [c for c in _chunks(text) if normalise(c) not in haystack]
        if missing or not _chunks(text):
            problems.append(f"absent de la source : « {(missing[0] if missing else text)[:160]} »")
    return problems


# A bullet of the printed texts, as the PDF extraction renders it.
BULLET = re.compile(r"^\s*(?:•\s*•|→|\uf0a7|•)\s*\ufffd?\s*(.+)$")


def main(argv: list[str]) -> int:
    from .content import load_corpus
    from .editions import by_key

    edition = by_key(argv[0])
    wanted = {int(a) for a in argv[1:]}
    entries = load_corpus().strategy(edition.id).mesures
    problems = 0
    lost = edition.lost(entries)
    for e in entries:
        if wanted and e.model.numero not in wanted:
            continue
        found = invented(e, edition) + lost.get(e.model.numero, [])
        for p in found:
            print(f"{e.path} — {p}")
        problems += len(found)
    if not wanted and lost.get(None):
        for p in lost[None]:
            print(f"(stratégie {edition.id}) — {p}")
        problems += len(lost[None])
    print("OK" if not problems else f"{problems} problème(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
