"""What the Vendors tab reads, each call in one read transaction of the workspace (the tab
never holds a session)."""

from __future__ import annotations

from datetime import date

from infradesk.services.vendors.money import SpendReport, spend_report
from infradesk.services.vendors.queries import (
    VendorDetail,
    VendorsOverview,
    load_overview,
    load_vendor_detail,
    reference_choices,
)
from infradesk.store.workspace import Workspace

Choices = dict[str, list[tuple[int, str]]]  # reference column -> (id, label) choices


def overview_view(
    workspace: Workspace, project_id: int, today: date | None
) -> tuple[VendorsOverview, Choices]:
    """The project's vendor overview and the choices of the budget lines' reference columns."""
    with workspace.read_session() as session:
        return load_overview(session, project_id, today), reference_choices(
            session, project_id, None
        )


def vendor_detail_view(
    workspace: Workspace, project_id: int, vendor_id: int, today: date | None
) -> tuple[VendorDetail | None, Choices]:
    """One vendor's detail and the choices of its records' reference columns."""
    with workspace.read_session() as session:
        return load_vendor_detail(session, vendor_id, today), reference_choices(
            session, project_id, vendor_id
        )


def money_view(workspace: Workspace, project_id: int) -> SpendReport:
    """The project's money by the one set of rules (``money``), for a view outside the
    Vendors tab (the Cost tab)."""
    with workspace.read_session() as session:
        return spend_report(session, project_id)
