"""The Stratégie nationale de prévention de la délinquance 2026-2030: the current strategy,
50 measures in 3 axes and 12 enjeux numbered through the strategy. Its content is
`content/strategies/2026-2030.yaml` and `content/measures/2026/`; its templates are named
after its key (`mesure2026.md.j2`…); its printed text is `sources/snpd-2026-2030.txt`."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from .. import fidelity
from ..models import Base, BlocDeTexte, Blocs, Enjeu, Preambule, Slug, Texte, Textes
from ..text import LIST_SEPARATOR, flatten, plain
from .shapes import AxesEnjeux

# --- its content files -----------------------------------------------------------------


class Axe2026(Base):
    numero: int = Field(ge=1)
    titre: Texte
    enjeux: Annotated[list[Enjeu], Field(min_length=1)]


class Strategie2026(Base):
    titre: Texte
    periode: Literal["2026-2030"]
    priorites: Textes
    preambules: Annotated[list[Preambule], Field(min_length=1)]
    axes: Annotated[list[Axe2026], Field(min_length=1)]


class Mesure2026(Base):
    """A measure of the 2026-2030 strategy, as printed."""

    numero: int = Field(ge=1, description="Numéro de la mesure (1 à 50)")
    axe: int = Field(ge=1, description="Numéro de l’axe")
    enjeu: int = Field(ge=1, description="Numéro de l’enjeu (1 à 12, numérotation continue)")
    titre: Texte
    contexte: Blocs
    objectifs: list[BlocDeTexte] = Field(default_factory=list)
    modalites: list[BlocDeTexte] = Field(default_factory=list, description="Modalités de mise en œuvre")
    pilote: Textes = Field(description="Pilote(s), tel(s) qu’imprimé(s)")
    partenaires: list[Texte] = Field(
        default_factory=list, description="Partenaires, tels qu’imprimés (une ligne par puce)"
    )
    indicateurs: Textes = Field(description="Indicateurs d’évaluation")
    page: int | None = Field(default=None, ge=1, description="Page imprimée, si connue")
    pilotes_ids: list[Slug] = Field(
        default_factory=list, description="Ajout éditorial : identifiants du registre des partenaires"
    )
    partenaires_ids: list[Slug] = Field(
        default_factory=list, description="Ajout éditorial : identifiants du registre des partenaires"
    )
    note_editeur: Texte | None = Field(default=None, description="Ajout éditorial, signalé comme tel")

    @model_validator(mode="after")
    def _has_objectives_or_steps(self):
        if not self.objectifs and not self.modalites:
            raise PydanticCustomError("sans_contenu", "la mesure doit avoir des « objectifs » ou des « modalites »")
        return self


# --- its declaration -------------------------------------------------------------------


class Edition2026(AxesEnjeux):
    """A strategy made like the 2026-2030 one."""

    # --- its rows in the open-data export

    columns = {
        "enjeu": "titre de l’enjeu",
        "enjeu_numero": "numéro de l’enjeu",
        "contexte": f"paragraphes du contexte, {LIST_SEPARATOR}",
        "objectifs": f"objectifs, {LIST_SEPARATOR}",
        "modalites": f"modalités de mise en œuvre, {LIST_SEPARATOR}",
        "pilote": "pilote(s) tel(s) qu’imprimé(s)",
        "partenaires": "partenaires tels qu’imprimés",
        "indicateurs": f"indicateurs d’évaluation, {LIST_SEPARATOR}",
        "page": "page du document imprimé",
    }
    field_docs = (
        (("enjeu", "enjeu_numero"), "titre et numéro de l’enjeu"),
        (("contexte",), "paragraphes du contexte, liste de textes"),
        (("objectifs",), "objectifs, liste de textes"),
        (("modalites",), "modalités de mise en œuvre, liste de textes"),
        (("pilote",), "pilote(s) tel(s) qu’imprimé(s), texte"),
        (("partenaires",), "partenaires tels qu’imprimés, texte"),
        (("indicateurs",), "indicateurs d’évaluation, liste de textes"),
        (("page",), "page du document imprimé, ou `null`"),
    )

    def export_row(self, strategy, entry, url: str) -> dict:
        m = entry.model
        axe = strategy.axe(m.axe)
        return {
            "strategie": self.id,
            "numero": m.numero,
            "titre": plain(m.titre),
            "axe": {"numero": axe.numero, "titre": plain(axe.titre)},
            "enjeu": plain(strategy.enjeu(m.enjeu).titre),
            "enjeu_numero": m.enjeu,
            "contexte": flatten(m.contexte),
            "objectifs": flatten(m.objectifs),
            "modalites": flatten(m.modalites),
            "pilote": "\n".join(plain(p) for p in m.pilote),
            "partenaires": "\n".join(plain(p) for p in m.partenaires),
            "indicateurs": [plain(i) for i in m.indicateurs],
            "pilotes_ids": list(m.pilotes_ids),
            "partenaires_ids": list(m.partenaires_ids),
            "page": m.page,
            "url": url,
            "note_editeur": plain(m.note_editeur) if m.note_editeur else None,
        }

    # --- its printed text: a measure runs from its header « MESURE n » to the next one
    # (the last one to the glossary); its bullets and indicators are bullet lines

    def measure_lines(self, numero: int) -> list[str]:
        """The lines of the printed text of a measure: from its first header to the next measure."""
        lines = fidelity.source_lines(self.source)
        starts = {}
        for i, line in enumerate(lines):
            m = _MEASURE.match(line)
            if m:
                starts.setdefault(int(m.group(1)), i)
        end_glossary = next(i for i, line in enumerate(lines) if line.strip() == "GLOSSAIRE")
        start = starts[numero]
        end = starts.get(numero + 1, end_glossary)
        return list(lines[start:end])

    def source_of(self, entry) -> str:
        return fidelity.normalise("\n".join(self.measure_lines(entry.model.numero)))

    def lost(self, entries) -> dict[int | None, list[str]]:
        """Bullet and indicator lines of each measure's printed text missing from its YAML."""
        out: dict[int | None, list[str]] = {}
        for entry in entries:
            mine = fidelity.normalise("\n".join(fidelity.texts_of(entry.model)))
            for line in self.measure_lines(entry.model.numero):
                m = fidelity.BULLET.match(line)
                if m:
                    first = fidelity.normalise(m.group(1))
                    if first and first not in mine:
                        problem = f"puce de la source absente du YAML : « {m.group(1).strip()[:160]} »"
                        out.setdefault(entry.model.numero, []).append(problem)
        return out


_MEASURE = re.compile(r"^\s*MESURE (\d+)\b")


EDITION = Edition2026(
    id="2026-2030",
    key="2026",
    strategy_model=Strategie2026,
    measure_model=Mesure2026,
    source="snpd-2026-2030.txt",
    current=True,
    required=True,
)
