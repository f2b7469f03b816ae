"""The bench table of issue 22: one row per step, one column per plan size, the target at
100,000 tasks and whether it is met; each row printed as soon as it is measured."""

from __future__ import annotations

import statistics
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TextIO

TARGET_SIZE = 100_000
# seconds of the process's CPU instead of the wall clock (--clock cpu): on a machine shared
# with other work the wall clock measures the neighbours too
_CLOCK = {"cpu": False}


@dataclass
class Cell:
    """One measurement: what is shown, and whether it meets the row's target (None: the
    row has no target of its own, or it cannot be judged)."""

    text: str
    met: bool | None = None


@dataclass
class Row:
    """A step of the table. ``measure(size)`` returns the cell of one plan size;
    ``once``: the step does not depend on the plan (measured once, shown in the last
    column)."""

    key: str
    label: str
    target: str
    measure: Callable[[int], Cell]
    once: bool = False


def seconds_text(seconds: float) -> str:
    """``14.2 ms`` below a second, ``2.84 s`` above."""
    if seconds < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def median_text(times: Sequence[float]) -> str:
    return seconds_text(statistics.median(times))


def size_text(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def use_cpu_clock(cpu: bool) -> None:
    _CLOCK["cpu"] = cpu


def cpu_clock() -> bool:
    return _CLOCK["cpu"]


def now() -> float:
    """The bench's clock: wall seconds, or CPU seconds of this process (every thread)."""
    return time.process_time() if _CLOCK["cpu"] else time.perf_counter()


def timed(action: Callable[[], object]) -> float:
    started = now()
    action()
    return now() - started


def repeat_within(measure: Callable[[], float], repeat: int, budget_s: float = 30.0) -> list[float]:
    """Up to ``repeat`` results of ``measure`` (each its own seconds), but none after the
    first once ``budget_s`` have been measured: a whole-process import of 100,000 tasks takes
    ~17 s, and the whole table must stay within minutes."""
    times = [measure()]
    while len(times) < repeat and sum(times) < budget_s:
        times.append(measure())
    return times


class Table:
    """Prints the header at once and each row when all its sizes are measured; a step that
    fails shows its error in its cell (and a traceback on stderr) instead of ending the run."""

    def __init__(self, sizes: Sequence[int], out: TextIO | None = None) -> None:
        self.sizes = list(sizes)
        self.out = out or sys.stdout
        self.verdicts: dict[str, bool | None] = {}
        self.widths = [46, *([30] * len(self.sizes)), 22, 12]

    def _line(self, cells: Sequence[str]) -> None:
        padded = [cell.ljust(width) for cell, width in zip(cells, self.widths, strict=True)]
        print("| " + " | ".join(padded) + " |", file=self.out, flush=True)

    def header(self) -> None:
        target = f"target at {size_text(TARGET_SIZE)}"
        self._line(["step", *(size_text(s) for s in self.sizes), target, "met"])
        self._line(["-" * w for w in self.widths])

    def run(self, row: Row) -> None:
        cells: list[Cell | None] = []
        judged_size = None
        for index, size in enumerate(self.sizes):
            if row.once and index < len(self.sizes) - 1:
                cells.append(None)
                continue
            started = time.perf_counter()
            try:
                cell = row.measure(size)
            except Exception as error:  # a broken step must not end the whole run
                traceback.print_exc(file=sys.stderr)
                cell = Cell(f"error: {type(error).__name__}: {error}"[:60])
            print(
                f"  [{row.key} at {size_text(size)}: {cell.text} "
                f"({time.perf_counter() - started:.0f} s)]",
                file=sys.stderr,
                flush=True,
            )
            cells.append(cell)
            judged_size = size
        last = cells[-1]
        verdict = None if last is None else last.met
        self.verdicts[row.key] = verdict
        met = "—" if verdict is None else ("met" if verdict else "not met")
        if verdict is not None and judged_size != TARGET_SIZE and not row.once:
            met += f" ({size_text(judged_size or 0)})"
        self._line([row.label, *("·" if c is None else c.text for c in cells), row.target, met])
