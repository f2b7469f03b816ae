"""Excel import: any sane workbook holding a task plan, a risk register / RAID log or a vendor
list becomes an interchange document (see docs/json-format.md).

Public API::

    read_workbook(path, *, sheet=None, mapping_overrides=None, progress=None, cancel=None)
    analyse_workbook(path) -> WorkbookAnalysis      # sheets, kinds, mappings with samples
    build_document(analysis, overrides) -> ImportResult
"""

from infradesk.interchange.excel.analysis import (
    ImportCancelled,
    SheetAnalysis,
    WorkbookAnalysis,
    analyse_workbook,
    build_document,
    read_workbook,
)
from infradesk.interchange.excel.mapping import ColumnInfo

__all__ = [
    "ColumnInfo",
    "ImportCancelled",
    "SheetAnalysis",
    "WorkbookAnalysis",
    "analyse_workbook",
    "build_document",
    "read_workbook",
]
