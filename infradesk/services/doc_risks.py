"""Risks (and, later, the rest of the RAID log) <-> the interchange document."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange.isodates import date_to_iso, iso_to_date
from infradesk.model import Project, Risk


def export_risks(session: Session, project: Project, task_ids: dict[int, int]) -> dict[str, Any]:
    """Document parts for the RAID log: ``{"risks": [...]}``."""
    risks = session.scalars(select(Risk).where(Risk.project_id == project.id).order_by(Risk.code))
    return {
        "risks": [
            {
                "code": risk.code,
                "title": risk.title,
                "description": risk.description,
                "category": risk.category,
                "owner": risk.owner,
                "probability": risk.probability,
                "impact": risk.impact,
                "score": risk.score,
                "response": risk.response,
                "mitigation": risk.mitigation,
                "status": risk.status,
                "raised": date_to_iso(risk.raised),
            }
            for risk in risks
        ]
    }


def import_risks(
    session: Session, project: Project, data: dict[str, Any], task_ids: dict[int, int], where: str
) -> None:
    for index, item in enumerate(data.get("risks", [])):
        session.add(
            Risk(
                project_id=project.id,
                code=item.get("code") or f"R-{index + 1:03d}",
                title=str(item.get("title", "")),
                description=str(item.get("description") or ""),
                category=str(item.get("category") or "technical"),
                owner=str(item.get("owner") or ""),
                probability=int(item.get("probability") or 3),
                impact=int(item.get("impact") or 3),
                response=str(item.get("response") or "mitigate"),
                mitigation=str(item.get("mitigation") or ""),
                status=str(item.get("status") or "identified"),
                raised=iso_to_date(item.get("raised")),
            )
        )
    session.flush()
