"""The committed JSON Schemas match the model, and agree with the loader on the sample."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from macros.plan.reader import plain, read_yaml
from macros.plan.schema import schemas

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", sorted(schemas()))
def test_committed_schema_is_generated_from_the_model(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schemas()[name], "run `make schema` and commit schemas/"


@pytest.mark.parametrize("name", sorted(schemas()))
def test_schema_is_valid_draft_07(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads(schemas()[name]))


@pytest.mark.parametrize("path", sorted((ROOT / "plan").glob("*.yaml")), ids=lambda p: p.name)
def test_sample_plan_files_validate_and_point_at_their_schema(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    schema_name = path.stem + ".schema.json"
    assert first_line == f"# yaml-language-server: $schema=../schemas/{schema_name}"
    node, _ = read_yaml(path)
    schema = json.loads(schemas()[schema_name])
    jsonschema.validate(plain(node), schema, format_checker=jsonschema.FormatChecker())


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(schemas()["project.schema.json"])
    node, _ = read_yaml(ROOT / "plan" / "project.yaml")
    data = plain(node)
    assert isinstance(data, dict)
    data["tasks"][0]["duratoin"] = 3
    with pytest.raises(jsonschema.ValidationError, match="duratoin"):
        jsonschema.validate(data, schema)
