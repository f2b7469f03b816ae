"""What one edit changed: the notice every view updates from (Anki's ``OpChanges``).

``Command.apply()`` and ``Command.revert()`` return a :class:`Changes`; the application context
announces it once on do, undo and redo. A view asks it whether anything it shows changed
(``touches``) and, when the record is precise (``changed_ids`` known), updates only those rows;
otherwise it reloads. Domains add what their views need in a subclass (the Gantt's
:class:`~infradesk.services.plan.task_edit.TaskChanges` carries the new schedule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: The kinds of data an edit may change (the vocabulary of ``Command.affects``).
KINDS = frozenset(
    {
        "projects", "tasks", "risks", "vendors", "baselines", "status", "settings", "resources",
        "runbooks",
    }
)


@dataclass(frozen=True)
class Changes:
    """Affected kinds, project, changed ids (None: unknown, views reload), ids whose dates
    moved, and whether rows were added, removed or moved (the outline must be rebuilt)."""

    kinds: frozenset[str]
    project_id: int | None = None
    changed_ids: frozenset[int] | None = None
    rescheduled_ids: frozenset[int] | None = None
    structural: bool = False
    # other projects the edit rescheduled (a slip crossing a cross-project link): their views
    # reload
    other_project_ids: frozenset[int] = frozenset()
    # the version counter of every row the pass touched, as it committed them ((table, id):
    # version; None: unknown). A view that updates rows in place (the Gantt) keeps them, so
    # that its next edit of such a row expects the right version (Command.expect).
    # (not compared: two notices of the same change are equal whatever was counted)
    versions: Mapping[tuple[str, int], int] | None = field(default=None, compare=False)

    def touches_project(self, project_id: int | None) -> bool:
        """Whether the edit changed ``project_id`` (its own or one it rescheduled); a notice
        without a project may concern any."""
        return (
            self.project_id is None
            or self.project_id == project_id
            or project_id in self.other_project_ids
        )

    def touches(self, *kinds: str) -> bool:
        """Whether any of ``kinds`` changed."""
        return not self.kinds.isdisjoint(kinds)

    @property
    def precise(self) -> bool:
        """The changed ids are known: a view may update just those rows."""
        return self.changed_ids is not None

    @classmethod
    def of(cls, kinds: Iterable[str], project_id: int | None = None) -> Changes:
        """A notice without ids: every view showing one of ``kinds`` reloads."""
        return cls(frozenset(kinds), project_id)
