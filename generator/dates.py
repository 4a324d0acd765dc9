"""Dates as French readers write them: « 1er mars 2026 », « 27 novembre 2026 »."""

from __future__ import annotations

import datetime as dt

MOIS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(day: dt.date | str) -> str:
    """« 27 novembre 2026 » for a date or an ISO 8601 text (« 2026-11-27… »)."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MOIS[day.month - 1]} {day.year}"
