"""The document template: frames, page header and footer, "page X of Y"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from infradesk.errors import UserError
from infradesk.report import styles as st
from infradesk.report.charts import draw_text
from infradesk.report.fonts import REGULAR, fit_text, fonts

MARGIN = 16 * mm


class NumberedCanvas(Canvas):
    """A canvas that knows the page count when it saves, to print "Page X of Y"."""

    footer_right: Callable[[Canvas, int, int], None] | None = None
    # the footer's page count; a subclass may say more ("Stream Network — page {page} of ...")
    page_label = "Page {page} of {total}"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # every page starts in our embedded font, not reportlab's default Helvetica (a
        # standard font a PDF names without embedding it; issue 17: `pdffonts` says emb yes)
        fonts()
        if not kwargs.get("initialFontName"):  # BaseDocTemplate passes None
            kwargs["initialFontName"] = REGULAR
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.saveState()
            self.setFont(REGULAR, 7)
            draw_text(  # the label may carry user text (a stream's name): font fallback
                self,
                self._pagesize[0] - MARGIN,
                MARGIN - 9 * mm + 2,
                self.page_label.format(page=self._pageNumber, total=total),
                7,
                colour=st.MUTED,
                anchor="end",
            )
            self.restoreState()
            super().showPage()
        super().save()


class ReportTemplate(BaseDocTemplate):
    """A4 or Letter, a running header (project and title) and a footer ("as of", page)."""

    def __init__(
        self,
        target: str | Path | BinaryIO,
        *,
        pagesize: tuple[float, float],
        title: str,
        header_left: str,
        header_right: str,
        footer_left: str,
        logo_path: str | None = None,
    ) -> None:
        super().__init__(
            str(target) if isinstance(target, Path) else target,
            pagesize=pagesize,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 6 * mm,
            bottomMargin=MARGIN,
            title=title,
            author="InfraDesk",
            creator="InfraDesk",
            subject=title,
        )
        self.header_left = header_left
        self.header_right = header_right
        self.footer_left = footer_left
        self.logo = _load_logo(logo_path)
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        top = height - MARGIN + 2 * mm
        right_edge = width - MARGIN
        if self.logo is not None:
            image, (logo_w, logo_h) = self.logo
            draw_h = 8 * mm
            draw_w = min(draw_h * logo_w / logo_h, 40 * mm)
            canvas.drawImage(
                image,
                right_edge - draw_w,
                top - 1.5 * mm,
                draw_w,
                draw_h,
                preserveAspectRatio=True,
                mask="auto",
                anchor="e",
            )
            right_edge -= draw_w + 3 * mm
        half = (right_edge - MARGIN) / 2
        draw_text(
            canvas,
            MARGIN,
            top,
            fit_text(self.header_left, half, 8, bold=True),
            8,
            bold=True,
            colour=st.ACCENT,
        )
        draw_text(
            canvas,
            right_edge,
            top,
            fit_text(self.header_right, half - 10, 7.5),
            7.5,
            colour=st.MUTED,
            anchor="end",
        )
        canvas.setStrokeColor(st.ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, top - 2.5 * mm, width - MARGIN, top - 2.5 * mm)
        canvas.setStrokeColor(st.RULE)
        canvas.setLineWidth(0.4)
        footer_y = MARGIN - 9 * mm + 2
        canvas.line(MARGIN, footer_y + 9, width - MARGIN, footer_y + 9)
        draw_text(
            canvas, MARGIN, footer_y, fit_text(self.footer_left, width * 0.6, 7), 7, colour=st.MUTED
        )
        canvas.restoreState()


class LogoError(UserError, ValueError):
    """The logo image cannot be read (ValueError: callers that caught it still do)."""


def _load_logo(path: str | None) -> tuple[ImageReader, tuple[int, int]] | None:
    """The optional logo; a missing or unreadable file is reported to the caller."""
    if not path:
        return None
    try:
        reader = ImageReader(path)
        return reader, reader.getSize()
    except Exception as error:  # reportlab/PIL raise many kinds
        raise LogoError(f"Cannot read the logo image '{path}': {error}") from error
