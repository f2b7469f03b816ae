"""Render resources/icons/infradesk.svg to PNG sizes, a Windows .ico and a macOS .icns.

Offline and with nothing but PySide6 (QtSvg is part of PySide6-Essentials)::

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

The .ico and .icns containers are written by hand: both simply hold PNG images (Windows Vista
and later read PNG entries in .ico; .icns types ic07..ic14 are PNG), so neither ImageMagick nor
Apple's iconutil is needed.
"""

from __future__ import annotations

import argparse
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# .icns PNG entry types and the pixel size each holds
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),  # 16@2x
    (b"icp6", 64),
    (b"ic12", 64),  # 32@2x
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),  # 128@2x
    (b"ic09", 512),
    (b"ic14", 512),  # 256@2x
)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn into a transparent ``size`` x ``size`` image, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", 0 if size <= 64 else -1):
        raise RuntimeError(f"cannot encode the {size} px icon")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico file whose entries are PNG images (the 256 px entry is stored as size 0)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    directory, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        edge = 0 if size >= 256 else size
        directory += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + directory + blobs


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=ICONS / "infradesk.svg")
    parser.add_argument("--out", type=Path, default=ICONS)
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(args.svg))
    if not renderer.isValid():
        print(f"cannot read {args.svg}", file=sys.stderr)
        return 1
    pngs = {size: render(renderer, size) for size in sorted({*PNG_SIZES, *ICO_SIZES})}
    args.out.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (args.out / f"infradesk-{size}.png").write_bytes(pngs[size])
    (args.out / "infradesk.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (args.out / "infradesk.icns").write_bytes(icns_bytes(pngs))
    print(f"icons written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
