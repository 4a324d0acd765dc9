"""Load every content file, validate it, and build the one in-memory model of both
strategies. All errors are collected before anything is reported."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from yaml.nodes import ScalarNode

from . import editions, models
from .editions import Edition
from .errors import HELP, ContentError, ContentInvalid, field_label
from .text import FOOTNOTE_CALL
from .yamlfile import YamlDocument, key_node_at, node_at, read_yaml

ROOT = Path(__file__).resolve().parent.parent
M = TypeVar("M", bound=BaseModel)

# --- pydantic errors in French -------------------------------------------------------

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (vérifiez l’orthographe ; les champs possibles sont dans le modèle)",
    "string_type": "ce champ doit être un texte (mettez-le entre guillemets s’il ressemble à un nombre ou une date)",
    "int_type": "ce champ doit être un nombre entier",
    "int_parsing": "ce champ doit être un nombre entier",
    "int_from_float": "ce champ doit être un nombre entier",
    "list_type": "ce champ doit être une liste (lignes commençant par « - »)",
    "dict_type": "ce champ doit être une suite de champs « nom: valeur »",
    "model_type": "ce champ doit être une suite de champs « nom: valeur »",
    "model_attributes_type": "ce champ doit être une suite de champs « nom: valeur »",
    "literal_error": "valeur non autorisée ({expected})",
    "enum": "valeur non autorisée ({expected})",
    "bool_type": "ce champ doit valoir true ou false",
}


def _french(err: dict) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "too_short":
        return (
            "cette liste ne doit pas être vide"
            if ctx.get("min_length") == 1
            else (f"au moins {ctx.get('min_length')} éléments attendus")
        )
    if kind == "greater_than_equal":
        return f"ce nombre doit être supérieur ou égal à {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"ce nombre doit être inférieur ou égal à {ctx.get('le')}"
    if kind == "string_pattern_mismatch":
        return "format invalide (minuscules, chiffres et tirets, ou numéro du type « 10.5 »)"
    if kind in _MESSAGES:
        return _MESSAGES[kind].format(expected=ctx.get("expected", ""))
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    # Our own PydanticCustomError messages are already in French.
    return err["msg"]


def _shown_loc(doc: YamlDocument, loc: tuple) -> tuple:
    """Drop the implicit key of "a plain string is a paragraph / a bullet"."""
    out = []
    for i, part in enumerate(loc):
        if part in ("paragraphe", "texte") and isinstance(node_at(doc.root, loc[:i]), ScalarNode):
            continue
        out.append(part)
    return tuple(out)


def validate_document(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[ContentError]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = []
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if err["type"] == "extra_forbidden" and (key := key_node_at(doc.root, loc)):
                line, col = key.start_mark.line + 1, key.start_mark.column + 1
            else:
                line, col = doc.position(loc)
            errors.append(ContentError(doc.path, line, col, field_label(_shown_loc(doc, loc)), _french(err)))
        return None, errors


# --- the in-memory model -------------------------------------------------------------


@dataclass
class Entry:
    """A measure with where it comes from: its file, its slug (URL name)."""

    model: Any
    path: str  # relative to the repository root
    slug: str  # file name without extension, e.g. "07-prevenir-…"
    doc: YamlDocument = field(repr=False)


@dataclass
class Strategy:
    """One edition's strategy document and its measures (generator/editions.py)."""

    edition: Edition
    document: Any  # the strategy file's model
    mesures: list[Entry]

    @property
    def id(self) -> str:
        return self.edition.id

    def axe(self, numero: int):
        return next(a for a in self.document.axes if a.numero == numero)

    def enjeu(self, numero: int):
        return next(e for a in self.document.axes for e in a.enjeux if e.numero == numero)

    def section(self, axe: int, numero: int):
        return next(s for s in self.axe(axe).sections if s.numero == numero)


@dataclass
class Corpus:
    strategies: dict[str, Strategy]  # by edition id, in the order of editions.EDITIONS
    glossaire: models.Glossaire | None = None
    registre: models.Registre | None = None
    comparaison: models.Comparaison | None = None
    warnings: list[ContentError] = field(default_factory=list)

    @property
    def current(self) -> Strategy:
        """The strategy the site leads with."""
        return next(s for s in self.strategies.values() if s.edition.current)

    def strategy(self, edition_id: str) -> Strategy | None:
        return self.strategies.get(edition_id)

    @property
    def entries(self) -> list[Entry]:
        """Every measure of every strategy, in the editions' order."""
        return [e for s in self.strategies.values() for e in s.mesures]

    def with_measures(self, edition_id: str, mesures: list[Entry] | None = None, **document) -> Corpus:
        """A copy with other measures, or strategy fields, for one edition (tests, benches)."""
        s = self.strategies[edition_id]
        changed = Strategy(
            s.edition,
            s.document.model_copy(update=document) if document else s.document,
            s.mesures if mesures is None else mesures,
        )
        return replace(self, strategies={**self.strategies, edition_id: changed})

    def without(self, edition_id: str) -> Corpus:
        """A copy without one (not current) strategy."""
        return replace(self, strategies={k: v for k, v in self.strategies.items() if k != edition_id})

    # Aliases of the code written for two editions (read only; new code goes over
    # `strategies`, or `current`).
    @property
    def strategie2026(self):
        return self.strategies["2026-2030"].document

    @property
    def mesures2026(self) -> list[Entry]:
        return self.strategies["2026-2030"].mesures

    @property
    def strategie2019(self):
        s = self.strategies.get("2020-2024")
        return s.document if s else None

    @property
    def mesures2019(self) -> list[Entry]:
        s = self.strategies.get("2020-2024")
        return s.mesures if s else []


_SLUG = re.compile(r"^(\d{2,4})-[a-z0-9]+(-[a-z0-9]+)*$")


_SYMLINK = (
    "lien symbolique refusé : seuls les fichiers ordinaires du dossier content/ sont lus ; "
    f"remplacez le lien par le fichier (ou le dossier) lui-même (voir {HELP})"
)


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []
        self._folders: set[Path] = set()  # folders of content/ known not to be links

    def load(self, path: Path, model: type[M]) -> tuple[M | None, YamlDocument | None]:
        if not self.regular(path):
            return None, None
        try:
            doc = read_yaml(path, self.root)
        except ContentInvalid as exc:
            self.errors += exc.errors
            return None, None
        value, errs = validate_document(doc, model)
        self.errors += errs
        return value, doc

    def regular(self, path: Path, folder: bool = False) -> bool:
        """Only regular files and folders inside content/ are read: a symbolic link on the
        way (file or folder), a path that leads out of content/, a device or a pipe is an
        error with its name."""
        content = self.root / "content"
        parts = path.relative_to(content).parts
        rel = path.relative_to(self.root).as_posix()
        if ".." in parts:
            self.whole(
                rel, f"chemin qui sort du dossier content/ : seuls les fichiers de content/ sont lus (voir {HELP})"
            )
            return False
        for i in range(len(parts)):  # the folders on the way, each looked at once
            step = content.joinpath(*parts[:i])
            if step not in self._folders:
                if step.is_symlink():
                    self.whole(step.relative_to(self.root).as_posix() + "/", _SYMLINK)
                    return False
                self._folders.add(step)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            self.whole(rel, "fichier introuvable")
            return False
        if stat.S_ISLNK(mode):
            self.whole(rel + ("/" if folder else ""), _SYMLINK)
            return False
        if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
            kind = "un dossier" if folder else "un fichier"
            self.whole(
                rel, f"ce n’est pas {kind} ordinaire : seuls les fichiers ordinaires de content/ sont lus (voir {HELP})"
            )
            return False
        return True

    def at(self, doc: YamlDocument, loc: tuple, message: str):
        line, col = doc.position(loc)
        self.errors.append(ContentError(doc.path, line, col, field_label(loc), message))

    def whole(self, rel: str, message: str):
        """An error about a whole file (shown on its first line) or a folder (no line)."""
        line = 0 if rel.endswith("/") or not rel.endswith((".yaml", ".yml")) else 1
        self.errors.append(ContentError(rel, line, line, "", message))


def _check_schema_line(col: _Collector, path: Path, rel: str, schema: str):
    """The first line tells editors' tools which schema to use (completion, checks)."""
    expected = f"# yaml-language-server: $schema=../../../schemas/{schema}.schema.json"
    with open(path, encoding="utf-8-sig") as fh:
        first = fh.readline().rstrip("\r\n")
    if first != expected:
        col.errors.append(ContentError(rel, 1, 1, "", f"la première ligne doit être exactement « {expected} »"))


def _measures(col: _Collector, folder: Path, model: type[M], schema: str) -> list[Entry]:
    entries = []
    if not folder.is_dir() and not folder.is_symlink():
        col.whole(folder.relative_to(col.root).as_posix(), "dossier des mesures introuvable")
        return entries
    if not col.regular(folder, folder=True):
        return entries
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(col.root).as_posix()
        if path.suffix == ".yml":
            col.whole(rel, "extension « .yml » : renommez le fichier en « .yaml »")
            continue
        if path.suffix != ".yaml":
            continue
        if not _SLUG.match(path.stem):
            col.whole(
                rel,
                "nom de fichier invalide : il doit commencer par le numéro sur deux chiffres, "
                "suivi d’un titre court en minuscules sans accents, par exemple "
                "« 07-prevenir-les-violences.yaml »",
            )
        value, doc = col.load(path, model)
        if value is not None:
            entries.append(Entry(value, rel, path.stem, doc))
            _check_schema_line(col, path, rel, schema)
    return entries


def _check_numbering(col: _Collector, entries: list[Entry], expected: int | None, label: str):
    seen: dict[int, Entry] = {}
    for e in entries:
        n = e.model.numero
        if n in seen:
            col.at(
                e.doc,
                ("numero",),
                f"le numéro {n} est déjà utilisé par {seen[n].path}",
            )
        else:
            seen[n] = e
        if not e.slug.startswith(f"{n:02d}-"):
            col.at(
                e.doc,
                ("numero",),
                f"le numéro {n} ne correspond pas au nom du fichier (« {e.slug[:3]}… ») : "
                f"le nom doit commencer par « {n:02d}- »",
            )
    if seen:
        top = max(seen) if expected is None else expected
        missing = [n for n in range(1, top + 1) if n not in seen]
        if missing and len(missing) < top:
            col.whole(
                entries[0].path.rsplit("/", 1)[0] + "/",
                f"mesures {label} manquantes : numéros {', '.join(map(str, missing))} "
                "(la numérotation doit être continue)",
            )


def _present(path: Path) -> bool:
    """An optional file is there (a symbolic link too, even broken: it is then refused)."""
    return path.exists() or path.is_symlink()


def load_corpus(root: Path = ROOT) -> Corpus:
    """Load and validate all content; raise ContentInvalid listing every error."""
    col = _Collector(root)
    content = root / "content"
    loaded: dict[str, tuple] = {}
    for edition in editions.EDITIONS:
        if not edition.required and not _present(content / edition.strategy_file):
            continue
        strat, sdoc = col.load(content / edition.strategy_file, edition.strategy_model)
        mesures = _measures(col, content / edition.measures_folder, edition.measure_model, edition.measure_schema)
        _check_numbering(col, mesures, None, edition.id)
        if strat is not None:
            edition.check(col, strat, sdoc, mesures)
        loaded[edition.id] = (edition, strat, mesures)
    every = [e for _, _, mesures in loaded.values() for e in mesures]

    glossaire = None
    if _present(content / "glossary.yaml"):
        glossaire, gdoc = col.load(content / "glossary.yaml", models.Glossaire)
        if glossaire is not None:
            _unique_sigles(col, gdoc, glossaire)

    registre = None
    if _present(content / "partners.yaml"):
        registre, rdoc = col.load(content / "partners.yaml", models.Registre)
        if registre is not None:
            _check_registry(col, rdoc, registre, every)

    comparaison = None
    if _present(content / "comparison.yaml"):
        comparaison, cdoc = col.load(content / "comparison.yaml", models.Comparaison)
        if comparaison is not None:
            before, after = (loaded[i][2] if i in loaded else [] for i in comparaison.pair)
            _check_comparison(col, cdoc, comparaison, after, before)

    _check_slugs(col, every)
    if col.errors:
        raise ContentInvalid(col.errors)
    corpus = Corpus(
        {
            id_: Strategy(edition, strat, sorted(mesures, key=lambda e: e.model.numero))
            for id_, (edition, strat, mesures) in loaded.items()
        },
        glossaire=glossaire,
        registre=registre,
        comparaison=comparaison,
    )
    from .indexes import glossary_warnings

    corpus.warnings = glossary_warnings(corpus)
    return corpus


def _check_2026(col: _Collector, strat26: models.Strategie2026, sdoc26: YamlDocument, mesures26: list[Entry]):
    axes = {a.numero: a for a in strat26.axes}
    enjeux = {e.numero: a.numero for a in strat26.axes for e in a.enjeux}
    for e in mesures26:
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
    _unique_numbers(col, sdoc26, [("axes", i, a.numero) for i, a in enumerate(strat26.axes)], "axe")
    _unique_numbers(
        col,
        sdoc26,
        [("axes", i, "enjeux", j, e.numero) for i, a in enumerate(strat26.axes) for j, e in enumerate(a.enjeux)],
        "enjeu",
    )


def _unique_sigles(col: _Collector, doc: YamlDocument, glossaire: models.Glossaire):
    seen: dict[str, int] = {}
    for i, e in enumerate(glossaire.entrees):
        if e.sigle in seen:
            col.at(doc, ("entrees", i, "sigle"), f"le sigle « {e.sigle} » figure déjà (entrée {seen[e.sigle] + 1})")
        else:
            seen[e.sigle] = i


def _unique_numbers(col: _Collector, doc: YamlDocument, items: list[tuple], label: str):
    seen = set()
    for item in items:
        *loc, n = item
        if n in seen:
            col.at(doc, tuple(loc) + ("numero",), f"le numéro d’{label} {n} est utilisé deux fois")
        seen.add(n)


def _check_slugs(col: _Collector, entries: list[Entry]):
    by_folder: dict[tuple[str, str], Entry] = {}
    for e in entries:
        folder = e.path.rsplit("/", 1)[0]
        title_part = e.slug[3:]
        key = (folder, title_part)
        if key in by_folder:
            col.at(
                e.doc, ("titre",), f"le titre court du fichier « {title_part} » est déjà pris par {by_folder[key].path}"
            )
        by_folder[key] = e


def texts_with_loc(value: Any, loc: tuple = ()) -> list[tuple[tuple, str]]:
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


def _check_2019(col: _Collector, strat: models.Strategie2019, entries: list[Entry]):
    sections = {(a.numero, s.numero) for a in strat.axes for s in a.sections}
    axes = {a.numero for a in strat.axes}
    for e in entries:
        m = e.model
        if m.axe not in axes:
            col.at(e.doc, ("axe",), f"l’axe {m.axe} n’existe pas dans la stratégie 2020-2024")
        elif (m.axe, m.section) not in sections:
            col.at(
                e.doc, ("section",), f"la section {m.section} n’existe pas dans l’axe {m.axe} de la stratégie 2020-2024"
            )
        numbers = [a.numero for a in m.actions]
        for i, a in enumerate(m.actions):
            if a.numero.split(".")[0] != str(m.numero):
                col.at(
                    e.doc,
                    ("actions", i, "numero"),
                    f"l’action {a.numero} n’appartient pas à la mesure {m.numero} (elle devrait commencer par « {m.numero}. »)",
                )
            if numbers.index(a.numero) != i:
                col.at(e.doc, ("actions", i, "numero"), f"l’action {a.numero} est numérotée deux fois")
        for i, p in enumerate(m.pilotes):
            for j, n in enumerate(p.actions):
                if n not in numbers:
                    col.at(e.doc, ("pilotes", i, "actions", j), f"l’action {n} n’existe pas dans cette mesure")
        defined = {n.numero for n in m.notes}
        called: set[int] = set()
        for loc, text in texts_with_loc(m):
            if loc and loc[0] == "notes":
                continue
            for call in FOOTNOTE_CALL.findall(text):
                called.add(int(call))
                if int(call) not in defined:
                    col.at(e.doc, loc, f"la note [^{call}] est appelée mais n’est pas définie dans « notes »")
        for i, n in enumerate(m.notes):
            if n.numero not in called:
                col.at(
                    e.doc,
                    ("notes", i, "numero"),
                    f"la note {n.numero} est définie mais jamais appelée (ajoutez [^{n.numero}] dans le texte)",
                )


def _norm_alias(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()


def _check_registry(col: _Collector, doc: YamlDocument, registre: models.Registre, entries: list[Entry]):
    ids: dict[str, int] = {}
    aliases: dict[str, str] = {}
    for i, org in enumerate(registre.organisations):
        if org.id in ids:
            col.at(
                doc,
                ("organisations", i, "id"),
                f"l’identifiant « {org.id} » est déjà utilisé (organisation {ids[org.id] + 1})",
            )
        ids[org.id] = i
        names = [("nom", org.nom)] + [(("alias", j), a) for j, a in enumerate(org.alias)]
        if org.sigle:
            names.append(("sigle", org.sigle))
        for where, name in names:
            key = _norm_alias(name)
            owner = aliases.get(key)
            if owner is not None and owner != org.id:
                loc = ("organisations", i) + (where if isinstance(where, tuple) else (where,))
                col.at(
                    doc,
                    loc,
                    f"« {name} » désigne déjà l’organisation « {owner} » : un nom ou alias ne peut appartenir qu’à une organisation",
                )
            aliases[key] = org.id
    for e in entries:
        for field_name in ("pilotes_ids", "partenaires_ids"):
            for j, ident in enumerate(getattr(e.model, field_name)):
                if ident not in ids:
                    col.at(
                        e.doc, (field_name, j), f"l’organisation « {ident} » n’existe pas dans content/partners.yaml"
                    )


def _check_comparison(col, doc, comparaison: models.Comparaison, m26: list[Entry], m19: list[Entry]):
    n26 = {e.model.numero for e in m26}
    n19 = {e.model.numero for e in m19}
    seen26: dict[int, list[str]] = {}
    seen19: set[int] = set()
    for i, lien in enumerate(comparaison.liens):
        for j, n in enumerate(lien.mesures_2019):
            if n not in n19:
                col.at(doc, ("liens", i, "mesures_2019", j), f"la mesure 2020-2024 n° {n} n’existe pas")
            seen19.add(n)
        for j, n in enumerate(lien.mesures_2026):
            if n not in n26:
                col.at(doc, ("liens", i, "mesures_2026", j), f"la mesure 2026-2030 n° {n} n’existe pas")
            seen26.setdefault(n, []).append(lien.relation)
    for n, relations in sorted(seen26.items()):
        if "nouvelle" in relations and len(relations) > 1:
            i = next(
                i for i, lien in enumerate(comparaison.liens) if lien.relation == "nouvelle" and n in lien.mesures_2026
            )
            col.at(
                doc,
                ("liens", i, "relation"),
                f"la mesure 2026-2030 n° {n} est marquée « nouvelle » mais elle est aussi reliée à une mesure 2020-2024",
            )
    missing26 = sorted(n26 - set(seen26))
    missing19 = sorted(n19 - seen19)
    if missing26:
        col.at(
            doc,
            ("liens",),
            "mesures 2026-2030 absentes de la comparaison : "
            + ", ".join(map(str, missing26))
            + " (reliez-les ou marquez-les « nouvelle »)",
        )
    if missing19:
        col.at(
            doc,
            ("liens",),
            "mesures 2020-2024 absentes de la comparaison : "
            + ", ".join(map(str, missing19))
            + " (reliez-les ou marquez-les « non reprise »)",
        )
