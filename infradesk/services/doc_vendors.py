"""Vendors, contracts and deliveries <-> the interchange document."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from infradesk.interchange.isodates import date_to_iso, iso_to_date
from infradesk.model import Contract, Deliverable, Project, Vendor


def export_vendors(session: Session, project: Project, task_ids: dict[int, int]) -> dict[str, Any]:
    """Document parts for vendors: ``{"vendors": [...]}``; money as decimal strings."""
    vendors = session.scalars(
        select(Vendor).where(Vendor.project_id == project.id).order_by(Vendor.name)
    )
    return {
        "vendors": [
            {
                "name": vendor.name,
                "category": vendor.category,
                "notes": vendor.notes,
                "contracts": [
                    {
                        "number": c.number,
                        "title": c.title,
                        "value": str(c.value),
                        "currency": c.currency,
                        "start": date_to_iso(c.start),
                        "end": date_to_iso(c.end),
                        "notice_days": c.notice_days,
                        "status": c.status,
                    }
                    for c in sorted(vendor.contracts, key=lambda c: c.id)
                ],
                "deliverables": [
                    {
                        "description": d.description,
                        "quantity": d.quantity,
                        "promised": date_to_iso(d.promised),
                        "actual": date_to_iso(d.actual),
                        "status": d.status,
                        "task": task_ids.get(d.task_id) if d.task_id else None,
                    }
                    for d in sorted(vendor.deliverables, key=lambda d: d.id)
                ],
            }
            for vendor in vendors
        ]
    }


def import_vendors(
    session: Session, project: Project, data: dict[str, Any], task_ids: dict[int, int], where: str
) -> None:
    for item in data.get("vendors", []):
        vendor = Vendor(
            project_id=project.id,
            name=str(item.get("name", "")),
            category=str(item.get("category") or "other"),
            notes=str(item.get("notes") or ""),
        )
        for c in item.get("contracts", []):
            vendor.contracts.append(
                Contract(
                    number=str(c.get("number") or ""),
                    title=str(c.get("title") or ""),
                    value=Decimal(str(c.get("value") or "0")),
                    currency=str(c.get("currency") or project.currency),
                    start=iso_to_date(c.get("start")),
                    end=iso_to_date(c.get("end")),
                    notice_days=int(c.get("notice_days") or 0),
                    status=str(c.get("status") or "active"),
                )
            )
        for d in item.get("deliverables", []):
            vendor.deliverables.append(
                Deliverable(
                    description=str(d.get("description", "")),
                    quantity=int(d.get("quantity") or 1),
                    promised=iso_to_date(d.get("promised")),
                    actual=iso_to_date(d.get("actual")),
                    status=str(d.get("status") or "ordered"),
                    task_id=task_ids.get(d["task"]) if d.get("task") is not None else None,
                )
            )
        session.add(vendor)
    session.flush()
