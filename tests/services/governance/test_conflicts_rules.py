"""The change-conflict rules on plain inputs: each fires when it should and only then."""

from __future__ import annotations

from datetime import date, datetime

from infradesk.services.governance.conflicts import (
    Booking,
    ConflictInput,
    Window,
    Work,
    find_conflicts,
    split_names,
)

TODAY = date(2026, 12, 1)


def dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def change(
    number: int,
    start: str,
    finish: str,
    services: str = "",
    people: str = "",
    project: int = 1,
    **kw: object,
) -> Work:
    return Work(
        ("change", number),
        project,
        f"CR-{number:03d}",
        dt(start),
        dt(finish),
        split_names(services),
        split_names(people),
        **kw,  # type: ignore[arg-type]  # reason: the optional fields of Work, by name
    )


def rules(work: list[Work], **kw: object) -> dict[tuple[str, int], list[str]]:
    found = find_conflicts(ConflictInput(work=work, today=TODAY, **kw))  # type: ignore[arg-type]  # reason: windows/bookings by name
    return {key: [f"{c.rule}: {c.message}" for c in cs] for key, cs in found.items()}


FREEZE = Window("Year end", "freeze", dt("2026-12-18 00:00"), dt("2027-01-04 00:00"))


def test_inside_a_shared_freeze_is_flagged_with_its_name_and_dates() -> None:
    found = rules([change(1, "2026-12-20 22:00", "2026-12-21 02:00", "SAN")], windows=[FREEZE])
    assert found[("change", 1)] == [
        "freeze: Inside workspace freeze 'Year end' (2026-12-18 00:00 – 2027-01-04 00:00, "
        "all services)"
    ]


def test_before_or_touching_a_freeze_is_not_flagged() -> None:
    # ends exactly when the freeze starts: half-open intervals do not touch
    assert rules([change(1, "2026-12-17 22:00", "2026-12-18 00:00")], windows=[FREEZE]) == {}


def test_a_freeze_across_midnight_catches_work_after_midnight_only() -> None:
    night = Window("Batch run", "blackout", dt("2026-12-05 22:00"), dt("2026-12-06 02:00"))
    inside = change(1, "2026-12-06 01:00", "2026-12-06 03:00")
    after = change(2, "2026-12-06 02:00", "2026-12-06 04:00")
    before = change(3, "2026-12-05 20:00", "2026-12-05 22:00")
    found = rules([inside, after, before], windows=[night])
    assert list(found) == [("change", 1)]
    assert "blackout 'Batch run' (2026-12-05 22:00 – 12-06 02:00" in found[("change", 1)][0]


def test_services_must_match_for_a_freeze() -> None:
    san = Window(
        "SAN freeze",
        "freeze",
        dt("2026-12-10 00:00"),
        dt("2026-12-12 00:00"),
        split_names("SAN, Backup"),
    )
    other = change(1, "2026-12-10 10:00", "2026-12-10 12:00", "Email")
    same = change(2, "2026-12-10 10:00", "2026-12-10 12:00", "backup")  # case-insensitive
    everything = change(3, "2026-12-10 10:00", "2026-12-10 12:00", "")  # touches all
    found = rules([other, same, everything], windows=[san])
    assert set(found) == {("change", 2), ("change", 3)}


def test_a_project_window_binds_its_own_project_only() -> None:
    own = Window(
        "Wave 2 freeze",
        "freeze",
        dt("2026-12-10 00:00"),
        dt("2026-12-11 00:00"),
        project_id=2,
        origin="project",
    )
    mine = change(1, "2026-12-10 10:00", "2026-12-10 12:00", project=2)
    theirs = change(2, "2026-12-10 10:00", "2026-12-10 12:00", project=1)
    found = rules([mine, theirs], windows=[own])
    assert list(found) == [("change", 1)]
    assert "project freeze 'Wave 2 freeze'" in found[("change", 1)][0]


def test_outside_every_maintenance_window_of_its_services() -> None:
    sat = Window(
        "Saturday night",
        "maintenance",
        dt("2026-12-12 22:00"),
        dt("2026-12-13 04:00"),
        split_names("SAN"),
    )
    inside = change(1, "2026-12-12 23:00", "2026-12-13 01:00", "SAN")
    outside = change(2, "2026-12-10 10:00", "2026-12-10 12:00", "SAN")
    straddles = change(3, "2026-12-13 03:00", "2026-12-13 05:00", "SAN")
    no_window = change(4, "2026-12-10 10:00", "2026-12-10 12:00", "Email")
    found = rules([inside, outside, straddles, no_window], windows=[sat])
    assert set(found) == {("change", 2), ("change", 3)}
    assert found[("change", 2)] == [
        "maintenance: Outside the maintenance windows for san "
        "(nearest: 'Saturday night' 2026-12-12 22:00 – 12-13 04:00)"
    ]


def test_two_changes_on_the_same_service_at_the_same_time() -> None:
    a = change(1, "2026-12-10 10:00", "2026-12-10 14:00", "SAN, Email")
    b = change(2, "2026-12-10 13:00", "2026-12-10 15:00", "san", project=2)
    c = change(3, "2026-12-10 14:00", "2026-12-10 16:00", "Email")  # starts when a ends
    d = change(4, "2026-12-10 10:00", "2026-12-10 16:00", "Network")  # other service
    found = rules([a, b, c, d])
    assert found == {
        ("change", 1): ["overlap: Overlaps CR-002 on san (2026-12-10 13:00–15:00)"],
        ("change", 2): ["overlap: Overlaps CR-001 on san (2026-12-10 10:00–14:00)"],
    }


def test_changes_without_services_do_not_collide() -> None:
    a = change(1, "2026-12-10 10:00", "2026-12-10 14:00")
    b = change(2, "2026-12-10 10:00", "2026-12-10 14:00")
    assert rules([a, b]) == {}


def test_implementer_booked_on_another_task() -> None:
    work = change(
        1, "2026-12-10 10:00", "2026-12-10 14:00", people="Anna Ng", own_tasks=frozenset({7})
    )
    bookings = [
        Booking("anna ng", dt("2026-12-10 08:00"), dt("2026-12-10 12:00"), 5, "task 'Rack'"),
        Booking("anna ng", dt("2026-12-10 14:00"), dt("2026-12-10 17:00"), 6, "task 'Later'"),
        Booking("anna ng", dt("2026-12-10 09:00"), dt("2026-12-10 17:00"), 7, "task 'Itself'"),
        Booking("bo li", dt("2026-12-10 09:00"), dt("2026-12-10 17:00"), 8, "task 'Other'"),
    ]
    found = rules([work], bookings=bookings, people={"anna ng": "Anna Ng"})
    assert found[("change", 1)] == [
        "person: Anna Ng is booked then: task 'Rack' 2026-12-10 08:00–12:00"
    ]


def test_implementer_of_two_overlapping_changes() -> None:
    a = change(1, "2026-12-10 10:00", "2026-12-10 14:00", people="Anna")
    b = change(2, "2026-12-10 12:00", "2026-12-10 16:00", people="anna")
    c = change(3, "2026-12-10 16:00", "2026-12-10 18:00", people="Anna")
    found = rules([a, b, c])
    assert set(found) == {("change", 1), ("change", 2)}
    assert found[("change", 1)] == ["person: anna is booked then: CR-002 2026-12-10 12:00–16:00"]


def test_production_task_with_its_resources() -> None:
    task = Work(
        ("task", 9),
        1,
        "'Cutover'",
        dt("2026-12-20 08:00"),
        dt("2026-12-20 17:00"),
        people=split_names("Bo Li"),
        own_tasks=frozenset({9}),
    )
    bookings = [
        Booking("bo li", dt("2026-12-20 08:00"), dt("2026-12-20 17:00"), 9, "task 'Cutover'"),
        Booking("bo li", dt("2026-12-20 16:00"), dt("2026-12-21 17:00"), 3, "task 'Audit'"),
    ]
    found = rules([task], windows=[FREEZE], bookings=bookings)
    assert [m.split(":")[0] for m in found[("task", 9)]] == ["freeze", "person"]
    assert "task 'Audit'" in found[("task", 9)][1]


def test_cab_rule_with_a_cab_date() -> None:
    early = change(
        1, "2026-12-08 22:00", "2026-12-09 02:00", needs_cab=True, cab_date=date(2026, 12, 10)
    )
    after = change(
        2, "2026-12-10 22:00", "2026-12-11 02:00", needs_cab=True, cab_date=date(2026, 12, 10)
    )
    exempt = change(
        3, "2026-12-08 22:00", "2026-12-09 02:00", needs_cab=False, cab_date=date(2026, 12, 10)
    )
    found = rules([early, after, exempt])
    assert found == {
        ("change", 1): ["cab: Scheduled before CAB review on 2026-12-10 (starts 2026-12-08 22:00)"]
    }


def test_cab_rule_uses_the_next_cab_meeting_after_today() -> None:
    cabs = [
        Window("CAB 24 Nov", "cab", dt("2026-11-24 10:00"), dt("2026-11-24 11:00")),
        Window("CAB 8 Dec", "cab", dt("2026-12-08 10:00"), dt("2026-12-08 11:00")),
        Window("CAB 15 Dec", "cab", dt("2026-12-15 10:00"), dt("2026-12-15 11:00")),
    ]
    early = change(1, "2026-12-05 22:00", "2026-12-06 02:00", needs_cab=True)
    later = change(2, "2026-12-09 22:00", "2026-12-10 02:00", needs_cab=True)
    # requested after the 8 Dec CAB: the next review is the 15th
    late_request = change(
        3, "2026-12-12 22:00", "2026-12-13 02:00", needs_cab=True, requested=date(2026, 12, 9)
    )
    found = rules([early, later, late_request], windows=cabs)
    assert found == {
        ("change", 1): [
            "cab: Scheduled before CAB review on 2026-12-08 ('CAB 8 Dec'; starts 2026-12-05 22:00)"
        ],
        ("change", 3): [
            "cab: Scheduled before CAB review on 2026-12-15 ('CAB 15 Dec'; starts 2026-12-12 22:00)"
        ],
    }


def test_cab_rule_without_any_review_planned() -> None:
    found = rules([change(1, "2026-12-05 22:00", "2026-12-06 02:00", needs_cab=True)])
    assert found[("change", 1)] == [
        "cab: Needs CAB review, but no CAB date is set and no CAB meeting is planned"
    ]


def test_messages_spell_services_as_typed() -> None:
    a = change(1, "2026-12-10 10:00", "2026-12-10 14:00", "SAN")
    b = change(2, "2026-12-10 13:00", "2026-12-10 15:00", "san")
    found = rules([a, b], services={"san": "SAN"})
    assert found[("change", 1)] == ["overlap: Overlaps CR-002 on SAN (2026-12-10 13:00–15:00)"]
