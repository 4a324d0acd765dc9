"""Pydantic schemas of the content files.

The models describe the YAML that editors write; they know nothing of MkDocs or of the
site. Field names are the editors' French words and stay the same up to the URLs and the
open-data export.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .sanitize import problems

# --- Texts ---------------------------------------------------------------------------


def check_text(value: str) -> str:
    """A non-empty text whose Markdown the allow-list keeps whole (generator/sanitize.py:
    no HTML, no image, links to https:, http:, mailto: or internal targets only)."""
    if not value.strip():
        raise PydanticCustomError("texte_vide", "ce champ doit être un texte non vide")
    for kind, message in problems(value)[:1]:
        raise PydanticCustomError(kind, "{message}", {"message": message})
    return value


Texte = Annotated[str, AfterValidator(check_text)]


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _str_to(key: str, model):
    """Let editors write a plain string where a one-key mapping is meant."""

    def convert(value):
        return {key: value} if isinstance(value, str) else value

    return BeforeValidator(convert, json_schema_input_type=str | model)


Textes = Annotated[list[Texte], Field(min_length=1)]


class Element(Base):
    """A bullet of a list, possibly with its own sub-bullets."""

    texte: Texte
    sous_liste: list[Texte] = Field(default_factory=list)


ElementDeListe = Annotated[Element, _str_to("texte", Element)]


class Tableau(Base):
    """A table as printed: column headings and rows of cells."""

    entetes: Textes
    lignes: Annotated[list[Textes], Field(min_length=1)]

    @model_validator(mode="after")
    def _same_width(self):
        for row in self.lignes:
            if len(row) != len(self.entetes):
                raise PydanticCustomError(
                    "tableau_invalide",
                    "chaque ligne du tableau doit avoir autant de cellules que d’en-têtes ({n})",
                    {"n": len(self.entetes)},
                )
        return self


class Bloc(Base):
    """One block of running text: a paragraph, a bulleted list, a sub-heading or a table.

    In YAML a plain string is a paragraph; `liste:`, `intertitre:` and `tableau:` are the others.
    """

    paragraphe: Texte | None = None
    liste: list[ElementDeListe] | None = Field(default=None, min_length=1)
    intertitre: Texte | None = None
    tableau: Tableau | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [k for k in ("paragraphe", "liste", "intertitre", "tableau") if getattr(self, k) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "bloc_invalide",
                "un bloc doit être soit un paragraphe (texte), soit « liste: », "
                "soit « intertitre: », soit « tableau: » (un seul à la fois)",
            )
        return self


BlocDeTexte = Annotated[Bloc, _str_to("paragraphe", Bloc)]
Blocs = Annotated[list[BlocDeTexte], Field(min_length=1)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

# --- Strategies ----------------------------------------------------------------------


class Signataire(Base):
    nom: Texte
    fonction: Texte | None = None


class Preambule(Base):
    """A foreword (« préface », « éditorial ») with its signatory."""

    titre: Texte | None = None
    paragraphes: Blocs
    signataire: Signataire


class Enjeu(Base):
    numero: int = Field(ge=1)
    titre: Texte


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


# --- Measures ------------------------------------------------------------------------


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


_ACTION_NUMBER = r"^[0-9]{1,2}\.[0-9]{1,2}$"


class Action2019(Base):
    numero: Annotated[str, Field(pattern=_ACTION_NUMBER)]
    texte: Texte
    liste: list[ElementDeListe] = Field(default_factory=list)


class LignePilote2019(Base):
    texte: Texte = Field(description="La ligne « Pilote(s) (et partenaires) : … » telle qu’imprimée")
    actions: Annotated[list[Annotated[str, Field(pattern=_ACTION_NUMBER)]], Field(min_length=1)]


class Note(Base):
    numero: int = Field(ge=1)
    texte: Texte


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


# Which model validates which content file, by path pattern (relative to content/).
SCHEMAS: dict[str, type[Base]] = {
    "mesure-2026": Mesure2026,
    "mesure-2019": Mesure2019,
    "strategie-2026": Strategie2026,
    "strategie-2019": Strategie2019,
}


# --- Glossary ------------------------------------------------------------------------

Periode = Literal["2020-2024", "2026-2030"]


class Developpement(Base):
    """One expansion of an acronym, as printed in one or both glossaries."""

    texte: Texte
    strategies: Annotated[list[Periode], Field(min_length=1)] = Field(
        description="Glossaire(s) imprimé(s) où figure ce développement"
    )


class EntreeGlossaire(Base):
    sigle: Texte
    developpements: Annotated[list[Developpement], Field(min_length=1)]
    note_editeur: Texte | None = Field(default=None, description="Ajout éditorial (ex. coquille du document imprimé)")


class Glossaire(Base):
    entrees: Annotated[list[EntreeGlossaire], Field(min_length=1)]


SCHEMAS["glossaire"] = Glossaire


# --- Partner registry ----------------------------------------------------------------

TypeOrganisation = Literal[
    "ministère",
    "direction d’administration centrale",
    "délégation interministérielle",
    "service déconcentré",
    "autorité judiciaire",
    "collectivité",
    "élu",
    "association",
    "opérateur",
    "organisme de sécurité sociale",
    "autorité indépendante",
    "instance locale",
    "établissement ou service",
    "professionnels",
    "entreprise ou fédération",
    "autre",
]


class Organisation(Base):
    """An organisation or group that pilots or joins measures (editorial registry)."""

    id: Slug = Field(description="Identifiant stable, utilisé dans les URL (ex. « dgs »)")
    nom: Texte = Field(description="Nom canonique")
    sigle: str | None = Field(default=None, description="Sigle, tel qu’il figure au glossaire")
    type: TypeOrganisation
    alias: list[Texte] = Field(default_factory=list, description="Formes imprimées dans les mesures")
    note_editeur: Texte | None = None


class Registre(Base):
    organisations: Annotated[list[Organisation], Field(min_length=1)]


SCHEMAS["partenaires"] = Registre


# --- Comparison of two strategies (editions.COMPARISON by default) --------------------


def _declared_pair() -> tuple[str, str]:
    from .editions import COMPARISON

    return COMPARISON


Relation = Literal["reconduite", "renforcée", "élargie", "refondue", "fusion", "scission", "nouvelle", "non reprise"]


class Lien(Base):
    """A link between measures of the two strategies (editorial content)."""

    mesures_2019: list[int] = Field(default_factory=list, description="Numéros 2020-2024")
    mesures_2026: list[int] = Field(default_factory=list, description="Numéros 2026-2030")
    relation: Relation
    justification: Texte = Field(
        description="Une ou deux phrases citant ce que les textes partagent (ou la raison de la nouveauté)"
    )
    source: Literal["énoncée", "déduite"] = Field(
        default="déduite", description="« énoncée » si le texte 2026 établit lui-même ce lien"
    )
    themes: list[Texte] = Field(default_factory=list, description="Thèmes (ex. « narcotrafic »)")

    @model_validator(mode="after")
    def _shape(self):
        n19, n26 = len(self.mesures_2019), len(self.mesures_2026)
        rules = {
            "nouvelle": (
                n19 == 0 and n26 == 1,
                "une mesure « nouvelle » n’a aucune mesure 2020-2024 et une seule mesure 2026-2030",
            ),
            "non reprise": (
                n19 == 1 and n26 == 0,
                "une mesure « non reprise » a une seule mesure 2020-2024 et aucune mesure 2026-2030",
            ),
            "fusion": (
                n19 >= 2 and n26 == 1,
                "une « fusion » relie plusieurs mesures 2020-2024 à une seule mesure 2026-2030",
            ),
            "scission": (
                n19 == 1 and n26 >= 2,
                "une « scission » relie une mesure 2020-2024 à plusieurs mesures 2026-2030",
            ),
        }
        ok, message = rules.get(
            self.relation, (n19 >= 1 and n26 >= 1, "ce lien doit nommer au moins une mesure de chaque stratégie")
        )
        if not ok:
            raise PydanticCustomError("lien_invalide", message)
        return self

    def numbers(self, key: str) -> list[int]:
        """The measures of one side: the edition's field « mesures_<key> »."""
        return list(getattr(self, f"mesures_{key}"))


class Comparaison(Base):
    strategies: Annotated[list[Periode], Field(min_length=2, max_length=2)] = Field(
        default_factory=lambda: list(_declared_pair()),
        description="Les deux stratégies comparées : la précédente, puis la suivante",
    )
    liens: Annotated[list[Lien], Field(min_length=1)]

    @model_validator(mode="after")
    def _two_strategies(self):
        if self.strategies[0] == self.strategies[1]:
            raise PydanticCustomError("comparaison_invalide", "la comparaison doit nommer deux stratégies différentes")
        return self

    @property
    def pair(self) -> tuple[str, str]:
        """The editions compared (before, after)."""
        return (self.strategies[0], self.strategies[1])


SCHEMAS["comparaison"] = Comparaison
