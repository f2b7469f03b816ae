"""Read what the change-conflict rules need from the workspace, run them, and hand back plain
rows for the change log, the Gantt and the weekly report.

Conflicts look across the whole workspace (another project's change on the same service, a
person booked in another plan), so one read covers every project: the open changes with a
window, the production-change tasks no change implements, the windows (shared, per project,
and the project calendars' freezes) and the assignments of only the people involved.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import DateTime, Integer, and_, column, select, values
from sqlalchemy.orm import Session

from infradesk.model import (
    Assignment,
    Calendar,
    ChangeRequest,
    ChangeWindow,
    FreezeWindow,
    Project,
    Resource,
    Task,
)
from infradesk.services.governance.conflicts import (
    CAB_EXEMPT,
    REVIEWED_OUTCOMES,
    Booking,
    Conflict,
    ConflictInput,
    Window,
    Work,
    find_conflicts,
    split_names,
)
from infradesk.store.workspace import Workspace

#: change statuses whose window no longer matters
INACTIVE_CHANGE_STATUSES = frozenset({"rejected", "deferred", "implemented"})


@dataclass(frozen=True)
class ConflictRow:
    """The conflicts of one change request (``kind`` "change") or production-change task
    ("task"), with what a listing shows about it."""

    kind: str
    id: int
    project_id: int
    label: str  # CR-004, or the task's name
    title: str
    start: datetime
    finish: datetime
    messages: tuple[str, ...]


@dataclass(frozen=True)
class WorkspaceConflicts:
    """Every flagged change and task of the workspace."""

    rows: tuple[ConflictRow, ...]
    # (project id, task id, messages) of the changes a task implements, each message
    # prefixed with the change's code
    implementing: tuple[tuple[int, int, tuple[str, ...]], ...] = ()

    def for_project(self, project_id: int) -> list[ConflictRow]:
        return [row for row in self.rows if row.project_id == project_id]

    def of_change(self, change_id: int) -> tuple[str, ...]:
        return self._index().get(("change", change_id), ())

    def of_task(self, task_id: int) -> tuple[str, ...]:
        return self._index().get(("task", task_id), ())

    def task_messages(self, project_id: int) -> dict[int, tuple[str, ...]]:
        """Per task of the project: the conflicts of the task itself or of the changes it
        implements (what the Gantt marks on its bar)."""
        out: dict[int, list[str]] = defaultdict(list)
        for row in self.rows:
            if row.project_id != project_id:
                continue
            if row.kind == "task":
                out[row.id].extend(row.messages)
        for project, task_id, messages in self.implementing:
            if project == project_id:
                out[task_id].extend(messages)
        return {task_id: tuple(messages) for task_id, messages in out.items()}

    def _index(self) -> dict[tuple[str, int], tuple[str, ...]]:
        return {(row.kind, row.id): row.messages for row in self.rows}


def workspace_conflicts(
    session: Session, today: date | None = None, project_id: int | None = None
) -> WorkspaceConflicts:
    """Run the rules over the whole workspace (one read). With ``project_id`` only that
    project's work is reported (other projects' changes still count for overlaps and double
    bookings), and only its people's bookings are read: what a project's views need."""
    data, rows_of = load_input(session, today or date.today(), project_id)
    found = find_conflicts(data)
    rows = []
    implements: list[tuple[int, int, tuple[str, ...]]] = []
    for work in data.work:
        conflicts = found.get(work.key)
        if not conflicts or (project_id is not None and work.project_id != project_id):
            continue
        kind, record_id = work.key
        label, title, task_id = rows_of[work.key]
        messages = tuple(c.message for c in _sorted(conflicts))
        rows.append(
            ConflictRow(
                kind, record_id, work.project_id, label, title, work.start, work.finish, messages
            )
        )
        if kind == "change" and task_id is not None:
            implements.append((work.project_id, task_id, tuple(f"{label}: {m}" for m in messages)))
    rows.sort(key=lambda r: (r.project_id, r.start, r.label))
    return WorkspaceConflicts(tuple(rows), tuple(implements))


def _sorted(conflicts: list[Conflict]) -> list[Conflict]:
    order = {"freeze": 0, "maintenance": 1, "cab": 2, "overlap": 3, "person": 4}
    return sorted(conflicts, key=lambda c: order.get(c.rule, 9))


def load_input(
    session: Session, today: date, project_id: int | None = None
) -> tuple[ConflictInput, dict[tuple[str, int], tuple[str, str, int | None]]]:
    """The rules' input, and per work key its label, title and implementing task. With
    ``project_id`` the bookings are read for the people of that project's work only."""
    projects = dict(session.execute(select(Project.id, Project.name)).all())
    several = len(projects) > 1
    work: list[Work] = []
    rows_of: dict[tuple[str, int], tuple[str, str, int | None]] = {}
    shown: dict[str, str] = {}
    typed: dict[str, str] = {}  # service names as the user spelled them
    changes = session.execute(
        select(
            ChangeRequest.id,
            ChangeRequest.project_id,
            ChangeRequest.code,
            ChangeRequest.title,
            ChangeRequest.status,
            ChangeRequest.itil_class,
            ChangeRequest.cab_required,
            ChangeRequest.cab_outcome,
            ChangeRequest.cab_date,
            ChangeRequest.requested,
            ChangeRequest.window_start,
            ChangeRequest.window_finish,
            ChangeRequest.services,
            ChangeRequest.implementer,
            ChangeRequest.task_id,
            Task.start,
            Task.finish,
        )
        .outerjoin(Task, Task.id == ChangeRequest.task_id)
        .where(ChangeRequest.status.not_in(INACTIVE_CHANGE_STATUSES))
        .order_by(ChangeRequest.id)  # how a name was first typed: the oldest record's
    ).all()
    implemented: set[int] = set()
    for (
        change_id, owner, code, title, _status, itil, cab_required, outcome, cab_date,
        requested, w_start, w_finish, services, implementer, task_id, t_start, t_finish,
    ) in changes:  # fmt: skip
        if task_id is not None:
            implemented.add(task_id)
        start = w_start or t_start
        finish = w_finish or t_finish
        if start is None or finish is None or finish <= start:
            continue
        people = split_names(implementer)
        for name in implementer.replace(";", ",").split(","):
            if name.strip():
                shown[name.strip().lower()] = name.strip()
        label = f"{code} ({projects.get(owner, '?')})" if several else code
        itil = (itil or "").lower()
        work.append(
            Work(
                ("change", change_id),
                owner,
                label,
                start,
                finish,
                _learn(services, typed),
                people,
                frozenset({task_id}) if task_id is not None else frozenset(),
                needs_cab=(
                    itil not in CAB_EXEMPT
                    and (cab_required or itil == "normal")
                    and outcome not in REVIEWED_OUTCOMES
                ),
                cab_date=cab_date,
                requested=requested,
            )
        )
        rows_of[("change", change_id)] = (code, title, task_id)
    _add_production_tasks(session, work, rows_of, shown, implemented, projects, several)
    return (
        ConflictInput(
            work=work,
            windows=load_windows(session, typed),
            bookings=_bookings(
                session,
                [w for w in work if project_id is None or w.project_id == project_id],
                projects,
                several,
                shown,
            ),
            today=today,
            people=shown,
            services=typed,
            bookings_sorted=True,
        ),
        rows_of,
    )


def _add_production_tasks(
    session: Session,
    work: list[Work],
    rows_of: dict[tuple[str, int], tuple[str, str, int | None]],
    shown: dict[str, str],
    implemented: set[int],
    projects: dict[int, str],
    several: bool,
) -> None:
    """Production-change tasks no change request implements: their scheduled dates and
    assigned resources."""
    tasks = session.execute(
        select(Task.id, Task.project_id, Task.name, Task.start, Task.finish).where(
            Task.production_change.is_(True),
            Task.start.is_not(None),
            Task.finish.is_not(None),
            Task.percent_complete < 100,
        )
        .order_by(Task.id)
    ).all()
    tasks = [t for t in tasks if t.id not in implemented and t.finish > t.start]
    if not tasks:
        return
    people: dict[int, set[str]] = defaultdict(set)
    ids = [t.id for t in tasks]
    for chunk in range(0, len(ids), 500):
        for task_id, name in session.execute(
            select(Assignment.task_id, Resource.name)
            .join(Resource, Resource.id == Assignment.resource_id)
            .where(Assignment.task_id.in_(ids[chunk : chunk + 500]))
            .order_by(Assignment.id)
        ).all():
            people[task_id].add(name.lower())
            shown[name.lower()] = name
    for task in tasks:
        label = f"'{task.name}'" + (f" ({projects.get(task.project_id, '?')})" if several else "")
        work.append(
            Work(
                ("task", task.id),
                task.project_id,
                label,
                task.start,
                task.finish,
                frozenset(),
                frozenset(people.get(task.id, ())),
                frozenset({task.id}),
            )
        )
        rows_of[("task", task.id)] = (task.name, task.name, task.id)


def _learn(text: str, typed: dict[str, str]) -> frozenset[str]:
    """The services of ``text`` (lower case); ``typed`` keeps how each was first spelled."""
    for part in text.replace(";", ",").split(","):
        if part.strip():
            typed.setdefault(part.strip().lower(), part.strip())
    return split_names(text)


def load_windows(session: Session, typed: dict[str, str] | None = None) -> list[Window]:
    """The change windows (shared and per project) and the project calendars' freezes (a
    date range, its last day included); ``typed`` learns how services are spelled."""
    typed = {} if typed is None else typed
    windows = [
        Window(
            w.name,
            w.kind,
            w.start,
            w.finish,
            _learn(w.services, typed),
            w.project_id,
            "shared" if w.project_id is None else "project",
        )
        for w in session.scalars(select(ChangeWindow).order_by(ChangeWindow.id))
    ]
    for name, start, finish, project_id in session.execute(
        select(
            FreezeWindow.name, FreezeWindow.start, FreezeWindow.finish, Calendar.project_id
        )
        .join(Calendar, Calendar.id == FreezeWindow.calendar_id)
        .order_by(FreezeWindow.id)
    ).all():
        windows.append(
            Window(
                name,
                "freeze",
                datetime.combine(start, datetime.min.time()),
                datetime.combine(finish + timedelta(days=1), datetime.min.time()),
                frozenset(),
                project_id,
                "calendar",
            )
        )
    return windows


def _bookings(
    session: Session,
    work: list[Work],
    projects: dict[int, str],
    several: bool,
    shown: dict[str, str],
) -> list[Booking]:
    """The assignments of the people of ``work`` to unfinished tasks that overlap that work
    (SQLite compares the intervals: only the hits are read, not every task of everyone);
    ``shown`` learns how the resource pool spells each name. Sorted by person and start."""
    wanted = {person for item in work for person in item.people}
    if not wanted:
        return []
    ids: dict[str, list[int]] = defaultdict(list)
    for resource_id, name in session.execute(
        select(Resource.id, Resource.name).order_by(Resource.id)
    ).all():
        if name.lower() in wanted:  # Python's lower: names beyond ASCII match too
            ids[name.lower()].append(resource_id)
            shown[name.lower()] = name
    spans = [
        (resource_id, item.start, item.finish)
        for item in work
        for person in item.people
        for resource_id in ids.get(person, ())
    ]
    found: set[tuple[str, int, str, int, datetime | None, datetime | None]] = set()
    for chunk in range(0, len(spans), 2000):
        window = (
            values(
                column("rid", Integer),
                column("ws", DateTime),
                column("wf", DateTime),
                name="work_span",
            )
            .data(spans[chunk : chunk + 2000])
            .cte()
        )  # SQLite: WITH work_span(...) AS (VALUES ...)
        rows = session.execute(
            select(Resource.name, Task.id, Task.name, Task.project_id, Task.start, Task.finish)
            .join(Assignment, Assignment.resource_id == Resource.id)
            .join(Task, Task.id == Assignment.task_id)
            .join(
                window,
                and_(
                    window.c.rid == Resource.id,
                    Task.start < window.c.wf,
                    Task.finish > window.c.ws,
                ),
            )
            .where(Task.percent_complete < 100)
            .distinct()
        ).all()
        found.update((name, task_id, task, project, start, finish)
                     for name, task_id, task, project, start, finish in rows)  # fmt: skip
    bookings = []
    for person, task_id, name, project_id, start, finish in found:
        if start is None or finish is None or finish <= start:
            continue
        where = f" ({projects.get(project_id, '?')})" if several else ""
        bookings.append(Booking(person.lower(), start, finish, task_id, f"task '{name}'{where}"))
    bookings.sort()
    return bookings


def read_conflicts(workspace: Workspace, today: date | None = None) -> WorkspaceConflicts:
    """The workspace's conflicts, read in their own transaction (for the views)."""
    with workspace.read_session() as session:
        return workspace_conflicts(session, today)


@dataclass(frozen=True)
class TaskConflicts:
    """What the Gantt marks: per task, why it is flagged (its own production-change
    conflicts, or those of the changes it implements); ``watched``: the tasks whose dates
    can change a conflict (production-change tasks, tasks implementing a change, tasks of the
    people involved), so an edit of any other task need not read the conflicts again."""

    messages: dict[int, tuple[str, ...]]
    watched: frozenset[int]
    people: frozenset[str] = frozenset()  # lower-case names of the people involved


def read_task_conflicts(workspace: Workspace, project_id: int) -> TaskConflicts:
    """The Gantt's conflict marks of one project (one read transaction)."""
    with workspace.read_session() as session:
        data, _rows = load_input(session, date.today(), project_id)
        found = find_conflicts(data)
        watched = {task for work in data.work for task in work.own_tasks}
        watched.update(booking.task_id for booking in data.bookings)
        return TaskConflicts(
            _task_messages(data, found, project_id),
            frozenset(watched),
            frozenset(person for work in data.work for person in work.people),
        )


def _task_messages(
    data: ConflictInput,
    found: dict[tuple[str, int], list[Conflict]],
    project_id: int,
) -> dict[int, tuple[str, ...]]:
    out: dict[int, list[str]] = defaultdict(list)
    for work in data.work:
        conflicts = found.get(work.key)
        if not conflicts or work.project_id != project_id:
            continue
        kind, record_id = work.key
        if kind == "task":
            out[record_id].extend(c.message for c in _sorted(conflicts))
        else:
            code = work.label.split(" ")[0]
            for task_id in work.own_tasks:
                out[task_id].extend(f"{code}: {c.message}" for c in _sorted(conflicts))
    return {task_id: tuple(messages) for task_id, messages in out.items()}
