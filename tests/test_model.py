"""The model's shortcuts against the straightforward way of doing the same."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from macros.model import Dependency, Task
from macros.problems import Loc

HERE = Loc(Path("plan/project.yaml"), 7, 5)


def test_bare_dependency_is_the_one_init_makes() -> None:
    # `Dependency.bare` skips `__init__`: every field, also those not compared, must match.
    made, expected = Dependency.bare("kickoff", HERE), Dependency(task="kickoff", loc=HERE)
    assert vars(made) == vars(expected)
    assert made == expected
    assert hash(made) == hash(expected)
    assert repr(made) == repr(expected)


ids = st.sampled_from(["a", "b", "kickoff", "go-live"])
items = st.one_of(ids, st.builds(Dependency, task=ids, lag=st.integers(0, 5)))


@given(after=st.lists(items, max_size=6), located=st.sets(st.integers(0, 7)))
def test_dependencies_as_written(after: list[str | Dependency], located: set[int]) -> None:
    # Items without a location of their own are located at the task.
    locs = {f"after.{i}": Loc(Path("p.yaml"), 10 + i, 3) for i in located}
    task = Task(id="t", title="T", phase="p", after=tuple(after), loc=HERE, locs=locs)
    expected = tuple(
        d if isinstance(d, Dependency) else Dependency(task=d, loc=task.at(f"after.{i}"))
        for i, d in enumerate(after)
    )
    assert task.dependencies == expected
    assert [vars(d) for d in task.dependencies] == [vars(d) for d in expected]
