"""French typography for rendered HTML: no-break spaces before « : ; ! ? » and inside
guillemets, applied to text nodes only (never inside tags, scripts, styles or code)."""

from __future__ import annotations

import re

NBSP = "\u00a0"  # before « : » and »
NNBSP = "\u202f"  # narrow, before « ; ! ? »

_SKIP = re.compile(r"(<(script|style|code|pre|kbd|textarea)\b.*?</\2>|<[^>]*>)", re.S | re.I)


def _fix_text(text: str) -> str:
    text = re.sub(r"[ \u00a0\u202f]+([;!?])", NNBSP + r"\1", text)
    text = re.sub(r"[ \u00a0]+:(?=\s|$|<)", NBSP + ":", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NBSP, text)
    text = re.sub(r"[ \u00a0\u202f]*»", NBSP + "»", text)
    return text


def french_html(html: str) -> str:
    out, pos = [], 0
    for m in _SKIP.finditer(html):
        out.append(_fix_text(html[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_fix_text(html[pos:]))
    return "".join(out)
