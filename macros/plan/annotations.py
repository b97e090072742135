"""What the model's annotations say: the typing questions the converter and schema ask.

The model's types are few and fixed, and these questions are asked of them over and over:
cached, they cost a dictionary lookup instead of typing's introspection.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from macros.plan.fields import Doc, Expected, FromKey, Parsed, Pattern, Range


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


def from_key(extras: tuple[Any, ...]) -> bool:
    """Whether a field is filled from the mapping key its object is stored under."""
    return any(isinstance(e, FromKey) for e in extras)


def doc_of(extras: tuple[Any, ...]) -> str | None:
    return next((e.text for e in extras if isinstance(e, Doc)), None)
