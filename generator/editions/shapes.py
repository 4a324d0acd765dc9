"""What every edition is, and the shapes a strategy comes in.

An `Edition` is a frozen dataclass: its id (the strategy's period, in URLs, exports and
the glossary), its key (the name of its measures' folder `content/measures/<key>/`, of its
schemas `mesure-<key>`, `strategie-<key>`, of its templates `mesure<key>.md.j2`…, of its
export fields `pilote_<key>`), its pydantic models, the printed text that is its fidelity
source (`sources/`) and its shape: axes divided into enjeux numbered through the strategy
(`AxesEnjeux`), or into sections (`AxesSections`). Nothing here names an edition: each one
is declared in its own module of this package (see __init__.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from .. import models


@dataclass(frozen=True)
class Edition:
    id: str
    key: str
    strategy_model: type[models.Base]
    measure_model: type[models.Base]
    source: str  # the printed text, in sources/
    current: bool = False  # the strategy the site leads with (home, indicators, per-axis PDFs)
    required: bool = False  # no site without it
    templates: Path | None = None  # a folder of this edition's templates outside the package

    # --- where its content is, what its files are called -----------------------------

    @property
    def strategy_file(self) -> str:
        """Relative to content/."""
        return f"strategies/{self.id}.yaml"

    @property
    def measures_folder(self) -> str:
        return f"measures/{self.key}"

    @property
    def measure_schema(self) -> str:
        return f"mesure-{self.key}"

    @property
    def strategy_schema(self) -> str:
        return f"strategie-{self.key}"

    def template(self, kind: str, suffix: str = "md") -> str:
        """The name of this edition's template of a kind (« mesure », « strategie »)."""
        return f"{kind}{self.key}.{suffix}.j2"

    def field(self, name: str) -> str:
        """An export or comparison field of this edition: « pilote_<key> »."""
        return f"{name}_{self.key}"

    # --- what differs with the shape of the strategy ------------------------------------

    def check(self, col, strategie, doc, entries) -> None:
        """Cross-checks of the measures against their strategy (errors into `col`, a
        content._Collector): `strategie` is None when its file does not validate."""
        raise NotImplementedError

    def check_measure(self, col, entry) -> None:
        """Checks of one measure that its model alone cannot make (its edition's own)."""

    def groups(self, strategy, axe) -> list[tuple[str, str, list]]:
        """The parts of an axis: (prefix, title, its measures)."""
        raise NotImplementedError

    def card(self, strategy, entry) -> dict:
        """What a measure's card needs besides the measure: its axis and part."""
        raise NotImplementedError

    # --- its rows in the open-data export (generator/export.py, datapackage.py) ---------

    # The columns of its rows that not every edition has: their description in the Data
    # Package (datapackage.json), and their documentation on the open-data page, a row
    # (names, text) of its table; both shown after the ids of the editions that have them.
    columns: ClassVar[dict[str, str]] = {}
    field_docs: ClassVar[tuple[tuple[tuple[str, ...], str], ...]] = ()

    def export_row(self, strategy, entry, url: str) -> dict:
        """A measure as a row of the open-data export (`donnees/mesures.*`)."""
        raise NotImplementedError

    # --- how its printed text is read (generator/fidelity.py) ---------------------------

    def source_of(self, entry) -> str:
        """The printed text (normalised) that a measure's texts must all be found in."""
        raise NotImplementedError

    def lost(self, entries) -> dict[int | None, list[str]]:
        """The items of the printed text (bullets, actions…) that the measures lack, by
        measure number (None: an item the printed text does not attribute)."""
        raise NotImplementedError

    def card_title(self, m) -> str:
        """A card's page title; the other strategies' cards name theirs."""
        return f"Mesure {m.numero}{'' if self.current else f' ({self.id})'} – {m.titre}"


class AxesEnjeux(Edition):
    """Axes divided into enjeux numbered through the strategy; a measure names both."""

    print_card = "mesure_enjeux"  # the macro of generator/pdf/templates/_macros.html.j2

    def check(self, col, strategie, doc, entries) -> None:
        """Each measure's axis and enjeu exist and agree; axes and enjeux numbered once."""
        if strategie is None:
            for e in entries:
                self.check_measure(col, e)
            return
        axes = {a.numero: a for a in strategie.axes}
        enjeux = {e.numero: a.numero for a in strategie.axes for e in a.enjeux}
        for e in entries:
            m = e.model
            if m.axe not in axes:
                col.at(e.doc, ("axe",), f"l’axe {m.axe} n’existe pas (axes : {', '.join(map(str, axes))})")
            if m.enjeu not in enjeux:
                col.at(e.doc, ("enjeu",), f"l’enjeu {m.enjeu} n’existe pas (enjeux : 1 à {max(enjeux)})")
            elif m.axe in axes and enjeux[m.enjeu] != m.axe:
                col.at(
                    e.doc,
                    ("enjeu",),
                    f"l’enjeu {m.enjeu} appartient à l’axe {enjeux[m.enjeu]}, pas à l’axe {m.axe}",
                )
            self.check_measure(col, e)
        col.unique_numbers(doc, [("axes", i, a.numero) for i, a in enumerate(strategie.axes)], "axe")
        col.unique_numbers(
            doc,
            [("axes", i, "enjeux", j, e.numero) for i, a in enumerate(strategie.axes) for j, e in enumerate(a.enjeux)],
            "enjeu",
        )

    def groups(self, strategy, axe):
        return [
            (f"Enjeu {en.numero} – ", en.titre, [e for e in strategy.mesures if e.model.enjeu == en.numero])
            for en in axe.enjeux
        ]

    def card(self, strategy, entry) -> dict:
        return dict(axe=strategy.axe(entry.model.axe), enjeu=strategy.enjeu(entry.model.enjeu))


class AxesSections(Edition):
    """Axes divided into sections; measures made of numbered actions, with footnotes."""

    print_card = "mesure_sections"

    def check(self, col, strategie, doc, entries) -> None:
        """The place of each measure in its strategy (if the strategy file is valid), then
        its edition's own checks."""
        sections = {(a.numero, s.numero) for a in strategie.axes for s in a.sections} if strategie else set()
        axes = {a.numero for a in strategie.axes} if strategie else set()
        for e in entries:
            m = e.model
            if strategie is None:
                pass
            elif m.axe not in axes:
                col.at(e.doc, ("axe",), f"l’axe {m.axe} n’existe pas dans la stratégie {self.id}")
            elif (m.axe, m.section) not in sections:
                col.at(
                    e.doc,
                    ("section",),
                    f"la section {m.section} n’existe pas dans l’axe {m.axe} de la stratégie {self.id}",
                )
            self.check_measure(col, e)

    def groups(self, strategy, axe):
        return [
            (
                f"{sec.numero}. ",
                sec.titre,
                [e for e in strategy.mesures if e.model.axe == axe.numero and e.model.section == sec.numero],
            )
            for sec in axe.sections
        ]

    def card(self, strategy, entry) -> dict:
        m = entry.model
        return dict(axe=strategy.axe(m.axe), section=strategy.section(m.axe, m.section))
