"""Fast rescheduling for the Gantt's edits: a compiled plan kept between edits.

``scheduling.reschedule`` reads the whole plan, compiles it, and compares every stored date:
correct, but ~0.5 s on 10,000 tasks. Here an :class:`~infradesk.schedule.engine.Scheduler`
is kept per project together with a *fingerprint* of everything scheduling reads (tasks'
inputs, links, calendar, delivery gates). When an edit starts and the fingerprint still
matches, the edit only tells the scheduler which tasks it changed; the passes rerun on the
compiled network and only tasks whose dates moved are written. When anything else changed
the workspace in between (an import, a vendor edit, another process), the fingerprint differs
and the plan is rebuilt from the database, exactly like ``reschedule``.

Between two Gantt edits even the fingerprint is skipped: a read-only *watcher* connection
reads SQLite's ``PRAGMA data_version``, which changes whenever any other connection commits.
If it has not moved since our own last commit, nobody else wrote in between.

Plans are kept per engine (a workspace's read sessions and its edits share them) and per
project; :func:`warm_scheduler` builds one on a worker thread right after a workspace opens,
so the first edit does not pay for compiling the plan. The cache and the watchers are guarded
by one lock: a worker may build while the UI thread reads and edits.
"""

from __future__ import annotations

import gc
import hashlib
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, event, select, text
from sqlalchemy.orm import Session

from infradesk.model import Project, Task
from infradesk.schedule.calendar import WorkingCalendar
from infradesk.schedule.early_moments import early_moments
from infradesk.schedule.engine import CycleError, Scheduler, ScheduleResult, TaskInput
from infradesk.schedule.passes import gc_paused
from infradesk.services import row_journal
from infradesk.services.bulk import update_by_id
from infradesk.services.plan import cross_links, fingerprint_pg, scheduling, task_calendars
from infradesk.services.plan.stored_check import stored_dates_match
from infradesk.services.vendors import gates as vendor_gates
from infradesk.store.engine import CHANGES_AT_CHECKOUT
from infradesk.store.workspace import Workspace


@dataclass
class _Entry:
    scheduler: Scheduler
    fingerprint: tuple | None  # None: unknown (only the data version vouches for it)
    synced: bool  # the stored dates are those of scheduler.result
    version: int | None = None  # the watcher's data_version right after our commit


_CACHE: dict[tuple[str, int], _Entry] = {}
# guards _CACHE and _WATCHERS (and each watcher connection): warm_scheduler runs on a worker
_LOCK = threading.RLock()
# a workspace of linked projects keeps one plan per project; the task budget bounds memory
_MAX_ENTRIES = 64
_MAX_TASKS = 160_000


def _base_engine(bind: Engine | Connection) -> Engine:
    """The engine behind a bind: a Connection's, and for an engine with other execution
    options (a workspace's read sessions) the one it was made from (same pool, same file)."""
    engine = bind.engine
    # OptionEngine keeps the engine it proxies as ``_proxied`` (no public name for it)
    return getattr(engine, "_proxied", engine)


def _bind_key(bind: Engine | Connection) -> str:
    """The base engine's identity and its database URL."""
    engine = _base_engine(bind)
    return f"{id(engine)}:{engine.url}"


def _key(session: Session, project_id: int) -> tuple[str, int]:
    return (_bind_key(session.get_bind()), project_id)


_WATCHERS: dict[str, sqlite3.Connection | None] = {}
_PRINTS = "incremental.prints"  # session.info key: project -> (before, after) digests
_MARK = "incremental.last_write"  # session.info key: total_changes() after our last write


def _watcher(session: Session) -> sqlite3.Connection | None:
    """A read-only connection to the workspace file, closed with its engine."""
    with _LOCK:
        return _watcher_locked(session)


def _watcher_locked(session: Session) -> sqlite3.Connection | None:
    bind = session.get_bind()
    key = _bind_key(bind)
    if key in _WATCHERS:
        return _WATCHERS[key]
    database = bind.engine.url.database
    connection = None
    sqlite_file = bind.dialect.name == "sqlite" and isinstance(bind, Engine)
    bind = _base_engine(bind)
    if database and database != ":memory:" and sqlite_file:
        try:
            connection = sqlite3.connect(
                f"{Path(database).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
        except sqlite3.Error:
            connection = None
        if connection is not None:

            def close(_engine: Engine, key: str = key) -> None:
                with _LOCK:
                    watcher = _WATCHERS.pop(key, None)
                    if watcher is not None:
                        watcher.close()
                    for cache_key in [k for k in _CACHE if k[0] == key]:
                        del _CACHE[cache_key]

            event.listen(bind, "engine_disposed", close)
    _WATCHERS[key] = connection
    return connection


def _data_version(session: Session) -> int | None:
    with _LOCK:
        watcher = _watcher(session)
        if watcher is None:
            return None
        try:
            return int(watcher.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error:
            return None


def data_version(session: Session) -> int | None:
    """The workspace file's data version now (None without a watcher). Read before a read
    transaction's first statement, it vouches for the plan that transaction reads (see
    :func:`current_result`)."""
    return _data_version(session)


def _gates(
    session: Session, project_id: int, calendar: WorkingCalendar | None = None
) -> dict[int, Any]:
    """The delivery gates and the external predecessors' gates (see
    :mod:`~infradesk.services.plan.cross_links`); the calendar is read only when one of them
    gates a task."""
    rows = vendor_gates.gating_rows(session, project_id)
    has_cross = cross_links.has_external_predecessors(session, project_id)
    if not rows and not has_cross:
        return {}
    calendar = calendar or scheduling.calendar_of(session, project_id)
    gates = vendor_gates.gates_of(rows, calendar) if rows else {}
    if has_cross:
        gates = cross_links.merge_gates(
            gates, cross_links.external_gates(session, project_id, calendar)
        )
    return gates


_PRINT = text(
    """
    SELECT
      (SELECT count(*) || ':' || max(id) || ':'
              || total(id * 3 + coalesce(parent_id, 0) * 7 + position * 11) || ':'
              || total(duration_minutes * 13 + milestone * 17 + production_change * 19
                       + percent_complete * 23 + id * duration_minutes
                       + manual * (id + 71) + elapsed * (id + 73)
                       + leveling_delay_minutes * (id + 83))
       FROM task WHERE project_id = :p),
      (SELECT total(coalesce(julianday(start_no_earlier_than), 0) * (id + 29)
                    + coalesce(julianday(deadline), 0) * (id + 31)
                    + coalesce(julianday(constraint_date), 0) * (id + 53)
                    + coalesce(julianday(actual_start), 0) * (id + 59)
                    + coalesce(julianday(actual_finish), 0) * (id + 61)
                    + instr('ASAPALAPSNETSNLTFNETFNLTMSO MFO ', constraint_type) * (id + 67)
                    + CASE WHEN manual THEN coalesce(julianday(start), 0) * (id + 79)
                           ELSE 0 END)
       FROM task WHERE project_id = :p
         AND (start_no_earlier_than IS NOT NULL OR deadline IS NOT NULL
              OR constraint_date IS NOT NULL OR actual_start IS NOT NULL
              OR actual_finish IS NOT NULL OR constraint_type != 'ASAP' OR manual)),
      (SELECT count(*) || ':' || max(id) || ':'
              || total(predecessor_id * 37 + successor_id * 41 + lag_minutes * 43) || ':'
              || total(instr('FSSSFFSF', type) * (id + 47) + predecessor_id * successor_id)
       FROM dependency WHERE project_id = :p),
      p.start, p.status_date, p.reschedule_after_status,
      c.id, c.working_weekdays, c.working_hours, c.holiday_country, c.holiday_region,
      (SELECT count(*) || ':' || coalesce(max(id), 0) || ':'
              || coalesce(group_concat(day || kind || working_hours), '')
       FROM calendar_day WHERE calendar_id = c.id),
      (SELECT count(*) || ':' || coalesce(group_concat(start || finish), '')
       FROM freeze_window WHERE calendar_id = c.id)
    FROM project p LEFT JOIN calendar c ON c.project_id = p.id WHERE p.id = :p
    """
)


# what task and resource calendars add (issue 18): the tasks' calendars and leveling delays,
# the assignments with their resources' kinds and calendars, those resources' days, and the
# base calendars; an assignment, a leave day or a base calendar edit changes it
_CLOCK_PRINT = text(
    """
    SELECT
      (SELECT total(coalesce(calendar_id, 0) * (id + 83) + leveling_delay_minutes * (id + 89))
       FROM task WHERE project_id = :p),
      (SELECT count(*) || ':' || total(a.task_id * 97 + a.resource_id * 101 + a.units * 7
                                      + coalesce(r.calendar_id, 0) * (a.task_id + 103)
                                      + (r.kind = 'work') * (a.task_id + 107))
       FROM assignment a JOIN task t ON t.id = a.task_id JOIN resource r ON r.id = a.resource_id
       WHERE t.project_id = :p),
      (SELECT count(*) || ':' || total(d.id * 109 + julianday(d.day) * (d.resource_id + 113))
              || ':' || coalesce(group_concat(d.kind || d.working_hours), '')
       FROM resource_day d WHERE d.resource_id IN
         (SELECT a.resource_id FROM assignment a JOIN task t ON t.id = a.task_id
          WHERE t.project_id = :p)),
      (SELECT count(*) || ':' || coalesce(group_concat(id || working_weekdays || working_hours),
                                          '')
       FROM base_calendar)
    """
)


def fingerprint(session: Session, project_id: int) -> tuple:
    """A cheap summary of everything the schedule depends on: sums over the task and link
    rows, the calendar, the task and resource calendars and the delivery gates (two
    statements plus the gates)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    row = session.execute(
        fingerprint_pg.PRINT if postgres else _PRINT, {"p": project_id}
    ).one_or_none()
    clocks = session.execute(
        fingerprint_pg.CLOCK_PRINT if postgres else _CLOCK_PRINT, {"p": project_id}
    ).one()
    gates = tuple(sorted(_gates(session, project_id).items()))
    windows = tuple(scheduling.window_freezes(session, project_id))
    return (tuple(row or ()), tuple(clocks), gates, windows)


def _task_inputs(
    session: Session,
    project_id: int,
    task_ids: Iterable[int],
    calendar: WorkingCalendar | None = None,
) -> list[TaskInput]:
    """``calendar``: the project's, when the caller knows it (spares reading it for gates)."""
    gates = _gates(session, project_id, calendar)
    ids = list(task_ids)
    tasks = scheduling.task_inputs(session, Task.id.in_(ids), gates)
    return task_calendars.task_clocks(session, project_id, ids).apply(tasks)


def _remember(key: tuple[str, int], entry: _Entry) -> None:
    with _LOCK:
        _CACHE.pop(key, None)
        _CACHE[key] = entry
        while len(_CACHE) > 1 and (
            len(_CACHE) > _MAX_ENTRIES
            or sum(len(e.scheduler.plan.tasks) for e in _CACHE.values()) > _MAX_TASKS
        ):
            _CACHE.pop(next(iter(_CACHE)))


def _cached(key: tuple[str, int]) -> _Entry | None:
    with _LOCK:
        return _CACHE.get(key)


def _drop(key: tuple[str, int]) -> None:
    with _LOCK:
        _CACHE.pop(key, None)


def current_result(
    session: Session,
    project_id: int,
    outline: Any = None,
    *,
    remember: bool = True,
    version: int | None = None,
) -> ScheduleResult:
    """The project's schedule, from the cache when nothing changed (nothing is written).

    ``outline`` (a just-loaded :class:`~infradesk.services.plan.outline.Outline`) spares
    reading the tasks again to build the plan. ``remember=False``: a plan built here is not
    kept (a caller inside a write transaction that may roll back must not cache its rows).
    ``version``: the :func:`data_version` read before the transaction's first statement (it
    then vouches for a plan built here; else the version is read now)."""
    key = _key(session, project_id)
    entry = _cached(key)
    if entry is not None and _still_valid(entry, session, project_id, _total_changes(session) == 0):
        return entry.scheduler.result
    if version is None:
        version = _data_version(session)
    stamp = fingerprint(session, project_id)
    with gc_paused():
        plan = (
            task_calendars.with_clocks(
                session,
                project_id,
                outline.plan_input(_gates(session, project_id, outline.calendar)),
            )
            if outline is not None
            else scheduling.plan_input_for(session, project_id)
        )
        scheduler = Scheduler(plan)
    if remember:
        _remember(key, _Entry(scheduler, stamp, synced=False, version=version))
    return scheduler.result


def total_changes(session: Session) -> int:
    """Rows this session's connection has written so far (see :func:`valid_entry`)."""
    return _total_changes(session)


@contextmanager
def bookkeeping(session: Session) -> Iterator[None]:
    """Writes in the block that no schedule reads (the audit, version counters): when our
    reschedule was the transaction's last write before it, it still is after it, so the next
    edit may trust the data version (see :meth:`Rescheduler._remember_after_commit`)."""
    session.flush()
    before = _total_changes(session)
    yield
    session.flush()
    if session.info.get(_MARK) == before:
        session.info[_MARK] = _total_changes(session)


def _total_changes(session: Session) -> int:
    """Rows this session has written so far (SQLite's total_changes() of its connection).

    A team workspace has no watcher (no data version): every cached plan is checked by its
    fingerprint there, and this count is never asked for anything; it answers 0."""
    if session.get_bind().dialect.name != "sqlite":
        return 0
    pooled = session.connection().connection
    # the count since the connection opened, less what it had when this session borrowed it
    base = int(pooled.info.get(CHANGES_AT_CHECKOUT, 0))
    driver = pooled.driver_connection
    if isinstance(driver, sqlite3.Connection):  # sqlite3_total_changes(), without a statement
        return int(driver.total_changes) - base
    return int(session.execute(text("SELECT total_changes()")).scalar_one()) - base


def _still_valid(entry: _Entry, session: Session, project_id: int, fresh: bool = True) -> bool:
    """Nobody committed since we did (data version), or the contents still match."""
    if fresh and entry.version is not None and entry.version == _data_version(session):
        return True
    return entry.fingerprint is not None and entry.fingerprint == fingerprint(session, project_id)


def valid_entry(session: Session, project_id: int, fresh: bool | None = None) -> _Entry | None:
    """The project's cached plan when it still matches the database, else None. ``fresh``:
    whether this transaction has written nothing yet (asked when None)."""
    entry = _cached(_key(session, project_id))
    if entry is None:
        return None
    # the data version only speaks for committed work: trust it when this transaction
    # has not written anything yet
    if fresh is None:
        fresh = _total_changes(session) == 0
    if not _still_valid(entry, session, project_id, fresh):
        return None
    return entry


class _Refused(Exception):
    """The scheduler refused an edit's inputs (``error``) and kept its plan as it was."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class Rescheduler:
    """One edit's rescheduling: ``begin`` before changing rows, ``finish`` after.

    ``finish(touched, links_changed, structural)`` names what the edit changed: the ids of
    tasks whose own inputs changed, whether links changed, whether tasks were added, removed
    or re-parented (then the plan is rebuilt from the database).
    """

    def __init__(self, session: Session, project_id: int, *, checked: _Entry | None = None) -> None:
        """``checked``: the project's cache entry as :func:`valid_entry` vouched for it before
        this transaction wrote anything (a project rescheduled because another one moved)."""
        self.changed: list[int] | None = None  # task ids whose dates or floats moved...
        self.previous: ScheduleResult | None = None  # ...since this result
        self.session = session
        self.project_id = project_id
        self.key = _key(session, project_id)
        if checked is not None and _cached(self.key) is checked:
            self.entry: _Entry | None = checked
            return
        self.entry = valid_entry(session, project_id)

    def finish(
        self,
        touched: Iterable[int] = (),
        *,
        links_changed: bool = False,
        structural: bool = False,
        plan_changed: bool = False,
        reparented: bool = False,
    ) -> ScheduleResult:
        """``plan_changed``: the project's status date or its reschedule option changed.
        ``reparented``: ``touched`` names tasks whose parent changed and their old and new
        parents (an indent): the kept plan is patched with them, and the roll-ups of the
        touched summaries are written too."""
        try:
            return self._finish(set(touched), links_changed, structural, plan_changed, reparented)
        except _Refused as refused:
            # the scheduler refused the new structure (a loop) and is as it was, and so is the
            # database once the transaction rolls back: keep it for the next edit
            raise refused.error from None
        except BaseException:
            # the scheduler may be half-updated while the transaction rolls back: forget it
            _drop(self.key)
            raise

    def _finish(
        self,
        touched: set[int],
        links_changed: bool,
        structural: bool,
        plan_changed: bool,
        reparented: bool = False,
    ) -> ScheduleResult:
        session, project_id = self.session, self.project_id
        session.flush()
        entry = self.entry
        if entry is None or structural:
            return self._full()
        scheduler = entry.scheduler
        base = scheduler.result  # what is stored now (when synced)
        with gc_paused():
            if touched:
                # the compiled plan is valid: its calendar is the stored one
                calendar = scheduler.plan.calendar
                inputs = _task_inputs(session, project_id, touched, calendar)
                try:
                    scheduler.update_tasks(inputs)
                except (CycleError, ValueError) as error:
                    # a refused edit leaves the scheduler unchanged (Scheduler's promise)
                    raise _Refused(error) from error
            if links_changed:
                scheduler.set_links(scheduling.link_inputs(session, project_id))
            if plan_changed:
                status_date, after_status = session.execute(
                    select(Project.status_date, Project.reschedule_after_status).where(
                        Project.id == project_id
                    )
                ).one()
                scheduler.set_status_date(status_date, bool(after_status))
            if not (touched or links_changed or plan_changed):
                return scheduler.result
            result = scheduler.result
            if not entry.synced:
                _write_all(session, project_id, result)
            else:
                self.changed = _write_changed(
                    session,
                    result,
                    base,
                    touched,
                    recheck_instants=links_changed,
                    roll_up_touched=reparented,
                )
                self.previous = base
        self._remember_after_commit(scheduler, entry.fingerprint)
        return result

    def _remember_after_commit(self, scheduler: Scheduler, before: tuple | None = None) -> None:
        """Keep ``scheduler``; once our transaction commits, note the data version so the next
        edit knows nobody wrote in between. Without a watcher, fall back to a fingerprint, and
        note it with the one the edit started from (``before``, when the plan was patched
        rather than rebuilt): another client holding that plan may patch its own the same way
        (:func:`follow`)."""
        session = self.session
        if _watcher(session) is None:
            after = fingerprint(session, self.project_id)
            _remember(self.key, _Entry(scheduler, after, True))
            prints = session.info.setdefault(_PRINTS, {})
            prints[self.project_id] = (
                digest(before) if before is not None else None,
                digest(after),
            )
            return
        entry = _Entry(scheduler, None, synced=True)
        _remember(self.key, entry)
        session.flush()
        # the transaction's last reschedule sets the mark: the projects a slip propagated to
        # are written after the edited one, by the same command
        session.info[_MARK] = _total_changes(session)
        state = {"ours": False}

        def before_commit(_session: Session) -> None:
            session.flush()
            # nothing written after the last of us
            state["ours"] = _total_changes(session) == session.info.get(_MARK)

        def after_commit(_session: Session) -> None:
            if state["ours"]:
                entry.version = _data_version(session)

        event.listen(session, "before_commit", before_commit, once=True)
        event.listen(session, "after_commit", after_commit, once=True)

    def _full(self) -> ScheduleResult:
        session, project_id = self.session, self.project_id
        with gc_paused():
            scheduler = Scheduler(scheduling.plan_input_for(session, project_id))
            _write_all(session, project_id, scheduler.result)
        self._remember_after_commit(scheduler)
        return scheduler.result


def digest(print_: tuple) -> str:
    """A fingerprint as a change notice carries it."""
    return hashlib.md5(repr(print_).encode(), usedforsecurity=False).hexdigest()


def prints(session: Session, project_id: int | None) -> tuple[str | None, str] | None:
    """The digests of the project's fingerprint before and after this transaction's
    reschedule (before: None when the plan was rebuilt); None when it was not rescheduled or
    a watcher vouches for plans instead (a file)."""
    if project_id is None:
        return None
    found = session.info.get(_PRINTS, {}).get(project_id)
    return None if found is None else (found[0], found[1])


def follow(
    session: Session,
    project_id: int,
    touched: Iterable[int],
    links_changed: bool,
    printed: tuple[str | None, str] | None,
) -> ScheduleResult | None:
    """Patch our cached plan with another client's edit of ``touched`` tasks, as that client
    patched its own, when both started from the same plan (``printed``: the notice's
    digests); the schedule, or None when this cannot be vouched for (then rebuild).

    Our plan matched the database the other edit started from (same digest); after the
    patch, the database must be exactly as that edit left it (same digest again), or
    someone else wrote too and the plan is dropped."""
    key = _key(session, project_id)
    entry = _cached(key)
    if (
        printed is None
        or printed[0] is None
        or entry is None
        or entry.fingerprint is None
        or digest(entry.fingerprint) != printed[0]
    ):
        return None
    now = fingerprint(session, project_id)
    if digest(now) != printed[1]:
        _drop(key)
        return None
    scheduler = entry.scheduler
    try:
        with gc_paused():
            ids = set(touched)
            if ids:
                calendar = scheduler.plan.calendar
                scheduler.update_tasks(_task_inputs(session, project_id, ids, calendar))
            if links_changed:
                scheduler.set_links(scheduling.link_inputs(session, project_id))
    except BaseException:
        _drop(key)
        raise
    _remember(key, _Entry(scheduler, now, True))
    return scheduler.result


def _summary_change(result: ScheduleResult, task_id: int) -> dict[str, Any]:
    """A summary's rolled-up columns as its :class:`TaskSchedule` has them, without building
    it (a summary's entry builds its children's first)."""
    duration, percent = result.duration_and_percent(task_id)
    return {"duration_minutes": duration, "percent_complete": round(percent, 2)}


def _rolled_up(network: Any, touched: set[int], roll_up_touched: bool) -> list[int]:
    """The summaries above the touched tasks (and the touched summaries themselves when
    ``roll_up_touched``), each once: their roll-ups are written whatever moved."""
    index, parent, ids, kids = network.index, network.parent, network.ids, network.kids
    found: dict[int, None] = {}
    for task_id in touched:
        i = index.get(task_id)
        p = parent[i] if i is not None else -1
        if roll_up_touched and i is not None and kids[i] is not None:
            p = i
        while p >= 0 and ids[p] not in found:
            found[ids[p]] = None
            p = parent[p]
    return list(found)


def _write_changed(
    session: Session,
    result: ScheduleResult,
    previous: ScheduleResult,
    touched: set[int],
    *,
    recheck_instants: bool = False,
    roll_up_touched: bool = False,
) -> list[int]:
    """Write the tasks whose dates moved, and the roll-ups above the touched tasks (and of
    the touched summaries themselves when ``roll_up_touched``: tasks that just got or lost
    children). Returns the ids whose dates or floats changed.

    ``recheck_instants`` (links changed): also compare the shown date-times of zero-length
    tasks and summaries whose positions did not move: a milestone at a predecessor's finish
    shows 17:00, without that link the next morning (a finished one keeps its position, so
    only its time of day changes).

    Only the stored columns are looked at: when only floats moved (a later project finish
    moves every late date) a summary's early date-times are compared
    (:func:`_early_moments`), never its whole entry."""
    network = result.network
    rows: dict[int, dict[str, Any]] = {}
    index, ids, kids = network.index, network.ids, network.kids
    is_summary, elapsed, clocks = network.is_summary, network.elapsed, network.clocks
    start_at, finish_at = result.axis.start_at, result.axis.finish_at
    same_network = previous.network.ids == network.ids
    changed = result.changed_since(previous) if same_network else list(network.ids)
    if recheck_instants and same_network:
        known = set(changed)
        values = result.positions
        changed.extend(
            task_id
            for i, task_id in enumerate(ids)
            if task_id not in known
            and (kids[i] is not None or values(task_id)[0] == values(task_id)[1])
        )
    rolled_up = _rolled_up(network, touched, roll_up_touched)
    moments: dict[int, tuple[datetime, datetime]] = {}
    before: dict[int, tuple[datetime, datetime]] = {}
    for task_id in changed:
        new = result.positions(task_id)
        i = index[task_id]
        if (
            same_network
            and previous.positions(task_id)[:2] == new[:2]
            and task_id not in rolled_up  # written below anyway (its children may be new)
        ):
            # same positions; a zero-length task or a summary may still show another time of
            # day (a milestone at a predecessor's finish shows 17:00, else the next 08:00)
            if new[0] != new[1] and kids[i] is None:
                continue  # only floats changed: nothing stored
            if early_moments(result, task_id, moments) == early_moments(
                previous, task_id, before
            ):
                continue
        if new[1] > new[0] and kids[i] is None and (i not in elapsed or i in clocks):
            # a leaf with a duration on the axis (as early_moments finds it, without its call)
            start, finish = start_at(new[0]), finish_at(new[1])
        else:
            start, finish = early_moments(result, task_id, moments)
        row: dict[str, Any] = {"id": task_id, "start": start, "finish": finish}
        if is_summary[i]:
            row.update(_summary_change(result, task_id))
        rows[task_id] = row
    for summary_id in rolled_up:
        summary_row = rows.get(summary_id)
        if summary_row is None:
            start, finish = early_moments(result, summary_id, moments)
            summary_row = rows[summary_id] = {"id": summary_id, "start": start, "finish": finish}
        summary_row.update(_summary_change(result, summary_id))
    _bulk_update(session, list(rows.values()))
    return changed


def _write_all(session: Session, project_id: int, result: ScheduleResult) -> None:
    """Compare every stored date with ``result`` and write the differences."""
    _bulk_update(session, scheduling.stored_changes(session, project_id, result))


def _bulk_update(session: Session, rows: list[dict[str, Any]]) -> None:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(sorted(row)), []).append(row)
    for group in groups.values():
        update_by_id(session, Task, group)


def forget(project_id: int | None = None) -> None:
    """Drop cached plans (all, or one project's in every workspace)."""
    with _LOCK:
        for key in [k for k in _CACHE if project_id is None or k[1] == project_id]:
            del _CACHE[key]


class KeptSchedule(NamedTuple):
    """The schedule of a project's kept plan: the result the next edit compares with."""

    result: ScheduleResult
    synced: bool  # checked: the stored dates are this result's (the next edit patches it)


def kept_schedule(workspace: Workspace, project_id: int) -> KeptSchedule | None:
    """The project's kept plan's schedule in ``workspace``, None when no plan is kept (the
    Gantt takes it after :func:`warm_scheduler`, so that the first edit's changes are
    compared with the very result the Gantt holds). Reads no database."""
    with _LOCK:
        entry = _CACHE.get((_bind_key(workspace.engine), project_id))
        return None if entry is None else KeptSchedule(entry.scheduler.result, entry.synced)


def warm_scheduler(workspace: Workspace, project_id: int, outline: Any = None) -> bool:
    """Have the project's scheduler kept and checked against the stored dates, so that the
    first edit after opening finds it ready: compiling 100,000 tasks takes most of a second,
    and comparing every stored date with an unchecked plan as long again.

    ``outline``: the :class:`~infradesk.services.plan.outline.Outline` the Gantt read at
    open. When nobody committed since it was read (its ``data_version`` is the workspace's),
    the plan is built from it and its stored dates are what the plan is checked against, so
    the tasks and links are not read again; otherwise they are read here.

    A plan the Gantt kept as it opened (:func:`current_result`) is checked and kept, so the
    schedule the Gantt shows stays the one edits compare with; without one a plan is built.
    Meant for a worker thread right after a workspace opens: it reads in its own read
    session and never writes the workspace; the cache is shared under a lock with the UI
    thread, and a plan an edit kept meanwhile is left alone. Last, it makes the row journal
    (temporary triggers, on the connection only) for the first edit. Returns True when it
    checked or kept a plan."""
    kept = _warm_scheduler(workspace, project_id, outline)
    # the journal an edit needs made now, on the connection the edit borrows next (the pool
    # lends the last one back first)
    with workspace.read_session() as session:
        row_journal.prepare(session)
    if kept:
        # the plan just built is hundreds of thousands of new objects: left pending, they make
        # the collector's next full pass due, and that pass would land in the first edit (up
        # to 50 ms of it at 100,000 tasks); run it here, while the user is still looking
        gc.collect()
    return kept


def _warm_scheduler(workspace: Workspace, project_id: int, outline: Any) -> bool:
    with workspace.read_session() as session:
        version = _data_version(session)  # before the read transaction's first statement
        read = _read_at(outline, project_id, version)
        key = _key(session, project_id)
        entry = _cached(key)
        if entry is not None and entry.synced:
            return False
        if entry is not None and entry.version is not None and entry.version == version:
            # the kept plan was read from the database this session sees: check its dates
            result = entry.scheduler.result
            with gc_paused():
                synced = _stored_match(session, project_id, result, read)
            with _LOCK:
                kept = _CACHE.get(key) is entry and entry.scheduler.result is result
                if not (synced and kept):
                    return False
                entry.synced = True
            return True
        if read is None and session.get(Project, project_id) is None:
            return False
        stamp = fingerprint(session, project_id)
        with gc_paused():
            plan = (
                task_calendars.with_clocks(
                    session, project_id, read.plan_input(_gates(session, project_id, read.calendar))
                )
                if read is not None
                else scheduling.plan_input_for(session, project_id)
            )
            scheduler = Scheduler(plan)
            # kept as "synced" only when the stored dates are this plan's: then the first
            # edit writes what it moved instead of comparing every row
            synced = _stored_match(session, project_id, scheduler.result, read)
        with _LOCK:
            current = _CACHE.get(key)
            if current is not None and current is not entry:
                return False  # an edit (or another warm-up) kept a plan meanwhile
            _remember(key, _Entry(scheduler, stamp, synced=synced, version=version))
        _compile_edit_reads(session, project_id, scheduler)
    return True


def _compile_edit_reads(session: Session, project_id: int, scheduler: Scheduler) -> None:
    """Read one task's inputs as an edit does (:func:`_task_inputs`: the task, its clocks,
    its assignments), so that SQLAlchemy compiles those statements here, into the engine's
    cache, rather than in the first edit (a workspace's engine starts with an empty cache;
    the lists are bound as expanding parameters, so one task compiles what many read)."""
    tasks = scheduler.plan.tasks
    if tasks:
        _task_inputs(session, project_id, [tasks[0].id], scheduler.plan.calendar)


def _read_at(outline: Any, project_id: int, version: int | None) -> Any:
    """``outline`` when it is the project's as the database is now: read at this data
    version (nobody committed since) with a project start (else None)."""
    if (
        outline is None
        or version is None
        or getattr(outline, "data_version", None) != version
        or outline.project_id != project_id
        or outline.project_start is None
    ):
        return None
    return outline


def _stored_match(
    session: Session, project_id: int, result: ScheduleResult, read: Any
) -> bool:
    """Whether the stored dates are ``result``'s: checked on the rows ``read`` (an outline
    read at this data version), else read now."""
    if read is not None:
        return stored_dates_match(result, read)
    return not scheduling.stored_changes(session, project_id, result)
