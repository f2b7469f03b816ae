"""Warm a project's plan in the background right after it opens, so that the first edit
does not pay for it (issue 22).

The first edit after opening used to compare every stored date with the schedule before it
could trust the kept plan (:class:`~infradesk.services.plan.incremental.Rescheduler` writes
them all when the plan is not known to be *synced*): 0.7-0.8 s on 100,000 tasks. Here that
check runs off the GUI thread:

1. :func:`data_version` (the GUI thread, before the worker starts): the workspace's data
   version, which vouches that nobody wrote after the worker's snapshot.
2. :func:`build` (a worker thread): with its own read session -- its own SQLite connection
   (the store's engine has no pool) and a snapshot of its own -- the plan is compiled and
   scheduled and the stored dates are compared with the result. It reads nothing shared and
   writes nothing: its objects are new, so the GUI thread may read and edit meanwhile.
3. :func:`adopt` (the GUI thread again): the worker's plan is kept for the edits, synced when
   the stored dates were the schedule's; a plan an edit already kept is left alone.

The plan is kept where the edits look for it: under the workspace's engine. (Reads go through
a read-only variant of that engine, a key of its own in ``incremental``'s cache: the plan the
Gantt's first load builds there is never found by the first edit.)
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from infradesk.schedule.engine import Scheduler
from infradesk.services.plan import incremental, scheduling
from infradesk.store.workspace import Workspace


@dataclass(frozen=True)
class WarmPlan:
    """A project's plan as a worker built it from one snapshot of the workspace."""

    project_id: int
    scheduler: Scheduler
    fingerprint: tuple  # of the inputs the plan was built from (incremental.fingerprint)
    stored_current: bool  # the stored dates were the schedule's


def data_version(workspace: Workspace) -> int | None:
    """The workspace's data version now, as the edits' watcher reads it (None for a team
    workspace: fingerprints vouch there). No transaction: only the session's bind is used."""
    with Session(workspace.engine) as session:
        return incremental._data_version(session)


def build(workspace: Workspace, project_id: int) -> WarmPlan | None:
    """Compile and schedule the project and check its stored dates, in one read transaction
    of a session of its own (safe on a worker thread); None for a project without tasks."""
    with workspace.read_session() as session:
        stamp = incremental.fingerprint(session, project_id)
        plan = scheduling.plan_input_for(session, project_id)
        if not plan.tasks:
            return None
        scheduler = Scheduler(plan)
        stale = scheduling.stored_changes(session, project_id, scheduler.result)
    return WarmPlan(project_id, scheduler, stamp, stored_current=not stale)


def adopt(workspace: Workspace, warm: WarmPlan, version: int | None) -> bool:
    """Keep the worker's plan for the edits (on the GUI thread); True when the kept plan is
    known to be synced with the stored dates. ``version``: :func:`data_version` read before
    the worker started (nobody wrote after its snapshot while it is unchanged)."""
    key = (incremental._bind_key(workspace.engine), warm.project_id)
    entry = incremental._CACHE.get(key)
    if entry is not None and entry.synced:
        return True  # an edit kept and synced it meanwhile
    if version is None:  # no watcher: the plan must still match the workspace
        with workspace.read_session() as session:
            if incremental.fingerprint(session, warm.project_id) != warm.fingerprint:
                return False  # changed since the snapshot: the next edit rebuilds it
    incremental._remember(
        key, incremental._Entry(warm.scheduler, warm.fingerprint, warm.stored_current, version)
    )
    return warm.stored_current
