"""The RAID log (risks with actions, history and task links; issues; assumptions; external
dependencies; decisions; change requests; scoring settings) <-> the typed interchange
document. See
docs/json-format-risks.md.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange import document as d
from infradesk.model import (
    Assumption,
    Baseline,
    ChangeIssue,
    ChangeRequest,
    ChangeRisk,
    Decision,
    ExternalDependency,
    Issue,
    IssueTask,
    Meeting,
    Project,
    Risk,
    RiskAction,
    RiskHistory,
    RiskTask,
)
from infradesk.services.documents.plan import DocumentError
from infradesk.services.risks import scoring as rs
from infradesk.services.risks.fields import (
    ACTION,
    ASSUMPTION,
    CHANGE,
    DECISION,
    DEPENDENCY,
    ISSUE,
    RISK,
    Entity,
    RaidEditError,
    parse_value,
)

# Document key -> model column, where they differ (the document reads like the register).
RENAMES: dict[str, dict[str, str]] = {
    "assumption": {"statement": "title"},
    "decision": {"decision": "title", "date": "decided_on"},
    "change": {"type": "change_type"},
    "dependency": {"description": "title", "type": "dependency_type"},
}
# (document section, log, model, record type)
SECTIONS: tuple[tuple[str, Entity, Any, type[Any]], ...] = (
    ("risks", RISK, Risk, d.Risk),
    ("issues", ISSUE, Issue, d.Issue),
    ("assumptions", ASSUMPTION, Assumption, d.Assumption),
    ("change_requests", CHANGE, ChangeRequest, d.ChangeRequest),
    ("decisions", DECISION, Decision, d.Decision),
    ("dependencies", DEPENDENCY, ExternalDependency, d.ExternalDependency),
)


def _fields(spec: Entity, record: Any) -> dict[str, Any]:
    """The stored values of a record under the document's field names (references left to
    the caller)."""
    back = {column: key for key, column in RENAMES.get(spec.key, {}).items()}
    data: dict[str, Any] = {"code": record.code} if spec.prefix else {}
    for field in spec.fields:
        if field.kind != "ref":
            data[back.get(field.name, field.name)] = getattr(record, field.name)
    return data


def _by_project(session: Session, model: Any, project_id: int) -> list[Any]:
    return list(
        session.scalars(select(model).where(model.project_id == project_id).order_by(model.code))
    )


def _grouped_links(
    session: Session, link: Any, owner: str, other: str, owner_ids: list[int]
) -> dict[int, list[int]]:
    """owner id -> sorted linked ids, in one query."""
    found: dict[int, list[int]] = defaultdict(list)
    if owner_ids:
        table = link.__table__
        rows = session.execute(
            select(table.c[owner], table.c[other]).where(table.c[owner].in_(owner_ids))
        )
        for owner_id, other_id in rows:
            found[owner_id].append(other_id)
    for values in found.values():
        values.sort()
    return found


def _linked(session: Session, link: Any, owner: str, owner_id: int, other: str) -> list[int]:
    table = link.__table__
    return sorted(session.scalars(select(table.c[other]).where(table.c[owner] == owner_id)).all())


# ---------------------------------------------------------------------------------- export


@dataclasses.dataclass(frozen=True)
class RaidLog:
    """The RAID log of one project as document records."""

    risks: tuple[d.Risk, ...]
    issues: tuple[d.Issue, ...]
    assumptions: tuple[d.Assumption, ...]
    change_requests: tuple[d.ChangeRequest, ...]
    decisions: tuple[d.Decision, ...]
    risk_settings: d.RiskSettings
    dependencies: tuple[d.ExternalDependency, ...] = ()


def export_risks(session: Session, project: Project, task_ids: dict[int, int]) -> RaidLog:
    """The RAID log as document records (``task_ids``: workspace task id -> document id)."""
    settings = rs.load_settings(session, project.id)
    risk_codes: dict[int, str] = {}
    risks = []
    all_risks = _by_project(session, Risk, project.id)
    risk_ids = [r.id for r in all_risks]
    linked_tasks = _grouped_links(session, RiskTask, "risk_id", "task_id", risk_ids)
    actions: dict[int, list[RiskAction]] = defaultdict(list)
    history: dict[int, list[RiskHistory]] = defaultdict(list)
    if risk_ids:
        for action in session.scalars(
            select(RiskAction)
            .where(RiskAction.risk_id.in_(risk_ids))
            .order_by(RiskAction.position, RiskAction.id)
        ):
            actions[action.risk_id].append(action)
        for entry in session.scalars(
            select(RiskHistory)
            .where(RiskHistory.risk_id.in_(risk_ids))
            .order_by(RiskHistory.changed_on, RiskHistory.id)
        ):
            history[entry.risk_id].append(entry)
    for risk in all_risks:
        risk_codes[risk.id] = risk.code
        risks.append(
            d.Risk(
                **_fields(RISK, risk),
                computed=d.RiskComputed(
                    risk.score,
                    settings.band(risk.score),
                    settings.emv(risk.probability, Decimal(risk.cost_impact)),
                ),
                tasks=tuple(task_ids[t] for t in linked_tasks[risk.id] if t in task_ids),
                actions=tuple(d.RiskAction(**_fields(ACTION, a)) for a in actions[risk.id]),
                history=tuple(
                    d.RiskHistoryEntry(
                        date=h.changed_on,
                        probability=h.probability,
                        impact=h.impact,
                        residual_probability=h.residual_probability,
                        residual_impact=h.residual_impact,
                        status=h.status,
                        note=h.note,
                    )
                    for h in history[risk.id]
                ),
            )
        )
    issue_codes: dict[int, str] = {}
    issues = []
    for issue in _by_project(session, Issue, project.id):
        issue_codes[issue.id] = issue.code
        issues.append(
            d.Issue(
                **_fields(ISSUE, issue),
                risk=risk_codes.get(issue.risk_id) if issue.risk_id else None,
                tasks=tuple(
                    task_ids[t]
                    for t in _linked(session, IssueTask, "issue_id", issue.id, "task_id")
                    if t in task_ids
                ),
            )
        )
    baseline_names = dict(
        session.execute(
            select(Baseline.id, Baseline.name).where(Baseline.project_id == project.id)
        ).all()
    )
    change_codes: dict[int, str] = {}
    changes = []
    for change in _by_project(session, ChangeRequest, project.id):
        change_codes[change.id] = change.code
        changes.append(
            d.ChangeRequest(
                **_fields(CHANGE, change),
                risks=tuple(
                    risk_codes[i]
                    for i in _linked(session, ChangeRisk, "change_id", change.id, "risk_id")
                ),
                issues=tuple(
                    issue_codes[i]
                    for i in _linked(session, ChangeIssue, "change_id", change.id, "issue_id")
                ),
                baseline=baseline_names.get(change.baseline_id) if change.baseline_id else None,
                task=task_ids.get(change.task_id) if change.task_id else None,
            )
        )
    meeting_codes = dict(
        session.execute(
            select(Meeting.id, Meeting.code).where(Meeting.project_id == project.id)
        ).all()
    )
    decisions = tuple(
        d.Decision(
            **_fields(DECISION, decision),
            change=change_codes.get(decision.change_id) if decision.change_id else None,
            meeting=meeting_codes.get(decision.meeting_id) if decision.meeting_id else None,
        )
        for decision in _by_project(session, Decision, project.id)
    )
    return RaidLog(
        risks=tuple(risks),
        issues=tuple(issues),
        assumptions=tuple(
            d.Assumption(**_fields(ASSUMPTION, a))
            for a in _by_project(session, Assumption, project.id)
        ),
        change_requests=tuple(changes),
        decisions=decisions,
        dependencies=tuple(
            d.ExternalDependency(**_fields(DEPENDENCY, x))
            for x in _by_project(session, ExternalDependency, project.id)
        ),
        risk_settings=d.RiskSettings(
            bands=d.RiskBands(settings.low_max, settings.medium_max, settings.high_max),
            probability_percents=tuple(settings.percents),
            categories=tuple(settings.categories),
        ),
    )


# ---------------------------------------------------------------------------------- import


def record_values(spec: Entity, item: Any) -> dict[str, Any]:
    """The document record's given values under the model's column names (references and
    values not given left out)."""
    renames = RENAMES.get(spec.key, {})
    names = {field.name for field in spec.fields if field.kind != "ref"}
    given = getattr(item, "given", None)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(item):
        column = renames.get(field.name, field.name)
        if column not in names or (given is not None and field.name not in given):
            continue
        values[column] = getattr(item, field.name)
    return values


def _values(spec: Entity, item: Any, where: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """Validated column values of one document record; DocumentError names the bad key."""
    renames = RENAMES.get(spec.key, {})
    values: dict[str, Any] = dict(defaults)
    kind = str(getattr(item, "kind", None) or "").lower()
    if spec.key == "risk" and not kind:  # older documents: infer it from the response
        only_opportunity = set(rs.OPPORTUNITY_RESPONSES) - set(rs.THREAT_RESPONSES)
        kind = "opportunity" if item.response in only_opportunity else "threat"
        values["kind"] = kind

    record = SimpleNamespace(kind=kind or "threat")  # what parse_value may consult
    for column, raw in record_values(spec, item).items():
        field = spec.field(column)
        if raw is None and field.kind not in ("date",):
            continue
        try:
            values[column] = parse_value(field, raw, record)
        except RaidEditError as error:
            key = next((k for k, c in renames.items() if c == column), column)
            raise DocumentError(f"{where}.{key}: {error}") from error
    for field in spec.fields:
        if field.required and not str(values.get(field.name) or "").strip():
            key = next((k for k, c in renames.items() if c == field.name), field.name)
            raise DocumentError(f"{where}.{key} is missing")
    return values


def _code(code: str | None, prefix: str, index: int, taken: set[str], where: str) -> str:
    found = str(code or f"{prefix}{index + 1:03d}").strip()
    if found in taken:
        raise DocumentError(f"{where}.code: '{found}' is used twice")
    taken.add(found)
    return found


def _tasks(refs: Sequence[int], task_ids: dict[int, int], where: str) -> list[int]:
    found = []
    for n, ref in enumerate(refs):
        if ref not in task_ids:
            raise DocumentError(f"{where}.tasks[{n}]: there is no task {ref!r}")
        found.append(task_ids[ref])
    return sorted(set(found))


def _settings(
    session: Session, project: Project, data: d.RiskSettings | None, where: str
) -> None:
    if data is None:
        return
    try:
        settings = rs.ScoringSettings(
            low_max=data.bands.low_max,
            medium_max=data.bands.medium_max,
            high_max=data.bands.high_max,
            percents=data.probability_percents or rs.DEFAULT_PERCENTS,
            categories=data.categories or rs.DEFAULT_CATEGORIES,
        )
    except (TypeError, ValueError) as error:
        raise DocumentError(f"{where}.risk_settings: {error}") from error
    if settings != rs.DEFAULT_SETTINGS:
        rs.save_settings(session, project.id, settings)


def _history(risk: Risk, item: d.Risk, here: str) -> list[RiskHistory]:
    """The risk's history rows; without any in the document, one entry on "raised"."""
    entries = item.history or (d.RiskHistoryEntry(note="raised"),)
    rows = []
    for n, entry in enumerate(entries):
        if item.history and entry.date is None:
            raise DocumentError(f"{here}.history[{n}].date is missing")

        def given(value: int | None, default: int) -> int:
            return default if value is None else value

        rows.append(
            RiskHistory(
                risk_id=risk.id,
                changed_on=entry.date or risk.raised or date.today(),
                probability=given(entry.probability, risk.probability),
                impact=given(entry.impact, risk.impact),
                residual_probability=given(entry.residual_probability, risk.residual_probability)
                or 0,
                residual_impact=given(entry.residual_impact, risk.residual_impact) or 0,
                status=str(entry.status or risk.status),
                note=str(entry.note or "")[:500],
            )
        )
    return rows


def import_risks(
    session: Session,
    project: Project,
    data: d.Project,
    task_ids: dict[int, int],
    where: str,
    meetings: dict[str, int] | None = None,
) -> None:
    """Write the RAID log of one project document (``task_ids``: document id -> task id;
    ``meetings``: meeting code -> id, which decisions name)."""
    meetings = meetings or {}
    _settings(session, project, data.risk_settings, where)
    risk_ids: dict[str, int] = {}
    taken: set[str] = set()
    created: list[tuple[Risk, d.Risk, str]] = []
    for index, item in enumerate(data.risks):
        here = f"{where}.risks[{index}]"
        # a rating the document does not give stays "not scored" (0), never a guessed 3
        values = _values(RISK, item, here, {"raised": None, "probability": 0, "impact": 0})
        code = _code(item.code, "R-", index, taken, here)
        risk = Risk(project_id=project.id, code=code, **values)
        if risk.response is None:
            risk.response = "accept" if risk.kind == "opportunity" else "mitigate"
        created.append((risk, item, here))
    session.add_all([risk for risk, _item, _here in created])
    session.flush()  # one flush for all risks: ids for the children below
    children: list[Any] = []
    for risk, item, here in created:
        risk_ids[risk.code] = risk.id
        children.extend(
            RiskTask(risk_id=risk.id, task_id=t) for t in _tasks(item.tasks, task_ids, here)
        )
        for n, action in enumerate(item.actions):
            action_values = _values(ACTION, action, f"{here}.actions[{n}]", {})
            children.append(RiskAction(risk_id=risk.id, position=n + 1, **action_values))
        children.extend(_history(risk, item, here))
    session.add_all(children)
    session.flush()

    issue_ids: dict[str, int] = {}
    taken = set()
    for index, issue_doc in enumerate(data.issues):
        here = f"{where}.issues[{index}]"
        values = _values(ISSUE, issue_doc, here, {})
        ref = issue_doc.risk
        if ref and ref not in risk_ids:
            raise DocumentError(f"{here}.risk: there is no risk '{ref}'")
        issue = Issue(
            project_id=project.id,
            code=_code(issue_doc.code, "I-", index, taken, here),
            risk_id=risk_ids.get(ref) if ref else None,
            **values,
        )
        session.add(issue)
        session.flush()
        issue_ids[issue.code] = issue.id
        for task_id in _tasks(issue_doc.tasks, task_ids, here):
            session.add(IssueTask(issue_id=issue.id, task_id=task_id))

    taken = set()
    for index, assumption in enumerate(data.assumptions):
        here = f"{where}.assumptions[{index}]"
        values = _values(ASSUMPTION, assumption, here, {})
        code = _code(assumption.code, "A-", index, taken, here)
        session.add(Assumption(project_id=project.id, code=code, **values))

    baselines = dict(
        session.execute(
            select(Baseline.name, Baseline.id).where(Baseline.project_id == project.id)
        ).all()
    )
    change_ids: dict[str, int] = {}
    taken = set()
    for index, change_doc in enumerate(data.change_requests):
        here = f"{where}.change_requests[{index}]"
        values = _values(CHANGE, change_doc, here, {})
        if change_doc.task is not None:
            if change_doc.task not in task_ids:
                raise DocumentError(f"{here}.task: there is no task {change_doc.task!r}")
            values["task_id"] = task_ids[change_doc.task]
        change = ChangeRequest(
            project_id=project.id,
            code=_code(change_doc.code, "CR-", index, taken, here),
            baseline_id=baselines.get(change_doc.baseline) if change_doc.baseline else None,
            **values,
        )
        session.add(change)
        session.flush()
        change_ids[change.code] = change.id
        for key, refs, known, link, column in (
            ("risks", change_doc.risks, risk_ids, ChangeRisk, "risk_id"),
            ("issues", change_doc.issues, issue_ids, ChangeIssue, "issue_id"),
        ):
            for n, code in enumerate(refs):
                if code not in known:
                    raise DocumentError(f"{here}.{key}[{n}]: there is no {key[:-1]} '{code}'")
                session.add(link(change_id=change.id, **{column: known[code]}))

    taken = set()
    for index, dependency in enumerate(data.dependencies):
        here = f"{where}.dependencies_external[{index}]"
        values = _values(DEPENDENCY, dependency, here, {})
        code = _code(dependency.code, "DEP-", index, taken, here)
        session.add(ExternalDependency(project_id=project.id, code=code, **values))

    taken = set()
    for index, decision in enumerate(data.decisions):
        here = f"{where}.decisions[{index}]"
        values = _values(DECISION, decision, here, {})
        ref = decision.change
        if ref and ref not in change_ids:
            raise DocumentError(f"{here}.change: there is no change request '{ref}'")
        if decision.meeting:
            if decision.meeting not in meetings:
                raise DocumentError(f"{here}.meeting: there is no meeting '{decision.meeting}'")
            values["meeting_id"] = meetings[decision.meeting]
        session.add(
            Decision(
                project_id=project.id,
                code=_code(decision.code, "D-", index, taken, here),
                change_id=change_ids.get(ref) if ref else None,
                **values,
            )
        )
    session.flush()
