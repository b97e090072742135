"""YAML reading: 1.2 core-schema scalars, tags refused and never constructed, marks kept."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from macros import yaml12
from macros.problems import PlanError
from macros.yaml12 import MappingNode, Node, ScalarNode, SequenceNode, plain, read_yaml


def _read(tmp_path: Path, text: str) -> object:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    node, problems = read_yaml(path)
    assert problems == []
    return plain(node)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v: ON", "ON"),
        ("v: NO", "NO"),
        ("v: yes", "yes"),
        ("v: off", "off"),
        ("v: true", True),
        ("v: False", False),
        ("v: 010", 10),  # YAML 1.1 would read an octal 8
        ("v: 0o10", 8),
        ("v: 1:30", "1:30"),  # YAML 1.1 would read 90 (sexagesimal)
        ("v: 2027-01-11", "2027-01-11"),  # no timestamps: the loader parses dates itself
        ("v: ~", None),
        ("v: 1.5", 1.5),
    ],
)
def test_scalars_follow_yaml_1_2_core_schema(tmp_path: Path, text: str, expected: object) -> None:
    assert _read(tmp_path, text) == {"v": expected}


def test_python_tags_are_reported_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "f.yaml"
    path.write_text(
        f'a: !!python/object/apply:os.system ["touch {marker}"]\nb: !!python/name:os.system\n',
        encoding="utf-8",
    )
    node, problems = read_yaml(path)
    assert [(p.loc.line, p.loc.col) for p in problems] == [(1, 4), (2, 4)]
    assert "'!!python/object/apply:os.system' is not allowed" in problems[0].message
    assert isinstance(node, MappingNode)
    assert not marker.exists()


def test_nodes_keep_their_positions(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a:\n  b: [1, 2]\n  c: text\n", encoding="utf-8")
    node, _ = read_yaml(path)
    assert isinstance(node, MappingNode)
    inner = node.value[0][1]
    assert isinstance(inner, MappingNode)
    c_value = inner.value[1][1]
    assert isinstance(c_value, ScalarNode)
    assert (c_value.start_mark.line + 1, c_value.start_mark.column + 1) == (3, 6)


def test_syntax_error_points_at_the_problem(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert problem.loc.line == 2
    assert problem.message.startswith("YAML syntax error:")


def test_non_utf8_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(PlanError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert (problem.loc.line, problem.message) == (
        2,
        "the file is not UTF-8 text: save it as UTF-8",
    )


ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    [*(ROOT / "plan").glob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.y*ml")]
)


def _shape(node: Node | None) -> object:
    """A node tree as nested tuples of kind, tag, marks and values (plain style ignored)."""
    if node is None:
        return None
    start, end = node.start_mark, node.end_mark
    head = (type(node).__name__, node.tag, start.line, start.column, end.line, end.column)
    if isinstance(node, MappingNode):
        return (*head, tuple((_shape(k), _shape(v)) for k, v in node.value))
    if isinstance(node, SequenceNode):
        return (*head, tuple(_shape(item) for item in node.value))
    return (*head, node.value)


def _compose_with(composer_class: type, text: str) -> object:
    composer = composer_class(text)
    try:
        return _shape(composer.get_single_node())
    except yaml.YAMLError:
        return "syntax error"
    finally:
        composer.dispose()


@pytest.mark.skipif(yaml12.CParser is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=[str(p.relative_to(ROOT)) for p in YAML_FILES])
def test_libyaml_composes_the_same_nodes_and_marks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    fast = _compose_with(yaml12._FastComposer, text)
    assert fast == _compose_with(yaml12._Composer, text)
    if path.parent.name == "plan":
        assert fast != "syntax error"


def test_libyaml_counts_columns_in_characters() -> None:
    text = "name: Kraków – Łódź\nnext: [ą, ę]\n"
    assert _compose_with(yaml12._FastComposer, text) == _compose_with(yaml12._Composer, text)
