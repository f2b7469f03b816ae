"""What an import would bring, as plain rows for the import wizard's preview and target pages.

The wizard shows a document before anything is written; it reads these rows instead of the
document's records, so the text forms (``5d``, ``2026-01-05 08:00``, ``3SS``) are made here,
once, from the typed values.
"""

from __future__ import annotations

from dataclasses import dataclass

from infradesk.interchange import document as d
from infradesk.schedule.durations import format_duration

# (project field, singular word) of the sections counted besides tasks, in the order shown
SECTIONS: tuple[tuple[str, str], ...] = (
    ("risks", "risk"),
    ("issues", "issue"),
    ("assumptions", "assumption"),
    ("decisions", "decision"),
    ("change_requests", "change request"),
    ("dependencies", "external dependency"),
    ("vendors", "vendor"),
    ("baselines", "baseline"),
    ("meetings", "meeting"),
    ("actions", "action"),
    ("stakeholders", "stakeholder"),
    ("communication_plan", "communication line"),
    ("handover", "acceptance item"),
)


@dataclass(frozen=True)
class PreviewTask:
    """One task row of the preview tree; ``parent`` is the document id of its summary."""

    id: int
    parent: int | None
    wbs: str
    name: str
    duration: str
    start: str
    finish: str
    predecessors: str


@dataclass(frozen=True)
class PreviewRecord:
    """One record of the preview's records list (a risk, an assumption, a vendor...)."""

    code: str
    text: str
    details: str


@dataclass(frozen=True)
class PreviewGroup:
    """The records of one section, under its heading (``Dependencies (6)``)."""

    title: str
    records: tuple[PreviewRecord, ...]


def _joined(*parts: object) -> str:
    return " · ".join(str(part) for part in parts if part)


def _risk_details(risk: d.Risk) -> str:
    p, i = risk.probability or 0, risk.impact or 0
    rating = f"P {p} × I {i} = {p * i}" if p and i else "not scored"
    return _joined(rating, risk.owner, risk.status)


def _day(value: object) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else ""


def preview_records(project: d.Project) -> list[PreviewGroup]:
    """The RAID log and vendors a document brings, grouped as the Risks and Vendors tabs
    will show them: what the preview lists for a risk register or a RAID-only workbook."""
    sections: list[tuple[str, list[PreviewRecord]]] = [
        (
            "Risks",
            [PreviewRecord(r.code or "", r.title or "", _risk_details(r)) for r in project.risks],
        ),
        (
            "Issues",
            [
                PreviewRecord(x.code or "", x.title or "", _joined(x.priority, x.owner, x.status))
                for x in project.issues
            ],
        ),
        (
            "Assumptions",
            [
                PreviewRecord(x.code or "", x.statement or "", _joined(x.owner, x.status))
                for x in project.assumptions
            ],
        ),
        (
            "Dependencies",
            [
                PreviewRecord(
                    x.code or "",
                    x.description or "",
                    _joined(
                        x.external_party,
                        f"required by {_day(x.required_by)}" if x.required_by else "",
                        x.status,
                    ),
                )
                for x in project.dependencies
            ],
        ),
        (
            "Decisions",
            [
                PreviewRecord(x.code or "", x.decision or "", _joined(_day(x.date), x.decided_by))
                for x in project.decisions
            ],
        ),
        (
            "Change requests",
            [
                PreviewRecord(x.code or "", x.title or "", _joined(x.type, x.status))
                for x in project.change_requests
            ],
        ),
        (
            "Vendors",
            [
                PreviewRecord(
                    "",
                    vendor.name,
                    _joined(
                        plural(len(vendor.contracts), "contract") if vendor.contracts else "",
                        plural(len(vendor.deliverables), "delivery")
                        if vendor.deliverables
                        else "",
                    ),
                )
                for vendor in project.vendors
            ],
        ),
        *_governance(project),
    ]
    return [
        PreviewGroup(f"{title} ({len(rows)})", tuple(rows)) for title, rows in sections if rows
    ]


def _governance(project: d.Project) -> list[tuple[str, list[PreviewRecord]]]:
    """The governance logs (issue 20) as the Governance tab will show them."""
    return [
        (
            "Actions",
            [
                PreviewRecord(
                    x.code or "",
                    x.title or "",
                    _joined(x.owner, f"due {_day(x.due)}" if x.due else "", x.status),
                )
                for x in project.actions
            ],
        ),
        (
            "Meetings",
            [
                PreviewRecord(x.code or "", x.title or "", _joined(_day(x.held_on), x.kind))
                for x in project.meetings
            ],
        ),
        (
            "Stakeholders",
            [
                PreviewRecord(
                    x.code or "",
                    x.name or "",
                    _joined(
                        x.role,
                        x.organisation,
                        f"power {x.power} · interest {x.interest}"
                        if x.power and x.interest
                        else "",
                        x.attitude,
                    ),
                )
                for x in project.stakeholders
            ],
        ),
        (
            "Communication plan",
            [
                PreviewRecord(x.code or "", x.content or "", _joined(x.audience, x.frequency))
                for x in project.communication_plan
            ],
        ),
        (
            "Operational acceptance",
            [
                PreviewRecord(x.code or "", x.title or "", _joined(x.owner, x.status))
                for x in project.handover
            ],
        ),
    ]


def plural(count: int, word: str) -> str:
    if count == 1:
        return f"1 {word}"
    if word.endswith("y"):
        return f"{count} {word[:-1]}ies"
    return f"{count} {word}s"


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else ""


def preview_tasks(project: d.Project) -> list[PreviewTask]:
    """The project's tasks in document order, as the preview tree shows them."""
    per_day = project.minutes_per_day
    return [
        PreviewTask(
            id=task.id,
            parent=task.parent,
            wbs=task.wbs,
            name=task.name,
            duration=format_duration(task.duration_minutes, per_day),
            start=_when(task.start),
            finish=_when(task.finish),
            predecessors=",".join(
                f"{link.task}{'' if link.type == 'FS' else link.type}" for link in task.predecessors
            ),
        )
        for task in project.tasks
    ]


def section_counts(project: d.Project) -> list[tuple[str, int, str]]:
    """(field, count, singular word) of every non-empty section besides tasks."""
    return [
        (key, len(getattr(project, key)), word) for key, word in SECTIONS if getattr(project, key)
    ]


_FOUND = (
    ("risks", "risks"),
    ("issues", "issues"),
    ("assumptions", "assumptions"),
    ("decisions", "decisions"),
    ("change_requests", "change requests"),
    ("dependencies", "external dependencies"),
    ("vendors", "vendors"),
)


def found_text(project: d.Project) -> str:
    """``12 tasks, 3 risks, 1 vendors``: what the preview found."""
    parts = [f"{len(project.tasks)} tasks"]
    parts += [
        f"{len(getattr(project, key))} {label}" for key, label in _FOUND if getattr(project, key)
    ]
    return ", ".join(parts)


def new_project_text(project: d.Project) -> str:
    """``30 tasks, 5 links and 2 risks will be created in a new project.``"""
    links = sum(len(task.predecessors) for task in project.tasks)
    parts = [plural(len(project.tasks), "task")]
    if links:
        parts.append(plural(links, "link"))
    parts += [plural(count, word) for _key, count, word in section_counts(project)]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
    return f"{listed} will be created in a new project."
