"""Saving a baseline: the plan both sides agreed on, as `baseline.yaml` in the plan directory.

`python -m macros baseline [DIR]` (`make baseline`) writes every task's current start and
end with the day it was saved; the loader reads the file back like any plan file, and the
schedule then shows each task's variance against it (`macros.schedule.scheduler`). The file is
plain YAML that editors may also write or trim by hand.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from macros.schedule.result import PlanResult

HEADER = """\
# yaml-language-server: $schema=../schemas/baseline.schema.json
#
# The baseline: the plan both sides agreed on, saved on {saved} with
# `python -m macros baseline` (`make baseline`). Each task's variance on the site counts its
# working days from the end saved here to its current end. Save a new baseline only when
# both sides agree on a changed plan; commit it in its own pull request.
"""


def baseline_text(result: PlanResult, saved: date) -> str:
    """The baseline file for `result`'s schedule, saved on `saved`."""
    lines = [HEADER.format(saved=saved.isoformat()), f"saved: {saved.isoformat()}", "tasks:"]
    for task in result.plan.tasks:
        st = result.schedule[task.id]
        lines.append(f"  {task.id}: {{start: {st.start.isoformat()}, end: {st.end.isoformat()}}}")
    return "\n".join(lines) + "\n"


def write_baseline(directory: Path, result: PlanResult, saved: date) -> Path:
    """Write `baseline.yaml` into `directory` (replacing one that is there), atomically."""
    path = directory / "baseline.yaml"
    partial = directory / ".baseline.yaml.partial"
    partial.write_text(baseline_text(result, saved), encoding="utf-8")
    os.replace(partial, path)
    return path
