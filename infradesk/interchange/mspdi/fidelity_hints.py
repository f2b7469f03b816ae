"""What an MSPDI file shows that moves its dates away from InfraDesk's, per task.

InfraDesk schedules every task on the project calendar, continuously, with durations and
lags in working minutes. MS Project may place a task by a resource's calendar (a night shift),
the task's own calendar, a split, a manual start or elapsed time; where the file says so the
comparison of dates (``interchange/fidelity.py``) names that cause instead of guessing one.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from infradesk.interchange.fidelity import ReasonKind
from infradesk.interchange.mspdi.context import MspdiContext, RawTask
from infradesk.interchange.mspdi.units import (
    ELAPSED_FORMATS,
    ELAPSED_PERCENT_FORMATS,
    PERCENT_FORMATS,
)
from infradesk.interchange.xml_common import to_int
from infradesk.interchange.xml_safety import text

Hints = dict[int, tuple[ReasonKind, str]]
_OTHER_LAG_UNITS = ELAPSED_FORMATS | ELAPSED_PERCENT_FORMATS | PERCENT_FORMATS


def date_hints(ctx: MspdiContext, raw: list[RawTask]) -> Hints:
    """Document task id -> (kind, reason) for the tasks whose dates the file computed with
    something InfraDesk does not model."""
    calendars = {to_int(text(c, "UID"), -1): c for c in ctx.root.findall("Calendars/Calendar")}
    project_uid = to_int(text(ctx.root, "CalendarUID"), -1)
    own = {uid for uid, calendar in calendars.items() if differs(calendar, project_uid)}
    names = {uid: text(c, "Name") or f"calendar {uid}" for uid, c in calendars.items()}
    resources = _resources_on_own_calendars(ctx, own, names)
    assigned: dict[int, list[str]] = {}
    for assignment in ctx.root.findall("Assignments/Assignment"):
        resource = resources.get(to_int(text(assignment, "ResourceUID"), -1))
        if resource is not None:
            assigned.setdefault(to_int(text(assignment, "TaskUID"), -1), []).append(resource)
    hints: Hints = {}
    for task in raw:
        texts = task.texts
        task_id = task.doc.id
        calendar = to_int(texts.get("CalendarUID") or None, -1)
        ignores_resources = texts.get("IgnoreResourceCalendar") == "1"
        if calendar in own:
            hints[task_id] = (
                "task calendar",
                f"MS Project schedules it on its own calendar '{names[calendar]}'; InfraDesk "
                "on the project calendar",
            )
        elif task.uid in assigned and not ignores_resources:
            who = ", ".join(assigned[task.uid])
            hints[task_id] = (
                "resource calendar",
                f"MS Project schedules it by the calendar of {who}; InfraDesk on the project "
                "calendar",
            )
        elif texts.get("Manual") == "1":
            hints[task_id] = (
                "manual",
                "manually scheduled in MS Project: the file's dates are typed, not computed",
            )
        elif _split(texts):
            hints[task_id] = ("split", "split in MS Project; InfraDesk keeps one continuous bar")
        elif to_int(texts.get("DurationFormat") or None, 7) in (
            ELAPSED_FORMATS | ELAPSED_PERCENT_FORMATS
        ):
            hints[task_id] = (
                "elapsed",
                "its duration is elapsed (wall-clock) time in MS Project",
            )
        elif any(link.lag_raw and link.lag_format in _OTHER_LAG_UNITS for link in task.links):
            hints[task_id] = (
                "lag units",
                "a link's lag is in elapsed time or a percentage in MS Project",
            )
    return hints


def _split(texts: dict[str, str]) -> bool:
    stop, resume = texts.get("Stop", ""), texts.get("Resume", "")
    return bool(stop and resume and resume > stop)


def differs(calendar: Element, project_uid: int) -> bool:
    """Whether a calendar schedules differently from the project calendar: another base
    calendar, or one derived from it that changes days or adds exceptions."""
    uid = to_int(text(calendar, "UID"), -1)
    if uid == project_uid:
        return False
    if to_int(text(calendar, "BaseCalendarUID"), -1) != project_uid:
        return True
    for part in ("WeekDays", "Exceptions", "WorkWeeks"):
        element = calendar.find(part)
        if element is not None and len(element):
            return True
    return False


def _resources_on_own_calendars(
    ctx: MspdiContext, own: set[int], names: dict[int, str]
) -> dict[int, str]:
    """Resource UID -> ``'Night Shift' of Second Resource`` for resources whose calendar
    differs from the project calendar."""
    found = {}
    for resource in ctx.root.findall("Resources/Resource"):
        calendar = to_int(text(resource, "CalendarUID"), -1)
        if calendar not in own:
            continue
        name = text(resource, "Name") or f"resource {text(resource, 'UID')}"
        base = to_int(text(_calendar(ctx, calendar), "BaseCalendarUID"), -1)
        shown = names.get(base) if base in names else names.get(calendar)
        found[to_int(text(resource, "UID"), -1)] = f"'{name}' ({shown})"
    return found


def _calendar(ctx: MspdiContext, uid: int) -> Element:
    for calendar in ctx.root.findall("Calendars/Calendar"):
        if to_int(text(calendar, "UID"), -1) == uid:
            return calendar
    return Element("Calendar")
