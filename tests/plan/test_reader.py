"""YAML reading: 1.2 core-schema scalars, tags refused and never constructed, marks kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from macros.plan import reader as yaml12
from macros.plan.problems import PlanError
from macros.plan.reader import MappingNode, Node, ScalarNode, SequenceNode, plain, read_yaml


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


ROOT = Path(__file__).resolve().parents[2]
YAML_FILES = sorted(
    [*(ROOT / "plan").glob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.y*ml")]
)


def _shape(node: Node | None, seen: dict[int, int] | None = None) -> object:
    """A node tree as nested tuples of kind, tag, marks and values (plain style ignored).

    A node reached again through an alias is written as ("alias", n), n counting nodes in
    the order first reached: an alias bomb is compared by its shape, not expanded.
    """
    if node is None:
        return None
    seen = {} if seen is None else seen
    if id(node) in seen:
        return ("alias", seen[id(node)])
    seen[id(node)] = len(seen)
    start, end = node.start_mark, node.end_mark
    head = (type(node).__name__, node.tag, start.line, start.column, end.line, end.column)
    if isinstance(node, MappingNode):
        return (*head, tuple((_shape(k, seen), _shape(v, seen)) for k, v in node.value))
    if isinstance(node, SequenceNode):
        return (*head, tuple(_shape(item, seen) for item in node.value))
    return (*head, node.value)


def _compose_with(composer_class: type, text: str) -> object:
    try:  # PyYAML's reader refuses control characters when it is made
        composer = composer_class(text)
    except yaml.YAMLError:
        return "syntax error"
    try:
        return _shape(composer.get_single_node())
    except yaml12._TooDeep:
        return "too deep"
    except yaml.YAMLError:
        return "syntax error"
    finally:
        composer.dispose()


@pytest.mark.skipif(yaml12.CParser is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("path", YAML_FILES, ids=[str(p.relative_to(ROOT)) for p in YAML_FILES])
def test_libyaml_composes_the_same_nodes_and_marks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    slow = _compose_with(yaml12._Composer, text)
    if slow == "too deep":  # PyYAML stops at MAX_DEPTH levels, libyaml only at 1,000
        return
    fast = _compose_with(yaml12._FastComposer, text)
    assert fast == slow
    if path.parent.name == "plan":
        assert fast != "syntax error"


def test_libyaml_counts_columns_in_characters() -> None:
    text = "name: Kraków – Łódź\nnext: [ą, ę]\n"
    assert _compose_with(yaml12._FastComposer, text) == _compose_with(yaml12._Composer, text)


# -- hostile input: every one a located PlanError, never a traceback or a hang ----------


def _problem(tmp_path: Path, text: str) -> tuple[int, int, str]:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert problem.loc.path == path
    return problem.loc.line, problem.loc.col, problem.message


@pytest.mark.parametrize(
    ("char", "name", "why"),
    [
        ("\x00", "NUL", "a control character, which YAML does not allow"),
        ("\x07", "bell", "a control character, which YAML does not allow"),
        ("\x1b", "ESC", "a control character, which YAML does not allow"),
        ("\x0c", "form feed", "a control character, which YAML does not allow"),
        ("\x7f", "DEL", "a control character, which YAML does not allow"),
        ("\x9b", "a control character", "a control character, which YAML does not allow"),
        (
            "\x85",
            "next line",
            "a line break to YAML but not to editors, so line numbers would be off",
        ),
        (
            "\u2029",
            "PARAGRAPH SEPARATOR",
            "a line break to YAML but not to editors, so line numbers would be off",
        ),
        (
            "\u2067",
            "RIGHT-TO-LEFT ISOLATE",
            "an invisible text-direction control, which shows text in another order than it is",
        ),
        ("\ufeff", "ZERO WIDTH NO-BREAK SPACE", "an invisible byte order mark inside the file"),
    ],
)
def test_odd_characters_are_named_at_their_line_and_column(
    tmp_path: Path, char: str, name: str, why: str
) -> None:
    code = f"U+{ord(char):04X}"
    assert _problem(tmp_path, f"a: 1\nb: [x, y{char}z]\n") == (
        2,
        9,
        f"the file holds {code} ({name}), {why}: remove it",
    )


def test_every_odd_character_is_counted(tmp_path: Path) -> None:
    _, _, message = _problem(tmp_path, "a: \x1b[1mbold\x1b[0m\nb: \x00\n")
    assert message.endswith("remove it (and 2 more like it)")


@pytest.mark.parametrize(
    "text",
    [
        "\ufeffa: 1\n",  # a byte order mark may open the file
        "a: \u200e\u200fmarks\u200b and a zero-width space\n",
        "a: Kraków – Łódź, القاهرة, 東京 🚀\n",
        "a: 'tab\tinside quotes'\n",
    ],
)
def test_ordinary_unicode_text_is_read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    node, problems = read_yaml(path)
    assert problems == []
    assert isinstance(node, MappingNode)


@pytest.mark.parametrize(
    ("text", "line", "col"),
    [
        # 1,200 levels: libyaml stops at 1,000 and PyYAML, reading again, at 100
        ("a: " + "[" * 1200 + "]" * 1200 + "\n", 1, 103),
        ("a: " + "{b: " * 1200 + "1" + "}" * 1200 + "\n", 1, 397),  # a key is a level
        # 500 levels and a syntax error after them: libyaml gives up, PyYAML reads again
        ("a: " + "[" * 500 + "]" * 500 + "\nb: [\n", 1, 103),
        # block nesting past libyaml's limit in 600 kB: worded without reading it again
        ("a:\n" + "".join(" " * (i + 1) + "-\n" for i in range(1100)), 1000, 1000),
    ],
)
def test_deep_nesting_is_a_located_problem(tmp_path: Path, text: str, line: int, col: int) -> None:
    assert _problem(tmp_path, text) == (
        line,
        col,
        "lists and mappings nest deeper than 100 levels here: write them flatter (a plan "
        "file needs fewer than ten)",
    )


def test_nesting_libyaml_reads_becomes_plain_values_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    node, _ = read_yaml(path)
    value = plain(node)
    assert isinstance(value, dict)
    depth, inner = 0, value["a"]
    while inner:
        depth, inner = depth + 1, inner[0]
    assert depth == 899


BOMB = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_an_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    assert len(BOMB.encode()) < 420
    line, col, message = _problem(tmp_path, BOMB)
    assert (line, col) == (4, 4)  # `d: &d [...]`, whose repeats add the most
    assert message == (
        "the aliases of this value repeat it into more than 100,000 values: write the values "
        "out, or repeat them less"
    )


def test_a_deep_chain_of_aliases_is_counted_without_big_numbers(tmp_path: Path) -> None:
    # 2^5000 values: the counts stop growing, so the walk stays as fast as the file is long
    chain = "a0: &a0 [x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 5000)
    )
    _, _, message = _problem(tmp_path, chain)
    assert message.startswith("the aliases of this value repeat it into more than 100,000")


def test_a_few_aliases_are_fine_and_shared_by_plain(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("both: &both [hq, krakow]\na: *both\nb: *both\n", encoding="utf-8")
    node, problems = read_yaml(path)
    value = plain(node)
    assert problems == []
    assert value == {"both": ["hq", "krakow"], "a": ["hq", "krakow"], "b": ["hq", "krakow"]}
    assert isinstance(value, dict)
    assert value["a"] is value["b"]


def test_an_alias_loop_is_refused(tmp_path: Path) -> None:
    assert _problem(tmp_path, "a: 1\nb: &b {c: *b}\n") == (
        2,
        4,
        "an alias inside this value repeats the value itself, a loop that never ends: write "
        "the inner value out",
    )


def test_first_alias_points_at_the_alias_not_the_anchor() -> None:
    problem = yaml12.first_alias("a: &x 1\nb:\n  - *x\n", Path("f.yaml"))
    assert problem is not None
    assert (problem.loc.line, problem.loc.col) == (3, 5)
    assert problem.message == (
        "the alias *x repeats a value written elsewhere, which is not allowed here: write "
        "the value out"
    )
    assert yaml12.first_alias("a: '*x'\n", Path("f.yaml")) is None


@pytest.mark.parametrize("text", ["a: " + "9" * 5000, "a: 0x" + "f" * 6000])
def test_plain_keeps_a_number_python_refuses_to_read_as_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    node, _ = read_yaml(path)
    assert plain(node) == {"a": text[3:]}


def test_plain_names_a_list_used_as_a_key(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("? [a, b]\n: 1\nc: 2\n", encoding="utf-8")
    node, _ = read_yaml(path)
    assert plain(node) == {"<list on line 1>": 1, "c": 2}


def test_a_file_linked_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.symlink_to("/dev/zero")
    with pytest.raises(PlanError) as caught:
        read_yaml(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1:1: the plan file is not a regular file: make it one"
    ]


def test_a_pipe_is_not_opened(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    os.mkfifo(path)  # opening it to read would wait for a writer for ever
    with pytest.raises(PlanError, match="not a regular file"):
        read_yaml(path)


def test_a_file_over_five_megabytes_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"# padding\n" * 500_001)
    with pytest.raises(PlanError) as caught:
        read_yaml(path)
    (problem,) = caught.value.problems
    assert problem.message == (
        "the file is larger than 5 MB: a plan file that big is a mistake; split the text or "
        "remove what does not belong"
    )


def test_line_breaks_are_read_as_text_mode_reads_them(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\r\nb: [x,\r  y]\r\nc: caf\xc3\xa9\n")
    node, _ = read_yaml(path)
    assert plain(node) == {"a": 1, "b": ["x", "y"], "c": "café"}
    assert isinstance(node, MappingNode)
    assert node.value[2][0].start_mark.line == 3


@pytest.mark.parametrize(
    ("escape", "described"),
    [
        ("\\0", "U+0000 (NUL), a control character"),
        ("\\x1b", "U+001B (ESC), a control character"),
        (
            "\\N",
            "U+0085 (next line), a line break to YAML but not to editors, so line numbers "
            "would be off",
        ),
        (
            "\\u202E",
            "U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible text-direction control, "
            "which shows text in another order than it is",
        ),
    ],
)
def test_odd_characters_written_as_escapes_are_found_in_the_value(
    tmp_path: Path, escape: str, described: str
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(f'a: 1\nb: "x{escape}y"\nc: "tab\\there, and a \\\\ backslash"\n')
    _, problems = read_yaml(path)
    assert [(p.loc.line, p.loc.col, p.message) for p in problems] == [
        (2, 4, f"this value holds {described}, written as an escape: remove it")
    ]
