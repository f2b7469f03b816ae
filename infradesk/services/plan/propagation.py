"""A slip crosses project boundaries: reschedule the projects downstream of an edited one.

A :class:`Propagation` is made *before* an edit writes anything (it notes which downstream
projects' compiled plans are still valid: afterwards only the data version of committed work
could vouch for them), then :meth:`Propagation.run` after the edited project was rescheduled.
Each downstream project reschedules incrementally (only its tasks with external predecessors
are fed again), in topological order of the project graph so each is scheduled once; a project
whose tasks with external successors did not move stops the wave. Projects linked both ways
(A -> B and B -> A through different tasks: allowed, only a task loop is refused) are
rescheduled again until they settle, bounded by an iteration guard.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from infradesk.errors import UserError
from infradesk.model import CrossLink, Project, Task
from infradesk.services.plan import incremental
from infradesk.services.plan.cross_links import downstream_of

_Pred = aliased(Task)
_Succ = aliased(Task)


class PropagationError(UserError):
    """Projects linked both ways kept moving each other (the iteration guard stopped it)."""


def _cross_rows(session: Session) -> list[tuple[int, int, int, int]]:
    """(predecessor id, successor id, predecessor's project, successor's project) per link."""
    return [
        (p, s, pp, sp)
        for p, s, pp, sp in session.execute(
            select(
                CrossLink.predecessor_id,
                CrossLink.successor_id,
                _Pred.project_id,
                _Succ.project_id,
            )
            .join(_Pred, _Pred.id == CrossLink.predecessor_id)
            .join(_Succ, _Succ.id == CrossLink.successor_id)
        )
        if pp != sp
    ]


class Propagation:
    """Make before the edit of ``project_ids``; :meth:`run` after they were rescheduled."""

    def __init__(self, session: Session, project_ids: Iterable[int]) -> None:
        self.session = session
        self.sources = list(dict.fromkeys(project_ids))
        self.rows = _cross_rows(session)
        graph: dict[int, set[int]] = {}
        for _p, _s, pp, sp in self.rows:
            graph.setdefault(pp, set()).add(sp)
        self.graph = graph
        self.downstream = downstream_of(graph, self.sources) if self.rows else []
        fresh = incremental.total_changes(session) == 0 if self.downstream else True
        self.checked = {p: incremental.valid_entry(session, p, fresh) for p in self.downstream}

    def run(self, moved: dict[int, list[int] | None] | None = None) -> list[int]:
        """Reschedule the downstream projects; returns the ids of those rescheduled.

        ``moved``: per source project, the task ids whose dates moved (None: unknown, all)."""
        # links the edit added (an undone delete puts them back) count as much as those gone
        now = _cross_rows(self.session)
        rows = self.rows + [r for r in now if r not in self.rows]
        if not rows:
            return []
        for _p, _s, pp, sp in rows:
            self.graph.setdefault(pp, set()).add(sp)
        self.downstream = downstream_of(self.graph, self.sources)
        successors: dict[int, set[int]] = {}  # project -> its tasks with external preds
        predecessors: dict[int, set[int]] = {}  # project -> its tasks with external succs
        for p, s, pp, sp in rows:
            successors.setdefault(sp, set()).add(s)
            predecessors.setdefault(pp, set()).add(p)
        rank = {p: i for i, p in enumerate(topological(self.graph, self.sources, self.downstream))}
        pending: set[int] = set()
        for source in self.sources:
            changed = (moved or {}).get(source)
            if changed is None or predecessors.get(source, set()).intersection(changed):
                pending.update(self.graph.get(source, ()))
        pending.difference_update(self.sources)
        done: list[int] = []
        runs = 0
        limit = (len(self.downstream) + 1) * (len(self.downstream) + 2)
        while pending:
            runs += 1
            if runs > limit:
                names = self._names(sorted(pending))
                raise PropagationError(
                    "The cross-project links between these projects keep moving each other: "
                    f"{names}. Remove one of the links that join them."
                )
            project_id = min(pending, key=lambda p: rank.get(p, len(rank)))
            pending.discard(project_id)
            rescheduler = incremental.Rescheduler(
                self.session, project_id, checked=self.checked.pop(project_id, None)
            )
            rescheduler.finish(successors.get(project_id, ()))
            if project_id not in done:
                done.append(project_id)
            changed_ids = rescheduler.changed
            if changed_ids is None or predecessors.get(project_id, set()).intersection(changed_ids):
                pending.update(self.graph.get(project_id, ()))
        return done

    def _names(self, project_ids: list[int]) -> str:
        names = dict(
            self.session.execute(
                select(Project.id, Project.name).where(Project.id.in_(project_ids))
            ).all()
        )
        return ", ".join(f"'{names.get(p, p)}'" for p in project_ids)


def topological(graph: dict[int, set[int]], sources: list[int], nodes: list[int]) -> list[int]:
    """``nodes`` in an order where a project comes after those upstream of it (Kahn; projects
    linked both ways keep their breadth-first order)."""
    wanted = set(nodes)
    indegree = {n: 0 for n in nodes}
    for p, succs in graph.items():
        if p in wanted or p in sources:
            for s in succs:
                if s in wanted and p in wanted:
                    indegree[s] += 1
    ready = [n for n in nodes if indegree[n] == 0]
    order: list[int] = []
    while ready:
        n = ready.pop(0)
        order.append(n)
        for s in sorted(graph.get(n, ())):
            if s in indegree:
                indegree[s] -= 1
                if indegree[s] == 0:
                    ready.append(s)
    order += [n for n in nodes if n not in set(order)]
    return order


def reschedule_downstream(session: Session, project_id: int) -> list[int]:
    """After a full reschedule of ``project_id`` (already written): reschedule the projects
    downstream of it. Their plans are rebuilt when this transaction already wrote."""
    return Propagation(session, [project_id]).run()


def reschedule_all(session: Session) -> list[int]:
    """Reschedule every project of the workspace, upstream projects first (for an edit of the
    shared change windows, which every project's freezes read). Returns the project ids."""
    project_ids = list(session.scalars(select(Project.id).order_by(Project.id)))
    rows = _cross_rows(session)
    graph: dict[int, set[int]] = {}
    for _p, _s, pp, sp in rows:
        graph.setdefault(pp, set()).add(sp)
    for project_id in topological(graph, [], project_ids):
        incremental.Rescheduler(session, project_id).finish(structural=True)
    return project_ids
