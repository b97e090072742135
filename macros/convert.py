"""Turn composed YAML nodes into the typed model, collecting every problem on the way.

The rules come from the model's annotations (`types.py`); a value that breaks one is reported
at its own line and column with what to write instead, and conversion goes on so that one
run shows every mistake.
"""

from __future__ import annotations

import dataclasses
import difflib
import types
import typing
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from .problems import Loc, Problem
from .types import ID_PATTERN, Doc, Expected, FromKey, Parsed, Pattern, Range
from .yaml12 import (
    KNOWN_TAGS,
    TAG_BOOL,
    TAG_INT,
    TAG_NULL,
    TAG_STR,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    loc_of,
)


class _Invalid:
    """Marks a value that could not be converted (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


# The model's types are few and fixed, and the questions below are asked of them once per
# value read: cached, they cost a dictionary lookup instead of typing's introspection.


@cache
def split_annotated(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    """The bare type and the metadata of an `Annotated[...]` (nested ones flattened)."""
    extras: tuple[Any, ...] = ()
    while get_origin(tp) is Annotated:
        tp, *more = get_args(tp)
        extras = tuple(more) + extras
    return tp, extras


@cache
def union_members(tp: Any) -> tuple[Any, ...] | None:
    """The members of `X | Y` or `Optional[X]`, or None when `tp` is no union."""
    if get_origin(tp) in (Union, types.UnionType):
        return get_args(tp)
    return None


@cache
def yaml_fields(cls: Any) -> dict[str, tuple[Any, tuple[Any, ...], dataclasses.Field[Any]]]:
    """The fields of a model class that YAML may set: name -> (type, metadata, field)."""
    hints = typing.get_type_hints(cls, include_extras=True)
    out = {}
    for f in dataclasses.fields(cls):
        if "internal" in f.metadata:
            continue
        tp, extras = split_annotated(hints[f.name])
        out[f.name] = (tp, extras, f)
    return out


_SHAPES: dict[int, tuple[Any, tuple[str, Any, tuple[Any, ...], Any]]] = {}


def _shape(tp: Any) -> tuple[str, Any, tuple[Any, ...], Any]:
    """How `Converter.convert` reads a value of type `tp`: (kind, bare type, metadata, arg).

    Kinds: "union" (arg: the members), "object" (a model class), "list" (arg: the item
    type), "mapping" (arg: the value type), "literal" (arg: the choices), "scalar". Asked
    once per value read and answered once per type; keyed by identity, since hashing an
    `Annotated` type (as `functools.cache` would) costs more than the answer.
    """
    found = _SHAPES.get(id(tp))
    if found is not None and found[0] is tp:
        return found[1]
    bare, more = split_annotated(tp)
    members = union_members(bare)
    origin = get_origin(bare)
    shape: tuple[str, Any, tuple[Any, ...], Any]
    if members is not None:
        shape = ("union", bare, more, members)
    elif dataclasses.is_dataclass(bare):
        shape = ("object", bare, more, None)
    elif origin is tuple:
        shape = ("list", bare, more, get_args(bare)[0])
    elif origin is dict:
        shape = ("mapping", bare, more, get_args(bare)[1])
    elif origin is Literal:
        shape = ("literal", bare, more, get_args(bare))
    else:
        shape = ("scalar", bare, more, None)
    _SHAPES[id(tp)] = (tp, shape)  # the type is kept, so its id is never reused
    return shape


@cache
def _layout(cls: Any) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A model class's keys a file may write, fields set from the key, and required keys."""
    fields = yaml_fields(cls)
    from_key = tuple(n for n, (_, extras, _) in fields.items() if _from_key(extras))
    allowed = tuple(n for n in fields if n not in from_key)
    required = tuple(n for n in allowed if is_required(fields[n][2]))
    return allowed, from_key, required


def is_required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


@cache
def describe(tp: Any, extras: tuple[Any, ...] = ()) -> str:
    """What a value of type `tp` looks like, for messages."""
    tp, more = split_annotated(tp)
    extras = extras + more
    for extra in extras:
        if isinstance(extra, Expected):
            return extra.text
        if isinstance(extra, Pattern):
            return extra.expected
        if isinstance(extra, Parsed):
            return "a date such as 2027-01-11" if tp is date else "text"
    members = union_members(tp)
    if members is not None:
        parts = [describe(m) for m in members if m is not type(None)]
        return " or ".join(parts)
    if get_origin(tp) is Literal:
        return "one of " + ", ".join(str(a) for a in get_args(tp))
    if get_origin(tp) is tuple:
        return f"a list of {describe(get_args(tp)[0])}s"
    if get_origin(tp) is dict:
        return "a mapping"
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return f"a mapping with {', '.join(yaml_fields(tp))}"
    rng = next((e for e in extras if isinstance(e, Range)), None)
    names = {str: "text", int: "a whole number", bool: "true or false", date: "a date"}
    name = names.get(tp, getattr(tp, "__name__", str(tp)))
    if tp is int and rng and rng.minimum is not None:
        name += f" >= {rng.minimum}"
    return name


def _shown(node: Node) -> str:
    """A node's value as it appears in the file, for messages."""
    if isinstance(node, ScalarNode):
        text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
        return repr(text) if node.tag == TAG_STR else text or "nothing"
    return "a mapping" if isinstance(node, MappingNode) else "a list"


def suggest(word: str, choices: typing.Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the closest choice, or an empty string."""
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            matches = [lowered[word.lower()]]
    return f": did you mean {matches[0]!r}?" if matches else ""


@dataclasses.dataclass
class Converter:
    """Converts one file's nodes; `problems` collects what is wrong."""

    path: Path
    problems: list[Problem] = dataclasses.field(default_factory=list)
    # Sequence node id -> the item nodes whose values were kept (for item locations).
    _kept: dict[int, list[Node]] = dataclasses.field(default_factory=dict)

    def error(self, node: Node, message: str) -> Any:
        self.problems.append(Problem(self.loc(node), message))
        return INVALID

    def loc(self, node: Node) -> Loc:
        return loc_of(self.path, node)

    # -- entry point -------------------------------------------------------------------
    def convert(self, tp: Any, node: Node, what: str, extras: tuple[Any, ...] = ()) -> Any:
        """Convert `node` to `tp`; `what` names the value in messages ("task 'x' duration")."""
        if node.tag not in KNOWN_TAGS:
            return INVALID  # reported by read_yaml; never constructed
        kind, bare, more, arg = _shape(tp)
        if more:
            extras = extras + more
        if kind == "union":
            return self._union(arg, node, what, extras)
        if extras and any(isinstance(e, Parsed) for e in extras):
            return self._scalar(bare, node, what, extras)
        if kind == "object":
            return self._object(bare, node, what)
        if kind == "list":
            return self._list(arg, node, what)
        if kind == "mapping":
            return self._mapping(arg, node, what)
        if kind == "literal":
            return self._literal(arg, node, what)
        return self._scalar(bare, node, what, extras)

    # -- compound values ---------------------------------------------------------------
    def _union(
        self, members: tuple[Any, ...], node: Node, what: str, extras: tuple[Any, ...]
    ) -> Any:
        if isinstance(node, ScalarNode) and node.tag == TAG_NULL and type(None) in members:
            return None
        real = [m for m in members if m is not type(None)]
        if len(real) == 1:
            return self.convert(real[0], node, what, extras)
        # A union of a scalar and a mapping type (`id | {task: id, lag: n}`): pick by shape.
        for member in real:
            bare, _ = split_annotated(member)
            if dataclasses.is_dataclass(bare) == isinstance(node, MappingNode):
                return self.convert(member, node, what, extras)
        expected = " or ".join(describe(m) for m in real)
        return self.error(node, f"{what} must be {expected}, not {_shown(node)}")

    def _object(self, cls: type, node: Node, what: str, key: str | None = None) -> Any:
        if not isinstance(node, MappingNode):
            return self.error(
                node,
                f"{what or 'the file'} must be a mapping of {', '.join(yaml_fields(cls))}, "
                f"not {_shown(node)}",
            )
        fields = yaml_fields(cls)
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        invalid: set[str] = set()
        allowed, from_key, required = _layout(cls)
        written = {k.value for k, _ in node.value if isinstance(k, ScalarNode)}
        for key_node, value_node in self.pairs(node, what):
            name = key_node.value
            if name not in allowed:
                hint = suggest(name, allowed)
                self.error(
                    key_node,
                    f"unknown key {name!r} in {what or 'the file'}"
                    f"{hint or ' (allowed: ' + ', '.join(allowed) + ')'}",
                )
                if hint:  # a misspelling: count the field as written, so one mistake, one line
                    meant = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6) or [
                        a for a in allowed if a.lower() == name.lower()
                    ]
                    if meant[0] not in written:
                        written.add(meant[0])
                        invalid.add(meant[0])
                        locs[meant[0]] = self.loc(key_node)
                        if is_required(fields[meant[0]][2]):
                            values[meant[0]] = INVALID
                continue
            tp, extras, f = fields[name]
            label = f"{what}: {name}" if what else name
            value = self.convert(tp, value_node, label, extras)
            locs[name] = self.loc(value_node)
            if value is INVALID:
                # Keep going with a placeholder so later checks still see the rest.
                invalid.add(name)
                if is_required(f):
                    values[name] = INVALID
                continue
            values[name] = value
            self._item_locs(value_node, name, locs)
        for name in from_key:
            values[name] = key
        for name in required:
            if name not in written:
                tp, extras, _ = fields[name]
                self.error(
                    node,
                    f"{what or 'the file'} is missing {name!r}: add `{name}:` with "
                    f"{describe(tp, extras)}",
                )
                values[name] = INVALID
                invalid.add(name)
        return cls(
            loc=self.loc(node),
            locs=locs,
            label=what or "the file",
            invalid=frozenset(invalid),
            **values,
        )

    def _item_locs(self, node: Node, name: str, locs: dict[str, Loc]) -> None:
        if isinstance(node, SequenceNode):
            kept = self._kept.get(id(node))
            items: list[Node] = node.value if kept is None else kept
            for i, item in enumerate(items):
                locs[f"{name}.{i}"] = self.loc(item)
        elif isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                locs[f"{name}.{key_node.value}"] = self.loc(value_node)

    def pairs(self, node: MappingNode, what: str) -> list[tuple[ScalarNode, Node]]:
        """The mapping's key/value pairs with text keys, duplicates and odd keys reported."""
        seen: dict[str, ScalarNode] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != TAG_STR:
                self.error(
                    key_node,
                    f"keys in {what or 'the file'} must be plain names, not {_shown(key_node)}",
                )
                continue
            first = seen.get(key_node.value)
            if first is not None:
                line = first.start_mark.line + 1
                self.error(
                    key_node,
                    f"duplicate key {key_node.value!r} in {what or 'the file'} "
                    f"(first set on line {line}): "
                    "keep one of them",
                )
                continue
            seen[key_node.value] = key_node
            out.append((key_node, value_node))
        return out

    def _list(self, item_tp: Any, node: Node, what: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == TAG_NULL:
            return ()
        if not isinstance(node, SequenceNode):
            # A single id where a list is expected is what people mean: `sites: hq`.
            if isinstance(node, ScalarNode) and node.tag == TAG_STR:
                value = self.convert(item_tp, node, what)
                return INVALID if value is INVALID else (value,)
            return self.error(
                node, f"{what} must be a list of {describe(item_tp)}s, not {_shown(node)}"
            )
        items, kept = [], []
        for i, item in enumerate(node.value):
            value = self.convert(item_tp, item, self._item_label(what, i, item))
            if value is not INVALID:  # dropped: its problem is recorded
                items.append(value)
                kept.append(item)
        self._kept[id(node)] = kept
        return tuple(items)

    @staticmethod
    def _item_label(what: str, index: int, node: Node) -> str:
        """ "task 'kickoff'" for an item with an id, else "tasks item 3"."""
        field_name = what.rsplit(": ", 1)[-1]
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if (
                    isinstance(key_node, ScalarNode)
                    and key_node.value in ("id", "term")
                    and isinstance(value_node, ScalarNode)
                    and value_node.value
                ):
                    singular = field_name[:-1] if field_name.endswith("s") else field_name
                    prefix = what.rsplit(": ", 1)[0] + " " if ": " in what else ""
                    return f"{prefix}{singular} {value_node.value!r}"
        return f"{what} item {index + 1}"

    def _mapping(self, value_tp: Any, node: Node, what: str) -> Any:
        if isinstance(node, ScalarNode) and node.tag == TAG_NULL:
            return {}
        if not isinstance(node, MappingNode):
            return self.error(node, f"{what} must be a mapping of ids, not {_shown(node)}")
        out = {}
        bare, _ = split_annotated(value_tp)
        singular = what[:-1] if what.endswith("s") else what
        for key_node, value_node in self.pairs(node, what):
            key = key_node.value
            if not ID_PATTERN.matches(key):
                self.error(
                    key_node, f"{key!r} in {what} is not a valid id: use {ID_PATTERN.expected}"
                )
                continue
            if dataclasses.is_dataclass(bare):
                value = self._object(
                    typing.cast(type, bare), value_node, f"{singular} {key!r}", key=key
                )
            else:
                value = self.convert(value_tp, value_node, f"{what}: {key}")
            if value is not INVALID:
                out[key] = value
        return out

    def _literal(self, choices: tuple[Any, ...], node: Node, what: str) -> Any:
        if isinstance(node, ScalarNode) and node.value in choices:
            return node.value
        if isinstance(node, ScalarNode) and node.value.lower()[:3] in choices:
            hint = f": did you mean {node.value.lower()[:3]!r}?"
        else:
            hint = suggest(node.value, choices) if isinstance(node, ScalarNode) else ""
        return self.error(
            node, f"{what} must be one of {', '.join(choices)}, not {_shown(node)}{hint}"
        )

    # -- scalars -------------------------------------------------------------------------
    def _scalar(self, tp: Any, node: Node, what: str, extras: tuple[Any, ...]) -> Any:
        expected = describe(tp, extras)
        if not isinstance(node, ScalarNode):
            return self.error(node, f"{what} must be {expected}, not {_shown(node)}")
        parsed = next((e for e in extras if isinstance(e, Parsed)), None)
        if parsed is not None:
            if node.tag not in (TAG_STR, TAG_INT):
                return self.error(node, f"{what} must be {expected}, not {_shown(node)}")
            try:
                return parsed.parse(node.value)
            except ValueError as exc:
                return self.error(node, f"{what}: {exc}")
        if tp is str:
            if node.tag != TAG_STR:
                if node.tag == TAG_NULL:
                    return self.error(node, f"{what} is empty: write {expected}")
                # Numbers and booleans where text is expected: quoting says what was meant.
                return self.error(
                    node,
                    f"{what} must be {expected}, not {_shown(node)}: put it in quotes, "
                    f'"{node.value}", if that is what you mean',
                )
            value = node.value
            if not value.strip():
                return self.error(node, f"{what} is empty: write {expected}")
            for extra in extras:
                if isinstance(extra, Pattern) and not extra.matches(value):
                    return self.error(node, f"{what} must be {extra.expected}, not {_shown(node)}")
            return value
        if tp is bool:
            if node.tag != TAG_BOOL:
                return self.error(node, f"{what} must be true or false, not {_shown(node)}")
            return node.value.lower() == "true"
        if tp is int:
            if node.tag != TAG_INT:
                return self.error(node, f"{what} must be {expected}, not {_shown(node)}")
            value = int(node.value, 0) if node.value.startswith(("0o", "0x")) else int(node.value)
            for extra in extras:
                if isinstance(extra, Range):
                    if extra.minimum is not None and value < extra.minimum:
                        return self.error(
                            node, f"{what} must be at least {extra.minimum}, not {value}"
                        )
                    if extra.maximum is not None and value > extra.maximum:
                        return self.error(
                            node, f"{what} must be at most {extra.maximum}, not {value}"
                        )
            return value
        raise TypeError(f"no conversion for {tp!r}")  # a model declaration bug, not a plan one


def _from_key(extras: tuple[Any, ...]) -> bool:
    return any(isinstance(e, FromKey) for e in extras)


def doc_of(extras: tuple[Any, ...]) -> str | None:
    return next((e.text for e in extras if isinstance(e, Doc)), None)
