"""Column sets of the RAID tables."""

from __future__ import annotations

from datetime import date
from operator import attrgetter
from typing import Any

from infradesk.services.risks.fields import (
    ACTION,
    ASSUMPTION,
    CHANGE,
    DECISION,
    DEPENDENCY,
    ISSUE,
    RISK,
)
from infradesk.services.risks.scoring import NOT_SCORED
from infradesk.ui import theme
from infradesk.ui.risks.raid_model import Column


def _today() -> date:
    return date.today()


def _f(entity: Any, name: str, width: int = 90, **kw: Any) -> Column:
    spec = entity.field(name)
    return Column(spec.label, attrgetter(name), spec, width=width, **kw)


def _code(width: int = 62) -> Column:
    return Column("ID", lambda r: r.code, width=width)


def _overdue(attribute: str, closed: tuple[str, ...]) -> Any:
    def check(row: Any) -> bool:
        when = getattr(row, attribute)
        return bool(when and when < _today() and row.status not in closed)

    return check


def _actions_text(row: Any) -> str:
    if not row.open_actions:
        return ""
    text = f"{row.open_actions} open"
    return f"{text}, {row.overdue_actions} late" if row.overdue_actions else text


_TREND_TIPS = {
    "up": "Score rose since the trend date",
    "down": "Score fell since the trend date",
    "steady": "Score unchanged since the trend date",
    "new": "Raised since the trend date",
}


def _trend_color(row: Any) -> str | None:
    colors = theme.current()
    trend_colors = {"up": colors.bad, "down": colors.good, "new": colors.info}
    trend = row.trend
    if row.kind == "opportunity" and trend in ("up", "down"):
        trend = "down" if trend == "up" else "up"
    color = trend_colors.get(trend)
    return color.name() if color is not None else None


NOT_SCORED_MARK = "—"


def _score_tip(row: Any) -> str:
    if row.scored:
        return f"{row.probability} × {row.impact} = {row.score} ({row.band})"
    return (
        f"{NOT_SCORED}: give the risk a probability and an impact (1–5) to score it; until "
        "then it is counted apart from the heat map"
    )


RISK_COLUMNS = [
    _code(),
    _f(RISK, "title", 270),
    Column(
        "Type",
        lambda r: "▲ opp." if r.kind == "opportunity" else "▼ threat",
        RISK.field("kind"),
        width=68,
    ),
    _f(RISK, "category", 90),
    _f(RISK, "owner", 112),
    _f(RISK, "status", 112),
    Column(
        "P",
        lambda r: r.probability or None,  # empty: not scored yet
        RISK.field("probability"),
        center=True,
        width=32,
        sort=attrgetter("probability"),
    ),
    Column(
        "I",
        lambda r: r.impact or None,
        RISK.field("impact"),
        center=True,
        width=32,
        sort=attrgetter("impact"),
    ),
    Column(
        "Score",
        lambda r: r.score if r.scored else NOT_SCORED_MARK,
        band=lambda r: r.band,
        tip=_score_tip,
        center=True,
        width=48,
        sort=attrgetter("score"),  # not scored (0) sorts below every scored risk
    ),
    Column(
        "Trend",
        lambda r: r.arrow,
        tip=lambda r: _TREND_TIPS.get(r.trend, ""),
        color=_trend_color,
        center=True,
        width=44,
    ),
    Column(
        "Res. P",
        lambda r: r.residual_probability or None,
        RISK.field("residual_probability"),
        center=True,
        width=48,
        sort=attrgetter("residual_probability"),
    ),
    Column(
        "Res. I",
        lambda r: r.residual_impact or None,
        RISK.field("residual_impact"),
        center=True,
        width=48,
        sort=attrgetter("residual_impact"),
    ),
    Column(
        "Res.",
        lambda r: r.residual_score or None,
        sort=attrgetter("residual_score"),
        band=lambda r: r.residual_band,
        tip=lambda r: "Residual score after the response",
        center=True,
        width=40,
    ),
    Column(
        "EMV",
        lambda r: r.emv,
        tip=lambda r: f"Expected monetary value: probability % × cost impact = {r.emv:,.2f}",
        align_right=True,
        width=74,
    ),
    _f(
        RISK,
        "next_review",
        88,
        alert=lambda r: r.review_overdue,
        tip=lambda r: "Review overdue" if r.review_overdue else "",
    ),
    Column("Actions", _actions_text, alert=lambda r: r.overdue_actions > 0, width=120),
    _f(RISK, "response", 80),
    Column(
        "Cost impact",
        lambda r: r.cost_impact,
        RISK.field("cost_impact"),
        align_right=True,
        width=84,
    ),
    Column(
        "Days",
        lambda r: r.schedule_impact_days,
        RISK.field("schedule_impact_days"),
        align_right=True,
        width=44,
    ),
    _f(RISK, "proximity", 88),
    _f(RISK, "raised", 88),
    Column("Tasks", lambda r: r.task_names, tip=lambda r: "\n".join(r.task_names), width=220),
    Column("Issue", lambda r: r.issue_codes, width=56),
]

ACTION_COLUMNS = [
    _f(ACTION, "done", 44, center=True),
    _f(ACTION, "description", 300),
    _f(ACTION, "owner", 120),
    _f(ACTION, "due", 90, alert=lambda a: bool(not a.done and a.due and a.due < _today())),
]

ISSUE_COLUMNS = [
    _code(),
    _f(ISSUE, "title", 320),
    _f(ISSUE, "category", 96),
    _f(ISSUE, "priority", 76),
    _f(ISSUE, "severity", 80),
    _f(ISSUE, "owner", 130),
    _f(ISSUE, "raised", 88),
    _f(ISSUE, "due", 88, alert=lambda i: i.overdue),
    _f(ISSUE, "status", 96),
    _f(ISSUE, "resolved", 88),
    Column("Risk", lambda i: i.risk_code, width=56),
    _f(ISSUE, "resolution", 240),
]

ASSUMPTION_COLUMNS = [
    _code(),
    _f(ASSUMPTION, "title", 340),
    _f(ASSUMPTION, "owner", 120),
    _f(
        ASSUMPTION,
        "validate_by",
        90,
        alert=_overdue("validate_by", ("validated", "invalid", "closed")),
    ),
    _f(ASSUMPTION, "status", 90),
    _f(ASSUMPTION, "impact_if_false", 260),
    _f(ASSUMPTION, "rationale", 240),
]

DEPENDENCY_COLUMNS = [
    _code(),
    _f(DEPENDENCY, "title", 320),
    _f(DEPENDENCY, "dependency_type", 74),
    _f(DEPENDENCY, "external_party", 150),
    _f(DEPENDENCY, "owner", 130),
    _f(
        DEPENDENCY,
        "required_by",
        90,
        alert=lambda x: x.overdue,
        tip=lambda x: "Still awaited after this date" if x.overdue else "",
    ),
    _f(DEPENDENCY, "status", 80),
    _f(DEPENDENCY, "dependent_on", 240),
    _f(DEPENDENCY, "impact_if_late", 240),
    _f(DEPENDENCY, "mitigation", 240),
]

def _decision_late(row: Any) -> bool:
    """A pending decision past its needed-by date."""
    return bool(row.pending and row.needed_by and row.needed_by < _today())


def _decision_tip(row: Any) -> str:
    if not row.pending:
        return ""
    who = f"{row.decided_by} must decide" if row.decided_by else "Nobody named to decide yet"
    when = f" by {row.needed_by.isoformat()}" if row.needed_by else ""
    late = " — overdue" if _decision_late(row) else ""
    return f"Pending: {who}{when}{late}"


DECISION_COLUMNS = [
    _code(),
    _f(DECISION, "title", 340),
    Column(
        "State",
        lambda d: "pending" if d.pending else "decided",
        width=70,
        alert=_decision_late,
        tip=_decision_tip,
    ),
    _f(DECISION, "decided_on", 90),
    _f(DECISION, "decided_by", 140),
    _f(DECISION, "needed_by", 90, alert=_decision_late, tip=_decision_tip),
    Column("Meeting", lambda d: d.meeting_code, width=64),
    Column("Change", lambda d: d.change_code, width=64),
    _f(DECISION, "rationale", 300),
]

CHANGE_COLUMNS = [
    _code(66),
    _f(CHANGE, "title", 300),
    _f(CHANGE, "change_type", 74),
    _f(CHANGE, "requested_by", 120),
    _f(CHANGE, "requested", 88),
    Column(
        "Days",
        lambda c: c.schedule_impact_days,
        CHANGE.field("schedule_impact_days"),
        align_right=True,
        width=46,
    ),
    Column(
        "Cost", lambda c: c.cost_impact, CHANGE.field("cost_impact"), align_right=True, width=80
    ),
    _f(CHANGE, "status", 116),
    _f(CHANGE, "decision_date", 90),
    _f(CHANGE, "approver", 120),
    _f(CHANGE, "itil_class", 84),
    _f(CHANGE, "cab_date", 88),
    Column("Risks", lambda c: c.risk_codes, width=80),
    Column("Issues", lambda c: c.issue_codes, width=70),
]
