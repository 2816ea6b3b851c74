"""What to notify, and when to wake up next: the decisions behind the tray's timers, kept
free of Qt so that they can be tested with plain datetimes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

REBUILD_SECONDS = 15 * 60  # the schedule is rebuilt at least this often
MAX_TIMER_MS = 2**31 - 1  # QTimer takes a signed 32-bit interval
SLEEP_TOLERANCE_SECONDS = 60  # wall clock ahead of the monotonic clock by more: we slept
SUMMARY_FROM = 2  # this many items falling due together get one summary notification
GATHER_SECONDS = 2  # wake this long after a due moment, so that items due together go together


class Due(Protocol):
    """What the ledger needs of an agenda item (app.agenda.AgendaItem has it)."""

    item_id: str
    due_at: dt.datetime


def occurrence_key(item: Due) -> str:
    """One per item and due moment: a snoozed item that comes back is a new occurrence."""
    return f"{item.item_id}@{item.due_at.isoformat()}"


@dataclass
class NotificationLedger:
    """Remembers what has been notified, so each due item is notified once (and again when
    a snooze ends). `watermark` is the last moment checked: items due at or before it were
    notified then, or were already due when Rapport started and first looked."""

    watermark: dt.datetime | None = None

    def __post_init__(self) -> None:
        self._told: set[str] = set()

    def fresh(self, due: Iterable[Due], now: dt.datetime) -> list[Due]:
        """The due items not yet notified; they count as notified from now on."""
        found = [item for item in due if item.due_at <= now
                 and occurrence_key(item) not in self._told
                 and (self.watermark is None or item.due_at > self.watermark)]
        self._told.update(occurrence_key(item) for item in found)
        self.advance(now)
        return found

    def fresh_while_locked(self, due_times: Sequence[dt.datetime],
                           now: dt.datetime) -> list[dt.datetime]:
        """The due times remembered at lock time that fell due since the last look."""
        found = [moment for moment in due_times
                 if moment <= now and (self.watermark is None or moment > self.watermark)]
        self.advance(now)
        return found

    def advance(self, now: dt.datetime) -> None:
        if self.watermark is None or now > self.watermark:
            self.watermark = now


def is_summary(fresh_count: int) -> bool:
    return fresh_count >= SUMMARY_FROM


def next_digest(now: dt.datetime, at: dt.time, last_sent: dt.date | None) -> dt.datetime:
    """When the daily digest goes out next: today at `at` (a moment already past when Rapport
    was not running then) unless it went out today, else tomorrow. `now` is local, aware."""
    today = now.date()
    day = today + dt.timedelta(days=1) if last_sent == today else today
    return dt.datetime.combine(day, at, tzinfo=now.tzinfo)


def digest_due(now: dt.datetime, at: dt.time, last_sent: dt.date | None) -> bool:
    return now >= next_digest(now, at, last_sent)


def slept(wall_before: float, mono_before: float, wall_now: float, mono_now: float,
          tolerance: float = SLEEP_TOLERANCE_SECONDS) -> bool:
    """A resume from sleep: the wall clock moved on while the monotonic clock (which stops
    during suspend) did not. A clock set back by hand counts too: rebuild then as well."""
    return abs((wall_now - wall_before) - (mono_now - mono_before)) > tolerance


def wake_in_ms(now: dt.datetime, moments: Iterable[dt.datetime | None]) -> int:
    """Milliseconds until just after the earliest moment still to come, never later than
    the next rebuild and never beyond what a QTimer can hold."""
    delay = float(REBUILD_SECONDS)
    for moment in moments:
        if moment is not None:
            delay = min(delay, (moment - now).total_seconds() + GATHER_SECONDS)
    return int(min(max(delay, 0.0) * 1000, MAX_TIMER_MS))
