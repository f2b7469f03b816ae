"""Empty check boxes to tick by hand on a printed sheet, drawn as vector squares (a glyph
such as ☐ depends on the font and prints too small to tick)."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from infradesk.report import styles as st
from infradesk.report.charts import draw_text
from infradesk.report.fonts import markup, string_width


class CheckBox(Flowable):
    """One empty square at the top left of its cell; ``min_height`` keeps room to write."""

    def __init__(self, size: float = 9, min_height: float = 0) -> None:
        super().__init__()
        self.size = size
        self.min_height = max(min_height, size)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.min_height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(st.INK)
        canvas.setLineWidth(0.8)
        canvas.rect(0, self.min_height - self.size, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()


class Choices(Flowable):
    """A row of labelled boxes: ``☐ GO   ☐ NO-GO`` (labels are our own words)."""

    def __init__(self, labels: tuple[str, ...], size: float = 8, font_size: float = 7.5,
                 bold: bool = True) -> None:
        super().__init__()
        self.labels = labels
        self.size = size
        self.font_size = font_size
        self.bold = bold

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.size + 3

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(st.INK)
        canvas.setLineWidth(0.8)
        x = 0.0
        for label in self.labels:
            canvas.rect(x, 1.5, self.size, self.size, stroke=1, fill=0)
            draw_text(canvas, x + self.size + 3, 2.5, label, self.font_size, bold=self.bold)
            x += self.size + 3 + string_width(label, self.font_size, bold=self.bold) + 12
        canvas.restoreState()


class BoxedLine(Flowable):
    """User text (a gate's criterion) after an empty box, wrapped beside it."""

    def __init__(self, text: str, style: ParagraphStyle, size: float = 7) -> None:
        super().__init__()
        self.size = size
        self.indent = size + 4
        self.paragraph = Paragraph(markup(text), style)
        self.leading = style.leading

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _width, height = self.paragraph.wrap(available_width - self.indent, available_height)
        self.height = height
        return available_width, height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(st.INK)
        canvas.setLineWidth(0.6)
        top = self.height - (self.leading - self.size) / 2
        canvas.rect(0, top - self.size, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()
        self.paragraph.drawOn(canvas, self.indent, 0)
