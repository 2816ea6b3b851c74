"""The agenda engine with fixed clocks: no database, no Qt."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from app.agenda import (
    Agenda,
    AgendaData,
    AgendaKind,
    Anniversary,
    Bucket,
    Cadence,
    ItemState,
    StoredReminder,
    compute_agenda,
    item_id,
    month_days_in_window,
    parse_item_id,
)
from app.domain import OccurrenceState

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
UTC = dt.UTC


def birthday(month, day, year=None, person_id=1, name="Ana Silva", **kw) -> Anniversary:
    return Anniversary(f"birthday:{person_id}", AgendaKind.BIRTHDAY, month, day, year,
                       person_id, name, **kw)


def at(*args, tz=BERLIN) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


def titles(agenda) -> list[str]:
    return [i.title for i in agenda.items]


# --- birthdays and dates -----------------------------------------------------------------


def test_birthday_with_a_year_says_the_age_and_falls_due_at_nine_local():
    agenda = compute_agenda(AgendaData([birthday(3, 30, 1986)]), at(2026, 3, 30, 8))
    [item] = agenda.items
    assert item.title == "Ana Silva's birthday (turns 40)"
    assert (item.bucket, item.kind, item.person_id) == (Bucket.TODAY, AgendaKind.BIRTHDAY, 1)
    assert item.due_at == at(2026, 3, 30, 9)
    assert item.item_id == "birthday:1@2026-03-30"
    assert agenda.due(at(2026, 3, 30, 8)) == []
    assert agenda.due(at(2026, 3, 30, 9)) == [item]
    assert agenda.next_due_after(at(2026, 3, 30, 8)) == at(2026, 3, 30, 9)


def test_yearless_birthday_has_no_age_and_rolls_over_the_new_year():
    agenda = compute_agenda(AgendaData([birthday(1, 3)]), at(2026, 12, 28, 12))
    [item] = agenda.items
    assert item.title == "Ana Silva's birthday"
    assert item.occurrence == dt.datetime(2027, 1, 3, tzinfo=UTC)
    assert item.bucket == Bucket.WEEK


def test_feb_29_is_celebrated_on_feb_28_in_common_years_and_on_the_day_in_leap_years():
    leapling = [birthday(2, 29, 2000)]
    common = compute_agenda(AgendaData(leapling), at(2027, 2, 28, 10))
    assert [(i.bucket, i.title) for i in common.items] == [
        (Bucket.TODAY, "Ana Silva's birthday (turns 27)")]
    leap = compute_agenda(AgendaData(leapling), at(2028, 2, 28, 10), days=1)
    assert [i.occurrence.date() for i in leap.items] == [dt.date(2028, 2, 29)]
    assert leap.items[0].bucket == Bucket.WEEK
    assert (2, 29) in month_days_in_window(dt.date(2027, 2, 20), 10)
    assert (2, 29) not in month_days_in_window(dt.date(2027, 3, 10), 10)


def test_lead_time_makes_a_birthday_due_days_before_but_it_is_listed_on_its_day():
    agenda = compute_agenda(AgendaData([birthday(4, 10)], lead_days=3), at(2026, 4, 7, 10))
    [item] = agenda.items
    assert item.due_at == at(2026, 4, 7, 9)
    assert item.bucket == Bucket.WEEK
    assert agenda.due(at(2026, 4, 7, 10)) == [item]
    assert agenda.count_due(at(2026, 4, 7, 10)) == 1


def test_a_missed_birthday_stays_overdue_for_a_week_then_waits_for_next_year():
    data = AgendaData([birthday(3, 1)])
    assert compute_agenda(data, at(2026, 3, 5, 10)).items[0].bucket == Bucket.OVERDUE
    assert compute_agenda(data, at(2026, 3, 9, 10)).items == ()


def test_a_loved_ones_birthday_opens_our_contact():
    mia = birthday(6, 2, 2018, person_id=9, name="Mia", via_id=2, via_name="Ben Okafor",
                   relation="child")
    [item] = compute_agenda(AgendaData([mia]), at(2026, 6, 1, 12)).items
    assert item.title == "Ben Okafor's child Mia's birthday (turns 8)"
    assert (item.person_id, item.person_name) == (2, "Ben Okafor")


def test_important_date_with_a_year_counts_the_years():
    wedding = Anniversary("date:4", AgendaKind.IMPORTANT_DATE, 5, 20, 2016, 2, "Ben Okafor",
                          label="wedding anniversary")
    [item] = compute_agenda(AgendaData([wedding]), at(2026, 5, 1, 12)).items
    assert item.title == "Ben Okafor's wedding anniversary (10 years)"
    assert item.bucket == Bucket.MONTH
    assert item.kind == AgendaKind.IMPORTANT_DATE


def test_days_limits_how_far_ahead_the_agenda_looks():
    data = AgendaData([birthday(4, 20)])
    assert compute_agenda(data, at(2026, 4, 1, 12), days=30).items
    assert compute_agenda(data, at(2026, 4, 1, 12), days=7).items == ()
    with pytest.raises(ValueError):
        compute_agenda(data, at(2026, 4, 1, 12), days=400)
    with pytest.raises(ValueError):
        compute_agenda(data, dt.datetime(2026, 4, 1, 12))  # naive


# --- time zones and DST --------------------------------------------------------------------


def test_date_items_fall_due_at_nine_local_on_both_sides_of_the_spring_change():
    # Berlin moves from +01:00 to +02:00 in the night to Sunday 29 March 2026
    data = AgendaData([birthday(3, 28, person_id=1), birthday(3, 29, person_id=2),
                       birthday(3, 30, person_id=3)])
    agenda = compute_agenda(data, at(2026, 3, 27, 12))
    assert [i.due_at.astimezone(BERLIN).hour for i in agenda.items] == [9, 9, 9]
    assert [i.due_at.astimezone(UTC).hour for i in agenda.items] == [8, 7, 7]


def test_today_is_the_day_in_the_zone_of_now():
    data = AgendaData([birthday(7, 1)])
    # 23:30 UTC on 30 June is already 1 July in Tokyo
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    assert compute_agenda(data, late).items[0].bucket == Bucket.WEEK
    assert compute_agenda(data, late.astimezone(TOKYO)).items[0].bucket == Bucket.TODAY
    assert compute_agenda(data, late.astimezone(TOKYO)).items[0].due_at == at(2026, 7, 1, 9,
                                                                              tz=TOKYO)


def test_weekly_reminder_keeps_its_wall_clock_time_across_the_autumn_change():
    # Berlin goes back from +02:00 to +01:00 in the night to Sunday 25 October 2026
    weekly = StoredReminder(1, AgendaKind.CUSTOM, "Pipeline review", at(2026, 10, 19, 9),
                            rrule="FREQ=WEEKLY")
    agenda = compute_agenda(AgendaData(reminders=[weekly]), at(2026, 10, 24, 12))
    missed, following = agenda.items
    assert (missed.bucket, missed.due_at.utcoffset()) == (Bucket.OVERDUE, dt.timedelta(hours=2))
    assert (following.bucket, following.due_at) == (Bucket.WEEK, at(2026, 10, 26, 9))
    assert following.due_at.utcoffset() == dt.timedelta(hours=1)
    assert following.item_id == "reminder:1@2026-10-26T08:00:00Z"


# --- stored reminders ----------------------------------------------------------------------


def promise(due, **kw) -> StoredReminder:
    return StoredReminder(3, AgendaKind.PROMISE, "Send the pricing sheet", due, person_id=2,
                          person_name="Ben Okafor", **kw)


def test_an_old_promise_is_overdue_and_order_is_overdue_today_upcoming():
    data = AgendaData([birthday(5, 2), birthday(5, 9, person_id=5, name="Eve")],
                      reminders=[promise(at(2026, 4, 20, 17)),
                                 StoredReminder(4, AgendaKind.FOLLOW_UP, "Call back",
                                                at(2026, 4, 10, 9))])
    agenda = compute_agenda(data, at(2026, 5, 2, 8))
    assert [(i.bucket, i.title) for i in agenda.items] == [
        (Bucket.OVERDUE, "Call back"), (Bucket.OVERDUE, "Send the pricing sheet"),
        (Bucket.TODAY, "Ana Silva's birthday"), (Bucket.WEEK, "Eve's birthday")]
    assert agenda.count_due(at(2026, 5, 2, 8)) == 3


@pytest.mark.parametrize("lead_days", [0, 3, 10])
def test_count_due_counts_overdue_today_and_what_is_already_due(lead_days):
    """Bisection over the agenda's order counts what a plain look at every item counts:
    later items a lead time or a snooze made due, at any moment of the day."""
    import random

    rng = random.Random(lead_days)
    anniversaries = [Anniversary(f"birthday:{n}", AgendaKind.BIRTHDAY, 5, rng.randint(1, 28),
                                 None, n, f"Person {n}") for n in range(200)]
    reminders = [StoredReminder(n, AgendaKind.CUSTOM, "Call", at(2026, 5, 2, 9)
                                + dt.timedelta(hours=rng.randint(-400, 700)))
                 for n in range(100)]
    snoozes = [ItemState(f"reminder:{n}", reminders[n].due_at, OccurrenceState.SNOOZED,
                         at(2026, 5, 2, rng.randint(9, 23))) for n in range(0, 100, 7)]
    now = at(2026, 5, 2, 8)
    agenda = compute_agenda(AgendaData(anniversaries, reminders=reminders, states=snoozes,
                                       lead_days=lead_days), now)
    for hour in (8, 9, 12, 23):
        moment = now.replace(hour=hour)
        expected = sum(1 for i in agenda.items if i.bucket in (Bucket.OVERDUE, Bucket.TODAY)
                       or i.due_at <= moment)
        assert agenda.count_due(moment) == expected
    assert Agenda().count_due(now) == 0


def test_a_repeating_reminder_shows_the_last_missed_today_and_the_next_occurrence():
    daily = StoredReminder(7, AgendaKind.CUSTOM, "Stand-up notes", at(2026, 1, 1, 9),
                           rrule="FREQ=DAILY")
    agenda = compute_agenda(AgendaData(reminders=[daily]), at(2026, 3, 10, 12))
    assert [i.due_at for i in agenda.items] == [at(2026, 3, 9, 9), at(2026, 3, 10, 9),
                                                at(2026, 3, 11, 9)]
    today = agenda.items[1]
    done = ItemState(today.reminder_key, today.occurrence, OccurrenceState.DONE)
    again = compute_agenda(AgendaData(reminders=[daily], states=[done]), at(2026, 3, 10, 12))
    assert [i.due_at for i in again.items] == [at(2026, 3, 9, 9), at(2026, 3, 11, 9)]


def test_snoozed_until_later_moves_the_item_and_done_or_dismissed_hides_it():
    due = at(2026, 4, 20, 17)
    item = compute_agenda(AgendaData(reminders=[promise(due)]), at(2026, 4, 21, 8)).items[0]
    snoozed = ItemState(item.reminder_key, item.occurrence, OccurrenceState.SNOOZED, at(2026, 4, 23, 9))
    [moved] = compute_agenda(AgendaData(reminders=[promise(due)], states=[snoozed]),
                             at(2026, 4, 21, 8)).items
    assert (moved.bucket, moved.due_at, moved.item_id) == (Bucket.WEEK, at(2026, 4, 23, 9),
                                                          item.item_id)
    for state in (OccurrenceState.DONE, OccurrenceState.DISMISSED):
        closed = ItemState(item.reminder_key, item.occurrence, state)
        assert compute_agenda(AgendaData(reminders=[promise(due)], states=[closed]),
                              at(2026, 4, 21, 8)).items == ()


def test_a_snoozed_birthday_comes_back_when_the_snooze_ends():
    data = AgendaData([birthday(4, 21)])
    [item] = compute_agenda(data, at(2026, 4, 21, 10)).items
    snoozed = ItemState(item.reminder_key, item.occurrence, OccurrenceState.SNOOZED, at(2026, 4, 21, 11))
    later = AgendaData([birthday(4, 21)], states=[snoozed])
    assert compute_agenda(later, at(2026, 4, 21, 10)).due(at(2026, 4, 21, 10)) == []
    assert [i.item_id for i in compute_agenda(later, at(2026, 4, 21, 11)).due(
        at(2026, 4, 21, 11))] == [item.item_id]


# --- keep in touch -------------------------------------------------------------------------


ADDED = at(2025, 1, 1, 12)


def cadence(last, days=30, person_id=1, name="Ana Silva", added=ADDED) -> Cadence:
    return Cadence(person_id, name, days, last, added)


def test_keep_in_touch_falls_due_cadence_days_after_the_last_interaction():
    data = AgendaData(cadences=[cadence(at(2026, 3, 1, 15))])
    assert compute_agenda(data, at(2026, 3, 30, 12)).items == ()
    [item] = compute_agenda(data, at(2026, 3, 31, 12)).items
    assert item.title == "Keep in touch with Ana Silva (last spoke 30 days ago)"
    assert (item.kind, item.bucket, item.person_id) == (AgendaKind.KEEP_IN_TOUCH, Bucket.TODAY, 1)
    late = compute_agenda(data, at(2026, 4, 14, 12))
    assert late.items[0].bucket == Bucket.OVERDUE
    [losing] = late.losing_touch
    assert (losing.days_overdue, losing.cadence_days, losing.item_id) == (
        14, 30, late.items[0].item_id)


def test_someone_you_have_just_called_is_not_listed():
    data = AgendaData(cadences=[cadence(at(2026, 4, 14, 11))])
    agenda = compute_agenda(data, at(2026, 4, 14, 12), days=60)
    assert agenda.items == () and agenda.losing_touch == ()


def test_never_contacted_counts_from_when_the_person_was_added():
    data = AgendaData(cadences=[cadence(None, days=14, added=at(2026, 4, 1, 12))])
    [item] = compute_agenda(data, at(2026, 4, 16, 12)).items
    assert item.title == "Keep in touch with Ana Silva (nothing logged yet)"
    assert item.occurrence == dt.datetime(2026, 4, 15, tzinfo=UTC)


def test_losing_touch_lists_the_most_overdue_first():
    data = AgendaData(cadences=[cadence(at(2026, 3, 1, 12), person_id=1, name="Ana"),
                                cadence(at(2026, 1, 1, 12), person_id=2, name="Ben"),
                                cadence(at(2026, 2, 1, 12), person_id=3, name="Cy")])
    agenda = compute_agenda(data, at(2026, 4, 14, 12))
    assert [t.person_name for t in agenda.losing_touch] == ["Ben", "Cy", "Ana"]
    assert [i.person_name for i in agenda.items] == ["Ben", "Cy", "Ana"]


def test_done_or_dismissed_keep_in_touch_restarts_the_count_from_that_moment():
    data = AgendaData(cadences=[cadence(at(2026, 3, 1, 15))])
    [item] = compute_agenda(data, at(2026, 4, 14, 12)).items
    for state in (OccurrenceState.DONE, OccurrenceState.DISMISSED):
        mark = ItemState(item.reminder_key, item.occurrence, state,
                         marked_at=at(2026, 4, 14, 12))
        marked = AgendaData(cadences=data.cadences, states=[mark])
        assert compute_agenda(marked, at(2026, 4, 15, 12)).losing_touch == ()
        [again] = compute_agenda(marked, at(2026, 5, 14, 12)).items
        assert again.occurrence == dt.datetime(2026, 5, 14, tzinfo=UTC)


def test_snoozed_keep_in_touch_leaves_losing_touch_until_the_snooze_ends():
    data = AgendaData(cadences=[cadence(at(2026, 3, 1, 15))])
    [item] = compute_agenda(data, at(2026, 4, 14, 12)).items
    snooze = ItemState(item.reminder_key, item.occurrence, OccurrenceState.SNOOZED, at(2026, 4, 16, 9))
    snoozed = AgendaData(cadences=data.cadences, states=[snooze])
    agenda = compute_agenda(snoozed, at(2026, 4, 14, 12))
    assert agenda.losing_touch == ()
    assert [(i.bucket, i.due_at) for i in agenda.items] == [(Bucket.WEEK, at(2026, 4, 16, 9))]
    assert len(compute_agenda(snoozed, at(2026, 4, 16, 10)).losing_touch) == 1


# --- item ids ------------------------------------------------------------------------------


def test_item_ids_round_trip_and_reject_nonsense():
    moment = dt.datetime(2026, 10, 26, 8, 0, tzinfo=UTC)
    assert parse_item_id(item_id("reminder:1", moment)) == ("reminder:1", moment)
    day = dt.datetime(2026, 3, 30, tzinfo=UTC)
    assert parse_item_id(item_id("birthday:5", day)) == ("birthday:5", day)
    for bad in ("", "birthday:5", "birthday@2026-03-30", "birthday:x@2026-03-30",
                "birthday:5@yesterday", "reminder:1@2026-10-26T08:00"):
        with pytest.raises(ValueError):
            parse_item_id(bad)


@pytest.mark.parametrize("rule", [
    "FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=WEEKLY;INTERVAL=3", "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=MONTHLY", "FREQ=MONTHLY;INTERVAL=2", "FREQ=MONTHLY;INTERVAL=5",
    "FREQ=MONTHLY;INTERVAL=12", "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=1MO;INTERVAL=3",
    "FREQ=YEARLY", "FREQ=YEARLY;INTERVAL=2", "FREQ=WEEKLY;BYMONTH=1", "FREQ=DAILY;COUNT=400",
    "FREQ=WEEKLY;UNTIL=20261001T000000Z", "FREQ=HOURLY;INTERVAL=20",
    "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", "FREQ=MONTHLY;INTERVAL=2;BYMONTH=1,3,5",
    "FREQ=MONTHLY;UNTIL=20260401T000000Z", "FREQ=YEARLY;BYYEARDAY=100",
    "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
])
@pytest.mark.parametrize("first_day", [29, 30, 31])
@pytest.mark.parametrize("today", [
    dt.date(2026, 3, 30),  # the week Berlin's clocks changed
    dt.date(2026, 5, 1),   # after a month with no 31st
    dt.date(2026, 3, 2),   # a month after February
    dt.date(2021, 4, 15),  # three months after the start
])
def test_old_repeating_rules_show_the_same_occurrences_as_walking_them_from_the_start(
        rule, first_day, today):
    """A rule from the end of January is walked from a later start (whole periods later,
    still two before today): what shows must be what walking it from its first day shows."""
    assert_shows_what_walking_shows(rule, at(2021, 1, first_day, 9, 30), today)


@pytest.mark.parametrize(("rule", "start", "today"), [
    ("FREQ=MONTHLY", (2023, 1, 30), dt.date(2025, 5, 20)),      # moved to March 30, 2025
    ("FREQ=MONTHLY;BYDAY=-1SU", (2023, 1, 29), dt.date(2025, 5, 20)),
    ("FREQ=DAILY", (2024, 1, 10), dt.date(2025, 4, 2)),         # moved to March 30, 2025
    ("FREQ=WEEKLY", (2024, 1, 7), dt.date(2025, 4, 12)),
    ("FREQ=YEARLY", (2019, 3, 31), dt.date(2026, 4, 15)),       # March 31, 2024: clocks change
])
def test_a_later_start_never_falls_in_the_hour_the_clocks_skip(rule, start, today):
    """02:30 does not exist in Berlin the day the clocks go forward: a start moved there
    would turn into 03:30 and take every later occurrence with it."""
    assert_shows_what_walking_shows(rule, at(*start, 2, 30), today)


def assert_shows_what_walking_shows(rule: str, start: dt.datetime, today: dt.date) -> None:
    from dateutil.rrule import rrulestr

    now = at(today.year, today.month, today.day, 12)
    midnight, tomorrow = at(today.year, today.month, today.day), now + dt.timedelta(days=1)
    reminder = StoredReminder(1, AgendaKind.CUSTOM, "Review", start, rrule=rule)
    shown = [i.occurrence for i in compute_agenda(AgendaData(reminders=[reminder]), now).items]
    every = list(rrulestr(rule, dtstart=start).between(start, now + dt.timedelta(days=31),
                                                       inc=True))
    missed = [m for m in every if m < midnight][-1:]
    on_the_day = [m for m in every if midnight <= m and m.date() == today]
    horizon = today + dt.timedelta(days=30)  # compute_agenda()'s window
    upcoming = [m for m in every if tomorrow.date() <= m.date() <= horizon][:1]
    assert shown == missed + on_the_day + upcoming


def test_the_local_zone_keeps_its_daylight_saving_rules(monkeypatch):
    from app.agenda import local_now, local_zone

    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert local_zone() == BERLIN
    assert local_now().tzinfo == BERLIN
    monkeypatch.setenv("TZ", "Not/AZone")
    summer = dt.datetime(2026, 7, 1, 12, tzinfo=local_zone())
    assert summer.utcoffset() is not None  # dateutil's view of the C library's zone
