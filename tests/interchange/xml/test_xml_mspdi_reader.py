"""MS Project XML import, checked against values read by hand from the real sample files."""

from __future__ import annotations

from datetime import date
from xml.etree.ElementTree import fromstring

import pytest

from infradesk.interchange.mspdi import parse_xsd_duration, read_mspdi, recurrence_dates
from infradesk.interchange.problems import ImportResult

from .helpers import by_name, links_of, project_of

STANDARD_HOURS = [["08:00", "12:00"], ["13:00", "17:00"]]


# -- real files ------------------------------------------------------------------------------
def test_task_links_project2019_lags_and_types(real_plan) -> None:
    result = read_mspdi(real_plan("task-links-project2019-mspdi.xml"))
    project = project_of(result)
    assert project["name"] == "task-links-project2019-mspdi"
    assert project["start"] == "2018-10-18T08:00"
    assert project["currency"] == "GBP"
    # 17 <Task> rows, of which UID 0 is the project summary task.
    tasks = project["tasks"]
    assert len(tasks) == 16
    assert all(t["parent"] is None for t in tasks)
    assert [t["external_ref"] for t in tasks] == [str(uid) for uid in range(1, 17)]
    assert {t["duration_minutes"] for t in tasks} == {480}  # PT8H0M0S each
    # By task UID pair: LinkLag (tenths of a minute) and LagFormat from the file.
    by_ref = {t["external_ref"]: t for t in tasks}
    expected = {
        "2": ("1", "FS", 0),  # LinkLag 0
        "4": ("3", "FS", 480),  # 4800, LagFormat 7 (days) -> 1d
        "6": ("5", "FS", 960),  # 9600 -> 2d
        "8": ("7", "FS", 2400),  # 24000, LagFormat 9 (weeks) -> 1w = 5d
        "10": ("9", "FS", 4800),  # 48000 -> 2w
        "12": ("11", "SF", 960),  # Type 2
        "14": ("13", "SS", 960),  # Type 3
        "16": ("15", "FF", 960),  # Type 0
    }
    for successor, (predecessor, link_type, lag) in expected.items():
        (link,) = by_ref[successor]["predecessors"]
        assert link["task"] == by_ref[predecessor]["id"]
        assert (link["type"], link["lag_minutes"]) == (link_type, lag)
    assert by_ref["8"]["predecessors"][0]["lag"] == "5d"
    calendar = project["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4]
    assert calendar["working_hours"] == STANDARD_HOURS
    assert calendar["holidays"] == [] and calendar["exceptions"] == []
    assert any("manually scheduled" in note for note in result.notes)
    assert not result.errors


def test_legacy_sample_hierarchy_constraints_and_owners(real_plan) -> None:
    result = read_mspdi(real_plan("legacy_sample1.xml"))
    project = project_of(result)
    assert project["name"] == "MPXJ Sample"
    tasks = project["tasks"]
    assert len(tasks) == 22  # 23 rows minus the project summary (UID 0)
    ids = {t["id"]: t for t in tasks}
    for task in tasks:  # outline order: a parent always comes before its children
        if task["parent"] is not None:
            assert task["parent"] < task["id"]

    first, second = by_name(project, "First Task"), by_name(project, "Second Task")
    assert first["parent"] is None and second["parent"] == first["id"]
    assert first["notes"] == "Test Task Notes"
    assert second["duration_minutes"] == 800 * 60  # PT800H0M0S
    assert second["owner"] == "First Resource, Second Resource"
    assert by_name(project, "Third task")["milestone"] is True
    assert by_name(project, "Third task")["duration_minutes"] == 0
    assigned = by_name(project, "Assigned Task 1")
    parent = ids[assigned["parent"]]
    assert parent["name"] == "Resource Assignments"
    assert ids[parent["parent"]]["name"] == "Task Relationships"
    assert assigned["wbs"] == "3.13.1"
    assert assigned["owner"] == "First Resource"
    # ConstraintType 4 (start no earlier than) with its ConstraintDate.
    assert by_name(project, "Recurring Task 1")["start_no_earlier_than"] == "2003-02-01T08:00"
    assert by_name(project, "Related Task 1a")["deadline"] == "2003-03-14T17:00"

    links = links_of(project)
    assert ("Related Task 1a", "Related Task 1b", "FS", 0) in links
    assert ("Related Task 2a", "Related Task 2b", "FS", 480) in links  # 4800 tenths, hours
    assert ("Related Task 3a", "Related Task 3b", "FS", -480) in links  # negative lag (lead)
    assert ("Related Task 4a", "Related Task 4b", "SS", 0) in links
    assert ("Related Task 5a", "Related Task 5b", "FF", 0) in links
    assert ("Related Task 6a", "Related Task 6b", "SF", 0) in links
    assert len(links) == 6
    assert any("2 resource(s)" in note for note in result.notes)
    # Cost is set on 6 task rows besides the project summary (UIDs 1, 2, 19, 22, 23, 24);
    # summaries roll theirs up; the others' costs are their resources' (hundredths in MSPDI),
    # now kept on the assignments (issue 18), so no fixed cost is left on the tasks
    assert {t["name"]: t["cost"] for t in project["tasks"] if t["cost"] != "0.00"} == {}
    costs = {
        t["name"]: [(a["resource"], a["cost"]) for a in t["assignments"]]
        for t in project["tasks"] if t.get("assignments")
    }  # fmt: skip
    assert costs == {
        "Second Task": [("First Resource", "2015.00"), ("Second Resource", "1511.25")],
        "Assigned Task 1": [("First Resource", "430.00")],
        "Assigned Task 2": [("Second Resource", "215.00")],
    }


def test_mspdirelations_all_four_types(real_plan) -> None:
    project = project_of(read_mspdi(real_plan("mspdirelations.xml")))
    assert [t["name"] for t in project["tasks"]] == [f"Task {n}" for n in range(1, 6)]
    assert links_of(project) == [
        ("Task 1", "Task 2", "FS", 0),
        ("Task 2", "Task 3", "SS", 480),
        ("Task 3", "Task 4", "FF", 0),
        ("Task 4", "Task 5", "SF", 0),
    ]


def test_issue2659_midnight_starts_and_24_hour_days(real_plan) -> None:
    result = read_mspdi(real_plan("issue2659.xml"))
    project = project_of(result)
    (task,) = project["tasks"]
    assert task["name"] == "task_0"
    assert task["start"] == "2025-01-30T00:00"
    # PT24H0M0S of working time; the file counts 1440 minutes per day but its calendar has
    # 8 working hours, which the user is told about.
    assert task["duration_minutes"] == 1440
    assert task["duration"] == "3d"
    assert any("24 h per day" in p.message for p in result.problems)


def test_xsd_durations() -> None:
    assert parse_xsd_duration("PT8H0M0S") == 480
    assert parse_xsd_duration("PT9H9M9S") == pytest.approx(549.15)
    assert parse_xsd_duration("PT0.5H") == 30
    assert parse_xsd_duration("P2D") == 960
    assert parse_xsd_duration("P1DT2H", minutes_per_day=420) == 540
    assert parse_xsd_duration("-PT4H0M0S") == -240
    assert parse_xsd_duration("8 hours") is None
    assert parse_xsd_duration("PT") is None


def test_monthly_recurrences() -> None:
    last_friday = fromstring(
        "<Exception><Type>5</Type><MonthItem>8</MonthItem><MonthPosition>4</MonthPosition>"
        "<Period>1</Period></Exception>"
    )
    assert recurrence_dates(last_friday, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 30),
        date(2026, 2, 27),
        date(2026, 3, 27),
    ]
    every_other_15th = fromstring(
        "<Exception><Type>4</Type><MonthDay>15</MonthDay><Period>2</Period></Exception>"
    )
    assert recurrence_dates(every_other_15th, date(2026, 11, 1), date(2027, 3, 31)) == [
        date(2026, 11, 15),
        date(2027, 1, 15),
        date(2027, 3, 15),
    ]
    every_third_day = fromstring("<Exception><Type>1</Type><Period>3</Period></Exception>")
    assert recurrence_dates(every_third_day, date(2026, 1, 1), date(2026, 1, 10)) == [
        date(2026, 1, 1),
        date(2026, 1, 4),
        date(2026, 1, 7),
        date(2026, 1, 10),
    ]


# -- synthetic files for what the samples do not contain -------------------------------------
SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<Project>
  <Name>Cutover</Name>
  <StartDate>2026-03-02T08:00:00</StartDate>
  <StatusDate>2026-03-06T17:00:00</StatusDate>
  <Manager>Dana</Manager>
  <MinutesPerDay>480</MinutesPerDay>
  <MinutesPerWeek>2400</MinutesPerWeek>
  <CalendarUID>3</CalendarUID>
  <ExtendedAttributes>
    <ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName>
      <Alias>Change ticket</Alias></ExtendedAttribute>
  </ExtendedAttributes>
  <Calendars>
    <Calendar>
      <UID>3</UID><Name>Ops</Name><IsBaseCalendar>1</IsBaseCalendar>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>
          <WorkingTime><FromTime>14:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay>
        <WeekDay><DayType>3</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>
          <WorkingTime><FromTime>14:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay>
        <WeekDay><DayType>4</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>
          <WorkingTime><FromTime>14:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay>
        <WeekDay><DayType>5</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>
          <WorkingTime><FromTime>14:00:00</FromTime><ToTime>18:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay>
        <WeekDay><DayType>6</DayType><DayWorking>1</DayWorking><WorkingTimes>
          <WorkingTime><FromTime>09:00:00</FromTime><ToTime>13:00:00</ToTime></WorkingTime>
        </WorkingTimes></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
      </WeekDays>
      <Exceptions>
        <Exception>
          <EnteredByOccurrences>0</EnteredByOccurrences>
          <TimePeriod><FromDate>2026-04-03T00:00:00</FromDate>
            <ToDate>2026-04-06T23:59:00</ToDate></TimePeriod>
          <Occurrences>1</Occurrences><Name>Easter</Name><Type>1</Type>
          <DayWorking>0</DayWorking>
        </Exception>
        <Exception>
          <EnteredByOccurrences>0</EnteredByOccurrences>
          <TimePeriod><FromDate>2026-03-14T00:00:00</FromDate>
            <ToDate>2026-03-14T23:59:00</ToDate></TimePeriod>
          <Occurrences>1</Occurrences><Name>Cutover weekend</Name><Type>1</Type>
          <DayWorking>1</DayWorking>
          <WorkingTimes><WorkingTime><FromTime>00:00:00</FromTime>
            <ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes>
        </Exception>
        <Exception>
          <EnteredByOccurrences>1</EnteredByOccurrences>
          <TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>
            <ToDate>2030-01-01T23:59:00</ToDate></TimePeriod>
          <Occurrences>5</Occurrences><Name>New Year</Name><Type>2</Type>
          <Month>0</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking>
        </Exception>
        <Exception>
          <EnteredByOccurrences>0</EnteredByOccurrences>
          <TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>
            <ToDate>2027-12-31T23:59:00</ToDate></TimePeriod>
          <Occurrences>2</Occurrences><Name>Thanksgiving</Name><Type>3</Type>
          <Month>10</Month><MonthItem>7</MonthItem><MonthPosition>3</MonthPosition>
          <DayWorking>0</DayWorking>
        </Exception>
        <Exception>
          <EnteredByOccurrences>1</EnteredByOccurrences>
          <TimePeriod><FromDate>2026-03-07T00:00:00</FromDate>
            <ToDate>2026-04-04T23:59:00</ToDate></TimePeriod>
          <Occurrences>3</Occurrences><Name>Patch Saturday</Name><Type>6</Type>
          <Period>2</Period><DaysOfWeek>64</DaysOfWeek><DayWorking>1</DayWorking>
          <WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime>
            <ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes>
        </Exception>
        <Exception>
          <TimePeriod><FromDate>2026-01-01T00:00:00</FromDate>
            <ToDate>2026-12-31T23:59:00</ToDate></TimePeriod>
          <Occurrences>12</Occurrences><Name>First weekday</Name><Type>5</Type>
          <MonthItem>1</MonthItem><MonthPosition>0</MonthPosition><DayWorking>0</DayWorking>
        </Exception>
      </Exceptions>
      <WorkWeeks><WorkWeek><Name>Summer</Name></WorkWeek></WorkWeeks>
    </Calendar>
  </Calendars>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Cutover</Name><OutlineLevel>0</OutlineLevel></Task>
    <Task><UID>10</UID><ID>1</ID><Name>Prepare</Name><OutlineLevel>1</OutlineLevel>
      <Summary>1</Summary><Duration>PT80H0M0S</Duration></Task>
    <Task><UID>11</UID><ID>2</ID><Name>Racks</Name><OutlineLevel>2</OutlineLevel>
      <Start>2026-03-02T09:00:00</Start><Finish>2026-03-13T18:00:00</Finish>
      <Duration>PT80H0M0S</Duration><DurationFormat>7</DurationFormat>
      <PercentComplete>40</PercentComplete><ActualStart>2026-03-02T09:00:00</ActualStart>
      <CalendarUID>7</CalendarUID>
      <Stop>2026-03-04T18:00:00</Stop><Resume>2026-03-09T09:00:00</Resume>
      <ConstraintType>2</ConstraintType><ConstraintDate>2026-03-02T09:00:00</ConstraintDate>
      <ExtendedAttribute><FieldID>188743731</FieldID><Value>CHG-1</Value></ExtendedAttribute>
      <Baseline><Number>0</Number><Start>2026-03-02T09:00:00</Start>
        <Finish>2026-03-06T18:00:00</Finish><Duration>PT40H0M0S</Duration></Baseline>
      <Baseline><Number>1</Number><Start>2026-03-09T09:00:00</Start>
        <Finish>2026-03-13T18:00:00</Finish><Duration>PT40H0M0S</Duration></Baseline>
    </Task>
    <Task><UID>12</UID><ID>3</ID><IsNull>1</IsNull></Task>
    <Task><UID>13</UID><ID>4</ID><Name>Cabling</Name><OutlineLevel>2</OutlineLevel>
      <Duration>PT40H0M0S</Duration>
      <ConstraintType>7</ConstraintType><ConstraintDate>2026-03-27T18:00:00</ConstraintDate>
      <PredecessorLink><PredecessorUID>11</PredecessorUID><Type>3</Type>
        <LinkLag>50</LinkLag><LagFormat>19</LagFormat></PredecessorLink>
    </Task>
    <Task><UID>14</UID><ID>5</ID><Name>Burn-in</Name><OutlineLevel>1</OutlineLevel>
      <Duration>PT48H0M0S</Duration><DurationFormat>8</DurationFormat>
      <ConstraintType>1</ConstraintType>
      <PredecessorLink><PredecessorUID>13</PredecessorUID><Type>1</Type>
        <LinkLag>14400</LinkLag><LagFormat>8</LagFormat></PredecessorLink>
      <PredecessorLink><PredecessorUID>12</PredecessorUID><Type>1</Type></PredecessorLink>
      <PredecessorLink><PredecessorUID>99</PredecessorUID><CrossProject>1</CrossProject>
        <CrossProjectName>other.mpp\\3</CrossProjectName></PredecessorLink>
    </Task>
    <Task><UID>15</UID><ID>6</ID><Name>Go live</Name><OutlineLevel>1</OutlineLevel>
      <Milestone>1</Milestone><Duration>PT0H0M0S</Duration>
      <Notes>Call the vendor first.</Notes>
      <PredecessorLink><PredecessorUID>14</PredecessorUID><Type>1</Type>
        <LinkLag>-2400</LinkLag><LagFormat>5</LagFormat></PredecessorLink>
    </Task>
  </Tasks>
  <Resources>
    <Resource><UID>0</UID><ID>0</ID><IsNull>0</IsNull></Resource>
    <Resource><UID>1</UID><ID>1</ID><Name>Ana</Name></Resource>
    <Resource><UID>2</UID><ID>2</ID><Name>Ben</Name></Resource>
  </Resources>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>11</TaskUID><ResourceUID>2</ResourceUID></Assignment>
    <Assignment><UID>2</UID><TaskUID>11</TaskUID><ResourceUID>1</ResourceUID></Assignment>
    <Assignment><UID>3</UID><TaskUID>13</TaskUID><ResourceUID>1</ResourceUID></Assignment>
    <Assignment><UID>4</UID><TaskUID>15</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>
  </Assignments>
</Project>
"""


@pytest.fixture
def synthetic(make_file) -> ImportResult:
    return read_mspdi(make_file("cutover.xml", SYNTHETIC))


def messages(result: ImportResult) -> str:
    return "\n".join(str(p) for p in result.problems) + "\n" + "\n".join(result.notes)


def test_no_namespace_no_save_version_and_project_fields(synthetic: ImportResult) -> None:
    project = project_of(synthetic)
    assert project["name"] == "Cutover"
    assert project["manager"] == "Dana"
    assert project["status_date"] == "2026-03-06T17:00"
    assert [t["name"] for t in project["tasks"]] == [
        "Prepare",
        "Racks",
        "Cabling",
        "Burn-in",
        "Go live",
    ]


def test_blank_rows_are_skipped_and_counted(synthetic: ImportResult) -> None:
    assert "1 blank task row(s) skipped." in synthetic.notes
    # The link from the blank row is reported, not silently dropped.
    assert "unknown or blank task UID 12" in messages(synthetic)


def test_calendar_weekdays_hours_and_exceptions(synthetic: ImportResult) -> None:
    calendar = project_of(synthetic)["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4]
    assert calendar["working_hours"] == [["09:00", "13:00"], ["14:00", "18:00"]]
    # Easter Saturday is also a (later listed) working Patch Saturday: the later one wins.
    easter = [{"date": f"2026-04-0{d}", "name": "Easter"} for d in (3, 5, 6)]
    new_year = [{"date": f"{y}-01-01", "name": "New Year"} for y in range(2026, 2031)]
    thanksgiving = [
        {"date": "2026-11-26", "name": "Thanksgiving"},  # 4th Thursday of November
        {"date": "2027-11-25", "name": "Thanksgiving"},
    ]
    assert calendar["holidays"] == sorted(easter + new_year + thanksgiving, key=lambda h: h["date"])
    patch = [["08:00", "12:00"]]
    assert calendar["exceptions"] == [
        {"date": "2026-03-07", "name": "Patch Saturday", "working_hours": patch},
        {"date": "2026-03-14", "name": "Cutover weekend", "working_hours": [["00:00", "24:00"]]},
        {"date": "2026-03-21", "name": "Patch Saturday", "working_hours": patch},
        {"date": "2026-04-04", "name": "Patch Saturday", "working_hours": patch},
    ]
    text = messages(synthetic)
    assert "Fri have other working hours" in text
    assert "'New Year' was written out as 5 dated day(s) from 2026-01-01 to 2030-01-01" in text
    assert "'First weekday' uses a pattern InfraDesk cannot read (type 5)" in text
    assert "Alternate work weeks" in text


def test_percent_elapsed_and_negative_lags(synthetic: ImportResult) -> None:
    project = project_of(synthetic)
    links = links_of(project)
    # 50 % of Racks' 80 h -> 40 h; 1 elapsed day (14400 tenths) -> 1440 * 2400 / 10080 min.
    assert ("Racks", "Cabling", "SS", 2400) in links
    assert ("Cabling", "Burn-in", "FS", round(1440 * 2400 / 10080)) in links
    assert ("Burn-in", "Go live", "FS", -240) in links
    assert len(links) == 3
    text = messages(synthetic)
    assert "Lag of 50% (percent) of 'Racks' converted to 5d" in text
    assert "Elapsed lag of 1 elapsed day(s) converted to" in text
    assert "another project (other.mpp\\3)" in text


def test_elapsed_duration_split_task_custom_fields_and_constraints(
    synthetic: ImportResult,
) -> None:
    project = project_of(synthetic)
    burn_in = by_name(project, "Burn-in")
    # elapsed hours stay wall-clock minutes (issue 16: the 24x7 clock, not a ratio)
    assert (burn_in["duration_minutes"], burn_in["elapsed"]) == (48 * 60, True)
    racks = by_name(project, "Racks")
    assert (racks["constraint_type"], racks["constraint_date"]) == ("MSO", "2026-03-02T09:00")
    assert racks["start_no_earlier_than"] is None
    assert racks["percent_complete"] == 40
    assert racks["actual_start"] == "2026-03-02T09:00" and racks["actual_finish"] is None
    assert racks["owner"] == "Ben, Ana"
    assert racks["parent"] == by_name(project, "Prepare")["id"]
    cabling = by_name(project, "Cabling")
    assert (cabling["constraint_type"], cabling["constraint_date"]) == (
        "FNLT",
        "2026-03-27T18:00",
    )
    assert cabling["deadline"] is None  # a deadline is MS Project's <Deadline>, not FNLT
    go_live = by_name(project, "Go live")
    assert go_live["milestone"] is True and go_live["notes"] == "Call the vendor first."
    assert go_live["owner"] == ""
    text = messages(synthetic)
    assert "Tasks!row 2: Split task (stopped 2026-03-04, resumed 2026-03-09)" in text
    assert "Tasks!row 2: 1 custom field value(s)" in text
    assert "custom field definition(s) not imported: Change ticket" in text
    assert "not modeled" not in text and "imported as 'start no earlier than'" not in text
    assert by_name(project, "Burn-in")["constraint_type"] == "ALAP"
    assert "Elapsed duration" not in text  # kept as it is: nothing converted to warn about
    assert "Actual dates of 1 task(s) imported" in text
    # its calendar (UID 7) is not in the file: said at its row (issue 18 keeps task calendars)
    assert "Tasks!row 2: Task UID 11 'Racks': its calendar (UID 7) is not in the file" in text


def test_baselines_are_imported_per_number(synthetic: ImportResult) -> None:
    project = project_of(synthetic)
    racks = by_name(project, "Racks")
    assert [b["name"] for b in project["baselines"]] == ["Baseline", "Baseline 1"]
    assert project["baselines"][0]["tasks"] == [
        {
            "task": racks["id"],
            "start": "2026-03-02T09:00",
            "finish": "2026-03-06T18:00",
            "duration_minutes": 2400,
            "cost": "0.00",
        }
    ]
    assert project["baselines"][1]["tasks"][0]["start"] == "2026-03-09T09:00"


OLD_STYLE_CALENDAR = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <SaveVersion>9</SaveVersion><Name>Old</Name><CalendarUID>1</CalendarUID>
  <Calendars>
    <Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
      <BaseCalendarUID>-1</BaseCalendarUID>
      <WeekDays>
        <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
        <WeekDay><DayType>0</DayType><DayWorking>0</DayWorking>
          <TimePeriod><FromDate>2003-12-24T00:00:00</FromDate>
            <ToDate>2003-12-27T00:00:00</ToDate></TimePeriod></WeekDay>
      </WeekDays>
    </Calendar>
    <Calendar><UID>2</UID><Name>Night</Name><IsBaseCalendar>0</IsBaseCalendar>
      <BaseCalendarUID>1</BaseCalendarUID></Calendar>
  </Calendars>
  <Tasks>
    <Task><UID>1</UID><ID>1</ID><Name>Only</Name><OutlineNumber>1</OutlineNumber>
      <Duration>PT8H0M0S</Duration></Task>
  </Tasks>
</Project>
"""


def test_project_2003_style_exceptions_and_missing_weekdays(make_file) -> None:
    result = read_mspdi(make_file("old.xml", OLD_STYLE_CALENDAR))
    project = project_of(result)
    calendar = project["calendar"]
    # Weekdays not listed keep MS Project's default (Mon-Fri 8-12, 13-17).
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4]
    assert calendar["working_hours"] == STANDARD_HOURS
    # ToDate at midnight closes the previous day: 24th, 25th and 26th.
    assert [h["date"] for h in calendar["holidays"]] == ["2003-12-24", "2003-12-25", "2003-12-26"]
    (task,) = project["tasks"]
    assert task["wbs"] == "1" and task["parent"] is None


def test_duplicate_uids_are_reported(make_file) -> None:
    content = """<Project><Tasks>
      <Task><UID>1</UID><ID>1</ID><Name>A</Name></Task>
      <Task><UID>1</UID><ID>2</ID><Name>B</Name></Task>
      <Task><UID>2</UID><ID>3</ID><Name>C</Name>
        <PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
    </Tasks></Project>"""
    result = read_mspdi(make_file("dup.mpp.xml", content))
    project = project_of(result)
    assert links_of(project) == [("A", "C", "FS", 0)]
    assert "Tasks!row 2: UID 1 is used by two tasks" in str(result.problems[0])
    assert project["name"] == "dup"  # no <Name>: the file name without .mpp.xml
