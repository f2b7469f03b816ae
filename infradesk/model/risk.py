"""The risk register. (The Risks issue extends it into a full RAID log.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from infradesk.model.base import Base


class Risk(Base):
    """A threat or opportunity with probability and impact on a 1-5 scale."""

    __tablename__ = "risk"
    __table_args__ = (UniqueConstraint("project_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(20))  # R-001, stable
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[str] = mapped_column(String(50), default="technical")
    owner: Mapped[str] = mapped_column(String(200), default="")
    probability: Mapped[int] = mapped_column(Integer, default=3)
    impact: Mapped[int] = mapped_column(Integer, default=3)
    response: Mapped[str] = mapped_column(String(20), default="mitigate")
    mitigation: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30), default="identified")
    raised: Mapped[date | None] = mapped_column(Date, default=None)

    @property
    def score(self) -> int:
        return self.probability * self.impact
