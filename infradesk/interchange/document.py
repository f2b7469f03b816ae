"""The interchange document as types: what every reader returns and every writer takes.

One document (docs/json-format.md, -risks.md, -vendors.md) holds projects with their calendar,
tasks and links, baselines, RAID log and vendors. In memory it carries ``datetime``, ``date``,
whole working minutes and ``Decimal``; the text forms of the JSON file (``"5d"``, ISO dates,
``"08:00-12:00"``, money strings) exist only at the JSON edge (``json_document.py``).

Conventions of the types:
- Records are frozen dataclasses with tuples for their lists: a reader builds them once,
  nobody changes them on the way to the workspace.
- References between records use the document's own numbers, as in the file: a task's
  ``parent`` and a link's ``task`` are document task ids, an order's ``contract`` a contract
  ``id``, an issue's ``risk`` a risk ``code``.
- ``None`` in a field of a RAID or vendor record means "not given": the workspace's default
  applies when it is stored (a risk without status is ``identified``). ``given`` names the
  fields a source gave, for the update of an existing project (only those change; a date
  given empty clears the stored one). Choice texts (statuses, categories) are kept as the
  source wrote them; the storing side maps them, so a reader never has to know the
  workspace's choices.
- Values computed on export and ignored on import (early/late dates, floats, risk score, EMV,
  a contract's notice deadline, a late delivery) live in separate ``computed`` records.
- Resources (issue 18) belong to the workspace, not to a project: the document lists them
  once (``Document.resources``, with the named base calendars they work) and a task's
  ``assignments`` name them. Importing matches them with the pool by name, ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from infradesk.errors import UserError
from infradesk.interchange.runbook_document import Runbook

FORMAT_NAME = "infradesk"
FORMAT_VERSION = 1

LinkType = Literal["FS", "SS", "FF", "SF"]
LINK_TYPES: tuple[LinkType, ...] = ("FS", "SS", "FF", "SF")
# MS Project's constraint types; all but ASAP and ALAP need a date (docs/scheduling.md).
ConstraintType = Literal["ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO"]
CONSTRAINT_TYPES: tuple[ConstraintType, ...] = (
    "ASAP", "ALAP", "SNET", "SNLT", "FNET", "FNLT", "MSO", "MFO",
)  # fmt: skip
DATED_CONSTRAINTS: frozenset[str] = frozenset(CONSTRAINT_TYPES[2:])
ZERO = Decimal("0")

# Working hours of one day: (start, end) minutes since midnight, end up to 1440.
Hours = tuple[tuple[int, int], ...]
DEFAULT_WEEKDAYS: tuple[int, ...] = (0, 1, 2, 3, 4)
DEFAULT_WORKING_HOURS: Hours = ((480, 720), (780, 1020))
DEFAULT_MINUTES_PER_DAY = 480


class DocumentError(UserError, ValueError):
    """The document is not valid; the message names where (``projects[0].tasks[3].parent``).

    A ``ValueError`` too, for callers written before the error classes were unified.
    """


def constraint_type(text: str) -> ConstraintType | None:
    """The constraint type named by ``text`` (any case, spaces ignored), or None."""
    wanted = text.strip().upper()
    for kind in CONSTRAINT_TYPES:
        if kind == wanted:
            return kind
    return None


def done_minutes(duration_minutes: int, percent_complete: float) -> int:
    """The working minutes done of a task: its duration x percent complete, rounded."""
    return round(max(0, duration_minutes) * max(0.0, min(100.0, percent_complete)) / 100)


def remaining_minutes(duration_minutes: int, percent_complete: float) -> int:
    """Duration - done: the working minutes left (what the export writes)."""
    return max(0, duration_minutes) - done_minutes(duration_minutes, percent_complete)


def with_remaining(
    duration_minutes: int, percent_complete: float, remaining: int | None
) -> tuple[int, float]:
    """(duration, percent) once a given remaining work is applied, as MS Project does: the
    work done is kept and the duration becomes done + remaining (the percent follows). A
    remaining that agrees with the duration changes nothing (so a round trip is exact)."""
    if remaining is None or remaining < 0:
        return duration_minutes, percent_complete
    done = done_minutes(duration_minutes, percent_complete)
    duration = done + remaining
    if duration == duration_minutes:
        return duration_minutes, percent_complete
    percent = 100.0 if duration == 0 and done else (done * 100 / duration if duration else 0.0)
    return duration, round(percent, 2)


def minutes_per_day(hours: Hours) -> int:
    """Working minutes of a normal day with these hours (480 when there are none)."""
    return sum(end - start for start, end in hours) or DEFAULT_MINUTES_PER_DAY


def recorded_progress(tasks: tuple[Task, ...]) -> tuple[Task, ...]:
    """The tasks with MS Project's progress rules applied to what a file left implicit:
    a task 100 % complete without an actual finish finished at its scheduled dates; one
    started (above 0 %) without an actual start started at its scheduled start; an actual
    finish means 100 %. Files written before actuals existed (older InfraDesk exports, plain
    spreadsheets) so keep their finished work where it was instead of moving it past the
    status date. Summaries are left alone (their progress is rolled up)."""
    parents = {task.parent for task in tasks if task.parent is not None}
    out = []
    for task in tasks:
        if task.id in parents:
            out.append(task)
            continue
        started, finished = task.actual_start, task.actual_finish
        percent = task.percent_complete
        if finished is not None:
            percent = 100.0
        elif percent >= 100 and task.finish is not None:
            finished = task.finish
        begun = finished is not None or percent > 0
        if started is None and begun and task.start is not None:
            started = task.start if finished is None or task.start <= finished else None
        unchanged = (task.actual_start, task.actual_finish, task.percent_complete)
        if (started, finished, percent) == unchanged:
            out.append(task)
            continue
        out.append(
            replace(task, actual_start=started, actual_finish=finished, percent_complete=percent)
        )
    return tuple(out)


# ------------------------------------------------------------------------------ calendar


@dataclass(frozen=True, slots=True)
class Holiday:
    """A day off the PM added to the public holidays."""

    date: date
    name: str = ""


@dataclass(frozen=True, slots=True)
class CalendarException:
    """A date that is working with its own hours (a cutover weekend)."""

    date: date
    name: str = ""
    working_hours: Hours = ()


@dataclass(frozen=True, slots=True)
class FreezeWindow:
    """A change freeze, both days included."""

    start: date
    finish: date
    name: str = "Change freeze"


@dataclass(frozen=True, slots=True)
class Calendar:
    """Working time of a project. Weekdays count from Monday = 0."""

    working_weekdays: tuple[int, ...] = DEFAULT_WEEKDAYS
    working_hours: Hours = DEFAULT_WORKING_HOURS
    holiday_country: str | None = None
    holiday_region: str | None = None
    holidays: tuple[Holiday, ...] = ()
    exceptions: tuple[CalendarException, ...] = ()
    freeze_windows: tuple[FreezeWindow, ...] = ()

    @property
    def minutes_per_day(self) -> int:
        return minutes_per_day(self.working_hours)


# ------------------------------------------------------------------------------ resources

RESOURCE_KINDS: tuple[str, ...] = ("work", "material", "cost")
# MS Project's task types: which of duration, work and units stays put when another changes
TASK_TYPES: tuple[str, ...] = ("fixed_duration", "fixed_work", "fixed_units")
DEFAULT_PRIORITY = 500  # MS Project's; 1000 is never leveled
ResourceDayKind = Literal["leave", "exception"]


@dataclass(frozen=True, slots=True)
class BaseCalendar:
    """A named working week of the workspace ("Night shift", "24 Hours") a resource works."""

    name: str
    working_weekdays: tuple[int, ...] = DEFAULT_WEEKDAYS
    working_hours: Hours = DEFAULT_WORKING_HOURS


@dataclass(frozen=True, slots=True)
class ResourceDay:
    """A dated deviation of one resource's time: ``leave`` (no work that day) or an
    ``exception`` (other hours that day: a part-time day, an on-call weekend)."""

    date: date
    kind: ResourceDayKind = "leave"
    name: str = ""
    working_hours: Hours = ()


@dataclass(frozen=True, slots=True)
class Resource:
    """A person, crew, material or cost of the pool. ``max_units`` is a fraction (1.0 = one
    full-time person, 3.0 a crew of three); ``calendar`` names a :class:`BaseCalendar` ("":
    the resource works its task's project calendar); ``vendor`` names a vendor ("": none)."""

    name: str
    kind: str = "work"  # RESOURCE_KINDS
    role: str = ""
    email: str = ""
    team: str = ""
    vendor: str = ""
    max_units: float = 1.0
    rate_per_hour: Decimal = ZERO
    cost_per_use: Decimal = ZERO
    material_label: str = ""
    calendar: str = ""
    notes: str = ""
    days: tuple[ResourceDay, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    """A resource on a task: ``units`` a fraction for people (0.5 = 50%) or a quantity for a
    material; ``work_minutes`` and ``cost`` None when the source did not say (the workspace
    computes them from the duration, the units and the resource's rates)."""

    resource: str
    units: float = 1.0
    work_minutes: int | None = None
    cost: Decimal | None = None


MAX_WORK_UNITS = 1000.0  # a crew of a thousand; more units are a material's quantity


def unlisted_resource(name: str, units: float) -> Resource:
    """The record of a resource only assignments name: a work resource, or a material when
    it is assigned in quantities (more units than a crew of a thousand)."""
    kind = "material" if units > MAX_WORK_UNITS else "work"
    return Resource(name=" ".join(name.split()), kind=kind)


def resource_key(name: str) -> str:
    """How resource names are matched: trimmed, inner blanks collapsed, case ignored."""
    return " ".join(name.split()).casefold()


# ------------------------------------------------------------------------------ plan


@dataclass(frozen=True, slots=True)
class Link:
    """A predecessor of a task: the document id of the task before it, the type and the lag
    in working minutes (may be negative)."""

    task: int
    type: LinkType = "FS"
    lag_minutes: int = 0


@dataclass(frozen=True, slots=True)
class ExternalLink:
    """A predecessor in another project of the workspace (issue 20): that project's name, the
    task's id in that project's document part (its row number when the project is not in the
    document but in the workspace), the type and the lag in the successor's working minutes.
    ``index``: its place in the task's ``predecessors`` list of the file (for messages)."""

    project: str
    task: int
    type: LinkType = "FS"
    lag_minutes: int = 0
    index: int = 0


@dataclass(frozen=True, slots=True)
class ComputedSchedule:
    """What the engine computed for a task; written on export, ignored on import."""

    early_start: datetime
    early_finish: datetime
    late_start: datetime
    late_finish: datetime
    total_float_minutes: int
    free_float_minutes: int
    critical: bool


@dataclass(frozen=True, slots=True)
class Task:
    """One task in outline order; ``id`` is its document number, ``parent`` its summary's.

    Progress: ``actual_start`` (in progress) and ``actual_finish`` (finished) are the real
    dates; ``percent_complete`` is the share of the duration done. ``remaining_minutes`` is
    what a source said is left: readers apply it to the duration (:func:`with_remaining`)
    before building the task, so here it only restates duration - done; the export writes
    it computed. ``constraint_type`` with ``constraint_date`` is the scheduling constraint (a
    file's "start no earlier than" arrives as SNET). ``cost`` is the planned (fixed) cost,
    ``actual_cost`` the cost of the work done, both in the project's currency.

    Flags (MS Project's, kept through every format that has them):
    ``estimated`` - the duration is a guess (MS Project's ``5d?``); scheduling ignores it.
    ``manual`` - manually scheduled: ``start`` is the user's fixed start, which links and
    the project start do not move (the engine takes it as the task's start).
    ``elapsed`` - ``duration_minutes`` are wall-clock minutes (MS Project's ``3ed``/``4eh``/
    ``30em``; a day of 24 h), scheduled on the 24x7 clock instead of the calendar.

    Resources (issue 18): ``assignments`` name pool resources (the first is the owner);
    ``calendar`` names a :class:`BaseCalendar` of the document or the workspace.
    """

    id: int
    name: str = ""
    wbs: str = ""
    parent: int | None = None
    start: datetime | None = None
    finish: datetime | None = None
    duration_minutes: int = DEFAULT_MINUTES_PER_DAY
    percent_complete: float = 0.0
    milestone: bool = False
    owner: str = ""
    notes: str = ""
    constraint_type: ConstraintType = "ASAP"
    constraint_date: datetime | None = None
    deadline: datetime | None = None
    production_change: bool = False
    external_ref: str = ""
    predecessors: tuple[Link, ...] = ()
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    remaining_minutes: int | None = None
    cost: Decimal = ZERO
    actual_cost: Decimal = ZERO
    estimated: bool = False
    manual: bool = False
    elapsed: bool = False
    computed: ComputedSchedule | None = None
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None
    # the resources on the task, the primary assignee (the owner) first
    assignments: tuple[Assignment, ...] = ()
    # issue 18: leveling priority (0-1000), task type, the base calendar the task runs on
    # ("": its project's) and the leveling delay in working minutes
    priority: int = DEFAULT_PRIORITY
    task_type: str = "fixed_duration"
    calendar: str = ""
    leveling_delay_minutes: int = 0
    # issue 20: predecessors in other projects (kept apart: every reader of ``predecessors``
    # looks within the project)
    external_predecessors: tuple[ExternalLink, ...] = ()

    @property
    def start_no_earlier_than(self) -> datetime | None:
        """The SNET date (the older files' ``start_no_earlier_than``), else None."""
        return self.constraint_date if self.constraint_type == "SNET" else None


@dataclass(frozen=True, slots=True)
class BaselineTask:
    task: int
    start: datetime | None = None
    finish: datetime | None = None
    duration_minutes: int = 0
    cost: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Baseline:
    """A saved copy of the plan's dates and costs; an empty name becomes ``Baseline N`` when
    stored. ``for_earned_value``: the baseline earned value is measured against."""

    name: str = ""
    created: datetime | None = None
    tasks: tuple[BaselineTask, ...] = ()
    for_earned_value: bool = False


# ------------------------------------------------------------------------------ RAID log


@dataclass(frozen=True, slots=True)
class RiskAction:
    description: str | None = None
    owner: str | None = None
    due: date | None = None
    done: bool | None = None


@dataclass(frozen=True, slots=True)
class RiskHistoryEntry:
    """The full state of a risk from ``date`` on; a value not given is the risk's own."""

    date: date | None = None
    probability: int | None = None
    impact: int | None = None
    residual_probability: int | None = None
    residual_impact: int | None = None
    status: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class RiskComputed:
    """Written on export, ignored on import."""

    score: int
    band: str
    emv: Decimal


@dataclass(frozen=True, slots=True)
class Risk:
    code: str | None = None
    title: str | None = None
    kind: str | None = None
    category: str | None = None
    owner: str | None = None
    status: str | None = None
    raised: date | None = None
    proximity: date | None = None
    next_review: date | None = None
    probability: int | None = None
    impact: int | None = None
    residual_probability: int | None = None
    residual_impact: int | None = None
    cost_impact: Decimal | None = None
    schedule_impact_days: int | None = None
    response: str | None = None
    cause: str | None = None
    event: str | None = None
    effect: str | None = None
    description: str | None = None
    mitigation: str | None = None
    contingency: str | None = None
    trigger: str | None = None
    computed: RiskComputed | None = None
    tasks: tuple[int, ...] = ()  # document task ids
    actions: tuple[RiskAction, ...] = ()
    history: tuple[RiskHistoryEntry, ...] = ()
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Issue:
    code: str | None = None
    title: str | None = None
    category: str | None = None
    priority: str | None = None
    severity: str | None = None
    owner: str | None = None
    raised: date | None = None
    due: date | None = None
    status: str | None = None
    resolved: date | None = None
    description: str | None = None
    resolution: str | None = None
    risk: str | None = None  # the code of the risk that occurred
    tasks: tuple[int, ...] = ()
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Assumption:
    code: str | None = None
    statement: str | None = None
    owner: str | None = None
    validate_by: date | None = None
    status: str | None = None
    rationale: str | None = None
    impact_if_false: str | None = None
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ChangeRequest:
    code: str | None = None
    title: str | None = None
    type: str | None = None
    requested_by: str | None = None
    requested: date | None = None
    schedule_impact_days: int | None = None
    cost_impact: Decimal | None = None
    status: str | None = None
    decision_date: date | None = None
    approver: str | None = None
    itil_class: str | None = None
    cab_required: bool | None = None
    cab_date: date | None = None
    cab_outcome: str | None = None
    window_start: datetime | None = None  # issue 20: the window it is scheduled in
    window_finish: datetime | None = None
    services: str | None = None  # affected services, comma list
    implementer: str | None = None
    description: str | None = None
    implementation_plan: str | None = None
    backout_plan: str | None = None
    test_plan: str | None = None
    risk_analysis: str | None = None
    task: int | None = None  # the document id of the plan task that implements it
    risks: tuple[str, ...] = ()  # risk codes
    issues: tuple[str, ...] = ()  # issue codes
    baseline: str | None = None  # the name of a baseline of the same document
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    code: str | None = None
    decision: str | None = None
    needed_by: date | None = None  # (before ``date``, which names the field below)
    date: date | None = None
    decided_by: str | None = None  # pending (no date): the stakeholder who must decide
    rationale: str | None = None
    change: str | None = None  # a change request code
    meeting: str | None = None  # a meeting code
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ExternalDependency:
    """A row of a dependency log, the D of RAID: what the project needs from outside its plan
    (``description``) from whom (``external_party``) by when (``required_by``); JSON
    ``dependencies_external``, stored by the workspace's external_dependency table."""

    code: str | None = None
    type: str | None = None
    description: str | None = None
    dependent_on: str | None = None
    external_party: str | None = None
    required_by: date | None = None
    impact_if_late: str | None = None
    mitigation: str | None = None
    owner: str | None = None
    status: str | None = None
    remarks: str | None = None
    # The fields the source gave (a spreadsheet without an owner column gives no owner);
    # None: every field. Updating a project changes only given fields.
    given: frozenset[str] | None = None


# ------------------------------------------------------------------------------ governance
# Issue 20: meetings, the action log, the stakeholder register, the communication plan, the
# operational acceptance (handover) checklist and the change windows. See
# docs/json-format-governance.md. Records name each other by code (an action's ``meeting``).


@dataclass(frozen=True, slots=True)
class Meeting:
    code: str | None = None
    title: str | None = None
    kind: str | None = None
    held_on: date | None = None
    chair: str | None = None
    attendees: str | None = None  # names, comma list
    minutes: str | None = None
    # The fields the source gave; None: every field. Updating changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ActionItem:
    code: str | None = None
    title: str | None = None
    owner: str | None = None
    raised: date | None = None
    due: date | None = None
    status: str | None = None
    closed: date | None = None
    meeting: str | None = None  # a meeting code
    notes: str | None = None
    # The fields the source gave; None: every field. Updating changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class Stakeholder:
    code: str | None = None
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    power: int | None = None  # 1-5
    interest: int | None = None  # 1-5
    attitude: str | None = None
    needs: str | None = None  # what they need to know
    contact: str | None = None
    # The fields the source gave; None: every field. Updating changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class CommsItem:
    """A line of the communication plan; ``status_report``: it distributes the weekly
    status report (its audience is the report's distribution list)."""

    code: str | None = None
    content: str | None = None
    audience: str | None = None  # stakeholder names, comma list
    frequency: str | None = None
    channel: str | None = None
    owner: str | None = None
    status_report: bool | None = None
    notes: str | None = None
    # The fields the source gave; None: every field. Updating changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class HandoverItem:
    """An item of the operational acceptance checklist (its place in the list is its
    position)."""

    code: str | None = None
    title: str | None = None
    category: str | None = None
    owner: str | None = None
    status: str | None = None
    evidence: str | None = None
    signed_off_by: str | None = None
    signed_off_on: date | None = None
    notes: str | None = None
    # The fields the source gave; None: every field. Updating changes only given fields.
    given: frozenset[str] | None = None


@dataclass(frozen=True, slots=True)
class ChangeWindow:
    """A freeze, blackout, maintenance or CAB window, local date-times, ``finish``
    exclusive; ``services`` a comma list ("" = every service)."""

    name: str | None = None
    kind: str | None = None
    start: datetime | None = None
    finish: datetime | None = None
    services: str | None = None
    notes: str | None = None


@dataclass(frozen=True, slots=True)
class HandoverTemplateItem:
    """A line of the workspace's acceptance checklist template."""

    category: str | None = None
    title: str | None = None
    hint: str | None = None


@dataclass(frozen=True, slots=True)
class RiskBands:
    low_max: int = 4
    medium_max: int = 9
    high_max: int = 15


@dataclass(frozen=True, slots=True)
class RiskSettings:
    """Per-project scoring; empty percents or categories mean the defaults."""

    bands: RiskBands = RiskBands()
    probability_percents: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()


# ------------------------------------------------------------------------------ vendors


@dataclass(frozen=True, slots=True)
class BudgetLine:
    id: int | None = None
    category: str = ""
    description: str = ""
    amount: Decimal | None = None
    currency: str | None = None  # None: the project's


@dataclass(frozen=True, slots=True)
class Contact:
    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    account_manager: bool = False


@dataclass(frozen=True, slots=True)
class VendorScore:
    """A dated review; a criterion not given counts 3."""

    date: date | None = None
    quality: int | None = None
    timeliness: int | None = None
    responsiveness: int | None = None
    commercial: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Sla:
    availability: Decimal | None = None  # percent
    response: str = ""
    resolution: str = ""


@dataclass(frozen=True, slots=True)
class Contract:
    id: int | None = None
    number: str = ""
    title: str = ""
    type: str = ""
    value: Decimal | None = None
    currency: str | None = None
    start: date | None = None
    end: date | None = None
    notice_months: int | None = None
    notice_days: int | None = None
    renewal: str = ""
    sla: Sla = Sla()
    status: str = ""
    document: str = ""
    notice_deadline: date | None = None  # computed on export only


@dataclass(frozen=True, slots=True)
class PurchaseOrder:
    id: int | None = None
    number: str = ""
    description: str = ""
    contract: int | None = None
    budget_line: int | None = None
    amount: Decimal | None = None
    currency: str | None = None
    order_date: date | None = None
    due_date: date | None = None
    status: str = ""
    invoiced: Decimal | None = None
    paid: Decimal | None = None
    task: int | None = None  # the document task the order pays for


@dataclass(frozen=True, slots=True)
class Delivery:
    """A delivery; linked to a task it gates that task's start."""

    description: str = ""
    quantity: int | None = None
    order: int | None = None
    promised: date | None = None
    actual: date | None = None
    status: str = ""
    task: int | None = None
    late: bool | None = None  # computed on export only


@dataclass(frozen=True, slots=True)
class Vendor:
    name: str = ""
    category: str = ""
    account_number: str = ""
    website: str = ""
    notes: str = ""
    contacts: tuple[Contact, ...] = ()
    scores: tuple[VendorScore, ...] = ()
    contracts: tuple[Contract, ...] = ()
    orders: tuple[PurchaseOrder, ...] = ()
    deliverables: tuple[Delivery, ...] = ()


# ------------------------------------------------------------------------------ document


@dataclass(frozen=True, slots=True)
class EarnedValue:
    """The project's earned value as of ``status_date`` against its earned-value baseline;
    written on export, ignored on import. Money in the project's currency; a ratio whose
    denominator is zero is None, as are EAC, ETC and VAC without a CPI."""

    status_date: datetime
    baseline: str
    bac: Decimal
    pv: Decimal
    ev: Decimal
    ac: Decimal
    sv: Decimal
    cv: Decimal
    spi: float | None
    cpi: float | None
    eac: Decimal | None
    etc: Decimal | None
    vac: Decimal | None
    tcpi: float | None
    es: float | None = None  # earned schedule: working minutes from the baseline start
    spi_t: float | None = None
    forecast_finish: datetime | None = None  # by earned schedule


@dataclass(frozen=True, slots=True)
class Project:
    """One project. ``start`` None: the earliest task start, else today 08:00, when stored;
    ``calendar`` None: the default calendar; ``risk_settings`` None: the default scoring.
    ``status_date``: what progress was recorded up to (None: not set, the workspace uses
    now); ``reschedule_after_status``: MS Project's "reschedule uncompleted work to start
    after the status date" (on by default)."""

    name: str = ""
    currency: str = "EUR"
    start: datetime | None = None
    status_date: datetime | None = None
    reschedule_after_status: bool = True
    manager: str = ""
    description: str = ""
    calendar: Calendar | None = None
    tasks: tuple[Task, ...] = ()
    baselines: tuple[Baseline, ...] = ()
    risks: tuple[Risk, ...] = ()
    issues: tuple[Issue, ...] = ()
    assumptions: tuple[Assumption, ...] = ()
    change_requests: tuple[ChangeRequest, ...] = ()
    decisions: tuple[Decision, ...] = ()
    risk_settings: RiskSettings | None = None
    dependencies: tuple[ExternalDependency, ...] = ()
    vendors: tuple[Vendor, ...] = ()
    budget: tuple[BudgetLine, ...] = ()
    runbooks: tuple[Runbook, ...] = ()  # issue 19: the cutover runbooks
    # issue 20: governance, see docs/json-format-governance.md
    meetings: tuple[Meeting, ...] = ()
    actions: tuple[ActionItem, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    communication_plan: tuple[CommsItem, ...] = ()
    handover: tuple[HandoverItem, ...] = ()
    change_windows: tuple[ChangeWindow, ...] = ()  # the project's own
    earned_value: EarnedValue | None = None  # computed on export only

    @property
    def minutes_per_day(self) -> int:
        """Working minutes of a day of this project's calendar (480 without one)."""
        return self.calendar.minutes_per_day if self.calendar else DEFAULT_MINUTES_PER_DAY


@dataclass(frozen=True, slots=True)
class Document:
    """The whole document: ``{"format": "infradesk", "version": 1, "projects": [...]}``, with
    the resources its tasks' assignments name and the base calendars those resources work."""

    projects: tuple[Project, ...] = ()
    generator: str = ""
    version: int = FORMAT_VERSION
    resources: tuple[Resource, ...] = ()
    base_calendars: tuple[BaseCalendar, ...] = ()
    change_windows: tuple[ChangeWindow, ...] = ()  # shared by the whole workspace
    handover_template: tuple[HandoverTemplateItem, ...] = ()
