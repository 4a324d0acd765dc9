"""An edition is named in one place: the ids and keys of the declared editions
(« 2026-2030 », « 2026 »…) appear in generator/ only in the editions' own modules
(generator/editions/<module>.py, those that declare an edition of EDITIONS), in the
templates and stylesheets named after their key (`mesure2026.md.j2`, `print2019.css`…) and,
as module names, where editions/__init__.py lists them. Each of those names its own edition
only. Dates (« 27 novembre 2026 », « 2026-11-27 ») are not edition ids.

A hit is reported with its file and line, so that the rule keeps holding when an edition is
added or code is written."""

import importlib
import pkgutil
import re
from pathlib import Path

from generator import editions

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "generator"

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
# a date names a day, not an edition: « 1er mars 2026 », « 2026-11-27 »
DATES = re.compile(rf"\b\d{{1,2}}(?:er)? (?:{MONTHS}) \d{{4}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}")


def names_of(edition: editions.Edition) -> re.Pattern:
    """Its id anywhere; its key as a number of its own (« mesure2026 », « _2026 », not « 120261 »)."""
    return re.compile(rf"{re.escape(edition.id)}|(?<![0-9]){re.escape(edition.key)}(?![0-9])")


def edition_modules() -> dict[Path, editions.Edition]:
    """The modules of generator/editions/ that declare an edition of EDITIONS, with it."""
    out = {}
    for info in pkgutil.iter_modules(editions.__path__):
        module = importlib.import_module(f"{editions.__name__}.{info.name}")
        for value in vars(module).values():
            declared = [e for e in editions.EDITIONS if value is e]
            if declared:
                out[Path(module.__file__).resolve()] = declared[0]
    return out


def owner(path: Path, modules: dict[Path, editions.Edition]) -> editions.Edition | None:
    """The edition a file belongs to: its module, or a template or stylesheet of a
    templates folder named after its key (`_carte2019.md.j2`, `print2019.css`)."""
    if path.resolve() in modules:
        return modules[path.resolve()]
    if path.parent.name == "templates":
        for edition in editions.EDITIONS:
            if re.fullmatch(rf"_?[a-z]+{re.escape(edition.key)}\.[a-z0-9.]+", path.name):
                return edition
    return None


def hits(text: str, patterns: list[re.Pattern], allowed: tuple[str, ...] = ()) -> list[tuple[int, str]]:
    """(line number, line) of each line where one of `patterns` matches, once dates and the
    `allowed` words are left out."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        seen = DATES.sub("", line)
        for word in allowed:
            seen = seen.replace(word, "")
        if any(p.search(seen) for p in patterns):
            out.append((number, line.strip()))
    return out


def scan(root: Path) -> list[str]:
    """Every place under `root` (generator/) that names an edition it should not."""
    modules = edition_modules()
    module_names = tuple(path.stem for path in modules)
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        mine = owner(path, modules)
        # an edition's own files name it, and no other one
        others = [names_of(e) for e in editions.EDITIONS if e is not mine]
        # editions/__init__.py imports and lists the edition modules by name
        allowed = module_names if path == root / "editions" / "__init__.py" else ()
        found += [f"{path.relative_to(ROOT)}:{n}: {line}" for n, line in hits(text, others, allowed)]
    return found


def test_edition_ids_appear_only_in_the_edition_declarations():
    found = scan(GENERATOR)
    assert not found, "une édition est nommée hors de ses déclarations :\n" + "\n".join(found)


def test_every_declared_edition_has_its_module():
    modules = edition_modules()
    assert sorted(e.id for e in modules.values()) == sorted(e.id for e in editions.EDITIONS)
    for path, edition in modules.items():
        assert path.parent == GENERATOR / "editions"
        assert edition.id in path.read_text(encoding="utf-8")


def test_the_guard_finds_an_edition_named_in_generic_code():
    edition = editions.EDITIONS[0]
    patterns = [names_of(e) for e in editions.EDITIONS]
    code = "\n".join(
        [
            f'if strategy.id == "{edition.id}":',
            f"    model = Mesure{edition.key}",
            f'    field = "pilote_{edition.key}"',
            f"# « 27 novembre {edition.key} », « {edition.key}-11-27 »: dates",
            f"    total = 1{edition.key}0",
        ]
    )
    assert [n for n, _ in hits(code, patterns)] == [1, 2, 3]
    # the files of an edition are its module and its templates; a generic file is no one's
    modules = edition_modules()
    for path, declared in modules.items():
        assert owner(path, modules) is declared
    assert owner(GENERATOR / "site" / "templates" / f"_carte{edition.key}.md.j2", modules) is edition
    assert owner(GENERATOR / "pdf" / "templates" / f"print{edition.key}.css", modules) is edition
    assert owner(GENERATOR / "pdf" / "print.css", modules) is None
    assert owner(GENERATOR / "content.py", modules) is None
