"""The XML readers return the typed document and the MSPDI writer takes it (issue 14, point 1):
date-times, whole working minutes and calendar hours in minutes, with no text forms on the way.
"""

from __future__ import annotations

import io
from datetime import datetime

from infradesk.interchange import document as d
from infradesk.interchange.ganttproject import read_gan
from infradesk.interchange.mspdi import read_mspdi, write_mspdi
from infradesk.interchange.planner import read_planner
from tests.interchange.xml.test_xml_value_rules import gan, mspdi, planner


def _only_project(document: d.Document | dict[str, object]) -> d.Project:
    assert isinstance(document, d.Document)
    (project,) = document.projects
    return project


def test_mspdi_reader_returns_dates_minutes_and_links_as_values() -> None:
    project = _only_project(read_mspdi(mspdi(lag="4800")).document)
    design, build = project.tasks
    assert design.start == datetime(2026, 3, 2, 8, 0)
    assert design.duration_minutes == 40 * 60
    assert build.predecessors == (d.Link(task=design.id, type="FS", lag_minutes=480),)
    assert project.calendar is not None
    assert project.calendar.working_hours == ((480, 720), (780, 1020))
    assert project.start == datetime(2026, 3, 2, 8, 0)


def test_ganttproject_reader_returns_the_typed_document() -> None:
    project = _only_project(read_gan(gan(difference="2")).document)
    pack, truck = project.tasks
    assert pack.start == datetime(2026, 3, 2, 8, 0) and pack.duration_minutes == 3 * 480
    assert truck.predecessors == (d.Link(task=pack.id, type="FS", lag_minutes=2 * 480),)
    assert pack.percent_complete == 10


def test_planner_reader_returns_the_typed_document() -> None:
    project = _only_project(read_planner(planner()).document)
    prepare, verify = project.tasks
    assert prepare.start == datetime(2026, 3, 2, 8, 0)
    assert prepare.duration_minutes == 2 * 480
    assert verify.predecessors == (d.Link(task=prepare.id, type="FS", lag_minutes=0),)


def test_mspdi_writer_takes_the_typed_document_and_reads_back_the_same_plan() -> None:
    first = _only_project(read_mspdi(mspdi(lag="4800")).document)
    stream = io.BytesIO()
    write_mspdi(d.Document(projects=(first,)), stream)
    again = _only_project(read_mspdi(stream.getvalue()).document)
    assert [
        (t.name, t.start, t.finish, t.duration_minutes, t.predecessors) for t in again.tasks
    ] == [(t.name, t.start, t.finish, t.duration_minutes, t.predecessors) for t in first.tasks]
