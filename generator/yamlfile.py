"""Safe YAML reading that keeps the position of every node.

Content comes from editors' pull requests, so the loader refuses what YAML allows but
content never needs: Python tags, anchors and aliases (the "billion laughs" bomb),
duplicate keys, files that are huge, empty or not UTF-8. Every refusal is a
`ContentError` in French with the line where it happens.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import ContentError, ContentInvalid

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
    return YamlDocument(rel, data, root)
