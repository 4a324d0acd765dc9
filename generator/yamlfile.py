"""Safe YAML reading that keeps the position of every node.

Content comes from editors' pull requests, so the loader refuses what YAML allows but
content never needs: Python tags, anchors and aliases (the "billion laughs" bomb),
duplicate keys, files that are huge, empty or not UTF-8, and characters that a reviewer
cannot see in a diff (`hidden_characters`). Every refusal is a `ContentError` in French
with the line where it happens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import HELP, ContentError, ContentInvalid, field_label

MAX_BYTES = 512 * 1024  # a measure is ~10 KiB; anything this big is a mistake


@dataclass
class YamlDocument:
    path: str
    data: Any
    root: Node

    def position(self, loc: tuple) -> tuple[int, int]:
        """(line, column), 1-based, of the node at `loc`, or of its nearest parent."""
        node = node_at(self.root, loc)
        return node.start_mark.line + 1, node.start_mark.column + 1


def node_at(root: Node, loc: tuple) -> Node:
    node = root
    for part in loc:
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == str(part):
                    node = value
                    break
            else:
                return node
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            if 0 <= part < len(node.value):
                node = node.value[part]
            else:
                return node
        else:
            return node
    return node


def loc_at(root: Node, line: int, column: int) -> tuple | None:
    """The location (keys and indexes) of the key or value written at a 0-based
    position; None outside any (a comment, indentation)."""
    loc: tuple = ()
    node = root
    while not isinstance(node, ScalarNode):
        if isinstance(node, MappingNode):
            children = [(key.value, (key, value)) for key, value in node.value if isinstance(key, ScalarNode)]
        elif isinstance(node, SequenceNode):
            children = [(i, (item,)) for i, item in enumerate(node.value)]
        else:
            return None
        for part, nodes in children:
            inner = next((n for n in nodes if _spans(n, line, column)), None)
            if inner is not None:
                loc, node = loc + (part,), inner
                break
        else:
            return None
    return loc


def _spans(node: Node, line: int, column: int) -> bool:
    start, end = node.start_mark, node.end_mark
    return (start.line, start.column) <= (line, column) < (end.line, end.column)


def key_node_at(root: Node, loc: tuple) -> Node | None:
    """The key node of the last element of `loc` (for « unknown field » errors)."""
    if not loc:
        return None
    parent = node_at(root, loc[:-1])
    if isinstance(parent, MappingNode):
        for key, _ in parent.value:
            if isinstance(key, ScalarNode) and key.value == str(loc[-1]):
                return key
    return None


# libyaml's parser when available (ten times faster), the pure-Python one otherwise.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIAS_MESSAGE = "les ancres et alias YAML (« & » et « * ») ne sont pas autorisés : recopiez le texte en entier"


def _refuse_aliases(root: Node) -> None:
    """An alias makes the composer reuse a node: refuse any node reached twice, before
    construction, so that an alias bomb never expands."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise _Refused(node.start_mark, ALIAS_MESSAGE)
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))


class _Loader(_BaseLoader):
    """Safe loader without aliases and with duplicate-key detection."""

    def construct_mapping(self, node, deep=False):
        seen: dict[str, Node] = {}
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            if key in seen:
                raise _Refused(
                    key_node.start_mark,
                    f"la clé « {key} » apparaît deux fois (déjà à la ligne "
                    f"{seen[key].start_mark.line + 1}) : gardez-en une seule",
                    field=key,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


# --- what a reviewer cannot see ---------------------------------------------------------

# Default-ignorable code points (Unicode's DerivedCoreProperties) that are letters or marks,
# not format characters: they show nothing either.
_IGNORABLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0}
_IGNORABLE_RANGES = ((0x180B, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF))
# Controls, format characters (bidirectional embeddings, overrides, isolates and marks,
# zero-width spaces and joiners, soft hyphen, byte order mark, tag characters…), line and
# paragraph separators, private-use, surrogate and unassigned code points.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}
_LONE_CR = re.compile(r"\r(?!\n)")


@functools.lru_cache(maxsize=4096)
def is_hidden(char: str) -> bool:
    """A character that hides or reorders text in a diff. Tab, line feed and carriage
    return are layout (a carriage return alone is refused apart); ordinary typography
    (no-break and thin spaces, « », ’, …, –, —, œ) is visible and allowed."""
    if char in "\t\n\r":
        return False
    cp = ord(char)
    if cp in _IGNORABLE or any(lo <= cp <= hi for lo, hi in _IGNORABLE_RANGES):
        return True
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


_UNNAMED = {"Cc": "caractère de contrôle", "Co": "caractère à usage privé", "Cn": "caractère non attribué"}


def character_name(char: str) -> str:
    """« U+202E RIGHT-TO-LEFT OVERRIDE »: the code point and its Unicode name."""
    cp = ord(char)
    kind = unicodedata.category(char)
    name = unicodedata.name(char, None) or _UNNAMED.get(kind, "sans nom")
    return f"U+{cp:04X} {name}"


def hidden_message(char: str, escaped: bool = False) -> str:
    how = " (écrit entre guillemets sous forme d’échappement, « \\u… » ou « \\x… »)" if escaped else ""
    if char == "\r":
        return (
            "retour chariot seul (U+000D CARRIAGE RETURN) : les lignes doivent finir par un saut de ligne "
            f"ordinaire ; enregistrez le fichier avec des fins de ligne LF (voir {HELP})"
        )
    return (
        f"caractère invisible « {character_name(char)} » interdit{how} : il masque ou réordonne le texte "
        f"à la relecture d’une modification ; supprimez-le (voir {HELP})"
    )


def hidden_characters(text: str) -> list[tuple[int, int, str]]:
    """(line, column, character), 0-based, of every hidden character of a file."""
    suspects = {c for c in set(text) if is_hidden(c)}
    positions = [m.start() for m in _LONE_CR.finditer(text)] if "\r" in text else []
    if suspects:
        positions += [i for i, c in enumerate(text) if c in suspects]
    out = []
    for i in sorted(positions):
        line_start = text.rfind("\n", 0, i) + 1
        out.append((text.count("\n", 0, i), i - line_start, text[i]))
    return out


def _hidden_in_values(root: Node) -> list[tuple[Node, str]]:
    """Hidden characters that the file shows as YAML escapes (« "\u202e" »: only a
    double-quoted scalar has escapes)."""
    out = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style != '"':
                continue
            found = next((c for c in set(node.value) if c != "\r" and is_hidden(c)), None)
            if found:
                out.append((node, found))
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((value, key))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
    return out


class _Refused(Exception):
    def __init__(self, mark, message: str, field: str = ""):
        self.mark, self.message, self.field = mark, message, field


def _translate_yaml_error(exc: yaml.MarkedYAMLError, text: str = "") -> str:
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark = exc.problem_mark
    line = text.splitlines()[mark.line] if mark and mark.line < len(text.splitlines()) else ""
    if "'\\t'" in problem or "tab" in problem or "\t" in line[: mark.column + 1 if mark else 0]:
        return "tabulation interdite : l’indentation YAML se fait avec des espaces"
    if "alias" in problem or "anchor" in problem:
        return ALIAS_MESSAGE
    if "could not determine a constructor" in problem:
        return "étiquette YAML (« !… ») interdite : écrivez un texte simple"
    if "mapping values are not allowed" in problem:
        return "« : » inattendu : un texte contenant « : » doit être mis entre guillemets ou écrit en bloc avec « >- »"
    if "expected <block end>" in problem or "did not find expected key" in problem:
        return "indentation incohérente : vérifiez que les lignes de ce bloc sont alignées"
    if "found unexpected end of stream" in problem or "while scanning a quoted" in context:
        return "guillemet ouvert jamais fermé"
    if "expected alphabetic or numeric character" in problem or "anchor" in context:
        return "caractère « & » ou « * » mal placé : mettez ce texte entre guillemets"
    if "found character" in problem:
        return "caractère interdit à cet endroit : mettez ce texte entre guillemets"
    return f"syntaxe YAML invalide ({exc.problem or exc.context})"


def read_yaml(path: Path, root_dir: Path) -> YamlDocument:
    """Read one content file, or raise ContentInvalid with a single, located error."""
    rel = path.relative_to(root_dir).as_posix() if path.is_absolute() else path.as_posix()

    def fail(message: str, line: int = 1, column: int = 1, field: str = ""):
        raise ContentInvalid([ContentError(rel, line, column, field, message)])

    size = path.stat().st_size
    if size > MAX_BYTES:
        fail(
            f"fichier trop volumineux ({size // 1024} Kio, maximum {MAX_BYTES // 1024} Kio) : "
            "une mesure tient en quelques dizaines de Kio"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        fail(
            f"le fichier n’est pas encodé en UTF-8 : enregistrez-le en UTF-8 (octet 0x{raw[exc.start]:02x} illisible)",
            line,
            column,
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        fail("le fichier est vide")
    hidden = hidden_characters(text)
    if hidden:
        _refuse_hidden(rel, text, hidden)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_aliases(root)
        data = loader.construct_document(root)
    except _Refused as exc:
        fail(exc.message, exc.mark.line + 1, exc.mark.column + 1, exc.field)
    except yaml.MarkedYAMLError as exc:
        # For an unclosed quote the useful place is where the quote opens.
        quoted = "quoted scalar" in (exc.context or "")
        mark = (exc.context_mark if quoted else None) or exc.problem_mark or exc.context_mark
        fail(_translate_yaml_error(exc, text), mark.line + 1 if mark else 0, mark.column + 1 if mark else 0)
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        fail(f"syntaxe YAML invalide ({exc})")
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        fail(
            "le fichier doit être une suite de champs « nom: valeur »",
            root.start_mark.line + 1,
            root.start_mark.column + 1,
        )
    escaped = _hidden_in_values(root) if "\\" in text else []
    if escaped:
        raise ContentInvalid(
            [
                ContentError(
                    rel,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    field_label(loc_at(root, node.start_mark.line, node.start_mark.column) or ()),
                    hidden_message(char, escaped=True),
                )
                for node, char in escaped
            ]
        )
    return YamlDocument(rel, data, root)


def _refuse_hidden(rel: str, text: str, hidden: list[tuple[int, int, str]]):
    """Every hidden character, at its line and column, with the field it is in when the
    file can be read without it (each replaced by a space)."""
    suspects = {char for _, _, char in hidden}
    loader = _Loader("".join(" " if c in suspects else c for c in text))
    try:
        root = loader.get_single_node()
    except (yaml.YAMLError, _Refused):
        root = None
    finally:
        loader.dispose()
    raise ContentInvalid(
        [
            ContentError(
                rel,
                line + 1,
                column + 1,
                field_label(loc_at(root, line, column) or ()) if root is not None else "",
                hidden_message(char),
            )
            for line, column, char in hidden
        ]
    )
