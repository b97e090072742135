"""The converter on its own: the cases whose handling is built once per type.

`reader` works out how to read each type once, and `_object` asks which keys were written
only after a mistake; these cases pin what the corpus of broken plans reaches less directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from macros.plan.convert import INVALID, Converter, reader
from macros.plan.model import Dependency, Task
from macros.plan.reader import compose_text

PATH = Path("tasks.yaml")


def _task(text: str) -> tuple[Any, list[str]]:
    node = compose_text(text, PATH)
    assert node is not None
    converter = Converter(PATH)
    value = converter.convert(Task, node, "task 'a'")
    return value, [f"{p.loc.line}:{p.loc.col} {p.message}" for p in converter.problems]


def test_a_misspelt_key_before_the_right_one_is_only_the_misspelling() -> None:
    task, problems = _task("id: a\ntittle: Old\ntitle: New\nphase: p\n")
    assert problems == ["2:1 unknown key 'tittle' in task 'a': did you mean 'title'?"]
    assert task.title == "New"
    assert task.invalid == frozenset()


def test_a_misspelt_required_key_is_one_problem_not_two() -> None:
    task, problems = _task("id: a\ntittle: Old\nphase: p\n")
    assert problems == ["2:1 unknown key 'tittle' in task 'a': did you mean 'title'?"]
    assert task.title is INVALID
    assert task.invalid == frozenset({"title"})
    assert task.at("title").line == 2


def test_a_missing_required_key_names_what_to_write() -> None:
    _, problems = _task("id: a\nphase: p\n")
    assert problems == ["1:1 task 'a' is missing 'title': add `title:` with text"]


def test_after_items_are_read_by_their_shape() -> None:
    # A list is not a mapping, so it is read (and refused) as the id.
    task, problems = _task("id: a\ntitle: A\nphase: p\nafter: [b, {task: c, lag: 2}, [d]]\n")
    assert problems == [
        "4:31 task 'a': after item 3 must be an id of lowercase letters, digits and hyphens "
        "that starts and ends with a letter or digit, such as `go-live`, not a list"
    ]
    assert task.after[0] == "b"
    assert isinstance(task.after[1], Dependency)
    assert (task.after[1].task, task.after[1].lag) == ("c", 2)
    assert list(task.locs) == ["id", "title", "phase", "after", "after.0", "after.1"]


def test_a_single_id_stands_for_a_list_of_one() -> None:
    task, problems = _task("id: a\ntitle: A\nphase: p\nsites: hq\n")
    assert problems == []
    assert task.sites == ("hq",)


def test_values_of_a_tag_outside_the_core_schema_are_dropped_silently() -> None:
    task, problems = _task("id: a\ntitle: A\nphase: p\nduration: !days 3\n")
    assert problems == []  # read_yaml reports the tag
    assert task.duration is None
    assert task.invalid == frozenset({"duration"})


def test_readers_are_built_once_per_type() -> None:
    assert reader(Task) is reader(Task)
    assert reader(tuple[Task, ...]) is reader(tuple[Task, ...])
