"""`python -m bench [SECTION ...]`: run benchmark sections and print markdown.

With no SECTION every section runs. Each section is a function returning markdown (a short
description, a table, notes); add one by appending a `Section` to `SECTIONS`.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from bench import glossary, scheduler, site


@dataclass(frozen=True)
class Section:
    name: str  # the command-line name
    title: str  # the markdown heading
    run: Callable[[], str]  # returns the section's markdown


SECTIONS: list[Section] = [
    Section("scheduler", "Scheduler", scheduler.section),
    Section("glossary", "Glossary marking", glossary.section),
    Section("sample", "The sample site: a whole build against plain Material", site.section_sample),
    Section("kb", "A knowledge base of 1,000 and 3,000 articles, full navigation", site.section_kb),
    Section("serve", "Preview after a save (`make serve`), 1,000 articles", site.section_serve),
    Section("search", "Search on the 3,000-article site", site.section_search),
]


def machine() -> str:
    """The machine and interpreter the numbers come from, as markdown."""
    try:
        holidays_version = version("holidays")
    except PackageNotFoundError:  # pragma: no cover
        holidays_version = "not installed"
    return "\n".join(
        [
            f"- Platform: {platform.platform()} ({platform.machine() or 'unknown machine'})",
            f"- CPUs: {os.cpu_count()}",
            f"- Python: {platform.python_implementation()} {platform.python_version()}",
            f"- holidays: {holidays_version}",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    names = [s.name for s in SECTIONS]
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Run benchmark sections and print markdown."
    )
    parser.add_argument(
        "sections", nargs="*", metavar="SECTION", help=f"one of: {', '.join(names)}; default all"
    )
    args = parser.parse_args(argv)
    unknown = [n for n in args.sections if n not in names]
    if unknown:
        parser.error(f"unknown section {', '.join(unknown)}: choose from {', '.join(names)}")
    chosen = [s for s in SECTIONS if not args.sections or s.name in args.sections]
    print("# Benchmarks\n")
    print(machine())
    for section in chosen:
        body = section.run()
        print(f"\n## {section.title}\n")
        print(body, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
