"""``infradesk report --portfolio``: in-process and as a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from infradesk.cli.main import main
from infradesk.store.workspace import Workspace
from tests.services.governance.portfolio_workspace import build_portfolio


@pytest.fixture
def portfolio_file(workspace: Workspace, cli_location: str) -> str:
    """The workspace's file or URL, closed (the CLI opens it on its own)."""
    build_portfolio(workspace)
    workspace.close()
    return cli_location


def test_portfolio_report(portfolio_file: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "portfolio.pdf"
    code = main(
        [
            "report",
            "--portfolio",
            "-w",
            str(portfolio_file),
            "-o",
            str(out),
            "--as-of",
            "2026-03-02",
        ]
    )
    assert code == 0
    assert "Portfolio report" in capsys.readouterr().out
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 4
    assert all(n in reader.pages[0].extract_text() for n in ("Alpha", "Beta", "Gamma"))


def test_portfolio_with_a_project_is_refused(portfolio_file: str, tmp_path: Path, capsys) -> None:
    out = tmp_path / "portfolio.pdf"
    code = main(["report", "--portfolio", "-w", str(portfolio_file), "-p", "Alpha", "-o", str(out)])
    assert code != 0
    assert "leave out --project" in capsys.readouterr().err
    assert not out.exists()


def test_portfolio_of_an_empty_workspace(
    workspace: Workspace, cli_location: str, tmp_path: Path, capsys
) -> None:
    workspace.close()
    code = main(["report", "--portfolio", "-w", cli_location, "-o", str(tmp_path / "p.pdf")])
    assert code != 0
    assert "no project" in capsys.readouterr().err


def test_portfolio_as_a_subprocess(portfolio_file: str, tmp_path: Path) -> None:
    out = tmp_path / "sub.pdf"
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "infradesk",
            "report",
            "--portfolio",
            "--workspace",
            str(portfolio_file),
            "-o",
            str(out),
            "--page-size",
            "Letter",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert len(pypdf.PdfReader(out).pages) == 4
