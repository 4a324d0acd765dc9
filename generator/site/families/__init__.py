"""Page families. Each module exposes `pages(corpus) -> list[Page]`."""

from __future__ import annotations

from . import (
    axes,
    comparaison,
    donnees,
    glossaire,
    home,
    indicateurs,
    mesures,
    partenaires,
    recherche,
    strategies,
)

FAMILIES = [
    home,
    strategies,
    axes,
    mesures,
    comparaison,
    partenaires,
    glossaire,
    indicateurs,
    donnees,
    recherche,
]


def all_pages(corpus) -> list:
    pages = []
    for family in FAMILIES:
        pages.extend(family.pages(corpus))
    return pages
