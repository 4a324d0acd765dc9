"""Pydantic schemas of the content files.

The models describe the YAML that editors write; they know nothing of MkDocs or of the
site. Field names are the editors' French words and stay the same up to the URLs and the
open-data export.
"""

from __future__ import annotations

import functools
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
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


def texts_with_loc(value, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Every text of a model, with its location, for cross-checks on texts."""
    out = []
    if isinstance(value, str):
        out.append((loc, value))
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            out += texts_with_loc(getattr(value, name), loc + (name,))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            out += texts_with_loc(v, loc + (i,))
    return out


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


class Note(Base):  # a footnote, called by « [^n] » in the texts of its measure
    numero: int = Field(ge=1)
    texte: Texte


# The models of each strategy and of its measures are in its edition module
# (generator/editions/): they name it.


# --- Glossary ------------------------------------------------------------------------


@functools.cache
def glossary_model(periodes: tuple[str, ...]) -> type[Base]:
    """The model of content/glossary.yaml, whose expansions name the strategies (the
    declared editions' ids, `periodes`) whose printed glossary has them."""
    periode = Literal[periodes]
    developpement = create_model(
        "Developpement",
        __base__=Base,
        __doc__="One expansion of an acronym, as printed in one or both glossaries.",
        texte=(Texte, ...),
        strategies=(
            Annotated[list[periode], Field(min_length=1)],
            Field(description="Glossaire(s) imprimé(s) où figure ce développement"),
        ),
    )
    entree = create_model(
        "EntreeGlossaire",
        __base__=Base,
        sigle=(Texte, ...),
        developpements=(Annotated[list[developpement], Field(min_length=1)], ...),
        note_editeur=(
            Texte | None,
            Field(default=None, description="Ajout éditorial (ex. coquille du document imprimé)"),
        ),
    )
    return create_model("Glossaire", __base__=Base, entrees=(Annotated[list[entree], Field(min_length=1)], ...))


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


# --- Comparison of two strategies -----------------------------------------------------

Relation = Literal["reconduite", "renforcée", "élargie", "refondue", "fusion", "scission", "nouvelle", "non reprise"]


class LienBase(Base):
    """What every link of a comparison model (`comparison_model`) has besides its fields."""

    def numbers(self, key: str) -> list[int]:
        """The measures of one side: the edition's field « mesures_<key> »."""
        return list(getattr(self, f"mesures_{key}"))


class ComparaisonBase(Base):
    """What every comparison model (`comparison_model`) has besides its fields."""

    @model_validator(mode="after")
    def _two_strategies(self):
        if self.strategies[0] == self.strategies[1]:
            raise PydanticCustomError("comparaison_invalide", "la comparaison doit nommer deux stratégies différentes")
        return self

    @property
    def pair(self) -> tuple[str, str]:
        """The editions compared (before, after)."""
        return (self.strategies[0], self.strategies[1])


@functools.cache
def comparison_model(periodes: tuple[str, ...], before: tuple[str, str], after: tuple[str, str]) -> type[Base]:
    """The model of content/comparison.yaml comparing two strategies, each (id, key):
    a link names the measures of each side in its fields `mesures_<key>`; `strategies`
    names the pair, one of `periodes` (every declared edition) on each side."""
    (id_before, key_before), (id_after, key_after) = before, after
    side_before, side_after = f"mesures_{key_before}", f"mesures_{key_after}"

    def shape(self):
        n_before, n_after = len(getattr(self, side_before)), len(getattr(self, side_after))
        rules = {
            "nouvelle": (
                n_before == 0 and n_after == 1,
                f"une mesure « nouvelle » n’a aucune mesure {id_before} et une seule mesure {id_after}",
            ),
            "non reprise": (
                n_before == 1 and n_after == 0,
                f"une mesure « non reprise » a une seule mesure {id_before} et aucune mesure {id_after}",
            ),
            "fusion": (
                n_before >= 2 and n_after == 1,
                f"une « fusion » relie plusieurs mesures {id_before} à une seule mesure {id_after}",
            ),
            "scission": (
                n_before == 1 and n_after >= 2,
                f"une « scission » relie une mesure {id_before} à plusieurs mesures {id_after}",
            ),
        }
        ok, message = rules.get(
            self.relation,
            (n_before >= 1 and n_after >= 1, "ce lien doit nommer au moins une mesure de chaque stratégie"),
        )
        if not ok:
            raise PydanticCustomError("lien_invalide", message)
        return self

    lien = create_model(
        "Lien",
        __base__=LienBase,
        __doc__="A link between measures of the two strategies (editorial content).",
        __validators__={"_shape": model_validator(mode="after")(shape)},
        **{
            side_before: (list[int], Field(default_factory=list, description=f"Numéros {id_before}")),
            side_after: (list[int], Field(default_factory=list, description=f"Numéros {id_after}")),
        },
        relation=(Relation, ...),
        justification=(
            Texte,
            Field(description="Une ou deux phrases citant ce que les textes partagent (ou la raison de la nouveauté)"),
        ),
        source=(
            Literal["énoncée", "déduite"],
            Field(default="déduite", description=f"« énoncée » si le texte {key_after} établit lui-même ce lien"),
        ),
        themes=(list[Texte], Field(default_factory=list, description="Thèmes (ex. « narcotrafic »)")),
    )
    return create_model(
        "Comparaison",
        __base__=ComparaisonBase,
        strategies=(
            Annotated[list[Literal[periodes]], Field(min_length=2, max_length=2)],
            Field(
                default_factory=lambda: [id_before, id_after],
                description="Les deux stratégies comparées : la précédente, puis la suivante",
            ),
        ),
        liens=(Annotated[list[lien], Field(min_length=1)], ...),
    )
