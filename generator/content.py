"""Load every content file, validate it, and build the one in-memory model of both
strategies. All errors are collected before anything is reported."""

from __future__ import annotations

import functools
import re
import stat
import types
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union

from pydantic import BaseModel, ValidationError
from pydantic_core.core_schema import ErrorType
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import editions, models
from .editions import Edition
from .errors import CONSISTENCY, CONTENT, HELP, READING, ContentError, ContentInvalid, field_label
from .models import texts_with_loc  # also read from here by indexes, fidelity, tests
from .suggest import close_matches, did_you_mean, normalise
from .yamlfile import YamlDocument, key_node_at, node_at, read_yaml

ROOT = Path(__file__).resolve().parent.parent
M = TypeVar("M", bound=BaseModel)

# --- pydantic errors in French -------------------------------------------------------

_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "string_type": "ce champ doit être un texte (mettez-le entre guillemets s’il ressemble à un nombre ou une date)",
    "int_type": "ce champ doit être un nombre entier",
    "int_parsing": "ce champ doit être un nombre entier",
    "int_from_float": "ce champ doit être un nombre entier",
    "list_type": "ce champ doit être une liste (lignes commençant par « - »)",
    "dict_type": "ce champ doit être une suite de champs « nom: valeur »",
    "model_type": "ce champ doit être une suite de champs « nom: valeur »",
    "model_attributes_type": "ce champ doit être une suite de champs « nom: valeur »",
    "bool_type": "ce champ doit valoir true ou false",
}
# pydantic's own error kinds: any not translated above gets a French message, never its English one.
_PYDANTIC_KINDS = frozenset(typing.get_args(ErrorType))


def _french(err: dict, doc: YamlDocument | None = None) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    given = err.get("input")
    if given is None and kind in ("string_type", "model_type", "list_type", "int_type", "dict_type"):
        return _empty_value(doc, tuple(err["loc"]))
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
        message = "format invalide (minuscules, chiffres et tirets, ou numéro du type « 10.5 »)"
        slug = re.sub(r"[^a-z0-9]+", "-", normalise(given)).strip("-") if isinstance(given, str) else ""
        if slug and slug != given and re.fullmatch(ctx.get("pattern", ""), slug):
            message += f" : écrivez « {slug} »"
        return message
    if kind in ("int_type", "int_parsing") and isinstance(given, str) and given.strip().isdigit():
        return f"ce champ doit être un nombre entier : écrivez {given.strip()} sans guillemets"
    if kind == "string_type" and (isinstance(given, (int, float)) or type(given).__name__ in ("date", "datetime")):
        node = _node_exactly_at(doc, tuple(err["loc"])) if doc is not None else None
        written = node.value if isinstance(node, ScalarNode) else str(given)
        return f'ce champ doit être un texte : écrivez-le entre guillemets, « "{written}" »'
    if kind == "list_type" and isinstance(given, str) and given.startswith("-"):
        return "il manque une espace après le tiret « - » : écrivez le tiret, une espace, puis le texte"
    if kind in ("literal_error", "enum"):
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        hint = did_you_mean(str(given), allowed, cutoff=0.6) if isinstance(given, str) else ""
        if hint:
            return f"valeur non autorisée : {hint}"
        if not allowed:
            return "valeur non autorisée"
        listed = " ou ".join(filter(None, [", ".join(f"« {v} »" for v in allowed[:-1]), f"« {allowed[-1]} »"]))
        return f"valeur non autorisée (valeurs possibles : {listed})"
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind in _PYDANTIC_KINDS:
        return "valeur invalide pour ce champ : comparez avec le modèle et les fiches voisines"
    # Our own PydanticCustomError messages are already in French.
    return err["msg"]


def _empty_value(doc: YamlDocument | None, loc: tuple) -> str:
    """A value left empty, often because a « # » made the rest of the line a comment."""
    if doc is not None and (node := _node_exactly_at(doc, loc)) is not None:
        line = doc.lines[node.start_mark.line] if node.start_mark.line < len(doc.lines) else ""
        if line[node.start_mark.column :].lstrip().startswith("#"):
            return (
                "ce champ est vide : « # » commence un commentaire, le texte qui le suit est ignoré ; "
                "mettez le texte entre guillemets"
            )
    return "ce champ est vide : écrivez sa valeur, ou supprimez-le s’il est facultatif"


def _shown_loc(doc: YamlDocument, loc: tuple) -> tuple:
    """Drop the implicit key of "a plain string is a paragraph / a bullet"."""
    out = []
    for i, part in enumerate(loc):
        if part in ("paragraphe", "texte") and isinstance(node_at(doc.root, loc[:i]), ScalarNode):
            continue
        out.append(part)
    return tuple(out)


def _node_exactly_at(doc: YamlDocument, loc: tuple):
    """The node at `loc`, or None if the document has no such place."""
    node = doc.root
    for part in loc:
        if isinstance(node, MappingNode):
            node = next((v for k, v in node.value if isinstance(k, ScalarNode) and k.value == str(part)), None)
        elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return None
        if node is None:
            return None
    return node


def _unwrap(tp):
    """The type inside `Annotated[…]` and `… | None`."""
    while True:
        origin = typing.get_origin(tp)
        if origin is Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = next((a for a in args if _is_model(_unwrap(a))), args[0])
        else:
            return tp


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _type_at(model: type[BaseModel], loc: tuple):
    """The type a document of `model` expects at `loc` (None if `loc` leads nowhere)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int) and typing.get_origin(tp) is list:
            tp = typing.get_args(tp)[0]
        elif isinstance(part, str) and _is_model(tp) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        else:
            return None
    return _unwrap(tp)


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed in the mapping at `loc`."""
    tp = _type_at(model, loc)
    return list(tp.model_fields) if _is_model(tp) else []


@functools.cache
def field_names(model: type[BaseModel]) -> frozenset[str]:
    """Every field name a document of `model` may use, at any depth."""
    names: set[str] = set()

    def walk(tp):
        for arg in typing.get_args(tp):
            walk(arg)
        if _is_model(tp) and not names.issuperset(tp.model_fields):
            names.update(tp.model_fields)
            for f in tp.model_fields.values():
                walk(f.annotation)

    walk(model)
    return frozenset(names)


@functools.cache
def list_names(model: type[BaseModel]) -> frozenset[str]:
    """The field names, at any depth, whose value is a list of « nom: valeur » items
    (`actions`, `pilotes`…): where a line `nom: …` may have lost its dash."""
    names: set[str] = set()
    seen: set[type] = set()

    def walk(tp):
        for arg in typing.get_args(tp):
            walk(arg)
        if _is_model(tp) and tp not in seen:
            seen.add(tp)
            for name, f in tp.model_fields.items():
                inner = _unwrap(f.annotation)
                if typing.get_origin(inner) is list and any(
                    _is_model(_unwrap(a))
                    for a in [typing.get_args(inner)[0], *typing.get_args(typing.get_args(inner)[0])]
                ):
                    names.add(name)
                walk(f.annotation)

    walk(model)
    return frozenset(names)


_COLON_IN_TEXT = (
    "ce texte contient « : » et se lit donc comme « nom: valeur » : mettez-le entre guillemets droits "
    '("…"), ou écrivez-le en bloc avec « >- »'
)


def _text_with_colon(doc: YamlDocument, model: type[BaseModel], loc: tuple) -> tuple | None:
    """The place, within `loc`, of a text that YAML read as « nom: valeur » because it
    contains « : » (`- Pilotes : préfets`), if any: every error below it is that one."""
    for k in range(1, len(loc) + 1):
        node = _node_exactly_at(doc, loc[:k])
        if not (isinstance(node, MappingNode) and len(node.value) == 1):
            continue
        key, value = node.value[0]
        if not isinstance(key, ScalarNode) or key.style or value.end_mark.line != key.start_mark.line:
            continue
        fields = _fields_at(model, loc[:k])
        if " " in key.value.strip() or not (key.value in fields or close_matches(key.value, fields)):
            return loc[:k]
    return None


def validate_document(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[ContentError]]:
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, _explain(doc, model, exc.errors(include_url=False))


def _explain(doc: YamlDocument, model: type[BaseModel], errors: list[dict]) -> list[ContentError]:
    """pydantic's errors as editors' messages, one per mistake: the errors that follow
    from another are folded into it."""
    out: dict[tuple, ContentError] = {}  # by place, so that one place has one message

    def add(loc: tuple, message: str, line: int | None = None, column: int = 0):
        if line is None:
            line, column = doc.position(loc)
        out.setdefault(
            loc, ContentError(doc.path, line, column, field_label(_shown_loc(doc, loc)), message, etape=CONTENT)
        )

    # A text with « : » read as a « nom: valeur » pair: one message for all it causes.
    rest = []
    for err in errors:
        loc = tuple(err["loc"])
        if (where := _text_with_colon(doc, model, loc)) is not None:
            key = _node_exactly_at(doc, where).value[0][0]
            line = doc.lines[key.start_mark.line]
            column = line.find(":", key.end_mark.column)
            add(where, _COLON_IN_TEXT, key.start_mark.line + 1, (column if column >= 0 else key.end_mark.column) + 1)
        else:
            rest.append(err)
    # An unknown key that resembles a missing field is that field misspelt: one message.
    missing = {tuple(e["loc"]) for e in rest if e["type"] == "missing"}
    folded: set[tuple] = set()
    for err in rest:
        loc = tuple(err["loc"])
        if err["type"] == "extra_forbidden":
            message, same_as = _unknown_key(doc, model, loc, missing)
            folded.add(same_as)
            key = key_node_at(doc.root, loc)
            if key is None:
                add(loc, message)
            else:
                add(loc, message, key.start_mark.line + 1, key.start_mark.column + 1)
    for err in rest:
        loc = tuple(err["loc"])
        if err["type"] != "extra_forbidden" and loc not in folded:
            add(loc, _french(err, doc))
    return list(out.values())


def _unknown_key(doc: YamlDocument, model: type[BaseModel], loc: tuple, missing: set[tuple]) -> tuple[str, tuple]:
    """The message for an unknown key, and the place of the missing field it stands for
    (whose own « champ obligatoire manquant » is then left out), if any."""
    parent, key = loc[:-1], str(loc[-1])
    fields = _fields_at(model, parent)
    absent = [f for f in fields if (parent + (f,)) in missing]
    node = _node_exactly_at(doc, parent)
    present = {k.value for k, _ in node.value} if isinstance(node, MappingNode) else set()
    match = close_matches(key, absent) or close_matches(key, [f for f in fields if f not in present])
    same_as = parent + (match[0],) if len(match) == 1 and match[0] in absent else ()
    if match:
        return f"champ inconnu : vouliez-vous dire {' ou '.join(f'« {m} »' for m in match)} ?", same_as
    possible = [f for f in fields if f not in present]
    return "champ inconnu (vérifiez l’orthographe)" + (
        f" ; champs possibles ici : {', '.join(possible)}" if possible else ""
    ), same_as


# --- the in-memory model -------------------------------------------------------------


@dataclass
class Entry:
    """A measure with where it comes from: its file, its slug (URL name)."""

    model: Any
    path: str  # relative to the repository root
    slug: str  # file name without extension, e.g. "07-prevenir-…"
    doc: YamlDocument = field(repr=False)

    @property
    def texts(self) -> list[tuple[tuple, str]]:
        """Every text of the measure with its location (models.texts_with_loc), computed
        once per model: the glossary checks, the acronym index and the PDFs all read them.
        Models are frozen; a test that puts another model in its place gets its texts."""
        found = self.__dict__.get("_texts")
        if found is None or found[0] is not self.model:
            found = self.__dict__["_texts"] = (self.model, texts_with_loc(self.model))
        return found[1]


@dataclass
class Strategy:
    """One edition's strategy document and its measures (generator/editions/)."""

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
    glossaire: Any = None  # editions.glossary_model()
    registre: models.Registre | None = None
    comparaison: Any = None  # editions.comparison_model(the pair it names)
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


_SLUG = re.compile(r"^(\d{2,4})-[a-z0-9]+(-[a-z0-9]+)*$")


_SYMLINK = (
    "lien symbolique refusé : seuls les fichiers ordinaires du dossier content/ sont lus ; "
    f"remplacez le lien par le fichier (ou le dossier) lui-même (voir {HELP})"
)


@dataclass
class Measures:
    """The measure files of one strategy. A file present but invalid (unreadable or invalid)
    is no entry, but it still claims its number, so that no other check reports that
    number as missing or unknown: its own error is the one to fix. A file whose name and
    number disagree claims neither until they agree (its number is then unknown, and the
    checks that need every number wait)."""

    entries: list[Entry] = field(default_factory=list)
    invalid: dict[str, int | None] = field(default_factory=dict)  # path → number claimed (None: unknown)

    def numbers(self) -> set[int]:
        """The numbers of the measures present, valid or not."""
        return {e.model.numero for e in self.entries} | {n for n in self.invalid.values() if n is not None}

    @property
    def complete(self) -> bool:
        """Is every number known? (Not if a file has neither a number in its name nor a readable `numero`.)"""
        return None not in self.invalid.values()


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.errors: list[ContentError] = []
        self._folders: set[Path] = set()  # folders of content/ known not to be links

    def load(self, path: Path, model: type[M], choose=None) -> tuple[M | None, YamlDocument | None]:
        """The validated file, and its document if it could be read (even if invalid).
        `choose(data)`, if given, picks the model from the data read (`model` reads it)."""
        if not self.regular(path):
            return None, None
        try:
            doc = read_yaml(path, self.root, field_names(model), list_names(model))
        except ContentInvalid as exc:
            self.errors += exc.errors
            return None, None
        if choose is not None:
            model = choose(doc.data)
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
                rel,
                f"chemin qui sort du dossier content/ : seuls les fichiers de content/ sont lus (voir {HELP})",
                READING,
            )
            return False
        for i in range(len(parts)):  # the folders on the way, each looked at once
            step = content.joinpath(*parts[:i])
            if step not in self._folders:
                if step.is_symlink():
                    self.whole(step.relative_to(self.root).as_posix() + "/", _SYMLINK, READING)
                    return False
                self._folders.add(step)
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            self.whole(rel, "fichier introuvable", READING)
            return False
        if stat.S_ISLNK(mode):
            self.whole(rel + ("/" if folder else ""), _SYMLINK, READING)
            return False
        if not (stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)):
            kind = "un dossier" if folder else "un fichier"
            self.whole(
                rel,
                f"ce n’est pas {kind} ordinaire : seuls les fichiers ordinaires de content/ sont lus (voir {HELP})",
                READING,
            )
            return False
        return True

    def at(self, doc: YamlDocument, loc: tuple, message: str, etape: int = CONSISTENCY):
        line, col = doc.position(loc)
        self.errors.append(ContentError(doc.path, line, col, field_label(loc), message, etape=etape))

    def unique_numbers(self, doc: YamlDocument, items: list[tuple], label: str):
        """Each number once among `items`, each (*loc of its object, number)."""
        seen = set()
        for item in items:
            *loc, n = item
            if n in seen:
                self.at(doc, tuple(loc) + ("numero",), f"le numéro d’{label} {n} est utilisé deux fois", CONTENT)
            seen.add(n)

    def whole(self, rel: str, message: str, etape: int = CONSISTENCY):
        """An error about a whole file (shown on its first line) or a folder (no line)."""
        line = 0 if rel.endswith("/") or not rel.endswith((".yaml", ".yml")) else 1
        self.errors.append(ContentError(rel, line, line, "", message, etape=etape))


def _check_schema_line(col: _Collector, path: Path, rel: str, schema: str):
    """The first line tells editors' tools which schema to use (completion, checks)."""
    expected = f"# yaml-language-server: $schema=../../../schemas/{schema}.schema.json"
    with open(path, encoding="utf-8-sig") as fh:
        first = fh.readline().rstrip("\r\n")
    if first != expected:
        message = f"la première ligne doit être exactement « {expected} »"
        col.errors.append(ContentError(rel, 1, 1, "", message, etape=CONTENT))


def _measures(col: _Collector, folder: Path, model: type[M], schema: str) -> Measures:
    found = Measures()
    if not folder.is_dir() and not folder.is_symlink():
        col.whole(folder.relative_to(col.root).as_posix(), "dossier des mesures introuvable")
        return found
    if not col.regular(folder, folder=True):
        return found
    loaded = []
    for path in sorted(folder.iterdir()):
        rel = path.relative_to(col.root).as_posix()
        named = _SLUG.match(path.stem)
        if path.suffix == ".yml":
            col.whole(rel, "extension « .yml » : renommez le fichier en « .yaml »", READING)
            found.invalid[rel] = int(named.group(1)) if named else None
            continue
        if path.suffix != ".yaml":
            continue
        if not named:
            col.whole(
                rel,
                "nom de fichier invalide : il doit commencer par le numéro sur deux chiffres, "
                "suivi d’un titre court en minuscules sans accents, par exemple "
                "« 07-prevenir-les-violences.yaml »",
                READING,
            )
        value, doc = col.load(path, model)
        numero = doc.data.get("numero") if doc is not None else None
        if named:
            found.invalid[rel] = int(named.group(1))
        elif isinstance(numero, int) and not isinstance(numero, bool) and numero > 0:
            found.invalid[rel] = numero
        else:
            found.invalid[rel] = None
        if value is not None and named:
            loaded.append((rel, path, value, doc))
    # A file is a valid entry when its name and its number agree. When they do not, its
    # number is unknown until they do (neither is reported missing nor unknown elsewhere).
    claims = {n: rel for rel, n in reversed(found.invalid.items()) if n is not None}
    for rel, path, value, doc in loaded:
        claimed, n = found.invalid[rel], value.numero
        if n != claimed:
            found.invalid[rel] = None
            others = {m for m, other in claims.items() if other != rel}
            rename = f"renommez le fichier pour qu’il commence par « {n:02d}- »"
            if n in others:
                message = f"le numéro {n} est déjà utilisé par {claims[n]} : d’après le nom de ce fichier, son numéro est {claimed}"
            elif claimed in others or claimed > max(others, default=0) + 1:  # the name's number cannot be right
                taken = (
                    f"la mesure {claimed} existe déjà"
                    if claimed in others
                    else f"il n’y a que {len(others) + 1} mesures"
                )
                message = (
                    f"le numéro {n} ne correspond pas au nom du fichier (« {path.stem[:3]}… ») et {taken} : {rename}"
                )
            else:
                message = (
                    f"le numéro {n} ne correspond pas au nom du fichier (« {path.stem[:3]}… ») : vouliez-vous dire "
                    f"{claimed} ? Sinon, {rename}"
                )
            col.at(doc, ("numero",), message, CONTENT)
            continue
        del found.invalid[rel]
        found.entries.append(Entry(value, rel, path.stem, doc))
        _check_schema_line(col, path, rel, schema)
    return found


def _check_numbering(col: _Collector, measures: Measures, folder: str, label: str):
    seen = {n: rel for rel, n in reversed(measures.invalid.items()) if n is not None}
    for e in measures.entries:
        n = e.model.numero
        if n in seen and seen[n] < e.path:
            col.at(e.doc, ("numero",), f"le numéro {n} est déjà utilisé par {seen[n]}")
        else:
            seen[n] = e.path
    numbers = measures.numbers()
    if numbers and measures.complete:
        missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        if missing:
            col.whole(
                folder + "/",
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
    found: dict[str, Measures] = {}
    for edition in editions.EDITIONS:
        if not edition.required and not _present(content / edition.strategy_file):
            continue
        strat, sdoc = col.load(content / edition.strategy_file, edition.strategy_model)
        measures = _measures(col, content / edition.measures_folder, edition.measure_model, edition.measure_schema)
        _check_numbering(col, measures, f"content/{edition.measures_folder}", edition.id)
        edition.check(col, strat, sdoc, measures.entries)
        loaded[edition.id] = (edition, strat, measures.entries)
        found[edition.id] = measures
    every = [e for _, _, mesures in loaded.values() for e in mesures]

    glossaire = None
    if _present(content / "glossary.yaml"):
        glossaire, gdoc = col.load(content / "glossary.yaml", editions.glossary_model())
        if glossaire is not None:
            _unique_sigles(col, gdoc, glossaire)

    registre = None
    if _present(content / "partners.yaml"):
        registre, rdoc = col.load(content / "partners.yaml", models.Registre)
        if registre is not None:
            _check_registry(col, rdoc, registre, every)

    comparaison = None
    if _present(content / "comparison.yaml"):
        comparaison, cdoc = col.load(
            content / "comparison.yaml", editions.comparison_model(), editions.comparison_model_for
        )
        if comparaison is not None:
            _check_comparison(col, cdoc, comparaison, found)

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


def _unique_sigles(col: _Collector, doc: YamlDocument, glossaire):
    seen: dict[str, int] = {}
    for i, e in enumerate(glossaire.entrees):
        if e.sigle in seen:
            message = f"le sigle « {e.sigle} » figure déjà (entrée {seen[e.sigle] + 1})"
            col.at(doc, ("entrees", i, "sigle"), message, CONTENT)
        else:
            seen[e.sigle] = i


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
                CONTENT,
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
                    CONTENT,
                )
            aliases[key] = org.id
    by_name = {normalise(name): org.id for org in registre.organisations for name in (org.sigle or "", org.nom)}
    cited: dict[str, list[tuple[Entry, str, int]]] = {}
    for e in entries:
        for field_name in ("pilotes_ids", "partenaires_ids"):
            for j, ident in enumerate(getattr(e.model, field_name)):
                cited.setdefault(ident, []).append((e, field_name, j))
    # An identifier changed in the registry: the measures that cite the old one are right,
    # the registry is the one to fix. It shows as an identifier cited in several places but
    # absent from the registry, close to one of the registry's that no measure cites.
    uncited = [i for i in ids if i not in cited]
    for ident, places in cited.items():
        if ident in ids or len(places) < 2 or len(match := close_matches(ident, uncited)) != 1:
            continue
        files = len({e.path for e, _, _ in places})
        col.at(
            doc,
            ("organisations", ids[match[0]], "id"),
            f"l’identifiant « {match[0]} » n’est cité par aucune mesure, mais « {ident} », absent du registre, "
            f"est cité par {files} fichier{'s' if files > 1 else ''} de mesure : vouliez-vous dire « {ident} » ?",
        )
        uncited.remove(match[0])
        cited[ident] = []
    for ident, places in cited.items():
        for e, field_name, j in places:
            if ident not in ids:
                message = f"l’organisation « {ident} » n’existe pas dans content/partners.yaml"
                known = by_name.get(normalise(ident))
                hint = f"vouliez-vous dire « {known} » ?" if known else did_you_mean(ident, ids)
                col.at(e.doc, (field_name, j), message + (f" : {hint}" if hint else ""))


def _check_comparison(col, doc, comparaison, found_by_id: dict[str, Measures]):
    """Every measure number of the comparison exists, every measure is in it. A measure
    file present but invalid counts as present: its own error is the one to fix. A number
    that does not exist and resembles a measure missing from the comparison (or is the
    only unknown number when only one measure is missing) is that measure mistyped: one
    message."""
    before, after = (editions.by_id(i) for i in comparaison.pair)
    for edition, fate in ((before, "non reprise"), (after, "nouvelle")):
        label, key, found = edition.id, edition.field("mesures"), found_by_id.get(edition.id, Measures())
        numbers = found.numbers()
        unknown = [
            (i, j, n)
            for i, lien in enumerate(comparaison.liens)
            for j, n in enumerate(lien.numbers(edition.key))
            if n not in numbers and found.complete
        ]
        seen = {n for lien in comparaison.liens for n in lien.numbers(edition.key)}
        absent = sorted(numbers - seen)
        for i, j, n in unknown:
            message = f"la mesure {label} n° {n} n’existe pas" + (f" (mesures 1 à {max(numbers)})" if numbers else "")
            match = close_matches(str(n), [str(a) for a in absent], cutoff=0.5)
            if len(unknown) == 1 and len(absent) == 1:  # one number replaced by another: the same mistake
                match = [str(absent[0])]
            if len(match) == 1:
                message += f" : vouliez-vous dire {match[0]} ? (la mesure {match[0]} ne figure pas dans la comparaison)"
                absent.remove(int(match[0]))
            col.at(doc, ("liens", i, key, j), message)
        if absent:
            col.at(
                doc,
                ("liens",),
                f"mesures {label} absentes de la comparaison : {', '.join(map(str, absent))} "
                f"(reliez-les ou marquez-les « {fate} »)",
            )
    relations: dict[int, list[str]] = {}
    for lien in comparaison.liens:
        for n in lien.numbers(after.key):
            relations.setdefault(n, []).append(lien.relation)
    for n, found_relations in sorted(relations.items()):
        if "nouvelle" in found_relations and len(found_relations) > 1:
            i = next(
                i
                for i, lien in enumerate(comparaison.liens)
                if lien.relation == "nouvelle" and n in lien.numbers(after.key)
            )
            col.at(
                doc,
                ("liens", i, "relation"),
                f"la mesure {after.id} n° {n} est marquée « nouvelle » mais elle est aussi reliée à une mesure {before.id}",
                CONTENT,
            )
