"""Handover to operations (issue 20): the workspace's acceptance checklist template, a
project's checklist made from it, sign-off, the close milestone and the gate's state.

The gate itself is :mod:`.close_gate` (every command passes it). Rules a PM expects:

- The template is the workspace's; while the PM has not edited it (no rows), the built-in
  :data:`DEFAULT_TEMPLATE` applies. Editing it is one undoable step (:class:`SetTemplate`).
- "Create checklist from template" adds to a project the template items it does not hold yet
  (matched by title, case-insensitive): running it twice adds nothing.
- Signing off an item (:class:`SignOff`) records who and when and marks it done. An item
  cannot be *done* without a sign-off name: marking it done by hand is refused
  (:class:`EditHandoverItem`); "not applicable" needs none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import Contract, HandoverItem, HandoverTemplateItem, Project, Task, Vendor
from infradesk.services.commands import Command, ProjectCommand
from infradesk.services.governance.close_gate import close_task_id, is_done
from infradesk.services.risks.commands import EditRecord, next_code
from infradesk.services.risks.fields import CLOSED_HANDOVER_STATUSES, HANDOVER_ITEM
from infradesk.store.workspace import Workspace

AFFECTS = frozenset({"risks", "governance"})  # the Governance tab reloads on either


class HandoverError(UserError):
    """A handover edit that cannot be made; nothing was changed."""


@dataclass(frozen=True)
class TemplateLine:
    category: str
    title: str
    hint: str = ""  # the evidence expected


DEFAULT_TEMPLATE: tuple[TemplateLine, ...] = (
    TemplateLine(
        "Operations",
        "Runbooks tested by operations",
        "The runbooks operations ran themselves, with the test date and who ran them.",
    ),
    TemplateLine(
        "Monitoring",
        "Monitoring live",
        "Link to the dashboards; alerts route to the support queue and were test-fired.",
    ),
    TemplateLine(
        "Monitoring",
        "Logging live",
        "Logs reach the central log platform; retention agreed; a sample search.",
    ),
    TemplateLine(
        "Support",
        "Support contracts and SLAs in place",
        "The vendor contracts with their SLAs (Vendors tab), running past early-life support.",
    ),
    TemplateLine(
        "Ownership",
        "Service owner named",
        "The service owner's name, recorded in the service catalogue / CMDB.",
    ),
    TemplateLine(
        "Ownership",
        "Escalation path named",
        "Support levels 1-3 and the on-call rota, with names and contacts.",
    ),
    TemplateLine(
        "Documentation",
        "Documentation handed over (runbooks, diagrams, configuration)",
        "Where the runbooks, architecture diagrams and configuration records are kept.",
    ),
    TemplateLine(
        "Support",
        "Early-life support period agreed (dates)",
        "The agreed period as dates, e.g. 2026-05-04 to 2026-06-26, and who staffs it.",
    ),
    TemplateLine(
        "Resilience",
        "Backups and DR tested",
        "Restore test and DR test reports, with dates and the RPO/RTO achieved.",
    ),
    TemplateLine(
        "Security",
        "Access and credentials handed over",
        "Accounts and secrets moved to operations' vault; project accounts removed.",
    ),
    TemplateLine(
        "Knowledge",
        "Knowledge transfer sessions held",
        "The sessions' dates, attendees and recordings or slides.",
    ),
)

_SUPPORT = re.compile(r"support contract|\bsla", re.IGNORECASE)
_EARLY_LIFE = re.compile(r"early[- ]life", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def is_support_item(title: str) -> bool:
    """The item fed from the Vendors tab ("Support contracts and SLAs in place")."""
    return bool(_SUPPORT.search(title))


# ------------------------------------------------------------------------------ template
def load_template(session: Session) -> list[TemplateLine]:
    """The workspace's template, or the default one while it has no rows."""
    rows = session.execute(
        select(
            HandoverTemplateItem.category, HandoverTemplateItem.title, HandoverTemplateItem.hint
        ).order_by(HandoverTemplateItem.position, HandoverTemplateItem.id)
    ).all()
    if not rows:
        return list(DEFAULT_TEMPLATE)
    return [TemplateLine(category, title, hint) for category, title, hint in rows]


def template_is_default(session: Session) -> bool:
    return not session.scalar(select(func.count(HandoverTemplateItem.id)))


def _template_rows(session: Session) -> list[dict[str, Any]]:
    table = HandoverTemplateItem.__table__
    return [dict(r) for r in session.execute(select(table)).mappings()]


class SetTemplate(Command):
    """Replace the workspace's template with ``lines`` in that order (add, edit, reorder
    and delete as one undoable step)."""

    affects: ClassVar[frozenset[str]] = frozenset({"governance"})

    def __init__(self, lines: Sequence[TemplateLine], text: str = "Edit acceptance template"):
        self.text = text
        self.lines = [
            TemplateLine(line.category.strip(), line.title.strip(), line.hint.strip())
            for line in lines
        ]
        self.old: list[dict[str, Any]] = []
        seen: dict[str, int] = {}
        for number, line in enumerate(self.lines, start=1):
            if not line.title:
                raise HandoverError(f"Template line {number}: the item needs a title.")
            if len(line.title) > 500:
                raise HandoverError(f"Template line {number}: the title is over 500 characters.")
            key = line.title.casefold()
            if key in seen:
                raise HandoverError(
                    f"Template line {number}: '{line.title}' is already line {seen[key]}."
                )
            seen[key] = number
        if not self.lines:
            raise HandoverError(
                "The template needs at least one item (Reset to default restores the built-in one)."
            )

    def do(self, session: Session) -> None:
        self.old = _template_rows(session)
        session.execute(delete(HandoverTemplateItem))
        session.execute(
            insert(HandoverTemplateItem),
            [
                {"position": n, "category": x.category, "title": x.title, "hint": x.hint}
                for n, x in enumerate(self.lines, start=1)
            ],
        )

    def undo(self, session: Session) -> None:
        session.execute(delete(HandoverTemplateItem))
        if self.old:
            session.execute(insert(HandoverTemplateItem), self.old)


# ------------------------------------------------------------------------------ checklist
def _hint_note(hint: str) -> str:
    return f"Evidence expected: {hint}" if hint else ""


class ApplyTemplate(ProjectCommand):
    """Add the template's items the project's checklist does not hold yet (by title), after
    the items it has, in template order. Refused when nothing is missing."""

    affects: ClassVar[frozenset[str]] = AFFECTS

    def __init__(self, project_id: int, text: str = "Create checklist from template") -> None:
        super().__init__(project_id, text)
        self.added: list[int] = []

    def do(self, session: Session) -> None:
        template = load_template(session)
        present = {
            title.casefold()
            for title in session.scalars(
                select(HandoverItem.title).where(HandoverItem.project_id == self.project_id)
            )
        }
        missing = [line for line in template if line.title.casefold() not in present]
        if not missing:
            raise HandoverError(
                "The acceptance checklist already holds every item of the template; "
                "nothing was added."
            )
        position = session.scalar(
            select(func.max(HandoverItem.position)).where(
                HandoverItem.project_id == self.project_id
            )
        )
        position = int(position or 0)
        self.added = []
        for line in missing:
            position += 1
            item = HandoverItem(
                project_id=self.project_id,
                code=next_code(session, HANDOVER_ITEM, self.project_id),
                position=position,
                category=line.category,
                title=line.title,
                status="open",
                notes=_hint_note(line.hint),
            )
            session.add(item)
            session.flush()
            self.added.append(item.id)

    def undo(self, session: Session) -> None:
        session.execute(delete(HandoverItem).where(HandoverItem.id.in_(self.added)))


def _items(session: Session, project_id: int, item_ids: Sequence[int]) -> list[HandoverItem]:
    items = list(
        session.scalars(
            select(HandoverItem)
            .where(HandoverItem.project_id == project_id, HandoverItem.id.in_(item_ids))
            .order_by(HandoverItem.position, HandoverItem.code)
        )
    )
    if len(items) != len(set(item_ids)):
        raise HandoverError("That acceptance item no longer exists.")
    return items


_SIGN_FIELDS = ("status", "signed_off_by", "signed_off_on")


class SignOff(ProjectCommand):
    """Sign off acceptance items: who signed, on which day; the items become done."""

    affects: ClassVar[frozenset[str]] = AFFECTS

    def __init__(
        self, project_id: int, item_ids: Sequence[int], signed_by: str, on: date | None = None
    ) -> None:
        if not item_ids:
            raise HandoverError("Select the acceptance items to sign off first.")
        name = signed_by.strip()
        if not name:
            raise HandoverError("Sign off: give the name of who signs the items off.")
        if len(name) > 200:
            raise HandoverError("Sign off: the name is over 200 characters.")
        count = len(set(item_ids))
        super().__init__(project_id, "Sign off " + ("item" if count == 1 else f"{count} items"))
        self.item_ids = sorted(set(item_ids))
        self.signed_by = name
        self.on = on
        self.old: dict[int, dict[str, Any]] = {}

    def do(self, session: Session) -> None:
        on = self.on or date.today()
        self.old = {}
        for item in _items(session, self.project_id, self.item_ids):
            if item.status == "not applicable":
                raise HandoverError(
                    f"{item.code} {item.title} is not applicable; set it to open first to "
                    "sign it off."
                )
            self.old[item.id] = {name: getattr(item, name) for name in _SIGN_FIELDS}
            item.status, item.signed_off_by, item.signed_off_on = "done", self.signed_by, on
        session.flush()

    def undo(self, session: Session) -> None:
        for item_id, old in self.old.items():
            session.execute(update(HandoverItem).where(HandoverItem.id == item_id).values(old))


class EditHandoverItem(EditRecord):
    """The generic field edit with the sign-off rule: a done item names who signed it off
    (so "done" needs a sign-off name; reopening an item keeps its sign-off as history)."""

    def __init__(self, project_id: int, record_id: int, changes: dict[str, Any]) -> None:
        super().__init__(HANDOVER_ITEM.key, project_id, record_id, changes)

    def do(self, session: Session) -> None:
        super().do(session)
        item = session.get(HandoverItem, self.record_id)
        assert item is not None
        if item.status == "done" and not (item.signed_off_by or "").strip():
            raise HandoverError(
                f"{item.code} {item.title}: an item is done when it is signed off; use "
                "Sign off… (Ctrl+Shift+O) to record who accepts it."
            )
        if item.status == "done" and item.signed_off_on is None:
            item.signed_off_on = date.today()
            session.flush()


# ------------------------------------------------------------------------------ close milestone
class SetCloseTask(ProjectCommand):
    """Choose the task whose completion closes the project (None: the latest milestone)."""

    affects: ClassVar[frozenset[str]] = frozenset({"projects", "governance"})

    def __init__(self, project_id: int, task_id: int | None) -> None:
        super().__init__(project_id, "Set close milestone")
        self.task_id = task_id
        self.old: int | None = None

    def do(self, session: Session) -> None:
        if self.task_id is not None:
            found = session.scalar(
                select(Task.id).where(Task.id == self.task_id, Task.project_id == self.project_id)
            )
            if found is None:
                raise HandoverError("The close milestone must be a task of this project.")
        self.old = session.scalar(
            select(Project.close_task_id).where(Project.id == self.project_id)
        )
        session.execute(
            update(Project).where(Project.id == self.project_id).values(close_task_id=self.task_id)
        )

    def undo(self, session: Session) -> None:
        session.execute(
            update(Project).where(Project.id == self.project_id).values(close_task_id=self.old)
        )


def close_task_options(session: Session, project_id: int) -> list[tuple[int, str]]:
    """The project's milestones as (id, "name  (finish)") choices, in plan order."""
    rows = session.execute(
        select(Task.id, Task.name, Task.finish)
        .where(Task.project_id == project_id, Task.milestone.is_(True))
        .order_by(Task.position, Task.id)
    )
    return [(i, f"{name}  ({finish:%Y-%m-%d})" if finish else name) for i, name, finish in rows]


# ------------------------------------------------------------------------------ state
@dataclass(frozen=True)
class HandoverState:
    """What the Handover sub-tab shows above the checklist."""

    total: int
    signed_off: int  # done (with a sign-off)
    not_applicable: int
    open_items: tuple[tuple[str, str], ...]
    close_task_id: int | None
    close_task_name: str
    close_chosen: bool  # the PM chose it (else: the latest milestone)
    close_done: bool
    template_default: bool

    @property
    def closed(self) -> int:
        return self.signed_off + self.not_applicable

    @property
    def gate_text(self) -> str:
        if self.close_task_id is None:
            return "No close milestone: the project has no milestone to gate."
        if self.close_done:
            return f"'{self.close_task_name}' is done: the project is closed."
        if self.total == 0:
            return "No acceptance checklist yet: nothing holds the close milestone."
        if self.open_items:
            count = len(self.open_items)
            noun = "item is" if count == 1 else "items are"
            return (
                f"Gate closed: {count} acceptance {noun} open; '{self.close_task_name}' "
                "cannot be marked done."
            )
        return f"Gate open: every item is signed off; '{self.close_task_name}' may be closed."


def load_state(session: Session, project_id: int) -> HandoverState:
    rows = session.execute(
        select(HandoverItem.code, HandoverItem.title, HandoverItem.status)
        .where(HandoverItem.project_id == project_id)
        .order_by(HandoverItem.position, HandoverItem.code)
    ).all()
    chosen = session.scalar(select(Project.close_task_id).where(Project.id == project_id))
    task_id = close_task_id(session, project_id)
    name, done = "", False
    if task_id is not None:
        task = session.execute(
            select(Task.name, Task.percent_complete, Task.actual_finish).where(Task.id == task_id)
        ).one()
        name, done = task.name, is_done(task.percent_complete, task.actual_finish)
    return HandoverState(
        total=len(rows),
        signed_off=sum(1 for r in rows if r.status == "done"),
        not_applicable=sum(1 for r in rows if r.status == "not applicable"),
        open_items=tuple(
            (r.code, r.title) for r in rows if r.status not in CLOSED_HANDOVER_STATUSES
        ),
        close_task_id=task_id,
        close_task_name=name,
        close_chosen=chosen is not None and chosen == task_id,
        close_done=done,
        template_default=template_is_default(session),
    )


# ------------------------------------------------------------------------------ vendors
@dataclass(frozen=True)
class SupportContract:
    """A vendor contract as the "Support contracts and SLAs" item shows it."""

    vendor: str
    number: str
    title: str
    status: str
    end: date | None
    sla: str  # "99.9 % · response 4 h · resolution 1 d"; "" when none
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class SupportFeed:
    contracts: tuple[SupportContract, ...]
    early_life_end: date | None  # from the early-life support item's evidence
    compared_to: str  # what an end date is checked against, for the note

    @property
    def flagged(self) -> int:
        return sum(1 for c in self.contracts if c.warnings)


def early_life_end(session: Session, project_id: int) -> date | None:
    """The last date written in the early-life support item's evidence (or notes)."""
    rows = session.execute(
        select(HandoverItem.title, HandoverItem.evidence, HandoverItem.notes).where(
            HandoverItem.project_id == project_id
        )
    )
    found: list[date] = []
    for title, evidence, _notes in rows:
        if not _EARLY_LIFE.search(title):
            continue
        for year, month, day in _DATE.findall(evidence or ""):
            try:
                found.append(date(int(year), int(month), int(day)))
            except ValueError:
                continue
    return max(found) if found else None


def _sla_text(availability: Decimal | None, response: str, resolution: str) -> str:
    parts = []
    if availability is not None:
        parts.append(f"{availability.normalize():f} %")
    if response.strip():
        parts.append(f"response {response.strip()}")
    if resolution.strip():
        parts.append(f"resolution {resolution.strip()}")
    return " · ".join(parts)


def support_feed(session: Session, project_id: int) -> SupportFeed:
    """The project's vendor contracts with their SLAs and end dates, flagging one with no
    SLA and one that ends before early-life support ends (or, with no early-life dates
    yet, before the close milestone)."""
    limit = early_life_end(session, project_id)
    compared_to = f"early-life support end {limit:%Y-%m-%d}" if limit else ""
    if limit is None:
        task_id = close_task_id(session, project_id)
        finish = session.scalar(select(Task.finish).where(Task.id == task_id)) if task_id else None
        if finish is not None:
            limit = finish.date()
            compared_to = f"close milestone {limit:%Y-%m-%d} (no early-life dates yet)"
    rows = session.execute(
        select(Vendor.name, Contract)
        .join(Contract, Contract.vendor_id == Vendor.id)
        .where(Vendor.project_id == project_id)
        .order_by(Vendor.name, Contract.end, Contract.id)
    ).all()
    contracts = []
    for vendor_name, contract in rows:
        sla = _sla_text(
            contract.sla_availability, contract.sla_response or "", contract.sla_resolution or ""
        )
        warnings = []
        if not sla:
            warnings.append("no SLA")
        if contract.end is not None and limit is not None and contract.end < limit:
            warnings.append(f"ends {contract.end:%Y-%m-%d}, before the {compared_to}")
        contracts.append(
            SupportContract(
                vendor_name,
                contract.number or "",
                contract.title or "",
                contract.status or "",
                contract.end,
                sla,
                tuple(warnings),
            )
        )
    return SupportFeed(tuple(contracts), early_life_end(session, project_id), compared_to)


# ------------------------------------------------------------------------------ for the views
def template_of(workspace: Workspace) -> list[TemplateLine]:
    with workspace.read_session() as session:
        return load_template(session)


def state_of(workspace: Workspace, project_id: int) -> HandoverState:
    with workspace.read_session() as session:
        return load_state(session, project_id)


def feed_of(workspace: Workspace, project_id: int) -> SupportFeed:
    with workspace.read_session() as session:
        return support_feed(session, project_id)


def close_options_of(workspace: Workspace, project_id: int) -> list[tuple[int, str]]:
    with workspace.read_session() as session:
        return close_task_options(session, project_id)
