"""Read YAML as node trees with YAML 1.2 core-schema scalars and exact source marks.

PyYAML alone reads YAML 1.1: `ON` (Ontario) and `NO` (Norway) become booleans, `010` an
octal and `1:30` a sexagesimal number, and a repeated key silently wins. Here the document
is only *composed*, never constructed, so no tag can create a Python object; scalars are
resolved with the YAML 1.2 core schema (only `true`/`false` are booleans) and every node
keeps its line and column for messages.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from macros.plan.problems import Loc, PlanError, Problem

__all__ = [
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "first_alias",
    "loc_of",
    "plain",
    "read_text",
    "read_yaml",
]

MAX_FILE_BYTES = 5_000_000
"""The largest plan file read: a plan of 2,000 tasks is about half a megabyte."""

MAX_DEPTH = 100
"""The deepest nesting of lists and mappings read; the plan format needs fewer than ten.

PyYAML composes recursively, a few Python frames a level: a file nested a thousand deep
would end in a RecursionError instead of a message.
"""

MAX_ALIAS_VALUES = 100_000
"""How many values anchors and aliases (`&name`, `*name`) may add to a plan file.

A value reached through an alias is read again each time: 400 bytes of nested aliases
("billion laughs") stand for billions of values, and the loader would never finish.
"""

TAG_STR = "tag:yaml.org,2002:str"
TAG_INT = "tag:yaml.org,2002:int"
TAG_FLOAT = "tag:yaml.org,2002:float"
TAG_BOOL = "tag:yaml.org,2002:bool"
TAG_NULL = "tag:yaml.org,2002:null"
TAG_MAP = "tag:yaml.org,2002:map"
TAG_SEQ = "tag:yaml.org,2002:seq"
KNOWN_TAGS = {TAG_STR, TAG_INT, TAG_FLOAT, TAG_BOOL, TAG_NULL, TAG_MAP, TAG_SEQ}


class Core12Resolver(BaseResolver):
    """Implicit scalar types of the YAML 1.2 core schema, and nothing else."""


Core12Resolver.add_implicit_resolver(
    TAG_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
Core12Resolver.add_implicit_resolver(
    TAG_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
Core12Resolver.add_implicit_resolver(
    TAG_INT,
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
Core12Resolver.add_implicit_resolver(
    TAG_FLOAT,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class _TooDeep(ComposerError):
    """The document nests deeper than `MAX_DEPTH`: reported as such, not as a syntax error."""


class _Composer(Reader, Scanner, Parser, Composer, Core12Resolver):
    """A PyYAML pipeline that stops at the node graph, and at `MAX_DEPTH` levels."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Core12Resolver.__init__(self)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        """Compose one node, counting levels: PyYAML recurses a few frames per level."""
        if self._depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _TooDeep(None, None, "too deep", mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


try:  # PyYAML's wheels carry libyaml; a build from source may not
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    CParser = None  # type: ignore[assignment,misc]


class _FastComposer(CParser or object, Core12Resolver):  # type: ignore[misc]
    """The same pipeline in libyaml (C): about ten times faster, the same nodes and marks.

    Only for documents that parse; the text before a syntax error is read again by
    `_Composer`, whose messages `_syntax_message` knows how to reword (see `_compose`).
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Core12Resolver.__init__(self)


def loc_of(path: Path, node: Node) -> Loc:
    """Where a node starts, counted from 1."""
    mark = node.start_mark
    return Loc(path, mark.line + 1, mark.column + 1)


def compose_text(text: str, path: Path) -> Node | None:
    """Compose one YAML document from `text` (read from `path`, named in errors).

    Raises PlanError, located, for a character YAML or an editor would misread, a syntax
    error, and nesting deeper than `MAX_DEPTH`.
    """
    odd = _odd_character(text, path)
    if odd is not None:
        raise PlanError([odd])
    return _compose(text, path)


MAX_REREAD = 100_000
"""The most text read again by PyYAML (pure Python, about 100 kB a second, and slower still
on crafted input) to word a syntax error libyaml found; past it, libyaml's words are used."""


def _compose(text: str, path: Path) -> Node | None:
    if CParser is None:  # pragma: no cover - depends on how PyYAML was installed
        failure = _compose_slowly(text)
        if isinstance(failure, yaml.MarkedYAMLError):
            raise PlanError([_syntax_problem(failure, path)])
        return failure
    fast = _FastComposer(text)
    try:
        return fast.get_single_node()  # type: ignore[no-any-return]
    except yaml.MarkedYAMLError as exc:
        found = exc
    except yaml.YAMLError as exc:  # unmarked: a reader error, which `_odd_character` prevents
        raise PlanError([Problem(Loc(path), f"YAML cannot read the file: {exc}")]) from None
    finally:
        fast.dispose()
    # PyYAML words errors better (libyaml: "did not find expected ',' or ']'"; PyYAML:
    # "expected ',' or ']', but got ':'"); it reads the text up to the line after the one
    # libyaml stopped on, and its message is used when it stops at the same place.
    mark = found.problem_mark or found.context_mark
    line = mark.line if mark else 0
    end = -1
    for _ in range(line + 2):
        end = text.find("\n", end + 1)
        if end < 0:
            end = len(text)
            break
    if end <= MAX_REREAD:
        again = _compose_slowly(text[: end + 1])
        if isinstance(again, _TooDeep) or (
            isinstance(again, yaml.MarkedYAMLError) and _place(again) == _place(found)
        ):
            found = again
    raise PlanError([_syntax_problem(found, path)])


def _compose_slowly(text: str) -> Node | yaml.MarkedYAMLError | None:
    """The document composed by PyYAML in Python, or the error it stopped at."""
    composer = _Composer(text)  # the text has passed `_odd_character`: no ReaderError
    try:
        return composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc
    finally:
        composer.dispose()


def _place(exc: yaml.MarkedYAMLError) -> tuple[int, int] | None:
    mark = exc.problem_mark or exc.context_mark
    return (mark.line, mark.column) if mark else None


def _syntax_problem(exc: yaml.MarkedYAMLError, path: Path) -> Problem:
    place = _place(exc)
    line, col = (place[0] + 1, place[1] + 1) if place else (1, 1)
    if isinstance(exc, _TooDeep) or "maximum nesting depth" in (exc.problem or ""):
        # libyaml stops at 1,000 levels, where PyYAML is not read again (too much text)
        return Problem(
            Loc(path, line, col),
            f"lists and mappings nest deeper than {MAX_DEPTH} levels here: write them flatter "
            "(a plan file needs fewer than ten)",
        )
    return Problem(Loc(path, line, col), f"YAML syntax error: {_syntax_message(exc)}")


# Characters a plan file may not hold. YAML itself refuses control characters other than
# tab and line breaks (and PyYAML's reader does so with a position in characters, not a
# line and column). The others it reads, but an editor shows them differently from how
# YAML reads them: NEL and the Unicode line and paragraph separators are line breaks to
# YAML and not to editors (every line number after them would be off), the text-direction
# controls reorder what is shown (the "Trojan Source" trick), and a byte order mark inside
# a file is invisible.
_ODD = re.compile(
    "[^\t\n\r\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff"
    "\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "bell",
    0x08: "backspace",
    0x0B: "vertical tab",
    0x0C: "form feed",
    0x1B: "ESC",
    0x7F: "DEL",
    0x85: "next line",
}


# The ASCII characters `_ODD` finds, for a quicker test of ASCII text (most plans): five
# times faster than the search, a millisecond or two on a plan of 2,000 tasks.
_ASCII_ODD = str.maketrans("", "", "".join(map(chr, [*range(9), 11, 12, *range(14, 32), 127])))


def _odd_character(text: str, path: Path) -> Problem | None:
    """The first character of `text` that YAML or an editor would misread, as a problem."""
    if text.isascii() and len(text.translate(_ASCII_ODD)) == len(text):
        return None
    start = 1 if text.startswith("\ufeff") else 0  # a byte order mark may open the file
    found = _ODD.search(text, start)
    if found is None:
        return None
    _, more = _ODD.subn("", text[found.end() :])  # counted without a list of them all
    line, col = line_col(text, found.start())
    return Problem(
        Loc(path, line, col),
        f"the file holds {_describe(found.group())}: remove it"
        + (f" (and {more} more like it)" if more else ""),
    )


def _describe(char: str) -> str:
    """ "U+0000 (NUL), a control character, ..." : a character `_ODD` finds, and why."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "") or "a control character"
    if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        why = "an invisible text-direction control, which shows text in another order than it is"
    elif code in (0x85, 0x2028, 0x2029):
        why = "a line break to YAML but not to editors, so line numbers would be off"
    elif code == 0xFEFF:
        why = "an invisible byte order mark inside the file"
    else:
        why = "a control character, which YAML does not allow"
    return f"U+{code:04X} ({name}), {why}"


def _escaped_characters(node: Node, path: Path) -> list[Problem]:
    """A problem for each value that holds a character `_ODD` finds, written as an escape.

    YAML reads `"\\x1b"` or `"\\0"` in double quotes as the character itself: it reaches
    pages, exports and messages as surely as one typed into the file.
    """
    problems = []
    for n in _walk(node):
        if isinstance(n, ScalarNode) and (found := _ODD.search(n.value)) is not None:
            description = _describe(found.group()).replace(", which YAML does not allow", "")
            problems.append(
                Problem(
                    loc_of(path, n),
                    f"this value holds {description}, written as an escape: remove it",
                )
            )
    return problems


def line_col(text: str, position: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at `position`."""
    line = text.count("\n", 0, position) + 1
    return line, position - text.rfind("\n", 0, position)


def first_alias(text: str, path: Path) -> Problem | None:
    """The first alias (`*name`) of a document that composed without error, as a problem,
    for YAML that has no use for them (read again as events: a node says where its anchor
    was written, not where its aliases were)."""
    loader = _FastComposer(text) if CParser is not None else _Composer(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent):
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                return Problem(
                    Loc(path, line, col),
                    f"the alias *{event.anchor} repeats a value written elsewhere, which is "
                    "not allowed here: write the value out",
                )
        return None
    finally:
        loader.dispose()


def read_text(path: Path) -> str:
    """The text of the plan file `path`, read only as a regular file of at most
    `MAX_FILE_BYTES` (a link to /dev/zero or a pipe would never end), line breaks made
    `\\n` as Python's text mode makes them.

    Raises PlanError for anything else, and for text that is not UTF-8.
    """
    not_regular = PlanError(
        [Problem(Loc(path), "the plan file is not a regular file: make it one")]
    )
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise not_regular
        # O_NONBLOCK: should the path become a pipe after the check, open returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise not_regular
            data = file.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise PlanError([Problem(Loc(path), f"cannot read the file: {exc.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise PlanError(
            [
                Problem(
                    Loc(path),
                    f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB: a plan file "
                    "that big is a mistake; split the text or remove what does not belong",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PlanError(
            [Problem(Loc(path, line, 1), "the file is not UTF-8 text: save it as UTF-8")]
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_yaml(path: Path) -> tuple[Node | None, list[Problem]]:
    """Compose one YAML document from `path` (None for an empty file).

    Returns the node tree and a problem for each tag outside the core schema (such nodes
    are never constructed; callers skip them). Raises PlanError for unreadable files,
    syntax errors and aliases that expand past `MAX_ALIAS_VALUES`, after which nothing of
    the file can be trusted.
    """
    text = read_text(path)
    node = compose_text(text, path)
    # An alias is written with "*": a file without one has no shared nodes.
    if node is not None and "*" in text:
        expanded = _alias_problem(node, path)
        if expanded is not None:
            raise PlanError([expanded])
    problems = [
        Problem(
            loc_of(path, n),
            f"the tag {short_tag(n.tag)!r} is not allowed: plan files hold plain values "
            "only, so remove the tag",
        )
        # A tag is written with "!": a file without one has only core-schema nodes.
        for n in (_walk(node) if node is not None and "!" in text else [])
        if n.tag not in KNOWN_TAGS
    ]
    # An escape is written with "\\" (in double quotes): a file without one has none.
    if node is not None and "\\" in text:
        problems += _escaped_characters(node, path)
    return node, sorted(problems)


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


_SATURATED = 10**15
"""Counts of values stop growing here: an alias bomb's true size has hundreds of digits."""


def _alias_problem(root: Node, path: Path) -> Problem | None:
    """A problem when aliases make a loop, or add more than `MAX_ALIAS_VALUES` values.

    Counts without expanding: each node's size with its aliases read in full, once per
    node, then how many times each node is reached from the top. The problem points at
    the anchored value whose repeats add the most.
    """
    order: list[Node] = []  # every node once, children before their parents
    state: dict[int, int] = {}  # 1: on the path from the top, 2: done
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        if leaving:
            state[key] = 2
            order.append(node)
            continue
        if state.get(key) == 2:
            continue
        state[key] = 1
        stack.append((node, True))
        for child in _children(node):
            if state.get(id(child)) == 1:
                return Problem(
                    loc_of(path, child),
                    "an alias inside this value repeats the value itself, a loop that "
                    "never ends: write the inner value out",
                )
            if state.get(id(child)) != 2:
                stack.append((child, False))
    size: dict[int, int] = {}
    for node in order:
        size[id(node)] = min(_SATURATED, 1 + sum(size[id(c)] for c in _children(node)))
    if size[id(root)] - len(order) <= MAX_ALIAS_VALUES:
        return None
    reached = dict.fromkeys(size, 0)
    reached[id(root)] = 1
    for node in reversed(order):  # parents before their children
        times = reached[id(node)]
        for child in _children(node):
            reached[id(child)] = min(_SATURATED, reached[id(child)] + times)
    worst = max(
        (n for n in order if reached[id(n)] > 1),
        key=lambda n: ((reached[id(n)] - 1) * size[id(n)], -n.start_mark.index),
    )
    return Problem(
        loc_of(path, worst),
        f"the aliases of this value repeat it into more than {MAX_ALIAS_VALUES:,} values: "
        "write the values out, or repeat them less",
    )


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's message in plain words, with what to do for the common mistakes."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or "\t" in problem or "tab character" in problem:
        return "a tab is not allowed here: indent with spaces"
    if problem.startswith("mapping values are not allowed"):  # libyaml: "in this context"
        return (
            "mapping values are not allowed here: put a value that contains ': ' in quotes, "
            "or check the indentation"
        )
    if problem == "but found another document":
        return f"{context}, but found another document"
    mark, at = exc.context_mark, exc.problem_mark
    if context and mark and at and (mark.line, mark.column) != (at.line, at.column):
        where = f"line {mark.line + 1}, column {mark.column + 1}"
        return f"{problem} {context} that starts on {where}"
    return f"{problem} {context}".strip()


def tag_written(node: ScalarNode) -> bool:
    """Whether the scalar's tag was written in the file (`!!int name`), not resolved from
    its plain text (`2027`)."""
    implicit = _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return bool(node.tag != implicit)


_RESOLVER = Core12Resolver()


def short_tag(tag: str) -> str:
    """`!!int` for YAML's own tags, as a file writes them; other tags as they are."""
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix) :] if tag.startswith(prefix) else tag


def _walk(node: Node) -> list[Node]:
    """Every node of a tree once, aliases included only once."""
    seen: set[int] = set()
    out: list[Node] = []
    stack = [node]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        out.append(current)
        if isinstance(current, MappingNode):
            for key, value in current.value:
                stack.extend((key, value))
        elif isinstance(current, SequenceNode):
            stack.extend(current.value)
    return out


def plain(node: Node | None) -> object:
    """The node tree as plain Python values (dicts, lists, str, int, float, bool, None).

    For tools that want data rather than nodes, such as JSON Schema validation; the last of
    duplicate keys wins here, the loader reports them. A node reached through aliases
    becomes one value used at each place (as PyYAML's loaders do), so nothing is expanded;
    the walk keeps its own stack, so deep nesting cannot exhaust Python's.
    """
    if node is None:
        return None
    made: dict[int, Any] = {}
    pending: list[Node] = []

    def value_of(current: Node) -> Any:
        key = id(current)
        if key not in made:
            if isinstance(current, MappingNode):
                made[key] = {}
                pending.append(current)
            elif isinstance(current, SequenceNode):
                made[key] = []
                pending.append(current)
            else:
                made[key] = _scalar(current)
        return made[key]

    top = value_of(node)
    while pending:
        current = pending.pop()
        target = made[id(current)]
        if isinstance(current, MappingNode):
            for key_node, value_node in current.value:
                target[_key_text(key_node, value_of)] = value_of(value_node)
        else:
            target.extend(value_of(item) for item in current.value)
    return top


def _key_text(node: Node, value_of: Any) -> str:
    """A mapping key as text; a list or mapping as a key is named, not spelled out."""
    if isinstance(node, ScalarNode):
        return str(value_of(node))
    kind = "mapping" if isinstance(node, MappingNode) else "list"
    return f"<{kind} on line {node.start_mark.line + 1}>"


def _scalar(node: Node) -> object:
    value: str = node.value
    if node.tag == TAG_BOOL:
        return value.lower() == "true"
    if node.tag == TAG_NULL:
        return None
    if node.tag == TAG_INT:
        # Python refuses to read a decimal number of thousands of digits (its conversion
        # takes quadratic time); such a number stays text, which no reader takes for one.
        limit = sys.get_int_max_str_digits()
        if limit and len(value) > limit:
            return value
        return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
    if node.tag == TAG_FLOAT:
        return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
    return value
