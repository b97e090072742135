"""Turn composed YAML nodes into the typed model, collecting every problem on the way.

The rules come from the model's annotations (`types.py`); a value that breaks one is reported
at its own line and column with what to write instead, and conversion goes on so that one
run shows every mistake.

How to read each type is worked out once (`reader`), as a function that only looks at the
node: a plan reads tens of thousands of values of a dozen types, so asking typing about
the type for every value would be most of the work.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import typing
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from macros.plan.annotations import (
    describe,
    from_key,
    is_required,
    split_annotated,
    union_members,
    yaml_fields,
)
from macros.plan.fields import ID_PATTERN, Parsed, Pattern, Range
from macros.plan.problems import Loc, Problem, clip
from macros.plan.reader import (
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
    short_tag,
    tag_written,
)


class _Invalid:
    """Marks a value that could not be converted (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

Reader = Callable[["Converter", Node, str], Any]
"""Reads one node as one type: (converter, node, what) -> the value, or INVALID.

`what` names the value in messages ("task 'x': duration"). A node whose tag is outside the
core schema reads as INVALID without a message: read_yaml has reported it.
"""


@cache
def reader(tp: Any, extras: tuple[Any, ...] = ()) -> Reader:
    """How to read a value of type `tp` whose field carries the metadata `extras`."""
    bare, more = split_annotated(tp)
    extras = extras + more
    members = union_members(bare)
    if members is not None:
        return _union_reader(members, extras)
    if any(isinstance(e, Parsed) for e in extras):
        return _scalar_reader(bare, extras)
    if dataclasses.is_dataclass(bare):
        return _object_reader(typing.cast(type, bare))
    origin = get_origin(bare)
    if origin is tuple:
        return _list_reader(get_args(bare)[0])
    if origin is dict:
        return _mapping_reader(get_args(bare)[1])
    if origin is Literal:
        return _literal_reader(get_args(bare))
    return _scalar_reader(bare, extras)


@dataclasses.dataclass(frozen=True)
class _Layout:
    """A model class as a file writes it, worked out once per class."""

    allowed: tuple[str, ...]
    """Keys a file may write."""
    from_key: tuple[str, ...]
    """Fields set from the key the object is stored under."""
    required: tuple[str, ...]
    """Keys a file must write."""
    fields: dict[str, tuple[Reader, bool]]
    """Allowed key -> (how to read its value, whether it is required)."""


@cache
def _layout(cls: Any) -> _Layout:
    fields = yaml_fields(cls)
    keyed = tuple(n for n, (_, extras, _) in fields.items() if from_key(extras))
    allowed = tuple(n for n in fields if n not in keyed)
    required = tuple(n for n in allowed if is_required(fields[n][2]))
    readers = {n: (reader(fields[n][0], fields[n][1]), n in required) for n in allowed}
    return _Layout(allowed, keyed, required, readers)


def _shown(node: Node) -> str:
    """A node's value as it appears in the file, for messages."""
    if isinstance(node, ScalarNode):
        text = clip(node.value, 40)
        return repr(text) if node.tag == TAG_STR else text or "nothing"
    return "a mapping" if isinstance(node, MappingNode) else "a list"


def _key_problem(node: Node, what: str) -> str:
    """Why a key that is not plain text cannot be read, and what to write instead."""
    problem = f"keys in {what or 'the file'} must be plain names"
    if isinstance(node, ScalarNode) and tag_written(node):  # `!!int name:`
        return f"{problem}: remove the tag {short_tag(node.tag)} before {clip(node.value)!r}"
    return f"{problem}, not {_shown(node)}"


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
        return reader(tp, extras)(self, node, what)

    # -- compound values ---------------------------------------------------------------
    def _object(self, cls: type, node: Node, what: str, key: str | None = None) -> Any:
        if not isinstance(node, MappingNode):
            return self.error(
                node,
                f"{what or 'the file'} must be a mapping of {', '.join(yaml_fields(cls))}, "
                f"not {_shown(node)}",
            )
        layout = _layout(cls)
        fields = layout.fields
        values: dict[str, Any] = {}
        locs: dict[str, Loc] = {}
        invalid: set[str] = set()
        # Every key written, in any form; only asked after a mistake, so made only then.
        written: set[str] | None = None
        for key_node, value_node in self.pairs(node, what):
            name = key_node.value
            rule = fields.get(name)
            if rule is None:
                allowed = layout.allowed
                hint = suggest(name, allowed)
                self.error(
                    key_node,
                    f"unknown key {clip(name)!r} in {what or 'the file'}"
                    f"{hint or ' (allowed: ' + ', '.join(allowed) + ')'}",
                )
                if hint:  # a misspelling: count the field as written, so one mistake, one line
                    meant = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6) or [
                        a for a in allowed if a.lower() == name.lower()
                    ]
                    if written is None:
                        written = _keys_written(node)
                    if meant[0] not in written:
                        written.add(meant[0])
                        invalid.add(meant[0])
                        locs[meant[0]] = self.loc(key_node)
                        if fields[meant[0]][1]:
                            values[meant[0]] = INVALID
                continue
            read, required = rule
            value = read(self, value_node, f"{what}: {name}" if what else name)
            locs[name] = self.loc(value_node)
            if value is INVALID:
                # Keep going with a placeholder so later checks still see the rest.
                invalid.add(name)
                if required:
                    values[name] = INVALID
                continue
            values[name] = value
            if not isinstance(value_node, ScalarNode):
                self._item_locs(value_node, name, locs)
        for name in layout.from_key:
            values[name] = key
        for name in layout.required:
            # A required key read is in `values`; one that is not may still have been
            # written in a form that was reported already (a number, a tagged key).
            if name in values:
                continue
            if written is None:
                written = _keys_written(node)
            if name not in written:
                tp, extras, _ = yaml_fields(cls)[name]
                self.error(
                    node,
                    f"{what or 'the file'} is missing {name!r}: add `{name}:` with "
                    f"{describe(tp, extras)}",
                )
            values[name] = INVALID  # either way there is no value: a placeholder
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
                # A key that is a list or mapping has been reported; its value (nested
                # nodes, perhaps aliases of aliases) must not be spelled out as text.
                if isinstance(key_node, ScalarNode):
                    locs[f"{name}.{key_node.value}"] = self.loc(value_node)

    def pairs(self, node: MappingNode, what: str) -> list[tuple[ScalarNode, Node]]:
        """The mapping's key/value pairs with text keys, duplicates and odd keys reported."""
        seen: dict[str, ScalarNode] = {}
        out = []
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag != TAG_STR:
                self.error(key_node, _key_problem(key_node, what))
                continue
            first = seen.get(key_node.value)
            if first is not None:
                line = first.start_mark.line + 1
                self.error(
                    key_node,
                    f"duplicate key {clip(key_node.value)!r} in {what or 'the file'} "
                    f"(first set on line {line}): "
                    "keep one of them",
                )
                continue
            seen[key_node.value] = key_node
            out.append((key_node, value_node))
        return out

    def _items(self, read: Reader, node: SequenceNode, what: str) -> tuple[Any, ...]:
        items, kept = [], []
        for i, item in enumerate(node.value):
            value = read(self, item, self._item_label(what, i, item))
            if value is not INVALID:  # dropped: its problem is recorded
                items.append(value)
                kept.append(item)
        self._kept[id(node)] = kept
        return tuple(items)

    @staticmethod
    def _item_label(what: str, index: int, node: Node) -> str:
        """ "task 'kickoff'" for an item with an id, else "tasks item 3"."""
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if (
                    isinstance(key_node, ScalarNode)
                    and key_node.value in ("id", "term")
                    and isinstance(value_node, ScalarNode)
                    and value_node.value
                ):
                    field_name = what.rsplit(": ", 1)[-1]
                    singular = field_name[:-1] if field_name.endswith("s") else field_name
                    prefix = what.rsplit(": ", 1)[0] + " " if ": " in what else ""
                    return f"{prefix}{singular} {clip(value_node.value)!r}"
        return f"{what} item {index + 1}"

    def _mapping(self, value_tp: Any, node: MappingNode, what: str) -> dict[str, Any]:
        out = {}
        bare, _ = split_annotated(value_tp)
        read = None if dataclasses.is_dataclass(bare) else reader(value_tp)
        singular = what[:-1] if what.endswith("s") else what
        for key_node, value_node in self.pairs(node, what):
            key = key_node.value
            if not ID_PATTERN.matches(key):
                self.error(
                    key_node,
                    f"{clip(key)!r} in {what} is not a valid id: use {ID_PATTERN.expected}",
                )
                continue
            if read is None:
                value = self._object(
                    typing.cast(type, bare), value_node, f"{singular} {key!r}", key=key
                )
            else:
                value = read(self, value_node, f"{what}: {key}")
            if value is not INVALID:
                out[key] = value
        return out


def _keys_written(node: MappingNode) -> set[str]:
    """Every key of a mapping written as a scalar, also those not allowed as keys."""
    return {k.value for k, _ in node.value if isinstance(k, ScalarNode)}


# -- readers, one kind of type each ------------------------------------------------------


def _union_reader(members: tuple[Any, ...], extras: tuple[Any, ...]) -> Reader:
    nullable = type(None) in members
    real = [m for m in members if m is not type(None)]
    if len(real) == 1:
        only = reader(real[0], extras)

        def read_optional(conv: Converter, node: Node, what: str) -> Any:
            if node.tag not in KNOWN_TAGS:
                return INVALID
            if nullable and node.tag == TAG_NULL and isinstance(node, ScalarNode):
                return None
            return only(conv, node, what)

        return read_optional

    # A union of a scalar and a mapping type (`id | {task: id, lag: n}`): pick by shape.
    def first(on_mapping: bool) -> Reader | None:
        for member in real:
            if dataclasses.is_dataclass(split_annotated(member)[0]) == on_mapping:
                return reader(member, extras)
        return None

    on_mapping, on_other = first(True), first(False)
    expected = " or ".join(describe(m) for m in real)

    def read_either(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if nullable and node.tag == TAG_NULL and isinstance(node, ScalarNode):
            return None
        read = on_mapping if isinstance(node, MappingNode) else on_other
        if read is None:
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        return read(conv, node, what)

    return read_either


def _object_reader(cls: type) -> Reader:
    def read_object(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        return conv._object(cls, node, what)

    return read_object


def _list_reader(item_tp: Any) -> Reader:
    read_item = reader(item_tp)

    def read_list(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if isinstance(node, SequenceNode):
            return conv._items(read_item, node, what)
        if isinstance(node, ScalarNode):
            if node.tag == TAG_NULL:
                return ()
            # A single id where a list is expected is what people mean: `sites: hq`.
            if node.tag == TAG_STR:
                value = read_item(conv, node, what)
                return INVALID if value is INVALID else (value,)
        return conv.error(
            node, f"{what} must be a list of {describe(item_tp)}s, not {_shown(node)}"
        )

    return read_list


def _mapping_reader(value_tp: Any) -> Reader:
    def read_mapping(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if isinstance(node, ScalarNode) and node.tag == TAG_NULL:
            return {}
        if not isinstance(node, MappingNode):
            return conv.error(node, f"{what} must be a mapping of ids, not {_shown(node)}")
        return conv._mapping(value_tp, node, what)

    return read_mapping


def _literal_reader(choices: tuple[Any, ...]) -> Reader:
    def read_literal(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if isinstance(node, ScalarNode) and node.value in choices:
            return node.value
        if isinstance(node, ScalarNode) and node.value.lower()[:3] in choices:
            hint = f": did you mean {node.value.lower()[:3]!r}?"
        else:
            hint = suggest(node.value, choices) if isinstance(node, ScalarNode) else ""
        return conv.error(
            node, f"{what} must be one of {', '.join(choices)}, not {_shown(node)}{hint}"
        )

    return read_literal


def _scalar_reader(tp: Any, extras: tuple[Any, ...]) -> Reader:
    expected = describe(tp, extras)
    parsed = next((e for e in extras if isinstance(e, Parsed)), None)
    if parsed is not None:
        return _parsed_reader(parsed, expected)
    if tp is str:
        return _text_reader(extras, expected)
    if tp is bool:
        return _bool_reader(expected)
    if tp is int:
        return _int_reader(extras, expected)

    def read_unknown(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if not isinstance(node, ScalarNode):
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        raise TypeError(f"no conversion for {tp!r}")  # a model declaration bug, not a plan one

    return read_unknown


def _parsed_reader(parsed: Parsed, expected: str) -> Reader:
    parse = parsed.parse

    def read_parsed(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if not isinstance(node, ScalarNode) or node.tag not in (TAG_STR, TAG_INT):
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        try:
            return parse(node.value)
        except ValueError as exc:
            return conv.error(node, f"{what}: {exc}")

    return read_parsed


def _text_reader(extras: tuple[Any, ...], expected: str) -> Reader:
    patterns = [
        (re.compile(e.regex).fullmatch, e.expected) for e in extras if isinstance(e, Pattern)
    ]

    def read_text(conv: Converter, node: Node, what: str) -> Any:
        tag = node.tag
        if tag not in KNOWN_TAGS:
            return INVALID
        if not isinstance(node, ScalarNode):
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        if tag != TAG_STR:
            if tag == TAG_NULL:
                return conv.error(node, f"{what} is empty: write {expected}")
            # Numbers and booleans where text is expected: quoting says what was meant.
            return conv.error(
                node,
                f"{what} must be {expected}, not {_shown(node)}: put it in quotes, "
                f'"{clip(node.value, 40)}", if that is what you mean',
            )
        value = node.value
        if not value.strip():
            return conv.error(node, f"{what} is empty: write {expected}")
        for fullmatch, pattern_expected in patterns:
            if fullmatch(value) is None:
                return conv.error(node, f"{what} must be {pattern_expected}, not {_shown(node)}")
        return value

    return read_text


def _bool_reader(expected: str) -> Reader:
    def read_bool(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if not isinstance(node, ScalarNode):
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        if node.tag != TAG_BOOL:
            return conv.error(node, f"{what} must be true or false, not {_shown(node)}")
        return node.value.lower() == "true"

    return read_bool


MAX_DIGITS = 18
"""The most digits a whole number of a plan may have (a 64-bit integer has 19)."""


def _int_reader(extras: tuple[Any, ...], expected: str) -> Reader:
    ranges = [(e.minimum, e.maximum) for e in extras if isinstance(e, Range)]

    def read_int(conv: Converter, node: Node, what: str) -> Any:
        if node.tag not in KNOWN_TAGS:
            return INVALID
        if not isinstance(node, ScalarNode) or node.tag != TAG_INT:
            return conv.error(node, f"{what} must be {expected}, not {_shown(node)}")
        text = node.value
        digits = len(text.lstrip("+-").removeprefix("0o").removeprefix("0x").lstrip("0"))
        if digits > MAX_DIGITS:
            # Python refuses to read a number of thousands of digits (it would take
            # quadratic time), and no plan value comes near this many.
            bound = next((f"at most {high}" for _, high in ranges if high is not None), expected)
            return conv.error(node, f"{what} must be {bound}, not a number of {digits} digits")
        value = int(text, 0) if text.startswith(("0o", "0x")) else int(text)
        for minimum, maximum in ranges:
            if minimum is not None and value < minimum:
                return conv.error(node, f"{what} must be at least {minimum}, not {value}")
            if maximum is not None and value > maximum:
                return conv.error(node, f"{what} must be at most {maximum}, not {value}")
        return value

    return read_int
