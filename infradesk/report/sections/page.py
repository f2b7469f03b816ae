"""What every section draws with: the data, the options, the styles and the frame width, plus
the table and paragraph helpers they share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from infradesk.report import styles as st
from infradesk.report.clipping import ClippedParagraph
from infradesk.report.data import SECTION_TITLES, ReportData, ReportOptions
from infradesk.report.fonts import markup
from infradesk.report.template import MARGIN

Cell: TypeAlias = Paragraph | Flowable | str

# A table row cannot split across pages, so user text in a cell stops (with an ellipsis) after
# this many lines; free paragraphs wrap and split instead, except in the one-page executive
# variant, which would otherwise shrink to nothing.
CELL_LINES = 10
EXECUTIVE_LINES = 4
TITLE_LINES = 3


class Page:
    """One rendering's context: ``data`` and ``options`` with the styles and frame width."""

    def __init__(self, data: ReportData, options: ReportOptions) -> None:
        self.data = data
        self.options = options
        self.s = st.styles()
        self.pagesize = st.page_size(options.page_size)
        self.width = self.pagesize[0] - 2 * MARGIN

    def p(
        self, text: object, style: ParagraphStyle | None = None, *, bold: bool = False
    ) -> Paragraph:
        """User text in a table cell: wrapped, cut with an ellipsis after ``CELL_LINES``
        (``EXECUTIVE_LINES`` on the one-page variant)."""
        style = style or self.s.cell
        lines = EXECUTIVE_LINES if self.options.executive else CELL_LINES
        return ClippedParagraph(text, style, lines * style.leading, bold=bold)

    def free(
        self, text: object, style: ParagraphStyle, *, prefix: str = "", bullet: str | None = None
    ) -> Paragraph:
        """User text in the flow: wraps and splits across pages; in the executive variant it
        is cut after ``EXECUTIVE_LINES`` so the one page stays readable."""
        if self.options.executive:
            limit = EXECUTIVE_LINES * style.leading
            return ClippedParagraph(text, style, limit, prefix=prefix, bullet=bullet)
        return Paragraph(prefix + markup(text), style, bulletText=bullet)

    def header_row(self, titles: Sequence[str], right: Sequence[int] = ()) -> list[Cell]:
        return [
            Paragraph(markup(t), self.s.header_cell_right if i in right else self.s.header_cell)
            for i, t in enumerate(titles)
        ]

    def table(
        self,
        titles: Sequence[str],
        rows: list[list[Cell]],
        fractions: Sequence[float],
        *,
        right: Sequence[int] = (),
        extra: list | None = None,
    ) -> st.Table:
        """A full-width table with a repeated header row; widths are fractions of the frame."""
        widths = [self.width * f for f in fractions]
        table = st.Table(
            [self.header_row(titles, right), *rows],
            colWidths=widths,
            repeatRows=1,
            hAlign="LEFT",
        )
        table.setStyle(st.table_style(zebra_rows=len(rows), extra=extra))
        return table

    def heading(self, section: str) -> list[Flowable]:
        return [CondPageBreak(40 * mm), Paragraph(markup(SECTION_TITLES[section]), self.s.h1)]

    def empty(self, text: str) -> Paragraph:
        return Paragraph(markup(text), self.s.note)

    def capped(self, items: list, what: str) -> tuple[list, Paragraph | None]:
        limit = self.options.max_list_rows
        if len(items) <= limit:
            return items, None
        return items[:limit], self.empty(f"… and {len(items) - limit} more {what} not shown.")

    # ------------------------------------------------------------------ 1. header
