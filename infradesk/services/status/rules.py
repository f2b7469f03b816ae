"""Weekly status updates: RAG suggestions from the data, dated snapshots, trends, changes.

The rules (``suggest_ratings``) are pure functions over ``ProjectFacts``:

- schedule: the worst milestone slippage against the baseline (calendar days) and SPI(t), the
  schedule performance index of earned schedule (SPI when there is no earned schedule); an
  overdue milestone or one forecast after its deadline counts as slipped;
- cost: CPI and VAC (variance at completion, as a share of BAC) from earned value, and the
  forecast at completion of the budget lines against the budget (committed against budget
  when no forecast is known);
- scope: change requests waiting for a decision and changes approved this period;
- risk: the number of open high and critical risks. Each risk's band comes with the facts,
  computed by the project's Risks tab settings (``risk_scoring.ScoringSettings.band``; by
  default 1-4 low, 5-9 medium, 10-15 high, 16-25 critical), so the rules stay pure and the
  report, the heat map and the Risks tab band a score the same way.

The overall rating is the worst dimension. A user may override any rating; an override needs
a one-line justification. ``save_status`` stores the update with a JSON snapshot of what the
report showed, and the next report compares itself against it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model.status import StatusThresholds, StatusUpdate
from infradesk.report.data import (
    DIMENSIONS,
    Changes,
    Rag,
    RagRating,
    Trend,
)
from infradesk.services.commands import ProjectCommand
from infradesk.services.status.facts import (
    APPROVED_CHANGE_STATES,
    CLOSED_RISK_STATES,
    PENDING_CHANGE_STATES,
    ProjectFacts,
    collect_facts,
    done_lines,
    late_rows,
    milestone_rows,
    planned_lines,
)

SUMMARY_WORDS = 100


@dataclass(frozen=True, slots=True)
class RagRules:
    """Thresholds of the suggestions; the defaults follow common PMO practice."""

    schedule_amber_days: int = 1  # slip of at least this many days -> amber
    schedule_red_days: int = 10  # slip of more than this -> red
    spi_amber: float = 0.95
    spi_red: float = 0.85
    cpi_amber: float = 0.95
    cpi_red: float = 0.90
    forecast_amber: float = 1.02  # forecast / budget
    forecast_red: float = 1.10
    vac_amber: float = -0.02  # VAC / BAC below this -> amber (an overrun of more than 2 %)
    vac_red: float = -0.10
    pending_change_days: int = 14  # a change request older than this waiting -> amber
    pending_changes_red: int = 5


DEFAULT_RULES = RagRules()
# the thresholds a project may store (``model.StatusThresholds``, ``thresholds.py``)
STORED_THRESHOLDS = (
    "schedule_amber_days",
    "schedule_red_days",
    "spi_amber",
    "spi_red",
    "cpi_amber",
    "cpi_red",
    "vac_amber",
    "vac_red",
    "forecast_amber",
    "forecast_red",
)


def load_rules(session: Session, project_id: int) -> RagRules:
    """The project's stored thresholds (the defaults when it has none)."""
    row = session.scalar(select(StatusThresholds).where(StatusThresholds.project_id == project_id))
    if row is None:
        return DEFAULT_RULES
    return replace(DEFAULT_RULES, **{name: getattr(row, name) for name in STORED_THRESHOLDS})


class StatusError(UserError, ValueError):
    """A status update that cannot be saved; the message is meant for the user."""


@dataclass(slots=True)
class StatusDraft:
    """A status update being written: ratings (suggested, chosen, why) and texts."""

    as_of: date
    overall: RagRating
    dimensions: dict[str, RagRating]
    executive_summary: str = ""
    achievements: list[str] = field(default_factory=list)
    decisions_needed: list[str] = field(default_factory=list)
    help_needed: list[str] = field(default_factory=list)
    saved_id: int | None = None
    suggested_summary: str = ""  # what the data would say, to offer even on a saved update


# --------------------------------------------------------------------------------- rules


def _sentence(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower "SPI")."""
    return text[:1].upper() + text[1:]


def worst(ratings: list[Rag]) -> Rag:
    rated = [r for r in ratings if r is not Rag.NONE]
    return max(rated, key=lambda r: r.rank) if rated else Rag.NONE


def suggest_schedule(facts: ProjectFacts, rules: RagRules = DEFAULT_RULES) -> tuple[Rag, str]:
    rows = [m for m in milestone_rows(facts) if m.actual is None]
    slips = [(m.variance_days or 0, m.name) for m in rows]
    overdue = [m.name for m in rows if m.status == "Overdue"]
    after_deadline = [m.name for m in rows if m.status.startswith("At risk")]
    spi, label = schedule_index(facts)
    worst_slip, worst_name = max(slips, default=(0, ""))
    reasons = []
    if worst_slip >= rules.schedule_amber_days:
        reasons.append(f"milestone '{worst_name}' {worst_slip} d behind baseline")
    if overdue:
        reasons.append(f"{len(overdue)} milestone(s) overdue")
    if after_deadline:
        reasons.append(f"{len(after_deadline)} milestone(s) forecast after their deadline")
    if spi is not None:
        reasons.append(f"{label} {spi:.2f}")
    if worst_slip > rules.schedule_red_days or overdue or (spi is not None and spi < rules.spi_red):
        rag = Rag.RED
    elif (
        worst_slip >= rules.schedule_amber_days
        or after_deadline
        or (spi is not None and spi < rules.spi_amber)
    ):
        rag = Rag.AMBER
    elif not facts.tasks:
        return Rag.NONE, "No tasks planned yet."
    else:
        rag = Rag.GREEN
        if not facts.has_baseline:
            reasons.append("no baseline saved: only deadlines checked")
        elif not rows:
            reasons.append("all milestones done")
        else:
            reasons.insert(0, "milestones on baseline")
    return rag, _sentence("; ".join(reasons))


def schedule_index(facts: ProjectFacts) -> tuple[float | None, str]:
    """SPI(t) when earned schedule is known (it stays meaningful late in a project, where SPI
    drifts back to 1), else SPI; with its name."""
    ev = facts.earned_value
    if ev is not None and ev.spi_t is not None:
        return ev.spi_t, "SPI(t)"
    return facts.budget.spi, "SPI"


def vac_share(facts: ProjectFacts) -> float | None:
    """VAC / BAC (negative: an overrun), None without earned value."""
    ev = facts.earned_value
    if ev is None or ev.vac is None or ev.bac <= 0:
        return None
    return float(ev.vac / ev.bac)


def suggest_cost(facts: ProjectFacts, rules: RagRules = DEFAULT_RULES) -> tuple[Rag, str]:
    b = facts.budget
    cpi, vac = b.cpi, vac_share(facts)
    has_budget = b.budget is not None and b.budget > 0
    if not has_budget and cpi is None:
        return Rag.NONE, "No budget recorded."
    reasons = []
    if cpi is not None:
        reasons.append(f"CPI {cpi:.2f}")
    ev = facts.earned_value
    if vac is not None and ev is not None and ev.vac is not None:
        reasons.append(f"VAC {_money(ev.vac)} {facts.currency} ({vac:+.0%} of BAC)")
    ratio = None
    if has_budget and b.budget is not None:
        if b.forecast is not None:
            ratio = float(b.forecast / b.budget)
            reasons.append(f"forecast {ratio:.0%} of budget")
        elif b.committed is not None:
            ratio = float(b.committed / b.budget)
            reasons.append(f"committed {ratio:.0%} of budget")
    if (
        (cpi is not None and cpi < rules.cpi_red)
        or (vac is not None and vac < rules.vac_red)
        or (ratio is not None and ratio > rules.forecast_red)
    ):
        rag = Rag.RED
    elif (
        (cpi is not None and cpi < rules.cpi_amber)
        or (vac is not None and vac < rules.vac_amber)
        or (ratio is not None and ratio > rules.forecast_amber)
    ):
        rag = Rag.AMBER
    else:
        rag = Rag.GREEN
    return rag, _sentence("; ".join(reasons)) or "Within budget."


def _money(value: Decimal) -> str:
    """Whole units with thin spaces, as the report's tables write money."""
    return f"{value:+,.0f}".replace(",", "\u202f")


def suggest_scope(
    facts: ProjectFacts, period_start: date, rules: RagRules = DEFAULT_RULES
) -> tuple[Rag, str]:
    if facts.changes is None:
        return Rag.NONE, "No change log in use."
    pending = [c for c in facts.changes if c.status.lower() in PENDING_CHANGE_STATES]
    old = [
        c
        for c in pending
        if c.requested is not None and (facts.as_of - c.requested).days > rules.pending_change_days
    ]
    approved = [
        c
        for c in facts.changes
        if c.status.lower() in APPROVED_CHANGE_STATES
        and c.decided is not None
        and period_start <= c.decided <= facts.as_of
    ]
    reason = f"{len(pending)} change request(s) awaiting decision"
    if old:
        reason += f", {len(old)} for more than {rules.pending_change_days} days"
    if approved:
        reason += f"; {len(approved)} approved this period"
    if len(pending) >= rules.pending_changes_red:
        return Rag.RED, reason
    if old or len(approved) >= 3:
        return Rag.AMBER, reason
    return Rag.GREEN, reason


def suggest_risk(facts: ProjectFacts, rules: RagRules = DEFAULT_RULES) -> tuple[Rag, str]:
    """Open high and critical risks, as banded by the project's settings (``RiskRow.band``)."""
    open_risks = facts.open_risks
    bands = [r.band or facts.settings.band(r.score) for r in open_risks]
    critical, high = bands.count("critical"), bands.count("high")
    _, medium_max, high_max = facts.heat_bands
    reason = (
        f"{critical} critical (score {high_max + 1}+) and {high} high "
        f"({medium_max + 1}–{high_max}) of {len(open_risks)} open risks"
    )
    if critical >= 2 or (critical >= 1 and high >= 3):
        return Rag.RED, reason
    if critical >= 1 or high >= 2:
        return Rag.AMBER, reason
    return Rag.GREEN, reason


def period_for(as_of: date, previous: date | None) -> tuple[date, date]:
    """The reporting period: the day after the previous report, or the last seven days."""
    if previous is not None and previous < as_of:
        return previous + timedelta(days=1), as_of
    return as_of - timedelta(days=6), as_of


def suggest_ratings(
    facts: ProjectFacts, period_start: date, rules: RagRules = DEFAULT_RULES
) -> dict[str, RagRating]:
    """Every dimension's suggested rating and the reason, plus ``"overall"``."""
    found = {
        "schedule": suggest_schedule(facts, rules),
        "cost": suggest_cost(facts, rules),
        "scope": suggest_scope(facts, period_start, rules),
        "risk": suggest_risk(facts, rules),
    }
    ratings = {name: RagRating(name, rag, rag, "", reason) for name, (rag, reason) in found.items()}
    overall = worst([r.rag for r in ratings.values()])
    drivers = [n for n, r in ratings.items() if r.rag is overall and overall is not Rag.GREEN]
    reason = f"Worst dimension: {', '.join(drivers)}" if drivers else "All dimensions green"
    ratings["overall"] = RagRating("overall", overall, overall, "", reason)
    return ratings


def trend(current: Rag, previous: Rag | None) -> Trend:
    """Better, worse or unchanged against the previous report."""
    if previous is None or previous is Rag.NONE or current is Rag.NONE:
        return Trend.NEW
    if current.rank < previous.rank:
        return Trend.UP
    if current.rank > previous.rank:
        return Trend.DOWN
    return Trend.SAME


# --------------------------------------------------------------------------------- drafts


_OVERALL = re.compile(r"^Overall status is (green|amber|red|n/a)\.", re.IGNORECASE)


def overall_sentence(overall: Rag) -> str:
    return f"Overall status is {overall.label.lower()}."


def align_summary(text: str, overall: Rag) -> str:
    """The summary with its generated first sentence ("Overall status is red.") saying the
    rating actually chosen: a PM who overrides the suggestion in the status dialog must not
    get a report that prints "Overall status is red" under an Amber rating."""
    if overall is Rag.NONE:
        return text
    return _OVERALL.sub(overall_sentence(overall), text, count=1)


def suggest_summary(facts: ProjectFacts, overall: Rag, period: tuple[date, date]) -> str:
    """An executive summary of about 100 words drawn from the data, for the PM to edit. Every
    figure in it is the one the report's tables print (same rounding)."""
    sentences = [overall_sentence(overall)]
    open_milestones = [m for m in milestone_rows(facts) if m.actual is None]
    done_ms = len(facts.milestones) - len(open_milestones)
    if facts.milestones:
        sentences.append(f"{done_ms} of {len(facts.milestones)} milestones are complete.")
    if open_milestones:
        nxt = open_milestones[0]
        when = nxt.forecast.strftime("%d %b %Y") if nxt.forecast else "an open date"
        text = f"Next milestone: {nxt.name}, forecast {when}"
        if nxt.variance_days:
            text += f" ({nxt.variance_days:+d} days against baseline)"
        sentences.append(text + ".")
    done = done_lines(facts, *period)
    planned = planned_lines(facts)
    finished = f"{len(done)} task{'s were' if len(done) != 1 else ' was'} finished this period"
    upcoming = f"{len(planned)} start or are due" if len(planned) != 1 else "1 starts or is due"
    sentences.append(f"{finished} and {upcoming} in the next two weeks.")
    late = late_rows(facts)
    if late:
        sentences.append(
            f"{len(late)} task{'s are' if len(late) != 1 else ' is'} late against the baseline."
        )
    open_risks = sorted(facts.open_risks, key=lambda r: -r.score)
    if open_risks:
        top = open_risks[0]
        sentences.append(
            f"{len(open_risks)} risks are open; the highest is {top.code} {top.title} "
            f"(score {top.score})."
        )
    indices = []
    ev = facts.earned_value
    if ev is not None and ev.spi_t is not None:
        indices.append(f"SPI(t) {ev.spi_t:.2f}")
    if facts.budget.spi is not None:
        indices.append(f"SPI {facts.budget.spi:.2f}")
    if facts.budget.cpi is not None:
        indices.append(f"CPI {facts.budget.cpi:.2f}")
    if indices:
        sentences.append(f"Earned value: {', '.join(indices)}.")
    words: list[str] = []
    for sentence in sentences:
        if len(words) + len(sentence.split()) > SUMMARY_WORDS:
            break
        words.extend(sentence.split())
    return " ".join(words)


def draft_status(
    session: Session, project_id: int, as_of: date, rules: RagRules | None = None
) -> StatusDraft:
    """The update to edit for ``as_of``: the saved one if any, else the data's suggestions.

    A saved draft's ratings keep the PM's choices but refresh ``suggested`` and ``reason``
    from today's data, so the dialog shows when the data now disagrees.
    """
    rules = rules or load_rules(session, project_id)
    facts = collect_facts(session, project_id, as_of)
    previous = previous_update(session, project_id, as_of)
    period = period_for(as_of, previous.as_of if previous else None)
    suggested = suggest_ratings(facts, period[0], rules)
    saved = session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.project_id == project_id, StatusUpdate.as_of == as_of
        )
    )
    summary = suggest_summary(facts, suggested["overall"].rag, period)
    if saved is None:
        achievements = [line.name for line in done_lines(facts, *period)][:8]
        return StatusDraft(
            as_of=as_of,
            overall=suggested["overall"],
            dimensions={n: suggested[n] for n in DIMENSIONS},
            executive_summary=summary,
            achievements=achievements,
            suggested_summary=summary,
        )
    ratings = ratings_of(saved, suggested)
    return StatusDraft(
        as_of=as_of,
        overall=ratings["overall"],
        dimensions={n: ratings[n] for n in DIMENSIONS},
        executive_summary=saved.executive_summary,
        achievements=lines_of(saved.achievements),
        decisions_needed=lines_of(saved.decisions_needed),
        help_needed=lines_of(saved.help_needed),
        saved_id=saved.id,
        suggested_summary=summary,
    )


def lines_of(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def ratings_of(
    saved: StatusUpdate, suggested: dict[str, RagRating] | None = None
) -> dict[str, RagRating]:
    out = {}
    for name in ("overall", *DIMENSIONS):
        base = (suggested or {}).get(name)
        out[name] = RagRating(
            name,
            Rag.parse(getattr(saved, f"{name}_rag")),
            base.suggested if base else Rag.NONE,
            getattr(saved, f"{name}_note") or "",
            base.reason if base else "",
        )
    return out


def validate(draft: StatusDraft) -> None:
    """An override of a suggestion needs a one-line justification."""
    for rating in (draft.overall, *draft.dimensions.values()):
        if "\n" in rating.justification.strip():
            raise StatusError(f"The {rating.dimension} justification must be one line; shorten it.")
        overridden = rating.suggested is not Rag.NONE and rating.rag is not rating.suggested
        if overridden and not rating.justification.strip():
            raise StatusError(
                f"{rating.dimension.capitalize()} is rated {rating.rag.label} but the data "
                f"suggests {rating.suggested.label}: add a one-line justification."
            )


def save_status(session: Session, project_id: int, draft: StatusDraft) -> int:
    """Save (or replace) the update of ``draft.as_of`` with a snapshot of today's data."""
    validate(draft)
    facts = collect_facts(session, project_id, draft.as_of)
    row = session.scalar(
        select(StatusUpdate).where(
            StatusUpdate.project_id == project_id, StatusUpdate.as_of == draft.as_of
        )
    )
    if row is None:
        row = StatusUpdate(project_id=project_id, as_of=draft.as_of)
        session.add(row)
    row.created_at = datetime.now().replace(second=0, microsecond=0)
    for rating in (draft.overall, *draft.dimensions.values()):
        setattr(row, f"{rating.dimension}_rag", rating.rag.value)
        setattr(row, f"{rating.dimension}_note", rating.justification.strip())
    row.executive_summary = align_summary(draft.executive_summary.strip(), draft.overall.rag)
    row.achievements = "\n".join(i.strip() for i in draft.achievements if i.strip())
    row.decisions_needed = "\n".join(i.strip() for i in draft.decisions_needed if i.strip())
    row.help_needed = "\n".join(i.strip() for i in draft.help_needed if i.strip())
    row.snapshot = json.dumps(take_snapshot(facts), ensure_ascii=False, sort_keys=True)
    session.flush()
    return row.id


def list_updates(session: Session, project_id: int) -> list[tuple[date, str]]:
    """The saved updates of a project, newest first: ``(as_of, overall rag)``."""
    rows = session.execute(
        select(StatusUpdate.as_of, StatusUpdate.overall_rag)
        .where(StatusUpdate.project_id == project_id)
        .order_by(StatusUpdate.as_of.desc())
    )
    return [(a, r) for a, r in rows]


def previous_update(session: Session, project_id: int, as_of: date) -> StatusUpdate | None:
    """The latest update strictly before ``as_of``."""
    return session.scalar(
        select(StatusUpdate)
        .where(StatusUpdate.project_id == project_id, StatusUpdate.as_of < as_of)
        .order_by(StatusUpdate.as_of.desc())
        .limit(1)
    )


class SaveStatusUpdate(ProjectCommand):
    """Save the status update of one reporting date; undo restores what was there before."""

    text = "Save status update"
    affects = frozenset({"status"})

    def __init__(self, project_id: int, draft: StatusDraft) -> None:
        validate(draft)  # refuse before anything reaches the undo stack
        self.project_id = project_id
        self.draft = draft
        self.saved_id: int | None = None
        self._previous: dict[str, Any] | None = None

    def do(self, session: Session) -> None:
        existing = session.scalar(
            select(StatusUpdate).where(
                StatusUpdate.project_id == self.project_id,
                StatusUpdate.as_of == self.draft.as_of,
            )
        )
        self._previous = (
            None
            if existing is None
            else {c.key: getattr(existing, c.key) for c in StatusUpdate.__table__.columns}
        )
        self.saved_id = save_status(session, self.project_id, self.draft)

    def undo(self, session: Session) -> None:
        row = session.get(StatusUpdate, self.saved_id) if self.saved_id else None
        if self._previous is None:
            if row is not None:
                session.delete(row)
            return
        if row is None:
            session.add(StatusUpdate(**self._previous))
            return
        for key, value in self._previous.items():
            setattr(row, key, value)


# --------------------------------------------------------------------------------- snapshots


def take_snapshot(facts: ProjectFacts) -> dict[str, Any]:
    """What the next report compares against: milestones, risks, change requests."""
    return {
        "milestones": {
            str(t.id): {
                "name": t.name,
                "finish": t.finish.isoformat(timespec="minutes") if t.finish else None,
            }
            for t in facts.milestones
        },
        "risks": {
            r.code: {"title": r.title, "score": r.score, "status": r.status} for r in facts.risks
        },
        "changes": {c.code: {"title": c.title, "status": c.status} for c in facts.changes or []},
    }


def _is_open(status: str) -> bool:
    return status.lower() not in CLOSED_RISK_STATES


def changes_since(
    previous: dict[str, Any], facts: ProjectFacts, previous_as_of: date | None
) -> tuple[Changes, dict[int, int], dict[str, int]]:
    """What changed since the previous snapshot, plus milestone moves (task id -> days) and
    previous risk scores (code -> score)."""
    changes = Changes(previous_as_of=previous_as_of)
    old_risks: dict[str, dict] = previous.get("risks", {})
    for risk in sorted(facts.risks, key=lambda r: -r.score):
        before = old_risks.get(risk.code)
        was_open = before is not None and _is_open(str(before.get("status", "")))
        if _is_open(risk.status) and not was_open:
            changes.new_risks.append(f"{risk.code} {risk.title} (score {risk.score})")
        elif not _is_open(risk.status) and was_open:
            changes.closed_risks.append(f"{risk.code} {risk.title}")
    current_codes = {r.code for r in facts.risks}
    for code, before in old_risks.items():
        if code not in current_codes and _is_open(str(before.get("status", ""))):
            changes.closed_risks.append(f"{code} {before.get('title', '')} (deleted)")
    moved: dict[int, int] = {}
    old_milestones: dict[str, dict] = previous.get("milestones", {})
    for task in facts.milestones:
        before = old_milestones.get(str(task.id))
        if not before or not before.get("finish") or task.finish is None:
            continue
        old_finish = datetime.fromisoformat(before["finish"])
        days = (task.finish.date() - old_finish.date()).days
        if days:
            moved[task.id] = days
            changes.milestones_moved.append(
                f"{task.name}: {old_finish:%d %b %Y} → {task.finish:%d %b %Y} ({days:+d} d)"
            )
    old_changes: dict[str, dict] = previous.get("changes", {})
    for change in facts.changes or []:
        before = old_changes.get(change.code, {})
        was_approved = str(before.get("status", "")).lower() in APPROVED_CHANGE_STATES
        if change.status.lower() in APPROVED_CHANGE_STATES and not was_approved:
            changes.changes_approved.append(f"{change.code} {change.title}")
    scores = {code: int(v.get("score", 0)) for code, v in old_risks.items()}
    return changes, moved, scores


__all__ = [
    "DEFAULT_RULES",
    "RagRules",
    "SaveStatusUpdate",
    "StatusDraft",
    "StatusError",
    "align_summary",
    "changes_since",
    "draft_status",
    "list_updates",
    "load_rules",
    "period_for",
    "previous_update",
    "save_status",
    "suggest_ratings",
    "take_snapshot",
    "trend",
    "validate",
]
