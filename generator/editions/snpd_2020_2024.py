"""The Stratégie nationale de prévention de la délinquance 2020-2024 (adopted in 2019): the
previous strategy, 40 measures in 4 axes divided into sections, each measure made of
numbered actions, with footnotes. Its content is `content/strategies/2020-2024.yaml` and
`content/measures/2019/`; its templates are named after its key (`mesure2019.md.j2`…); its
printed text is `sources/snpd-2020-2024.txt`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from .. import fidelity
from ..errors import CONTENT
from ..models import Base, BlocDeTexte, ElementDeListe, Note, Preambule, Slug, Texte, texts_with_loc
from ..text import FOOTNOTE_CALL, LIST_SEPARATOR, plain
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

    # --- its rows in the open-data export

    columns = {
        "titre_court": "titre du sommaire, s’il diffère",
        "section": "section de l’axe : « numéro — titre »",
        "publics": f"publics visés, {LIST_SEPARATOR}",
        "actions": f"actions « numéro texte », {LIST_SEPARATOR}",
        "pilotes": f"lignes « Pilotes et partenaires » telles qu’imprimées, {LIST_SEPARATOR}",
        "pilotes_actions": "actions concernées par chaque ligne de pilotes",
        "notes": f"notes de bas de page « numéro texte », {LIST_SEPARATOR}",
    }
    field_docs = (
        (("titre_court",), "titre du sommaire, s’il diffère"),
        (("section",), "`{numero, titre}` de la section de l’axe"),
        (("publics",), "publics visés"),
        (("actions",), '`[{numero: "10.5", texte, liste}]`'),
        (("pilotes",), "lignes « Pilotes et partenaires » telles qu’imprimées"),
        (("notes",), "notes de bas de page `[{numero, texte}]`"),
    )

    def export_row(self, strategy, entry, url: str) -> dict:
        m = entry.model
        axe = strategy.axe(m.axe)
        section = strategy.section(m.axe, m.section)
        return {
            "strategie": self.id,
            "numero": m.numero,
            "titre": plain(m.titre),
            "titre_court": plain(m.titre_court) if m.titre_court else None,
            "axe": {"numero": axe.numero, "titre": plain(axe.titre)},
            "section": {"numero": section.numero, "titre": plain(section.titre)},
            "publics": [plain(p) for p in m.publics],
            "actions": [{"numero": a.numero, "texte": plain(a.texte), "liste": _items(a.liste)} for a in m.actions],
            "pilotes": [plain(p.texte) for p in m.pilotes],
            "pilotes_actions": [list(p.actions) for p in m.pilotes],
            "notes": [{"numero": n.numero, "texte": plain(n.texte)} for n in m.notes],
            "pilotes_ids": list(m.pilotes_ids),
            "partenaires_ids": list(m.partenaires_ids),
            "url": url,
            "note_editeur": plain(m.note_editeur) if m.note_editeur else None,
        }

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

    # --- its printed text: measures are not cut out of it (the whole text is searched);
    # its items are numbered actions « 10.5 », pilot lines, footnotes « (12) » and bullets

    def source_of(self, entry) -> str:
        return fidelity.normalised_source(self.source)

    def source_items(self) -> list[tuple[int | None, str, str]]:
        """(measure or None, kind, first line text) for actions, pilot lines, footnotes, bullets."""
        items = []
        for line in fidelity.source_lines(self.source):
            if m := _ACTION.match(line):
                items.append((int(m.group(1)), "action", f"{m.group(1)}.{m.group(2)} {m.group(3)}"))
            elif m := _PILOT.match(line):
                items.append((None, "ligne pilote", m.group(1)))
            elif m := _NOTE.match(line):
                items.append((None, "note", m.group(2)))
            elif m := fidelity.BULLET.match(line):
                items.append((None, "puce", m.group(1)))
        return items

    def lost(self, entries) -> dict[int | None, list[str]]:
        """Items of the printed text missing from the YAML, by measure number (None: not
        attributable)."""
        per_measure = {}
        for e in entries:
            texts = fidelity.texts_of(e.model)
            texts += [f"{a.numero} {a.texte}" for a in e.model.actions]
            per_measure[e.model.numero] = fidelity.normalise("\n".join(texts))
        everything = "\n".join(per_measure.values())
        problems: dict[int | None, list[str]] = {}
        for measure, kind, text in self.source_items():
            where = per_measure.get(measure, "") if measure else everything
            if fidelity.normalise(text) not in where:
                problems.setdefault(measure, []).append(
                    f"{kind} de la source absente du YAML : « {text.strip()[:160]} »"
                )
        return problems


def _items(items) -> list[str]:
    out = []
    for item in items:
        out.append(plain(item.texte))
        out.extend(plain(s) for s in item.sous_liste)
    return out


_ACTION = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\s{2,}(\S.*)$")
_PILOT = re.compile(r"^\s*(Pilotes?\b.*)$")
_NOTE = re.compile(r"^\s*\((\d{1,2})\)\s+(\S.*)$")


EDITION = Edition2019(
    id="2020-2024",
    key="2019",
    strategy_model=Strategie2019,
    measure_model=Mesure2019,
    source="snpd-2020-2024.txt",
)
