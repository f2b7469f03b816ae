"""Issue 17: every font in every PDF we write is embedded (``pdffonts`` says ``emb yes``).

reportlab's canvas starts each page in Helvetica, one of the 14 standard fonts that a PDF
references without embedding; a reader without it substitutes another. The PDFs are read back
and every font dictionary of every page (and of its form XObjects) must carry a font file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from pypdf.generic import DictionaryObject

from infradesk.report.data import ReportOptions
from infradesk.report.gantt_export import export_gantt_pdf
from infradesk.report.status_report import render_status_report

from .conftest import sample_report
from .test_gantt_export import plan


def _fonts(resources: Any, seen: set[int]) -> Iterator[tuple[str, DictionaryObject]]:
    """(name, font dictionary) of every font reachable from ``resources``."""
    if resources is None:
        return
    resources = resources.get_object()
    if id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        yield str(font.get("/BaseFont")), font
        for descendant in font.get("/DescendantFonts") or []:  # Type0 (CID) fonts
            descendant = descendant.get_object()
            yield str(descendant.get("/BaseFont")), descendant
    for xobject in (resources.get("/XObject") or {}).values():
        yield from _fonts(xobject.get_object().get("/Resources"), seen)


def font_embedding(path: Path) -> dict[str, bool]:
    """Every font of the PDF: whether its descriptor holds a font file (FontFile/2/3)."""
    found: dict[str, bool] = {}
    seen: set[int] = set()
    for page in pypdf.PdfReader(path).pages:
        for name, font in _fonts(page.get("/Resources"), seen):
            if font.get("/Subtype") == "/Type0":
                continue  # its descendant (checked too) holds the glyphs
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[name] = found.get(name, True) and embedded
    return found


@pytest.mark.parametrize("executive", [False, True], ids=["weekly", "executive"])
def test_every_font_of_the_status_report_is_embedded(tmp_path: Path, executive: bool) -> None:
    target = tmp_path / "report.pdf"
    render_status_report(sample_report(), target, ReportOptions(executive=executive))
    fonts = font_embedding(target)
    assert fonts, "no fonts found: the check reads nothing"
    assert not any("Helvetica" in name for name in fonts), fonts
    assert all(fonts.values()), fonts


@pytest.mark.parametrize("fit", ["width", "tile"])
def test_every_font_of_the_gantt_pdf_is_embedded(tmp_path: Path, fit: str) -> None:
    target = tmp_path / "gantt.pdf"
    export_gantt_pdf(plan(40), target, fit=fit)
    fonts = font_embedding(target)
    assert fonts
    assert not any("Helvetica" in name for name in fonts), fonts
    assert all(fonts.values()), fonts
