"""Resources and allocations of GanttProject and GNOME Planner files (issue 18): the pool
(roles, rates per hour, e-mail, groups, vacations as leave) and each task's assignments at
their load / units; unreadable values reported under "Resources"."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from infradesk.interchange import document as d
from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.planner import read_planner
from infradesk.model import Resource, ResourceDay
from infradesk.services.documents.io import import_document
from infradesk.store.workspace import Workspace


def _task(document: d.Document, name: str) -> d.Task:
    return next(t for t in document.projects[0].tasks if t.name == name)


def test_the_house_building_sample_brings_roles_rates_vacations_and_loads(
    real_plan: Callable[[str], Path],
) -> None:
    result = read_gan(real_plan("HouseBuildingSample.gan"))
    pool = {r.name: r for r in result.document.resources}
    assert len(pool) == 7
    # GanttProject's standard rate is per day: 40 a day of 8 h is 5 an hour
    assert (pool["John Black"].role, pool["John Black"].rate_per_hour) == (
        "Excavator operator", Decimal("5.00")
    )
    assert pool["Michelangelo"].rate_per_hour == Decimal("125.00")
    jack = pool["Jack House"]
    assert [day.date for day in jack.days] == [
        date(2009, 2, 2) + timedelta(days=n) for n in range(8)
    ]  # the vacation from 2 to 9 February, both days included
    assert all(day.kind == "leave" for day in jack.days)
    draft = _task(result.document, "Create draft of architecture")
    assert draft.assignments == (
        d.Assignment("Michelangelo", 1.0), d.Assignment("Jack House", 0.5)
    )  # the responsible one first, at their loads


def test_the_planner_sample_brings_its_units(real_plan: Callable[[str], Path]) -> None:
    result = read_planner(real_plan("project1.planner"))
    assert [r.name for r in result.document.resources] == ["Resource One", "Resource Two"]
    assert _task(result.document, "Task 29").assignments == (
        d.Assignment("Resource One", 0.1), d.Assignment("Resource Two", 0.6)
    )


def test_importing_the_gantt_sample_fills_the_pool_with_its_leave(
    real_plan: Callable[[str], Path], workspace: Workspace
) -> None:
    document = read_gan(real_plan("HouseBuildingSample.gan")).document
    with workspace.session() as session:
        import_document(session, document)
    with workspace.read_session() as session:
        assert len(session.scalars(select(Resource)).all()) == 7
        assert len(session.scalars(select(ResourceDay)).all()) == 8


_GAN = """<?xml version="1.0" encoding="UTF-8"?>
<project name="Move" version="3.2">
  <tasks>
    <task id="1" name="Pack" start="2026-12-14" duration="3"/>
  </tasks>
  <resources>
    <resource id="7" name="Max" function="3" contacts="max@example.org" phone="">
      <rate name="standard" value="lots"/>
    </resource>
  </resources>
  <allocations>
    <allocation task-id="1" resource-id="7" responsible="true" load="-20"/>
  </allocations>
  <vacations>
    <vacation start="2026-12-20" end="2026-12-18" resourceid="7"/>
  </vacations>
  <roles><role id="3" name="Mover"/></roles>
</project>
"""

_PLANNER = """<?xml version="1.0"?>
<project name="Cabling" mrproject-version="2" project-start="20260302T000000Z" calendar="1">
  <calendars>
    <day-types><day-type id="0" name="Working"/><day-type id="1" name="Nonworking"/>
    </day-types>
    <calendar id="1" name="Default">
      <default-week mon="0" tue="0" wed="0" thu="0" fri="0" sat="1" sun="1"/>
      <overridden-day-types><overridden-day-type id="0">
        <interval start="0800" end="1200"/><interval start="1300" end="1700"/>
      </overridden-day-type></overridden-day-types>
    </calendar>
  </calendars>
  <tasks>
    <task id="1" name="Pull cable" start="20260302T000000Z" end="20260303T170000Z"
        work-start="20260302T080000Z" type="normal"/>
  </tasks>
  <resource-groups><group id="1" name="Field crew"/></resource-groups>
  <resources>
    <resource id="1" name="Ana" type="1" group="1" email="ana@example.org" std-rate="55.5"/>
    <resource id="2" name="Cat6" type="2" std-rate="NaN"/>
  </resources>
  <allocations>
    <allocation task-id="1" resource-id="1" units="50"/>
    <allocation task-id="1" resource-id="2" units="300"/>
    <allocation task-id="1" resource-id="1" units="10"/>
  </allocations>
</project>
"""


def test_bad_gan_values_are_reported_and_replaced(make_file: Callable[[str, str], Path]) -> None:
    result = read_gan(make_file("move.gan", _GAN))
    assert [str(p) for p in result.problems if p.sheet == "Resources"] == [
        "Resources: Vacation 1 of resource id 7: the leave ends before it starts; it is "
        "skipped.",
        "Resources: Resource 'Max' standard rate: 'lots' is not an amount InfraDesk keeps; "
        "0 is used.",
        "Resources: Allocation of 'Max' to task id 1 load: '-20' is not a percentage above 0; "
        "100% is used.",
    ]
    assert result.document.resources == (
        d.Resource("Max", role="Mover", email="max@example.org"),
    )
    assert _task(result.document, "Pack").assignments == (d.Assignment("Max"),)


def test_planner_groups_materials_and_rates(make_file: Callable[[str, str], Path]) -> None:
    result = read_planner(make_file("cabling.planner", _PLANNER))
    assert result.document.resources == (
        d.Resource("Ana", team="Field crew", email="ana@example.org",
                   rate_per_hour=Decimal("55.50")),
        d.Resource("Cat6", kind="material"),
    )  # fmt: skip
    assert [str(p) for p in result.problems if p.sheet == "Resources"] == [
        "Resources: Resource 'Cat6' std-rate: 'NaN' is not an amount InfraDesk keeps; 0 is "
        "used.",
    ]
    # the second allocation of Ana to the same task is skipped; Cat6's units are a quantity
    assert _task(result.document, "Pull cable").assignments == (
        d.Assignment("Ana", 0.5), d.Assignment("Cat6", 3.0)
    )
