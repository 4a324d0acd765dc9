"""The partner registry (content/partners.yaml) and the `pilotes_ids` / `partenaires_ids` of the
measures: every measure has a pilot, every acronym printed in a pilot or partner text leads to a
registered organisation cited by that measure, every organisation is used, and the validator
rejects unknown ids and aliases claimed twice, in French, with file and line."""

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from generator.content import load_corpus
from generator.errors import ContentInvalid

ROOT = Path(__file__).resolve().parent.parent
BROKEN = Path(__file__).parent / "broken" / "partenaires"

# Measures that print no pilot at all, as ("2026", n) or ("2019", n). None today: every measure of
# both strategies names at least one pilot (the 2020-2024 « Pilotes et partenaires » lines count
# as pilots, since the printed text does not tell them apart).
SANS_PILOTE: set[tuple[str, int]] = set()

# An acronym: capitals and digits, possibly joined by hyphens (SG-CIPDR, COMCYBER-MI) or with a
# bracketed letter (CL(I)SPD); at least two characters, so « E-enfance » is not one.
ACRONYM = re.compile(r"(?<![\w-])[A-Z](?:[A-Z0-9]|\([A-Z]\)|-[A-Z0-9])+(?![\w-])")
# Capitalised words that are not acronyms, and acronyms printed in a partner text that name no
# organisation: CPS (compétences psychosociales, the subject of measure 21) and SIAO (in
# « DGPN/DGGN (annuaire SIAO/115) », measure 45, a directory the police and gendarmerie use).
NOT_ORGANISATIONS = {"ET", "OU", "CPS", "SIAO"}


def _measures(corpus):
    """(strategy, entry, printed pilot and partner texts) for every measure of both strategies."""
    out = [("2026", e, [*e.model.pilote, *e.model.partenaires]) for e in corpus.strategy("2026-2030").mesures]
    out += [("2019", e, [p.texte for p in e.model.pilotes]) for e in corpus.strategy("2020-2024").mesures]
    return out


def _tokens(text: str | None) -> set[str]:
    return set(ACRONYM.findall(text or ""))


def _owners(corpus, acronym: str) -> set[str]:
    """Ids of the organisations whose sigle, name or one alias contains the acronym."""
    return {
        org.id
        for org in corpus.registre.organisations
        if any(acronym in _tokens(name) for name in (org.sigle, org.nom, *org.alias))
    }


def test_both_strategies_are_covered(corpus):
    assert corpus.registre is not None
    assert len(corpus.strategy("2026-2030").mesures) == 50 and len(corpus.strategy("2020-2024").mesures) == 40


def test_every_measure_has_a_pilot(corpus):
    missing = [f"{s} n° {e.model.numero}" for s, e, _ in _measures(corpus) if not e.model.pilotes_ids]
    assert sorted(missing) == sorted(f"{s} n° {n}" for s, n in SANS_PILOTE)


def test_every_acronym_of_a_pilot_or_partner_text_is_a_cited_organisation(corpus):
    problems = []
    for _, entry, texts in _measures(corpus):
        ids = set(entry.model.pilotes_ids) | set(entry.model.partenaires_ids)
        for acronym in sorted({a for t in texts for a in ACRONYM.findall(t)} - NOT_ORGANISATIONS):
            # « DGESCO-SDS », « DGGN-DGPN »: two organisations joined by a hyphen
            parts = [acronym] if _owners(corpus, acronym) or "-" not in acronym else acronym.split("-")
            for part in parts:
                owners = _owners(corpus, part)
                if not owners:
                    problems.append(f"{entry.path} : « {part} » n’est le sigle ni l’alias d’aucune organisation")
                elif not owners & ids:
                    problems.append(f"{entry.path} : « {part} » ({', '.join(sorted(owners))}) absent des identifiants")
    assert not problems, "\n".join(problems)


def test_every_organisation_is_used(corpus):
    used = {i for _, e, _ in _measures(corpus) for i in (*e.model.pilotes_ids, *e.model.partenaires_ids)}
    unused = [org.id for org in corpus.registre.organisations if org.id not in used]
    assert not unused


def test_aliases_are_printed_forms(corpus):
    """An alias is copied from a pilot or partner text, never reworded, and does not repeat the name."""
    printed = "\n".join(" ".join(t.split()) for _, _, texts in _measures(corpus) for t in texts)
    problems = []
    for org in corpus.registre.organisations:
        for alias in org.alias:
            if alias not in printed:
                problems.append(f"{org.id} : « {alias} » n’est imprimé dans aucune mesure")
            if alias.casefold() in (org.nom.casefold(), (org.sigle or "").casefold()):
                problems.append(f"{org.id} : « {alias} » répète le nom ou le sigle")
    assert not problems, "\n".join(problems)


def test_sigles_come_from_the_glossary_or_the_measures(corpus):
    glossary = {e.sigle for e in corpus.glossaire.entrees}
    printed = "\n".join(t for _, _, texts in _measures(corpus) for t in texts)
    invented = [
        o.sigle for o in corpus.registre.organisations if o.sigle and o.sigle not in glossary and o.sigle not in printed
    ]
    assert not invented


def test_an_organisation_is_pilot_or_partner_not_both(corpus):
    both = [
        f"{e.path} : {', '.join(sorted(set(e.model.pilotes_ids) & set(e.model.partenaires_ids)))}"
        for _, e, _ in _measures(corpus)
        if set(e.model.pilotes_ids) & set(e.model.partenaires_ids)
    ]
    assert not both


def test_registry_is_sorted_by_name(corpus):
    def key(name: str) -> str:
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
        return name.replace("’", "'").casefold()

    names = [org.nom for org in corpus.registre.organisations]
    assert names == sorted(names, key=key)


# --- the validator -------------------------------------------------------------------------------


def _tree(content_tree, *measures: Path, registry: Path = ROOT / "content" / "partners.yaml") -> Path:
    root = content_tree(*measures)
    shutil.copy(registry, root / "content" / "partners.yaml")
    return root


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_the_real_registry_is_valid_in_a_small_tree(content_tree):
    corpus = load_corpus(_tree(content_tree))
    assert corpus.registre is not None


def test_unknown_id_is_reported_with_file_and_line(content_tree):
    name = "02-organisation-inconnue.yaml"
    with pytest.raises(ContentInvalid) as info:
        load_corpus(_tree(content_tree, BROKEN / name))
    assert len(info.value.errors) == 1, [str(e) for e in info.value.errors]
    err = info.value.errors[0]
    line = _line_of(BROKEN / name, "pilotes_ids:")
    assert (err.fichier, err.ligne, err.champ) == (f"content/measures/2026/{name}", line, "pilotes_ids[2]")
    assert err.colonne == (BROKEN / name).read_text(encoding="utf-8").splitlines()[line - 1].index("inconnue") + 1
    assert err.message == "l’organisation « inconnue » n’existe pas dans content/partners.yaml"
    assert str(err).startswith(f"content/measures/2026/{name}:{line}:")
    assert " — pilotes_ids[2] : " in str(err)


def test_alias_claimed_twice_is_reported_with_file_and_line(content_tree):
    source = BROKEN / "alias-double.yaml"
    with pytest.raises(ContentInvalid) as info:
        load_corpus(_tree(content_tree, registry=source))
    mine = [e for e in info.value.errors if e.fichier == "content/partners.yaml"]
    assert len(mine) == 1, [str(e) for e in info.value.errors]
    err = mine[0]
    assert (err.ligne, err.colonne, err.champ) == (_line_of(source, "- santé (DGS)"), 9, "organisations[2].alias[2]")
    assert err.message == (
        "« santé (DGS) » désigne déjà l’organisation « dgs » : un nom ou alias ne peut appartenir qu’à une organisation"
    )


def test_cli_reports_unknown_id_in_french(content_tree):
    root = _tree(content_tree, BROKEN / "02-organisation-inconnue.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(root), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "content/measures/2026/02-organisation-inconnue.yaml:" in result.stderr
    assert "l’organisation « inconnue » n’existe pas" in result.stderr
