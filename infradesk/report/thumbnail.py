"""The first page of a PDF as pixels, for the report dialog's preview (issue 17).

pypdfium2 (PDFium, prebuilt wheels, no Qt module needed) draws the page; the caller gets plain
RGBX bytes that a ``QImage`` wraps without conversion. Qt-free, so it runs on the worker thread
of the preview's Operation: drawing the report takes 100-500 ms, too long for the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import pypdfium2


@dataclass(frozen=True, slots=True)
class PageImage:
    """``height`` rows of ``stride`` bytes, 4 bytes per pixel in R, G, B, X order."""

    width: int
    height: int
    stride: int
    pixels: bytes


def first_page_image(pdf: bytes, width: int) -> PageImage:
    """The first page of ``pdf`` drawn ``width`` pixels wide (its height keeps the ratio)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        try:
            page_width, _height = page.get_size()
            bitmap = page.render(
                scale=width / page_width,
                may_draw_forms=False,
                prefer_bgrx=True,  # 4 bytes a pixel ...
                rev_byteorder=True,  # ... in R, G, B, X order (QImage.Format_RGBX8888)
            )
            try:
                return PageImage(bitmap.width, bitmap.height, bitmap.stride, bytes(bitmap.buffer))
            finally:
                bitmap.close()
        finally:
            page.close()
    finally:
        document.close()
