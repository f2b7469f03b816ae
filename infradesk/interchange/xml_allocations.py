"""Resources and allocations of the GanttProject and GNOME Planner readers (issue 18).

Both files list resources once and allocate them to tasks with a percentage (GanttProject's
``load``, Planner's ``units``). The values are read with the same checks: a percentage above
0 and at most 100,000 (a crew of a thousand), a rate that is a finite amount; anything else is
reported under "Resources" with what is used instead, never silently dropped.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from infradesk.interchange import document as d
from infradesk.interchange.problems import Problem
from infradesk.interchange.value_rules import parse_number
from infradesk.interchange.xml_common import TaskDraft, XmlReader

RESOURCES = "Resources"
MAX_PERCENT = 100_000.0
MAX_LEAVE_DAYS = 400  # a longer "vacation" is a data error, not leave
_MAX_MONEY = Decimal("999999999999.99")


def warn(reader: XmlReader, message: str) -> None:
    reader.problems.append(Problem(message, "warning", RESOURCES, None))


def percent_units(reader: XmlReader, raw: str | None, where: str) -> float:
    """A percentage (``75``, ``100.0``) as units (0.75); none given: 1.0 (100%)."""
    if raw is None or not raw.strip():
        return 1.0
    value = parse_number(raw.replace(",", "."))
    if value is None or not math.isfinite(value) or not 0 < value <= MAX_PERCENT:
        warn(reader, f"{where}: '{raw[:30]}' is not a percentage above 0; 100% is used.")
        return 1.0
    return value / 100


def rate(reader: XmlReader, raw: str | None, where: str, hours: float = 1.0) -> Decimal:
    """A rate per ``hours`` (GanttProject's are per day) as an amount per hour."""
    if raw is None or not raw.strip():
        return d.ZERO
    try:
        amount = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or not 0 <= amount <= _MAX_MONEY:
        warn(reader, f"{where}: '{raw[:30]}' is not an amount InfraDesk keeps; 0 is used.")
        return d.ZERO
    return (amount / Decimal(repr(hours))).quantize(Decimal("0.01"))


def leave_days(
    reader: XmlReader, first: date | None, last: date | None, where: str
) -> list[d.ResourceDay]:
    """Every date from ``first`` to ``last`` (both included) as a leave day."""
    if first is None:
        warn(reader, f"{where}: the leave has no readable start date; it is skipped.")
        return []
    last = last or first
    if last < first:
        warn(reader, f"{where}: the leave ends before it starts; it is skipped.")
        return []
    count = (last - first).days + 1
    if count > MAX_LEAVE_DAYS:
        warn(reader, f"{where}: {count} days of leave; only the first {MAX_LEAVE_DAYS} are "
                     "imported.")  # fmt: skip
        count = MAX_LEAVE_DAYS
    return [d.ResourceDay(first + timedelta(days=n), "leave", "Vacation") for n in range(count)]


def assign(task: TaskDraft, name: str, units: float) -> None:
    """Allocate ``name`` to ``task`` (a second allocation of the same resource is skipped)."""
    key = d.resource_key(name)
    if all(d.resource_key(a.resource) != key for a in task.assignments):
        task.assignments.append(d.Assignment(name, units))
