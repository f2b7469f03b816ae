"""A workbook's resources and assignments as the typed document's (issue 18).

Two sources, the richer first:

* MS Project's export wizard's Resource_Table and Assignment_Table sheets
  (:mod:`resource_sheets` reads them): every resource row becomes a pool resource (type, group
  as its team, e-mail, max units, standard rate, cost per use, material label), every matched
  assignment row an assignment at its units;
* else a ``Resource Names`` column in the plan (``Network engineer[50%], Storage crew``), read
  with the Assigned cell's own parser (:mod:`infradesk.interchange.assignment_text`); an
  ``Owner`` column stays an owner (the workspace makes it the task's primary assignee).

A value that cannot be read is reported at its cell (sheet, row, column) and left out: a rate
becomes 0, a cell of resource names gives the task its names without units.
"""

from __future__ import annotations

import dataclasses
import math
import re
from decimal import Decimal, InvalidOperation

from infradesk.interchange import document as d
from infradesk.interchange.assignment_text import AssignmentTextError, parse_assignments
from infradesk.interchange.excel.mapping import ColumnInfo
from infradesk.interchange.excel.resources import ResourceData
from infradesk.interchange.excel.vocabulary import normalise
from infradesk.interchange.problems import Problem

# headers that name the resources of a task (MS Project's Resource Names, in its languages)
_NAMES_WORDS = ("resource", "ressource", "recurso", "assigned")
_KINDS = {
    "work": "work", "arbeit": "work", "travail": "work", "trabajo": "work", "trabalho": "work",
    "material": "material", "matériel": "material", "materiel": "material",
    "cost": "cost", "kosten": "cost", "coût": "cost", "cout": "cost", "costo": "cost",
    "custo": "cost",
}  # fmt: skip
# a rate's time unit -> hours it stands for (MS Project: /min, /h, /d, /w, /mo, /y)
_PER = {
    "min": 1 / 60, "m": 1 / 60, "h": 1, "hr": 1, "hour": 1, "d": 8, "day": 8, "w": 40,
    "wk": 40, "week": 40, "mo": 160, "mon": 160, "month": 160, "y": 2080, "yr": 2080,
    "year": 2080,
}  # fmt: skip
_RATE_RE = re.compile(r"^(?P<number>[^/]*?)\s*(?:/\s*(?P<unit>[a-z]+))?$")
_NOISE = re.compile(r"[\s'_€$£¥]|[A-Z]{3}")
_MAX_MONEY = Decimal("999999999999.99")


def is_names_column(column: ColumnInfo | None) -> bool:
    """Whether the plan's owner column is a Resource Names column (units in brackets)."""
    if column is None:
        return False
    header = normalise(column.header)
    return any(word in header for word in _NAMES_WORDS)


def _amount(text: str) -> Decimal | None:
    """``$1,200.50`` / ``1200.50 EUR`` -> 1200.50; None when it is not an amount."""
    cleaned = _NOISE.sub("", text.strip())
    if cleaned.count(",") == 1 and "." not in cleaned and len(cleaned.split(",")[1]) != 3:
        cleaned = cleaned.replace(",", ".")  # a decimal comma (12,50), not thousands (1,200)
    cleaned = cleaned.replace(",", "")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not amount.is_finite() or not 0 <= amount <= _MAX_MONEY:
        return None
    return amount.quantize(Decimal("0.01"))


def rate_per_hour(text: str) -> Decimal | None:
    """``$80.00/hr``, ``640/d``, ``50`` (per hour) as an amount per hour; None when not one."""
    match = _RATE_RE.match(text.strip().lower())
    if not match:
        return None
    per = _PER.get(match["unit"] or "h")
    amount = _amount(match["number"]) if per is not None else None
    if amount is None or per is None:
        return None
    return (amount / Decimal(repr(per))).quantize(Decimal("0.01"))


def document_resources(data: ResourceData, problems: list[Problem]) -> list[d.Resource]:
    """The resource sheet's rows as pool resources; unreadable values reported at their row."""
    sheet = data.resource_sheet
    found: list[d.Resource] = []
    seen: set[str] = set()
    for row in data.resources:
        key = d.resource_key(row.name)
        if key in seen:
            problems.append(Problem(f"resource '{row.name}' is listed twice; the first row is "
                                    "used", "warning", sheet, row.sheet_row))  # fmt: skip
            continue
        seen.add(key)
        fields = dict(row.fields)

        def given(*headers: str, fields: dict[str, str] = fields) -> str:
            for header, text in fields.items():
                if normalise(header) in headers:
                    return text
            return ""

        kind = _KINDS.get(normalise(row.type), "work") if row.type else "work"
        units = 1.0
        if row.max_units is not None:
            if math.isfinite(row.max_units) and 0 < row.max_units <= 100_000:
                units = row.max_units / 100
            else:
                problems.append(Problem(f"max units '{row.max_units:g}%' of '{row.name}' are "
                                        "not between 0 and 100000%; 100% is used", "warning",
                                        sheet, row.sheet_row))  # fmt: skip
        rate = d.ZERO
        if row.standard_rate:
            read = rate_per_hour(row.standard_rate)
            if read is None:
                problems.append(Problem(f"standard rate '{row.standard_rate}' of '{row.name}' "
                                        "is not an amount per hour, day or week; 0 is used",
                                        "warning", sheet, row.sheet_row))  # fmt: skip
            rate = read or d.ZERO
        per_use = d.ZERO
        per_use_text = given("cost per use", "cost use", "kosten pro einsatz",
                             "coût par utilisation")  # fmt: skip
        if per_use_text:
            read_use = _amount(per_use_text)
            if read_use is None:
                problems.append(Problem(f"cost per use '{per_use_text}' of '{row.name}' is not "
                                        "an amount; 0 is used", "warning", sheet,
                                        row.sheet_row))  # fmt: skip
            per_use = read_use or d.ZERO
        found.append(
            d.Resource(
                name=" ".join(row.name.split())[:200],
                kind=kind,
                email=row.email[:200],
                team=row.group[:200],
                max_units=units if kind == "work" else 1.0,
                rate_per_hour=rate,
                cost_per_use=per_use,
                material_label=given("material label", "material", "materialbeschriftung")[:40]
                if kind == "material"
                else "",
            )
        )
    return found


def with_assignments(
    tasks: list[d.Task],
    data: ResourceData | None,
    names_column: ColumnInfo | None,
    task_sheet: str | None,
    rows: dict[int, int],
    problems: list[Problem],
) -> tuple[list[d.Task], list[d.Resource]]:
    """The tasks with their assignments and the resources the workbook describes."""
    resources = document_resources(data, problems) if data is not None else []
    per_task: dict[int, list[d.Assignment]] = {}
    if data is not None:
        for row in data.assignments:
            if row.task is None or not row.resource:
                continue
            listed = per_task.setdefault(row.task, [])
            if any(d.resource_key(a.resource) == d.resource_key(row.resource) for a in listed):
                continue
            units = 1.0
            if row.units is not None and math.isfinite(row.units) and row.units > 0:
                units = row.units / 100
            elif row.units is not None:
                problems.append(Problem(f"units '{row.units:g}%' of '{row.resource}' are not "
                                        "above 0; 100% is used", "warning",
                                        data.assignment_sheet, row.sheet_row))  # fmt: skip
            listed.append(d.Assignment(row.resource, units))
    if not per_task and is_names_column(names_column):
        assert names_column is not None
        materials = _names_cells(tasks, per_task, names_column, task_sheet, rows, problems)
        known = {d.resource_key(r.name) for r in resources}
        for name, label in materials.items():
            if d.resource_key(name) not in known:
                resources.append(d.Resource(name=name, kind="material", material_label=label))
    if not per_task:
        return tasks, resources
    out = []
    for task in tasks:
        given = per_task.get(task.id)
        if given:
            task = dataclasses.replace(task, assignments=tuple(given))
        out.append(task)
    return out, resources


def _names_cells(
    tasks: list[d.Task],
    per_task: dict[int, list[d.Assignment]],
    column: ColumnInfo,
    sheet: str | None,
    rows: dict[int, int],
    problems: list[Problem],
) -> dict[str, str]:
    """Read each task's Resource Names cell into ``per_task``; returns the materials named
    with a label (``Fibre[200 m]``): name -> label."""
    materials: dict[str, str] = {}
    for task in tasks:
        if not task.owner.strip():
            continue
        try:
            specs = parse_assignments(task.owner)
            long = next((spec.name for spec in specs if len(spec.name) > 200), None)
            if long is not None:
                raise AssignmentTextError(f"'{long[:40]}...' is longer than 200 characters")
        except AssignmentTextError as error:
            problems.append(Problem(f"{error}; the names are kept without units", "warning",
                                    sheet, rows.get(task.id), column.letter))  # fmt: skip
            continue
        listed = per_task.setdefault(task.id, [])
        for spec in specs:
            if spec.label:
                materials.setdefault(spec.name, spec.label)
                listed.append(d.Assignment(spec.name, spec.quantity()))
            else:
                listed.append(d.Assignment(spec.name, spec.work_units()))
    return materials
