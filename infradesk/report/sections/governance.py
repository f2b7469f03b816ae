"""The governance blocks of the weekly report (issue 20): the decisions needed (who must
decide, by when), the overdue actions of the action log and the distribution list taken
from the communication plan."""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph

from infradesk.report.fonts import markup
from infradesk.report.format import fmt_date
from infradesk.report.governance_data import OverdueAction, PendingDecision
from infradesk.report.sections.page import Page

DECISIONS_TITLE = "Decisions needed from stakeholders"
ACTIONS_TITLE = "Overdue actions"
DISTRIBUTION_TITLE = "Distribution"
NO_ACTIONS = "No action is overdue."
NO_DISTRIBUTION = (
    "No line of the communication plan is flagged as the status report, so this report has no "
    "distribution list."
)


def days_text(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def decided_by_text(item: PendingDecision) -> str:
    if not item.decided_by:
        return "nobody named yet"
    return f"{item.decided_by} ({item.role})" if item.role else item.decided_by


def needed_by_text(item: PendingDecision) -> str:
    if item.needed_by is None:
        return "no date"
    text = fmt_date(item.needed_by)
    return f"{text} – overdue {days_text(item.days_late)}" if item.overdue else text


def decisions_block(page: Page, *, titled: bool = True) -> list[Flowable]:
    """The decision log's pending decisions: what, who must decide, by when (late ones in
    red). Nothing when none is pending. ``titled=False``: under a heading of the caller's."""
    items = page.data.governance.decisions
    if not items:
        return []
    shown, note = page.capped(items, "decisions")
    s = page.s
    rows = [
        [
            page.p(d.code),
            page.p(d.title),
            page.p(decided_by_text(d)),
            page.p(needed_by_text(d), s.cell_alert if d.overdue else s.cell),
        ]
        for d in shown
    ]
    out: list[Flowable] = [Paragraph(markup(DECISIONS_TITLE), s.h2)] if titled else []
    out.append(
        page.table(["ID", "Decision", "Who decides", "Needed by"], rows, (0.08, 0.5, 0.24, 0.18))
    )
    return [*out, note] if note else out


def _action_row(page: Page, a: OverdueAction) -> list:
    s = page.s
    return [
        page.p(a.code),
        page.p(a.title),
        page.p(a.owner or "–"),
        page.p(fmt_date(a.due)),
        page.p(days_text(a.days_late), s.cell_alert_right),
    ]


def overdue_actions_block(page: Page) -> list[Flowable]:
    """Open actions past their due date, the latest first."""
    items = page.data.governance.overdue_actions
    out: list[Flowable] = [Paragraph(markup(ACTIONS_TITLE), page.s.h2)]
    if not items:
        return [*out, page.empty(NO_ACTIONS)]
    shown, note = page.capped(items, "actions")
    out.append(
        page.table(
            ["ID", "Action", "Owner", "Due", "Late"],
            [_action_row(page, a) for a in shown],
            (0.09, 0.5, 0.19, 0.12, 0.1),
            right=(4,),
        )
    )
    return [*out, note] if note else out


def distribution_block(page: Page) -> list[Flowable]:
    """Who this report goes to: the communication plan's status-report audience, with role
    and organisation from the stakeholder register. Left out when the project has no
    communication plan at all."""
    g = page.data.governance
    if not g.has_comms_plan and not g.distribution:
        return []
    out: list[Flowable] = [Paragraph(markup(DISTRIBUTION_TITLE), page.s.h2)]
    if not g.distribution:
        return [*out, page.empty(NO_DISTRIBUTION)]
    rows = [
        [
            page.p(r.name),
            page.p(r.role or ("–" if r.registered else "not in the stakeholder register")),
            page.p(r.organisation or "–"),
            page.p(" · ".join(part for part in (r.channel, r.frequency) if part)),
        ]
        for r in g.distribution
    ]
    out.append(page.table(["Name", "Role", "Organisation", "How"], rows, (0.26, 0.3, 0.24, 0.2)))
    return out
