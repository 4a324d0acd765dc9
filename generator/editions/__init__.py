"""The strategies the site publishes (« éditions »), each declared once, in its own module.

An edition module (`snpd_2026_2030.py`, `snpd_2020_2024.py`) holds everything that is
specific to its strategy: its pydantic models, its checks, its export row and the
description of its columns, how its printed text is read for the fidelity tests, and its
declaration `EDITION`, an instance of its class (a subclass of its shape, shapes.py:
`AxesEnjeux`, `AxesSections`).
Its templates are named after its key (`mesure<key>.md.j2`…).

Everything that goes over the strategies (loading and validation, page families, partner
index, glossary usage, indicators, exports, PDFs, search) iterates over `EDITIONS`, in
their order: the current strategy first. Adding an edition is its content, one more edition
module listed in `EDITIONS`, and its templates. `content/comparison.yaml` names the pair it
compares (`strategies: [avant, après]`; `COMPARISON` by default).
"""

from __future__ import annotations

from .. import models
from . import snpd_2020_2024, snpd_2026_2030
from .shapes import AxesEnjeux, AxesSections, Edition

__all__ = ["EDITIONS", "COMPARISON", "Edition", "AxesEnjeux", "AxesSections"]

# --- the declarations ----------------------------------------------------------------

EDITIONS: tuple[Edition, ...] = (snpd_2026_2030.EDITION, snpd_2020_2024.EDITION)

# The pair that content/comparison.yaml compares when it does not name one (its field
# `strategies`): (before, after).
COMPARISON: tuple[str, str] = (snpd_2020_2024.EDITION.id, snpd_2026_2030.EDITION.id)


def registry(editions=None) -> dict[str, Edition]:
    """The editions by id; two editions with the same id or key are refused."""
    out: dict[str, Edition] = {}
    keys: set[str] = set()
    for edition in EDITIONS if editions is None else editions:
        if edition.id in out or edition.key in keys:
            raise ValueError(f"édition déclarée deux fois : {edition.id} ({edition.key})")
        out[edition.id] = edition
        keys.add(edition.key)
    if sum(e.current for e in out.values()) != 1:
        raise ValueError("une et une seule édition doit être l’édition courante (current=True)")
    return out


def by_id(edition_id: str) -> Edition:
    return registry()[edition_id]


def by_key(key: str) -> Edition:
    return next(e for e in EDITIONS if e.key == key)


def current() -> Edition:
    return next(e for e in EDITIONS if e.current)


def shared(editions, items_of) -> dict:
    """What some of `editions` have (`items_of(edition)`: its export columns, its field
    docs…), each with the ids of the editions that have it, in their order."""
    having: dict = {}
    for edition in editions:
        for item in items_of(edition):
            having.setdefault(item, []).append(edition.id)
    return having


# --- the models that name the declared editions ---------------------------------------


def ids() -> tuple[str, ...]:
    """The declared editions' ids, in chronological (sorted) order: the values of a
    glossary entry's or of the comparison's `strategies`."""
    return tuple(sorted(e.id for e in EDITIONS))


def glossary_model() -> type[models.Base]:
    return models.glossary_model(ids())


def comparison_model(pair: tuple[str, str] | None = None) -> type[models.Base]:
    """The model of content/comparison.yaml between two declared editions (COMPARISON by
    default): a link's measures of each side are its fields `mesures_<key>`."""
    before, after = (by_id(i) for i in (pair or COMPARISON))
    return models.comparison_model(ids(), (before.id, before.key), (after.id, after.key))


def comparison_model_for(data) -> type[models.Base]:
    """The comparison model for a comparison file's data: the pair it names if that is
    two declared editions, else the default pair (whose model then reports the mistake)."""
    named = data.get("strategies") if isinstance(data, dict) else None
    declared = registry()
    if (
        isinstance(named, list)
        and len(named) == 2
        and all(isinstance(i, str) and i in declared for i in named)
        and named[0] != named[1]
    ):
        return comparison_model((named[0], named[1]))
    return comparison_model()


registry()  # the declarations above are checked at import
