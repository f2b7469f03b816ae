"""Before Qt starts on a Linux X11 desktop: are the system libraries its xcb plugin needs there?

Qt's wheel ships Qt itself but not the X11 helper libraries. On a minimal desktop (no KDE, no
other Qt app installed) some are missing, and Qt only says "could not load the Qt platform
plugin 'xcb'" and aborts. We try to load each library first and, when one is missing, name the
system package and the one command that installs it. This module imports no Qt.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

Loader = Callable[[str], object]


@dataclass(frozen=True)
class SystemLibrary:
    soname: str
    debian: str  # Debian / Ubuntu package
    fedora: str  # Fedora / RHEL package


# What PySide6's Qt/plugins/platforms/libqxcb.so, Qt/lib/libQt6XcbQpa.so.6 and libQt6Gui.so.6
# link against outside the wheel (`readelf -d`), minus libc, libstdc++ and friends.
XCB_PLATFORM_LIBRARIES: tuple[SystemLibrary, ...] = (
    SystemLibrary("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLibrary("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLibrary("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLibrary("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),  # Qt >= 6.5
    SystemLibrary("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLibrary("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLibrary("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLibrary("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLibrary("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLibrary("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLibrary("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLibrary("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLibrary("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLibrary("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLibrary("libX11.so.6", "libx11-6", "libX11"),
    SystemLibrary("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLibrary("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLibrary("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLibrary("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLibrary("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLibrary("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
    SystemLibrary("libfreetype.so.6", "libfreetype6", "freetype"),
    SystemLibrary("libglib-2.0.so.0", "libglib2.0-0", "glib2"),
    SystemLibrary("libgthread-2.0.so.0", "libglib2.0-0", "glib2"),
)

# "libfoo.so.3: cannot open shared object file: No such file or directory"
_MISSING_SONAME = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")


def uses_xcb(environ: Mapping[str, str], platform: str) -> bool:
    """Whether Qt will pick its X11 (xcb) platform plugin for this process."""
    if not platform.startswith("linux"):
        return False
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    first = requested.split(";")[0].split(":")[0].strip()
    return first in ("", "xcb") and bool(environ.get("DISPLAY"))


def missing_libraries(
    libraries: Iterable[SystemLibrary], load: Loader = ctypes.CDLL
) -> list[SystemLibrary]:
    """The libraries the dynamic loader cannot load."""
    missing = []
    for library in libraries:
        try:
            load(library.soname)
        except OSError:
            missing.append(library)
    return missing


def qt_xcb_library() -> Path | None:
    """PySide6's own libQt6XcbQpa.so.6, found without importing PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "Qt" / "lib" / "libQt6XcbQpa.so.6"
        if candidate.is_file():
            return candidate
    return None


def unloadable_dependency(path: Path | None, load: Loader = ctypes.CDLL) -> str | None:
    """The soname the loader reports missing when loading ``path`` (a second look for a
    library a future Qt needs and the table above does not list yet)."""
    if path is None:
        return None
    try:
        load(str(path))
    except OSError as error:
        found = _MISSING_SONAME.search(str(error))
        return found.group(1) if found else None
    return None


def missing_message(missing: list[SystemLibrary], unknown: str | None = None) -> str:
    """What to tell the user: which packages, and the one command that installs them."""
    debian = list(dict.fromkeys(library.debian for library in missing))
    fedora = list(dict.fromkeys(library.fedora for library in missing))
    lines = [
        "InfraDesk cannot open its window: the Qt desktop (X11/xcb) needs system libraries "
        "that are not installed:"
    ]
    lines += [f"  {library.soname}  (package {library.debian})" for library in missing]
    if unknown:
        lines.append(f"  {unknown}  (install the package that provides it)")
    if debian:
        lines += [
            "Install them on Debian or Ubuntu with:",
            f"  sudo apt-get install {' '.join(debian)}",
            f"(Fedora: sudo dnf install {' '.join(fedora)})",
        ]
    return "\n".join(lines)


def desktop_libraries_problem(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    libraries: Iterable[SystemLibrary] | None = None,
    load: Loader = ctypes.CDLL,
    qt_library: Path | None = None,
) -> str | None:
    """The message to print instead of starting Qt, or None when the GUI can start."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not uses_xcb(environ, platform):
        return None
    missing = missing_libraries(XCB_PLATFORM_LIBRARIES if libraries is None else libraries, load)
    if missing:
        return missing_message(missing)
    unknown = unloadable_dependency(qt_library or qt_xcb_library(), load)
    if unknown:
        return missing_message([], unknown)
    return None
