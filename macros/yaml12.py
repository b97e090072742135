"""Read YAML as node trees with YAML 1.2 core-schema scalars and exact source marks.

PyYAML alone reads YAML 1.1: `ON` (Ontario) and `NO` (Norway) become booleans, `010` an
octal and `1:30` a sexagesimal number, and a repeated key silently wins. Here the document
is only *composed*, never constructed, so no tag can create a Python object; scalars are
resolved with the YAML 1.2 core schema (only `true`/`false` are booleans) and every node
keeps its line and column for messages.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .problems import Loc, PlanError, Problem

__all__ = ["MappingNode", "Node", "ScalarNode", "SequenceNode", "loc_of", "plain", "read_yaml"]

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


class _Composer(Reader, Scanner, Parser, Composer, Core12Resolver):
    """A PyYAML pipeline that stops at the node graph."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Core12Resolver.__init__(self)


try:  # PyYAML's wheels carry libyaml; a build from source may not
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - depends on how PyYAML was installed
    CParser = None  # type: ignore[assignment,misc]


class _FastComposer(CParser or object, Core12Resolver):  # type: ignore[misc]
    """The same pipeline in libyaml (C): about ten times faster, the same nodes and marks.

    Only for documents that parse; a syntax error is read again by `_Composer`, whose
    messages `_syntax_message` knows how to reword.
    """

    def __init__(self, stream: str) -> None:
        CParser.__init__(self, stream)
        Core12Resolver.__init__(self)


def loc_of(path: Path, node: Node) -> Loc:
    """Where a node starts, counted from 1."""
    mark = node.start_mark
    return Loc(path, mark.line + 1, mark.column + 1)


def compose_text(text: str, path: Path) -> Node | None:
    """Compose one YAML document from `text` (read from `path`, named in errors)."""
    if CParser is not None:
        fast = _FastComposer(text)
        try:
            return fast.get_single_node()  # type: ignore[no-any-return]
        except yaml.YAMLError:
            pass  # read again below, for PyYAML's wording and marks
        finally:
            fast.dispose()
    composer = _Composer(text)
    try:
        return composer.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise PlanError(
            [Problem(Loc(path, line, col), f"YAML syntax error: {_syntax_message(exc)}")]
        ) from None
    finally:
        composer.dispose()


def read_yaml(path: Path) -> tuple[Node | None, list[Problem]]:
    """Compose one YAML document from `path` (None for an empty file).

    Returns the node tree and a problem for each tag outside the core schema (such nodes
    are never constructed; callers skip them). Raises PlanError for unreadable files and
    syntax errors, after which nothing of the file can be trusted.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise PlanError(
            [Problem(Loc(path, line, 1), "the file is not UTF-8 text: save it as UTF-8")]
        ) from None
    except OSError as exc:
        raise PlanError([Problem(Loc(path), f"cannot read the file: {exc.strerror}")]) from None
    node = compose_text(text, path)
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
    return node, sorted(problems)


def _syntax_message(exc: yaml.MarkedYAMLError) -> str:
    """PyYAML's message in plain words, with what to do for the common mistakes."""
    problem = (exc.problem or "invalid YAML").strip()
    context = (exc.context or "").strip()
    if "'\\t'" in problem or "\t" in problem:
        return "a tab is not allowed here: indent with spaces"
    if problem == "mapping values are not allowed here":
        return f"{problem}: put a value that contains ': ' in quotes, or check the indentation"
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
    duplicate keys wins here, the loader reports them.
    """
    if node is None:
        return None
    if isinstance(node, MappingNode):
        return {str(plain(k)): plain(v) for k, v in node.value}
    if isinstance(node, SequenceNode):
        return [plain(item) for item in node.value]
    value = node.value
    if node.tag == TAG_BOOL:
        return value.lower() == "true"
    if node.tag == TAG_NULL:
        return None
    if node.tag == TAG_INT:
        return int(value, 0) if value.startswith(("0o", "0x")) else int(value)
    if node.tag == TAG_FLOAT:
        return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf"))
    return value
