"""« Vouliez-vous dire … ? »: the close match of a misspelt name among the possible ones.

Names are compared without case, accents, quotes (straight or curly) nor spaces around, so
that `Titre`, `“titre”` and `titré` all find `titre`; then by `difflib`'s similarity.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable

_QUOTES = "\"'“”‘’«»„‚`"


def normalise(name: str) -> str:
    """The form names are compared in: no case, accents, quotes nor surrounding spaces."""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.strip().strip(_QUOTES).split()).casefold()


def _score(form: str, other: str) -> float:
    ratio = difflib.SequenceMatcher(None, form, other).ratio()
    # two letters swapped (« dgsc » for « dgcs ») is as likely as one letter more or less
    return ratio + (0.15 if sorted(form) == sorted(other) else 0)


def close_matches(name: str, candidates: Iterable[str], cutoff: float = 0.75) -> list[str]:
    """The one or two candidates `name` most likely stands for; none when nothing is
    close enough, or when too many are as close as each other (`5`, `7`, `50` for `57`)."""
    by_form: dict[str, str] = {}
    for c in candidates:
        if c != name:
            by_form.setdefault(normalise(c), c)
    form = normalise(name)
    if form in by_form:
        return [by_form[form]]
    scored = sorted(((_score(form, f), f) for f in by_form), key=lambda s: (-s[0], s[1]))
    if not scored or scored[0][0] < cutoff:
        return []
    best = [f for score, f in scored if score >= max(cutoff, scored[0][0] - 0.05)]
    return [by_form[f] for f in best] if len(best) <= 2 else []


def did_you_mean(name: str, candidates: Iterable[str], cutoff: float = 0.75) -> str:
    """« vouliez-vous dire « x » ? » (or « « x » ou « y » ? »), to add to a message, or ""."""
    matches = close_matches(name, candidates, cutoff)
    return f"vouliez-vous dire {' ou '.join(f'« {m} »' for m in matches)} ?" if matches else ""
