"""Paragraphs that never grow taller than a limit: user text in cells that cannot split.

reportlab splits a table between rows, never inside one, so a table row taller than the page
raises ``LayoutError`` (a 3,000-character risk title was enough). ``ClippedParagraph`` wraps
like a normal paragraph and, when the wrapped text is taller than ``max_height``, keeps the
longest prefix that fits and ends it with an ellipsis. Text that fits is never touched.
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from infradesk.report.fonts import clean, markup

ELLIPSIS = "…"


class ClippedParagraph(Paragraph):
    """A paragraph of user text whose height is capped at ``max_height`` points."""

    def __init__(
        self,
        text: object,
        style: ParagraphStyle,
        max_height: float,
        *,
        bold: bool = False,
        prefix: str = "",
        bullet: str | None = None,
    ) -> None:
        """``prefix`` is trusted markup put before the escaped ``text`` (a bold label)."""
        self.plain = clean(text)
        self.bold = bold
        self.prefix = prefix
        self.max_height = max(max_height, style.leading)
        self.clipped = False
        super().__init__(self._markup(self.plain), style, bulletText=bullet)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = super().wrap(available_width, available_height)
        if height <= self.max_height:
            return width, height
        keep = self._longest_prefix(available_width, height)
        self._reset(self.plain[:keep].rstrip() + ELLIPSIS)
        self.clipped = True
        return super().wrap(available_width, available_height)

    def _markup(self, text: str) -> str:
        return self.prefix + markup(text, bold=self.bold)

    def _reset(self, text: str) -> None:
        Paragraph.__init__(self, self._markup(text), self.style, bulletText=self.bulletText)

    def _height_of(self, text: str, width: float) -> float:
        probe = Paragraph(self._markup(text), self.style, bulletText=self.bulletText)
        return probe.wrap(width, 1e9)[1]

    def _longest_prefix(self, width: float, full_height: float) -> int:
        """The most characters of ``plain`` that, with an ellipsis, fit ``max_height``."""
        text = self.plain
        # height grows roughly linearly with length: search below a generous estimate
        high = min(len(text), int(len(text) * self.max_height / full_height * 1.5) + 8)
        while high < len(text) and self._height_of(text[:high] + ELLIPSIS, width) <= (
            self.max_height
        ):
            high = min(len(text), high * 2)
        low = 0
        while low < high:
            middle = (low + high + 1) // 2
            if self._height_of(text[:middle].rstrip() + ELLIPSIS, width) <= self.max_height:
                low = middle
            else:
                high = middle - 1
        return low
