"""What changed in the content between two versions, by object and field, in French.

Each side is a set of content files (bytes, from git or from the working tree), read and
validated one file at a time by the project's own loader (`read_yaml`, the pydantic
models), then compared model against model:

    « Mesure 7 (<id>) » — indicateur ajouté : « … » ; pilote : DGCS → DGCS, DPJJ ;
    objectifs : 1 puce modifiée (with a word-level diff of the bullet, `difflib`).

A file that does not validate on one side is reported with its errors instead of being
compared. Only the files given are read: a diff between two commits reads the files that
git says changed, so that comparing two versions costs what changed, not the whole
content. Cross-file checks (numbering, registry ids) are `python -m generator check`'s.

    diff = compare(old_files, new_files)   # {path: bytes | None} for each side
    diff.objets  # [ObjectChange]: one per measure, organisation, strategy, glossary, comparison
    diff.sans_effet  # files that changed without changing any published text
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from . import editions, models, urls
from .content import validate_document
from .errors import ContentInvalid
from .yamlfile import read_yaml

# --- which file holds what -------------------------------------------------------------


def kind_of(path: str) -> tuple[str, type[BaseModel]] | None:
    """(kind, model) of a published content file, None for any other file (templates…).
    The comparison's model is that of the default pair: `parse` validates the file with
    the model of the pair it names."""
    p = PurePosixPath(path)
    if p.suffix != ".yaml" or p.parts[:1] != ("content",):
        return None
    parts = p.parts[1:]
    for edition in editions.EDITIONS:
        if len(parts) == 3 and parts[:2] == ("measures", edition.key):
            return ("mesure", edition.measure_model)
        if parts == PurePosixPath(edition.strategy_file).parts:
            return ("strategie", edition.strategy_model)
    single = {
        ("glossary.yaml",): ("glossaire", editions.glossary_model()),
        ("partners.yaml",): ("partenaires", models.Registre),
        ("comparison.yaml",): ("comparaison", editions.comparison_model()),
    }
    return single.get(parts)


def is_content(path: str) -> bool:
    return path.startswith("content/")


# --- one file at one side --------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One content file as found on one side: its model, or the errors that prevent it."""

    path: str
    model: BaseModel | None
    errors: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.model is not None


_PARSED: dict[tuple[str, str], Version] = {}  # (path, sha1 of the bytes) → Version
_SCRATCH: list[tempfile.TemporaryDirectory] = []


def _scratch() -> Path:
    """A folder where a file's bytes are written for the loader, which reads files (one for
    the process, removed at its exit)."""
    if not _SCRATCH:
        _SCRATCH.append(tempfile.TemporaryDirectory(prefix="snpd-diff-"))
    return Path(_SCRATCH[0].name)


def parse(path: str, data: bytes) -> Version:
    """Read and validate one content file's bytes as the loader reads files from disk
    (same refusals, same French messages). Memoised by path and content."""
    key = (path, hashlib.sha1(data).hexdigest())
    if key in _PARSED:
        return _PARSED[key]
    kind = kind_of(path)
    assert kind is not None, path
    file = _scratch() / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data)
    try:
        doc = read_yaml(file, _scratch())
    except ContentInvalid as exc:
        version = Version(path, None, tuple(str(e) for e in exc.errors))
    else:
        model = editions.comparison_model_for(doc.data) if kind[0] == "comparaison" else kind[1]
        value, errors = validate_document(doc, model)
        version = Version(path, value, tuple(str(e) for e in errors))
    finally:
        file.unlink()
    _PARSED[key] = version
    return version


# --- word-level diff of a text -----------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]|\s+")


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """Segments ("=", "-" or "+", text) that turn `before` into `after`, word by word."""
    a, b = _TOKEN.findall(" ".join(before.split())), _TOKEN.findall(" ".join(after.split()))
    out: list[tuple[str, str]] = []

    def add(op, tokens):
        if not tokens:
            return
        text = "".join(tokens)
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            add("=", a[i1:i2])
        else:
            add("-", a[i1:i2])
            add("+", b[j1:j2])
    return out


def shorten(segments: list[tuple[str, str]], context: int = 8) -> list[tuple[str, str]]:
    """Long unchanged runs cut to `context` words on each side of a change (« … »)."""
    out = []
    for i, (op, text) in enumerate(segments):
        if op != "=":
            out.append((op, text))
            continue
        words = text.split(" ")
        first, last = i == 0, i == len(segments) - 1
        keep_start = 0 if first else context
        keep_end = 0 if last else context
        if len(words) > keep_start + keep_end + 2:
            head = " ".join(words[:keep_start])
            tail = " ".join(words[len(words) - keep_end :]) if keep_end else ""
            text = (head + " " if head else "") + "…" + (" " + tail if tail else "")
        out.append(("=", text))
    return out


@dataclass
class TextChange:
    """A text before and after (None: added or removed), with its word-level diff."""

    avant: str | None
    apres: str | None

    @property
    def mots(self) -> list[tuple[str, str]]:
        if self.avant is None:
            return [("+", " ".join(self.apres.split()))]
        if self.apres is None:
            return [("-", " ".join(self.avant.split()))]
        return word_diff(self.avant, self.apres)

    def to_json(self) -> dict:
        return {"avant": self.avant, "apres": self.apres, "mots": [list(s) for s in self.mots]}


# --- what the comparison produces ------------------------------------------------------


@dataclass
class Detail:
    champ: str  # the field as written in the YAML, e.g. "indicateurs", "axes[2].titre"
    resume: str  # « indicateur ajouté : « … » », « pilote : DGCS → DGCS, DPJJ »
    textes: list[TextChange] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"champ": self.champ, "resume": self.resume, "textes": [t.to_json() for t in self.textes]}


ETATS = {
    "ajout": "ajouté",
    "suppression": "supprimé",
    "modification": "modifié",
    "invalide": "ne valide pas",
    "corrige": "corrigé",
}


@dataclass
class ObjectChange:
    genre: str  # mesure | strategie | glossaire | organisation | comparaison | registre | fichier
    cle: str  # stable identifier, used in anchors: "mesure-<key>-7", "organisation-dgcs"
    libelle: str  # « Mesure 7 (<id>) »
    etat: str  # a key of ETATS
    fichier: str
    titre: str | None = None  # a measure's title, an organisation's name
    pages: list[str] = field(default_factory=list)  # site paths of the pages it changes
    details: list[Detail] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)  # for "invalide"

    @property
    def resume(self) -> str:
        """One line: « Mesure 7 (<id>) — indicateur ajouté ; pilote : … »."""
        if self.etat == "ajout":
            what = "ajoutée" if self.genre in _FEMININE else "ajouté"
            return f"{self.libelle} — {what}" + (f" : « {self.titre} »" if self.titre else "")
        if self.etat == "suppression":
            what = "supprimée" if self.genre in _FEMININE else "supprimé"
            return f"{self.libelle} — {what}"
        if self.etat == "invalide":
            n = len(self.erreurs)
            return f"{self.libelle} — le fichier ne valide pas ({n} erreur{'s' if n > 1 else ''})"
        if self.etat == "corrige" and not self.details:
            return f"{self.libelle} — fichier corrigé (il ne validait pas avant cette modification)"
        return f"{self.libelle} — " + " ; ".join(d.resume for d in self.details)

    def to_json(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "details"}
        out["etat_libelle"] = ETATS[self.etat]
        out["resume"] = self.resume
        out["details"] = [d.to_json() for d in self.details]
        return out


@dataclass
class Diff:
    objets: list[ObjectChange] = field(default_factory=list)
    sans_effet: list[str] = field(default_factory=list)  # files changed, no published text changed
    non_publies: list[str] = field(default_factory=list)  # files of content/ that are not published

    @property
    def published(self) -> bool:
        """Whether a published text changed (or a file stopped validating)."""
        return bool(self.objets)

    @property
    def files(self) -> set[str]:
        return {o.fichier for o in self.objets}

    def counts(self) -> str:
        """« 2 mesures, le glossaire, 1 organisation »."""
        by_genre: dict[str, int] = {}
        for o in self.objets:
            by_genre[o.genre] = by_genre.get(o.genre, 0) + 1
        parts = []
        for genre, (one, many) in _GENRES.items():
            n = by_genre.get(genre, 0)
            if n:
                parts.append(one if n == 1 and one.startswith(("le ", "la ")) else f"{n} {one if n == 1 else many}")
        return ", ".join(parts)

    def to_json(self) -> dict:
        return {
            "objets": [o.to_json() for o in self.objets],
            "sans_effet": self.sans_effet,
            "non_publies": self.non_publies,
        }


_GENRES = {
    "mesure": ("mesure", "mesures"),
    "strategie": ("stratégie", "stratégies"),
    "glossaire": ("le glossaire", "glossaires"),
    "organisation": ("organisation", "organisations"),
    "comparaison": ("la comparaison", "comparaisons"),
    "registre": ("le registre des partenaires", "registres"),
    "fichier": ("fichier", "fichiers"),
}
_FEMININE = {"mesure", "organisation", "strategie", "comparaison"}

# --- French words for fields -------------------------------------------------------------

# field → (label, gender) for single values; "f" for feminine
FIELDS = {
    "titre": ("titre", "m"),
    "titre_court": ("titre court", "m"),
    "note_editeur": ("note de l’éditeur", "f"),
    "page": ("page imprimée", "f"),
    "axe": ("axe", "m"),
    "enjeu": ("enjeu", "m"),
    "section": ("section", "f"),
    "nom": ("nom", "m"),
    "sigle": ("sigle", "m"),
    "type": ("type", "m"),
    "fonction": ("fonction", "f"),
    "relation": ("relation", "f"),
    "justification": ("justification", "f"),
    "source": ("source", "f"),
    "texte": ("texte", "m"),
    "periode": ("période", "f"),
}
# list fields shown whole, before → after (short items)
# (lists of numbers too: a comparison link's `mesures_<key>`)
INLINE = {"pilote", "pilotes_ids", "partenaires_ids", "strategies", "themes", "actions"}
# list fields compared item by item: field → (singular, plural, gender)
ITEMS = {
    "indicateurs": ("indicateur", "indicateurs", "m"),
    "partenaires": ("partenaire", "partenaires", "m"),
    "priorites": ("priorité", "priorités", "f"),
    "publics": ("public", "publics", "m"),
    "alias": ("alias", "alias", "m"),
    "entetes": ("en-tête", "en-têtes", "m"),
}
# lists of objects matched by a key, by the list's field: field → (noun, gender, key)
KEYED = {
    "axes": ("axe", "m", lambda x: x.numero),
    "enjeux": ("enjeu", "m", lambda x: x.numero),
    "sections": ("section", "f", lambda x: x.numero),
    "actions": ("action", "f", lambda x: x.numero),
    "notes": ("note", "f", lambda x: x.numero),
    "entrees": ("sigle", "m", lambda x: x.sigle),
    "organisations": ("organisation", "f", lambda x: x.id),
}
LABELS = {
    "modalites": "modalités",
    "priorites": "priorités",
    "preambules": "préfaces",
    "pilotes_ids": "pilotes (registre)",
    "partenaires_ids": "partenaires (registre)",
    "developpements": "développements",
    "entetes": "en-têtes",
    "periode": "période",
    "numero": "numéro",
}
# units of running text (blocks): kind → (singular, plural, gender)
UNITS = {
    "paragraphe": ("paragraphe", "paragraphes", "m"),
    "intertitre": ("intertitre", "intertitres", "m"),
    "puce": ("puce", "puces", "f"),
    "sous-puce": ("sous-puce", "sous-puces", "f"),
    "tableau": ("ligne de tableau", "lignes de tableau", "f"),
}


def label(name: str) -> str:
    return LABELS.get(name, FIELDS.get(name, (name.replace("_", " "), "m"))[0])


def _agree(word: str, gender: str, n: int = 1) -> str:
    """« ajouté » → « ajoutées » for a feminine plural."""
    return word + ("e" if gender == "f" else "") + ("s" if n > 1 else "")


def _quote(value) -> str:
    text = " ".join(str(value).split())
    return f"« {text if len(text) <= 160 else text[:159].rsplit(' ', 1)[0] + '…'} »"


def _plain(value) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value) or "—"
    return "—" if value is None else " ".join(str(value).split())


# --- comparing two models -----------------------------------------------------------------


def _compare(old, new, prefix: str, out: list[Detail], path: str = "") -> None:
    """Details of what differs between two models of the same type; `prefix` names the
    object in the lines (« axe 2 »), `path` in the YAML (« axes[2] »)."""
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            _compare_field(name, a, b, prefix, f"{path}.{name}" if path else name, out)


def _within(prefix: str, text: str) -> str:
    return f"{prefix} › {text}" if prefix else text


# lists of objects matched by position: field → (noun, gender)
POSITIONAL = {
    "preambules": ("préface", "f"),
    "developpements": ("développement", "m"),
    "pilotes": ("ligne de pilotes", "f"),
}


def _compare_field(name: str, a, b, prefix: str, path: str, out: list[Detail]) -> None:
    shown = _within(prefix, label(name))
    if isinstance(a, list) or isinstance(b, list):
        a, b = a or [], b or []
        sample = (b or a)[0]
        if isinstance(sample, (models.Bloc, models.Element)):
            _compare_blocks(a, b, path, shown, out)
        elif name in INLINE or isinstance(sample, int):
            out.append(Detail(path, f"{shown} : {_plain(a)} → {_plain(b)}"))
        elif isinstance(sample, BaseModel) and name in KEYED:
            _compare_keyed(name, a, b, prefix, path, out)
        elif isinstance(sample, BaseModel):
            noun, gender = POSITIONAL.get(name, (label(name), "m"))
            for i in range(max(len(a), len(b))):
                x, y = (a[i] if i < len(a) else None), (b[i] if i < len(b) else None)
                _compare_item(x, y, _within(prefix, f"{noun} {i + 1}"), f"{path}[{i + 1}]", gender, out)
        else:
            _compare_items(name, a, b, prefix, path, out)
    elif isinstance(b, BaseModel) and isinstance(a, BaseModel):
        _compare(a, b, shown, out, path)
    else:
        gender = FIELDS.get(name, (name, "m"))[1]
        if a is None:
            out.append(Detail(path, f"{shown} {_agree('ajouté', gender)} : {_quote(_summary(b))}", _texts(a, b)))
        elif b is None:
            out.append(Detail(path, f"{shown} {_agree('supprimé', gender)}", _texts(a, b)))
        elif isinstance(a, str) and isinstance(b, str) and (len(a) > 60 or len(b) > 60):
            out.append(Detail(path, f"{shown} {_agree('modifié', gender)}", [TextChange(a, b)]))
        else:
            out.append(Detail(path, f"{shown} : {_plain(a)} → {_plain(b)}"))


def _texts(a, b) -> list[TextChange]:
    if isinstance(a, (str, type(None))) and isinstance(b, (str, type(None))):
        return [TextChange(a, b)]
    return []


def _summary(value) -> str:
    """A short text for an added or removed object: its title, text or name."""
    if isinstance(value, BaseModel):
        for name in ("titre", "texte", "nom", "sigle", "paragraphe", "intertitre"):
            if getattr(value, name, None):
                return getattr(value, name)
        return ", ".join(_plain(v) for v in value.model_dump().values() if isinstance(v, (str, int)))
    return _plain(value)


def _compare_items(name: str, a: list, b: list, prefix: str, path: str, out: list[Detail]) -> None:
    one, many, gender = ITEMS.get(name, (label(name), label(name), "m"))
    one, many = _within(prefix, one), _within(prefix, many)
    for kind, x, y in _pairs(a, b):
        if kind == "modifié":
            out.append(Detail(path, f"{one} {_agree('modifié', gender)}", [TextChange(x, y)]))
        elif kind == "ajouté":
            out.append(Detail(path, f"{one} {_agree('ajouté', gender)} : {_quote(y)}", [TextChange(None, y)]))
        elif kind == "supprimé":
            out.append(Detail(path, f"{one} {_agree('supprimé', gender)} : {_quote(x)}", [TextChange(x, None)]))
        elif kind == "déplacé":
            out.append(Detail(path, f"{many} : ordre modifié"))


def _pairs(a: list, b: list, key=lambda v: v):
    """("modifié" | "ajouté" | "supprimé", before, after) for the items of two lists,
    matched by `difflib.SequenceMatcher`; a changed item inside a replaced run is paired
    with the item at the same place. Same items in another order: one ("déplacé", …)."""
    ka, kb = [key(x) for x in a], [key(y) for y in b]
    if sorted(map(str, ka)) == sorted(map(str, kb)) and ka != kb:
        return [("déplacé", None, None)]
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        xs, ys = a[i1:i2], b[j1:j2]
        for k in range(max(len(xs), len(ys))):
            if k < len(xs) and k < len(ys):
                out.append(("modifié", xs[k], ys[k]))
            elif k < len(ys):
                out.append(("ajouté", None, ys[k]))
            else:
                out.append(("supprimé", xs[k], None))
    return out


def _units(blocs) -> list[tuple[str, str]]:
    """Running text (blocks, or the bullets of a list) as units a reader counts:
    paragraphs, bullets, sub-bullets, sub-headings, table rows."""
    out = []
    for b in blocs:
        if isinstance(b, models.Element):
            out.append(("puce", b.texte))
            out += [("sous-puce", s) for s in b.sous_liste]
        elif b.paragraphe is not None:
            out.append(("paragraphe", b.paragraphe))
        elif b.intertitre is not None:
            out.append(("intertitre", b.intertitre))
        elif b.tableau is not None:
            for row in [b.tableau.entetes, *b.tableau.lignes]:
                out.append(("tableau", " | ".join(row)))
        else:
            for item in b.liste:
                out.append(("puce", item.texte))
                out += [("sous-puce", s) for s in item.sous_liste]
    return out


def _compare_blocks(a, b, path: str, shown: str, out: list[Detail]) -> None:
    ua, ub = _units(a), _units(b)
    counts: dict[tuple[str, str], int] = {}
    texts: list[TextChange] = []
    pairs = _pairs(ua, ub, key=lambda u: (u[0], " ".join(u[1].split())))
    if pairs == [("déplacé", None, None)]:
        out.append(Detail(path, f"{shown} : ordre modifié"))
        return
    for kind, x, y in pairs:
        if kind == "modifié" and x[0] != y[0]:  # a bullet became a paragraph…
            _count(counts, x[0], "supprimé")
            _count(counts, y[0], "ajouté")
            texts.append(TextChange(x[1], y[1]))
            continue
        unit = (x or y)[0]
        _count(counts, unit, kind)
        texts.append(TextChange(x[1] if x else None, y[1] if y else None))
    if not counts:  # only whitespace differs, or blocks regrouped with the same text
        out.append(Detail(path, f"{shown} : mise en forme modifiée"))
        return
    parts = []
    for (unit, kind), n in counts.items():
        one, many, gender = UNITS[unit]
        parts.append(f"{n} {one if n == 1 else many} {_agree(kind, gender, n)}")
    out.append(Detail(path, f"{shown} : " + ", ".join(parts), texts))


def _count(counts: dict, unit: str, kind: str) -> None:
    counts[(unit, kind)] = counts.get((unit, kind), 0) + 1


def _compare_item(x, y, where: str, at: str, gender: str, out: list[Detail]) -> None:
    """One item of a list, present on one side, the other or both."""
    if x is None:
        out.append(Detail(at, f"{where} {_agree('ajouté', gender)} : {_quote(_summary(y))}"))
    elif y is None:
        out.append(Detail(at, f"{where} {_agree('supprimé', gender)} : {_quote(_summary(x))}"))
    elif x != y:
        _compare(x, y, where, out, at)


def _compare_keyed(name: str, a: list, b: list, prefix: str, path: str, out: list[Detail]) -> None:
    noun, gender, key = KEYED[name]
    old = {key(x): x for x in a}
    new = {key(y): y for y in b}
    for k in list(new) + [k for k in old if k not in new]:
        x, y = old.get(k), new.get(k)
        _compare_item(x, y, _within(prefix, f"{noun} {k}"), f"{path}[{k}]", gender, out)
    if [k for k in old if k in new] != [k for k in new if k in old]:
        out.append(Detail(path, f"{_within(prefix, label(path.rsplit('.', 1)[-1]))} : ordre modifié"))


# --- objects of each kind -----------------------------------------------------------------


def _measure_object(path: str, etat: str, model, pages_of_ids=()) -> ObjectChange:
    folder = PurePosixPath(path).parent.name
    periode = editions.by_key(folder).id
    numero = model.numero if model is not None else None
    cle = f"mesure-{folder}-{numero}" if numero is not None else "fichier-" + _slug(path)
    libelle = f"Mesure {numero} ({periode})" if numero is not None else f"Fichier {path}"
    pages = [urls.mesure(periode, PurePosixPath(path).stem)] if etat != "suppression" else []
    pages += [urls.partenaire(i) for i in pages_of_ids]
    return ObjectChange(
        "mesure", cle, libelle, etat, path, titre=model.titre if model is not None else None, pages=pages
    )


def _slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")


def _measures(old: dict[str, Version], new: dict[str, Version], diff: Diff) -> None:
    """Measures are matched by period and number (a renamed file is the same measure)."""

    def by_number(side):
        out = {}
        for path, v in side.items():
            if v is not None and v.valid:
                out[(PurePosixPath(path).parent.name, v.model.numero)] = (path, v.model)
        return out

    a, b = by_number(old), by_number(new)
    broken_new = {p for p, v in new.items() if v is not None and not v.valid}
    broken_old = {p for p, v in old.items() if v is not None and not v.valid}
    for key in sorted(set(a) | set(b)):
        if key in a and key in b:
            (pa, x), (pb, y) = a[key], b[key]
            if x == y:
                if pa != pb:
                    obj = _measure_object(pb, "modification", y)
                    obj.details.append(Detail("fichier", f"fichier renommé : {pa} → {pb}"))
                    diff.objets.append(obj)
                else:
                    diff.sans_effet.append(pb)
                continue
            details: list[Detail] = []
            _compare(x, y, "", details)
            ids = set()
            for f in ("pilotes_ids", "partenaires_ids"):
                ids |= set(getattr(x, f)) ^ set(getattr(y, f))
            if x.titre != y.titre:
                ids |= set(y.pilotes_ids) | set(y.partenaires_ids)
            obj = _measure_object(pb, "modification", y, sorted(ids))
            obj.details = details
            diff.objets.append(obj)
        elif key in b:
            path, y = b[key]
            if path in broken_old:
                obj = _measure_object(path, "corrige", y)
                obj.pages += [urls.partenaire(i) for i in sorted(set(y.pilotes_ids) | set(y.partenaires_ids))]
            else:
                obj = _measure_object(path, "ajout", y, sorted(set(y.pilotes_ids) | set(y.partenaires_ids)))
            diff.objets.append(obj)
        else:
            path, x = a[key]
            if path in broken_new:
                continue  # reported below, as a file that does not validate
            obj = _measure_object(path, "suppression", x, sorted(set(x.pilotes_ids) | set(x.partenaires_ids)))
            diff.objets.append(obj)
    for path in sorted(broken_new):
        before = old.get(path)
        obj = _measure_object(path, "invalide", before.model if before is not None and before.valid else None)
        obj.pages = []
        obj.erreurs = list(new[path].errors)
        diff.objets.append(obj)


def _strategy(path: str, x, y, diff: Diff) -> None:
    model = y or x
    periode = model.periode
    obj = ObjectChange(
        "strategie",
        f"strategie-{periode}",
        f"Stratégie {periode}",
        "modification",
        path,
        titre=model.titre,
        pages=[urls.strategie(periode)],
    )
    _compare(x, y, "", obj.details)
    axes = sorted({int(m.group(1)) for d in obj.details if (m := re.match(r"axes\[(\d+)\]", d.champ))})
    obj.pages += [urls.axe(periode, n) for n in axes if any(a.numero == n for a in y.axes)]
    diff.objets.append(obj)


def _glossary(path: str, x, y, diff: Diff) -> None:
    obj = ObjectChange("glossaire", "glossaire", "Glossaire", "modification", path, pages=["glossaire/"])
    old = {e.sigle: e for e in x.entrees}
    new = {e.sigle: e for e in y.entrees}
    for sigle in list(new) + [s for s in old if s not in new]:
        a, b = old.get(sigle), new.get(sigle)
        at = f"entrees[{sigle}]"
        if a is None:
            meaning = " ; ".join(d.texte for d in b.developpements)
            obj.details.append(Detail(at, f"sigle ajouté : {sigle} ({meaning})", [TextChange(None, meaning)]))
        elif b is None:
            obj.details.append(Detail(at, f"sigle supprimé : {sigle}"))
        elif a != b:
            _compare(a, b, f"sigle {sigle}", obj.details, at)
    diff.objets.append(obj)


def _registry(path: str, x, y, diff: Diff) -> None:
    old = {o.id: o for o in x.organisations}
    new = {o.id: o for o in y.organisations}
    for ident in list(new) + [i for i in old if i not in new]:
        a, b = old.get(ident), new.get(ident)
        if a == b:
            continue
        org = b or a
        etat = "ajout" if a is None else "suppression" if b is None else "modification"
        pages = ["partenaires/"] if etat != "modification" or a.nom != b.nom or a.type != b.type else []
        if b is not None:
            pages.insert(0, urls.partenaire(ident))
        obj = ObjectChange(
            "organisation",
            f"organisation-{ident}",
            f"Organisation « {org.sigle or org.nom} »",
            etat,
            path,
            org.nom,
            pages,
        )
        if etat == "modification":
            _compare(a, b, "", obj.details)
        diff.objets.append(obj)


def _comparison(path: str, x, y, diff: Diff) -> None:
    before, after = y.pair

    def sides(comparaison):
        """A link's key: its measures before and after, by the pair its file names."""
        keys = [editions.by_id(i).key for i in comparaison.pair]
        return lambda lien: tuple(tuple(lien.numbers(k)) for k in keys)

    def name(k):
        numbers_before = ", ".join(map(str, k[0])) or "—"
        numbers_after = ", ".join(map(str, k[1])) or "—"
        return f"lien {numbers_before} ({before}) → {numbers_after} ({after})"

    obj = ObjectChange("comparaison", "comparaison", _comparison_label(y), "modification", path, pages=["comparaison/"])
    key_before, key_after = sides(x), sides(y)
    old = {key_before(lien): lien for lien in x.liens}
    new = {key_after(lien): lien for lien in y.liens}
    for k in list(new) + [k for k in old if k not in new]:
        a, b = old.get(k), new.get(k)
        if a is None:
            obj.details.append(Detail("liens", f"{name(k)} ajouté ({b.relation})", [TextChange(None, b.justification)]))
        elif b is None:
            obj.details.append(Detail("liens", f"{name(k)} supprimé ({a.relation})"))
        elif a != b:
            _compare(a, b, name(k), obj.details)
    diff.objets.append(obj)


_SINGLE = {"strategie": _strategy, "glossaire": _glossary, "partenaires": _registry, "comparaison": _comparison}
_SINGLE_LABELS = {"strategie": "Stratégie", "glossaire": "Glossaire", "partenaires": "Registre des partenaires"}


def _comparison_label(model=None) -> str:
    """« Comparaison <avant> / <après> »: the pair a valid comparison names, else the
    default pair."""
    before, after = model.pair if model is not None else editions.COMPARISON
    return f"Comparaison {before} / {after}"


def _single(path: str, kind: str, a: Version | None, b: Version | None, diff: Diff) -> None:
    """A file that holds one object of its kind (strategy, glossary, registry, comparison)."""
    if kind == "comparaison":
        name = _comparison_label(next((v.model for v in (b, a) if v is not None and v.valid), None))
    else:
        name = _SINGLE_LABELS[kind] + (f" {PurePosixPath(path).stem}" if kind == "strategie" else "")
    if b is not None and not b.valid:
        diff.objets.append(
            ObjectChange("fichier", "fichier-" + _slug(path), name, "invalide", path, erreurs=list(b.errors))
        )
        return
    if a is None or b is None or not a.valid:
        etat = "suppression" if b is None else "ajout" if a is None else "corrige"
        page = {"glossaire": "glossaire/", "partenaires": "partenaires/", "comparaison": "comparaison/"}.get(kind)
        if kind == "strategie" and b is not None:
            page = urls.strategie(b.model.periode)
        genre = {"partenaires": "registre"}.get(kind, kind)
        obj = ObjectChange(genre, "fichier-" + _slug(path), name, etat, path, pages=[page] if page and b else [])
        if kind == "partenaires" and b is not None:  # every organisation's page is new
            obj.pages += [urls.partenaire(o.id) for o in b.model.organisations]
        diff.objets.append(obj)
        return
    if a.model == b.model:
        diff.sans_effet.append(path)
        return
    _SINGLE[kind](path, a.model, b.model, diff)


def compare(old: dict[str, bytes | None], new: dict[str, bytes | None], fallback=None) -> Diff:
    """The changes from `old` to `new`, each a {path: bytes or None (no such file)} of the
    same changed paths. `fallback(path)` may give the last valid Version of a file whose
    old side does not validate (the journal passes the last published one)."""
    diff = Diff()
    olds: dict[str, Version | None] = {}
    news: dict[str, Version | None] = {}
    for path in sorted(set(old) | set(new)):
        if not is_content(path):
            continue
        if kind_of(path) is None:
            if old.get(path) != new.get(path):
                diff.non_publies.append(path)
            continue
        a = parse(path, old[path]) if old.get(path) is not None else None
        b = parse(path, new[path]) if new.get(path) is not None else None
        if a is not None and not a.valid and fallback is not None:
            a = fallback(path) or a
        olds[path], news[path] = a, b
    measures = [p for p in olds if kind_of(p)[0] == "mesure"]
    _measures({p: olds[p] for p in measures}, {p: news[p] for p in measures}, diff)
    for path in olds:
        kind = kind_of(path)[0]
        if kind != "mesure":
            _single(path, kind, olds[path], news[path], diff)
    return diff
