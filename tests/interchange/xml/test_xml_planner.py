"""GNOME Planner import, checked against values read by hand from the real sample file."""

from __future__ import annotations

import pytest

from infradesk.interchange.planner import parse_planner_time, read_planner
from infradesk.interchange.problems import ImportResult

from .helpers import by_name, links_of, project_of


@pytest.fixture
def project1(real_plan) -> ImportResult:
    return read_planner(real_plan("project1.planner"))


def test_tasks_hierarchy_and_milestone(project1: ImportResult) -> None:
    project = project_of(project1)
    assert project["name"] == "project1"
    assert project["start"] == "2007-02-23T08:00"  # project-start 00:00 -> first working minute
    tasks = project["tasks"]
    assert len(tasks) == 30
    assert sum(t["milestone"] for t in tasks) == 1
    four = by_name(project, "Task Four")
    (child,) = [t for t in tasks if t["parent"] is not None]
    assert (child["name"], child["parent"], child["wbs"]) == ("Task Five", four["id"], "4.1")
    assert by_name(project, "Task Nine")["milestone"] is True
    assert by_name(project, "Task Twenty Three")["notes"] == "Task Twenty Three Notes"
    assert by_name(project, "Task Seven")["percent_complete"] == 26
    assert by_name(project, "Task Six")["owner"] == "Resource One, Resource Two"


def test_durations_follow_the_calendar(project1: ImportResult) -> None:
    project = project_of(project1)
    # work-start 08:00 to end 13:30 with lunch 12-13: 4.5 working hours.
    one = by_name(project, "Task One")
    assert (one["start"], one["finish"], one["duration_minutes"]) == (
        "2007-02-23T08:00",
        "2007-02-23T13:30",
        270,
    )
    # Friday 08:00 to Monday 12:00: 1.5 days.
    assert by_name(project, "Task Three")["duration_minutes"] == 720
    assert by_name(project, "Task Four")["duration_minutes"] == 10 * 480


def test_all_link_types_and_the_elapsed_lag(project1: ImportResult) -> None:
    project = project_of(project1)
    assert links_of(project) == [
        ("Task Thirteen", "Task Fourteen", "FS", 0),
        ("Task Fifteen", "Task Sixteen", "FS", 480),  # lag="86400": one elapsed day
        ("Task Seventeen", "Task Eighteen", "FF", 0),
        ("Task Nineteen", "Task Twenty", "SS", 0),
        ("Task Twenty One", "Task Twenty Two", "SF", 0),
    ]
    assert "Planner lag of 1 elapsed day(s) converted to 1d of working time." in str(
        project1.problems
    )


def test_calendar_and_constraints(project1: ImportResult) -> None:
    project = project_of(project1)
    calendar = project["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4]
    assert calendar["working_hours"] == [["08:00", "12:00"], ["13:00", "17:00"]]
    assert calendar["holidays"] == [{"date": "2007-02-01", "name": "Holiday"}]
    assert by_name(project, "Task Eleven")["start_no_earlier_than"] == "2007-02-23T00:00"
    assert by_name(project, "Task Twelve")["start_no_earlier_than"] == "2007-02-25T00:00"
    must = [p for p in project1.problems if "Must start on" in p.message]
    assert len(must) == 3 and must[0].location == "Tasks!row 13"


def test_planner_times_are_wall_clock() -> None:
    moment = parse_planner_time("20070223T133000Z")
    assert moment is not None and (moment.hour, moment.minute, moment.tzinfo) == (13, 30, None)
    assert parse_planner_time("yesterday") is None


DERIVED = """<?xml version="1.0"?>
<project name="Night shift" manager="Kim" project-start="20260302T000000Z"
    mrproject-version="2" calendar="2">
  <calendars>
    <day-types>
      <day-type id="0" name="Working" description=""/>
      <day-type id="1" name="Nonworking" description=""/>
      <day-type id="2" name="Use base" description=""/>
      <day-type id="3" name="Short day" description=""/>
    </day-types>
    <calendar id="1" name="Default">
      <default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>
      <overridden-day-types>
        <overridden-day-type id="0">
          <interval start="0900" end="1300"/><interval start="1400" end="1800"/>
        </overridden-day-type>
      </overridden-day-types>
      <days><day date="20260306" type="day-type" id="1"/></days>
      <calendar id="2" name="Four days">
        <default-week mon="2" tue="2" wed="2" thu="2" fri="1" sat="2" sun="2"/>
        <overridden-day-types>
          <overridden-day-type id="3"><interval start="0900" end="1200"/></overridden-day-type>
        </overridden-day-types>
        <days>
          <day date="20260307" type="day-type" id="0"/>
          <day date="20260310" type="day-type" id="3"/>
        </days>
      </calendar>
    </calendar>
  </calendars>
  <tasks>
    <task id="1" name="Prepare" work="0" start="20260302T000000Z" end="20260303T180000Z"
        work-start="20260302T090000Z" percent-complete="0" type="normal">
      <task id="2" name="Patch" start="20260302T000000Z" end="20260303T180000Z"
          work-start="20260302T090000Z" type="normal"/>
    </task>
    <task id="3" name="Verify" start="20260304T000000Z" end="20260304T130000Z"
        work-start="20260304T090000Z" type="normal">
      <predecessors>
        <predecessor id="1" predecessor-id="2" type="FS" lag="7200"/>
        <predecessor id="2" predecessor-id="42" type="FS"/>
      </predecessors>
    </task>
  </tasks>
</project>
"""


def test_derived_calendar_day_types_and_hourly_lag(make_file) -> None:
    result = read_planner(make_file("night.planner", DERIVED))
    project = project_of(result)
    assert project["manager"] == "Kim"
    calendar = project["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3]  # Friday is off in the derived one
    assert calendar["working_hours"] == [["09:00", "13:00"], ["14:00", "18:00"]]
    assert calendar["holidays"] == [{"date": "2026-03-06", "name": "Holiday"}]
    assert calendar["exceptions"] == [
        {
            "date": "2026-03-07",
            "name": "",
            "working_hours": [["09:00", "13:00"], ["14:00", "18:00"]],
        },
        {"date": "2026-03-10", "name": "Short day", "working_hours": [["09:00", "12:00"]]},
    ]
    verify = by_name(project, "Verify")
    (link,) = verify["predecessors"]
    # 2 elapsed hours at 4 days x 8 h of 168 h a week.
    assert link["lag_minutes"] == round(120 * 4 * 480 / (7 * 24 * 60))
    assert verify["duration_minutes"] == 240
    assert "Link from unknown task 42 skipped." in str(result.problems)
    assert any("derived from 'Default'" in note for note in result.notes)
