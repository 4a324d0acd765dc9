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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import HELP, READING, ContentError, ContentInvalid, field_label

MAX_BYTES = 512 * 1024  # a measure is ~10 KiB; anything this big is a mistake


@dataclass
class YamlDocument:
    path: str
    data: Any
    root: Node
    lines: list[str] = field(default_factory=list, repr=False)  # the text, to point inside a line

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


# --- YAML syntax errors in French ---------------------------------------------------
#
# The parser says, in English, where it gave up; editors need where the structure broke
# and what to do. A few problems are certain from the parser's words alone (a tab, an
# unclosed quote, a character that cannot start a text). For the others (a lost dash, a
# lost colon, a misaligned line, a colon in a text…) the diagnosis tries small repairs of
# the lines around the failure, the ones an editor would make, and keeps the first that
# makes the whole file readable: the repaired line is the one to look at, and the repair
# says what to do. None of the parser's English text is ever shown.

TAB_MESSAGE = "tabulation interdite : l’indentation YAML se fait avec des espaces"
TAG_MESSAGE = "étiquette YAML (« !… ») interdite : écrivez un texte simple"
UNCLOSED_QUOTE = (
    "guillemet ouvert jamais fermé : ajoutez le guillemet fermant à la fin du texte, ou retirez le guillemet ouvrant"
)
APOSTROPHE_MESSAGE = (
    "apostrophe droite « ' » dans un texte entre apostrophes : écrivez l’apostrophe typographique « ’ », "
    "ou retirez les apostrophes qui entourent le texte"
)
COLON_MESSAGE = "« : » inattendu : un texte contenant « : » doit être mis entre guillemets ou écrit en bloc avec « >- »"
GENERIC_MESSAGE = (
    "syntaxe YAML invalide : comparez cette ligne et la précédente avec les lignes voisines "
    "(même décalage, « - » au début d’un élément de liste, « : » après le nom d’un champ, guillemets fermés)"
)

MISSING_DASH = (
    "il manque le tiret « - » au début de cet élément de liste (un tiret, une espace, puis le texte, "
    "aligné sur les autres tirets de la liste)"
)
FIRST_ITEM_MESSAGE = (
    "le premier élément d’une liste va à la ligne suivante, avec son tiret « - », aligné sur les autres tirets"
)
COMMENT_MESSAGE = (
    "le texte s’arrête avant « # », qui commence un commentaire : la suite ne serait pas publiée ; "
    "mettez tout le texte entre guillemets (un commentaire se met sur sa propre ligne)"
)

_KEY = r"[A-Za-z_][A-Za-z0-9_]*"

# Spaces a word processor writes (no-break, narrow no-break, figure space): they look like
# spaces, but YAML reads them as text, so where they stand for a space of the structure
# (indentation, after a dash or after « nom: ») the line no longer means what it shows.
_NBSP = "\u00a0\u202f\u2007"
_STRUCTURE_NBSP = (
    (re.compile(rf"^ *()[ {_NBSP}]*[{_NBSP}]"), "au début de la ligne", "effacez le décalage et retapez-le"),
    (re.compile(rf"^[ {_NBSP}]*-()[{_NBSP}]"), "après le tiret « - »", "remplacez-la par une espace ordinaire"),
    (
        re.compile(rf"^[ {_NBSP}]*(?:-[ {_NBSP}]+)?{_KEY}:()[{_NBSP}]"),
        "après le « : » du nom du champ",
        "remplacez-la par une espace ordinaire",
    ),
)


def _structure_nbsp(text: str) -> tuple[int, str, str] | None:
    """(column, 0-based, of the first word processor's space that stands for a space of the
    structure; the line repaired; the message), if the line (or the start of a text) has one."""
    for pattern, where, what in _STRUCTURE_NBSP:
        if m := pattern.match(text):
            column = m.start(1) + len(re.match(r"[ ]*", text[m.start(1) :]).group())
            repaired = text[: m.end()].translate({ord(c): " " for c in _NBSP}) + text[m.end() :]
            message = (
                f"espace insécable {where} (copiée depuis un traitement de texte ?) : elle ressemble à une "
                f"espace mais YAML la lit comme du texte ; {what}"
            )
            return column, repaired, message
    return None


_KEY_LINE = re.compile(rf"^\s*(?:-\s+)?({_KEY}):(\s|$)")
_BLOCK_INDICATOR = re.compile(r"(^|\s)[>|][-+]?[0-9]?$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _kind(line: str) -> str:
    stripped = line.strip()
    if stripped == "-" or stripped.startswith("- "):
        return "dash"
    if re.match(rf"^{_KEY}:(\s|$)", stripped):  # « mot : » with a space is French text
        return "key"
    return "text"


def _previous_content(lines: list[str], i: int, below: int | None = None) -> int | None:
    """The nearest line above i with content (indented less than `below` if given)."""
    for j in range(min(i, len(lines)) - 1, -1, -1):
        if _is_content(lines[j]) and (below is None or _indent(lines[j]) < below):
            return j
    return None


def _opened_column(line: str) -> int | None:
    """Where the lines nested under this one start, if it opens a block (`key:`,
    `key: >-`, `- >-`)."""
    key = _KEY_LINE.match(line)
    rest = line[key.end() :] if key else line.strip()[1:] if _kind(line) == "dash" else None
    if rest is None or not (not rest.strip() or _BLOCK_INDICATOR.search(rest.strip())):
        return None
    return (key.start(1) if key else _indent(line)) + 2


def _expected_columns(lines: list[str], i: int) -> list[tuple[int, int, int]]:
    """Columns where line i could start, as (strength, column, model line): the column
    that the block it belongs to opens (strength 0), then those of the line above and of
    its parents that are of the same kind as line i (strength 1)."""
    out = []
    kind = _kind(lines[i])
    j = _previous_content(lines, i)
    if j is None:
        return out
    opener: int | None = j
    if kind == "text":  # the text of a block: the line that opened the block decides
        while opener is not None and _kind(lines[opener]) == "text":
            opener = _previous_content(lines, opener)
    if opener is not None and (opened := _opened_column(lines[opener])) is not None:
        out.append((0, opened, opener))
    k: int | None = j
    while k is not None:
        other = lines[k]
        if _kind(other) == kind:
            out.append((1, _indent(other), k))
        elif kind == "key" and (key := _KEY_LINE.match(other)) is not None:
            out.append((1, key.start(1), k))
        if _indent(other) == 0:
            break
        k = _previous_content(lines, k, below=_indent(other))
    return out


def _spaces(level: int) -> str:
    return f"par {level} espace{'s' if level > 1 else ''}" if level else "sans espace"


def _field_of_line(lines: list[str], i: int) -> str:
    """The field a line belongs to: its own key (even without its « : » or the space after
    it), or that of the block it is in."""
    j: int | None = i
    while j is not None and j < len(lines):
        if key := re.match(rf"^\s*(?:-\s+)?({_KEY})\s*(:|$)", lines[j]):
            return key.group(1)
        indent = len(lines[j]) - len(lines[j].lstrip())  # tabs and word processors' spaces too
        if indent == 0:
            break
        j = _previous_content(lines, j, below=indent)
    return ""


def _split_value(line: str) -> tuple[str, str]:
    """(dash and key part, value) of a line: `  - titre: texte` → ("  - titre: ", "texte")."""
    m = re.match(rf"^(\s*(?:-\s+)?(?:{_KEY}\s*:\s+)?)(.*?)\s*$", line)
    return m.group(1), m.group(2)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _repairs(lines: list[str], i: int, keys: frozenset[str], lists: frozenset[str] = frozenset()):
    """Small repairs of line i, as (rank, repaired line, column of the mistake (0-based),
    message); the lower the rank, the likelier the mistake. `keys` are the field names
    the file may use (any lowercase word if empty), `lists` those whose value is a list of
    « nom: valeur » items (any if empty)."""
    line = lines[i]
    if not _is_content(line):
        return
    stripped = line.strip()
    ind = _indent(line)
    kind = _kind(line)
    if found := _structure_nbsp(line):
        column, repaired, message = found
        yield 0, repaired, column, message
    if m := re.match(r"^(\s*)-([^\s\-].*)$", line):
        message = "il manque une espace après le tiret « - » : écrivez le tiret, une espace, puis le texte"
        yield 0, m.group(1) + "- " + m.group(2), ind, message
    add_dash = (" " * ind + "- " + stripped, ind, MISSING_DASH)
    if kind == "text":
        yield 1, *add_dash
    if m := re.match(r"^(\s*(?:-\s+)?)([a-z][a-z0-9_]*)(?:\s+(.*))?$", line):
        key, rest = m.group(2), f" {m.group(3)}" if m.group(3) else ""
        if not keys or key in keys:
            yield 2, m.group(1) + key + ":" + rest, len(m.group(1)) + len(key), f"il manque « : » après « {key} »"
    if m := re.match(rf"^(\s*(?:-\s+)?)({_KEY}):([^\s:].*)$", line):
        key = m.group(2)
        message = f"il manque une espace après « {key}: » : écrivez « {key}: », une espace, puis la valeur"
        yield 2, f"{m.group(1)}{key}: {m.group(3)}", len(m.group(1)) + len(key), message
    tried = {ind}
    for strength, level, model in _expected_columns(lines, i):
        if level in tried:
            continue
        tried.add(level)
        message = (
            f"indentation incohérente : cette ligne doit commencer {_spaces(level)}"
            + (f", comme la ligne {model + 1}" if strength else f", deux de plus que la ligne {model + 1}")
            + f" (elle en a {ind})"
        )
        yield 3 + strength, " " * level + stripped, ind, message
    if kind == "key":
        # `- numero: …` lost its dash: likelier if the next key (past a text written in block)
        # is indented by two more, in a field that holds a list of « nom: valeur » items
        following = next(
            (j for j in range(i + 1, len(lines)) if _is_content(lines[j]) and _kind(lines[j]) != "text"), None
        )
        parent = _previous_content(lines, i, below=ind)
        parent_key = _KEY_LINE.match(lines[parent]) if parent is not None else None
        lost = (
            following is not None
            and _kind(lines[following]) == "key"
            and _indent(lines[following]) == ind + 2
            and (not lists or (parent_key is not None and parent_key.group(1) in lists))
        )
        yield 2 if lost else 5, *add_dash
    if m := re.match(rf"^(\s*)- +({_KEY}\s*:(\s.*)?)$", line):  # `- axe: 1` where `axe: 1` was meant
        message = (
            f"tiret « - » en trop : « {m.group(2).split(':')[0].strip()} » est un champ, pas un élément de "
            "liste ; supprimez le tiret et l’espace qui le suit"
        )
        yield 5, m.group(1) + m.group(2), ind, message
        yield 5, m.group(1) + "  " + m.group(2), ind, message
    prefix, value = _split_value(line)
    if value[:1] in ('"', "'"):
        message = APOSTROPHE_MESSAGE if value[0] == "'" and "'" in value[1:] else UNCLOSED_QUOTE
        yield 6, line.rstrip() + value[0], len(prefix), message
        yield 6, prefix + value[1:], len(prefix), message
    elif value:
        if ": " in value or value.endswith(":"):
            message, column = COLON_MESSAGE, len(prefix) + value.find(":")
        elif " #" in value:
            message = "« # » inattendu : un texte contenant « # » doit être mis entre guillemets"
            column = len(prefix) + value.find(" #") + 1
        else:
            message = f"un texte qui commence par « {value[0]} » doit être mis entre guillemets"
            column = len(prefix)
        yield 6, prefix + _quoted(value), column, message
    message = (
        "cette ligne ne s’accorde pas avec les lignes voisines : vérifiez son décalage (le même nombre "
        "d’espaces que ses voisines), le tiret « - » au début d’un élément de liste et le « : » après "
        "le nom d’un champ"
    )
    yield 7, "", ind, message


def _check_texts(root: Node, lines: list[str], keys: frozenset[str] = frozenset()) -> None:
    """Refuse what YAML reads without error but not as the editor meant: a list item that
    lost its dash and swallowed the next item (a text whose next line starts with « - »),
    a text cut short by « # », which starts a comment, and a word processor's space that
    stands for a space of the structure."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(n for pair in reversed(node.value) for n in reversed(pair))
        elif isinstance(node, SequenceNode):
            stack.extend(reversed(node.value))
        elif not node.style:  # plain (libyaml says "", PyYAML None)
            start, end = node.start_mark, node.end_mark
            for n in range(start.line, min(end.line + 1, len(lines))):  # the space became part of this text
                found = _structure_nbsp(lines[n])
                if found and (n > start.line or found[0] >= start.column):
                    raise _Refused(_Mark(n, found[0]), found[2])
            swallowed = next(
                (n for n in range(start.line + 1, min(end.line + 1, len(lines))) if lines[n].lstrip().startswith("- ")),
                None,
            )
            if swallowed is not None:
                opening = lines[start.line][: start.column].strip()
                word = lines[start.line][start.column :].strip()
                if opening == "-" and re.fullmatch(_KEY, word) and (word in keys if keys else word.islower()):
                    # `- liste` then its items: the « : » after the name of the field is missing
                    raise _Refused(_Mark(start.line, start.column + len(word)), f"il manque « : » après « {word} »")
                if opening == "-" and _indent(lines[swallowed]) > _indent(lines[start.line]):
                    # `- a` then `    - b`: two items at different indentations, the second joined
                    # to the first; the one to move is the one not where its list opens
                    first = _indent(lines[start.line])
                    opened = [
                        (column, model)
                        for strength, column, model in _expected_columns(lines, start.line)
                        if not strength
                    ]
                    if opened and opened[0][0] != first:
                        line, (level, model), ind, how = start.line, opened[0], first, "deux de plus que"
                    else:
                        line, level, model, ind, how = swallowed, first, start.line, _indent(lines[swallowed]), "comme"
                    message = (
                        f"indentation incohérente : cette ligne doit commencer {_spaces(level)}, {how} la ligne "
                        f"{model + 1} (elle en a {ind})"
                    )
                    raise _Refused(_Mark(line, ind), message)
                raise _Refused(start, FIRST_ITEM_MESSAGE if start.column > _indent(lines[start.line]) else MISSING_DASH)
            rest = lines[end.line][end.column :] if end.line < len(lines) else ""
            if node.tag.endswith(":str") and re.match(r"\s+#", rest):
                column = end.column + rest.index("#")
                raise _Refused(_Mark(end.line, column), COMMENT_MESSAGE)


@dataclass
class _Mark:
    line: int
    column: int


def _swallowing_text(root: Node, line: int) -> bool:
    """Is there a text not written as a block (« >- ») that runs over several lines, through
    `line`? (Content never has one; a repair that makes one joined lines by accident.)"""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif node.style not in (">", "|") and node.start_mark.line <= line <= node.end_mark.line > node.start_mark.line:
            return True
    return False


def _parses(lines: list[str], repaired: int, past: int | None = None) -> bool:
    """Is the text readable, and not because the repaired line became part of a text that
    swallowed its neighbours? (Or, given `past`, does the parser go further than that line?)"""
    loader = _Loader("\n".join(lines))
    try:
        root = loader.get_single_node()
        return past is not None or root is None or not _swallowing_text(root, repaired)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return past is not None and mark is not None and mark.line > past
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()


def _last_tokens(text: str, count: int = 4) -> list:
    """The last tokens the scanner read before the failure."""
    tokens: list = []
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            tokens = [*tokens[-count + 1 :], token]
    except yaml.YAMLError:
        pass
    return tokens


def _opens_quote(line: str) -> bool:
    _, value = _split_value(line)
    return value[:1] in ('"', "'") and not (len(value) > 1 and value.endswith(value[0]))


def _candidates(lines: list[str], problem: int, context: int | None, text: str) -> list[int]:
    """Lines that may hold the mistake, nearest to where the parser gave up first."""
    out = [problem, _previous_content(lines, problem)]
    # where the last tokens began (a text that swallowed the lines below it)…
    out += [t.start_mark.line for t in reversed(_last_tokens(text))]
    if problem < len(lines):
        # …the line that opened the last structure before the failure, and its first child…
        opener = _previous_content(lines, problem, below=_indent(lines[problem]) + 1)
        if opener is not None:
            out += [opener, next((j for j in range(opener + 1, problem) if _is_content(lines[j])), None)]
    if context is not None:
        # …where the parser began the structure it could not finish, and a quote opened since
        out += [context, _previous_content(lines, context)]
        out += [j for j in range(context, problem) if _opens_quote(lines[j])]
    return [j for j in dict.fromkeys(out) if j is not None and 0 <= j < len(lines)]


def _certain(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str] | None:
    """Problems that the parser's words alone identify: (line, column, message), 0-based."""
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    mark, cmark = exc.problem_mark, exc.context_mark
    lines = text.split("\n")
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    char = here[mark.column : mark.column + 1] if mark else ""
    if "tab" in problem or char == "\t":
        column = here.find("\t")
        return mark.line, column if column >= 0 else mark.column, TAB_MESSAGE
    if "quoted scalar" in context and ("end of stream" in problem or "document indicator" in problem):
        opened = lines[cmark.line][cmark.column :] if cmark.line < len(lines) else ""
        apostrophe = opened.startswith("'") and "'" in opened[1:]
        return cmark.line, cmark.column, APOSTROPHE_MESSAGE if apostrophe else UNCLOSED_QUOTE
    if "escape" in problem:
        message = (
            "barre oblique inverse « \\ » dans un texte entre guillemets : écrivez-la deux fois (« \\\\ »), "
            "ou retirez les guillemets"
        )
        return mark.line, mark.column, message
    if "alias" in problem or "alias" in context or "anchor" in problem or "anchor" in context:
        mark = cmark or mark  # where the « * » or « & » is
        message = (
            "un texte qui commence par « * » ou « & » doit être mis entre guillemets (par exemple "
            '« - "*Ma Sécurité* est…" ») : les ancres et alias YAML ne sont pas autorisés'
        )
        return mark.line, mark.column, message
    if "tag" in problem or "tag" in context:
        return mark.line, mark.column, TAG_MESSAGE
    if "cannot start any token" in problem:
        return mark.line, mark.column, f"un texte qui commence par « {char} » doit être mis entre guillemets"
    if "block scalar" in context:
        message = (
            "après « >- » (ou « | »), le texte commence à la ligne suivante, décalé de deux espaces de plus "
            "que le nom du champ ou le tiret"
        )
        return cmark.line, cmark.column, message
    if "single document" in context or ("document" in problem and here.strip() in ("---", "...")):
        return mark.line, 0, "une fiche ne contient qu’un seul document : supprimez la ligne « --- » ou « ... »"
    if "flow" in context and cmark is not None:
        opened = lines[cmark.line] if cmark.line < len(lines) else ""
        if opened.count("[") > opened.count("]") or opened.count("{") > opened.count("}"):
            message = "crochet « [ » jamais fermé : une liste entre crochets se ferme par « ] » sur la même ligne"
            return cmark.line, cmark.column, message
        message = (
            "liste entre crochets mal formée : séparez les éléments par des virgules, et mettez entre guillemets "
            "ceux qui contiennent « : », « , », « [ », « ] », « { » ou « } »"
        )
        return cmark.line, cmark.column, message
    return None


def _locate_syntax_error(
    text: str, exc: yaml.MarkedYAMLError, keys: frozenset[str] = frozenset(), lists: frozenset[str] = frozenset()
) -> tuple[int, int, str]:
    """(line, column, message) of a YAML syntax error, 0-based, in French."""
    found = _certain(text, exc)
    if found is not None:
        return found
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    if mark is None:  # pragma: no cover - libyaml and PyYAML mark every syntax error
        return 0, 0, GENERIC_MESSAGE
    context = exc.context_mark.line if exc.context_mark is not None else None
    candidates = _candidates(lines, mark.line, context, text)
    repairs = sorted(
        (rank, order, n, i, repaired, column, message)
        for order, i in enumerate(candidates)
        for n, (rank, repaired, column, message) in enumerate(_repairs(lines, i, keys, lists))
    )
    # A repair that makes the whole file readable names the mistake; failing that (there
    # are several mistakes), one that lets the parser go further.
    for past in (None, mark.line):
        for *_, i, repaired, column, message in repairs:
            if _parses([*lines[:i], repaired, *lines[i + 1 :]], i, past):
                return i, column, message
    return mark.line, mark.column, GENERIC_MESSAGE


def read_yaml(
    path: Path, root_dir: Path, keys: frozenset[str] = frozenset(), lists: frozenset[str] = frozenset()
) -> YamlDocument:
    """Read one content file, or raise ContentInvalid with a single, located error.
    `keys`, the field names the file may use, and `lists`, those that hold a list of
    « nom: valeur » items, help locate a lost « : » or « - »."""
    rel = path.relative_to(root_dir).as_posix() if path.is_absolute() else path.as_posix()

    def fail(message: str, line: int = 1, column: int = 1, field: str = ""):
        raise ContentInvalid([ContentError(rel, line, column, field, message, etape=READING)])

    size = path.stat().st_size
    if size > MAX_BYTES:
        fail(
            f"fichier trop volumineux ({size // 1024} Kio, maximum {MAX_BYTES // 1024} Kio) : "
            "une mesure tient en quelques dizaines de Kio"
        )
    return load_yaml(path.read_bytes(), rel, keys, lists)


def load_yaml(
    raw: bytes, rel: str, keys: frozenset[str] = frozenset(), lists: frozenset[str] = frozenset()
) -> YamlDocument:
    """The document of a content file's bytes (`rel`, its path, names it in errors), as
    `read_yaml` reads it."""

    def fail(message: str, line: int = 1, column: int = 1, field: str = ""):
        raise ContentInvalid([ContentError(rel, line, column, field, message, etape=READING)])

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        # the same byte in Windows' encoding, the likeliest other one (« à » for 0xe0)
        guess = raw[exc.start : exc.start + 1].decode("cp1252", errors="replace")
        if guess.isprintable() and not guess.isspace() and guess != "\ufffd":
            detail = f"ici, « {guess} » est écrit dans un autre encodage"
        else:
            detail = f"octet 0x{raw[exc.start]:02x} illisible"
        fail(
            f"le fichier n’est pas encodé en UTF-8 : enregistrez-le en UTF-8 ({detail})",
            line,
            column,
            _field_of_line(raw.decode("utf-8", errors="replace").split("\n"), line - 1),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        fail("le fichier est vide")
    hidden = hidden_characters(text)
    if hidden:
        _refuse_hidden(rel, text, hidden)
    lines = text.split("\n")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _refuse_aliases(root)
            _check_texts(root, lines, keys)
        data = loader.construct_document(root)
    except _Refused as exc:
        fail(exc.message, exc.mark.line + 1, exc.mark.column + 1, exc.field or _field_of_line(lines, exc.mark.line))
    except yaml.MarkedYAMLError as exc:
        line, column, message = _locate_syntax_error(text, exc, keys, lists)
        fail(message, line + 1, column + 1, _field_of_line(lines, line))
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = ord(exc.character) if isinstance(exc.character, str) else exc.character
        fail(f"caractère invisible interdit (code U+{code:04X}) : supprimez-le", line, column)
    except yaml.YAMLError:  # pragma: no cover - every error of the parser is marked
        fail(GENERIC_MESSAGE)
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
                    etape=READING,
                )
                for node, char in escaped
            ]
        )
    return YamlDocument(rel, data, root, lines)


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
                etape=READING,
            )
            for line, column, char in hidden
        ]
    )
