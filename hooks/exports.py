"""Publish the schedule next to the pages: `schedule.json`, `schedule.csv` and `plan.ics`.

They are added as generated files, so pages may link to them (links are checked), `mkdocs
serve` serves them, and the build writes them like any other file. They come from the plan
computed once per build (`macros.mkdocs.site.result_for`); the iCalendar timestamp is the build's
(`macros.schedule.today`), so two builds of one commit are identical.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    from macros.mkdocs.site import result_for
    from macros.publish.exports import plan_ics, schedule_csv
    from macros.schedule.result import document
    from macros.schedule.today import build_time

    result = result_for(config)
    outputs = {
        "schedule.json": json.dumps(document(result), indent=2, ensure_ascii=False) + "\n",
        # CSV and iCalendar keep their CRLF line endings: the content is written as bytes.
        "schedule.csv": schedule_csv(result),
        "plan.ics": plan_ics(result, build_time()),
    }
    for name, text in outputs.items():
        files.append(File.generated(config, name, content=text.encode("utf-8")))
    return files
