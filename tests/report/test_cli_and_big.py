"""``infradesk report`` headless, and a 10,000-task plan."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from infradesk.store.workspace import Workspace

from .conftest import AS_OF, build_plan

REPO = Path(__file__).resolve().parents[2]

RUNNER = (
    "import sys, argparse\n"
    "from infradesk.cli import report_cmd\n"
    "from infradesk.cli.common import CliError\n"
    "parser = argparse.ArgumentParser(prog='infradesk')\n"
    "report_cmd.add_parser(parser.add_subparsers())\n"
    "args = parser.parse_args(sys.argv[1:])\n"
    "try:\n"
    "    code = args.run(args)\n"
    "except CliError as error:\n"
    "    print(f'infradesk: error: {error}', file=sys.stderr)\n"
    "    code = error.code\n"
    "if 'PySide6' in sys.modules:\n"
    "    print('the headless report imported PySide6', file=sys.stderr)\n"
    "    code = 3\n"
    "sys.exit(code)\n"
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the report command in a fresh interpreter with no display at all."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def make_workspace(path: Path, tasks: int = 0) -> None:
    workspace = Workspace.create(path)
    try:
        with workspace.session() as session:
            build_plan(session, tasks=tasks)
    finally:
        workspace.close()


def test_cli_writes_the_report_without_a_display(tmp_path: Path) -> None:
    ws = tmp_path / "w.infradesk"
    make_workspace(ws)
    out = tmp_path / "status.pdf"
    result = run_cli(
        "report",
        "--workspace",
        str(ws),
        "--as-of",
        AS_OF.isoformat(),
        "--page-size",
        "Letter",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "written to" in result.stdout
    reader = pypdf.PdfReader(out)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "DC Migration" in text and "As of 02 Mar 2026" in text
    assert "Racks delivered" in text and "Install PDUs" in text
    assert round(float(reader.pages[0].mediabox.width)) == 612  # Letter
    assert "PySide6" not in result.stderr  # the runner fails when Qt was imported


def test_cli_reports_bad_input_clearly(tmp_path: Path) -> None:
    ws = tmp_path / "w.infradesk"
    make_workspace(ws)
    bad_date = run_cli(
        "report", "--workspace", str(ws), "--as-of", "2026-13-01", "-o", str(tmp_path / "x.pdf")
    )
    assert bad_date.returncode == 2 and "is not a date" in bad_date.stderr
    missing = run_cli(
        "report", "--workspace", str(ws), "--project", "Nope", "-o", str(tmp_path / "x.pdf")
    )
    assert missing.returncode == 2 and "no project named 'Nope'" in missing.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_ten_thousand_tasks(tmp_path: Path) -> None:
    from infradesk.report.status_report import render_status_report
    from infradesk.services.status.report import gather_report_data

    ws_path = tmp_path / "big.infradesk"
    make_workspace(ws_path, tasks=10_000)
    workspace = Workspace.open(ws_path)
    try:
        started = time.perf_counter()
        with workspace.session() as session:
            data = gather_report_data(session, 1, AS_OF)
        render_status_report(data, tmp_path / "big.pdf")
        elapsed = time.perf_counter() - started
    finally:
        workspace.close()
    reader = pypdf.PdfReader(tmp_path / "big.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "more tasks finished not shown" in text or "planned tasks not shown" in text
    assert len(reader.pages) < 15  # lists are capped: a report, not a dump
    assert elapsed < 10  # the bench script measures the real target (3 s)


def test_cli_uses_the_settings_page_size_and_pm_name(tmp_path: Path) -> None:
    from infradesk.model import Project
    from infradesk.services.preferences import Preferences, save_preferences

    save_preferences(Preferences(pm_name="Robin Settings", page_size="Letter"))
    ws = tmp_path / "w.infradesk"
    make_workspace(ws)
    workspace = Workspace.open(ws)
    with workspace.session() as session:
        session.get(Project, 1).manager = ""
    workspace.close()
    out = tmp_path / "status.pdf"
    result = run_cli("report", "--workspace", str(ws), "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(out)
    assert round(float(reader.pages[0].mediabox.width)) == 612
    assert "Robin Settings" in reader.pages[0].extract_text()


def test_cli_refuses_an_unreadable_logo_but_a_rendering_bug_is_internal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A logo that is no image is the user's to fix (exit 2, the file named); a ValueError
    from the rendering code is a bug (exit 3 and a crash log), not a refusal."""
    from infradesk.cli import report_cmd
    from infradesk.cli.main import main

    ws = tmp_path / "w.infradesk"
    make_workspace(ws)
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    out = tmp_path / "status.pdf"
    base = ["report", "--workspace", str(ws), "--as-of", AS_OF.isoformat(), "-o", str(out)]
    assert main([*base, "--logo", str(logo)]) == 2
    assert f"Cannot read the logo image '{logo}'" in capsys.readouterr().err

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("a bug in a section")

    monkeypatch.setattr(report_cmd, "render_status_report", broken)
    assert main(base) == 3
    err = capsys.readouterr().err
    assert "internal error: ValueError: a bug in a section; details in" in err
