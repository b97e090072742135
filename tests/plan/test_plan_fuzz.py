"""A mutation fuzzer over the sample plan: every variant loads, or fails with located problems.

Each variant is the sample plan (plan/*.yaml) with one to three mutations, from one
`random.Random(seed)`:

- structural ones on the composed YAML nodes, written back with PyYAML's serializer:
  delete, duplicate (as a copy or as an alias) and swap keys and list items, rename a
  key, turn a scalar into a list or mapping and back, nest a value deeply, share a node
  elsewhere (an alias, possibly a loop), plant an alias bomb, replace a value;
- textual ones on the file's text: control characters, huge numbers, dates at the edges,
  template syntax, HTML, Markdown links and attributes, very long strings, Unicode, empty
  values and YAML's own indicators, inserted at random places or replacing a line's value;
  lines deleted, repeated, swapped or indented.

A variant passes when `load_plan`, `compute` and every page view (tests/plan_views.py)
succeed, or when they raise PlanError whose every problem points at a real file of the
plan directory, at a line and column from 1, with a message. Any other exception fails,
as does a variant that takes longer than `LIMIT` seconds.

The regular run checks `DEFAULT_COUNT` variants. `PLAYBOOK_FUZZ=5000` runs that many;
`PLAYBOOK_FUZZ_SEED=123` starts at seed 123 (with `PLAYBOOK_FUZZ=1`: replays that one).
A failure names its seed, its mutations and where the variant was written.
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import FrameType

import pytest
import yaml

from macros.plan import reader as yaml12
from macros.plan.loader import load_plan
from macros.plan.problems import PlanError, Problem
from macros.plan.reader import MappingNode, Node, ScalarNode, SequenceNode
from macros.schedule.result import compute
from tests.conftest import TODAY
from tests.plan.plan_views import every_view
from tests.plan.test_loader_corpus import BASE_PROJECT

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "plan"
FILES = ("project.yaml", "glossary.yaml", "checklists.yaml", "baseline.yaml")
FILE_WEIGHTS = (12, 4, 4, 1)

DEFAULT_COUNT = 250
COUNT = int(os.environ.get("PLAYBOOK_FUZZ") or DEFAULT_COUNT)
FIRST_SEED = int(os.environ.get("PLAYBOOK_FUZZ_SEED") or 0)
LIMIT = 30.0
"""Seconds one variant may take: a variant takes a tenth of a second or so, the slowest
honest ones (calendars over two hundred years, PyYAML re-reading a syntax error) a few
seconds on a busy two-core machine; a hang takes for ever."""

TODAYS = (date.fromisoformat(TODAY), date(2100, 6, 1), date(1901, 1, 1))
"""The status dates of the variants: the tests' own (after the sample's last recorded
progress), one late in the window (the work left still fits before its end) and its first
day (before it, every recorded date is an error)."""

# -- payloads ------------------------------------------------------------------------------

CONTROL = ["\x00", "\x1b[31m", "\x0c", "\x07", "\x08", "\x7f", "\x85", "\x9b", "\u2028"]
CONTROL += ["\u2029", "\u202e", "\u2066", "\ufeff", "\r", "\t", "\x0b"]
NUMBERS = ["9" * 5000, "-" + "9" * 40, "0x" + "f" * 5000, "0o" + "7" * 30, "1e99999"]
NUMBERS += [".inf", "-.inf", ".nan", "-1", "0", "2001", "1441", "99999999999999999999"]
DATES = ["0001-01-01", "9999-12-31", "9999-12-27", "1900-12-31", "1901-01-01", "2100-12-31"]
DATES += ["2101-01-01", "2027-02-29", "2028-02-29", "0000-00-00", "2027-13-01", "1800-01-01"]
DATES += ["2099-12-31", "1901-01-02", "2026-12-31", "2027-01-11"]
TEMPLATES = ["{{ 7*7 }}", "{% for x in range(10**9) %}x{% endfor %}", "{{ config }}"]
TEMPLATES += ["{# open", "{%", "}}", "{{ ''.__class__.__mro__ }}", "{% raw %}"]
HTML = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "</svg><svg onload=x>"]
HTML += ['"><b>bold</b>', "&amp;&lt;", "<!--", "]]>"]
MARKDOWN = ["[x](javascript:alert(1))", "{: onclick=x }", "![x](x)", "```", "| a | b |"]
MARKDOWN += ["*[SLA]: x", "[^1]", "# heading", "---", "<details>"]
LONG = ["x" * 100_000, "a " * 30_000, "a@" + "a." * 20_000 + "@", "-" * 50_000]
LONG += ["[" * 2000 + "]" * 2000, "{a: " * 1500 + "}" * 1500, "é" * 70_000]
UNICODE = ["Kraków 東京 🚀", "\u0301" * 200, "Z̴̡a̸l̶g̷o", "😀" * 2000, "ﬁ", "İ", "ß", "\u00a0"]
UNICODE += ["القاهرة", "\u200b", "\u200d", "\U0010fffd"]
EMPTY = ["", " ", "~", "null", "''", '""', "[]", "{}", "- ", "? "]
YAML_BITS = ["*undefined", "&a", "!!python/object/apply:os.system ['x']", "!tag x", ": ", "#"]
YAML_BITS += ["'", '"', "|", ">", "%YAML 1.1", "---", "...", "<<: *a", "@", "`", "[", "{"]
PLANISH = ["hq", "krakow", "go-live", "kickoff", "key-contact", "IN", "SA", "AE", "US"]
PLANISH += ["PL", "ON", "NO", "Asia/Kolkata", "Pacific/Kiritimati", "Etc/GMT+12", "localtime"]
PLANISH += ["00:00-24:00", "23:59-24:00", "09:00-17:00", "1 min", "366 d", "true", "false"]
PLANISH += ["[sat, sun]", "[mon, tue, wed, thu, fri, sat, sun]", "2000", "1000", "1440"]
PAYLOADS: list[list[str]] = [
    CONTROL,
    NUMBERS,
    DATES,
    TEMPLATES,
    HTML,
    MARKDOWN,
    LONG,
    UNICODE,
    EMPTY,
    YAML_BITS,
    PLANISH,
]


def payload(rng: random.Random) -> str:
    return rng.choice(rng.choice(PAYLOADS))


# -- the node tree ---------------------------------------------------------------------------


@dataclass
class Slot:
    """A place in the node tree that holds a node: an item, or a key or value of a pair."""

    parent: Node
    index: int
    part: int = 1  # for mappings: 0 the key, 1 the value

    def get(self) -> Node:
        item = self.parent.value[self.index]
        return item[self.part] if isinstance(self.parent, MappingNode) else item  # type: ignore[no-any-return]

    def set(self, node: Node) -> None:
        if isinstance(self.parent, MappingNode):
            pair = list(self.parent.value[self.index])
            pair[self.part] = node
            self.parent.value[self.index] = tuple(pair)
        else:
            self.parent.value[self.index] = node


def slots(root: Node) -> list[Slot]:
    """Every slot of the tree, each shared node's slots once."""
    found: list[Slot] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for i, (key, value) in enumerate(node.value):
                found += [Slot(node, i, 0), Slot(node, i, 1)]
                stack += [key, value]
        elif isinstance(node, SequenceNode):
            for i, item in enumerate(node.value):
                found.append(Slot(node, i))
                stack.append(item)
    return found


def containers(root: Node) -> list[Node]:
    return [root, *(s.get() for s in slots(root) if not isinstance(s.get(), ScalarNode))]


def scalar(value: str, rng: random.Random) -> ScalarNode:
    """A scalar as a file writes it: quoted text, or plain (typed as YAML 1.2 reads it)."""
    tag = (
        yaml12.TAG_STR
        if rng.random() < 0.5
        else yaml12._RESOLVER.resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    )
    return ScalarNode(tag, value)


def sequence(items: list[Node]) -> SequenceNode:
    return SequenceNode(yaml12.TAG_SEQ, items)


def mapping(pairs: list[tuple[Node, Node]]) -> MappingNode:
    return MappingNode(yaml12.TAG_MAP, pairs)


# -- mutations -------------------------------------------------------------------------------

Mutation = Callable[[random.Random, Node], str]
"""Changes the tree in place; returns what it did, for the failure report."""


def _where(node: Node) -> str:
    """ "line N" of a node read from the file; a node a mutation made has no place."""
    mark = node.start_mark
    return f"line {mark.line + 1}" if mark is not None else "a made-up node"


def _some(rng: random.Random, root: Node, kind: type | None = None) -> Node | None:
    found = [c for c in containers(root) if kind is None or isinstance(c, kind)]
    found = [c for c in found if c.value]
    return rng.choice(found) if found else None


def delete_entry(rng: random.Random, root: Node) -> str:
    container = _some(rng, root)
    if container is None:
        return "nothing to delete"
    i = rng.randrange(len(container.value))
    del container.value[i]
    return f"deleted entry {i} at {_where(container)}"


def duplicate_entry(rng: random.Random, root: Node) -> str:
    container = _some(rng, root)
    if container is None:
        return "nothing to duplicate"
    i = rng.randrange(len(container.value))
    shared = rng.random() < 0.5
    entry = container.value[i]
    if not shared:
        try:
            entry = copy.deepcopy(entry)
        except RecursionError:  # nested deeper than copy goes: an alias, then
            shared = True
    container.value.insert(rng.randrange(len(container.value) + 1), entry)
    how = "as an alias" if shared else "as a copy"
    return f"duplicated entry {i} {how} at {_where(container)}"


def swap_entries(rng: random.Random, root: Node) -> str:
    container = _some(rng, root)
    if container is None or len(container.value) < 2:
        return "nothing to swap"
    i, j = rng.sample(range(len(container.value)), 2)
    values = container.value
    if isinstance(container, MappingNode) and rng.random() < 0.5:  # swap the keys only
        (ki, vi), (kj, vj) = values[i], values[j]
        values[i], values[j] = (kj, vi), (ki, vj)
        return f"swapped keys {i} and {j} at {_where(container)}"
    values[i], values[j] = values[j], values[i]
    return f"swapped entries {i} and {j} at {_where(container)}"


def rename_key(rng: random.Random, root: Node) -> str:
    keys = [s for s in slots(root) if s.part == 0]
    if not keys:
        return "no key"
    slot = rng.choice(keys)
    old = slot.get()
    text = old.value if isinstance(old, ScalarNode) else "key"
    if rng.random() < 0.5 and len(text) > 1:  # a typo: a character dropped or doubled
        i = rng.randrange(len(text))
        new = text[:i] + text[i + 1 :] if rng.random() < 0.5 else text[:i] + text[i] + text[i:]
    else:
        new = payload(rng)
    slot.set(scalar(new, rng))
    return f"renamed key {text[:20]!r} to {new[:20]!r}"


def reshape(rng: random.Random, root: Node) -> str:
    if not slots(root):
        return "nothing to reshape"
    slot = rng.choice(slots(root))
    node = slot.get()
    if isinstance(node, ScalarNode):
        if rng.random() < 0.5:
            slot.set(sequence([node]))
            return f"made scalar {node.value[:20]!r} a list"
        slot.set(mapping([(node, scalar(payload(rng), rng))]))
        return f"made scalar {node.value[:20]!r} a mapping"
    first = node.value[0] if node.value else None
    if isinstance(first, tuple):
        first = first[rng.randrange(2)]
    slot.set(first if isinstance(first, ScalarNode) else scalar(payload(rng), rng))
    return f"made a collection at {_where(node)} a scalar"


def nest(rng: random.Random, root: Node) -> str:
    if not slots(root):
        return "nothing to nest"
    slot = rng.choice(slots(root))
    node = slot.get()
    depth = rng.choice([2, 10, 60, 150])
    for _ in range(depth):
        node = sequence([node]) if rng.random() < 0.5 else mapping([(scalar("k", rng), node)])
    slot.set(node)
    return f"nested a value {depth} levels deep"


def share(rng: random.Random, root: Node) -> str:
    """An alias: one slot now holds the node of another (a loop when it is an ancestor)."""
    every = slots(root)
    if not every:
        return "nothing to share"
    target, source = rng.choice(every), rng.choice(every)
    target.set(source.get())
    return "shared a node through an alias"


def bomb(rng: random.Random, root: Node) -> str:
    width, depth = rng.randint(2, 9), rng.randint(3, 12)
    node: Node = scalar("lol", rng)
    for _ in range(depth):
        node = sequence([node] * width)
    if not slots(root):
        return "nowhere to plant a bomb"
    rng.choice(slots(root)).set(node)
    return f"planted an alias bomb of {width}^{depth} values"


def replace_value(rng: random.Random, root: Node) -> str:
    values = [s for s in slots(root) if s.part == 1 or not isinstance(s.parent, MappingNode)]
    if not values:
        return "no value to replace"
    slot = rng.choice(values)
    new = payload(rng)
    slot.set(scalar(new, rng) if rng.random() < 0.9 else ScalarNode(yaml12.TAG_NULL, ""))
    return f"replaced a value with {new[:30]!r}"


TEXT_KEYS = {"title", "name", "notes", "definition", "text", "description", "person", "area"}
TEXT_PAYLOADS = [CONTROL, TEMPLATES, HTML, MARKDOWN, LONG, UNICODE, YAML_BITS]
DATE_KEYS = {"start", "deadline", "days_off", "started", "finished", "end", "saved"}


def _values_of(root: Node, keys: set[str]) -> list[Slot]:
    """The value slots of mapping pairs whose key is one of `keys` (and the items of a list
    such a key holds)."""
    found = []
    for slot in slots(root):
        key = slot.parent.value[slot.index][0] if isinstance(slot.parent, MappingNode) else None
        if slot.part == 1 and isinstance(key, ScalarNode) and key.value in keys:
            value = slot.get()
            if isinstance(value, SequenceNode):
                found += [Slot(value, i) for i in range(len(value.value))]
            else:
                found.append(slot)
    return found


def replace_text(rng: random.Random, root: Node) -> str:
    """Hostile text where free text belongs: the plan still loads, and every view shows it."""
    found = _values_of(root, TEXT_KEYS)
    if not found:
        return "no text to replace"
    new = rng.choice(rng.choice(TEXT_PAYLOADS))
    if rng.random() < 0.5:
        new = f"Before {new} after"
    rng.choice(found).set(ScalarNode(yaml12.TAG_STR, new))
    return f"replaced a text with {new[:30]!r}"


def replace_date(rng: random.Random, root: Node) -> str:
    """A date at an edge where a date belongs: the plan loads, or says why not."""
    found = _values_of(root, DATE_KEYS)
    if not found:
        return "no date to replace"
    new = rng.choice(DATES)
    rng.choice(found).set(scalar(new, rng))
    return f"replaced a date with {new}"


STRUCTURAL: list[Mutation] = [
    replace_text,
    replace_text,
    replace_text,
    replace_date,
    replace_date,
    delete_entry,
    duplicate_entry,
    swap_entries,
    rename_key,
    reshape,
    nest,
    share,
    bomb,
    replace_value,
    replace_value,
    replace_value,
]


def insert_text(rng: random.Random, text: str) -> tuple[str, str]:
    at = rng.randrange(len(text) + 1)
    new = payload(rng)
    return text[:at] + new + text[at:], f"inserted {new[:30]!r} at offset {at}"


def replace_line_value(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines) if ": " in line]
    if not candidates:
        return text, "no value to replace"
    i = rng.choice(candidates)
    new = payload(rng)
    lines[i] = lines[i].split(": ", 1)[0] + ": " + new
    return "\n".join(lines), f"line {i + 1}: value replaced with {new[:30]!r}"


def edit_lines(rng: random.Random, text: str) -> tuple[str, str]:
    lines = text.split("\n")
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    action = rng.choice(["delete", "repeat", "swap", "indent", "dedent"])
    if action == "delete":
        del lines[i]
    elif action == "repeat":
        lines.insert(i, lines[i])
    elif action == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif action == "indent":
        lines[i] = " " * rng.choice([1, 2, 3, 8]) + lines[i]
    else:
        lines[i] = lines[i].lstrip()
    return "\n".join(lines), f"line {i + 1}: {action}"


TEXTUAL = [insert_text, replace_line_value, replace_line_value, edit_lines]


@dataclass
class Variant:
    seed: int
    file: str
    today: date
    done: list[str] = field(default_factory=list)
    text: str = ""


GENTLE: list[Mutation] = [replace_text, replace_text, replace_date]
"""A third of the variants change only values a plan may hold: most of those load, so the
views meet hostile titles and dates at the edges, not only the loader hostile files."""


def make_variant(seed: int) -> Variant:
    """The sample plan with one to three mutations of one of its files, all from `seed`."""
    rng = random.Random(seed)
    name = rng.choices(FILES, FILE_WEIGHTS)[0]
    variant = Variant(seed, name, rng.choice(TODAYS))
    text = (SAMPLE / name).read_text(encoding="utf-8")
    count = rng.randint(1, 3)
    gentle = rng.random() < 1 / 3
    structural = count if gentle else sum(rng.random() < 0.6 for _ in range(count))
    if structural:
        root = yaml12.compose_text(text, SAMPLE / name)
        assert root is not None
        for _ in range(structural):
            variant.done.append(rng.choice(GENTLE if gentle else STRUCTURAL)(rng, root))
        text = yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True, width=100)
    for _ in range(count - structural):
        text, did = rng.choice(TEXTUAL)(rng, text)
        variant.done.append(did)
    variant.text = text
    return variant


# -- running one -------------------------------------------------------------------------------


class Hang(Exception):
    """A variant ran past `LIMIT` seconds."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"still running after {LIMIT} s")


def run(directory: Path, today: date) -> list[Problem]:
    """Load, schedule and view the plan; the problems of its PlanError, or its warnings."""
    try:
        plan, warnings = load_plan(directory)
        result = compute(plan, warnings)
        every_view(result, today)
    except PlanError as exc:
        return exc.problems
    return list(result.warnings)


def located_in(problem: Problem, directory: Path) -> str | None:
    """What is wrong with where `problem` points, or None when it points at the plan."""
    path = problem.loc.path
    if path.parent.resolve() != directory.resolve() or not path.is_file():
        return f"not a file of the plan directory: {path}"
    if problem.loc.line < 1 or problem.loc.col < 1:
        return f"line or column below 1: {problem.loc}"
    lines = path.read_bytes().count(b"\n") + 2
    if problem.loc.line > lines:
        return f"line {problem.loc.line} past the end of the file ({lines - 1} lines)"
    if not problem.message.strip():
        return "an empty message"
    return None


def check_variant(variant: Variant, directory: Path) -> None:
    shutil.copytree(SAMPLE, directory)
    (directory / variant.file).write_bytes(variant.text.encode("utf-8"))
    report = (
        f"seed {variant.seed} ({variant.file}: {'; '.join(variant.done)}; today "
        f"{variant.today}), written to {directory}; replay with PLAYBOOK_FUZZ=1 "
        f"PLAYBOOK_FUZZ_SEED={variant.seed}"
    )
    os.environ["PLAYBOOK_TODAY"] = variant.today.isoformat()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, LIMIT)
    started = time.monotonic()
    try:
        problems = run(directory, variant.today)
    except Exception as exc:
        raise AssertionError(f"{type(exc).__name__}: {exc} -- {report}") from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    took = time.monotonic() - started
    assert took < LIMIT, f"took {took:.1f} s -- {report}"
    for problem in problems:
        wrong = located_in(problem, directory)
        assert wrong is None, f"{wrong}: {problem} -- {report}"


def seeds() -> Iterator[int]:
    return iter(range(FIRST_SEED, FIRST_SEED + COUNT))


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "2027-03-20")  # check_variant sets its own


@pytest.mark.parametrize("seed", list(seeds()))
def test_variant_loads_or_fails_with_located_problems(seed: int, tmp_path: Path) -> None:
    check_variant(make_variant(seed), tmp_path / "plan")


def test_variants_are_reproducible_and_varied() -> None:
    first, again = make_variant(7), make_variant(7)
    assert (first.file, first.done, first.text) == (again.file, again.done, again.text)
    texts = {make_variant(seed).text for seed in range(40)}
    assert len(texts) >= 35  # a mutation may find nothing to change in a file


def test_the_unchanged_sample_passes(tmp_path: Path) -> None:
    variant = Variant(-1, "project.yaml", date(2027, 3, 20))
    variant.text = (SAMPLE / "project.yaml").read_text(encoding="utf-8")
    check_variant(variant, tmp_path / "plan")


# -- the edges of the window, on purpose ---------------------------------------------------


def _base_with(old: str, new: str) -> str:
    assert BASE_PROJECT.count(old) == 1
    return BASE_PROJECT.replace(old, new)


@pytest.mark.parametrize(
    ("old", "new", "today"),
    [
        ("start: 2027-01-11", "start: 1901-01-07", date(1901, 1, 1)),
        ("start: 2027-01-11", "start: 1901-01-07", date(2100, 6, 1)),
        ("start: 2027-01-11", "start: 2100-06-01", date(2100, 6, 1)),
        ("start: 2027-01-11", "start: 2100-06-01", date(1901, 1, 1)),
        (
            'hours: "09:00-17:00"\n',
            'hours: "09:00-17:00"\n    days_off: [1901-01-01, 2100-12-31]\n',
            date(2027, 3, 20),
        ),
        (
            "    after: [train-agents]\n",
            "    after: [train-agents]\n    deadline: 1901-01-02\n",
            date(2027, 3, 20),
        ),
    ],
    ids=[
        "1901-today-1901",
        "1901-today-2100",
        "2100-today-2100",
        "2100-today-1901",
        "days-off",
        "deadline-1901",
    ],
)
def test_plans_at_the_edges_of_the_window_build_every_view(
    tmp_path: Path, old: str, new: str, today: date
) -> None:
    directory = tmp_path / "plan"
    directory.mkdir()
    (directory / "project.yaml").write_text(_base_with(old, new), encoding="utf-8")
    os.environ["PLAYBOOK_TODAY"] = today.isoformat()

    plan, warnings = load_plan(directory)
    views = every_view(compute(plan, warnings), today)

    assert len(views) > 10
    assert all(views)


def test_a_status_date_too_late_for_the_work_left_is_a_located_error(tmp_path: Path) -> None:
    directory = tmp_path / "plan"
    directory.mkdir()
    (directory / "project.yaml").write_text(BASE_PROJECT, encoding="utf-8")
    os.environ["PLAYBOOK_TODAY"] = "2100-12-27"

    plan, warnings = load_plan(directory)
    with pytest.raises(PlanError) as caught:
        compute(plan, warnings)

    assert [(p.loc.line, p.loc.col, p.message) for p in caught.value.problems] == [
        (
            41,
            15,
            "task 'train-agents' would end after 2100-12-31, the last date a plan can use: as "
            "of the status date 2100-12-27, the work left, pushed by kickoff -> train-agents, "
            "does not fit before it; shorten or overlap that work",
        )
    ]
