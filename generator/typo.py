"""French typography for rendered HTML: no-break spaces before « : ; ! ? » and inside
guillemets, applied to text nodes only (never inside tags, scripts, styles or code)."""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before « : » and »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

_SKIP = re.compile(r"(<(script|style|code|pre|kbd|textarea)\b.*?</\2>|<[^>]*>)", re.S | re.I)
# A text node without any of these characters is left as it is (most of them).
_PUNCT = re.compile(r"[;!?:«»]")
_BEFORE_NNBSP = re.compile(r"[ \u00a0\u202f]+([;!?])")
_BEFORE_COLON = re.compile(r"[ \u00a0]+:(?=\s|$|<)")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_BEFORE_CLOSE = re.compile(r"[ \u00a0\u202f]*»")


def _fix_text(text: str) -> str:
    text = _BEFORE_NNBSP.sub(NNBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    text = _BEFORE_CLOSE.sub(NBSP + "»", text)
    return text


def french_html(html: str) -> str:
    parts = _SKIP.split(html)  # text, skipped, its tag name (or None), text, …, text
    for i in range(0, len(parts), 3):
        if _PUNCT.search(parts[i]):
            parts[i] = _fix_text(parts[i])
    del parts[2::3]
    return "".join(parts)
