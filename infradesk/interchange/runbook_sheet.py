"""Read a cutover checklist (.xlsx and the other workbooks calamine reads, or .csv) into a
runbook of the interchange document (issue 19).

The header row is found among the first rows by its column names (synonyms below, case and
punctuation ignored); the sheet is the first one with such a row (a workbook this app wrote
puts it in "Runbook"). Each row below it with an ID is a step; a row with only a text in the
Step column is a section heading whose text is the stream of the steps under it that name no
stream. Times, durations and predecessors are read by :mod:`runbook_times`. Every cell that
cannot be read is a :class:`Problem` at its sheet, row and column, and the rest of the sheet is
still read (a bad time leaves the step without a fixed time, a bad duration makes it 0, an
unknown predecessor is dropped). A rollback step with no "Rollback of" column belongs to the
last gate above it.

Files are hostile: workbooks go through the checks of :mod:`excel.source` (container,
XML, size and sheet extent guards) before calamine reads them; CSV through
:mod:`csv_reader`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from pathlib import Path

from infradesk.interchange import runbook_document as rb
from infradesk.interchange.excel.source import Cell, SheetData, column_letter, read_values
from infradesk.interchange.problems import Problem, UnreadableFileError
from infradesk.interchange.runbook_check import MAX_CODE
from infradesk.interchange.runbook_times import (
    TimeTextError,
    number_code,
    read_minutes,
    read_predecessors,
    read_time,
)
from infradesk.interchange.runbook_zones import UnknownZone, is_zone, localize

HEADER_ROWS = 30  # the header row is looked for among the first rows

# field -> the header names that mean it (normalised: lower case, letters and digits)
SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("id", "#", "no", "nr", "step no", "step nr", "step number", "step id", "step #",
             "ref", "seq", "item", "number"),
    "title": ("step", "task", "activity", "description", "action", "step description",
              "task name", "title", "what"),
    "stream": ("stream", "workstream", "work stream", "team", "track", "area"),
    "duration": ("duration", "duration min", "duration mins", "duration minutes", "mins",
                 "minutes", "min", "dur", "duration m", "est duration", "elapsed"),
    "predecessors": ("predecessors", "predecessor", "depends on", "dependencies",
                     "dependency", "after", "prereq", "prerequisites"),
    "owner": ("owner", "responsible", "assignee", "assigned to", "who", "resource", "lead"),
    "backup": ("backup", "backup owner", "deputy", "secondary", "backup resource"),
    "fixed": ("fixed time", "fixed start", "fixed"),
    "start": ("start", "time", "planned start", "start time", "when", "scheduled",
              "scheduled start", "planned time", "clock"),
    "zone": ("zone", "time zone", "timezone", "tz"),
    "kind": ("kind", "type", "step type", "category"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
    "command": ("command", "check", "command check", "command or check", "script"),
    "decision_maker": ("decision maker", "decided by", "approver"),
    "criteria": ("criteria", "go no go criteria", "gate criteria"),
    "audience": ("audience", "to", "recipients"),
    "message": ("message",),
    "rollback_of": ("rollback of", "rollback for", "rollback gate"),
    "point_of_no_return": ("point of no return", "ponr", "no return"),
}
_BY_NAME = {name: key for key, names in SYNONYMS.items() for name in names}

# what people write in a Kind column
KIND_WORDS: dict[str, rb.StepKind] = {
    "task": "task", "step": "task", "action": "task", "activity": "task", "": "task",
    "gate": "gate", "go no go": "gate", "gonogo": "gate", "decision": "gate",
    "checkpoint": "gate", "go nogo": "gate",
    "validation": "validation", "check": "validation", "test": "validation",
    "verify": "validation", "verification": "validation", "validate": "validation",
    "communication": "communication", "comms": "communication", "comm": "communication",
    "notify": "communication", "notification": "communication", "announce": "communication",
    "rollback": "rollback", "roll back": "rollback", "backout": "rollback",
    "back out": "rollback", "fallback": "rollback", "revert": "rollback",
}  # fmt: skip
_YES = {"yes", "y", "x", "true", "1", "ponr"}


@dataclass
class RunbookSheetResult:
    """The runbook read from a sheet and what could not be read in it."""

    runbook: rb.Runbook
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def normalised(header: object) -> str:
    text = str(header).strip().lower()
    if text in ("#", "no.", "nº"):
        return "#" if text == "#" else "no"
    return " ".join(re.sub(r"[^a-z0-9#]+", " ", text).split())


def read_runbook_sheet(
    path: Path,
    *,
    name: str,
    time_zone: str = "UTC",
    window_start: datetime | None = None,
    sheet: str | None = None,
) -> RunbookSheetResult:
    """The runbook of the checklist at ``path`` (see the module).

    ``time_zone``: the runbook's zone (times without one are in it); ``window_start``: the
    window's start (aware, or naive in ``time_zone``), which bare times and ``T+45`` offsets
    count from; when None, the earliest full date-time of the Start column is taken and said
    in a note. ``sheet``: the sheet to read (default: the first with a runbook header).
    Raises :class:`UnreadableFileError` for a file that is not a readable sheet at all.
    """
    try:
        localize(datetime(2000, 1, 1), time_zone)
    except UnknownZone as error:
        raise UnreadableFileError(str(error)) from None
    if window_start is not None and window_start.tzinfo is None:
        window_start = localize(window_start, time_zone)
    sheets = _sheets(path, sheet)
    for data in sheets:
        found = _header(data.rows)
        if found is not None:
            row, columns = found
            return _Reader(data, row, columns, name, time_zone, window_start).read()
    wanted = "a header row with at least an ID or Step column and a Duration or Owner column"
    raise UnreadableFileError(f"{path.name}: no sheet has {wanted}")


def _sheets(path: Path, only: str | None) -> list[SheetData]:
    if path.suffix.lower() in (".csv", ".txt", ".tsv"):
        from infradesk.interchange.csv_reader import read_csv_data  # lazy: the Excel analysis

        return read_csv_data(path).sheets
    workbook = read_values(path, only_sheet=only)
    runbook_first = sorted(workbook.sheets, key=lambda s: (s.name.lower() != "runbook",))
    return [s for s in runbook_first if s.visible] or runbook_first


def _header(rows: Sequence[Sequence[Cell]]) -> tuple[int, dict[str, int]] | None:
    """(row index, field -> column index) of the best header row, or None."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns: dict[str, int] = {}
        for number, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            key = _BY_NAME.get(normalised(cell))
            if key is not None and key not in columns:
                columns[key] = number
        if "fixed" in columns:  # "Planned start" beside "Fixed time" is a computed column
            columns.pop("start", None)
        elif "start" in columns:
            columns["fixed"] = columns.pop("start")
        useful = ("code" in columns or "title" in columns) and len(columns) >= 2
        if useful and (best is None or len(columns) > len(best[1])):
            best = (index, columns)
    return best


class _Reader:
    def __init__(
        self,
        data: SheetData,
        header: int,
        columns: dict[str, int],
        name: str,
        zone_name: str,
        window_start: datetime | None,
    ) -> None:
        self.data = data
        self.header = header
        self.columns = columns
        self.name = name
        self.zone_name = zone_name
        self.window_start = window_start
        self.problems: list[Problem] = []
        self.notes: list[str] = []

    # ------------------------------------------------------------ cells

    def cell(self, row: Sequence[Cell], key: str) -> Cell:
        column = self.columns.get(key)
        if column is None or column >= len(row):
            return None
        value = row[column]
        return value.strip() if isinstance(value, str) else value

    def text(self, row: Sequence[Cell], key: str) -> str:
        value = self.cell(row, key)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def problem(self, index: int, key: str, message: str, severity: str = "error") -> None:
        column = self.columns.get(key)
        self.problems.append(
            Problem(
                message,
                "warning" if severity == "warning" else "error",
                self.data.name,
                index + 1,
                column_letter(column) if column is not None else None,
            )
        )

    # ------------------------------------------------------------ the sheet

    def read(self) -> RunbookSheetResult:
        rows = list(enumerate(self.data.rows))[self.header + 1 :]
        if self.window_start is None:
            self.window_start = self._earliest(rows)
        steps: list[tuple[int, rb.RunbookStep]] = []
        codes: set[str] = set()
        heading = ""
        for index, row in rows:
            if all(cell is None or cell == "" for cell in row):
                continue
            code = self._code(row)
            title = self.text(row, "title")
            if not code:
                if title and self._only_title(row):
                    heading = title  # a section heading: the stream of the steps below it
                    continue
                self.problem(index, "code", "this step has no ID; the row is left out")
                continue
            if code in codes:
                self.problem(index, "code", f"a second step '{code}'; the row is left out")
                continue
            if len(code) > MAX_CODE:
                self.problem(index, "code", f"'{code[:30]}' is longer than {MAX_CODE} characters")
                continue
            codes.add(code)
            steps.append((index, self._step(index, row, code, title, heading)))
        ordered = self._links(steps, codes)
        runbook = rb.Runbook(
            name=self.name,
            time_zone=self.zone_name,
            window_start=self.window_start,
            steps=tuple(ordered),
        )
        return RunbookSheetResult(runbook, self.problems, self.notes)

    def _code(self, row: Sequence[Cell]) -> str:
        value = self.cell(row, "code")
        if isinstance(value, int | float) and not isinstance(value, bool):
            return number_code(value)
        return "" if value is None else str(value).strip()

    def _only_title(self, row: Sequence[Cell]) -> bool:
        title = self.columns.get("title")
        return all(
            cell is None or cell == "" or number == title for number, cell in enumerate(row)
        )

    def _earliest(self, rows: list[tuple[int, list[Cell]]]) -> datetime | None:
        """The earliest full date-time of the Start column (the window start when none is
        given), read without placing the other times."""
        found: list[datetime] = []
        for _index, row in rows:
            value = self.cell(row, "fixed")
            if value is None or (isinstance(value, str) and not re.search(r"\d{4}", value)):
                continue
            if isinstance(value, time):
                continue
            try:
                placed = read_time(value, self.zone_name, None, self._zone(row, -1))
            except TimeTextError:
                continue
            if placed is not None:
                found.append(placed.instant)
        if not found:
            return None
        earliest = min(found, key=lambda value: value.timestamp())
        self.notes.append(
            f"The window start is not given: the earliest time of the sheet is taken "
            f"({earliest:%Y-%m-%d %H:%M %Z})."
        )
        return earliest

    def _zone(self, row: Sequence[Cell], index: int) -> str:
        text = self.text(row, "zone")
        if text and not is_zone(text):
            if index >= 0:
                self.problem(index, "zone", f"'{text}' is not a time zone; the runbook's is used")
            return ""
        return text

    def _step(
        self, index: int, row: Sequence[Cell], code: str, title: str, heading: str
    ) -> rb.RunbookStep:
        kind_text = normalised(self.text(row, "kind"))
        kind = KIND_WORDS.get(kind_text)
        if kind is None:
            self.problem(index, "kind", f"'{self.text(row, 'kind')}' is not a step kind "
                         "(task, gate, validation, communication, rollback); read as a task")
            kind = "task"  # fmt: skip
        duration = 0
        try:
            value = self.cell(row, "duration")
            duration = read_minutes(value) if value not in (None, "") else 0
        except TimeTextError as error:
            self.problem(index, "duration", str(error))
        zone_text = self._zone(row, index)
        fixed, fixed_zone = None, ""
        try:
            placed = read_time(self.cell(row, "fixed"), self.zone_name, self.window_start,
                               zone_text)  # fmt: skip
        except TimeTextError as error:
            self.problem(index, "fixed", str(error))
        else:
            if placed is not None:
                fixed, fixed_zone = placed.wall, placed.zone_text
        criteria = tuple(
            line.strip() for line in self.text(row, "criteria").splitlines() if line.strip()
        )
        return rb.RunbookStep(
            code=code,
            title=title,
            kind=kind,
            stream=self.text(row, "stream") or heading,
            owner=" ".join(self.text(row, "owner").split()),
            backup_owner=" ".join(self.text(row, "backup").split()),
            duration_minutes=duration,
            fixed_time=fixed,
            fixed_time_zone=fixed_zone,
            notes=self.text(row, "notes"),
            command=self.text(row, "command"),
            decision_maker=self.text(row, "decision_maker"),
            criteria=criteria,
            audience=self.text(row, "audience"),
            message=self.text(row, "message"),
            rollback_of=self._code_of(row, "rollback_of"),
            point_of_no_return=normalised(self.text(row, "point_of_no_return")) in _YES,
        )

    def _code_of(self, row: Sequence[Cell], key: str) -> str:
        value = self.cell(row, key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return number_code(value)
        return "" if value is None else str(value).strip()

    def _links(
        self, steps: list[tuple[int, rb.RunbookStep]], codes: set[str]
    ) -> list[rb.RunbookStep]:
        """The predecessors (known codes only) and the rollback steps' gates."""
        kinds = {step.code: step.kind for _index, step in steps}
        done: list[rb.RunbookStep] = []
        gate = ""
        for index, step in steps:
            row = self.data.rows[index]
            links: list[rb.RunbookLink] = []
            try:
                read = read_predecessors(self.cell(row, "predecessors"))
            except TimeTextError as error:
                self.problem(index, "predecessors", str(error))
                read = ()
            for link in read:
                if link.step not in codes:
                    self.problem(index, "predecessors", f"there is no step '{link.step}'")
                elif link.step == step.code:
                    self.problem(index, "predecessors", f"step '{step.code}' cannot precede "
                                 "itself")  # fmt: skip
                elif any(known.step == link.step for known in links):
                    self.problem(index, "predecessors", f"'{link.step}' is listed twice",
                                 "warning")  # fmt: skip
                else:
                    links.append(link)
            step = replace(step, predecessors=tuple(links))
            step = self._rollback(index, step, kinds, gate)
            if step.kind == "gate":
                gate = step.code
            done.append(step)
        return done

    def _rollback(
        self, index: int, step: rb.RunbookStep, kinds: Mapping[str, str], gate: str
    ) -> rb.RunbookStep:
        if step.rollback_of:
            if kinds.get(step.rollback_of) != "gate":
                self.problem(index, "rollback_of", f"step '{step.rollback_of}' is not a gate")
                return replace(step, rollback_of="", kind="task" if step.kind == "rollback"
                               else step.kind)  # fmt: skip
            if step.kind != "rollback":
                self.problem(index, "rollback_of", "only a rollback step belongs to a gate's "
                             "rollback path; left out", "warning")  # fmt: skip
                return replace(step, rollback_of="")
            return step
        if step.kind == "rollback":
            if not gate:
                self.problem(index, "kind", "a rollback step follows a gate; there is none "
                             "above it, read as a task")  # fmt: skip
                return replace(step, kind="task")
            return replace(step, rollback_of=gate)
        return step
