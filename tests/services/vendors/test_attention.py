"""The attention panel: what is late, due, expiring, or over its contract."""

from __future__ import annotations

from datetime import date

from infradesk.services.vendors.queries import (
    attention_items,
    deliveries_due,
    load_vendor_rows,
    notice_deadlines,
)

from .conftest import TODAY


def test_attention_items_on_a_fixed_day(workspace, vendor_project) -> None:
    with workspace.session() as session:
        items = attention_items(session, vendor_project, today=TODAY)
    summary = [(i.kind, i.entity, i.title) for i in items]
    assert summary == [
        ("late", "deliverable", "Optics: 6 days late"),
        ("expired", "contract", "OLD-7 ended 15 days ago"),
        (
            "over",
            "contract",
            # PO-2 (30,000.00) awaits approval: not committed, so only "would exceed"
            "FA-1: orders 110,000.10 (incl. 30,000.00 awaiting approval) would exceed the "
            "contract's 100,000.00 EUR",
        ),
        ("notice", "contract", "FA-1: give notice by 2026-03-31 (in 15 days)"),
        ("due", "deliverable", "2x core switch: due in 9 days"),
    ]
    assert {i.vendor for i in items} == {"NetSource"}
    assert items[0].severity == "high" and items[-1].severity == "medium"


def test_horizons_limit_what_is_shown(workspace, vendor_project) -> None:
    with workspace.session() as session:
        early = attention_items(session, vendor_project, today=date(2026, 1, 5))
        kinds = {i.kind for i in early}
        # 2026-01-05: FA-1's notice deadline (31 March) is 85 days away, deliveries are
        # more than 14 days away; OLD-7's (30 January) is within 60 days.
        assert [i.title for i in early if i.kind == "notice"] == [
            "OLD-7: give notice by 2026-01-30 (in 25 days)"
        ]
        assert "due" not in kinds and "late" not in kinds and "expired" not in kinds
        after = attention_items(session, vendor_project, today=date(2026, 4, 1))
        assert "notice" not in {i.kind for i in after}  # the deadline has passed
        assert {i.title for i in after if i.kind == "late"} == {
            "Optics: 22 days late",
            "2x core switch: 7 days late",
        }


def test_a_delivered_item_is_never_late(workspace, vendor_project) -> None:
    with workspace.session() as session:
        items = attention_items(session, vendor_project, today=date(2026, 12, 1))
    assert not any("Rails" in i.title for i in items)


def test_report_helpers(workspace, vendor_project) -> None:
    with workspace.session() as session:
        due = deliveries_due(session, vendor_project, today=TODAY)
        notices = notice_deadlines(session, vendor_project, today=TODAY)
    assert [(d.description, d.late, d.days_late, d.task) for d in due] == [
        ("Optics", True, 6, ""),
        ("2x core switch", False, -9, "Install"),
    ]
    (notice,) = notices
    assert (notice.number, notice.deadline, notice.days_left, notice.notice) == (
        "FA-1",
        date(2026, 3, 31),
        15,
        "3 months",
    )


def test_master_rows(workspace, vendor_project) -> None:
    with workspace.session() as session:
        rows = {r.name: r for r in load_vendor_rows(session, vendor_project, today=TODAY)}
    net = rows["NetSource"]
    assert net.rating == 3.9  # mean of 4,2,3,5 and 5,4,4,4
    assert net.account_manager == "Jo"
    assert (net.late, net.due, net.attention) == (1, 1, 5)
    assert net.next_delivery == date(2026, 3, 25)
    assert rows["EmptyCo"].category == "other"
    assert rows["EmptyCo"].rating is None
