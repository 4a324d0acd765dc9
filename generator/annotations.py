"""The Markdown summary of a validation, for the page of a GitHub Actions run.

`python -m generator check` appends it to the file named by `$GITHUB_STEP_SUMMARY`, so an
editor who opens the failed check of a pull request reads, in French, which file and
which line to fix, without digging into the log. (The `::error` lines printed next to it
put the same messages on the lines of the pull request's « Files changed » tab; GitHub
shows only the first ten of each kind there, the summary shows them all.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .errors import ContentError, ordered

# GitHub refuses a step summary over 1 MiB; a few hundred lines are already plenty.
MAX_LISTED = 200

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")


def md_escape(text: str) -> str:
    """Text shown literally in GitHub Markdown: no HTML, no emphasis, no links."""
    text = " ".join(str(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(text: str) -> str:
    """A file or field name as inline code (shown as is, nothing to escape)."""
    return "`" + " ".join(str(text).replace("`", "'").split()) + "`"


def _where(e: ContentError) -> str:
    if not e.ligne:
        return "fichier entier" if e.fichier.endswith((".yaml", ".yml")) else "dossier"
    return f"ligne {e.ligne}, colonne {e.colonne or 1}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


def _section(title: str, items: list[ContentError]) -> list[str]:
    out = [f"### {title}", ""]
    shown = items[:MAX_LISTED]
    current = None
    for e in shown:
        if e.fichier != current:
            if current is not None:
                out.append("")
            current = e.fichier
            out.append(f"**{md_code(e.fichier)}**")
            out.append("")
        field = f"champ {md_code(e.champ)} : " if e.champ else ""
        out.append(f"- {_where(e)} — {field}{md_escape(e.message)}")
    if len(items) > len(shown):
        out += ["", f"… et {len(items) - len(shown)} autre(s), voir le journal de l’étape."]
    out.append("")
    return out


def step_summary(errors: Iterable[ContentError], warnings: Iterable[ContentError] = ()) -> str:
    """A readable Markdown report of a validation: errors first, grouped by file, the
    files with a root cause first (the order of `python -m generator check`)."""
    errors = ordered(errors)
    warnings = ordered(warnings)
    files = len({e.fichier for e in errors})
    out = ["## Validation du contenu", ""]
    if errors:
        out += [
            f"❌ **{_plural(len(errors), 'erreur')}** dans {_plural(files, 'fichier')} : "
            "le site ne sera pas construit tant qu’elles ne sont pas corrigées.",
            "",
            "Ouvrez le fichier indiqué dans l’éditeur de GitHub, allez à la ligne indiquée et "
            "corrigez le champ nommé. Le sens de chaque message est expliqué dans "
            "CONTRIBUTING.md, section « Messages de validation ».",
            "",
        ]
    else:
        out += ["✅ **Contenu valide.**", ""]
    if warnings:
        out += [
            f"⚠️ {_plural(len(warnings), 'avertissement')} : ils n’empêchent pas la publication, "
            "mais méritent d’être regardés.",
            "",
        ]
    if errors:
        out += _section("Erreurs", errors)
    if warnings:
        out += ["<details><summary>Avertissements</summary>", ""]
        out += _section("Avertissements", warnings)
        out += ["</details>", ""]
    return "\n".join(out) + "\n"
