"""An outline's links by outline row, both ways, for what is shown of them: the arrows the
Gantt paints into and out of the visible rows and the Predecessors cell of a row.

Built on first use, one direction at a time, by sorting the link numbers by row (a C-level
sort) and found by bisection: no list per row is made, which on a 100,000-task plan cost a
noticeable part of opening it (issue 22)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence

LinkTuple = tuple[int, int, str, int]  # predecessor id, successor id, type, lag minutes


class RowLinks:
    """The links between rows of one outline (a link to a task not in it is left out)."""

    def __init__(self, links: Sequence[LinkTuple], row_of: Mapping[int, int]) -> None:
        self.links = links
        self.row_of = row_of
        self.count = len(links)
        get = row_of.get
        self._pred_rows = [get(link[0], -1) for link in links]
        self._succ_rows = [get(link[1], -1) for link in links]
        self._into: tuple[list[int], list[int]] | None = None
        self._out_of: tuple[list[int], list[int]] | None = None

    def __eq__(self, other: object) -> bool:
        """The same links between the same rows (two outlines read alike compare equal)."""
        if not isinstance(other, RowLinks):
            return NotImplemented
        return self.links == other.links and self.row_of == other.row_of

    __hash__ = None  # type: ignore[assignment]  # compared by contents

    def describes(self, links: Sequence[LinkTuple], row_of: Mapping[int, int]) -> bool:
        """Whether this was built from these very ``links`` and ``row_of`` (and the links
        were not added to since)."""
        return links is self.links and row_of is self.row_of and len(links) == self.count

    def into(self, row: int) -> list[tuple[int, str, int]]:
        """The links into ``row``: (predecessor row, type, lag), in the links' order."""
        if self._into is None:
            self._into = _by_row(self._succ_rows)
        numbers = _numbers_at(self._into, row)
        preds, links = self._pred_rows, self.links
        return [(preds[k], links[k][2], links[k][3]) for k in numbers if preds[k] >= 0]

    def out_of(self, row: int) -> list[tuple[int, str]]:
        """The links out of ``row``: (successor row, type), in the links' order."""
        if self._out_of is None:
            self._out_of = _by_row(self._pred_rows)
        numbers = _numbers_at(self._out_of, row)
        succs, links = self._succ_rows, self.links
        return [(succs[k], links[k][2]) for k in numbers if succs[k] >= 0]


def _by_row(rows: list[int]) -> tuple[list[int], list[int]]:
    """The link numbers sorted by their row (stable: in the links' order within a row), and
    the rows in that order (what the bisection searches)."""
    order = sorted(range(len(rows)), key=rows.__getitem__)
    return order, [rows[k] for k in order]


def _numbers_at(index: tuple[list[int], list[int]], row: int) -> list[int]:
    order, keys = index
    if row < 0:
        return []
    return order[bisect_left(keys, row) : bisect_right(keys, row)]
