"""Risk scoring: score = probability x impact, bands, expected monetary value, vocabularies.

A probability or impact of 0 means "not scored yet" (a risk imported from a register that had
no rating for it): its score is 0, it has no band, sorts below every scored risk, counts in no
band threshold and is counted apart from the heat map (:func:`is_scored`).

Everything here is pure; the per-project settings (band limits, probability percentages,
categories) live in the ``risk_settings`` table and are read with :func:`load_settings`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.model import RiskSettings

DEFAULT_CATEGORIES = (
    "technical",
    "vendor",
    "schedule",
    "cost",
    "security",
    "compliance",
    "operational",
    "people",
)
KINDS = ("threat", "opportunity")
THREAT_RESPONSES = ("avoid", "mitigate", "transfer", "accept", "escalate")
OPPORTUNITY_RESPONSES = ("exploit", "enhance", "share", "accept", "escalate")
RISK_STATUSES = (
    "identified",
    "assessed",
    "response planned",
    "monitoring",
    "closed",
    "occurred",
)
CLOSED_RISK_STATUSES = frozenset({"closed", "occurred"})
BAND_NAMES = ("low", "medium", "high", "critical")
DEFAULT_PERCENTS = (10, 30, 50, 70, 90)


def responses_for(kind: str) -> tuple[str, ...]:
    return OPPORTUNITY_RESPONSES if kind == "opportunity" else THREAT_RESPONSES


def is_open(status: str) -> bool:
    return status.lower() not in CLOSED_RISK_STATUSES


class ScoringError(UserError, ValueError):
    """Scoring settings that cannot work (ValueError: callers that caught it still do)."""


@dataclass(frozen=True)
class ScoringSettings:
    """Band upper limits (inclusive) and the probability -> percent scale of one project."""

    low_max: int = 4
    medium_max: int = 9
    high_max: int = 15
    percents: tuple[int, ...] = DEFAULT_PERCENTS
    categories: tuple[str, ...] = field(default=DEFAULT_CATEGORIES)

    def __post_init__(self) -> None:
        if not 1 <= self.low_max < self.medium_max < self.high_max < 25:
            raise ScoringError(
                "Band limits must rise: 1 <= low < medium < high < 25 "
                f"(got {self.low_max}, {self.medium_max}, {self.high_max})."
            )
        if len(self.percents) != 5 or not all(0 <= p <= 100 for p in self.percents):
            raise ScoringError("The probability scale needs five percentages between 0 and 100.")

    def band(self, score: int) -> str:
        """'low', 'medium', 'high' or 'critical'; '' for an unassessed (0) score."""
        if score <= 0:
            return ""
        if score <= self.low_max:
            return "low"
        if score <= self.medium_max:
            return "medium"
        if score <= self.high_max:
            return "high"
        return "critical"

    def percent(self, probability: int) -> int:
        if not 1 <= probability <= 5:
            return 0
        return self.percents[probability - 1]

    def emv(self, probability: int, cost_impact: Decimal) -> Decimal:
        """Expected monetary value: probability as a percentage times the cost impact."""
        value = Decimal(self.percent(probability)) * Decimal(cost_impact) / Decimal(100)
        return value.quantize(Decimal("0.01"))

    def expected_days(self, probability: int, days: int) -> Decimal:
        return (Decimal(self.percent(probability)) * Decimal(days) / Decimal(100)).quantize(
            Decimal("0.1")
        )


DEFAULT_SETTINGS = ScoringSettings()


NOT_SCORED = "Not scored"


def score(probability: int, impact: int) -> int:
    return probability * impact


def is_scored(probability: int, impact: int) -> bool:
    """Both ratings are on the 1-5 scale (0 is "not scored yet")."""
    return 1 <= probability <= 5 and 1 <= impact <= 5


def load_settings(session: Session, project_id: int) -> ScoringSettings:
    row = session.scalar(select(RiskSettings).where(RiskSettings.project_id == project_id))
    if row is None:
        return DEFAULT_SETTINGS
    percents = tuple(int(p) for p in row.probability_percents.split(",") if p.strip())
    categories = tuple(c.strip() for c in row.categories.split(",") if c.strip())
    return ScoringSettings(
        low_max=row.low_max,
        medium_max=row.medium_max,
        high_max=row.high_max,
        percents=percents or DEFAULT_PERCENTS,
        categories=categories or DEFAULT_CATEGORIES,
    )


def save_settings(session: Session, project_id: int, settings: ScoringSettings) -> None:
    row = session.scalar(select(RiskSettings).where(RiskSettings.project_id == project_id))
    if row is None:
        row = RiskSettings(project_id=project_id)
        session.add(row)
    row.low_max, row.medium_max, row.high_max = (
        settings.low_max,
        settings.medium_max,
        settings.high_max,
    )
    row.probability_percents = ",".join(str(p) for p in settings.percents)
    row.categories = (
        "" if settings.categories == DEFAULT_CATEGORIES else ",".join(settings.categories)
    )
    session.flush()
