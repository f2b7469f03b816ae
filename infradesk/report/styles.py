"""Colours, paragraph styles and table styles shared by the report and the Gantt export."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table as _Table
from reportlab.platypus import TableStyle

from infradesk.report.data import Rag
from infradesk.report.fonts import BOLD, REGULAR, fonts

INK = colors.HexColor("#1d2733")
MUTED = colors.HexColor("#5b6776")
ACCENT = colors.HexColor("#1f3a5f")
RULE = colors.HexColor("#c9d1db")
ZEBRA = colors.HexColor("#f3f5f8")
HIGHLIGHT = colors.HexColor("#fdecea")

RAG_COLOURS: dict[Rag, colors.Color] = {
    Rag.GREEN: colors.HexColor("#2e7d32"),
    Rag.AMBER: colors.HexColor("#f0a202"),
    Rag.RED: colors.HexColor("#c62828"),
    Rag.NONE: colors.HexColor("#9aa4af"),
}
RAG_TEXT: dict[Rag, colors.Color] = {
    Rag.GREEN: colors.white,
    Rag.AMBER: INK,
    Rag.RED: colors.white,
    Rag.NONE: colors.white,
}

BAR = colors.HexColor("#4a7ab5")
BAR_DONE = colors.HexColor("#23466f")
BAR_CRITICAL = colors.HexColor("#d9534f")
BAR_CRITICAL_DONE = colors.HexColor("#9e2a26")
BASELINE = colors.HexColor("#a9b3be")
SUMMARY = colors.HexColor("#2b2f36")
STATUS_LINE = colors.HexColor("#d62728")
WEEKEND = colors.HexColor("#f4f6f8")

HEAT_COLOURS = {
    "low": colors.HexColor("#cfe8cf"),
    "medium": colors.HexColor("#fff1b8"),
    "high": colors.HexColor("#ffd0a1"),
    "critical": colors.HexColor("#f4a6a3"),
}


PAGE_SIZES = {"A4": A4, "LETTER": LETTER}


def page_size(name: str, *, wide: bool = False) -> tuple[float, float]:
    """``A4`` or ``Letter`` (case-insensitive), portrait unless ``wide``."""
    try:
        size = PAGE_SIZES[name.strip().upper()]
    except KeyError:
        raise ValueError(f"Unknown page size '{name}': use A4 or Letter") from None
    return landscape(size) if wide else size


class Styles:
    """The paragraph styles of a report."""

    def __init__(self) -> None:
        fonts()
        base = ParagraphStyle(  # bullets too: reportlab's default is Helvetica, not embedded
            "body",
            fontName=REGULAR,
            bulletFontName=REGULAR,
            fontSize=9,
            leading=12,
            textColor=INK,
            splitLongWords=1,
        )
        self.body = base
        self.small = ParagraphStyle("small", base, fontSize=7.5, leading=9.5, textColor=MUTED)
        self.cell = ParagraphStyle("cell", base, fontSize=8, leading=10)
        self.cell_right = ParagraphStyle("cell_right", self.cell, alignment=TA_RIGHT)
        self.cell_bold = ParagraphStyle("cell_bold", self.cell, fontName=BOLD)
        self.cell_bold_right = ParagraphStyle(
            "cell_bold_right", self.cell_bold, alignment=TA_RIGHT
        )
        self.cell_alert = ParagraphStyle(
            "cell_alert", self.cell_bold, textColor=RAG_COLOURS[Rag.RED]
        )
        self.cell_alert_right = ParagraphStyle(
            "cell_alert_right", self.cell_alert, alignment=TA_RIGHT
        )
        self.header_cell = ParagraphStyle(
            "header_cell", self.cell, fontName=BOLD, textColor=colors.white
        )
        self.header_cell_right = ParagraphStyle(
            "header_cell_right", self.header_cell, alignment=TA_RIGHT
        )
        self.title = ParagraphStyle(
            "title", base, fontName=BOLD, fontSize=20, leading=24, textColor=ACCENT
        )
        self.subtitle = ParagraphStyle("subtitle", base, fontSize=10.5, leading=14, textColor=MUTED)
        self.h1 = ParagraphStyle(
            "h1",
            base,
            fontName=BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=5,
            keepWithNext=1,
        )
        self.h2 = ParagraphStyle(
            "h2",
            base,
            fontName=BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        )
        self.h3 = ParagraphStyle(
            "h3",
            base,
            fontName=BOLD,
            fontSize=8.5,
            leading=11,
            textColor=MUTED,
            spaceBefore=4,
            spaceAfter=2,
            keepWithNext=1,
        )
        self.bullet = ParagraphStyle("bullet", base, leftIndent=11, bulletIndent=2)
        self.note = ParagraphStyle("note", self.small, spaceBefore=2)


@lru_cache(maxsize=1)
def styles() -> Styles:
    return Styles()


class Table(_Table):
    """reportlab's Table, its cells in our embedded font: reportlab's default cell font is
    Helvetica, which a PDF names without embedding (issue 17: every font embedded). Styles
    set afterwards still apply on top."""

    def __init__(self, data: Any, *args: Any, **kwargs: Any) -> None:
        fonts()
        super().__init__(data, *args, **kwargs)
        if data:
            self.setStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)])


def table_style(*, zebra_rows: int = 0, extra: list | None = None) -> TableStyle:
    """The house table style: accent header row, hairlines, zebra stripes."""
    commands: list = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in range(2, zebra_rows + 1, 2):
        commands.append(("BACKGROUND", (0, row), (-1, row), ZEBRA))
    commands.extend(extra or [])
    return TableStyle(commands)
