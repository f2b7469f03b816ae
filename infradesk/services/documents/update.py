"""Update an existing project from an interchange document (a re-imported Excel plan...).

Rows of the document are matched to the project's rows, never duplicated:

* tasks by external reference (the id in the source file), then by WBS code, then by name
  (only when the name is unique among the rows still unmatched);
* risks, issues, assumptions, external dependencies, decisions and change requests by their
  code;
* vendors by name, their contracts by number and their deliveries by description;
* runbooks by name (case ignored): a runbook of the file replaces the project's runbook of
  that name whole (steps, services and runs), the project's other runbooks are kept.

:func:`plan_update` only reads and reports what would happen (counts of updated, new and
unchanged rows, with the changed fields); :func:`apply_update` writes it inside the caller's
transaction and reschedules the project. :class:`UpdateProjectCommand` and
:class:`ImportDocumentCommand` make either kind of import one undo step.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, delete, func, select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.interchange.document_schedule import DocumentSchedule
from infradesk.interchange.json_document import project_from_json
from infradesk.model import (
    Assignment,
    BaseCalendar,
    ChangeWindow,
    Deliverable,
    Dependency,
    HandoverTemplateItem,
    Project,
    Resource,
    Runbook,
    Task,
    Vendor,
)
from infradesk.services.commands import Command
from infradesk.services.documents import governance as doc_governance
from infradesk.services.documents import resources as doc_resources
from infradesk.services.documents import risks as doc_risks
from infradesk.services.documents import runbooks as doc_runbooks
from infradesk.services.documents import vendors as doc_vendors
from infradesk.services.documents.io import import_document_pool
from infradesk.services.documents.plan import DocumentError, outline_order
from infradesk.services.plan import scheduling
from infradesk.services.risks.fields import Entity, RaidEditError, parse_value
from infradesk.services.snapshot import (
    RowSnapshot,
    delete_rows,
    restore_snapshot,
    take_snapshot,
)

_PROJECTS = cast(Table, Project.__table__)  # declared as a FromClause by SQLAlchemy
_RESOURCES = cast(Table, Resource.__table__)
_BASE_CALENDARS = cast(Table, BaseCalendar.__table__)
_WINDOWS = cast(Table, ChangeWindow.__table__)
_TEMPLATE = cast(Table, HandoverTemplateItem.__table__)
TASK_FIELDS = (
    "name", "duration_minutes", "percent_complete", "milestone", "owner", "notes",
    "constraint_type", "constraint_date", "deadline", "production_change", "external_ref",
    "actual_start", "actual_finish", "cost", "actual_cost", "estimated", "manual", "elapsed",
)  # fmt: skip
_FLAGS = {"milestone", "production_change", "estimated", "manual", "elapsed"}


@dataclass
class RowChange:
    """One row of the document and what the update does with it."""

    section: str  # tasks, risks, issues, ..., vendors
    key: str  # what the user recognises: the name, the code
    action: str  # "updated" | "new" | "unchanged"
    fields: list[str] = field(default_factory=list)  # changed fields, for "updated"
    matched_by: str = ""  # external_ref | wbs | name | code


@dataclass
class UpdatePlan:
    """What :func:`apply_update` would do; shown to the user before confirming."""

    project: str
    changes: list[RowChange] = field(default_factory=list)
    kept: Counter = field(default_factory=Counter)  # rows of the project absent from the file
    # the resources the update added to the pool (apply_update only; undo removes them)
    created_resources: set[int] = field(default_factory=set)

    def count(self, action: str, section: str | None = None) -> int:
        return sum(
            1
            for c in self.changes
            if c.action == action and (section is None or c.section == section)
        )

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def new(self) -> int:
        return self.count("new")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    def sections(self) -> list[str]:
        return list(dict.fromkeys(c.section for c in self.changes))

    def summary(self) -> str:
        lines = [
            f"Update of '{self.project}': {self.updated} updated, {self.new} new, "
            f"{self.unchanged} unchanged"
        ]
        for section in self.sections():
            line = (
                f"  {section}: {self.count('updated', section)} updated, "
                f"{self.count('new', section)} new, {self.count('unchanged', section)} unchanged"
            )
            if self.kept[section]:
                line += f" ({self.kept[section]} not in the file are kept)"
            lines.append(line)
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


# ---------------------------------------------------------------- tasks


def typed_project(project_doc: d.Project | Mapping[str, Any]) -> d.Project:
    """The project part of a document, typed (a JSON-shaped dict converted, errors located)."""
    if isinstance(project_doc, d.Project):
        return project_doc
    return project_from_json(project_doc, "project")


def _gives(item: d.Task, key: str) -> bool:
    return item.given is None or key in item.given


def _doc_value(key: str, item: d.Task) -> Any:
    if key == "owner" and item.assignments:  # the primary assignee (issue 18), as stored
        return " ".join(item.assignments[0].resource.split())
    value = getattr(item, key)
    if key == "percent_complete":
        return float(value or 0)
    if key in _FLAGS:
        return bool(value)
    return value


# rolled up from the children (a summary's own actuals and costs are not used either; its
# duration is rolled up, so whether it is elapsed is not its own either)
_ROLLED_UP = {
    "duration_minutes", "percent_complete", "milestone", "elapsed",
    "actual_start", "actual_finish", "cost", "actual_cost",
}  # fmt: skip


def _task_keys(item: d.Task, summary: bool = False) -> list[str]:
    """The task fields the document gives; a summary's duration and progress are rolled up
    from its children by the scheduler, so the file's values for them are not compared."""
    keys = [k for k in TASK_FIELDS if _gives(item, k)]
    if summary:
        keys = [k for k in keys if k not in _ROLLED_UP]
    return keys


def _summaries(items: Sequence[d.Task]) -> set[int]:
    return {item.parent for item in items if item.parent is not None}


@dataclass
class _TaskMatch:
    doc: d.Task
    task: Task | None
    matched_by: str


def _match_tasks(session: Session, project_id: int, items: Sequence[d.Task]) -> list[_TaskMatch]:
    tasks = list(session.scalars(select(Task).where(Task.project_id == project_id)))
    by_ref: dict[str, list[Task]] = {}
    by_wbs: dict[str, Task] = {}
    by_name: dict[str, list[Task]] = {}
    for task, code in outline_order(tasks):
        by_wbs[code] = task
        if task.external_ref:
            by_ref.setdefault(task.external_ref, []).append(task)
        by_name.setdefault(task.name.strip().lower(), []).append(task)
    taken: set[int] = set()
    matches: list[_TaskMatch] = []
    pending: list[int] = []
    ref_counts = Counter(item.external_ref for item in items)
    doc_names = {item.name.strip().lower() for item in items}
    # pass 1: external reference (when it identifies one row), then WBS
    for item in items:
        found: Task | None = None
        how = ""
        ref = item.external_ref
        if ref_counts[ref] > 1:
            ref = ""
        candidates = [t for t in by_ref.get(ref, []) if t.id not in taken] if ref else []
        if len(candidates) == 1:
            found, how = candidates[0], "external_ref"
        elif item.wbs and item.wbs in by_wbs:
            wbs_task = by_wbs[item.wbs]
            name = item.name.strip().lower()
            db_name = wbs_task.name.strip().lower()
            # a renamed row at the same place matches; a row that moved does not
            renamed = name not in by_name and db_name not in doc_names and not ref
            if wbs_task.id not in taken and (db_name == name or renamed):
                found, how = wbs_task, "wbs"
        if found is not None:
            taken.add(found.id)
        else:
            pending.append(len(matches))
        matches.append(_TaskMatch(item, found, how))
    # pass 2: unique names among what is left
    for index in pending:
        name = matches[index].doc.name.strip().lower()
        candidates = [t for t in by_name.get(name, []) if t.id not in taken]
        if name and len(candidates) == 1:
            matches[index].task, matches[index].matched_by = candidates[0], "name"
            taken.add(candidates[0].id)
    return matches


def _links_of(session: Session, successor_ids: set[int]) -> dict[int, set[tuple[int, str, int]]]:
    links: dict[int, set[tuple[int, str, int]]] = {}
    if not successor_ids:
        return links
    for dep in session.scalars(
        select(Dependency).where(Dependency.successor_id.in_(successor_ids))
    ):
        links.setdefault(dep.successor_id, set()).add(
            (dep.predecessor_id, dep.type, dep.lag_minutes)
        )
    return links


def _doc_links(
    item: d.Task, id_map: Mapping[int, int | None]
) -> set[tuple[Any, str, int]] | None:
    """The item's predecessors as (db id, or ("doc", id) when new; type; lag); None if the
    document does not give them."""
    if not _gives(item, "predecessors"):
        return None
    out: set[tuple[Any, str, int]] = set()
    for link in item.predecessors:
        if link.task not in id_map:
            raise DocumentError(f"task '{item.name}': there is no task {link.task}")
        target = id_map[link.task]
        out.add((target if target is not None else ("doc", link.task), link.type, link.lag_minutes))
    return out


def _plan_tasks(
    session: Session, project: Project, items: Sequence[d.Task], plan: UpdatePlan
) -> list[_TaskMatch]:
    matches = _match_tasks(session, project.id, items)
    id_map: dict[int, int | None] = {m.doc.id: (m.task.id if m.task else None) for m in matches}
    existing_links = _links_of(session, {m.task.id for m in matches if m.task})
    summaries = _summaries(items)
    for match in matches:
        item, task = match.doc, match.task
        name = item.name
        if task is None:
            plan.changes.append(RowChange("tasks", name, "new"))
            continue
        summary = item.id in summaries
        changed = [
            key for key in _task_keys(item, summary) if _doc_value(key, item) != getattr(task, key)
        ]
        if _gives(item, "parent"):
            parent = item.parent
            wanted_parent = id_map.get(parent) if parent is not None else None
            if parent is not None and wanted_parent is None:
                changed.append("parent")  # moves under a new task
            elif wanted_parent != task.parent_id:
                changed.append("parent")
        links = _doc_links(item, id_map)
        if links is not None and links != existing_links.get(task.id, set()):
            changed.append("predecessors")
        action = "updated" if changed else "unchanged"
        plan.changes.append(RowChange("tasks", name, action, changed, match.matched_by))
    total = session.scalar(
        select(func.count()).select_from(Task).where(Task.project_id == project.id)
    )
    plan.kept["tasks"] = (total or 0) - sum(1 for m in matches if m.task)
    return matches


def _apply_tasks(session: Session, project: Project, matches: list[_TaskMatch]) -> dict[int, int]:
    """Write task changes; returns document id -> database id for every document task."""
    id_map: dict[int, int] = {}
    next_position: dict[int | None, int] = {}
    summaries = _summaries([m.doc for m in matches])

    def position_after(parent_id: int | None) -> int:
        if parent_id not in next_position:
            current = session.scalar(
                select(func.max(Task.position)).where(
                    Task.project_id == project.id,
                    Task.parent_id.is_(None) if parent_id is None else Task.parent_id == parent_id,
                )
            )
            next_position[parent_id] = -1 if current is None else current
        next_position[parent_id] += 1
        return next_position[parent_id]

    for match in matches:
        item = match.doc
        parent_doc = item.parent
        parent_id = id_map.get(parent_doc) if parent_doc is not None else None
        if parent_doc is not None and parent_id is None:
            raise DocumentError(f"task '{item.name}': its parent is not listed before it")
        task = match.task
        if task is None:
            task = Task(
                project_id=project.id, parent_id=parent_id, position=position_after(parent_id)
            )
            for key in TASK_FIELDS:
                setattr(task, key, _doc_value(key, item))
            session.add(task)
            session.flush()
        else:
            for key in _task_keys(item, item.id in summaries):
                value = _doc_value(key, item)
                if getattr(task, key) != value:
                    setattr(task, key, value)
                if key == "constraint_type" and task.start_no_earlier_than is not None:
                    # the old column (issue 15 transition) would still read as SNET
                    task.start_no_earlier_than = None
            if _gives(item, "parent") and task.parent_id != parent_id:
                task.parent_id = parent_id
                task.position = position_after(parent_id)
        id_map[item.id] = task.id
    session.flush()
    for match in matches:
        item = match.doc
        if not _gives(item, "predecessors"):
            continue
        successor = id_map[item.id]
        wanted = _doc_links(item, dict(id_map)) or set()
        session.execute(delete(Dependency).where(Dependency.successor_id == successor))
        seen: set[int] = set()
        for predecessor, kind, lag in sorted(wanted, key=str):
            if predecessor == successor or predecessor in seen:
                continue
            seen.add(predecessor)
            session.add(
                Dependency(
                    project_id=project.id,
                    predecessor_id=predecessor,
                    successor_id=successor,
                    type=kind,
                    lag_minutes=lag,
                )
            )
    session.flush()
    return id_map


# ---------------------------------------------------------------- RAID log


def _raid_values(spec: Entity, item: Any) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column, raw in doc_risks.record_values(spec, item).items():
        field_spec = spec.field(column)
        if raw is None and field_spec.kind != "date":
            continue
        try:
            values[column] = parse_value(field_spec, raw)
        except RaidEditError as error:
            raise DocumentError(f"{spec.singular} '{item.code}': {error}") from error
    return values


def _label(item: Any) -> str:
    for key in ("title", "statement", "decision", "description", "name", "content"):
        text = getattr(item, key, None)
        if text:
            return str(text)
    return str(item.code or "")


def _plan_raid(
    session: Session, project: Project, data: d.Project, plan: UpdatePlan, apply: bool
) -> dict[str, list[Any]]:
    """Update matched RAID records (when ``apply``); return the new ones, per section."""
    new: dict[str, list[Any]] = {}
    for section, spec, model, _record_type in (*doc_risks.SECTIONS, *doc_governance.SECTIONS):
        items = getattr(data, section)
        if not items:
            continue
        existing = {
            r.code: r for r in session.scalars(select(model).where(model.project_id == project.id))
        }
        matched = 0
        for item in items:
            code = str(item.code or "")
            record = existing.get(code) if code else None
            label = _label(item)
            if record is None:
                plan.changes.append(RowChange(section, f"{code} {label}".strip(), "new"))
                new.setdefault(section, []).append(item)
                continue
            matched += 1
            values = _raid_values(spec, item)
            changed = [k for k, v in values.items() if getattr(record, k) != v]
            action = "updated" if changed else "unchanged"
            plan.changes.append(RowChange(section, f"{code} {label}", action, changed, "code"))
            if apply:
                for key in changed:
                    setattr(record, key, values[key])
        plan.kept[section] = len(existing) - matched
    return new


# ---------------------------------------------------------------- vendors


def _plan_vendors(
    session: Session,
    project: Project,
    data: d.Project,
    plan: UpdatePlan,
    apply: bool,
    task_ids: dict[int, int],
) -> list[d.Vendor]:
    items = data.vendors
    if not items:
        return []
    existing = {
        v.name.strip().lower(): v
        for v in session.scalars(select(Vendor).where(Vendor.project_id == project.id))
    }
    new: list[d.Vendor] = []
    matched = 0
    for item in items:
        name = item.name.strip()
        vendor = existing.get(name.lower())
        if vendor is None:
            plan.changes.append(RowChange("vendors", name, "new"))
            new.append(item)
            continue
        matched += 1
        changed: list[str] = []
        if item.notes and item.notes != vendor.notes:
            changed.append("notes")
            if apply:
                vendor.notes = item.notes
        numbers = {c.number: c for c in vendor.contracts}
        for contract in item.contracts:
            number = contract.number
            if number and number in numbers:
                continue
            changed.append(f"contract {number or contract.title}".strip())
            if apply:
                vendor.contracts.append(
                    doc_vendors.contract_from_doc(contract, "contract", project.currency)
                )
        descriptions = {row.description for row in vendor.deliverables}
        for delivery in item.deliverables:
            description = delivery.description
            if description in descriptions:
                continue
            changed.append(f"delivery {description}")
            if apply:
                task = delivery.task
                vendor.deliverables.append(
                    Deliverable(
                        description=description,
                        quantity=delivery.quantity or 1,
                        promised=delivery.promised,
                        actual=delivery.actual,
                        task_id=task_ids.get(task) if task is not None else None,
                    )
                )
        action = "updated" if changed else "unchanged"
        plan.changes.append(RowChange("vendors", name, action, changed, "name"))
    plan.kept["vendors"] = len(existing) - matched
    return new


# ---------------------------------------------------------------- public API


def _project(session: Session, project_id: int) -> Project:
    project = session.get(Project, project_id)
    if project is None:
        raise DocumentError(f"there is no project with id {project_id}")
    return project


def plan_update(
    session: Session, project_id: int, project_doc: d.Project | Mapping[str, Any]
) -> UpdatePlan:
    """What updating ``project_id`` from ``project_doc`` would change. Writes nothing."""
    data = typed_project(project_doc)
    project = _project(session, project_id)
    plan = UpdatePlan(project.name)
    with session.no_autoflush:
        _plan_tasks(session, project, data.tasks, plan)
        _plan_raid(session, project, data, plan, apply=False)
        _plan_vendors(session, project, data, plan, apply=False, task_ids={})
        _plan_runbooks(session, project, data, plan)
    return plan


def _plan_runbooks(session: Session, project: Project, data: d.Project, plan: UpdatePlan) -> None:
    """A runbook of the file replaces the project's runbook of the same name (case ignored),
    steps and runs included, or is new; the project's other runbooks are kept."""
    if not data.runbooks:
        return
    stored = {
        name.strip().casefold()
        for name in session.scalars(select(Runbook.name).where(Runbook.project_id == project.id))
    }
    for runbook in data.runbooks:
        replaced = runbook.name.strip().casefold() in stored
        action = "updated" if replaced else "new"
        plan.changes.append(
            RowChange("runbooks", runbook.name, action, ["replaced"] if replaced else [], "name")
        )


def apply_update(
    session: Session,
    project_id: int,
    project_doc: d.Project | Mapping[str, Any],
    pool_doc: d.Document | None = None,
) -> UpdatePlan:
    """Update ``project_id`` from ``project_doc`` inside the caller's transaction, then
    reschedule it. Returns the plan that was carried out. ``pool_doc``: the document the
    project came from, whose resources and base calendars its assignments name; the tasks the
    file assigns get its assignments (pool matched, missing resources created, named in
    ``plan.created_resources``)."""
    data = typed_project(project_doc)
    project = _project(session, project_id)
    plan = UpdatePlan(project.name)
    matches = _plan_tasks(session, project, data.tasks, plan)
    task_ids = _apply_tasks(session, project, matches)
    pool: doc_resources.ImportedPool | None = None
    assigned = any(task.assignments for task in data.tasks)
    if assigned or data.runbooks:  # the runbooks' owners are pool names too
        pool = doc_resources.import_pool(
            session,
            d.Document(
                projects=(data,),
                resources=pool_doc.resources if pool_doc is not None else (),
                base_calendars=pool_doc.base_calendars if pool_doc is not None else (),
            ),
            owners_too=False,
        )
        if assigned:
            doc_resources.update_assignments(session, data, task_ids, pool)
        plan.created_resources = set(pool.created_resources)
    new_raid = _plan_raid(session, project, data, plan, apply=True)
    governance_only = d.Project(
        meetings=tuple(new_raid.get("meetings", ())),
        actions=tuple(new_raid.get("actions", ())),
        stakeholders=tuple(new_raid.get("stakeholders", ())),
        communication_plan=tuple(new_raid.get("communication_plan", ())),
        handover=tuple(new_raid.get("handover", ())),
        change_windows=data.change_windows,
    )
    meetings = doc_governance.import_governance(session, project, governance_only, "update")
    if any(new_raid.get(section) for section, *_ in doc_risks.SECTIONS):
        raid_only = d.Project(
            risks=tuple(new_raid.get("risks", ())),
            issues=tuple(new_raid.get("issues", ())),
            assumptions=tuple(new_raid.get("assumptions", ())),
            change_requests=tuple(new_raid.get("change_requests", ())),
            decisions=tuple(new_raid.get("decisions", ())),
            dependencies=tuple(new_raid.get("dependencies", ())),
        )
        doc_risks.import_risks(session, project, raid_only, task_ids, "update", meetings)
    doc_governance.relink_meetings(session, project, data, meetings)
    new_vendors = _plan_vendors(session, project, data, plan, apply=True, task_ids=task_ids)
    if new_vendors:
        vendors_only = d.Project(vendors=tuple(new_vendors))
        doc_vendors.import_vendors(session, project, vendors_only, task_ids, "update")
    _plan_runbooks(session, project, data, plan)
    doc_runbooks.replace_runbooks(session, project, data, task_ids, pool, "update")
    session.flush()
    scheduling.reschedule(session, project.id)
    return plan


class UpdateProjectCommand(Command):
    """Updating a project from a file as one undo step (the whole project is snapshotted)."""

    text = "Update project from file"
    affects = frozenset({"projects", "tasks", "risks", "vendors", "resources"})

    def __init__(
        self,
        project_id: int,
        project_doc: d.Project | Mapping[str, Any],
        pool_doc: d.Document | None = None,
    ) -> None:
        self.project_id = project_id
        self.target = project_id
        self.project_doc = typed_project(project_doc)
        self.pool_doc = pool_doc
        self.before: RowSnapshot | None = None
        self.plan: UpdatePlan | None = None

    def do(self, session: Session) -> None:
        self.before = take_snapshot(session, _PROJECTS, {self.target})
        self.plan = apply_update(session, self.target, self.project_doc, self.pool_doc)

    def undo(self, session: Session) -> None:
        assert self.before is not None
        delete_rows(session, _PROJECTS, {self.target})
        restore_snapshot(session, self.before)
        created = self.plan.created_resources if self.plan is not None else set()
        if created:  # the resources the update added, unless assigned elsewhere since
            created = created - set(
                session.scalars(
                    select(Assignment.resource_id).where(Assignment.resource_id.in_(created))
                )
            )
            delete_rows(session, _RESOURCES, created)


class ImportDocumentCommand(Command):
    """Importing a document as new project(s), as one undo step: undo removes the projects
    and the resources and base calendars the import added to the pool (matched ones stay)."""

    text = "Import"
    affects = frozenset({"projects", "tasks", "risks", "vendors", "resources"})

    def __init__(
        self,
        document: d.Document | Mapping[str, Any],
        project_name: str | None = None,
        schedules: Mapping[int, DocumentSchedule] | None = None,
    ) -> None:
        self.document = document
        self.project_name = project_name
        self.schedules = schedules
        self.project_ids: list[int] = []
        self.created_resources: set[int] = set()
        self.created_calendars: set[int] = set()
        self.created_windows: set[int] = set()
        self.created_template_items: set[int] = set()
        self.snapshots: list[RowSnapshot] | None = None

    def do(self, session: Session) -> None:
        if self.snapshots is not None:  # redo: put back exactly what was undone
            for snapshot in self.snapshots:  # foreign keys are checked at commit
                restore_snapshot(session, snapshot)
            return
        self.project_ids, pool = import_document_pool(
            session, self.document, self.project_name, self.schedules
        )
        self.created_resources = set(pool.created_resources)
        self.created_calendars = set(pool.created_calendars)
        self.created_windows = set(pool.created_windows)
        self.created_template_items = set(pool.created_template_items)
        self.project_id = self.project_ids[0] if self.project_ids else None

    def undo(self, session: Session) -> None:
        # projects first (their assignments go with their tasks), then the pool rows the
        # import created, each snapshotted just before its delete so nothing is taken twice
        self.snapshots = []
        for table, ids in (
            (_PROJECTS, set(self.project_ids)),
            (_RESOURCES, self.created_resources),
            (_BASE_CALENDARS, self.created_calendars),
            (_WINDOWS, self.created_windows),
            (_TEMPLATE, self.created_template_items),
        ):
            if table is _RESOURCES:  # one since assigned in another project stays
                ids = ids - set(
                    session.scalars(
                        select(Assignment.resource_id).where(Assignment.resource_id.in_(ids))
                    )
                )
            if ids:
                self.snapshots.append(take_snapshot(session, table, ids))
                delete_rows(session, table, ids)
