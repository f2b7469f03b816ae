"""Which files File > Import takes, and a plain-words description of a plan read from one.

Spreadsheets go through the sheet and column pages of the wizard; every other format is read
whole by ``infradesk.interchange.readers.read_any`` and described here for the first page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from infradesk.interchange.problems import ImportResult

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".csv", ".txt")
PLAN_SUFFIXES = (".xml", ".gan", ".planner", ".json")
SUFFIXES = SPREADSHEET_SUFFIXES + PLAN_SUFFIXES

FORMAT_NAMES = {
    ".xml": "MS Project XML",
    ".gan": "GanttProject file",
    ".planner": "GNOME Planner file",
    ".json": "InfraDesk JSON export",
}


def _patterns(suffixes: tuple[str, ...]) -> str:
    return " ".join(f"*{suffix}" for suffix in suffixes)


FILE_FILTER = ";;".join(
    [
        f"All supported files ({_patterns(SUFFIXES)})",
        f"Excel, OpenDocument and CSV ({_patterns(SPREADSHEET_SUFFIXES)})",
        "MS Project XML (*.xml)",
        "GanttProject (*.gan)",
        "GNOME Planner (*.planner)",
        "InfraDesk JSON (*.json)",
        "All files (*)",
    ]
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
SECTIONS = (
    ("risks", "risk"),
    ("issues", "issue"),
    ("assumptions", "assumption"),
    ("decisions", "decision"),
    ("change_requests", "change request"),
    ("dependencies_external", "external dependency"),
    ("vendors", "vendor"),
    ("baselines", "baseline"),
    ("meetings", "meeting"),
    ("actions", "action"),
    ("stakeholders", "stakeholder"),
    ("communication_plan", "communication line"),
    ("handover", "acceptance item"),
)


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def is_plan_file(path: Path) -> bool:
    return path.suffix.lower() in PLAN_SUFFIXES


def format_name(path: Path) -> str:
    return FORMAT_NAMES.get(path.suffix.lower(), "Plan file")


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    if word.endswith("y"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


@dataclass(frozen=True)
class PlanSummary:
    """What a project read from a plan file holds, in words for the wizard's first page."""

    headline: str
    rows: list[tuple[str, str]]


def _weekdays_text(days: list[int]) -> str:
    days = sorted(set(days))
    if not days:
        return "no working days"
    if days == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{WEEKDAYS[days[0]]}–{WEEKDAYS[days[-1]]}"
    return ", ".join(WEEKDAYS[d] for d in days)


def _day_minutes(hours: list[list[str]]) -> int:
    minutes = 0
    for start, finish in hours:
        (h1, m1), (h2, m2) = (map(int, start.split(":")), map(int, finish.split(":")))
        minutes += (h2 * 60 + m2) - (h1 * 60 + m1)
    return minutes


def calendar_short(calendar: dict[str, Any] | None) -> str:
    """``Mon–Fri, 8 h a day`` for the headline."""
    if not calendar:
        return "Mon–Fri, 8 h a day"
    days = _weekdays_text(calendar.get("working_weekdays") or [])
    minutes = _day_minutes(calendar.get("working_hours") or [])
    return f"{days}, {minutes / 60:g} h a day" if minutes else days


def calendar_text(calendar: dict[str, Any] | None) -> str:
    """``Mon–Fri, 08:00–12:00 and 13:00–17:00 (8 h a day), 1 holiday``."""
    if not calendar:
        return "InfraDesk's default (Mon–Fri, 8 h a day)"
    hours = calendar.get("working_hours") or []
    minutes = _day_minutes(hours)
    spans = " and ".join(f"{start}–{finish}" for start, finish in hours) or "no hours"
    text = f"{_weekdays_text(calendar.get('working_weekdays') or [])}, {spans}"
    if minutes:
        text += f" ({minutes / 60:g} h a day)"
    extras = []
    for key, word in (
        ("holidays", "holiday"),
        ("exceptions", "working exception"),
        ("freeze_windows", "freeze window"),
    ):
        if calendar.get(key):
            extras.append(plural(len(calendar[key]), word))
    if calendar.get("holiday_country"):
        region = calendar.get("holiday_region")
        where = calendar["holiday_country"] + (f"-{region}" if region else "")
        extras.append(f"public holidays of {where}")
    return ", ".join([text, *extras])


def _day(value: str | None) -> str:
    return (value or "")[:10]


def summarise_project(path: Path, project: dict[str, Any]) -> PlanSummary:
    """Counts of tasks, links, sections and the calendar of one project of a document."""
    tasks: list[dict[str, Any]] = project.get("tasks") or []
    parents = {task.get("parent") for task in tasks if task.get("parent") is not None}
    summaries = sum(1 for task in tasks if task.get("id") in parents)
    milestones = sum(1 for task in tasks if task.get("milestone"))
    links = sum(len(task.get("predecessors") or []) for task in tasks)
    headline = f"{format_name(path)}, {plural(len(tasks), 'task')}, {plural(links, 'link')}"
    task_text = plural(len(tasks), "task")
    details = []
    if summaries:
        details.append(plural(summaries, "summary task"))
    if milestones:
        details.append(plural(milestones, "milestone"))
    if details:
        task_text += f" ({', '.join(details)})"
    rows = [
        ("File", str(path)),
        ("Format", format_name(path)),
        ("Project", str(project.get("name") or "(no name)")),
        ("Tasks", task_text),
        ("Links", plural(links, "link")),
    ]
    starts = [t["start"] for t in tasks if t.get("start")]
    finishes = [t["finish"] for t in tasks if t.get("finish")]
    if starts and finishes:
        rows.append(("Dates", f"{_day(min(starts))} to {_day(max(finishes))}"))
    elif project.get("start"):
        rows.append(("Starts", _day(project["start"])))
    rows.append(("Calendar", calendar_text(project.get("calendar"))))
    others = [plural(len(project[key]), word) for key, word in SECTIONS if project.get(key)]
    if others:
        rows.append(("Also", ", ".join(others)))
    headline += f"; calendar {calendar_short(project.get('calendar'))}"
    return PlanSummary(headline, rows)


def narrowed(result: ImportResult, index: int) -> ImportResult:
    """The result with only its ``index``-th project (a JSON export may hold several)."""
    document = result.document
    if len(document.projects) <= 1:
        return result
    one = replace(document, projects=(document.projects[index],))
    # the reader's engine run of that project, now the document's first (and only) one
    schedules = {0: result.schedules[index]} if index in result.schedules else {}
    return ImportResult(
        one, list(result.problems), list(result.notes), schedules, result.resources
    )
