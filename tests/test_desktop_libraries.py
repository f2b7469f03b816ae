"""The GUI names the missing system package instead of Qt's generic platform plugin error."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from infradesk.desktop_libraries import (
    XCB_PLATFORM_LIBRARIES,
    SystemLibrary,
    desktop_libraries_problem,
    missing_libraries,
    unloadable_dependency,
    uses_xcb,
)

ABSENT = SystemLibrary("libinfradesk-absent.so.7", "libinfradesk-absent7", "infradesk-absent")
X11 = {"DISPLAY": ":0"}


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        (X11, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "xcb:nograb;wayland"}, "linux", True),
        ({**X11, "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({**X11, "QT_QPA_PLATFORM": "wayland"}, "linux", False),
        ({}, "linux", False),  # no X display: Qt would not use xcb either
        (X11, "darwin", False),
        (X11, "win32", False),
    ],
)
def test_the_check_runs_only_where_qt_uses_xcb(environ, platform, expected) -> None:
    assert uses_xcb(environ, platform) is expected


def test_a_missing_library_is_named_with_its_package_and_the_install_line() -> None:
    libc = SystemLibrary("libc.so.6", "libc6", "glibc")
    message = desktop_libraries_problem(X11, "linux", [libc, ABSENT, libc], qt_library=None)
    assert message is not None
    assert "libinfradesk-absent.so.7" in message
    assert "(package libinfradesk-absent7)" in message
    assert "sudo apt-get install libinfradesk-absent7\n" in message
    assert "sudo dnf install infradesk-absent" in message
    assert "libc6" not in message
    assert "Traceback" not in message and "platform plugin" not in message


def test_several_missing_libraries_share_one_install_line() -> None:
    glib = [lib for lib in XCB_PLATFORM_LIBRARIES if lib.debian == "libglib2.0-0"]
    absent_glib = [SystemLibrary(f"{lib.soname}.404", lib.debian, lib.fedora) for lib in glib]
    icccm = SystemLibrary("libxcb-icccm.so.4.404", "libxcb-icccm4", "xcb-util-wm")
    message = desktop_libraries_problem(X11, "linux", [*absent_glib, icccm])
    assert message is not None
    assert "sudo apt-get install libglib2.0-0 libxcb-icccm4\n" in message
    assert "sudo dnf install glib2 xcb-util-wm" in message


def test_the_table_names_the_packages_of_a_minimal_desktop() -> None:
    packages = {lib.soname: lib.debian for lib in XCB_PLATFORM_LIBRARIES}
    assert packages["libxcb-icccm.so.4"] == "libxcb-icccm4"
    assert packages["libxcb-keysyms.so.1"] == "libxcb-keysyms1"
    assert packages["libxcb-cursor.so.0"] == "libxcb-cursor0"
    assert packages["libxkbcommon-x11.so.0"] == "libxkbcommon-x11-0"


def test_a_library_missing_behind_qt_is_found_from_the_loader_error(tmp_path: Path) -> None:
    # The dynamic loader's own message for a file it cannot open names the soname.
    assert unloadable_dependency(tmp_path / "libQt6Absent.so.6") == "libQt6Absent.so.6"
    assert unloadable_dependency(None) is None
    assert missing_libraries([ABSENT]) == [ABSENT]


def test_on_this_machine_offscreen_the_check_passes() -> None:
    assert desktop_libraries_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}) is None
    assert desktop_libraries_problem(dict(os.environ, QT_QPA_PLATFORM="offscreen")) is None


def test_infradesk_open_refuses_before_qt_loads(tmp_path: Path) -> None:
    """The real CLI entry in a child process: exit 2, the package named, Qt never imported."""
    script = textwrap.dedent(
        f"""
        import sys
        import infradesk.desktop_libraries as libraries
        libraries.XCB_PLATFORM_LIBRARIES = (libraries.SystemLibrary(
            {ABSENT.soname!r}, {ABSENT.debian!r}, {ABSENT.fedora!r}),)
        from infradesk.cli.main import main
        code = main(["open", {str(tmp_path / "plan.infradesk")!r}])
        assert "PySide6" not in sys.modules, "Qt was loaded"
        sys.exit(code)
        """
    )
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env["DISPLAY"] = ":0"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert "sudo apt-get install libinfradesk-absent7" in done.stderr
    assert "platform plugin" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "plan.infradesk").exists()
