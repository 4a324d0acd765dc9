"""Derived indexes computed from the model (no MkDocs here): which measures use which
acronym, every indicator with its measure."""

from __future__ import annotations

import re
from functools import lru_cache

from .content import Corpus, Entry, _texts_with_loc


def measure_text(entry: Entry) -> str:
    return "\n".join(t for loc, t in _texts_with_loc(entry.model) if loc[0] not in ("pilotes_ids", "partenaires_ids"))


def sigle_pattern(sigle: str) -> re.Pattern:
    # whole word, case-sensitive: "CAF" but not "CAFE"
    return re.compile(r"(?<![\w-])" + re.escape(sigle) + r"(?![\w-])")


def acronym_usage(corpus: Corpus) -> dict[str, list[tuple[str, Entry]]]:
    """sigle -> [(periode, entry)] of the measures whose text uses it."""
    if corpus.glossaire is None:
        return {}
    texts = [("2026-2030", e, measure_text(e)) for e in corpus.mesures2026] + [
        ("2020-2024", e, measure_text(e)) for e in corpus.mesures2019
    ]
    # One pass over each text for the plain sigles (a set of words), a regex only for
    # the few sigles with punctuation such as « CL(I)SPD ».
    words = [set(_TOKEN.findall(t)) for _, _, t in texts]
    usage = {}
    for entry in corpus.glossaire.entrees:
        if _TOKEN.fullmatch(entry.sigle):
            usage[entry.sigle] = [(p, e) for (p, e, _), w in zip(texts, words) if entry.sigle in w]
        else:
            pat = sigle_pattern(entry.sigle)
            usage[entry.sigle] = [(p, e) for p, e, t in texts if pat.search(t)]
    return usage


_TOKEN = re.compile(r"[\w]+(?:-[\w]+)*")


def abbreviation_title(entry) -> str:
    """The expansion shown on hover/focus; both when the two documents differ."""
    devs = entry.developpements
    if len(devs) == 1:
        return devs[0].texte.rstrip(".")
    return " / ".join(f"{d.texte.rstrip('.')} ({', '.join(d.strategies)})" for d in devs)


_ACRONYM = re.compile(r"(?<![\w-])([A-ZÉ][A-ZÉ0-9]{1,}(?:-[A-ZÉ0-9]+)*)(?![\w-])")
# Capitalised words that are not acronyms in these texts
_NOT_ACRONYMS = {"OBJECTIFS", "II", "III", "IV", "VI", "XXI", "UE", "ET", "OU"}


def acronyms_in(text: str) -> set[str]:
    return {a for a in _ACRONYM.findall(text) if a not in _NOT_ACRONYMS}


def glossary_warnings(corpus: Corpus):
    """Acronyms used in measure texts but absent from both printed glossaries."""
    from .errors import ContentError

    if corpus.glossaire is None:
        return []
    known = {e.sigle for e in corpus.glossaire.entrees}
    for e in corpus.glossaire.entrees:  # "CLSPD/CISPD" covers both
        known.update(part.strip() for part in re.split(r"[/ ]", e.sigle) if part.strip())
    warnings = []
    for entry in corpus.mesures2026 + corpus.mesures2019:
        missing = sorted(acronyms_in(measure_text(entry)) - known)
        if missing:
            warnings.append(ContentError(entry.path, 1, 1, "", "sigles absents du glossaire : " + ", ".join(missing) + " (ajoutez-les à content/glossary.yaml)", "avertissement"))
    return warnings


def organisations_of(corpus: Corpus, model) -> list:
    """Registry organisations named by a measure, pilots first."""
    if corpus.registre is None:
        return []
    by_id = {o.id: o for o in corpus.registre.organisations}
    ids = list(dict.fromkeys(list(model.pilotes_ids) + list(model.partenaires_ids)))
    return [by_id[i] for i in ids if i in by_id]
