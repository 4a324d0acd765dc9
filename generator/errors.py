"""Content errors as editors read them: French, with file, line, column and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# What an error is about, from the root cause to its consequences: a file that cannot be
# read (syntax, encoding, name), a file whose content is invalid (a field), a file that
# disagrees with another (numbering, cross-references). Messages are shown in that order.
READING, CONTENT, CONSISTENCY = 0, 1, 2

# What a content file and its texts may contain: the editors' guide, section 5 (GitHub's
# anchor of its heading). Every refusal of what a text holds points there.
HELP = "CONTRIBUTING.md#5-la-mise-en-forme-autorisée-dans-les-textes"


@dataclass(frozen=True, order=True)
class ContentError:
    fichier: str  # path relative to the repository root, with forward slashes
    ligne: int  # 1-based; 0 when the error concerns the whole file
    colonne: int  # 1-based; 0 when unknown
    champ: str  # e.g. "indicateurs[2]"; "" for the whole file
    message: str
    niveau: str = "erreur"  # or "avertissement"
    etape: int = field(default=CONTENT, compare=False)  # READING, CONTENT or CONSISTENCY

    def __post_init__(self):
        if self.niveau not in ("erreur", "avertissement") or self.etape not in (READING, CONTENT, CONSISTENCY):
            raise ValueError(f"niveau « {self.niveau} » or etape {self.etape} unknown (pass etape by name)")

    def __str__(self) -> str:
        where = self.fichier
        if self.ligne:
            where += f":{self.ligne}:{self.colonne or 1}"
        field = f"{self.champ} : " if self.champ else ""
        prefix = "avertissement — " if self.niveau == "avertissement" else ""
        return f"{where} — {prefix}{field}{self.message}"

    def github_annotation(self) -> str:
        """The `::error` workflow command that puts the message on the faulty line."""
        kind = "warning" if self.niveau == "avertissement" else "error"
        props = [f"file={self.fichier}"]
        if self.ligne:
            props += [f"line={self.ligne}", f"col={self.colonne or 1}"]
        field = f"{self.champ} : " if self.champ else ""
        text = (field + self.message).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{kind} {','.join(props)},title=Contenu invalide::{text}"


def ordered(errors: Iterable[ContentError]) -> list[ContentError]:
    """Errors in the order editors should read them: errors before warnings; the files
    with a root cause (unreadable, then invalid) before those with only consequences;
    each file's messages together, by stage then by line."""
    errors = list(errors)
    first: dict[tuple[str, str], int] = {}
    for e in errors:
        key = (e.niveau, e.fichier)
        first[key] = min(first.get(key, e.etape), e.etape)
    return sorted(
        errors,
        key=lambda e: (e.niveau != "erreur", first[(e.niveau, e.fichier)], e.fichier, e.etape, e.ligne, e.colonne),
    )


class ContentInvalid(Exception):
    """Raised when content cannot be turned into a model; carries every error found."""

    def __init__(self, errors: list[ContentError]):
        self.errors = ordered(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def field_label(loc: tuple) -> str:
    """A field as editors name it: « contexte[3].liste[2] » (lists counted from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # editors count from 1
        else:
            out += ("." if out else "") + str(part)
    return out
