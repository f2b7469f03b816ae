"""Embedded, Unicode-safe fonts for the PDF, and safe markup for user text.

DejaVu Sans covers Latin, Greek, Cyrillic, arrows and most symbols but no CJK ideographs. Text
is therefore split into runs: characters DejaVu lacks go to a fallback font, the shipped Droid
Sans Fallback (Apache-2.0, embedded as a subset like DejaVu) or, when that file is missing,
reportlab's built-in CID font ``STSong-Light`` (not embedded, but extractable). User text never
reaches reportlab's paragraph parser unescaped: ``markup()`` escapes it first, so a task named
``<b>&amp;`` prints literally.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from infradesk.resources import resource_path
from infradesk.text_safety import without_lone_surrogates

REGULAR = "InfraDeskSans"
BOLD = "InfraDeskSans-Bold"
FALLBACK_TTF = "InfraDeskCJK"
FALLBACK_CID = "STSong-Light"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def fonts_dir() -> Path:
    """The shipped fonts: source checkout, installed package or PyInstaller bundle."""
    return resource_path("fonts")


class _Fonts:
    """The registered font names and the coverage of the main font."""

    def __init__(self) -> None:
        folder = fonts_dir()
        regular = TTFont(REGULAR, str(folder / "DejaVuSans.ttf"))
        bold = TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf"))
        pdfmetrics.registerFont(regular)
        pdfmetrics.registerFont(bold)
        pdfmetrics.registerFontFamily(
            REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD
        )
        self.covered: frozenset[int] = frozenset(regular.face.charToGlyph)
        self.bold_covered: frozenset[int] = frozenset(bold.face.charToGlyph)
        fallback_file = folder / "DroidSansFallback.ttf"
        if fallback_file.is_file():
            fallback = TTFont(FALLBACK_TTF, str(fallback_file))
            pdfmetrics.registerFont(fallback)
            self.fallback = FALLBACK_TTF
            self.fallback_covered: frozenset[int] | None = frozenset(fallback.face.charToGlyph)
        else:  # pragma: no cover - the font ships with the app
            from reportlab.pdfbase.cidfonts import UnicodeCIDFont

            pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_CID))
            self.fallback = FALLBACK_CID
            self.fallback_covered = None


@lru_cache(maxsize=1)
def fonts() -> _Fonts:
    """Register the fonts once per process (reportlab keeps a global registry)."""
    return _Fonts()


def clean(text: object) -> str:
    """User text as a plain string: ``None`` becomes empty, control characters are dropped,
    lone surrogates become U+FFFD."""
    if text is None:
        return ""
    return _CONTROL.sub("", without_lone_surrogates(str(text)))


def runs(text: str, *, bold: bool = False) -> Iterator[tuple[str, str]]:
    """Split ``text`` into ``(font name, chunk)`` runs, each drawable with one font."""
    registry = fonts()
    main = BOLD if bold else REGULAR
    covered = registry.bold_covered if bold else registry.covered
    current = ""
    chunk: list[str] = []
    for char in text:
        code = ord(char)
        if code in covered or char in "\n\t ":
            font = main
        elif registry.fallback_covered is None or code in registry.fallback_covered:
            font = registry.fallback
        else:
            font = main  # no font has it: keep the text extractable, it shows a box
        if font != current and chunk:
            yield current, "".join(chunk)
            chunk = []
        current = font
        chunk.append(char)
    if chunk:
        yield current, "".join(chunk)


def needs_fallback(text: str) -> bool:
    covered = fonts().covered
    return any(ord(char) not in covered and char not in "\n\t " for char in text)


def markup(text: object, *, bold: bool = False) -> str:
    """Paragraph markup that prints ``text`` literally, with font runs for CJK characters."""
    plain = clean(text)
    if not needs_fallback(plain):
        body = escape(plain).replace("\n", "<br/>")
    else:
        parts = []
        main = BOLD if bold else REGULAR
        for font, chunk in runs(plain, bold=bold):
            safe = escape(chunk).replace("\n", "<br/>")
            parts.append(safe if font == main else f'<font name="{font}">{safe}</font>')
        body = "".join(parts)
    return f"<b>{body}</b>" if bold else body


def string_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of ``text`` in points, honouring the per-character fallback."""
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in runs(text, bold=bold))


def fit_text(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """``text`` shortened with an ellipsis so that it fits ``width`` points."""
    text = clean(text).replace("\n", " ")
    if string_width(text, size, bold=bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if string_width(text[:middle] + "…", size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…" if low else ""
