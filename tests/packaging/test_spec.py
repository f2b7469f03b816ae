"""The PyInstaller spec and the platform files, checked without building anything.

The spec is executed with recording stand-ins for PyInstaller's build classes, once per
platform, so these tests run in a second and need no PyInstaller. The real frozen-app test is
``packaging/smoke_test.sh``.
"""

from __future__ import annotations

import configparser
import struct
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
SPEC = PACKAGING / "infradesk.spec"


class Recorder:
    """Stands in for Analysis / PYZ / EXE / COLLECT / BUNDLE and keeps its arguments."""

    made: list[Recorder]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args, self.kwargs = args, kwargs
        self.binaries: list[tuple[str, str, str]] = []
        self.datas = [(dest, src, "DATA") for src, dest in kwargs.get("datas", [])]
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        type(self).made.append(self)


_BUILD_CLASSES = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")


def exec_spec(
    monkeypatch: pytest.MonkeyPatch, platform: str, analysis: type[Recorder] | None = None
) -> tuple[dict[str, Any], dict[str, list[Recorder]]]:
    """Run the spec as PyInstaller would on ``platform``; the namespace and what was built."""
    classes: dict[str, type[Recorder]] = {
        name: type(name, (Recorder,), {"made": []}) for name in _BUILD_CLASSES
    }
    if analysis is not None:
        classes["Analysis"] = analysis
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_data_files = lambda *_a, **_k: []  # type: ignore[attr-defined]
    hooks.collect_submodules = lambda *_a, **_k: []  # type: ignore[attr-defined]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))
    namespace: dict[str, Any] = {"SPECPATH": str(PACKAGING), **classes}
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return namespace, {name: cls.made for name, cls in classes.items()}


def run_spec(monkeypatch: pytest.MonkeyPatch, platform: str) -> dict[str, list[Recorder]]:
    return exec_spec(monkeypatch, platform)[1]


def bundled(analysis: Recorder) -> dict[str, set[str]]:
    """Destination folder -> file names the spec asks to bundle."""
    found: dict[str, set[str]] = {}
    for source, dest in analysis.kwargs["datas"]:
        found.setdefault(dest.replace("\\", "/"), set()).add(Path(source).name)
    return found


def test_linux_spec_bundles_resources_migrations_and_the_guide(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = run_spec(monkeypatch, "linux")
    (analysis,) = made["Analysis"]
    assert analysis.args[0] == [str(PACKAGING / "launcher.py")]
    datas = bundled(analysis)
    for folder in ("fonts", "icons", "demo"):
        on_disk = {p.name for p in (ROOT / "resources" / folder).iterdir() if p.is_file()}
        assert on_disk and datas[f"resources/{folder}"] == on_disk
    assert "DejaVuSans.ttf" in datas["resources/fonts"]
    migrations = {p.name for p in (ROOT / "infradesk/store/migrations/versions").glob("*.py")}
    assert "0001_core.py" in migrations
    assert datas["infradesk/store/migrations/versions"] == migrations
    assert "env.py" in datas["infradesk/store/migrations"]
    assert datas["docs"] == {"user-guide.md"}
    (exe,) = made["EXE"]
    assert exe.kwargs["name"] == "infradesk" and exe.kwargs["console"] is True
    (collect,) = made["COLLECT"]
    assert collect.kwargs["name"] == "infradesk"
    assert exe.kwargs["strip"] is True and collect.kwargs["strip"] is True
    assert made["BUNDLE"] == []


def test_linux_spec_drops_unused_qt_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    class Keeping(Recorder):
        made: list[Recorder] = []

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.binaries = [
                ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "x", "BINARY"),
                ("PySide6/Qt/plugins/platforms/libqvnc.so", "x", "BINARY"),
            ]
            self.datas.append(("PySide6/Qt/translations/qt_de.qm", "x", "DATA"))

    analysis = exec_spec(monkeypatch, "linux", Keeping)[0]["a"]
    names = [entry[0] for entry in analysis.binaries]
    assert names == [
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
    ]
    assert not any("translations" in entry[0] for entry in analysis.datas)
    assert any(entry[0].startswith("resources/") for entry in analysis.datas)


def test_macos_bundle_has_the_identifier_icon_and_file_association(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = run_spec(monkeypatch, "darwin")
    (bundle,) = made["BUNDLE"]
    assert bundle.kwargs["name"] == "InfraDesk.app"
    assert bundle.kwargs["bundle_identifier"] == "org.infradesk.InfraDesk"
    assert Path(bundle.kwargs["icon"]).name == "infradesk.icns"
    assert Path(bundle.kwargs["icon"]).is_file()
    plist = bundle.kwargs["info_plist"]
    (doc_type,) = plist["CFBundleDocumentTypes"]
    assert doc_type["CFBundleTypeExtensions"] == ["infradesk"]
    assert doc_type["LSItemContentTypes"] == ["org.infradesk.workspace"]
    (exported,) = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == "org.infradesk.workspace"
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["infradesk"]
    (exe,) = made["EXE"]
    assert exe.kwargs["console"] is False
    assert exe.kwargs["strip"] is False  # stripping would break code signing


def test_windows_builds_a_gui_and_a_console_program_with_the_ico(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = run_spec(monkeypatch, "win32")
    by_name = {exe.kwargs["name"]: exe for exe in made["EXE"]}
    assert set(by_name) == {"InfraDesk", "infradesk-cli"}
    assert by_name["InfraDesk"].kwargs["console"] is False
    assert by_name["infradesk-cli"].kwargs["console"] is True
    icon = Path(by_name["InfraDesk"].kwargs["icon"])
    assert icon.name == "infradesk.ico" and icon.is_file()
    (collect,) = made["COLLECT"]
    assert len(collect.args) == 2 + 2  # two programs, binaries, datas


# ---------------------------------------------------------------- the launcher
def test_launcher_turns_a_lone_workspace_into_open(tmp_path: Path) -> None:
    sys.path.insert(0, str(PACKAGING))
    try:
        from launcher import _command_names, normalise_argv
    finally:
        sys.path.remove(str(PACKAGING))
    commands = _command_names()
    assert {"open", "demo", "import", "export"} <= commands
    assert normalise_argv(["C:/plans/dc.infradesk"], commands) == ["open", "C:/plans/dc.infradesk"]
    existing = tmp_path / "plan.db"
    existing.write_bytes(b"x")
    assert normalise_argv([str(existing)], commands) == ["open", str(existing)]
    assert normalise_argv(["-psn_0_12345"], commands) == []
    assert normalise_argv([], commands) == []
    assert normalise_argv(["--version"], commands) == ["--version"]
    assert normalise_argv(["demo", "-w", "x.infradesk"], commands) == ["demo", "-w", "x.infradesk"]
    assert normalise_argv(["demo"], commands) == ["demo"]  # a command, not a file
    assert normalise_argv(["missing.txt"], commands) == ["missing.txt"]


# ---------------------------------------------------------------- platform files
def test_desktop_file_and_mime_type_agree() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(PACKAGING / "linux" / "infradesk.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Type"] == "Application" and entry["Name"] == "InfraDesk"
    assert entry["Exec"] == "infradesk %f" and entry["Icon"] == "infradesk"
    mime_types = [m for m in entry["MimeType"].split(";") if m]
    assert mime_types == ["application/x-infradesk-workspace"]
    assert entry["Categories"].endswith(";")

    tree = ElementTree.parse(PACKAGING / "linux" / "infradesk-mime.xml")
    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    (mime,) = tree.getroot().findall("m:mime-type", ns)
    assert mime.get("type") == mime_types[0]
    assert [g.get("pattern") for g in mime.findall("m:glob", ns)] == ["*.infradesk"]


def test_inno_setup_associates_workspaces_with_the_gui_program() -> None:
    script = (PACKAGING / "windows" / "infradesk.iss").read_text(encoding="utf-8")
    assert 'Subkey: "Software\\Classes\\.infradesk"' in script
    assert '"""{app}\\{#AppExe}"" ""%1"""' in script
    assert '#define AppExe "InfraDesk.exe"' in script
    from infradesk import __version__

    assert f'#define AppVersion "{__version__}"' in script


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def test_icons_exist_in_every_size_and_container() -> None:
    icons = ROOT / "resources" / "icons"
    assert (icons / "infradesk.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert png_size(icons / f"infradesk-{size}.png") == (size, size)
    ico = (icons / "infradesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1) and count >= 6
    icns = (icons / "infradesk.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns and b"icp4" in icns  # 512 px and 16 px entries


def test_the_user_guide_images_exist() -> None:
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    import re

    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", guide)
    assert images, "the guide shows no screenshot"
    missing = [image for image in images if not (ROOT / "docs" / image).is_file()]
    assert not missing
