"""The Stratégie nationale de prévention de la délinquance 2020-2024 (adopted in 2019): the
previous strategy, 40 measures in 4 axes divided into sections, each measure made of
numbered actions, with footnotes. Its content is `content/strategies/2020-2024.yaml` and
`content/measures/2019/`; its templates are named after its key (`mesure2019.md.j2`…); its
printed text is `sources/snpd-2020-2024.txt`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ..errors import CONTENT
from ..models import Base, BlocDeTexte, ElementDeListe, Note, Preambule, Slug, Texte, texts_with_loc
from ..text import FOOTNOTE_CALL
from .shapes import AxesSections

# --- its content files -----------------------------------------------------------------


class Section2019(Base):
    numero: int = Field(ge=1)
    titre: Texte
    introduction: list[BlocDeTexte] = Field(default_factory=list, description="Texte d’introduction de la section")


class Axe2019(Base):
    numero: int = Field(ge=1)
    titre: Texte
    introduction: list[BlocDeTexte] = Field(default_factory=list)
    sections: Annotated[list[Section2019], Field(min_length=1)]


class Strategie2019(Base):
    titre: Texte
    periode: Literal["2020-2024"]
    preambules: Annotated[list[Preambule], Field(min_length=1)]
    axes: Annotated[list[Axe2019], Field(min_length=1)]


_ACTION_NUMBER = r"^[0-9]{1,2}\.[0-9]{1,2}$"


class Action2019(Base):
    numero: Annotated[str, Field(pattern=_ACTION_NUMBER)]
    texte: Texte
    liste: list[ElementDeListe] = Field(default_factory=list)


class LignePilote2019(Base):
    texte: Texte = Field(description="La ligne « Pilote(s) (et partenaires) : … » telle qu’imprimée")
    actions: Annotated[list[Annotated[str, Field(pattern=_ACTION_NUMBER)]], Field(min_length=1)]


class Mesure2019(Base):
    """A measure of the 2020-2024 strategy, as printed."""

    numero: int = Field(ge=1)
    axe: int = Field(ge=1)
    section: int = Field(ge=1)
    titre: Texte
    titre_court: Texte | None = None
    introduction: list[BlocDeTexte] = Field(
        default_factory=list, description="Texte imprimé sous le titre, avant les publics"
    )
    publics: list[Texte] = Field(default_factory=list, description="Publics visés")
    actions: Annotated[list[Action2019], Field(min_length=1)]
    pilotes: list[LignePilote2019] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list, description="Notes de bas de page")
    pilotes_ids: list[Slug] = Field(default_factory=list)
    partenaires_ids: list[Slug] = Field(default_factory=list)
    note_editeur: Texte | None = None


# --- its declaration -------------------------------------------------------------------


class Edition2019(AxesSections):
    """A strategy made like the 2020-2024 one."""

    def check_measure(self, col, entry) -> None:
        """The numbering of a measure's actions (and of the actions its pilot lines cover),
        and its footnotes: each called, each defined."""
        e, m = entry, entry.model
        numbers = [a.numero for a in m.actions]
        for i, a in enumerate(m.actions):
            if a.numero.split(".")[0] != str(m.numero):
                col.at(
                    e.doc,
                    ("actions", i, "numero"),
                    f"l’action {a.numero} n’appartient pas à la mesure {m.numero} (elle devrait commencer par « {m.numero}. »)",
                    CONTENT,
                )
            if numbers.index(a.numero) != i:
                col.at(e.doc, ("actions", i, "numero"), f"l’action {a.numero} est numérotée deux fois", CONTENT)
        for i, p in enumerate(m.pilotes):
            for j, n in enumerate(p.actions):
                if n not in numbers:
                    message = f"l’action {n} n’existe pas dans cette mesure"
                    col.at(e.doc, ("pilotes", i, "actions", j), message, CONTENT)
        defined = {n.numero for n in m.notes}
        called: set[int] = set()
        for loc, text in texts_with_loc(m):
            if loc and loc[0] == "notes":
                continue
            for call in FOOTNOTE_CALL.findall(text):
                called.add(int(call))
                if int(call) not in defined:
                    message = f"la note [^{call}] est appelée mais n’est pas définie dans « notes »"
                    col.at(e.doc, loc, message, CONTENT)
        for i, n in enumerate(m.notes):
            if n.numero not in called:
                col.at(
                    e.doc,
                    ("notes", i, "numero"),
                    f"la note {n.numero} est définie mais jamais appelée (ajoutez [^{n.numero}] dans le texte)",
                    CONTENT,
                )


EDITION = Edition2019(
    id="2020-2024",
    key="2019",
    strategy_model=Strategie2019,
    measure_model=Mesure2019,
    source="snpd-2020-2024.txt",
)
