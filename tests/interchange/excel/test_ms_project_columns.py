"""Issue 16: MS Project's Excel/CSV task columns read as MS Project means them. Each test is a
small synthetic workbook reproducing one point of the issue; the imported tasks are checked."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import schedule_project
from infradesk.interchange.excel import read_workbook
from infradesk.interchange.problems import ImportResult

MakeXlsx = Callable[..., Path]


def read(make_xlsx: MakeXlsx, rows: list[list[Any]], sheet: str = "Tasks") -> ImportResult:
    return read_workbook(make_xlsx({sheet: rows}))


def tasks_by_name(result: ImportResult) -> dict[str, d.Task]:
    return {task.name: task for task in result.document.projects[0].tasks}


def links_by_name(result: ImportResult) -> dict[str, list[tuple[str, str, int]]]:
    tasks = result.document.projects[0].tasks
    names = {task.id: task.name for task in tasks}
    return {
        task.name: [(names[link.task], link.type, link.lag_minutes) for link in task.predecessors]
        for task in tasks
    }


def errors(result: ImportResult) -> list[str]:
    return [str(p) for p in result.problems if p.severity == "error"]


# ---------------------------------------------------------------------------------------------
# 1. Predecessors name the task ID; Unique ID Predecessors name the Unique ID


def test_predecessors_name_the_task_position_not_the_unique_id(make_xlsx: MakeXlsx) -> None:
    """The issue's 4-task sheet: unique ids 1, 7, 3, 2. Resolving "Predecessors" against the
    Unique ID column linked C to D and D to C (a false loop)."""
    result = read(
        make_xlsx,
        [
            ["WBS", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Unique ID"],
            ["1", "A", "1d", "2026-01-05", "2026-01-05", "", 1],
            ["2", "B", "1d", "2026-01-06", "2026-01-06", "1", 7],
            ["3", "C", "1d", "2026-01-07", "2026-01-07", "2", 3],
            ["4", "D", "1d", "2026-01-08", "2026-01-08", "3", 2],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result) == {
        "A": [],
        "B": [("A", "FS", 0)],
        "C": [("B", "FS", 0)],
        "D": [("C", "FS", 0)],
    }
    assert [t.external_ref for t in result.document.projects[0].tasks] == ["1", "7", "3", "2"]


def test_predecessors_name_the_id_column_when_there_is_one(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors"],
            [10, 4, "A", "1d", ""],
            [11, 3, "B", "1d", "10"],
            [12, 2, "C", "1d", "11SS+1d"],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result)["C"] == [("B", "SS", 480)]
    assert links_by_name(result)["B"] == [("A", "FS", 0)]


def test_unique_id_predecessors_name_the_unique_id(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Unique ID Predecessors"],
            [1, 40, "A", "1d", ""],
            [2, 30, "B", "1d", "40"],
            [3, 2, "C", "1d", "30FF+2h"],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result) == {"A": [], "B": [("A", "FS", 0)], "C": [("B", "FF", 120)]}


def test_both_predecessor_columns_prefer_the_unique_ids_and_say_where_they_disagree(
    make_xlsx: MakeXlsx,
) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, 40, "A", "1d", "", ""],
            [2, 30, "B", "1d", "1", "40"],
            [3, 2, "C", "1d", "1", "30"],  # disagree: ID 1 is A, Unique ID 30 is B
        ],
    )
    assert links_by_name(result) == {"A": [], "B": [("A", "FS", 0)], "C": [("B", "FS", 0)]}
    (warning,) = [p for p in result.problems if "Unique ID Predecessors says" in p.message]
    assert (warning.sheet, warning.row, warning.column, warning.severity) == (
        "Tasks",
        4,
        "E",
        "warning",
    )
    assert "'A'" in warning.message and "'B'" in warning.message
    assert any("disagrees on 1 row(s)" in note for note in result.notes)


def test_agreeing_predecessor_columns_say_so(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, 40, "A", "1d", "", ""],
            [2, 30, "B", "1d", "1", "40"],
        ],
    )
    assert not [p for p in result.problems if "Predecessors" in p.message]
    assert any("agrees on every row" in note for note in result.notes)


def test_an_unknown_predecessor_is_located(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Name", "Duration", "Predecessors"],
            [1, "A", "1d", ""],
            [2, "B", "1d", "9"],
        ],
    )
    (problem,) = [p for p in result.problems if "'9'" in p.message]
    assert (problem.sheet, problem.row, problem.column) == ("Tasks", 3, "D")


def scheduled(result: ImportResult) -> dict[str, tuple[datetime, datetime]]:
    """Each task's scheduled (start, finish), by name, from the import's own engine run."""
    project = result.document.projects[0]
    run = result.schedules.get(0) or schedule_project(project)
    dates = run.result.start_finish()
    return {task.name: dates[task.id] for task in project.tasks}


# ---------------------------------------------------------------------------------------------
# 2. 12-hour times without AM/PM


def test_times_without_am_pm_outside_the_working_day_are_afternoon(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Start", "Finish"],
            [1, "Morning", "4h", "February 5, 2026 8:00", "February 5, 2026 12:00"],
            [2, "Afternoon", "4h", "February 5, 2026 1:00", "February 5, 2026 5:00"],
            [3, "Said so", "4h", "February 6, 2026 1:00 PM", "February 6, 2026 5:00 PM"],
        ],
    )
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    assert (tasks["Morning"].start, tasks["Morning"].finish) == (
        datetime(2026, 2, 5, 8),
        datetime(2026, 2, 5, 12),
    )
    assert (tasks["Afternoon"].start, tasks["Afternoon"].finish) == (
        datetime(2026, 2, 5, 13),
        datetime(2026, 2, 5, 17),
    )
    assert (tasks["Said so"].start, tasks["Said so"].finish) == (
        datetime(2026, 2, 6, 13),
        datetime(2026, 2, 6, 17),
    )
    # the kept start constraint is the afternoon too, so the schedule is the file's
    assert tasks["Afternoon"].constraint_date == datetime(2026, 2, 5, 13)
    assert scheduled(result)["Afternoon"] == (datetime(2026, 2, 5, 13), datetime(2026, 2, 5, 17))
    start_notes = [n for n in result.notes if "without AM/PM" in n and "'Start'" in n]
    finish_notes = [n for n in result.notes if "without AM/PM" in n and "'Finish'" in n]
    assert len(start_notes) == 1 and "1 time(s)" in start_notes[0]
    assert len(finish_notes) == 1 and "1 time(s)" in finish_notes[0]  # 12:00 is noon already


def test_a_24_hour_sheet_keeps_its_early_hours(make_xlsx: MakeXlsx) -> None:
    """A time on a 24-hour clock anywhere in the sheet means 5:00 is 05:00 (a night shift)."""
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Start", "Finish"],
            [1, "Night", "1h", "February 5, 2026 5:00", "February 5, 2026 6:00"],
            [2, "Day", "4h", "February 5, 2026 13:00", "February 5, 2026 17:00"],
        ],
    )
    assert tasks_by_name(result)["Night"].start == datetime(2026, 2, 5, 5)
    assert not [n for n in result.notes if "without AM/PM" in n]


def test_constraint_dates_without_am_pm_are_afternoon_too(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Constraint Type", "Constraint Date"],
            [1, "Kick-off", "1d", "Start No Earlier Than", "January 5, 2026 8:00"],
            [2, "Sign-off", "1d", "Finish No Earlier Than", "July 31, 2026 5:00"],
        ],
    )
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    assert tasks["Sign-off"].constraint_date == datetime(2026, 7, 31, 17)
    assert tasks["Kick-off"].constraint_date == datetime(2026, 1, 5, 8)


# ---------------------------------------------------------------------------------------------
# 3. Constraint Type sets the type; FNET never becomes SNET

CONSTRAINT_NAMES = {
    "en": ("Finish No Earlier Than", "Must Start On", "As Late As Possible", "Start No Later Than",
           "Must Finish On", "Finish No Later Than", "As Soon As Possible"),
    "de": ("Ende nicht früher als", "Muss anfangen am", "So spät wie möglich",
           "Anfang nicht später als", "Muss enden am", "Ende nicht später als",
           "So früh wie möglich"),
    "fr": ("Fin au plus tôt le", "Doit commencer le", "Le plus tard possible",
           "Début au plus tard le", "Doit finir le", "Fin au plus tard le", "Dès que possible"),
    "es": ("No finalizar antes del", "Debe comenzar el", "Lo más tarde posible",
           "No comenzar después del", "Debe finalizar el", "No finalizar después del",
           "Lo antes posible"),
    "pt": ("Não terminar antes de", "Deve iniciar em", "O mais tarde possível",
           "Não iniciar depois de", "Deve terminar em", "Não terminar depois de",
           "O mais breve possível"),
    "ko": ("다음 날짜 이후에 완료", "반드시 시작해야 하는 날짜", "가능한 한 늦게",
           "다음 날짜 이전에 시작", "반드시 완료해야 하는 날짜", "다음 날짜 이전에 완료",
           "가능한 한 빨리"),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(CONSTRAINT_NAMES))
def test_constraint_types_in_every_language(make_xlsx: MakeXlsx, language: str) -> None:
    fnet, mso, alap, snlt, mfo, fnlt, asap = CONSTRAINT_NAMES[language]
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Constraint Type",
             "Constraint Date"],
            [1, "Build", "120d", "2026-02-13", "2026-07-31", "", fnet, "2026-07-31"],
            [2, "Move", "1d", "2026-08-03", "2026-08-03", "1", mso, "2026-08-03 08:00"],
            [3, "Tidy", "1d", "2026-08-03", "2026-08-03", "", alap, "NA"],
            [4, "Order", "1d", "2026-01-05", "2026-01-05", "", snlt, "2026-01-09"],
            [5, "Ship", "1d", "2026-08-04", "2026-08-04", "2", mfo, "2026-08-04"],
            [6, "Close", "1d", "2026-08-05", "2026-08-05", "5", fnlt, "2026-08-07"],
            [7, "Party", "1d", "2026-08-06", "2026-08-06", "6", asap, "NA"],
        ],
    )  # fmt: skip
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    assert {name: (t.constraint_type, t.constraint_date) for name, t in tasks.items()} == {
        "Build": ("FNET", datetime(2026, 7, 31, 17)),
        "Move": ("MSO", datetime(2026, 8, 3, 8)),
        "Tidy": ("ALAP", None),
        "Order": ("SNLT", datetime(2026, 1, 9, 8)),
        "Ship": ("MFO", datetime(2026, 8, 4, 17)),
        "Close": ("FNLT", datetime(2026, 8, 7, 17)),
        "Party": ("ASAP", None),
    }
    # the 120-day task finishes on the FNET date; it does not start there
    start, finish = scheduled(result)["Build"]
    assert finish == datetime(2026, 7, 31, 17) and start < datetime(2026, 3, 1)


def test_a_bad_constraint_type_is_located(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Constraint Type", "Constraint Date"],
            [1, "A", "1d", "Sometime soon", "2026-01-05"],
            [2, "B", "1d", "Finish No Earlier Than", "NA"],
        ],
    )
    located = {(p.row, p.column): p.message for p in result.problems if p.severity == "error"}
    assert "is not a constraint type" in located[(2, "D")]
    assert "needs a constraint date" in located[(3, "E")]


# ---------------------------------------------------------------------------------------------
# 4. Actuals, % complete and remaining duration come in; a progressed plan stays progressed

PROGRESS_HEADERS = {
    "names": ("ID", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Actual Start",
              "Actual Finish", "% Complete", "Remaining Duration"),
    "wizard": ("ID", "Name", "Duration", "Start_Date", "Finish_Date", "Predecessors",
               "Actual_Start", "Actual_Finish", "Percent_Complete", "Remaining_Duration"),
}  # fmt: skip


@pytest.mark.parametrize("style", sorted(PROGRESS_HEADERS))
def test_a_progressed_plan_comes_in_progressed(make_xlsx: MakeXlsx, style: str) -> None:
    result = read(
        make_xlsx,
        [
            list(PROGRESS_HEADERS[style]),
            [1, "Survey", "5 days", "January 5, 2026 8:00", "January 9, 2026 5:00", "",
             "January 5, 2026 8:00", "January 9, 2026 5:00", "100%", "0 days"],
            # started before its predecessor finished: the file breaks the link, actuals win
            [2, "Cabling", "4 days", "January 7, 2026 8:00", "January 12, 2026 5:00", "1",
             "January 7, 2026 8:00", "NA", "50%", "2 days"],
            [3, "Testing", "2 days", "January 13, 2026 8:00", "January 14, 2026 5:00", "2",
             "NA", "NA", "0%", "2 days"],
        ],
    )  # fmt: skip
    assert not errors(result), errors(result)
    mapping = next(note for note in result.notes if "columns:" in note)
    assert "same meaning" not in mapping, mapping
    for field in ("actual_start", "actual_finish", "percent_complete", "remaining_minutes"):
        assert f"-> {field}" in mapping
    tasks = tasks_by_name(result)
    survey, cabling, testing = tasks["Survey"], tasks["Cabling"], tasks["Testing"]
    assert (survey.actual_start, survey.actual_finish, survey.percent_complete) == (
        datetime(2026, 1, 5, 8),
        datetime(2026, 1, 9, 17),
        100.0,
    )
    assert (cabling.actual_start, cabling.actual_finish) == (datetime(2026, 1, 7, 8), None)
    assert (cabling.percent_complete, cabling.duration_minutes) == (50.0, 4 * 480)
    assert (testing.actual_start, testing.percent_complete) == (None, 0.0)
    dates = scheduled(result)
    assert dates["Survey"] == (datetime(2026, 1, 5, 8), datetime(2026, 1, 9, 17))
    assert dates["Cabling"][0] == datetime(2026, 1, 7, 8)


# ---------------------------------------------------------------------------------------------
# 6. A pasted sheet's values: indented names, 451d?, 6h, 0.5w, 3ed, 4eh, text dates, lags


def test_a_pasted_sheet_reads_its_values(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["Task Name", "Duration", "Start", "Finish", "Predecessors"],
            ["Move", "451d?", "Mon 2/17/25", "Fri 10/30/26", ""],
            ["   Survey", "6h", "Mon 2/17/25", "Mon 2/17/25", ""],
            ["   Design", "0.5w", "Tue 2/18/25", "Thu 2/20/25", "2SS+3d"],
            ["   Works", "2w", "Thu 2/20/25", "Wed 3/5/25", ""],
            ["      Cure", "3ed", "February 20, 2025 8:00", "February 23, 2025 8:00", "3FF-2h"],
            ["      Soak", "4eh", "February 24, 2025 8:00", "February 24, 2025 12:00", "5SS+50%"],
            ["   Sign-off", "0d", "Fri 10/30/26", "Fri 10/30/26", "6"],
        ],
    )
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    names = {task.id: task.name for task in tasks.values()}
    parents = {
        name: names[task.parent] if task.parent is not None else None
        for name, task in tasks.items()
    }
    assert parents == {"Move": None, "Survey": "Move", "Design": "Move", "Works": "Move",
                       "Cure": "Works", "Soak": "Works", "Sign-off": "Move"}  # fmt: skip
    durations = {name: (t.duration_minutes, t.estimated, t.elapsed) for name, t in tasks.items()}
    assert durations["Move"] == (451 * 480, True, False)
    assert durations["Survey"] == (360, False, False)
    assert durations["Design"] == (1200, False, False)
    assert durations["Cure"] == (3 * 1440, False, True)  # wall-clock minutes, never scaled
    assert durations["Soak"] == (4 * 60, False, True)
    assert (tasks["Move"].start, tasks["Survey"].start) == (datetime(2025, 2, 17, 8),) * 2
    assert tasks["Cure"].start == datetime(2025, 2, 20, 8)
    links = links_by_name(result)
    assert links["Design"] == [("Survey", "SS", 3 * 480)]
    assert links["Cure"] == [("Design", "FF", -120)]
    # 50 % of Cure's 3 elapsed days (72 h): 36 h of clock time = 1.5 working days
    assert links["Soak"] == [("Cure", "SS", 720)]
    assert any("in % of the predecessor's duration" in note for note in result.notes)
    assert tasks["Sign-off"].milestone


def test_a_lag_in_percent_of_a_working_duration(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Name", "Duration", "Predecessors"],
            [1, "A", "4d", ""],
            [2, "B", "1d", "1SS+50%"],
            [3, "C", "1d", "1FS-25%"],
        ],
    )
    assert not errors(result), errors(result)
    assert links_by_name(result)["B"] == [("A", "SS", 2 * 480)]
    assert links_by_name(result)["C"] == [("A", "FS", -480)]


@pytest.mark.parametrize("value", ["3xd", "5SS+", "2SS+3q", "1SS+50e%"])
def test_bad_pasted_values_are_located(make_xlsx: MakeXlsx, value: str) -> None:
    column = "B" if value == "3xd" else "C"
    row = ["A", value, ""] if column == "B" else ["A", "1d", value]
    result = read(
        make_xlsx,
        [["Name", "Duration", "Predecessors"], ["First", "1d", ""], row],
    )
    located = [p for p in result.problems if p.severity == "error"]
    assert [(p.sheet, p.row, p.column) for p in located] == [("Tasks", 3, column)], located


# ---------------------------------------------------------------------------------------------
# 9. Small losses: milestones, estimated, manual, elapsed, a WBS Excel made a date


def test_milestones_estimates_and_manual_tasks_keep_their_flags(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Start", "Finish", "Predecessors", "Milestone",
             "Task Mode"],
            [1, "Kick-off", "0 days", "January 5, 2026 8:00", "January 5, 2026 8:00", "", "No",
             "Auto Scheduled"],
            [2, "Gate", "15 mins", "January 5, 2026 8:00", "January 5, 2026 8:15", "1", "Yes",
             "Auto Scheduled"],
            [3, "Vendor visit", "2 days?", "January 14, 2026 8:00", "January 15, 2026 5:00", "2",
             "No", "Manually Scheduled"],
            [4, "Rack", "3 days", "January 6, 2026 8:00", "January 8, 2026 5:00", "2", "No",
             "Manuell geplant"],
            [5, "Cure", "3 edays", "January 8, 2026 5:00", "January 11, 2026 5:00", "4", "No",
             "Programada automáticamente"],
        ],
    )  # fmt: skip
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    flags = {
        name: (t.milestone, t.duration_minutes, t.estimated, t.manual, t.elapsed)
        for name, t in tasks.items()
    }
    assert flags == {
        "Kick-off": (True, 0, False, False, False),  # zero duration: a milestone anyway
        "Gate": (True, 15, False, False, False),  # a milestone keeps its 15 minutes
        "Vendor visit": (False, 2 * 480, True, True, False),
        "Rack": (False, 3 * 480, False, True, False),
        "Cure": (False, 3 * 1440, False, False, True),
    }
    # a manual task's start is the one given, not a start-no-earlier-than constraint
    visit = tasks["Vendor visit"]
    assert (visit.start, visit.constraint_type) == (datetime(2026, 1, 14, 8), "ASAP")
    assert {"estimated", "manual", "elapsed"} <= (visit.given or frozenset())


def test_a_bad_task_mode_is_located(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Task Name", "Duration", "Task Mode"],
            [1, "A", "1d", "Sometimes"],
        ],
    )
    (problem,) = [p for p in result.problems if "task mode" in p.message]
    assert (problem.sheet, problem.row, problem.column, problem.severity) == (
        "Tasks",
        2,
        "D",
        "error",
    )
    assert not tasks_by_name(result)["A"].manual


def test_a_wbs_excel_made_a_date_is_rebuilt_from_the_outline_number(
    make_xlsx: MakeXlsx,
) -> None:
    rows = [
        ["ID", "Outline Number", "WBS", "Task Name", "Duration"],
        [1, "1", "1", "Phase", "5d"],
        [2, "1.1", datetime(2026, 1, 1), "Survey", "2d"],  # Excel made 1.1 the 1st of January
        [3, "1.2", datetime(2026, 2, 1), "Design", "3d"],
        [4, "2", "2", "Close", "1d"],
    ]
    result = read(make_xlsx, rows)
    assert not errors(result), errors(result)
    tasks = tasks_by_name(result)
    assert [t.wbs for t in tasks.values()] == ["1", "1.1", "1.2", "2"]
    assert tasks["Survey"].parent == tasks["Phase"].id
    assert not [p for p in result.problems if "turned into a date" in p.message]
    assert any("rebuilt from the Outline Number column" in note for note in result.notes)


def test_a_wbs_excel_made_a_date_without_outline_number_is_a_located_warning(
    make_xlsx: MakeXlsx,
) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "WBS", "Task Name", "Duration"],
            [1, "1", "Phase", "5d"],
            [2, datetime(2025, 1, 3), "Survey", "2d"],
        ],
    )
    (warning,) = [p for p in result.problems if "turned into a date" in p.message]
    assert (warning.sheet, warning.row, warning.column, warning.severity) == (
        "Tasks",
        3,
        "B",
        "warning",
    )


# ---------------------------------------------------------------------------------------------
# A real plan (skipped when the shared files are absent)


def test_a_real_plans_predecessors_name_its_id_column(real_plans: Path) -> None:
    result = read_workbook(real_plans / "Project_Plan.xlsx")
    assert not errors(result), errors(result)
    assert not [p for p in result.problems if "does not match" in p.message]
    links = links_by_name(result)
    assert links["Create networkId to tie a message to a given network instance"] == [
        ("Design Network", "FS", 0)
    ]
    assert links["Use an Ack tag to track message status"] == [
        ("Setup API for Request/Response", "FS", 0)
    ]
    assert sum(len(task.predecessors) for task in result.document.projects[0].tasks) == 13
    assert any("predecessor numbers name the ID column (A)" in note for note in result.notes)


def test_an_empty_unique_id_predecessors_column_leaves_the_predecessors(
    make_xlsx: MakeXlsx,
) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Unique ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, 40, "A", "1d", "", ""],
            [2, 30, "B", "1d", "1", ""],
        ],
    )
    assert links_by_name(result)["B"] == [("A", "FS", 0)]
    assert not [p for p in result.problems if "Predecessors" in p.message]


def test_unique_id_predecessors_without_a_unique_id_column_say_so(make_xlsx: MakeXlsx) -> None:
    result = read(
        make_xlsx,
        [
            ["ID", "Name", "Duration", "Predecessors", "Unique ID Predecessors"],
            [1, "A", "1d", "", ""],
            [2, "B", "1d", "1", "40"],
        ],
    )
    assert links_by_name(result)["B"] == [("A", "FS", 0)]
    (warning,) = [p for p in result.problems if "no Unique ID column" in p.message]
    assert (warning.sheet, warning.column, warning.severity) == ("Tasks", "E", "warning")
