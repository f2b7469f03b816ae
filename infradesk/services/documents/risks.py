"""The RAID log (risks with actions, history and task links; issues; assumptions; decisions;
change requests; scoring settings) <-> the interchange document. See docs/json-format-risks.md.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange.isodates import date_to_iso, iso_to_date
from infradesk.model import (
    Assumption,
    Baseline,
    ChangeIssue,
    ChangeRequest,
    ChangeRisk,
    Decision,
    Issue,
    IssueTask,
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
}
SECTIONS = (
    ("risks", RISK, Risk),
    ("issues", ISSUE, Issue),
    ("assumptions", ASSUMPTION, Assumption),
    ("change_requests", CHANGE, ChangeRequest),
    ("decisions", DECISION, Decision),
)


def _json_value(value: Any) -> Any:
    if isinstance(value, date):
        return date_to_iso(value)
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return value


def _fields(spec: Entity, record: Any) -> dict[str, Any]:
    back = {column: key for key, column in RENAMES.get(spec.key, {}).items()}
    data: dict[str, Any] = {"code": record.code} if spec.prefix else {}
    for field in spec.fields:
        if field.kind != "ref":  # references are written as codes by the caller
            data[back.get(field.name, field.name)] = _json_value(getattr(record, field.name))
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


def export_risks(session: Session, project: Project, task_ids: dict[int, int]) -> dict[str, Any]:
    """Document parts for the RAID log (``task_ids``: workspace task id -> document id)."""
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
        item = _fields(RISK, risk)
        item["score"] = risk.score
        item["band"] = settings.band(risk.score)
        item["emv"] = _json_value(settings.emv(risk.probability, Decimal(risk.cost_impact)))
        item["tasks"] = [task_ids[t] for t in linked_tasks[risk.id] if t in task_ids]
        item["actions"] = [_fields(ACTION, a) for a in actions[risk.id]]
        item["history"] = [
            {
                "date": date_to_iso(h.changed_on),
                "probability": h.probability,
                "impact": h.impact,
                "residual_probability": h.residual_probability,
                "residual_impact": h.residual_impact,
                "status": h.status,
                "note": h.note,
            }
            for h in history[risk.id]
        ]
        risks.append(item)
    issue_codes: dict[int, str] = {}
    issues = []
    for issue in _by_project(session, Issue, project.id):
        issue_codes[issue.id] = issue.code
        item = _fields(ISSUE, issue)
        item["risk"] = risk_codes.get(issue.risk_id) if issue.risk_id else None
        item["tasks"] = [
            task_ids[t]
            for t in _linked(session, IssueTask, "issue_id", issue.id, "task_id")
            if t in task_ids
        ]
        issues.append(item)
    baseline_names = dict(
        session.execute(
            select(Baseline.id, Baseline.name).where(Baseline.project_id == project.id)
        ).all()
    )
    change_codes: dict[int, str] = {}
    changes = []
    for change in _by_project(session, ChangeRequest, project.id):
        change_codes[change.id] = change.code
        item = _fields(CHANGE, change)
        item["risks"] = [
            risk_codes[i] for i in _linked(session, ChangeRisk, "change_id", change.id, "risk_id")
        ]
        item["issues"] = [
            issue_codes[i]
            for i in _linked(session, ChangeIssue, "change_id", change.id, "issue_id")
        ]
        item["baseline"] = baseline_names.get(change.baseline_id) if change.baseline_id else None
        changes.append(item)
    decisions = []
    for decision in _by_project(session, Decision, project.id):
        item = _fields(DECISION, decision)
        item["change"] = change_codes.get(decision.change_id) if decision.change_id else None
        decisions.append(item)
    return {
        "risks": risks,
        "issues": issues,
        "assumptions": [
            _fields(ASSUMPTION, a) for a in _by_project(session, Assumption, project.id)
        ],
        "change_requests": changes,
        "decisions": decisions,
        "risk_settings": {
            "bands": {
                "low_max": settings.low_max,
                "medium_max": settings.medium_max,
                "high_max": settings.high_max,
            },
            "probability_percents": list(settings.percents),
            "categories": list(settings.categories),
        },
    }


# ---------------------------------------------------------------------------------- import


def _values(spec: Entity, item: Any, where: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """Validated column values of one document record; DocumentError names the bad key."""
    if not isinstance(item, dict):
        raise DocumentError(f"{where} must be an object")
    renames = RENAMES.get(spec.key, {})
    values: dict[str, Any] = dict(defaults)
    kind = str(item.get("kind") or "").lower()
    if spec.key == "risk" and not kind:  # older documents: infer it from the response
        only_opportunity = set(rs.OPPORTUNITY_RESPONSES) - set(rs.THREAT_RESPONSES)
        kind = "opportunity" if item.get("response") in only_opportunity else "threat"
        values["kind"] = kind

    class _Record:  # what parse_value may consult about the record
        pass

    _Record.kind = kind or "threat"  # type: ignore[attr-defined]

    for key, raw in item.items():
        column = renames.get(key, key)
        try:
            field = spec.field(column)
        except RaidEditError:
            continue  # computed or linking keys (score, emv, tasks...) are handled elsewhere
        if field.kind == "ref":
            continue  # references arrive as codes ("risk": "R-003") and are resolved later
        if raw is None and field.kind not in ("date",):
            continue
        try:
            values[column] = parse_value(field, raw, _Record())
        except RaidEditError as error:
            raise DocumentError(f"{where}.{key}: {error}") from error
    for field in spec.fields:
        if field.required and not str(values.get(field.name) or "").strip():
            key = next((k for k, c in renames.items() if c == field.name), field.name)
            raise DocumentError(f"{where}.{key} is missing")
    return values


def _code(item: dict[str, Any], prefix: str, index: int, taken: set[str], where: str) -> str:
    code = str(item.get("code") or f"{prefix}{index + 1:03d}").strip()
    if code in taken:
        raise DocumentError(f"{where}.code: '{code}' is used twice")
    taken.add(code)
    return code


def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise DocumentError(f"{where}.{key} must be a list")
    return value


def _tasks(item: dict[str, Any], task_ids: dict[int, int], where: str) -> list[int]:
    found = []
    for n, ref in enumerate(item.get("tasks") or []):
        if ref not in task_ids:
            raise DocumentError(f"{where}.tasks[{n}]: there is no task {ref!r}")
        found.append(task_ids[ref])
    return sorted(set(found))


def _settings(session: Session, project: Project, data: Any, where: str) -> None:
    if not data:
        return
    if not isinstance(data, dict):
        raise DocumentError(f"{where}.risk_settings must be an object")
    bands = data.get("bands") or {}
    try:
        settings = rs.ScoringSettings(
            low_max=int(bands.get("low_max", 4)),
            medium_max=int(bands.get("medium_max", 9)),
            high_max=int(bands.get("high_max", 15)),
            percents=tuple(int(p) for p in data.get("probability_percents") or rs.DEFAULT_PERCENTS),
            categories=tuple(str(c) for c in data.get("categories") or rs.DEFAULT_CATEGORIES),
        )
    except (TypeError, ValueError) as error:
        raise DocumentError(f"{where}.risk_settings: {error}") from error
    if settings != rs.DEFAULT_SETTINGS:
        rs.save_settings(session, project.id, settings)


def import_risks(
    session: Session, project: Project, data: dict[str, Any], task_ids: dict[int, int], where: str
) -> None:
    """Write the RAID log of one project document (``task_ids``: document id -> task id)."""
    _settings(session, project, data.get("risk_settings"), where)
    risk_ids: dict[str, int] = {}
    taken: set[str] = set()
    created: list[tuple[Risk, dict[str, Any], str]] = []
    for index, item in enumerate(_list(data, "risks", where)):
        here = f"{where}.risks[{index}]"
        values = _values(RISK, item, here, {"raised": None})
        risk = Risk(project_id=project.id, code=_code(item, "R-", index, taken, here), **values)
        if risk.response is None:
            risk.response = "accept" if risk.kind == "opportunity" else "mitigate"
        created.append((risk, item, here))
    session.add_all([risk for risk, _item, _here in created])
    session.flush()  # one flush for all risks: ids for the children below
    children: list[Any] = []
    for risk, item, here in created:
        risk_ids[risk.code] = risk.id
        children.extend(RiskTask(risk_id=risk.id, task_id=t) for t in _tasks(item, task_ids, here))
        for n, action in enumerate(_list(item, "actions", here)):
            action_values = _values(ACTION, action, f"{here}.actions[{n}]", {})
            children.append(RiskAction(risk_id=risk.id, position=n + 1, **action_values))
        given = _list(item, "history", here)
        history = given or [{"note": "raised"}]  # without history: one entry on "raised"
        for n, entry in enumerate(history):
            at = f"{here}.history[{n}]"
            if given and (not isinstance(entry, dict) or not entry.get("date")):
                raise DocumentError(f"{at}.date is missing")
            try:
                changed_on = iso_to_date(entry.get("date")) or risk.raised or date.today()
                children.append(
                    RiskHistory(
                        risk_id=risk.id,
                        changed_on=changed_on,
                        probability=int(entry.get("probability", risk.probability)),
                        impact=int(entry.get("impact", risk.impact)),
                        residual_probability=int(
                            entry.get("residual_probability", risk.residual_probability) or 0
                        ),
                        residual_impact=int(
                            entry.get("residual_impact", risk.residual_impact) or 0
                        ),
                        status=str(entry.get("status") or risk.status),
                        note=str(entry.get("note") or "")[:500],
                    )
                )
            except (TypeError, ValueError) as error:
                raise DocumentError(f"{at}: {error}") from error
    session.add_all(children)
    session.flush()

    issue_ids: dict[str, int] = {}
    taken = set()
    for index, item in enumerate(_list(data, "issues", where)):
        here = f"{where}.issues[{index}]"
        values = _values(ISSUE, item, here, {})
        ref = item.get("risk")
        if ref and ref not in risk_ids:
            raise DocumentError(f"{here}.risk: there is no risk '{ref}'")
        issue = Issue(
            project_id=project.id,
            code=_code(item, "I-", index, taken, here),
            risk_id=risk_ids.get(ref) if ref else None,
            **values,
        )
        session.add(issue)
        session.flush()
        issue_ids[issue.code] = issue.id
        for task_id in _tasks(item, task_ids, here):
            session.add(IssueTask(issue_id=issue.id, task_id=task_id))

    taken = set()
    for index, item in enumerate(_list(data, "assumptions", where)):
        here = f"{where}.assumptions[{index}]"
        values = _values(ASSUMPTION, item, here, {})
        session.add(
            Assumption(project_id=project.id, code=_code(item, "A-", index, taken, here), **values)
        )

    baselines = dict(
        session.execute(
            select(Baseline.name, Baseline.id).where(Baseline.project_id == project.id)
        ).all()
    )
    change_ids: dict[str, int] = {}
    taken = set()
    for index, item in enumerate(_list(data, "change_requests", where)):
        here = f"{where}.change_requests[{index}]"
        values = _values(CHANGE, item, here, {})
        change = ChangeRequest(
            project_id=project.id,
            code=_code(item, "CR-", index, taken, here),
            baseline_id=baselines.get(item.get("baseline")) if item.get("baseline") else None,
            **values,
        )
        session.add(change)
        session.flush()
        change_ids[change.code] = change.id
        for key, known, link, column in (
            ("risks", risk_ids, ChangeRisk, "risk_id"),
            ("issues", issue_ids, ChangeIssue, "issue_id"),
        ):
            for n, ref in enumerate(_list(item, key, here)):
                if ref not in known:
                    raise DocumentError(f"{here}.{key}[{n}]: there is no {key[:-1]} '{ref}'")
                session.add(link(change_id=change.id, **{column: known[ref]}))

    taken = set()
    for index, item in enumerate(_list(data, "decisions", where)):
        here = f"{where}.decisions[{index}]"
        values = _values(DECISION, item, here, {})
        ref = item.get("change")
        if ref and ref not in change_ids:
            raise DocumentError(f"{here}.change: there is no change request '{ref}'")
        session.add(
            Decision(
                project_id=project.id,
                code=_code(item, "D-", index, taken, here),
                change_id=change_ids.get(ref) if ref else None,
                **values,
            )
        )
    session.flush()
