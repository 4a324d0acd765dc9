"""Fidelity of the content to the printed sources.

Two directions, both on a normalised text (no whitespace, no hyphens, no extraction
artifacts), so that line breaks and layout do not matter but words do:

- every text of the YAML is found in the source (nothing invented);
- every bullet, indicator, action, pilot line and footnote of the source is found in the
  YAML (nothing lost).

`python -m generator.fidelity 2026 7` prints the problems of one measure.
"""

from __future__ import annotations

import re
import sys
from functools import cache

from .content import ROOT, Entry, load_corpus
from .editions import EDITIONS
from .text import FOOTNOTE_CALL

SOURCES = ROOT / "sources"
# each edition's printed text, by its key (generator/editions/)
FILES = {e.key: e.source for e in EDITIONS}

_NOISE = re.compile(r"[\s\u00ad\u200b\ufffd\uf0a7\u2022\u2192\-‐‑–—]")


def normalise(text: str) -> str:
    text = FOOTNOTE_CALL.sub(r"(\1)", text)  # footnote calls are printed "(12)"
    text = text.replace("\\*", "*")
    return _NOISE.sub("", text)


@cache
def source_lines(strategy: str) -> tuple[str, ...]:
    return tuple((SOURCES / FILES[strategy]).read_text(encoding="utf-8").splitlines())


@cache
def normalised_source(strategy: str) -> str:
    return normalise("\n".join(source_lines(strategy)))


_MEASURE_2026 = re.compile(r"^\s*MESURE (\d+)\b")


def span_2026(numero: int) -> list[str]:
    """Source lines of a 2026 measure: from its first header to the next measure."""
    lines = source_lines("2026")
    starts = {}
    for i, line in enumerate(lines):
        m = _MEASURE_2026.match(line)
        if m:
            starts.setdefault(int(m.group(1)), i)
    end_glossary = next(i for i, line in enumerate(lines) if line.strip() == "GLOSSAIRE")
    start = starts[numero]
    end = starts.get(numero + 1, end_glossary)
    return list(lines[start:end])


def texts_of(model) -> list[str]:
    """The printed texts of a measure (editorial fields and numbers left out)."""
    from .content import texts_with_loc

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


def invented(entry: Entry, strategy: str) -> list[str]:
    """Texts of the YAML not found in the source (sentence by sentence when needed)."""
    if strategy == "2026":
        haystack = normalise("\n".join(span_2026(entry.model.numero)))
    else:
        haystack = normalised_source("2019")
    problems = []
    for text in texts_of(entry.model):
        if normalise(text) in haystack:
            continue
        missing = [c for c in _chunks(text) if normalise(c) not in haystack]
        if missing or not _chunks(text):
            problems.append(f"absent de la source : « {(missing[0] if missing else text)[:160]} »")
    return problems


_BULLET = re.compile(r"^\s*(?:•\s*•|→|\uf0a7|•)\s*\ufffd?\s*(.+)$")


def lost_2026(entry: Entry) -> list[str]:
    """Bullet and indicator lines of the measure's source pages missing from the YAML."""
    mine = normalise("\n".join(texts_of(entry.model)))
    problems = []
    for line in span_2026(entry.model.numero):
        m = _BULLET.match(line)
        if m:
            first = normalise(m.group(1))
            if first and first not in mine:
                problems.append(f"puce de la source absente du YAML : « {m.group(1).strip()[:160]} »")
    return problems


_ACTION_2019 = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\s{2,}(\S.*)$")
_PILOT_2019 = re.compile(r"^\s*(Pilotes?\b.*)$")
_NOTE_2019 = re.compile(r"^\s*\((\d{1,2})\)\s+(\S.*)$")


def source_items_2019() -> list[tuple[int | None, str, str]]:
    """(measure or None, kind, first line text) for actions, pilot lines, footnotes, bullets."""
    items = []
    for line in source_lines("2019"):
        if m := _ACTION_2019.match(line):
            items.append((int(m.group(1)), "action", f"{m.group(1)}.{m.group(2)} {m.group(3)}"))
        elif m := _PILOT_2019.match(line):
            items.append((None, "ligne pilote", m.group(1)))
        elif m := _NOTE_2019.match(line):
            items.append((None, "note", m.group(2)))
        elif m := _BULLET.match(line):
            items.append((None, "puce", m.group(1)))
    return items


def lost_2019(entries: list[Entry]) -> dict[int | None, list[str]]:
    """Source items missing from the YAML, by measure number (None: not attributable)."""
    per_measure = {}
    for e in entries:
        texts = texts_of(e.model)
        texts += [f"{a.numero} {a.texte}" for a in e.model.actions]
        per_measure[e.model.numero] = normalise("\n".join(texts))
    everything = "\n".join(per_measure.values())
    problems: dict[int | None, list[str]] = {}
    for measure, kind, text in source_items_2019():
        where = per_measure.get(measure, "") if measure else everything
        if normalise(text) not in where:
            problems.setdefault(measure, []).append(f"{kind} de la source absente du YAML : « {text.strip()[:160]} »")
    return problems


def main(argv: list[str]) -> int:
    strategy = argv[0]
    wanted = {int(a) for a in argv[1:]}
    corpus = load_corpus()
    from .editions import by_key

    entries = corpus.strategy(by_key(strategy).id).mesures
    problems = 0
    lost19 = lost_2019(entries) if strategy == "2019" else {}
    for e in entries:
        if wanted and e.model.numero not in wanted:
            continue
        found = invented(e, strategy)
        found += lost_2026(e) if strategy == "2026" else lost19.get(e.model.numero, [])
        for p in found:
            print(f"{e.path} — {p}")
        problems += len(found)
    if strategy == "2019" and not wanted and lost19.get(None):
        for p in lost19[None]:
            print(f"(stratégie 2020-2024) — {p}")
        problems += len(lost19[None])
    print("OK" if not problems else f"{problems} problème(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
