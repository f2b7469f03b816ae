"""The weekly report's data: the facts of the project, judged by the RAG rules, against the
previous status update.

``gather_report_data`` reads the saved updates around the as-of date (one query), the facts
(``facts.collect_facts``: each table once) and assembles the ``ReportData`` that
``infradesk.report.render_status_report`` draws. The hops: store -> ``collect_facts`` (plain
facts) -> ``rules`` (ratings, summary, changes since the previous snapshot) -> here
(``ReportData``) -> ``report.document`` (one function per section) -> the PDF.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.model.status import StatusUpdate
from infradesk.report.data import (
    DIMENSIONS,
    Changes,
    GanttData,
    RagRating,
    ReportData,
    ReportOptions,
    RiskRow,
    Trend,
)
from infradesk.report.gantt_window import snapshot_window
from infradesk.services.risks.fields import DECIDED_CHANGE_STATUSES
from infradesk.services.status.change_conflicts import change_conflict_lines
from infradesk.services.status.facts import (
    DUE_DAYS,
    NOTICE_DAYS,
    PENDING_CHANGE_STATES,
    ProjectFacts,
    collect_facts,
    default_as_of,
    done_lines,
    gantt_rows,
    heat_cell_bands,
    late_rows,
    milestone_rows,
    planned_lines,
)
from infradesk.services.status.overloads import overload_lines
from infradesk.services.status.rules import (
    DEFAULT_RULES,
    RagRules,
    align_summary,
    changes_since,
    lines_of,
    load_rules,
    period_for,
    ratings_of,
    suggest_ratings,
    suggest_summary,
    trend,
)
from infradesk.services.status.runbooks import runbook_lines


def gather_report_data(
    session: Session,
    project_id: int,
    as_of: date | None = None,
    options: ReportOptions | None = None,
) -> ReportData:
    """The report of one project as of a date: the saved status update for that reporting
    week when there is one (else the rules' suggestions), with trends against the previous."""
    as_of = as_of or default_as_of(session, project_id)
    current, previous = updates_around(session, project_id, as_of)
    period = period_for(as_of, previous.as_of if previous else None)
    since = previous.as_of if previous is not None else period[0] - timedelta(days=1)
    facts = collect_facts(session, project_id, as_of, since=since)
    rules = load_rules(session, project_id)
    options = options or ReportOptions()
    data = report_from_facts(facts, current, previous, options, rules)
    if options.shows("progress"):  # the block belongs to "Done this period and planned next"
        # the whole workspace's load is read only when this project has people on its tasks
        # (without any, none of its tasks can be in an overload)
        has_work = any(row.kind == "work" for row in facts.resource_costs)
        data.overloads = overload_lines(session, project_id, as_of) if has_work else []
        data.overloads_available = True
    if options.shows("milestones"):  # the cutover runbooks' lines sit under the milestones
        data.runbooks = runbook_lines(session, project_id, as_of)
    if options.shows("risks"):  # the change conflicts sit under the risks and changes
        # the workspace is read again only when this project has work a conflict can flag
        change_work = facts.change_work
        data.change_conflicts = (
            change_conflict_lines(session, project_id, as_of) if change_work else []
        )
        data.change_conflicts_available = True
    return data


def updates_around(
    session: Session, project_id: int, as_of: date
) -> tuple[StatusUpdate | None, StatusUpdate | None]:
    """The update saved for ``as_of`` and the latest one before it (one query)."""
    rows = list(
        session.scalars(
            select(StatusUpdate)
            .where(StatusUpdate.project_id == project_id, StatusUpdate.as_of <= as_of)
            .order_by(StatusUpdate.as_of.desc())
            .limit(2)
        )
    )
    current = rows.pop(0) if rows and rows[0].as_of == as_of else None
    return current, (rows[0] if rows else None)


def apply_risk_trends(rows: list[RiskRow]) -> None:
    """Set each row's trend from its score on the previous report's date
    (``previous_score``, the Risks tab's trend). A rising threat score is worse; a rising
    opportunity score is better."""
    for row in rows:
        if row.previous_score is None:
            row.trend = Trend.NEW
        elif row.score == row.previous_score:
            row.trend = Trend.SAME
        else:
            rising = row.score > row.previous_score
            better = rising if row.kind == "opportunity" else not rising
            row.trend = Trend.UP if better else Trend.DOWN


def report_from_facts(
    facts: ProjectFacts,
    current: StatusUpdate | None,
    previous: StatusUpdate | None,
    options: ReportOptions,
    rules: RagRules = DEFAULT_RULES,
) -> ReportData:
    """Assemble ``ReportData``: the update of this reporting date (or the suggestions), trends
    against the previous update, and every section's rows."""
    as_of = facts.as_of
    period = period_for(as_of, previous.as_of if previous else None)
    suggested = suggest_ratings(facts, period[0], rules)
    ratings = ratings_of(current, suggested) if current else suggested
    previous_ratings = ratings_of(previous) if previous else {}
    for name, rating in ratings.items():
        before = previous_ratings.get(name)
        rating.trend = trend(rating.rag, before.rag if before else None)

    if previous is not None:
        snapshot = json.loads(previous.snapshot or "{}")
        changes, moved, _ = changes_since(snapshot, facts, previous.as_of)
    else:
        changes, moved = Changes(), {}

    open_risks = facts.open_risks  # already in the Risks tab's "top risks" order
    apply_risk_trends(open_risks)
    all_changes = facts.changes or []
    changes_pending = [c for c in all_changes if c.status in PENDING_CHANGE_STATES]
    changes_decided = [
        c
        for c in all_changes
        if c.status in DECIDED_CHANGE_STATUSES
        and c.decided is not None
        and period[0] <= c.decided <= as_of
    ]

    gantt = None
    if options.shows("gantt"):
        all_rows = gantt_rows(facts)
        first, last = snapshot_window(all_rows, as_of)
        gantt = GanttData(
            facts.name,
            gantt_rows(facts, first, last, snapshot=True),
            status_date=facts.moment,
        )

    if current is not None:
        summary = align_summary(current.executive_summary, ratings["overall"].rag)
        achievements = lines_of(current.achievements)
        decisions = lines_of(current.decisions_needed)
        help_needed = lines_of(current.help_needed)
    else:
        summary = suggest_summary(facts, ratings["overall"].rag, period)
        achievements, decisions, help_needed = [], [], []

    overall: RagRating = ratings["overall"]
    return ReportData(
        project=facts.name,
        as_of=as_of,
        period_start=period[0],
        period_end=period[1],
        manager=facts.manager,
        currency=facts.currency,
        overall=overall,
        dimensions=[ratings[n] for n in DIMENSIONS],
        executive_summary=summary,
        achievements=achievements,
        decisions_needed=decisions,
        help_needed=help_needed,
        changes=changes,
        milestones=milestone_rows(facts, moved),
        done=done_lines(facts, *period),
        planned=planned_lines(facts),
        late=late_rows(facts),
        gantt=gantt,
        risks=open_risks,
        open_risk_count=len(open_risks),
        heat_map=facts.heat_map,
        heat_cell_bands=heat_cell_bands(facts.settings),
        exposure=facts.exposure,
        unassessed_risks=facts.unassessed_risks,
        issues=facts.issues or [],
        issues_available=facts.issues is not None,
        issue_counts=facts.issue_counts,
        changes_pending=changes_pending,
        changes_decided=changes_decided,
        change_requests_available=facts.changes is not None,
        deliveries=facts.deliveries,
        notices=facts.notices,
        vendor_attention=facts.attention,
        vendors_available=facts.has_vendors,
        due_days=DUE_DAYS,
        notice_days=NOTICE_DAYS,
        spend=facts.spend,
        budget_lines=facts.budget_lines,
        resource_costs=facts.resource_costs,
        heat_bands=facts.heat_bands,
        budget=facts.budget,
        earned_value=facts.earned_value,
        governance=facts.governance,
        generated_at=datetime.now().replace(second=0, microsecond=0),
    )


__all__ = ["apply_risk_trends", "gather_report_data", "report_from_facts", "updates_around"]
