"""Read Microsoft Project XML (MSPDI) files, from Project 2003 to today.

The reader keeps what InfraDesk models — outline, durations, milestones, % complete, notes,
constraints, the four link types with lags, the project calendar with its exceptions, the
resources with their calendars and assignments (``resources``), baselines — and lists
everything else (split tasks, custom fields, recurring calendar patterns...) in the result's
problems and notes rather than dropping it silently. The parts: ``calendars`` (with
``recurrence``), ``tasks``, ``links``, ``baselines``, ``resources``; ``units`` says how
MSPDI's units are converted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.etree.ElementTree import Element

from infradesk.interchange import document as d
from infradesk.interchange.fidelity_notes import attach_fidelity
from infradesk.interchange.mspdi.baselines import read_baselines
from infradesk.interchange.mspdi.calendars import read_calendar
from infradesk.interchange.mspdi.context import MspdiContext
from infradesk.interchange.mspdi.fidelity_hints import Hints, date_hints
from infradesk.interchange.mspdi.links import resolve_links
from infradesk.interchange.mspdi.resources import read_resources
from infradesk.interchange.mspdi.tasks import (
    build_hierarchy,
    note_task_flags,
    read_owners,
    read_raw_tasks,
)
from infradesk.interchange.mspdi.units import KIND
from infradesk.interchange.problems import ImportResult, UnreadableFileError
from infradesk.interchange.xml_common import TaskDraft, one_project_document
from infradesk.interchange.xml_safety import (
    XmlSource,
    parse_xml_folding,
    require_root,
    source_label,
    text,
)
from infradesk.schedule.passes import gc_paused


def read_mspdi(path: XmlSource) -> ImportResult:
    """Read an MS Project XML (MSPDI) file into a typed document with one project.

    Raises :class:`~infradesk.interchange.problems.UnreadableFileError` when the file is not
    MSPDI, is truncated, or carries a DTD/entities (refused for safety).
    """
    label = source_label(path)
    with gc_paused():  # millions of elements and no cycles: a collection would only cost
        root = parse_xml_folding(path, kind=KIND, records=FOLDED_RECORDS)
        result = _read_root(root, label, let_go=True)
        # the tree goes while the collector is still paused: alive at its first collection
        # after the pause, its millions of elements would be swept once for nothing
        del root
    return result


# What the reader reads of a task and an assignment as elements (the rest are folded texts).
FOLDED_RECORDS = {
    ("Tasks", "Task"): frozenset({"PredecessorLink", "ExtendedAttribute", "Baseline",
                                  "TimephasedData"}),
    ("Assignments", "Assignment"): frozenset({"ExtendedAttribute", "Baseline", "TimephasedData"}),
}  # fmt: skip


def _read_root(root: Element, label: str, *, let_go: bool = False) -> ImportResult:
    """The file's tree as a document with its problems and notes; ``let_go``: empty the tree
    once it is read (its folded records are most of the read's memory on a big file; the
    document and the engine's check of its dates need none of it)."""
    require_root(root, "Project", kind=KIND, label=label)
    if root.find("Tasks") is None and root.find("Calendars") is None:
        # <Project> is a common root name; an MSPDI file always has Tasks or Calendars.
        raise UnreadableFileError(
            f"{label}: not an MS Project XML file — <Project> has neither <Tasks> nor <Calendars>."
        )
    ctx = MspdiContext(root, label)
    document, hints = _read_project(ctx, let_go)
    result = ImportResult(document=document, problems=ctx.problems, notes=ctx.notes)
    return attach_fidelity(result, hints)


def _read_project(ctx: MspdiContext, let_go: bool = False) -> tuple[d.Document, Hints]:
    root = ctx.root
    calendar = read_calendar(ctx)  # first: it sets how long "1d" is for the tasks' messages
    raw = read_raw_tasks(ctx)
    build_hierarchy(ctx, raw)
    read_owners(ctx, raw)
    resources, base_calendars = read_resources(ctx, raw)
    resolve_links(ctx, raw)
    baselines = read_baselines(ctx, raw)
    note_task_flags(ctx, raw)
    hints = date_hints(ctx, raw)
    tasks = [t.doc for t in raw]
    del raw
    name = text(root, "Name") or text(root, "Title") or Path(ctx.label).stem
    if name.lower().endswith((".xml", ".mpp")):
        name = name[:-4]
    start = _project_start(ctx, tasks)
    currency = text(root, "CurrencyCode") or "EUR"
    manager = text(root, "Manager")
    status_date = ctx.when(root, "StatusDate", "Project", None)
    description = text(root, "Comments") or text(root, "Subject") or _summary_notes(ctx)
    _note_unmodeled_project_parts(ctx)
    if let_go:  # the last read of the tree: its records go before the document is built
        root.clear()
    document = one_project_document(
        name=name,
        currency=currency,
        start=start,
        manager=manager,
        status_date=status_date,
        description=description,
        calendar=calendar,
        tasks=tasks,
        baselines=baselines,
        resources=resources,
        base_calendars=base_calendars,
    )
    return document, hints


def _project_start(ctx: MspdiContext, tasks: list[TaskDraft]) -> datetime | None:
    """``<StartDate>``, unless the file's tasks start before it: MS Project 2002 files (and
    tools that imitate them) write the file's creation date there, and a plan scheduled from
    it would move every task (years, on MPXJ's samples). MS Project never schedules a task
    before the project start, so the tasks' earliest start is then the project's, said in a
    note."""
    stated = ctx.when(ctx.root, "StartDate", "Project", None)
    earliest = min((t.start for t in tasks if t.start is not None), default=None)
    if stated is None or earliest is None or earliest >= stated:
        return stated or earliest
    ctx.notes.append(
        f"The file's project start {stated:%Y-%m-%d %H:%M} is later than its first task's "
        f"start {earliest:%Y-%m-%d %H:%M}; the project starts with its tasks."
    )
    return earliest


def _summary_notes(ctx: MspdiContext) -> str:
    """Notes of the project summary task (UID 0): where MS Project keeps project notes."""
    for task in ctx.root.findall("Tasks/Task"):
        if text(task, "UID") == "0":
            return text(task, "Notes")
    return ""


def _note_unmodeled_project_parts(ctx: MspdiContext) -> None:
    root = ctx.root
    resources = [
        r
        for r in root.findall("Resources/Resource")
        if text(r, "IsNull") != "1" and text(r, "Name")
    ]
    if resources:
        ctx.notes.append(
            f"{len(resources)} resource(s) imported with their rates, units, calendars and "
            "assignments; availability periods and cost rate tables B-E are not imported."
        )
    definitions = [
        d
        for d in root.findall("ExtendedAttributes/ExtendedAttribute")
        if text(d, "FieldID") not in ctx.production_fields
    ]
    if definitions:
        names = [
            text(d, "Alias") or text(d, "FieldName") or text(d, "FieldID") for d in definitions
        ]
        ctx.notes.append(
            f"{len(definitions)} custom field definition(s) not imported: "
            + ", ".join(n for n in names if n)
            + "."
        )
    if root.find(".//TimephasedData") is not None:
        ctx.notes.append(
            "Timephased data (work and cost per period, task splits, contours) is not "
            "imported; each task is one continuous bar."
        )
    if root.findall("OutlineCodes/OutlineCode"):
        ctx.notes.append("Outline code definitions are not imported.")
