"""A task sheet's predecessor columns, resolved to the document's task ids.

MS Project writes two of them and they name different numbers (issue 16, point 1):
"Predecessors" names the task **ID**, which is the task's position in the plan (its ID column
when the sheet has one, else the row's position among the tasks); "Unique ID Predecessors"
names the **Unique ID** column. "Predecessors" is never resolved against a Unique ID column:
on a real plan that linked most tasks to the wrong one and made false loops. When a sheet has
both, the Unique ID column is used, each row's two readings are compared and a disagreement is
reported where it is. A lag in % of the predecessor's duration (``5SS+50%``) becomes working
minutes of that predecessor's duration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from infradesk.interchange import document as d
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.source import Cell
from infradesk.interchange.excel.values import LinkRef, read_predecessors, read_text
from infradesk.schedule.durations import format_duration

_LINK_TYPES: dict[str, d.LinkType] = {kind: kind for kind in d.LINK_TYPES}

Report = Callable[..., None]  # (message, sheet row, field key[, severity])


class LinkRow(Protocol):
    sheet_row: int
    cells: dict[str, Cell]
    task: dict[str, Any]


@dataclass
class _Targets:
    """How one column's references find their task."""

    by_ref: dict[str, int]  # the referenced column's text -> task id
    by_wbs: dict[str, int]  # WBS codes, when the referenced number is none of those


@dataclass
class _Percent:
    """Lags given in % of the predecessor's duration: the durations (read once, when the
    first such lag is met) and what the note says."""

    rows: Sequence[LinkRow]
    minutes_per_day: int
    count: int = 0
    example: str = ""
    durations: dict[int, int] | None = None

    def of(self, task_id: int) -> int:
        if self.durations is None:
            self.durations = {
                row.task["id"]: _working_minutes(row.task, self.minutes_per_day)
                for row in self.rows
            }
        return self.durations.get(task_id, 0)


def read_links(
    rows: Sequence[LinkRow],
    columns: Mapping[str, ColumnInfo],
    problem: Report,
    notes: list[str],
    sheet_name: str,
    minutes_per_day: int,
) -> None:
    """Set each row's ``task["predecessors"]`` from the sheet's predecessor columns."""
    has_plain = "predecessors" in columns
    has_unique = "unique_predecessors" in columns and any(
        row.cells["unique_predecessors"] not in ("", None) for row in rows
    )  # an empty Unique ID Predecessors column says nothing against the Predecessors
    if not has_plain and not has_unique:
        return
    by_wbs = {row.task["wbs"]: row.task["id"] for row in rows if row.task.get("wbs")}
    percent = _Percent(rows, minutes_per_day)
    unique_targets: _Targets | None = None
    if has_unique:
        if "external_ref" in columns:
            uids = {row.task["external_ref"]: row.task["id"] for row in rows}
            uids.pop("", None)
            unique_targets = _Targets(uids, {})
        else:
            column = columns["unique_predecessors"]
            problem(
                f"'{column.header}' names Unique IDs but the sheet has no Unique ID column; "
                + ("the Predecessors column is used" if has_plain else "no link is read"),
                None,
                "unique_predecessors",
                "warning" if has_plain else "error",
            )
    plain_targets = _plain_targets(rows, columns, by_wbs) if has_plain else None
    disagreements = 0
    names: dict[int, str] | None = None  # for the messages, read at the first disagreement
    for row in rows:
        plain = None
        if plain_targets is not None:
            plain = _resolve_cell(
                row,
                "predecessors",
                plain_targets,
                problem,
                percent,
                minutes_per_day,
                report=unique_targets is None,
            )
        if unique_targets is None:
            row.task["predecessors"] = plain or []
            continue
        unique = _resolve_cell(row, "unique_predecessors", unique_targets, problem, percent,
                               minutes_per_day, report=True)  # fmt: skip
        row.task["predecessors"] = unique
        if plain is not None and set(plain) != set(unique):
            disagreements += 1
            if names is None:
                names = {other.task["id"]: other.task["name"] for other in rows}
            problem(
                f"Predecessors says {_describe(plain, names)} but Unique ID Predecessors says "
                f"{_describe(unique, names)}; the Unique ID Predecessors are used",
                row.sheet_row,
                "predecessors",
                "warning",
            )
    if unique_targets is not None:
        letter = columns["unique_predecessors"].letter
        agreement = ""
        if has_plain:
            agreement = (
                f"; the Predecessors column disagrees on {disagreements} row(s)"
                if disagreements
                else "; the Predecessors column agrees on every row"
            )
        notes.append(
            f"{sheet_name}: links read from the Unique ID Predecessors column ({letter}), "
            f"which names the Unique ID column{agreement}"
        )
    elif plain_targets is not None:
        how = (
            f"the ID column ({columns['id'].letter})"
            if "id" in columns
            else "the task's position in the plan (MS Project's ID)"
        )
        notes.append(f"{sheet_name}: predecessor numbers name {how}")
    if percent.count:
        notes.append(
            f"{sheet_name}: {percent.count} link lag(s) in % of the predecessor's duration "
            f"converted to working time (e.g. {percent.example})"
        )


def _working_minutes(task: dict[str, Any], minutes_per_day: int) -> int:
    """A predecessor's duration in working minutes, the unit of a link's lag. An elapsed one
    (wall-clock minutes) counts its 24-hour days as working days: a % lag of an elapsed task
    has no exact working-time equivalent, and a day for a day is what a planner reads."""
    minutes = int(task.get("duration_minutes") or 0)
    return round(minutes * minutes_per_day / 1440) if task.get("elapsed") else minutes


def _plain_targets(
    rows: Sequence[LinkRow], columns: Mapping[str, ColumnInfo], by_wbs: dict[str, int]
) -> _Targets:
    """The Predecessors column names the ID column, else the position among the tasks."""
    if "id" in columns:
        by_ref: dict[str, int] = {}
        for row in rows:
            by_ref.setdefault(read_text(row.cells["id"]), row.task["id"])
        return _Targets(by_ref, by_wbs)
    ordinal = {str(n): row.task["id"] for n, row in enumerate(rows, start=1)}
    return _Targets(ordinal, by_wbs)


def _resolve_cell(
    row: LinkRow,
    key: str,
    targets: _Targets,
    problem: Report,
    percent: _Percent,
    minutes_per_day: int,
    *,
    report: bool,
) -> list[d.Link]:
    """The links of one cell; problems are reported only for the column that is used."""
    links, messages = read_predecessors(row.cells[key], minutes_per_day)
    if report:
        for message in messages:
            problem(message, row.sheet_row, key)
    resolved: list[d.Link] = []
    seen: set[int] = set()
    own = row.task["id"]
    for link in links:
        target = _target(link, targets)
        if target is None:
            if report:
                what = "Unique ID" if key == "unique_predecessors" else "task ID or WBS"
                problem(f"predecessor '{link.ref}' does not match any {what} in this sheet",
                        row.sheet_row, key)  # fmt: skip
            continue
        if target == own:
            if report:
                problem(f"task is its own predecessor ('{link.ref}')", row.sheet_row, key)
            continue
        if target in seen:
            continue
        seen.add(target)
        lag = link.lag_minutes
        if link.lag_percent is not None:
            lag = round(percent.of(target) * link.lag_percent / 100)
            if report:
                percent.count += 1
                if not percent.example:
                    shown = format_duration(abs(lag), minutes_per_day)
                    percent.example = (
                        f"row {row.sheet_row}: {link.ref}{link.type}{link.lag_text} = "
                        f"{'-' if lag < 0 else '+'}{shown}"
                    )
        resolved.append(d.Link(target, _LINK_TYPES.get(link.type, "FS"), lag))
    return resolved


def _target(link: LinkRef, targets: _Targets) -> int | None:
    ref = link.ref
    if ref in targets.by_ref:
        return targets.by_ref[ref]
    return targets.by_wbs.get(ref)


def _describe(links: list[d.Link], names: dict[int, str]) -> str:
    if not links:
        return "none"
    return ", ".join(f"'{names.get(link.task, link.task)}'" for link in links)
