"""MSPDI export: structure MS Project expects, round trip through our reader, and a check by an
independent reader (MPXJ, when it and Java are installed)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as SafeET

from infradesk.interchange.json_document import document_from_json, document_to_json
from infradesk.interchange.mspdi import MspdiExportError, read_mspdi, write_mspdi, xsd_duration
from tests.interchange.xml.mpxj_probe import needs_mpxj

NS = "{http://schemas.microsoft.com/project}"

# Child order of <Task> in the MSPDI schema (the subset the writer may emit).
TASK_SCHEMA_ORDER = [
    "UID", "GUID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "CreateDate", "WBS",
    "OutlineNumber", "OutlineLevel", "Priority", "Start", "Finish", "Duration",
    "DurationFormat", "Work", "Stop", "Resume", "ResumeValid", "EffortDriven", "Recurring",
    "OverAllocated", "Estimated", "Milestone", "Summary", "DisplayAsSummary", "Critical",
    "TotalSlack", "StartSlack", "FinishSlack", "FixedCost", "FixedCostAccrual",
    "PercentComplete", "PercentWorkComplete", "Cost", "OvertimeCost", "OvertimeWork",
    "ActualStart", "ActualFinish", "ActualDuration", "ActualCost", "ActualOvertimeCost",
    "ActualWork", "ActualOvertimeWork", "RegularWork", "RemainingDuration", "RemainingCost",
    "RemainingWork", "ACWP", "CV", "ConstraintType", "CalendarUID", "ConstraintDate",
    "Deadline", "Notes", "PredecessorLink", "ExtendedAttribute", "Baseline",
]  # fmt: skip
PROJECT_SCHEMA_ORDER = [
    "SaveVersion", "UID", "Name", "GUID", "Title", "Subject", "Category", "Company", "Manager",
    "Author", "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate",
    "FinishDate", "FYStartDate", "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol",
    "CurrencyCode", "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime",
    "DefaultFinishTime", "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "DefaultTaskType",
    "DefaultFixedCostAccrual", "DefaultStandardRate", "DefaultOvertimeRate", "DurationFormat",
    "WorkFormat", "EditableActualCosts", "HonorConstraints", "EarnedValueMethod",
    "InsertedProjectsLikeSummary", "MultipleCriticalPaths", "NewTasksEffortDriven",
    "NewTasksEstimated", "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
    "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack",
    "MoveRemainingStartsBack", "MoveRemainingStartsForward", "MoveCompletedEndsForward",
    "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate",
    "MicrosoftProjectServerURL", "Autolink", "NewTaskStartDate", "NewTasksAreManual",
    "OutlineCodes", "WBSMasks", "ExtendedAttributes", "Calendars", "Tasks", "Resources",
    "Assignments",
]  # fmt: skip

TASK_KEYS = [
    "wbs", "name", "duration_minutes", "percent_complete", "milestone", "owner", "notes",
    "start", "start_no_earlier_than", "deadline",
]  # fmt: skip


def sample_document() -> dict[str, Any]:
    """A small data-center move: nesting, every link type, lags in days/hours/negative,
    a calendar with a holiday, a worked weekend day, 9-17 hours with a 30 min lunch."""

    def task(task_id: int, name: str, parent: int | None, minutes: int, **extra: Any) -> dict:
        base = {
            "id": task_id, "wbs": "", "name": name, "parent": parent,
            "start": None, "finish": None, "duration_minutes": minutes,
            "percent_complete": 0, "milestone": False, "owner": "", "notes": "",
            "start_no_earlier_than": None, "deadline": None, "external_ref": "",
            "predecessors": [],
        }  # fmt: skip
        base.update(extra)
        return base

    def link(task_id: int, kind: str, lag: int) -> dict[str, Any]:
        return {"task": task_id, "type": kind, "lag": "", "lag_minutes": lag}

    tasks = [
        task(10, "Plan", None, 0, wbs="1", start="2026-03-02T09:00"),
        task(11, "Survey racks", 10, 900, wbs="1.1", start="2026-03-02T09:00",
             finish="2026-03-03T17:00", percent_complete=50, owner="Ana, Ben",
             notes="Bring the floor plan.\nAnd a torch."),
        task(12, "Order cabling", 10, 450, wbs="1.2", owner="Ben",
             predecessors=[link(11, "SS", 450)], start_no_earlier_than="2026-03-04T09:00"),
        task(20, "Move", None, 0, wbs="2"),
        task(21, "Shut down", 20, 120, wbs="2.1", predecessors=[link(12, "FS", 900)],
             production_change=True),
        task(22, "Transport", 20, 2700, wbs="2.2", predecessors=[link(21, "FF", -60)],
             deadline="2026-03-20T17:00"),
        task(23, "Power on", 20, 60, wbs="2.3", predecessors=[link(22, "SF", 30)]),
        task(30, "Go live", None, 0, wbs="3", milestone=True,
             predecessors=[link(23, "FS", 0), link(21, "FS", 2 * 450)]),
    ]  # fmt: skip
    return {
        "format": "infradesk",
        "version": 1,
        "projects": [
            {
                "name": "DC move",
                "currency": "EUR",
                "start": "2026-03-02T09:00",
                "manager": "Dana",
                "status_date": "2026-03-06T17:00",
                "description": "Move to the new hall.",
                "calendar": {
                    "working_weekdays": [0, 1, 2, 3, 4],
                    "working_hours": [["09:00", "12:30"], ["13:00", "17:00"]],
                    "holiday_country": None,
                    "holiday_region": None,
                    "holidays": [{"date": "2026-04-03", "name": "Good Friday"}],
                    "exceptions": [
                        {
                            "date": "2026-03-14",
                            "name": "Cutover",
                            "working_hours": [["00:00", "24:00"]],
                        }
                    ],
                    "freeze_windows": [],
                },
                "tasks": tasks,
                "baselines": [
                    {
                        "name": "Approved",
                        "created": "2026-02-27T10:00",
                        "tasks": [
                            {
                                "task": 11,
                                "start": "2026-03-02T09:00",
                                "finish": "2026-03-03T17:00",
                                "duration_minutes": 900,
                                "cost": "0.00",
                            }
                        ],
                    }
                ],
                "risks": [],
                "vendors": [],
            }
        ],
    }


def load(path: Path) -> Element:
    return SafeET.parse(str(path)).getroot()


def child_tags(element: Element) -> list[str]:
    return [c.tag.replace(NS, "") for c in element]


def assert_schema_order(tags: list[str], order: list[str]) -> None:
    positions = [order.index(tag) for tag in tags]  # ValueError: element not in the schema
    assert positions == sorted(positions), tags


def project_tasks(path: Path) -> list[Element]:
    return load(path).findall(f"{NS}Tasks/{NS}Task")


def value(element: Element, tag: str) -> str | None:
    found = element.find(f"{NS}{tag}")
    return None if found is None else found.text


# -- structure ------------------------------------------------------------------------------
def test_structure_ms_project_expects(tmp_path: Path) -> None:
    path = tmp_path / "move.xml"
    write_mspdi(document_from_json(sample_document()), path)
    root = load(path)
    assert root.tag == f"{NS}Project"
    assert value(root, "SaveVersion") == "14"
    assert value(root, "MinutesPerDay") == "450"  # 3.5 h + 4 h
    assert value(root, "MinutesPerWeek") == "2250"
    assert value(root, "StatusDate") == "2026-03-06T17:00:00"
    assert_schema_order(child_tags(root), PROJECT_SCHEMA_ORDER)

    tasks = project_tasks(path)
    summary = tasks[0]
    assert (value(summary, "UID"), value(summary, "OutlineLevel")) == ("0", "0")
    assert value(summary, "Summary") == "1"
    by_name = {value(t, "Name"): t for t in tasks}
    for task in tasks:
        assert_schema_order(child_tags(task), TASK_SCHEMA_ORDER)
    assert [value(t, "UID") for t in tasks] == [str(n) for n in range(9)]
    plan, survey = by_name["Plan"], by_name["Survey racks"]
    assert (value(plan, "Summary"), value(plan, "OutlineNumber")) == ("1", "1")
    assert (value(survey, "OutlineLevel"), value(survey, "OutlineNumber")) == ("2", "1.1")
    assert value(survey, "Duration") == "PT15H0M0S"
    assert value(survey, "DurationFormat") == "7"  # 900 min = 2 days of 450 min
    assert value(survey, "PercentComplete") == "50"
    link = by_name["Order cabling"].find(f"{NS}PredecessorLink")
    assert link is not None
    assert child_tags(link) == ["PredecessorUID", "Type", "CrossProject", "LinkLag", "LagFormat"]
    assert (value(link, "PredecessorUID"), value(link, "Type")) == ("2", "3")  # SS
    assert (value(link, "LinkLag"), value(link, "LagFormat")) == ("4500", "7")
    lead = by_name["Transport"].find(f"{NS}PredecessorLink")
    assert lead is not None
    assert (value(lead, "Type"), value(lead, "LinkLag"), value(lead, "LagFormat")) == (
        "0",
        "-600",
        "5",
    )
    go_live = by_name["Go live"]
    assert (value(go_live, "Milestone"), value(go_live, "Duration")) == ("1", "PT0H0M0S")
    baseline = survey.find(f"{NS}Baseline")
    assert baseline is not None
    assert value(baseline, "Number") == "0"
    assert value(baseline, "Duration") == "PT15H0M0S"
    assert value(by_name["Order cabling"], "ConstraintType") == "4"

    calendar = root.find(f"{NS}Calendars/{NS}Calendar")
    assert calendar is not None
    weekdays = calendar.findall(f"{NS}WeekDays/{NS}WeekDay")
    assert [value(d, "DayWorking") for d in weekdays] == ["0", "1", "1", "1", "1", "1", "0"]
    exceptions = calendar.findall(f"{NS}Exceptions/{NS}Exception")
    assert [(value(e, "Name"), value(e, "DayWorking")) for e in exceptions] == [
        ("Cutover", "1"),
        ("Good Friday", "0"),
    ]
    (flag_field,) = root.findall(f"{NS}ExtendedAttributes/{NS}ExtendedAttribute")
    assert (value(flag_field, "FieldID"), value(flag_field, "Alias")) == (
        "188743752",  # Flag1
        "Production change",
    )
    flags = [value(t, "Name") for t in tasks if t.find(f"{NS}ExtendedAttribute") is not None]
    assert flags == ["Shut down"]
    resources = root.findall(f"{NS}Resources/{NS}Resource")
    assert [value(r, "Name") for r in resources] == ["Ana", "Ben"]
    assert len(root.findall(f"{NS}Assignments/{NS}Assignment")) == 3


def test_xsd_duration_format() -> None:
    assert xsd_duration(0) == "PT0H0M0S"
    assert xsd_duration(2430) == "PT40H30M0S"
    assert xsd_duration(-90) == "-PT1H30M0S"


def test_write_to_a_stream_and_choose_the_project() -> None:
    document = sample_document()
    second = json.loads(json.dumps(document["projects"][0]))
    second["name"] = "Second"
    document["projects"].append(second)
    stream = io.BytesIO()
    write_mspdi(document_from_json(document), stream, project_index=1)
    result = read_mspdi(stream.getvalue())
    assert document_to_json(result.document)["projects"][0]["name"] == "Second"
    with pytest.raises(MspdiExportError, match="no project number 3"):
        write_mspdi(document_from_json(document), io.BytesIO(), project_index=2)


def test_a_cycle_in_the_task_tree_is_refused() -> None:
    document = sample_document()
    tasks = document["projects"][0]["tasks"]
    tasks[0]["parent"] = 11  # Plan under its own child
    with pytest.raises(MspdiExportError, match="cycle"):
        write_mspdi(document_from_json(document), io.BytesIO())


# -- round trips ----------------------------------------------------------------------------
def assert_same_plan(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert len(after["tasks"]) == len(before["tasks"])
    id_map = {b["id"]: a["id"] for b, a in zip(before["tasks"], after["tasks"], strict=True)}
    for b, a in zip(before["tasks"], after["tasks"], strict=True):
        for key in TASK_KEYS:
            assert a[key] == b[key], (b["name"], key)
        assert a["parent"] == (None if b["parent"] is None else id_map[b["parent"]])
        assert [(id_map[p["task"]], p["type"], p["lag_minutes"]) for p in b["predecessors"]] == [
            (p["task"], p["type"], p["lag_minutes"]) for p in a["predecessors"]
        ]
    assert after["calendar"] == before["calendar"]


def test_round_trip_of_the_sample_document(tmp_path: Path) -> None:
    document = sample_document()
    path = tmp_path / "move.xml"
    write_mspdi(document_from_json(document), path)
    result = read_mspdi(path)
    (after,) = document_to_json(result.document)["projects"]
    before = document["projects"][0]
    assert after["name"] == "DC move" and after["manager"] == "Dana"
    assert after["description"] == "Move to the new hall."  # notes of the summary task
    assert [t["name"] for t in after["tasks"]] == [t["name"] for t in before["tasks"]]
    for b, a in zip(before["tasks"], after["tasks"], strict=True):
        assert a["duration_minutes"] == (0 if b["milestone"] else b["duration_minutes"])
        assert a["owner"] == b["owner"] and a["notes"] == b["notes"]
        assert a["start_no_earlier_than"] == b["start_no_earlier_than"]
        assert a["deadline"] == b["deadline"]
        assert a["production_change"] is bool(b.get("production_change"))
    names = {t["id"]: t["name"] for t in after["tasks"]}
    assert [
        (names[p["task"]], t["name"], p["type"], p["lag_minutes"], p["lag"])
        for t in after["tasks"]
        for p in t["predecessors"]
    ] == [
        ("Survey racks", "Order cabling", "SS", 450, "1d"),
        ("Order cabling", "Shut down", "FS", 900, "2d"),
        ("Shut down", "Transport", "FF", -60, "-1h"),
        ("Transport", "Power on", "SF", 30, "0.5h"),
        ("Power on", "Go live", "FS", 0, "0d"),
        ("Shut down", "Go live", "FS", 900, "2d"),
    ]
    assert after["calendar"]["working_hours"] == [["09:00", "12:30"], ["13:00", "17:00"]]
    assert after["calendar"]["holidays"] == [{"date": "2026-04-03", "name": "Good Friday"}]
    assert after["calendar"]["exceptions"] == before["calendar"]["exceptions"]
    (baseline,) = after["baselines"]
    survey = next(t for t in after["tasks"] if t["name"] == "Survey racks")
    assert baseline["tasks"] == [
        {
            "task": survey["id"],
            "start": "2026-03-02T09:00",
            "finish": "2026-03-03T17:00",
            "duration_minutes": 900,
            "cost": "0.00",
        }
    ]
    assert not result.warnings


@pytest.mark.parametrize(
    "name",
    ["legacy_sample1.xml", "task-links-project2019-mspdi.xml", "mspdirelations.xml"],
)
def test_round_trip_of_real_files(name: str, real_plan, tmp_path: Path) -> None:
    first = read_mspdi(real_plan(name))
    path = tmp_path / "again.xml"
    write_mspdi(first.document, path)
    second = read_mspdi(path)
    before = document_to_json(first.document)["projects"][0]
    assert_same_plan(before, document_to_json(second.document)["projects"][0])
    assert not second.warnings


def test_country_holidays_are_written_out(tmp_path: Path) -> None:
    document = sample_document()
    document["projects"][0]["calendar"]["holiday_country"] = "DE"
    document["projects"][0]["calendar"]["holiday_region"] = "BY"
    path = tmp_path / "de.xml"
    write_mspdi(document_from_json(document), path)
    holidays = document_to_json(read_mspdi(path).document)["projects"][0]["calendar"]["holidays"]
    dates = {h["date"] for h in holidays}
    assert {"2026-04-03", "2026-04-06", "2026-05-01", "2026-12-25"} <= dates  # Easter, May Day
    assert "2026-01-06" not in dates  # before the project: not written


# -- an independent reader ------------------------------------------------------------------
MPXJ_PROBE = r"""
import json, sys
import jpype
import mpxj  # noqa: F401  (puts the MPXJ jars on the class path)
jpype.startJVM()
from java.time import DayOfWeek
from org.mpxj import TimeUnit
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
props = project.getProjectProperties()
def hours(d):
    if d is None:
        return None
    return round(float(d.convertUnits(TimeUnit.HOURS, props).getDuration()), 4)
tasks = []
for t in project.getTasks():
    tasks.append({
        "uid": int(t.getUniqueID()), "name": str(t.getName()), "level": int(t.getOutlineLevel()),
        "summary": bool(t.getSummary()), "milestone": bool(t.getMilestone()),
        "hours": hours(t.getDuration()), "start": str(t.getStart()),
        "baseline_start": str(t.getBaselineStart()),
        "flag1": bool(t.getFlag(1)),
        "links": [[int(r.getPredecessorTask().getUniqueID()), str(r.getType()), hours(r.getLag())]
                  for r in t.getPredecessors()],
    })
calendar = project.getDefaultCalendar()
print(json.dumps({
    "tasks": tasks,
    "working_days": [str(d) for d in DayOfWeek.values() if calendar.isWorkingDay(d)],
    "exceptions": [[str(e.getFromDate()), bool(e.getWorking())]
                   for e in calendar.getCalendarExceptions()],
    "minutes_per_day": int(props.getMinutesPerDay()),
}))
"""


@pytest.mark.slow
@needs_mpxj
def test_mpxj_reads_our_export(tmp_path: Path) -> None:
    path = tmp_path / "move.xml"
    write_mspdi(document_from_json(sample_document()), path)
    probe = tmp_path / "probe.py"
    probe.write_text(MPXJ_PROBE, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(probe), str(path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    seen = json.loads(completed.stdout.strip().splitlines()[-1])
    tasks = {t["name"]: t for t in seen["tasks"]}
    assert tasks["DC move"]["uid"] == 0 and tasks["DC move"]["level"] == 0
    assert tasks["Survey racks"]["level"] == 2 and tasks["Plan"]["summary"] is True
    assert tasks["Survey racks"]["hours"] == 15.0
    assert tasks["Survey racks"]["start"] == "2026-03-02T09:00"
    assert tasks["Survey racks"]["baseline_start"] == "2026-03-02T09:00"
    assert tasks["Go live"]["milestone"] is True
    assert [name for name, t in tasks.items() if t["flag1"]] == ["Shut down"]
    uid = {name: t["uid"] for name, t in tasks.items()}
    assert tasks["Order cabling"]["links"] == [[uid["Survey racks"], "SS", 7.5]]
    assert tasks["Transport"]["links"] == [[uid["Shut down"], "FF", -1.0]]
    assert tasks["Power on"]["links"] == [[uid["Transport"], "SF", 0.5]]
    assert sorted(tasks["Go live"]["links"]) == sorted(
        [[uid["Power on"], "FS", 0.0], [uid["Shut down"], "FS", 15.0]]
    )
    assert seen["working_days"] == ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"]
    assert seen["exceptions"] == [["2026-03-14", True], ["2026-04-03", False]]
    assert seen["minutes_per_day"] == 450


def test_text_is_escaped_and_cleaned_of_characters_xml_forbids(tmp_path: Path) -> None:
    document = sample_document()
    task = document["projects"][0]["tasks"][1]
    task["name"] = "Racks\x0b <A&B> \x00"
    task["notes"] = 'Say "hi" & <bye>\tnow'
    path = tmp_path / "odd.xml"
    write_mspdi(document_from_json(document), path)
    assert path.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    back = document_to_json(read_mspdi(path).document)["projects"][0]["tasks"][1]
    assert back["name"] == "Racks <A&B>"
    assert back["notes"] == 'Say "hi" & <bye>\tnow'
