"""Publish the schedule next to the pages: `schedule.json` (and, later, CSV and iCalendar).

The files are generated from the plan computed once per build (`macros.site.result_for`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def on_post_build(config: MkDocsConfig) -> None:
    from macros.site import result_for
    from macros.timeline import document

    site = Path(config.site_dir)
    text = json.dumps(document(result_for(config)), indent=2, ensure_ascii=False) + "\n"
    (site / "schedule.json").write_text(text, encoding="utf-8")
