"""Derived indexes computed from the model (no MkDocs here): which measures use which
acronym, every indicator with its measure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .content import Corpus, Entry


def measure_text(entry: Entry) -> str:
    return "\n".join(t for loc, t in entry.texts if loc[0] not in ("pilotes_ids", "partenaires_ids"))


def sigle_pattern(sigle: str) -> re.Pattern:
    # whole word, case-sensitive: "CAF" but not "CAFE"
    return re.compile(r"(?<![\w-])" + re.escape(sigle) + r"(?![\w-])")


def acronym_usage(corpus: Corpus) -> dict[str, list[tuple[str, Entry]]]:
    """sigle -> [(periode, entry)] of the measures whose text uses it."""
    if corpus.glossaire is None:
        return {}
    texts = [(s.id, e, measure_text(e)) for s in corpus.strategies.values() for e in s.mesures]
    # One pass over each text for the plain sigles (a set of words), a regex only for
    # the few sigles with punctuation such as « CL(I)SPD ».
    words = [set(_TOKEN.findall(t)) for _, _, t in texts]
    usage = {}
    for entry in corpus.glossaire.entrees:
        if _TOKEN.fullmatch(entry.sigle):
            usage[entry.sigle] = [(p, e) for (p, e, _), w in zip(texts, words, strict=True) if entry.sigle in w]
        else:
            pat = sigle_pattern(entry.sigle)
            # the plain substring first: a pattern that opens with a lookbehind scans slowly
            usage[entry.sigle] = [(p, e) for p, e, t in texts if entry.sigle in t and pat.search(t)]
    return usage


_TOKEN = re.compile(r"[\w]+(?:-[\w]+)*")


def abbreviation_title(entry) -> str:
    """The expansion shown on hover/focus; both when the two documents differ."""
    devs = entry.developpements
    if len(devs) == 1:
        return devs[0].texte.rstrip(".")
    return " / ".join(f"{d.texte.rstrip('.')} ({', '.join(d.strategies)})" for d in devs)


# Acronym candidates: capitals (and digits) with inner hyphens, or « CL(I)SPD »-like forms
_ACRONYM = re.compile(r"(?<![\w(-])([A-ZÉ]+\([A-ZÉ]+\)[A-ZÉ]+|[A-ZÉ][A-ZÉ0-9]+(?:-[A-ZÉ0-9]+)*)(?![\w)-])")
_WORDS = re.compile(r"\w+")


def acronyms_in(text: str, words: set[str]) -> list[str]:
    """Acronyms of a text, in order: not legal references or codes (with digits) and not
    ordinary words printed in capitals (« SIGNALER », « DISPOSITIFS »)."""
    found = []
    for a in _ACRONYM.findall(text):
        if any(c.isdigit() for c in a) or a.lower() in words or a in found:
            continue
        found.append(a)
    return found


def glossary_warnings(corpus: Corpus):
    """Acronyms used in measure texts but absent from both printed glossaries, on the line
    of their first use; with the glossary's acronym it may be a misspelling of (the same
    letters in another order: « CLS(I)PD » for « CL(I)SPD »)."""
    from .errors import ContentError

    if corpus.glossaire is None:
        return []
    known = {e.sigle for e in corpus.glossaire.entrees}
    for e in corpus.glossaire.entrees:  # "CLSPD/CISPD" covers both
        known.update(part.strip() for part in re.split(r"[/ ]", e.sigle) if part.strip())
    entries = corpus.entries
    words = {w for e in entries for w in _WORDS.findall(measure_text(e)) if w.islower()}
    by_letters: dict[str, list[str]] = {}
    for sigle in sorted(known):
        by_letters.setdefault("".join(sorted(sigle)), []).append(sigle)
    warnings = []
    for entry in entries:
        first: dict[str, tuple] = {}
        for loc, text in entry.texts:
            if loc[0] in ("pilotes_ids", "partenaires_ids"):
                continue
            for a in acronyms_in(text, words):
                if a not in known and a not in first:
                    first[a] = loc
        for a, loc in first.items():
            line, col = entry.doc.position(loc)
            swapped = by_letters.get("".join(sorted(a)))
            hint = f" ; vouliez-vous dire « {swapped[0]} » ?" if swapped else ""
            warnings.append(
                ContentError(
                    entry.path,
                    line,
                    col,
                    _label(loc),
                    f"sigle absent du glossaire : {a} (ajoutez-le à content/glossary.yaml s’il doit y figurer){hint}",
                    "avertissement",
                )
            )
    return warnings


def _label(loc):
    from .content import field_label

    return field_label(tuple(p for p in loc if p not in ("paragraphe",)))


def organisations_of(corpus: Corpus, model) -> list:
    """Registry organisations named by a measure, pilots first."""
    if corpus.registre is None:
        return []
    by_id = {o.id: o for o in corpus.registre.organisations}
    ids = list(dict.fromkeys(list(model.pilotes_ids) + list(model.partenaires_ids)))
    return [by_id[i] for i in ids if i in by_id]


@dataclass
class Role:
    key: str  # the export field: « pilote_<key> » (Edition.field)
    titre: str  # « Pilote de mesures <id> »
    periode: str
    mesures: list


def roles(corpus, org_id: str) -> list[Role]:
    """The measures an organisation pilots, then joins, in each strategy."""
    out = []
    for strategy in corpus.strategies.values():
        edition = strategy.edition
        for role, field, titre in (
            ("pilote", "pilotes_ids", "Pilote"),
            ("partenaire", "partenaires_ids", "Partenaire"),
        ):
            mesures = [e for e in strategy.mesures if org_id in getattr(e.model, field)]
            out.append(Role(edition.field(role), f"{titre} de mesures {edition.id}", edition.id, mesures))
    return out
