"""Helpers shared by the benchmark sections: timing, memory, markdown tables."""

from __future__ import annotations

import gc
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence

PASS = "PASS"
FAIL = "FAIL"


def best_of(
    runs: int, action: Callable[[], object], setup: Callable[[], None] | None = None
) -> float:
    """The fastest of `runs` timings of `action()` in seconds (`setup()` runs untimed)."""
    best = float("inf")
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def peak_memory(action: Callable[[], object]) -> int:
    """Peak bytes allocated (tracemalloc) while `action()` runs, beyond what was live."""
    gc.collect()
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        action()
        return tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def table(header: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """A markdown table; `right[i]` aligns column i to the right (numbers)."""
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(w) if r else cell.ljust(w)
            for cell, w, r in zip(cells, widths, right, strict=True)
        )
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + ":" if r else "-" * (w + 2) for w, r in zip(widths, right, strict=True)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *(line(row) for row in rows)])


def progress(message: str) -> None:
    """A progress note on stderr, so stdout stays clean markdown."""
    print(message, file=sys.stderr, flush=True)
