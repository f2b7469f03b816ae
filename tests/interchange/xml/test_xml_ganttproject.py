"""GanttProject import, checked against values read by hand from the real sample files."""

from __future__ import annotations

from typing import Any

import pytest

from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.problems import ImportResult

from .helpers import by_name, links_of, project_of


def depth(project: dict[str, Any], task: dict[str, Any]) -> int:
    ids = {t["id"]: t for t in project["tasks"]}
    level = 1
    while task["parent"] is not None:
        task = ids[task["parent"]]
        level += 1
    return level


def test_house_building_sample(real_plan) -> None:
    result = read_gan(real_plan("HouseBuildingSample.gan"))
    project = project_of(result)
    assert project["name"] == "HouseBuildingSample"  # name="" in the file
    tasks = project["tasks"]
    assert len(tasks) == 20
    assert sum(t["milestone"] for t in tasks) == 4
    assert max(depth(project, t) for t in tasks) == 2
    assert [t["name"] for t in tasks if t["parent"] is None] == [
        "Architectural design",
        "Interior design",
        "Construction phase",
        "Decoration phase",
        "GanttProject 3.3",
    ]
    design = by_name(project, "Architectural design")
    assert (design["start"], design["finish"]) == ("2024-05-27T08:00", "2024-06-28T17:00")
    assert design["duration_minutes"] == 25 * 480 and design["percent_complete"] == 85
    draft = by_name(project, "Create draft of architecture")
    assert draft["parent"] == design["id"] and draft["wbs"] == "1.1"
    assert draft["owner"] == "Michelangelo, Jack House"  # the responsible one first
    assert draft["external_ref"] == "9"
    assert by_name(project, "Equipment planning")["notes"] == (
        "Embedded devices, kitchen, washing machine, dryer etc"
    )
    agreement = by_name(project, "Agreement on architectural plan")
    assert agreement["milestone"] and agreement["duration_minutes"] == 0
    assert agreement["start"] == agreement["finish"] == "2024-07-01T08:00"

    links = links_of(project)
    assert len(links) == 17  # 16 strong + 1 rubber <depend>, all type 2
    assert {link[2] for link in links} == {"FS"} and {link[3] for link in links} == {0}
    # <depend> sits in the predecessor and names the successor.
    assert ("Create draft of architecture", "Prepare construction documents", "FS", 0) in links
    assert ("Interior design", "Walls", "FS", 0) in links
    assert ("Construction completed", "Walls", "FS", 0) in links
    assert ("Architectural design", "GanttProject 3.3", "FS", 0) not in links
    assert ("GanttProject 3.3", "Architectural design", "FS", 0) in links

    calendar = project["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4]
    assert calendar["holidays"] == [{"date": "2006-02-14", "name": "Holiday"}]
    text = "\n".join(result.notes)
    assert "20 custom column value(s) not imported (Is done)" in text
    assert "7 resource(s)" in text and "vacations" in text


def test_korean_2_8_file(real_plan) -> None:
    project = project_of(read_gan(real_plan("GanttProject2xlsx_gantt.gan")))
    assert project["name"] == "Untitled Gantt Project"
    tasks = project["tasks"]
    assert len(tasks) == 27
    assert sum(t["milestone"] for t in tasks) == 6
    assert max(depth(project, t) for t in tasks) == 2
    assert len(links_of(project)) == 21
    first = tasks[0]
    assert first["name"] == "제품디자인"
    assert (first["start"], first["duration"]) == ("2020-12-01T08:00", "10d")
    parts = by_name(project, "(산출물) 디자인 확정안")
    assert parts["milestone"] and parts["percent_complete"] == 100
    assert parts["owner"] == "홍길동"


SYNTHETIC = """<?xml version="1.0" encoding="UTF-8"?>
<project name="Office move" version="3.2" locale="de">
  <description><![CDATA[Move the branch office.]]></description>
  <calendars>
    <day-types>
      <day-type id="0"/><day-type id="1"/>
      <default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0"
        sat="0"/>
    </day-types>
    <date year="" month="12" date="25" type="HOLIDAY"><![CDATA[Christmas]]></date>
    <date year="2026" month="12" date="20" type="WORKING_DAY"/>
    <date year="2026" month="2" date="30" type="HOLIDAY"/>
    <date year="2026" month="12" date="21" type="NEUTRAL"/>
  </calendars>
  <tasks>
    <task id="1" name="Pack" start="2026-12-14" duration="3" complete="10"
        thirdDate="2026-12-15" thirdDate-constraint="1">
      <depend id="2" type="1" difference="2" hardness="Rubber"/>
      <depend id="3" type="3" difference="-1" hardness="Strong"/>
      <depend id="4" type="4" difference="0" hardness="Strong"/>
      <depend id="99" type="2" difference="0" hardness="Strong"/>
    </task>
    <task id="2" name="Load truck" start="2026-12-19" duration="1"/>
    <task id="3" name="Unpack" start="2026-12-26" duration="2" cost-manual-value="150"
        cost-calculated="false"/>
    <task id="4" name="Hand over keys" start="2026-12-28" duration="0" meeting="true"/>
  </tasks>
  <resources><resource id="7" name="Max"/></resources>
  <allocations><allocation task-id="2" resource-id="7" responsible="true" load="100"/>
  </allocations>
  <previous>
    <previous-tasks name="Plan v1">
      <previous-task id="1" start="2026-12-07" duration="4" meeting="false" super="false"/>
      <previous-task id="4" start="2026-12-21" duration="0" meeting="true" super="false"/>
    </previous-tasks>
  </previous>
</project>
"""


@pytest.fixture
def synthetic(make_file) -> ImportResult:
    return read_gan(make_file("move.gan", SYNTHETIC))


def test_dependency_types_and_lags(synthetic: ImportResult) -> None:
    links = links_of(project_of(synthetic))
    assert links == [
        ("Pack", "Load truck", "SS", 960),
        ("Pack", "Unpack", "FF", -480),
        ("Pack", "Hand over keys", "SF", 0),
    ]
    assert "Dependency between unknown tasks 1 -> 99 skipped." in str(synthetic.problems)


def test_calendar_weekend_holidays_and_working_days(synthetic: ImportResult) -> None:
    calendar = project_of(synthetic)["calendar"]
    assert calendar["working_weekdays"] == [0, 1, 2, 3, 4, 5]  # Saturday works here
    # The yearly Christmas is written out for the project's years (2026 and the next one).
    assert calendar["holidays"] == [
        {"date": "2026-12-25", "name": "Christmas"},
        {"date": "2027-12-25", "name": "Christmas"},
    ]
    assert calendar["exceptions"] == [
        {
            "date": "2026-12-20",
            "name": "",
            "working_hours": [["08:00", "12:00"], ["13:00", "17:00"]],
        }
    ]
    assert "2026-2-30 is not a valid date" in str(synthetic.problems)
    assert any("1 yearly holiday(s)" in note for note in synthetic.notes)


def test_tasks_constraints_owners_and_baselines(synthetic: ImportResult) -> None:
    project = project_of(synthetic)
    assert project["description"] == "Move the branch office."
    pack = by_name(project, "Pack")
    assert pack["start_no_earlier_than"] == "2026-12-15T08:00"
    assert (pack["start"], pack["finish"]) == ("2026-12-14T08:00", "2026-12-16T17:00")
    # Unpack starts on a working Saturday; its 2 days skip Sunday.
    unpack = by_name(project, "Unpack")
    assert (unpack["start"], unpack["finish"]) == ("2026-12-26T08:00", "2026-12-28T17:00")
    assert by_name(project, "Load truck")["owner"] == "Max"
    keys = by_name(project, "Hand over keys")
    assert keys["milestone"] and keys["duration_minutes"] == 0
    (baseline,) = project["baselines"]
    assert baseline["name"] == "Plan v1"
    assert baseline["tasks"] == [
        {
            "task": pack["id"],
            "start": "2026-12-07T08:00",
            "finish": "2026-12-10T17:00",
            "duration_minutes": 1920,
            "cost": "0.00",
        },
        {
            "task": keys["id"],
            "start": "2026-12-21T08:00",
            "finish": "2026-12-21T08:00",
            "duration_minutes": 0,
            "cost": "0.00",
        },
    ]
    assert any("1 manual task cost(s)" in note for note in synthetic.notes)
    # Pack -> Load truck is a rubber link: Load truck keeps its date.
    assert by_name(project, "Load truck")["start_no_earlier_than"] == "2026-12-19T08:00"
    assert by_name(project, "Unpack")["start_no_earlier_than"] is None  # strong link
    assert any("1 'rubber' dependency(ies)" in note for note in synthetic.notes)
