"""Mistakes an editor makes in GitHub's web editor, each made once on a real content file.

Each case copies the whole real content tree, makes one edit to one file (as an editor
would: a lost dash, a tab, a misspelt key…), runs `python -m generator check` and asserts
that the first message is the mistake: in the edited file, at the line the editor must
look at (and the column, where given), naming the field, in French only; and that no
message is about, or names, another file (no cascade). The same holds for the GitHub
annotations and the step summary, in that order.

A case names the text to find in the real file (a regular expression, the first match is
replaced) and the line the message must point at by the text that starts it in the
edited file, so that the corpus survives editorial changes elsewhere in the files.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.__main__ import main
from generator.content import field_names, list_names
from generator.errors import ContentInvalid
from generator.schemas import schema_models
from generator.yamlfile import load_yaml

ROOT = Path(__file__).resolve().parent.parent
M7 = "content/measures/2026/07-sensibiliser-jeunes-haine-en-ligne.yaml"
M5 = "content/measures/2019/05-autonomie-reflexion-jeunes-pairs.yaml"

# Words of the YAML parser's and pydantic's English messages: none may reach an editor.
ENGLISH = re.compile(
    r"\b(expected|found|could not|while (scanning|parsing)|mapping|block|scalar|token|line|column|indicator|"
    r"character|allowed|context|stream|input|value|field|required|error|should|valid)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Mistake:
    nom: str
    quoi: str  # the edit, in the editor's words
    fichier: str  # the content file edited
    avant: str | None  # regular expression: its first match is replaced…
    apres: str  # …by this
    ligne: str | int  # the line the first message points at: the text that starts it, or its number
    champ: str  # the field the message names ("" when there is none)
    mots: str  # words of the message
    colonne: str | None = None  # the text at the column the message points at
    renommer: str | None = None  # the file's new name, for a renamed file
    encodage: str | None = None  # the encoding the file is saved in, if not UTF-8
    cite: str | None = None  # another file the message may name (the registry, where to add an id)


MISTAKES = [
    # --- keys ---------------------------------------------------------------------------------
    Mistake(
        "cle-mal-orthographiee",
        "« indicateurs: » tapé « indicateur: »",
        M7,
        r"(?m)^indicateurs:",
        "indicateur:",
        "indicateur:",
        "indicateur",
        "champ inconnu : vouliez-vous dire « indicateurs » ?",
    ),
    Mistake(
        "cle-en-majuscule",
        "« pilote: » écrit « Pilote: »",
        M7,
        r"(?m)^pilote:",
        "Pilote:",
        "Pilote:",
        "Pilote",
        "champ inconnu : vouliez-vous dire « pilote » ?",
    ),
    Mistake(
        "guillemets-courbes-autour-de-la-cle",
        "« titre » entre guillemets courbes, collé depuis un traitement de texte",
        M7,
        r"(?m)^titre:",
        "“titre”:",
        "“titre”:",
        "“titre”",
        "champ inconnu : vouliez-vous dire « titre » ?",
    ),
    Mistake(
        "cle-au-pluriel",
        "« section: » écrit « sections: » (mesure 2020-2024)",
        M5,
        r"(?m)^section:",
        "sections:",
        "sections:",
        "sections",
        "champ inconnu : vouliez-vous dire « section » ?",
    ),
    Mistake(
        "cle-avec-accent",
        "« modalites: » écrit avec son accent, « modalités: »",
        M7,
        r"(?m)^modalites:",
        "modalités:",
        "modalités:",
        "modalités",
        "champ inconnu : vouliez-vous dire « modalites » ?",
    ),
    Mistake(
        "champ-efface",
        "la ligne du titre effacée",
        M7,
        r"(?m)^titre: .*\n",
        "",
        "numero: 7",
        "titre",
        "champ obligatoire manquant",
    ),
    Mistake(
        "valeur-effacee",
        "le texte du titre effacé, « titre: » laissé seul",
        M7,
        r"(?m)^titre: .*",
        "titre:",
        "titre:",
        "titre",
        "ce champ est vide : écrivez sa valeur",
    ),
    Mistake(
        "deux-points-oublie",
        "le « : » après « pilote » effacé",
        M7,
        r"(?m)^pilote:",
        "pilote",
        "pilote",
        "pilote",
        "il manque « : » après « pilote »",
    ),
    Mistake(
        "espace-oubliee-apres-deux-points",
        "« axe: 1 » écrit « axe:1 »",
        M7,
        r"(?m)^axe: 1",
        "axe:1",
        "axe:1",
        "axe",
        "il manque une espace après « axe: »",
        colonne=":1",
    ),
    Mistake(
        "cle-en-double",
        "un second « titre: » ajouté sous le premier",
        M7,
        r"(?m)^(titre: .*\n)",
        r"\1titre: Haine en ligne\n",
        "titre: Haine en ligne",
        "titre",
        "la clé « titre » apparaît deux fois (déjà à la ligne 5) : gardez-en une seule",
    ),
    # --- lists --------------------------------------------------------------------------------
    Mistake(
        "tiret-perdu",
        "le « - » du deuxième indicateur effacé",
        M7,
        r"(?m)^(indicateurs:\n  - .*\n)  - ",
        r"\1  ",
        "  Diffusion d’outils",
        "indicateurs",
        "il manque le tiret « - » au début de cet élément de liste",
    ),
    Mistake(
        "tiret-perdu-au-premier-element",
        "le « - » du premier indicateur effacé",
        M7,
        r"(?m)^(indicateurs:\n)  - ",
        r"\1  ",
        "  Réunions organisées",
        "indicateurs",
        "il manque le tiret « - » au début de cet élément de liste",
    ),
    Mistake(
        "tiret-en-trop",
        "un « - » tapé devant « axe: », qui n’est pas un élément de liste",
        M7,
        r"(?m)^axe: 1",
        "- axe: 1",
        "- axe: 1",
        "axe",
        "tiret « - » en trop : « axe » est un champ, pas un élément de liste",
    ),
    Mistake(
        "espace-insecable-apres-le-tiret",
        "l’espace après le « - » d’un indicateur remplacée par une espace insécable (texte collé d’un traitement de texte)",
        M7,
        r"(?m)^(indicateurs:\n)  - ",
        "\\1  -\u00a0",
        "  -\u00a0Réunions",
        "indicateurs",
        "espace insécable après le tiret « - »",
        colonne="\u00a0",
    ),
    Mistake(
        "tiret-colle-au-texte",
        "l’espace après le « - » du pilote effacée",
        M7,
        r"(?m)^(pilote:\n  )- ",
        r"\1-",
        "  -DGCS",
        "pilote",
        "il manque une espace après le tiret « - »",
    ),
    Mistake(
        "liste-ecrite-comme-un-texte",
        "le pilote écrit sur la ligne de « pilote: », sans tiret",
        M7,
        r"(?m)^pilote:\n  - DGCS",
        "pilote: DGCS",
        "pilote: DGCS",
        "pilote",
        "ce champ doit être une liste (lignes commençant par « - »)",
        colonne="DGCS",
    ),
    Mistake(
        "glossaire-tiret-perdu",
        "le « - » d’une entrée du glossaire effacé",
        "content/glossary.yaml",
        r"(?m)^  - (sigle: AE\n)",
        r"  \1",
        "  sigle: AE",
        "sigle",
        "il manque le tiret « - » au début de cet élément de liste",
    ),
    # --- indentation ----------------------------------------------------------------------------
    Mistake(
        "decalage-perdu",
        "une ligne d’un paragraphe du contexte collée à gauche de deux espaces",
        M7,
        r"(?m)^(contexte:\n  - >-\n    .*\n)    ",
        r"\1  ",
        "  la haine, au passage",
        "contexte",
        "indentation incohérente : cette ligne doit commencer par 4 espaces",
    ),
    Mistake(
        "decalage-en-trop",
        "deux espaces tapées devant « objectifs: »",
        M7,
        r"(?m)^objectifs:",
        "  objectifs:",
        "  objectifs:",
        "objectifs",
        "indentation incohérente : cette ligne doit commencer sans espace",
    ),
    Mistake(
        "sous-liste-mal-alignee",
        "« sous_liste: » reculé de deux espaces",
        M7,
        r"(?m)^        sous_liste:",
        "      sous_liste:",
        "      sous_liste:",
        "sous_liste",
        "indentation incohérente : cette ligne doit commencer par 8 espaces",
    ),
    Mistake(
        "decalage-en-espaces-insecables",
        "un indicateur collé d’un traitement de texte, décalé par deux espaces insécables",
        M7,
        r"(?m)^(indicateurs:\n)  - ",
        "\\1\u00a0\u00a0- ",
        "\u00a0\u00a0- Réunions",
        "indicateurs",
        "espace insécable au début de la ligne",
        colonne="\u00a0",
    ),
    Mistake(
        "tabulation",
        "la touche Tabulation pour décaler le premier indicateur",
        M7,
        r"(?m)^(indicateurs:\n)  - ",
        "\\1\t- ",
        "\t- Réunions",
        "indicateurs",
        "tabulation interdite",
    ),
    # --- quotes, colons, special characters ---------------------------------------------------
    Mistake(
        "guillemet-non-ferme",
        'un « " » ouvert devant le titre, jamais fermé',
        M7,
        r"(?m)^titre: ",
        'titre: "',
        'titre: "',
        "titre",
        "guillemet ouvert jamais fermé",
        colonne='"',
    ),
    Mistake(
        "apostrophe-droite",
        "le titre mis entre apostrophes droites, alors qu’il contient une apostrophe droite",
        M5,
        r"(?m)^titre: Développer l’autonomie(.*)$",
        r"titre: 'Développer l'autonomie\1'",
        "titre: 'Développer",
        "titre",
        "apostrophe droite « ' » dans un texte entre apostrophes",
        colonne="'",
    ),
    Mistake(
        "deux-points-dans-un-titre",
        "« : » ajouté dans le titre",
        M7,
        r"(?m)^(titre: Sensibiliser les jeunes) à",
        r"\1 :",
        "titre: Sensibiliser",
        "titre",
        "« : » inattendu : un texte contenant « : » doit être mis entre guillemets",
        colonne=": la haine",
    ),
    Mistake(
        "deux-points-dans-un-element",
        "« : » ajouté dans un indicateur (la typographie française met une espace avant)",
        M7,
        r"(?m)^(indicateurs:\n  - Réunions organisées) avec",
        r"\1 : avec",
        "  - Réunions organisées",
        "indicateurs[1]",
        "ce texte contient « : » et se lit donc comme « nom: valeur »",
        colonne=": avec",
    ),
    Mistake(
        "deux-points-dans-un-titre-de-strategie",
        "« : » ajouté dans le titre de la stratégie",
        "content/strategies/2026-2030.yaml",
        r"(?m)^titre: Stratégie nationale",
        "titre: Stratégie : nationale",
        "titre: Stratégie",
        "titre",
        "« : » inattendu",
        colonne=": nationale",
    ),
    Mistake(
        "diese-dans-un-texte",
        "un mot-dièse dans un indicateur",
        M7,
        r"(?m)^(indicateurs:\n  - .*\n  - Diffusion d’outils) sur",
        r"\1 #signalement sur",
        "  - Diffusion d’outils",
        "indicateurs",
        "le texte s’arrête avant « # », qui commence un commentaire",
        colonne="#",
    ),
    Mistake(
        "diese-en-debut-de-texte",
        "un mot-dièse au début du titre",
        M7,
        r"(?m)^titre: ",
        "titre: #",
        "titre: #",
        "titre",
        "ce champ est vide : « # » commence un commentaire",
    ),
    Mistake(
        "italique-en-debut-de-texte",
        "un indicateur qui commence par un mot en italique (*…*)",
        M7,
        r"(?m)^(indicateurs:\n  - )",
        r"\1*Réunions* ",
        "  - *Réunions*",
        "indicateurs",
        "un texte qui commence par « * » ou « & » doit être mis entre guillemets",
        colonne="*",
    ),
    Mistake(
        "texte-sur-la-ligne-du-chevron",
        "le premier paragraphe du contexte remonté sur la ligne de « >- »",
        M7,
        r"(?m)^(contexte:\n  - >-)\n    ",
        r"\1 ",
        "  - >- L’espace",
        "contexte",
        "après « >- » (ou « | »), le texte commence à la ligne suivante",
    ),
    # --- values -------------------------------------------------------------------------------
    Mistake(
        "nombre-entre-guillemets",
        '« axe: 1 » écrit « axe: "1" »',
        M7,
        r"(?m)^axe: 1",
        'axe: "1"',
        'axe: "1"',
        "axe",
        "ce champ doit être un nombre entier : écrivez 1 sans guillemets",
    ),
    Mistake(
        "numero-d-action-sans-guillemets",
        'le numéro d’action « "5.1" » écrit sans guillemets (mesure 2020-2024)',
        M5,
        r'numero: "5\.1"',
        "numero: 5.1",
        "  - numero: 5.1",
        "actions[1].numero",
        'ce champ doit être un texte : écrivez-le entre guillemets, « "5.1" »',
    ),
    Mistake(
        "annee-sans-guillemets",
        "un indicateur qui n’est qu’une année, écrit sans guillemets",
        M7,
        r"(?m)^(indicateurs:\n  - ).*",
        "\\g<1>2027",
        "  - 2027",
        "indicateurs[1]",
        'ce champ doit être un texte : écrivez-le entre guillemets, « "2027" »',
    ),
    Mistake(
        "relation-sans-accent",
        "« élargie » tapé sans accent dans la comparaison",
        "content/comparison.yaml",
        r"relation: élargie",
        "relation: elargie",
        "    relation: elargie",
        "liens[2].relation",
        "valeur non autorisée : vouliez-vous dire « élargie » ?",
    ),
    Mistake(
        "type-d-organisation-au-singulier",
        "« professionnels » tapé au singulier dans le registre",
        "content/partners.yaml",
        r"type: professionnels",
        "type: professionnel",
        "    type: professionnel",
        "organisations[2].type",
        "valeur non autorisée : vouliez-vous dire « professionnels » ?",
    ),
    Mistake(
        "strategie-mal-tapee-au-glossaire",
        "« 2026-2030 » tapé « 2026-2031 » dans le glossaire",
        "content/glossary.yaml",
        r'strategies: \["2026-2030"\]',
        'strategies: ["2026-2031"]',
        '        strategies: ["2026-2031"]',
        "entrees[1].developpements[1].strategies[1]",
        "valeur non autorisée : vouliez-vous dire « 2026-2030 » ?",
    ),
    Mistake(
        "organisation-mal-orthographiee",
        "l’identifiant « dgcs » tapé « dgsc »",
        M7,
        r"pilotes_ids: \[dgcs\]",
        "pilotes_ids: [dgsc]",
        "pilotes_ids:",
        "pilotes_ids[1]",
        "l’organisation « dgsc » n’existe pas dans content/partners.yaml : vouliez-vous dire « dgcs » ou « dgs » ?",
        colonne="dgsc",
        cite="content/partners.yaml",
    ),
    Mistake(
        "organisation-en-majuscules",
        "l’identifiant « dgcs » écrit comme le sigle, « DGCS »",
        M7,
        r"pilotes_ids: \[dgcs\]",
        "pilotes_ids: [DGCS]",
        "pilotes_ids:",
        "pilotes_ids[1]",
        "écrivez « dgcs »",
        colonne="DGCS",
    ),
    Mistake(
        "numero-de-mesure-inverse",
        "« 15 » tapé « 51 » dans la comparaison",
        "content/comparison.yaml",
        r"mesures_2026: \[1, 7, 12, 15\]",
        "mesures_2026: [1, 7, 12, 51]",
        "    mesures_2026: [1, 7, 12, 51]",
        "liens[1].mesures_2026[4]",
        "la mesure 2026-2030 n° 51 n’existe pas (mesures 1 à 50) : vouliez-vous dire 15 ?",
        colonne="51",
    ),
    Mistake(
        "numero-de-mesure-2019-mal-tape",
        "« 3 » tapé « 43 » dans la comparaison",
        "content/comparison.yaml",
        r"mesures_2019: \[3\]",
        "mesures_2019: [43]",
        "  - mesures_2019: [43]",
        "liens[1].mesures_2019[1]",
        "la mesure 2020-2024 n° 43 n’existe pas (mesures 1 à 40) : vouliez-vous dire 3 ?",
        colonne="43",
    ),
    Mistake(
        "identifiant-change-au-registre",
        "l’identifiant « dgcs » changé en « dcgs » dans le registre, que 19 fiches citent",
        "content/partners.yaml",
        r"(?m)^  - id: dgcs$",
        "  - id: dcgs",
        "  - id: dcgs",
        "organisations[74].id",
        "l’identifiant « dcgs » n’est cité par aucune mesure, mais « dgcs », absent du registre",
        colonne="dcgs",
    ),
    Mistake(
        "crochet-non-ferme",
        "le « ] » d’une liste entre crochets effacé",
        "content/comparison.yaml",
        r"mesures_2026: \[1, 7, 12, 15\]",
        "mesures_2026: [1, 7, 12, 15",
        "    mesures_2026: [1, 7, 12, 15",
        "mesures_2026",
        "crochet « [ » jamais fermé",
        colonne="[",
    ),
    # --- the whole file -----------------------------------------------------------------------
    Mistake(
        "numero-modifie",
        "« numero: 7 » changé en « numero: 70 » (le nom du fichier commence par 07-)",
        M7,
        r"(?m)^numero: 7",
        "numero: 70",
        "numero: 70",
        "numero",
        "le numéro 70 ne correspond pas au nom du fichier (« 07-… ») : vouliez-vous dire 7 ?",
    ),
    Mistake(
        "renommee-avec-un-autre-numero",
        "la fiche 07 renommée en 17 (le numéro d’une autre mesure)",
        M7,
        None,
        "",
        "numero: 7",
        "numero",
        "le numéro 7 ne correspond pas au nom du fichier (« 17-… ») et la mesure 17 existe déjà : "
        "renommez le fichier pour qu’il commence par « 07- »",
        renommer="content/measures/2026/17-sensibiliser-jeunes-haine-en-ligne.yaml",
    ),
    Mistake(
        "extension-yml",
        "la fiche renommée en « .yml »",
        M7,
        None,
        "",
        1,
        "",
        "extension « .yml » : renommez le fichier en « .yaml »",
        renommer="content/measures/2026/07-sensibiliser-jeunes-haine-en-ligne.yml",
    ),
    Mistake(
        "fichier-vide",
        "tout le texte sélectionné et effacé",
        M7,
        r"(?s).*",
        "",
        1,
        "",
        "le fichier est vide",
    ),
    Mistake(
        "autre-encodage",
        "la fiche enregistrée en Windows-1252 dans un autre logiciel, puis déposée",
        M7,
        None,
        "",
        "titre: Sensibiliser",
        "titre",
        "le fichier n’est pas encodé en UTF-8 : enregistrez-le en UTF-8 (ici, « à » est écrit dans un autre encodage)",
        colonne="à",
        encodage="cp1252",
    ),
    Mistake(
        "renommee-sans-numero",
        "la fiche renommée sans son numéro",
        M7,
        None,
        "",
        1,
        "",
        "nom de fichier invalide : il doit commencer par le numéro sur deux chiffres",
        renommer="content/measures/2026/sensibiliser-jeunes-haine-en-ligne.yaml",
    ),
]


@pytest.fixture(scope="session")
def depot(tmp_path_factory) -> Path:
    """One copy of the real content for all the cases; each makes its mistake in it and
    undoes it (see `_broken`)."""
    root = tmp_path_factory.mktemp("depot")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "mkdocs.yml", root)
    return root


@contextlib.contextmanager
def _broken(root: Path, mistake: Mistake):
    """The copy `root` with the mistake made, for the time of the block: (edited file, its lines)."""
    source = root / mistake.fichier
    original = source.read_bytes()
    text = original.decode("utf-8")
    if mistake.avant is not None:
        text, found = re.subn(mistake.avant, mistake.apres, text, count=1)
        assert found == 1, f"{mistake.nom} : « {mistake.avant} » introuvable dans {mistake.fichier}"
    target = mistake.renommer or mistake.fichier
    source.unlink()
    (root / target).write_bytes(text.encode(mistake.encodage or "utf-8", errors="replace"))
    try:
        yield target, text.split("\n")
    finally:
        (root / target).unlink()
        source.write_bytes(original)


def _normal(text: str) -> str:
    """A text whatever it quotes or counts: « il manque « : » après « pilote » » → « il manque
    «…» après «…» »."""
    text = re.sub(r"\d+", "N", re.sub(r"«[^»]*»", "«…»", text.replace("`", "").replace("\\", "")))
    return " ".join(text.split())


def _kind(message: str) -> str:
    """The words a message starts with, before what it says of this case."""
    return re.split(r" : | \(| ;", _normal(message))[0]


# Section 7 of the editors' guide, « Messages de validation », in the same form.
GUIDE = _normal((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").split("\n## 7. ")[1].split("\n## 8. ")[0])


def _expected(mistake: Mistake, lines: list[str]) -> tuple[int, int | None]:
    if isinstance(mistake.ligne, int):
        return mistake.ligne, None
    found = [n for n, line in enumerate(lines, 1) if line == mistake.ligne] or [
        n for n, line in enumerate(lines, 1) if line.startswith(mistake.ligne)
    ]
    assert len(found) == 1, f"{mistake.nom} : {len(found)} lignes commencent par « {mistake.ligne} »"
    line = found[0]
    return line, None if mistake.colonne is None else lines[line - 1].index(mistake.colonne) + 1


def test_the_corpus_is_large_and_each_case_is_one_small_edit():
    assert len(MISTAKES) >= 25
    assert len({m.nom for m in MISTAKES}) == len(MISTAKES)
    for m in MISTAKES:
        if m.avant is None or m.avant == r"(?s).*":
            continue
        before = (ROOT / m.fichier).read_text(encoding="utf-8").split("\n")
        after = re.sub(m.avant, m.apres, "\n".join(before), count=1).split("\n")
        blocks = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
        changed = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in blocks if tag != "equal")
        assert 1 <= changed <= 2, f"{m.nom} : {changed} lignes modifiées"


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: m.nom)
def test_the_first_message_is_the_mistake(mistake, depot, tmp_path, monkeypatch, capsys):
    with _broken(depot, mistake) as (target, lines):
        _first_message_is_the_mistake(mistake, depot, target, lines, tmp_path, monkeypatch, capsys)


def _first_message_is_the_mistake(mistake, root, target, lines, tmp_path, monkeypatch, capsys):
    line, column = _expected(mistake, lines)
    summary = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(root), "check"]) == 1
    out = capsys.readouterr()
    messages = [m for m in out.err.splitlines() if " — " in m]
    assert messages, out.err
    first = messages[0]
    where = f"{target}:{line}:" + (f"{column} " if column else "")
    assert first.startswith(where), f"attendu {where}…, obtenu : {first}"
    assert mistake.mots in first, first
    if mistake.champ:
        assert f" — {mistake.champ} : " in first, first
    else:
        assert f" — {mistake.mots}" in first, first
    # One mistake, one file: no message elsewhere, no other file named.
    assert all(m.startswith(f"{target}:") for m in messages), "\n".join(messages)
    report = out.err + out.out + summary.read_text(encoding="utf-8")
    others = {p.relative_to(root).as_posix() for p in (root / "content").rglob("*.yaml")} - {target, mistake.cite}
    assert not [o for o in others if o in report], report
    assert "content/measures/2026/ " not in report and "manquantes" not in report
    # French only, and explained in the editors' guide.
    assert not ENGLISH.search(out.err), out.err
    message = first.split(" — ", 1)[1].removeprefix(f"{mistake.champ} : " if mistake.champ else "")
    assert _kind(message) in GUIDE, f"« {_kind(message)} » absent de CONTRIBUTING.md, section 7"
    # The same first in the pull request's annotations and in the step summary.
    annotations = [a for a in out.out.splitlines() if a.startswith("::error ")]
    assert annotations[0].startswith(f"::error file={target},line={line},"), annotations[0]
    items = [s for s in summary.read_text(encoding="utf-8").splitlines() if s.startswith(("**`", "- "))]
    assert items[0] == f"**`{target}`**" and items[1].startswith(f"- ligne {line}, colonne "), items[:2]


@pytest.mark.parametrize("name", ["tiret-perdu", "cle-mal-orthographiee", "autre-encodage"])
def test_check_prints_the_mistake_first(name, depot):
    """The real command, as the CI runs it."""
    mistake = next(m for m in MISTAKES if m.nom == name)
    with _broken(depot, mistake) as (target, lines):
        line, _ = _expected(mistake, lines)
        result = subprocess.run(
            [sys.executable, "-m", "generator", "--root", str(depot), "check"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"},
        )
    assert result.returncode == 1
    assert result.stderr.splitlines() == [result.stderr.splitlines()[0], "1 erreur dans le contenu."]
    assert result.stderr.startswith(f"{target}:{line}:")
    assert mistake.mots in result.stderr


def test_annotations_and_summary_keep_the_order_and_the_folding(depot, tmp_path, monkeypatch, capsys):
    """Four mistakes in four files at once: the log, the pull request's annotations and the
    step summary list the same messages in the same order (the file that cannot be read,
    then the invalid ones, then the one that disagrees with another), and none of them
    lists a consequence (measure 7 cannot be read, yet it is neither missing nor unknown
    to the comparison)."""
    names = ["numero-de-mesure-inverse", "cle-au-pluriel", "strategie-mal-tapee-au-glossaire", "tiret-perdu"]
    summary = tmp_path / "resume.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    with contextlib.ExitStack() as stack:
        edited = {}
        for name in names:
            mistake = next(m for m in MISTAKES if m.nom == name)
            target, lines = stack.enter_context(_broken(depot, mistake))
            edited[target] = _expected(mistake, lines)[0]
        assert main(["--root", str(depot), "check"]) == 1
    out = capsys.readouterr()
    log = [
        (m.group(1), int(m.group(2)), m.group(3))
        for m in re.finditer(r"^(\S+):(\d+):\d+ — (.*)$", out.err, re.MULTILINE)
    ]
    annotations = [
        (m.group(1), int(m.group(2)), m.group(3))
        for m in re.finditer(r"^::error file=([^,]+),line=(\d+),col=\d+,title=[^:]*::(.*)$", out.out, re.MULTILINE)
    ]
    listed, current = [], None
    for row in summary.read_text(encoding="utf-8").splitlines():
        if m := re.fullmatch(r"\*\*`(.+)`\*\*", row):
            current = m.group(1)
        elif m := re.match(r"- ligne (\d+), colonne \d+ — (.*)$", row):
            listed.append((current, int(m.group(1)), m.group(2)))
    # one message per mistake, at its line: the unreadable file first, then the invalid ones
    # (by name), then the comparison
    assert [(f, line) for f, line, _ in log] == [
        (M7, edited[M7]),
        ("content/glossary.yaml", edited["content/glossary.yaml"]),
        (M5, edited[M5]),
        ("content/comparison.yaml", edited["content/comparison.yaml"]),
    ], out.err
    assert [(f, line) for f, line, _ in annotations] == [(f, line) for f, line, _ in log]
    assert [(f, line) for f, line, _ in listed] == [(f, line) for f, line, _ in log]
    for (_, _, logged), (_, _, annotated), (_, _, summarised) in zip(log, annotations, listed, strict=True):
        assert logged == annotated  # the same words, field included
        assert md_unescaped(summarised).endswith(logged.split(" : ", 1)[-1])
    assert "4 erreurs dans le contenu." in out.err


def md_unescaped(text: str) -> str:
    """A step summary's line as the editor reads it (Markdown escapes and code marks removed)."""
    return re.sub(r"\\(.)", r"\1", text).replace("`", "")


# --- every YAML syntax problem, in French, at the edited line -----------------------------------

SWEPT = [M7, M5, "content/strategies/2026-2030.yaml"]
KEYS = frozenset().union(*(field_names(model) for model in schema_models().values()))
LISTS = frozenset().union(*(list_names(model) for model in schema_models().values()))


def _edits(lines: list[str]):
    """Single-line mistakes on every line: a lost or stuck dash, a lost colon or space, a line
    moved left or right, a tab, an opening quote or apostrophe never closed, a colon in a text."""
    for i, line in enumerate(lines):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if not stripped or stripped.startswith("#"):
            continue
        yield i, " " * indent + "\t" + stripped
        yield i, "  " + line
        if indent >= 2:
            yield i, line[2:]
        if stripped.startswith("- "):
            yield i, " " * indent + stripped[2:]
            yield i, " " * indent + "-" + stripped[2:]
        if key := re.match(r"^(\s*(?:- )?[a-z_]+):( ?)(.*)$", line):
            yield i, f"{key.group(1)} {key.group(3)}".rstrip()
            yield i, f"{key.group(1)}:{key.group(3)}"
        if indent:  # a word processor's no-break space for a space of the structure
            yield i, "\u00a0" + line[1:]
        if stripped.startswith("- "):
            yield i, " " * indent + "-\u00a0" + stripped[2:]
        if key := re.match(r"^(\s*(?:- )?[a-z_]+): (.*)$", line):
            yield i, f"{key.group(1)}:\u00a0{key.group(2)}"
        if value := re.match(r"^(\s*(?:- )?(?:[a-z_]+: )?)([^\s>\[\"'#].*)$", line):
            yield i, f'{value.group(1)}"{value.group(2)}'
            yield i, f"{value.group(1)}'{value.group(2)}"
            yield i, f"{value.group(1)}{value.group(2).replace(' ', ' : ', 1)}"


@pytest.mark.parametrize("path", SWEPT)
def test_every_syntax_error_is_french_and_at_the_edited_line(path):
    """Every one-line mistake of `_edits` that the reader refuses (a syntax error, or what YAML
    reads but not as meant) is reported at the edited line, in French (at most 1 % elsewhere)."""
    lines = (ROOT / path).read_text(encoding="utf-8").split("\n")
    total, elsewhere = 0, []
    for i, edited in _edits(lines):
        try:
            load_yaml("\n".join([*lines[:i], edited, *lines[i + 1 :]]).encode(), path, KEYS, LISTS)
            continue
        except ContentInvalid as exc:
            (error,) = exc.errors
        total += 1
        assert not ENGLISH.search(error.message), error.message
        if error.ligne != i + 1:
            elsewhere.append(f"ligne {i + 1} « {edited.strip()[:40]} » → ligne {error.ligne} : {error.message[:60]}")
    assert total > 100
    assert len(elsewhere) <= total // 100, "\n".join(elsewhere)
