"""Any user text renders: 3,000 characters in every field, one endless word, CJK, RTL and
control characters (issue 13: a long risk title raised reportlab's ``LayoutError``)."""

from __future__ import annotations

import dataclasses
import enum
from pathlib import Path

import pypdf
import pytest
from reportlab.lib.styles import ParagraphStyle

from infradesk.report.clipping import ELLIPSIS, ClippedParagraph
from infradesk.report.data import ReportData, ReportOptions
from infradesk.report.fonts import clean
from infradesk.report.status_report import render_status_report

from .conftest import sample_report

LENGTH = 3000
TEXTS = {
    "sentences": ("Rack vendor insolvency delays hall two " * 100)[:LENGTH],
    "one-word": ("Serverraumklimatisierungswartungsvertrag" * 100)[:LENGTH],
    "cjk": ("東京データセンター移行計画の遅延リスク" * 200)[:LENGTH],
    "rtl": ("مركز البيانات الجديد שלום עולם " * 120)[:LENGTH],
    "control": ("Core\x00switch\x01 \x07fail\x1b[31m\x7f\x85over\ud800 test " * 80)[:LENGTH],
}
# fields that select a lookup rather than print (bands, kinds, the RAG dimensions)
NOT_TEXT = {"band", "kind", "dimension"}


def every_text(value: object, text: str) -> object:
    """``value`` with every user string, however deep in the report data, set to ``text``."""
    if isinstance(value, enum.Enum):
        return value
    if isinstance(value, str):
        return text
    if isinstance(value, list):
        return [every_text(item, text) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: every_text(getattr(value, f.name), text)
            for f in dataclasses.fields(value)
            if f.name not in NOT_TEXT
        }
        return dataclasses.replace(value, **changes)
    return value


def squeezed(text: str) -> str:
    return "".join(text.split())


def render(data: ReportData, path: Path, *, executive: bool = False) -> str:
    render_status_report(data, path, ReportOptions(executive=executive))
    reader = pypdf.PdfReader(path)
    return "".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("kind", list(TEXTS))
def test_every_field_of_3000_characters_renders(kind: str, tmp_path: Path) -> None:
    text = TEXTS[kind]
    data = every_text(sample_report(), text)
    assert isinstance(data, ReportData) and data.risks[0].title == text
    extracted = render(data, tmp_path / "report.pdf")
    first = clean(text)[:100]
    if kind == "rtl":
        # reportlab lays right-to-left text out in logical order and pypdf's extraction
        # reverses right-to-left runs, so compare word by word in either direction
        words = set(extracted.split())
        assert all(w in words or w[::-1] in words for w in first.split()[:-1])
    else:
        assert squeezed(first) in squeezed(extracted)
    assert ELLIPSIS in extracted  # table cells that cannot grow are cut, visibly


@pytest.mark.parametrize("kind", ["sentences", "one-word"])
def test_executive_page_with_3000_character_fields_renders(kind: str, tmp_path: Path) -> None:
    data = every_text(sample_report(), TEXTS[kind])
    path = tmp_path / "summary.pdf"
    extracted = squeezed(render(data, path, executive=True))
    assert len(pypdf.PdfReader(path).pages) == 1
    assert squeezed(TEXTS[kind][:100]) in extracted


def test_clipped_paragraph_keeps_short_text_and_caps_long_text() -> None:
    style = ParagraphStyle("t", fontSize=8, leading=10)
    short = ClippedParagraph("Firmware bug", style, 30)
    assert short.wrap(100, 1000)[1] <= 30 and not short.clipped
    for text in ("word " * 600, "x" * 3000):
        long = ClippedParagraph(text, style, 30)
        assert long.wrap(60, 1000)[1] <= 30 and long.clipped
        assert long.getPlainText().endswith(ELLIPSIS)
