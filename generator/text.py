"""Text helpers shared by every output: Markdown subset to plain text, blocks to lists."""

from __future__ import annotations

import re

# A footnote call in a content text: "[^12]" (printed "(12)" in the source)
FOOTNOTE_CALL = re.compile(r"\[\^(\d+)\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")


def without_notes(text: str) -> str:
    """The text without its footnote calls (titles shown away from their notes)."""
    return FOOTNOTE_CALL.sub("", text)


def plain(md: str) -> str:
    """Plain text of an inline Markdown text (the export and the PDF bookmarks use it)."""
    text = FOOTNOTE_CALL.sub(r"(\1)", md)
    text = _LINK.sub(r"\1", text)
    text = _EMPH.sub(r"\2", text)
    text = text.replace("\\*", "*").replace("\\_", "_")
    return " ".join(text.split())


def flatten(blocs) -> list[str]:
    """Blocks (paragraphs, lists, sub-headings) as a flat list of plain texts."""
    out = []
    for b in blocs:
        if b.paragraphe is not None:
            out.append(plain(b.paragraphe))
        elif b.intertitre is not None:
            out.append(plain(b.intertitre))
        elif b.tableau is not None:
            out.append(" | ".join(plain(h) for h in b.tableau.entetes))
            out.extend(" | ".join(plain(c) for c in row) for row in b.tableau.lignes)
        else:
            for item in b.liste:
                out.append(plain(item.texte))
                out.extend(plain(s) for s in item.sous_liste)
    return out
