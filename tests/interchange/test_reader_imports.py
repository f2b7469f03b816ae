"""The readers import each other in one direction only (issue 14, point 4).

grimp sees every import statement, those inside functions included, so a circle hidden by an
import inside a function (the CSV reader and the Excel analysis once needed each other) shows
here as a chain from a module back to itself.
"""

from __future__ import annotations

import grimp

PACKAGE = "infradesk.interchange"


def _circles(graph: grimp.ImportGraph) -> list[str]:
    found = []
    for module in sorted(m for m in graph.modules if m.startswith(PACKAGE)):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if not imported.startswith(PACKAGE):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                found.append(" -> ".join((module, *back)))
    return found


def test_no_module_of_the_interchange_imports_back_into_itself() -> None:
    graph = grimp.build_graph("infradesk", cache_dir=None)
    assert _circles(graph) == []


def test_the_excel_analysis_knows_nothing_of_csv() -> None:
    graph = grimp.build_graph("infradesk", cache_dir=None)
    assert graph.find_shortest_chain(
        importer="infradesk.interchange.excel.analysis",
        imported="infradesk.interchange.csv_reader",
    ) is None
