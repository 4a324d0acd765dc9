"""The strategies the site publishes (« éditions »), each declared once.

An edition is its id (« 2026-2030 », in URLs, exports and the glossary), its key (« 2026 »:
its measures' folder `content/measures/<key>/`, the schema names `mesure-<key>`,
`strategie-<key>`, its templates `mesure<key>.md.j2`…, the export fields `pilote_<key>`),
its strategy file `content/strategies/<id>.yaml`, its pydantic models, the printed text
that is its fidelity source (`sources/`) and its shape: axes divided into enjeux numbered
through the strategy (`AxesEnjeux`), or into sections (`AxesSections`).

Everything that goes over the strategies (loading and validation, page families, partner
index, glossary usage, indicators, exports, PDFs, search) iterates over `EDITIONS`, in
their order: the current strategy first. Adding an edition is its content, one more
declaration in `EDITIONS` (a new shape: a subclass of `Edition` with its own checks, cards
and export row) and its templates. `content/comparison.yaml` names the pair it compares
(`strategies: [avant, après]`; `COMPARISON` by default).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import models
from .text import flatten, plain


@dataclass(frozen=True)
class Edition:
    id: str  # « 2026-2030 »
    key: str  # « 2026 »
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
        """An export or comparison field of this edition: « pilote_2026 »."""
        return f"{name}_{self.key}"

    # --- what differs with the shape of the strategy ------------------------------------

    def check(self, col, strategie, doc, entries) -> None:
        """Cross-checks of the measures against their strategy (errors into `col`)."""
        raise NotImplementedError

    def groups(self, strategy, axe) -> list[tuple[str, str, list]]:
        """The parts of an axis: (prefix, title, its measures)."""
        raise NotImplementedError

    def card(self, strategy, entry) -> dict:
        """What a measure's card needs besides the measure: its axis and part."""
        raise NotImplementedError

    def export_row(self, strategy, entry, url: str) -> dict:
        """A measure as a row of the open-data export (`donnees/mesures.*`)."""
        raise NotImplementedError

    def card_title(self, m) -> str:
        """A card's page title; the other strategies' cards name theirs."""
        return f"Mesure {m.numero}{'' if self.current else f' ({self.id})'} – {m.titre}"


class AxesEnjeux(Edition):
    """Axes divided into enjeux numbered through the strategy; a measure names both."""

    print_card = "mesure2026"  # the macro of generator/pdf/templates/_macros.html.j2

    def check(self, col, strategie, doc, entries) -> None:
        from .content import _check_2026

        _check_2026(col, strategie, doc, entries)

    def groups(self, strategy, axe):
        return [
            (f"Enjeu {en.numero} – ", en.titre, [e for e in strategy.mesures if e.model.enjeu == en.numero])
            for en in axe.enjeux
        ]

    def card(self, strategy, entry) -> dict:
        return dict(axe=strategy.axe(entry.model.axe), enjeu=strategy.enjeu(entry.model.enjeu))

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


class AxesSections(Edition):
    """Axes divided into sections; measures made of numbered actions, with footnotes."""

    print_card = "mesure2019"

    def check(self, col, strategie, doc, entries) -> None:
        from .content import _check_2019

        _check_2019(col, strategie, entries)

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


def _items(items) -> list[str]:
    out = []
    for item in items:
        out.append(plain(item.texte))
        out.extend(plain(s) for s in item.sous_liste)
    return out


# --- the declarations ----------------------------------------------------------------

EDITIONS: tuple[Edition, ...] = (
    AxesEnjeux(
        id="2026-2030",
        key="2026",
        strategy_model=models.Strategie2026,
        measure_model=models.Mesure2026,
        source="snpd-2026-2030.txt",
        current=True,
        required=True,
    ),
    AxesSections(
        id="2020-2024",
        key="2019",
        strategy_model=models.Strategie2019,
        measure_model=models.Mesure2019,
        source="snpd-2020-2024.txt",
    ),
)

# The pair that content/comparison.yaml compares when it does not name one (its field
# `strategies`, see models.Comparaison): (before, after).
COMPARISON: tuple[str, str] = ("2020-2024", "2026-2030")


def registry(editions=None) -> dict[str, Edition]:
    """The editions by id; two editions with the same id or key are refused."""
    out: dict[str, Edition] = {}
    keys: set[str] = set()
    for edition in EDITIONS if editions is None else editions:
        if edition.id in out or edition.key in keys:
            raise ValueError(f"édition déclarée deux fois : {edition.id} ({edition.key})")
        out[edition.id] = edition
        keys.add(edition.key)
    if sum(e.current for e in out.values()) != 1:
        raise ValueError("une et une seule édition doit être l’édition courante (current=True)")
    return out


def by_id(edition_id: str) -> Edition:
    return registry()[edition_id]


def current() -> Edition:
    return next(e for e in EDITIONS if e.current)


registry()  # the declarations above are checked at import
