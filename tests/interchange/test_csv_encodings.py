"""UTF-16 CSV files without a byte-order mark are read, not called binary (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from infradesk.interchange.csv_reader import read_csv
from infradesk.interchange.json_document import document_to_json

TEXT = "Task;Duration;Owner\r\nDesign;5d;Zoë\r\nBuild;10d;Łukasz\r\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "plan.csv"
    path.write_bytes(TEXT.encode(encoding))
    result = read_csv(path)
    tasks = document_to_json(result.document)["projects"][0]["tasks"]
    assert [t["name"] for t in tasks] == ["Design", "Build"]
    assert f"encoding {encoding}" in result.notes[0]
