"""Resources and assignments in MS Project XML (issue 18): read (type, units, rates, e-mail,
group, the resource calendar as a base calendar and leave days; assignments with units, work
and cost), written back, read again exactly, and read by MPXJ as MS Project would."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from infradesk.interchange import document as d
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.model import Assignment, BaseCalendar, Resource
from infradesk.services.documents.io import import_document, workspace_document
from infradesk.store.workspace import Workspace

from ..test_resources_json import pool_document
from .mpxj_probe import needs_mpxj


def _without_role(resource: d.Resource) -> d.Resource:
    """MSPDI has no role field: a resource comes back without it."""
    return d.Resource(**{**{f: getattr(resource, f) for f in resource.__slots__}, "role": ""})


def test_written_resources_and_assignments_read_back_exactly(tmp_path: Path) -> None:
    document = pool_document()
    path = tmp_path / "pool.xml"
    write_mspdi(document, path)
    result = read_mspdi(path)
    back = result.document
    assert not [p for p in result.problems if p.sheet in ("Resources", "Assignments")]
    expected = [_without_role(r) for r in document.resources] + [d.Resource(name="Bob Ops")]
    assert list(back.resources) == expected
    # the crew works its own shift: its task runs on "24 Hours" so that, as in MS Project,
    # the shift alone places it (InfraDesk intersects the task's calendar with the crew's)
    assert back.base_calendars == (
        d.BaseCalendar("24 Hours", (0, 1, 2, 3, 4, 5, 6), ((0, 1440),)),
        *document.base_calendars,
    )
    assert [t.calendar for t in back.projects[0].tasks] == ["", "24 Hours", ""]
    assert any("1 task(s) are worked by a resource on a calendar of its own" in note
               for note in result.notes)  # fmt: skip
    assignments = {t.name: t.assignments for t in back.projects[0].tasks}
    assert assignments == {
        "Design": (d.Assignment("Alice Network", 0.5, 1200),),  # no cost given: none written
        "Pull fibre": (
            d.Assignment("Fibre crew", 3.0, 2880, Decimal("6260.00")),
            d.Assignment("Fibre", 200.0, 200),  # a material's work is its quantity
        ),
        "Acceptance": (d.Assignment("Bob Ops", 1.0, 480),),  # the owner, at 100%
    }
    # the task's own cost stays its own: the crew's cost is the assignment's
    assert back.projects[0].tasks[1].cost == 0


def test_the_mpxj_sample_brings_rates_units_costs_and_the_night_shift(
    real_plan: Callable[[str], Path],
) -> None:
    result = read_mspdi(real_plan("legacy_sample1.xml"))
    first, second = result.document.resources
    # StandardRate is per hour (MPXJ shows 10 as 80/d); CostPerUse in hundredths
    assert (first.name, first.rate_per_hour, first.cost_per_use, first.calendar) == (
        "First Resource", Decimal("10.00"), Decimal("30.00"), ""
    )
    assert (second.rate_per_hour, second.cost_per_use, second.calendar) == (
        Decimal("5.00"), Decimal("15.00"), "Night Shift"
    )
    all_hours, night = result.document.base_calendars
    assert all_hours.name == "24 Hours"  # the tasks worked on the night shift run on it
    assert night.name == "Night Shift" and night.working_weekdays == (0, 1, 2, 3, 4, 5)
    assert (1380, 1440) in night.working_hours  # the 23:00 shift
    second_task = next(t for t in result.document.projects[0].tasks if t.name == "Second Task")
    assert second_task.calendar == "24 Hours"  # 'Second Resource' works the night shift
    assert second_task.assignments == (
        d.Assignment("First Resource", 0.5, 200 * 60, Decimal("2015.00")),
        d.Assignment("Second Resource", 0.75, 300 * 60, Decimal("1511.25")),
    )


def test_importing_the_sample_fills_the_pool_with_the_night_shift(
    real_plan: Callable[[str], Path], workspace: Workspace
) -> None:
    document = read_mspdi(real_plan("legacy_sample1.xml")).document
    with workspace.session() as session:
        import_document(session, document)
    with workspace.read_session() as session:
        second = session.scalars(select(Resource).where(Resource.name == "Second Resource")).one()
        calendar = session.get(BaseCalendar, second.calendar_id)
        assert calendar is not None and calendar.name == "Night Shift"
        assert second.rate_per_hour == Decimal("5.00")
        assert len(session.scalars(select(Assignment)).all()) == 4
        exported = workspace_document(session, computed=False)
    assert {r.name for r in exported.resources} == {"First Resource", "Second Resource"}


_HOSTILE = """<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project"><Name>h</Name>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
</Calendar></Calendars><CalendarUID>1</CalendarUID>
<Tasks><Task><UID>1</UID><ID>1</ID><Name>Rack</Name><OutlineLevel>1</OutlineLevel>
<Duration>PT8H0M0S</Duration></Task></Tasks>
<Resources>
<Resource><UID>1</UID><ID>1</ID><Name>Ana</Name><Type>1</Type><MaxUnits>lots</MaxUnits>
<StandardRate>1e99</StandardRate><CostPerUse>NaN</CostPerUse></Resource>
<Resource><UID>2</UID><ID>2</ID><Name>ANA</Name></Resource>
<Resource><UID>0</UID><ID>0</ID><Type>1</Type></Resource>
</Resources>
<Assignments>
<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>-3</Units>
<Work>forever</Work><Cost>-5</Cost></Assignment>
<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID></Assignment>
<Assignment><UID>3</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>
</Assignments></Project>"""


def test_bad_values_are_reported_where_they_are_and_replaced_by_defaults(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xml"
    path.write_text(_HOSTILE, encoding="utf-8")
    result = read_mspdi(path)
    messages = [str(p) for p in result.problems if p.sheet in ("Resources", "Assignments")]
    assert messages == [
        "Resources!row 1: Resource 'Ana' <MaxUnits>: 'lots' is not between 0 and 1000; 100% "
        "is used.",
        "Resources!row 1: Resource 'Ana' <StandardRate>: '1e99' is not an amount InfraDesk "
        "keeps; 0 is used.",
        "Resources!row 1: Resource 'Ana' <CostPerUse>: 'NaN' is not an amount InfraDesk "
        "keeps; 0 is used.",
        "Resources!row 2: Resource 'ANA' is listed twice; its assignments go to the first.",
        "Assignments: Assignment UID 1 ('Ana' on 'Rack') <Units>: '-3' is not between 0 and "
        "1000; 1 (100%) is used.",
        "Assignments: Assignment UID 1 ('Ana' on 'Rack') <Work>: 'forever' is not an amount "
        "of work; it is computed from the duration.",
        "Assignments: Assignment UID 1 ('Ana' on 'Rack') <Cost>: '-5' is not an amount "
        "InfraDesk keeps; it is computed from the rates.",
        "Assignments: Assignment UID 2 ('Ana' on 'Rack'): the resource is assigned to the task "
        "twice; the second is skipped.",
    ]
    assert result.document.resources == (d.Resource(name="Ana"),)
    (task,) = result.document.projects[0].tasks
    assert task.assignments == (d.Assignment("Ana"),)


_MPXJ_PROBE = r"""
import json, sys
import jpype
import mpxj  # noqa: F401
jpype.startJVM()
from org.mpxj.reader import UniversalProjectReader
project = UniversalProjectReader().read(sys.argv[1])
out = {"resources": [], "assignments": []}
for r in project.getResources():
    if r.getName() is None:
        continue
    out["resources"].append([str(r.getName()), str(r.getType()), float(r.getMaxUnits()),
        float(r.getStandardRate().getAmount()), float(r.getCostPerUse()),
        None if r.getEmailAddress() is None else str(r.getEmailAddress())])
for a in project.getResourceAssignments():
    out["assignments"].append([str(a.getTask().getName()), str(a.getResource().getName()),
        float(a.getUnits()), float(a.getWork().getDuration()),
        None if a.getCost() is None else float(a.getCost())])
print(json.dumps(out))
"""


@needs_mpxj
def test_mpxj_reads_the_written_resources_and_assignments(tmp_path: Path) -> None:
    path = tmp_path / "pool.xml"
    write_mspdi(pool_document(), path)
    probe = tmp_path / "probe.py"
    probe.write_text(_MPXJ_PROBE, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(probe), str(path)], capture_output=True, text=True, timeout=180,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["resources"] == [
        ["Alice Network", "WORK", 100.0, 80.0, 0.0, "alice@example.org"],
        ["Fibre crew", "WORK", 300.0, 120.0, 500.0, None],
        ["Fibre", "MATERIAL", 100.0, 2.5, 0.0, None],
        ["Bob Ops", "WORK", 100.0, 0.0, 0.0, None],
    ]
    assert seen["assignments"] == [
        ["Design", "Alice Network", 50.0, 20.0, None],
        ["Pull fibre", "Fibre crew", 300.0, 48.0, 6260.0],
        ["Pull fibre", "Fibre", 20000.0, 200.0, None],
        ["Acceptance", "Bob Ops", 100.0, 8.0, None],
    ]


def test_priority_type_task_calendar_and_leveling_delay_round_trip(tmp_path: Path) -> None:
    cutover = d.Task(
        id=1, name="Cutover", duration_minutes=720, priority=900, task_type="fixed_work",
        calendar="24 Hours", leveling_delay_minutes=960,
    )  # fmt: skip
    after = d.Task(id=2, name="Hypercare", duration_minutes=480, predecessors=(d.Link(1),),
                   task_type="fixed_units")  # fmt: skip
    all_hours = d.BaseCalendar("24 Hours", (0, 1, 2, 3, 4, 5, 6), ((0, 1440),))
    document = d.Document(
        projects=(d.Project(name="Cutover", tasks=(cutover, after)),),
        base_calendars=(all_hours,),
    )
    path = tmp_path / "cutover.xml"
    write_mspdi(document, path)
    result = read_mspdi(path)
    back = {t.name: t for t in result.document.projects[0].tasks}
    got = back["Cutover"]
    assert (got.priority, got.task_type, got.calendar, got.leveling_delay_minutes) == (
        900, "fixed_work", "24 Hours", 960
    )
    other = back["Hypercare"]
    assert (other.priority, other.task_type, other.calendar) == (500, "fixed_units", "")
    assert result.document.base_calendars == (all_hours,)
    assert any("1 task(s) have their own calendar" in note for note in result.notes)
