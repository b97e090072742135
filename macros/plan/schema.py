"""JSON Schemas of the plan files, generated from the model's annotations.

Editors' YAML language servers read them (completion, hover text, red underlines while
typing); `python -m macros schema` writes them and a test fails when they drift.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import date
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from macros.plan.annotations import doc_of, is_required, split_annotated, union_members, yaml_fields
from macros.plan.fields import Expected, FromKey, Parsed, Pattern, Range
from macros.plan.model import PLAN_FILES

DRAFT = "http://json-schema.org/draft-07/schema#"


def schema_for(cls: type, title: str) -> dict[str, Any]:
    """The schema of one plan file's top-level class, with shared objects in definitions."""
    definitions: dict[str, Any] = {}
    root = _object(cls, definitions)
    return {
        "$schema": DRAFT,
        "$id": f"{title}.schema.json",
        "title": f"Outsourcing Playbook: {title}.yaml",
        **root,
        "definitions": dict(sorted(definitions.items())),
    }


def _object(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, (tp, extras, f) in yaml_fields(cls).items():
        if any(isinstance(e, FromKey) for e in extras):
            continue
        properties[name] = _type(tp, extras, definitions)
        if is_required(f):
            required.append(name)
    out: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def _ref(cls: type, definitions: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in definitions:
        definitions[name] = {}  # placeholder against recursion
        definitions[name] = _object(cls, definitions)
    return {"$ref": f"#/definitions/{name}"}


def _type(tp: Any, extras: tuple[Any, ...], definitions: dict[str, Any]) -> dict[str, Any]:
    tp, more = split_annotated(tp)
    extras = extras + more
    out: dict[str, Any] = {}
    doc = doc_of(extras)
    if doc:
        out["description"] = doc
    members = union_members(tp)
    parsed = next((e for e in extras if isinstance(e, Parsed)), None)
    if parsed is not None:
        out.update(parsed.schema)
    elif members is not None:
        real = [m for m in members if m is not type(None)]
        options = [_type(m, (), definitions) for m in real]
        if len(real) < len(members):  # optional: may be left out or written as null
            options.append({"type": "null"})
        out["anyOf"] = options
    elif dataclasses.is_dataclass(tp):
        out.update(_ref(typing.cast(type, tp), definitions))
    elif get_origin(tp) is tuple:
        item = _type(get_args(tp)[0], (), definitions)
        array = {"type": "array", "items": item}
        if item.get("type") == "string":  # a single id may stand for a list of one
            out["anyOf"] = [item, array]
        else:
            out.update(array)
    elif get_origin(tp) is dict:
        key, value = get_args(tp)
        _, key_extras = split_annotated(key)
        pattern = next((e for e in key_extras if isinstance(e, Pattern)), None)
        value_schema = _type(value, (), definitions)
        out.update({"type": "object", "additionalProperties": False})
        out["patternProperties"] = {f"^{pattern.regex}$" if pattern else ".*": value_schema}
    elif get_origin(tp) is Literal:
        out["enum"] = list(get_args(tp))
    elif tp is type(None):
        out["type"] = "null"
    elif tp is str:
        out["type"] = "string"
        out["minLength"] = 1
        pattern = next((e for e in extras if isinstance(e, Pattern)), None)
        if pattern:
            out["pattern"] = f"^{pattern.regex}$"
    elif tp is bool:
        out["type"] = "boolean"
    elif tp is int:
        out["type"] = "integer"
        rng = next((e for e in extras if isinstance(e, Range)), None)
        if rng and rng.minimum is not None:
            out["minimum"] = rng.minimum
        if rng and rng.maximum is not None:
            out["maximum"] = rng.maximum
    elif tp is date:
        out.update({"type": "string", "format": "date"})
    else:  # pragma: no cover - a model declaration this generator does not know
        raise TypeError(f"no JSON Schema for {tp!r}")
    expected = next((e for e in extras if isinstance(e, Expected)), None)
    if expected and "description" not in out:
        out["description"] = expected.text
    return out


def schemas() -> dict[str, str]:
    """File name -> schema text, for every plan file."""
    out = {}
    for file_name, (cls, _) in PLAN_FILES.items():
        stem = file_name.removesuffix(".yaml")
        text = json.dumps(schema_for(cls, stem), indent=2, ensure_ascii=False) + "\n"
        out[f"{stem}.schema.json"] = text
    return out


def write_schemas(directory: Path, *, check: bool = False) -> list[Path]:
    """Write the schemas to `directory`; return those that changed (only report with check)."""
    changed = []
    for name, text in schemas().items():
        path = directory / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                directory.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    return changed
