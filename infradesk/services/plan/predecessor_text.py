"""The Predecessors cell: ``3FS+2d; 5SS`` (row numbers or WBS codes) read into link specs."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import overload

from infradesk.schedule.durations import DurationError, parse_duration
from infradesk.schedule.engine import LINK_TYPES
from infradesk.services.plan.errors import TaskEditError

_PRED_RE = re.compile(
    r"^\s*(\d+(?:\.\d+)*)\s*(FS|SS|FF|SF)?\s*(?:([+-])\s*(.+?))?\s*$", re.IGNORECASE
)

LinkSpec = tuple[int, str, int]  # predecessor id, type, lag minutes


def checked_links(links: Sequence[LinkSpec]) -> list[LinkSpec]:
    """``links`` as a list, once every link type is known (FS, SS, FF or SF)."""
    for _pred, kind, _lag in links:
        if kind not in LINK_TYPES:
            raise TaskEditError(f"Unknown link type '{kind}' (use FS, SS, FF or SF).")
    return list(links)


def parse_predecessors(
    text: str,
    row_ids: Sequence[int],
    wbs_codes: Sequence[str] = (),
    minutes_per_day: int = 480,
    task_id: int | None = None,
) -> list[LinkSpec]:
    """Read ``3FS+2d; 5SS`` (row numbers, or WBS codes like ``1.2``) into link specs.

    Raises :class:`TaskEditError` naming the part that cannot be read.
    """
    by_wbs = {code: row_ids[i] for i, code in enumerate(wbs_codes)}
    specs: list[LinkSpec] = []
    seen: set[int] = set()
    for part in filter(None, (p.strip() for p in re.split(r"[;,]", text or ""))):
        match = _PRED_RE.match(part)
        if not match:
            raise TaskEditError(
                f"'{part}' is not a predecessor: write the row number, a link type and a lag, "
                "like 3FS+2d or 5SS"
            )
        ref, kind, sign, lag_text = match.groups()
        if "." in ref:
            pred = by_wbs.get(ref)
            if pred is None:
                raise TaskEditError(f"'{part}': there is no task with WBS {ref}")
        else:
            number = int(ref)
            if not 1 <= number <= len(row_ids):
                raise TaskEditError(f"'{part}': there is no row {number}")
            pred = row_ids[number - 1]
        if pred == task_id:
            raise TaskEditError(f"'{part}': a task cannot depend on itself")
        if pred in seen:
            raise TaskEditError(f"'{part}': that predecessor is listed twice")
        seen.add(pred)
        specs.append(link_spec(part, pred, kind, sign, lag_text, minutes_per_day))
    return specs


def link_spec(
    part: str,
    pred: int,
    kind: str | None,
    sign: str | None,
    lag_text: str | None,
    minutes_per_day: int,
) -> LinkSpec:
    """The link spec of one read part (type FS when not written; the lag in working minutes,
    negative after ``-``); :class:`TaskEditError` names the part whose lag cannot be read."""
    lag = 0
    if lag_text:
        try:
            lag = parse_duration(lag_text, minutes_per_day, allow_negative=True)
        except DurationError as error:
            raise TaskEditError(f"'{part}': {error}") from error
        if sign == "-":
            lag = -lag
    return (pred, (kind or "FS").upper(), lag)


class PredecessorTexts(Sequence[str]):
    """The Predecessors cell of every row of an outline (``3FS+2d; Wave 1!5SS``), each made
    when first asked for: the table shows a few dozen rows of a plan of 100,000.

    ``cell(row)`` makes one row's text; ``count`` is the number of rows. Equal to any
    sequence of the same texts (a list made at once reads the same)."""

    def __init__(self, cell: Callable[[int], str], count: int) -> None:
        self._cell = cell
        self._count = count
        self._made: dict[int, str] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("row out of range")
        text = self._made.get(index)
        if text is None:
            text = self._made[index] = self._cell(index)
        return text

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # compared by contents, as a list
