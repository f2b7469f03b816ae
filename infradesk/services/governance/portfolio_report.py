"""Write the portfolio PDF: the overview of every project, then each one's executive page.

The overview rows are the Portfolio tab's (``portfolio.load_portfolio``); each executive page
is the project's own weekly report data (``status.report.gather_report_data``, the executive
variant) as of the project's reporting date, all read in one read transaction.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.orm import Session

from infradesk.errors import UserError
from infradesk.report.data import ReportData, ReportOptions
from infradesk.report.portfolio_data import PortfolioRow
from infradesk.report.portfolio_report import render_portfolio_report
from infradesk.services.governance.portfolio import load_portfolio
from infradesk.services.status.report import gather_report_data
from infradesk.store.workspace import Workspace

EXECUTIVE_SECTIONS = ("summary", "milestones", "risks", "budget")


class PortfolioReportError(UserError, ValueError):
    """A portfolio report that cannot be written; the message says why."""


def gather_portfolio(
    session: Session, today: date | None = None, options: ReportOptions | None = None
) -> tuple[list[PortfolioRow], list[ReportData]]:
    """The overview rows and each project's executive report data (in the rows' order)."""
    rows = load_portfolio(session, today)
    executive = ReportOptions(
        page_size=(options or ReportOptions()).page_size,
        sections=EXECUTIVE_SECTIONS,
        executive=True,
    )
    pages = [gather_report_data(session, row.project_id, row.as_of, executive) for row in rows]
    return rows, pages


def write_portfolio_report(
    workspace: Workspace,
    target: str | Path | BinaryIO,
    today: date | None = None,
    options: ReportOptions | None = None,
) -> Path:
    """Write the portfolio PDF of every project of ``workspace`` to ``target``."""
    with workspace.read_session() as session:
        rows, pages = gather_portfolio(session, today, options)
    if not rows:
        raise PortfolioReportError("The workspace holds no project: there is nothing to report.")
    try:
        render_portfolio_report(rows, pages, target, today or date.today(), options)
    except OSError as error:
        raise PortfolioReportError(f"Cannot write {target}: {error.strerror or error}") from error
    return Path(target) if isinstance(target, (str, Path)) else Path()


__all__ = ["PortfolioReportError", "gather_portfolio", "write_portfolio_report"]
