"""JSON export/import carries every vendor field; the schema migration matches the models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from infradesk.model import Deliverable, Project, PurchaseOrder
from infradesk.services.documents.io import export_document, import_document
from tests.backends import schema_of

from .conftest import vendor_document

VENDOR_TABLES = {
    "vendor",
    "vendor_contact",
    "vendor_score",
    "contract",
    "purchase_order",
    "deliverable",
    "budget_line",
}


def _project_part(document: dict, name: str) -> dict:
    return next(p for p in document["projects"] if p["name"] == name)


def test_round_trip_through_a_file(workspace, vendor_project, tmp_path: Path) -> None:
    with workspace.session() as session:
        first = export_document(session, ["Vendor test"])
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(first), encoding="utf-8")
    with workspace.session() as session:
        import_document(session, json.loads(path.read_text(encoding="utf-8")), "Copy")
        second = export_document(session, ["Copy"])
    a = _project_part(first, "Vendor test")
    b = _project_part(second, "Copy")
    assert a["vendors"] == b["vendors"]
    assert a["budget"] == b["budget"]
    net = next(v for v in a["vendors"] if v["name"] == "NetSource")
    fa1 = next(c for c in net["contracts"] if c["number"] == "FA-1")
    assert fa1["notice_months"] == 3 and fa1["notice_deadline"] == "2026-03-31"
    assert fa1["sla"] == {"availability": "99.95", "response": "4 h", "resolution": "NBD"}
    assert fa1["value"] == "100000.00" and isinstance(fa1["value"], str)
    po1 = next(o for o in net["orders"] if o["number"] == "PO-1")
    assert po1["contract"] == fa1["id"]
    assert po1["budget_line"] == next(
        b["id"] for b in a["budget"] if b["description"] == "Switches"
    )
    switch = next(d for d in net["deliverables"] if d["description"] == "2x core switch")
    assert switch["order"] == po1["id"]
    assert switch["task"] == next(t["id"] for t in a["tasks"] if t["name"] == "Install")
    assert net["contacts"][0]["account_manager"] is True
    assert [s["note"] for s in net["scores"]] == ["slow", "better"]


def test_import_links_orders_and_deliveries_in_the_database(workspace, vendor_project) -> None:
    with workspace.session() as session:
        po1 = session.scalars(select(PurchaseOrder).where(PurchaseOrder.number == "PO-1")).one()
        switch = session.scalars(
            select(Deliverable).where(Deliverable.description == "2x core switch")
        ).one()
        assert switch.order_id == po1.id
        assert po1.contract_id is not None and po1.budget_line_id is not None


def test_old_documents_without_the_new_keys_still_import(workspace) -> None:
    document = vendor_document(budget=None)
    vendor = document["projects"][0]["vendors"][0]
    for key in ("contacts", "scores", "orders"):
        vendor.pop(key)
    vendor["contracts"] = [{"number": "A", "value": "10", "notice_days": 30}]
    for delivery in vendor["deliverables"]:
        delivery.pop("order", None)
    with workspace.session() as session:
        project_id = import_document(session, document)[0]
        exported = export_document(session)["projects"][0]
        assert session.get(Project, project_id) is not None
    (contract,) = exported["vendors"][1]["contracts"]
    assert (contract["notice_days"], contract["notice_months"]) == (30, 0)
    assert exported["budget"] == []


def test_bad_vendor_data_names_where(workspace) -> None:
    import pytest

    from infradesk.services.documents.plan import DocumentError

    document = vendor_document()
    document["projects"][0]["vendors"][0]["orders"][1]["amount"] = "lots"
    with workspace.session() as session, pytest.raises(DocumentError, match=r"orders\[1\]\.amount"):
        import_document(session, document)


def test_migrated_vendor_schema_matches_models(workspace) -> None:
    with workspace.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        diff = compare_metadata(context, schema_of(workspace))
        tables = set(inspect(connection).get_table_names())
    assert tables >= VENDOR_TABLES
    assert [d for d in diff if any(t in repr(d) for t in VENDOR_TABLES)] == []


@pytest.mark.sqlite_only("downgrades the file with the SQLite migrations")
def test_upgrade_from_0003_keeps_existing_vendor_rows(workspace) -> None:
    from alembic import command

    from infradesk.store.migrate import alembic_config, upgrade_to_head

    config = alembic_config()
    with workspace.engine.connect() as connection:
        raw = connection.connection.driver_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, "0003_risks")
        raw.execute("PRAGMA foreign_keys=ON")
        with connection.begin():
            connection.exec_driver_sql(
                "INSERT INTO project (id, name, currency, start, manager, description, created_at)"
                " VALUES (1, 'Old', 'EUR', '2026-01-05 08:00:00', '', '', '2026-01-01 00:00:00')"
            )
            connection.exec_driver_sql(
                "INSERT INTO vendor (id, project_id, name, category, notes)"
                " VALUES (1, 1, 'Legacy', 'hardware', 'n')"
            )
            connection.exec_driver_sql(
                "INSERT INTO contract (id, vendor_id, number, title, value, currency, notice_days,"
                " status) VALUES (1, 1, 'C-1', 'Lease', 1234.5, 'EUR', 90, 'active')"
            )
    upgrade_to_head(workspace.engine)
    with workspace.session() as session:
        exported = export_document(session)["projects"][0]
    (vendor,) = exported["vendors"]
    assert (vendor["name"], vendor["account_number"], vendor["website"]) == ("Legacy", "", "")
    (contract,) = vendor["contracts"]
    assert contract["value"] == "1234.50"
    assert (contract["notice_days"], contract["notice_months"], contract["renewal"]) == (
        90,
        0,
        "none",
    )
    assert contract["type"] == "purchase"
