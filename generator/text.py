"""Text helpers shared by every output: Markdown subset to plain text, blocks to lists."""

from __future__ import annotations

import re

# How the CSV exports write a list in one cell (generator/export.py), as their
# descriptions tell re-users (generator/datapackage.py and the editions' columns).
LIST_SEPARATOR = "une valeur par ligne dans la cellule"
NUMBERS_SEPARATOR = "numéros séparés par « ; »"

# A footnote call in a content text: "[^12]" (printed "(12)" in the source)
FOOTNOTE_CALL = re.compile(r"\[\^(\d+)\]")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")

# What would make a one-line text a block rather than running text: a bullet (« - », « + »,
# « * »), a number and a dot (« 2. »), a heading (« # »), a quotation (« > »), a rule
# (« --- », « *** », « ___ »).
_BULLET = re.compile(r"^([-+*])(?=\s|$)")
_NUMBERED = re.compile(r"^(\d+)\.(?=\s|$)")
_OTHER_BLOCK = re.compile(r"^([#>])")
_RULE = re.compile(r"^([-*_])(?:\s*\1){2,}\s*$")
_BLOCK_STARTS = frozenset("-+*_#>0123456789")


def inline_source(text: str) -> str:
    """The Markdown source of one content text, as the site, the PDFs and the validator
    read it: one line of running text, whatever it starts with.

    Whitespace is collapsed (YAML line breaks do not count); a block mark at the start is
    escaped (lists, headings and so on come from the YAML blocks, not from the text: « 2. À
    la vente » stays « 2. À la vente »); backticks are plain characters (no code in texts);
    a square bracket without its pair is escaped, so that a text set inside a link of a
    page (« [Axe 1 – titre](…) ») can neither close that link nor open one after it."""
    text = " ".join(text.split())
    if text[:1] in _BLOCK_STARTS:
        if _RULE.match(text):
            text = "\\" + text
        else:
            text = _OTHER_BLOCK.sub(r"\\\1", _NUMBERED.sub(r"\1\\.", _BULLET.sub(r"\\\1", text)))
    if "`" in text:
        text = text.replace("`", "\\`")
    return _balance_brackets(text)


def _balance_brackets(text: str) -> str:
    if "[" not in text and "]" not in text:
        return text
    open_at: list[int] = []
    lone: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            open_at.append(i)
        elif c == "]":
            if open_at:
                open_at.pop()
            else:
                lone.append(i)
        i += 1
    for i in sorted(lone + open_at, reverse=True):
        text = text[:i] + "\\" + text[i:]
    return text


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
