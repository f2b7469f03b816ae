"""Pick the right reader for a file by its type.

Each reader is imported when its format is asked for, so that starting the CLI or the GUI
does not load every parser; no reader imports this module, and none imports another reader.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from infradesk.interchange.problems import ImportResult, UnreadableFileError

if TYPE_CHECKING:
    from infradesk.interchange.excel import WorkbookAnalysis

SUPPORTED = {
    ".json": "InfraDesk JSON",
    ".xlsx": "Excel workbook",
    ".xlsm": "Excel workbook",
    ".xls": "Excel 97-2003 workbook",
    ".xlsb": "Excel binary workbook",
    ".ods": "OpenDocument spreadsheet",
    ".csv": "CSV file",
    ".txt": "CSV file",
    ".xml": "MS Project XML (MSPDI)",
    ".gan": "GanttProject file",
    ".planner": "GNOME Planner file",
}


def file_filter() -> str:
    """A file-dialog filter listing everything we can import."""
    patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED)
    return f"Plans, risk logs and vendor lists ({patterns});;All files (*)"


def _reader_for(suffix: str) -> Callable[..., ImportResult]:
    if suffix == ".json":
        from infradesk.interchange.json_reader import read_json

        return read_json
    if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"):
        from infradesk.interchange.excel import read_workbook

        return read_workbook
    if suffix in (".csv", ".txt"):
        from infradesk.interchange.csv_reader import read_csv

        return read_csv
    if suffix == ".xml":
        from infradesk.interchange.mspdi import read_mspdi

        return read_mspdi
    if suffix == ".gan":
        from infradesk.interchange.ganttproject import read_gan

        return read_gan
    if suffix == ".planner":
        from infradesk.interchange.planner import read_planner

        return read_planner
    raise UnreadableFileError(
        f"InfraDesk cannot import '{suffix or 'files without an extension'}' files. "
        f"It reads: {', '.join(sorted(set(SUPPORTED.values())))}."
    )


def analyse_spreadsheet(
    path: str | Path,
    *,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> WorkbookAnalysis:
    """The sheets, tables, kinds and column mappings of a workbook or a CSV file (the import
    wizard's first look). CSV text goes through the CSV reader, whose one sheet is analysed
    like a workbook's; ``sheet``, ``progress`` and ``cancel`` concern workbooks. Raises
    :class:`UnreadableFileError` for files that cannot be used."""
    from infradesk.interchange.csv_reader import read_csv_data
    from infradesk.interchange.excel import analyse_workbook
    from infradesk.interchange.excel.analysis import analyse_data
    from infradesk.interchange.excel.source import sniff

    path = Path(path)
    if sniff(path) == "csv":
        return analyse_data(read_csv_data(path))
    return analyse_workbook(path, sheet=sheet, progress=progress, cancel=cancel)


def read_any(path: str | Path, **options: Any) -> ImportResult:
    """Read ``path`` with the reader its extension calls for.

    Options (``sheet``...) are passed to readers that take them. Raises UnreadableFileError.
    """
    path = Path(path)
    if not path.exists():
        raise UnreadableFileError(f"{path} does not exist.")
    if path.is_dir():
        raise UnreadableFileError(f"{path} is a folder, not a file.")
    try:
        reader = _reader_for(path.suffix.lower())
    except UnreadableFileError as error:
        raise UnreadableFileError(f"{path.name}: {error}") from None
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods") and options.get("sheet"):
        return reader(path, sheet=options["sheet"])
    return reader(path)
