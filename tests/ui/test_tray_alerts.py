"""The decisions behind the tray's timers, with fixed clocks: what to notify, the digest,
sleep detection and the next wake-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ui import alerts

ZONE = dt.timezone(dt.timedelta(hours=2))
NINE = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZONE)


@dataclass(frozen=True)
class Item:
    item_id: str
    due_at: dt.datetime


def test_each_occurrence_is_notified_once():
    ledger = alerts.NotificationLedger()
    call = Item("reminder:1@x", NINE)
    assert ledger.fresh([call], NINE - dt.timedelta(minutes=1)) == []  # not due yet
    assert ledger.fresh([call], NINE + dt.timedelta(seconds=2)) == [call]
    assert ledger.fresh([call], NINE + dt.timedelta(minutes=15)) == []


def test_a_snoozed_item_is_notified_again_when_the_snooze_ends():
    ledger = alerts.NotificationLedger()
    ledger.fresh([Item("reminder:1@x", NINE)], NINE)
    back = Item("reminder:1@x", NINE + dt.timedelta(hours=1))  # same item, snoozed an hour
    assert ledger.fresh([back], NINE + dt.timedelta(minutes=30)) == []
    assert ledger.fresh([back], NINE + dt.timedelta(hours=1, seconds=2)) == [back]


def test_items_due_while_rapport_was_not_running_are_notified_on_start():
    watermark = NINE - dt.timedelta(hours=12)  # Rapport last looked the evening before
    ledger = alerts.NotificationLedger(watermark)
    old = Item("reminder:1@x", watermark - dt.timedelta(days=1))  # notified back then
    missed = Item("reminder:2@x", NINE)
    assert ledger.fresh([old, missed], NINE + dt.timedelta(hours=1)) == [missed]


def test_a_laptop_asleep_through_the_due_time_notifies_on_wake():
    ledger = alerts.NotificationLedger()
    ledger.fresh([], NINE - dt.timedelta(hours=2))  # last check before sleeping
    item = Item("reminder:1@x", NINE)
    assert ledger.fresh([item], NINE + dt.timedelta(hours=3)) == [item]


def test_locked_counting_uses_times_only():
    ledger = alerts.NotificationLedger(NINE - dt.timedelta(minutes=5))
    times = [NINE, NINE + dt.timedelta(hours=2)]
    assert ledger.fresh_while_locked(times, NINE + dt.timedelta(seconds=2)) == [NINE]
    assert ledger.fresh_while_locked(times, NINE + dt.timedelta(minutes=30)) == []


def test_summary_from_two_items():
    assert not alerts.is_summary(1)
    assert alerts.is_summary(2) and alerts.is_summary(40)


def test_digest_once_a_day_at_its_time():
    at = dt.time(8, 30)
    assert not alerts.digest_due(NINE.replace(hour=8), at, None)
    assert alerts.digest_due(NINE, at, None)  # started at nine: today's digest is late, not lost
    assert not alerts.digest_due(NINE, at, NINE.date())
    assert alerts.next_digest(NINE, at, NINE.date()) == dt.datetime(2026, 3, 11, 8, 30,
                                                                   tzinfo=ZONE)


def test_sleep_is_a_wall_clock_jump_the_monotonic_clock_did_not_make():
    assert not alerts.slept(1000.0, 50.0, 1030.0, 80.0)
    assert alerts.slept(1000.0, 50.0, 1000.0 + 3600, 80.0)  # an hour asleep
    assert alerts.slept(1000.0, 50.0, 1000.0 - 600, 80.0)  # the clock set back


def test_wake_up_just_after_the_next_moment_capped_by_the_rebuild():
    soon = NINE + dt.timedelta(minutes=5)
    assert alerts.wake_in_ms(NINE, [soon, None]) == (300 + alerts.GATHER_SECONDS) * 1000
    far = NINE + dt.timedelta(days=60)  # 60 days would overflow a QTimer
    assert alerts.wake_in_ms(NINE, [far]) == alerts.REBUILD_SECONDS * 1000
    assert alerts.wake_in_ms(NINE, [NINE - dt.timedelta(hours=1)]) == 0
    assert alerts.REBUILD_SECONDS * 1000 < alerts.MAX_TIMER_MS
