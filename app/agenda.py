"""The agenda engine: people's data and a moment in, what needs attention out.

Pure: no database, no Qt. app/services/agenda.py loads the data (filtered in SQL) and keeps
the done/snoozed/dismissed state. Rules (see docs/agenda.md):

- Dates that carry no time (birthdays, important dates, keep-in-touch) are days in the time
  zone of `now`; they fall due at `due_hour` local time (09:00 by default), `lead_days` early
  for birthdays and important dates. A yearly date's occurrence is the day itself, stored as
  midnight UTC of that day so its state does not depend on the zone.
- Feb 29 is celebrated on Feb 28 in common years.
- A missed birthday or date stays overdue for MISSED_DAYS days, then is gone until next year.
- Keep in touch: due `cadence` days after the last interaction (or after the person was added);
  marking it done or dismissing it counts like a contact and restarts the count.
- A repeating reminder shows its last missed occurrence, today's, and the next one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import tz
from dateutil.rrule import rrulestr

from app.collector import collector_paused
from app.domain import OccurrenceState

MISSED_DAYS = 7
DEFAULT_DUE_HOUR = 9
MAX_DAYS = 366


class AgendaKind(StrEnum):
    BIRTHDAY = "birthday"
    IMPORTANT_DATE = "date"
    KEEP_IN_TOUCH = "keep_in_touch"
    FOLLOW_UP = "follow_up"
    PROMISE = "promise"
    CUSTOM = "custom"


class Bucket(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    WEEK = "next_7_days"
    MONTH = "next_30_days"


BUCKET_ORDER = {b: n for n, b in enumerate(Bucket)}

# a named tuple made without its generated __new__ (which only checks the count of values)
_new = tuple.__new__


# --- input (named tuples: thousands are made per agenda, and they cost a quarter of a
# frozen dataclass to make) --------------------------------------------------------------


class Anniversary(NamedTuple):
    """A yearly date: a birthday or an important date, of a contact or of a loved one."""

    reminder_key: str           # "birthday:5", "date:17"
    kind: AgendaKind            # BIRTHDAY or IMPORTANT_DATE
    month: int
    day: int
    year: int | None
    person_id: int              # whose date it is
    person_name: str
    label: str = ""             # an important date's label ("wedding anniversary")
    via_id: int | None = None   # our contact, when the date is a loved one's
    via_name: str = ""
    relation: str = ""          # what the loved one is to our contact ("child")


class Cadence(NamedTuple):
    person_id: int
    person_name: str
    cadence_days: int           # the person's own, else the shortest of their tags'
    last_contact: dt.datetime | None
    added_at: dt.datetime


class StoredReminder(NamedTuple):
    reminder_id: int
    kind: AgendaKind
    title: str
    due_at: dt.datetime
    rrule: str = ""
    person_id: int | None = None
    person_name: str = ""

    @property
    def reminder_key(self) -> str:
        return f"reminder:{self.reminder_id}"


class ItemState(NamedTuple):
    reminder_key: str
    occurrence: dt.datetime
    state: OccurrenceState
    snoozed_until: dt.datetime | None = None
    marked_at: dt.datetime | None = None


@dataclass(frozen=True)
class AgendaData:
    anniversaries: Sequence[Anniversary] = ()
    cadences: Sequence[Cadence] = ()
    reminders: Sequence[StoredReminder] = ()
    states: Sequence[ItemState] = ()
    lead_days: int = 0
    due_hour: int = DEFAULT_DUE_HOUR


# --- output -------------------------------------------------------------------------------


# named tuples too: an agenda at 100,000 people makes 16,700 items, and a frozen dataclass
# costs 1.5 µs to make; attribute access is the same for the UI and the CLI


class AgendaItem(NamedTuple):
    item_id: str
    reminder_key: str
    occurrence: dt.datetime
    due_at: dt.datetime
    kind: AgendaKind
    title: str
    person_id: int | None
    person_name: str
    bucket: Bucket


class LosingTouch(NamedTuple):
    person_id: int
    person_name: str
    cadence_days: int
    last_contact: dt.datetime | None
    days_overdue: int
    item_id: str


@dataclass(frozen=True)
class Agenda:
    items: tuple[AgendaItem, ...] = ()  # overdue, today, then later (count_due relies on it)
    losing_touch: tuple[LosingTouch, ...] = ()
    today: dt.date | None = field(default=None, compare=False)

    def due(self, now: dt.datetime) -> list[AgendaItem]:
        return [item for item in self.items if item.due_at <= now]

    def next_due_after(self, now: dt.datetime) -> dt.datetime | None:
        return min((i.due_at for i in self.items if i.due_at > now), default=None)

    def in_bucket(self, bucket: Bucket) -> list[AgendaItem]:
        return [item for item in self.items if item.bucket == bucket]

    def count_due(self, now: dt.datetime) -> int:
        """Overdue and today's items, and any already due (a birthday's lead time). Items
        come in bucket order and, within a bucket, in due-time order: counted by bisection
        (the tray asks for this at 16,000 items, where a loop over each cost 2-5 ms)."""
        items, key = self.items, _bucket_and_due
        early = bisect.bisect_left(items, (BUCKET_ORDER[Bucket.WEEK],), key=key)
        due = early
        for bucket in (Bucket.WEEK, Bucket.MONTH):
            rank = BUCKET_ORDER[bucket]
            first = bisect.bisect_left(items, (rank,), lo=early, key=key)
            due += bisect.bisect_right(items, (rank, now), lo=first, key=key) - first
        return due


def _bucket_and_due(item: AgendaItem) -> tuple[int, dt.datetime]:
    """The order items come in (see _in_order())."""
    return BUCKET_ORDER[item.bucket], item.due_at


# --- item ids -----------------------------------------------------------------------------


def day_key(day: dt.date) -> dt.datetime:
    """The occurrence of something that happens on a day rather than at a moment."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def item_id(reminder_key: str, occurrence: dt.datetime) -> str:
    moment = occurrence.astimezone(dt.UTC)
    if moment == day_key(moment.date()):
        return f"{reminder_key}@{moment.date().isoformat()}"
    return f"{reminder_key}@{moment.isoformat().replace('+00:00', 'Z')}"


def parse_item_id(text: str) -> tuple[str, dt.datetime]:
    """(reminder_key, occurrence) of an item id; ValueError when it is not one."""
    key, sep, when = text.strip().rpartition("@")
    kind, colon, number = key.partition(":")
    if not sep or not colon or not kind or not number.isdigit():
        raise ValueError(f"'{text}' is not an agenda item id (like birthday:5@2026-03-29)")
    try:
        if "T" in when:
            moment = dt.datetime.fromisoformat(when)
            if moment.tzinfo is None:
                raise ValueError("no time zone")
            return key, moment.astimezone(dt.UTC)
        return key, day_key(dt.date.fromisoformat(when))
    except ValueError as exc:
        raise ValueError(f"'{text}' has no valid occurrence after '@' ({exc})") from exc


# --- time zones -------------------------------------------------------------------------


def local_zone() -> dt.tzinfo:
    """The computer's zone with its DST rules (not a fixed offset): an IANA zone when we can
    name it (fast), else dateutil's view of the C library's local time."""
    name = os.environ.get("TZ", "").lstrip(":")
    if not name and os.path.islink("/etc/localtime"):
        name = os.path.realpath("/etc/localtime").partition("zoneinfo/")[2]
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return tz.tzlocal()


def local_now() -> dt.datetime:
    return dt.datetime.now(local_zone())


# --- recurrence ---------------------------------------------------------------------------


def recurrences(rule: str, start: dt.datetime, zone: dt.tzinfo) -> Iterator[dt.datetime]:
    """The occurrences of an RRULE, at the same wall-clock time in `zone` across DST changes."""
    name = getattr(zone, "key", None)  # an IANA zone's name; other zones are not cached
    if name is None:
        return iter(rrulestr(rule, dtstart=start.astimezone(zone)))
    return iter(_parsed_rule(rule, start.astimezone(dt.UTC), name))


@lru_cache(maxsize=4096)
def _parsed_rule(rule: str, start: dt.datetime, zone: str):
    # parsing costs more than walking a few occurrences; a parsed rule can be walked again
    return rrulestr(rule, dtstart=start.astimezone(ZoneInfo(zone)))


def yearly_day(month: int, day: int, year: int) -> dt.date:
    """This year's day for a yearly date: Feb 29 falls on Feb 28 in common years."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return dt.date(year, month, day - 1)


def days_window(today: dt.date, days: int) -> Iterator[dt.date]:
    """The days a yearly date may fall on to be shown: missed ones, today, the next `days`."""
    first = today - dt.timedelta(days=MISSED_DAYS)
    for offset in range((today - first).days + days + 1):
        yield first + dt.timedelta(days=offset)


def month_days_in_window(today: dt.date, days: int) -> set[tuple[int, int]]:
    """(month, day) pairs a stored yearly date may have to show in the window (for SQL)."""
    pairs = {(d.month, d.day) for d in days_window(today, days)}
    if any(d.month == 2 and d.day == 28 and not _leap(d.year) for d in days_window(today, days)):
        pairs.add((2, 29))
    return pairs


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


# --- the computation ----------------------------------------------------------------------


class _Clock:
    """`now`, its zone and day, and per-day values computed once (10,000 birthdays fall on
    at most a few dozen days)."""

    def __init__(self, now: dt.datetime, days: int, data: AgendaData) -> None:
        if now.tzinfo is None:
            raise ValueError("the agenda needs an aware 'now'")
        if not 0 <= days <= MAX_DAYS:
            raise ValueError(f"days must be between 0 and {MAX_DAYS}")
        self.now = now
        self.tz = now.tzinfo
        self.today = now.date()
        self.horizon = self.today + dt.timedelta(days=days)
        self.due_hour = data.due_hour
        self._due: dict[dt.date, dt.datetime] = {}
        self._buckets: dict[dt.date, Bucket] = {}

    def at_due_hour(self, day: dt.date) -> dt.datetime:
        due = self._due.get(day)
        if due is None:
            due = self._due[day] = dt.datetime.combine(day, dt.time(self.due_hour),
                                                       tzinfo=self.tz)
        return due

    def local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def bucket(self, day: dt.date) -> Bucket:
        bucket = self._buckets.get(day)
        if bucket is None:
            bucket = self._buckets[day] = self._bucket(day)
        return bucket

    def _bucket(self, day: dt.date) -> Bucket:
        if day < self.today:
            return Bucket.OVERDUE
        if day == self.today:
            return Bucket.TODAY
        return Bucket.WEEK if (day - self.today).days <= 7 else Bucket.MONTH


class _States:
    def __init__(self, states: Iterable[ItemState]) -> None:
        self.by_occurrence: dict[tuple[str, dt.datetime], ItemState] = {}
        self.closed_at: dict[str, dt.datetime] = {}  # latest done/dismissed mark per key
        self.keys: set[str] = set()
        for s in states:
            self.keys.add(s.reminder_key)
            self.by_occurrence[(s.reminder_key, s.occurrence.astimezone(dt.UTC))] = s
            if s.state != OccurrenceState.SNOOZED and s.marked_at is not None:
                latest = self.closed_at.get(s.reminder_key)
                if latest is None or s.marked_at > latest:
                    self.closed_at[s.reminder_key] = s.marked_at

    def get(self, key: str, occurrence: dt.datetime) -> ItemState | None:
        if not self.by_occurrence:
            return None
        return self.by_occurrence.get((key, occurrence.astimezone(dt.UTC)))


class AnniversaryItems(NamedTuple):
    """Birthdays and important dates as items before any done/snoozed/dismissed state, in
    groups by place in time, each group in title order. They depend on people, their dates
    and relationships, the day, the zone, `days`, the lead time and the due hour only: the
    service keeps them while those stay the same (14,000 of 16,700 items at 100,000 people)."""

    groups: dict[float, list[AgendaItem]]
    lead_days: int


def anniversary_items(data: AgendaData, now: dt.datetime, *, days: int = 30,
                      birthdays: Iterable[tuple] = (),
                      name_of: Callable[[str | None, str | None, str | None], str] | None = None,
                      ) -> AnniversaryItems:
    """`birthdays`: contacts' own birthdays (not in data.anniversaries) as the rows the
    database gives: (person id, birth year, month, day, given name, family name, other
    names), made into items without an Anniversary each
    (12,000 at 100,000 people);
    `name_of(given, family, others)` names a row whose name is more than "Given Family"."""
    with collector_paused():  # thousands of acyclic items
        return _anniversaries_unmarked(data, _Clock(now, days, data), birthdays, name_of)


def _anniversaries_unmarked(data: AgendaData, clock: _Clock, birthdays: Iterable[tuple] = (),
                            name_of: Callable | None = None) -> AnniversaryItems:
    groups: defaultdict[float, list[AgendaItem]] = defaultdict(list)
    days_of = _window_days(data, clock, groups)
    _birthday_items(birthdays, name_of, days_of)
    _anniversary_items(data, days_of)
    by_title = attrgetter("title")
    for group in groups.values():
        group.sort(key=by_title)
    return AnniversaryItems(dict(groups), data.lead_days)


def replace_items(kept: AnniversaryItems, gone: set[str],
                  added: AnniversaryItems) -> AnniversaryItems:
    """`kept` without the items whose reminder key is in `gone`, with `added` (made for the
    same day, zone, window and settings); groups something joined are in title order again.
    `kept` is left as it was."""
    groups: dict[float, list[AgendaItem]] = {}
    for order, group in kept.groups.items():
        left = [item for item in group if item.reminder_key not in gone]
        if left:
            groups[order] = left if len(left) < len(group) else group
    by_title = attrgetter("title")
    for order, new in added.groups.items():
        joined = groups.get(order, []) + new
        joined.sort(key=by_title)
        groups[order] = joined
    return AnniversaryItems(groups, kept.lead_days)


# How far a kept set of birthday and date items can be moved to a later day: past a week
# (a laptop asleep over a holiday) making them all again costs about the same.
MAX_SHIFT_DAYS = 7


def can_shift(kept_day: dt.date, day: dt.date, days: int) -> bool:
    """Whether items made for `kept_day` can be moved to `day` by shift_items() (with the
    items of the (month, day) pairs new to the window added): a later day, not too far, and
    the two windows together short enough that no (month, day) falls in them twice (one
    leaving the old window's start could come back at the new one's end, a year on)."""
    shift = (day - kept_day).days
    return 0 < shift <= MAX_SHIFT_DAYS and shift + days + MISSED_DAYS + 1 <= 365


def new_month_days(kept_day: dt.date, day: dt.date, days: int) -> set[tuple[int, int]]:
    """The (month, day) pairs the window of `day` has and that of `kept_day` had not."""
    return month_days_in_window(day, days) - month_days_in_window(kept_day, days)


def shift_items(kept: AnniversaryItems, now: dt.datetime, days: int) -> AnniversaryItems:
    """Birthday and date items made for an earlier day (same zone, window and settings; see
    can_shift()), for the day of `now`: a missed one too old to show leaves, the others move
    to today's bucket (a new item only where the bucket changed: most groups stay the same
    objects). The items of the pairs new_month_days() gives are not made here."""
    clock = _Clock(now, days, AgendaData(lead_days=kept.lead_days))
    first = clock.today - dt.timedelta(days=MISSED_DAYS)
    groups: dict[float, list[AgendaItem]] = {}
    for group in kept.groups.values():
        if not group:
            continue
        sample = group[0]
        day = sample.occurrence.date()  # a day's occurrence is its midnight UTC
        if day < first:
            continue
        bucket = clock.bucket(day)
        if bucket is not sample.bucket:
            group = [_new(AgendaItem, (*item[:-1], bucket)) for item in group]
        groups[_order_of(bucket, sample.due_at)] = group
    return AnniversaryItems(groups, kept.lead_days)


def compute_agenda(data: AgendaData, now: dt.datetime, *, days: int = 30,
                   anniversaries: AnniversaryItems | None = None) -> Agenda:
    """Overdue (oldest first), today, then upcoming (soonest first) up to `days` ahead.
    `anniversaries`: what anniversary_items() made of the same data, day, zone and `days`
    (data.anniversaries is not read then)."""
    with collector_paused():  # thousands of acyclic items
        clock = _Clock(now, days, data)
        states = _States(data.states)
        if anniversaries is None:
            anniversaries = _anniversaries_unmarked(data, clock)
        # items grouped by their place in time (bucket, due time); 12,000 birthdays share a
        # few dozen places
        groups: defaultdict[float, list[AgendaItem]] = defaultdict(list)
        for order, group in anniversaries.groups.items():
            groups[order] = group.copy()
        # they come in title order: only the groups something joins are sorted again
        unsorted: set[float] = set()
        _mark_anniversaries(groups, anniversaries.lead_days, clock, states, unsorted)
        losing = _keep_in_touch(data.cadences, clock, states, groups, unsorted)
        for reminder in data.reminders:
            if reminder.rrule or f"reminder:{reminder.reminder_id}" in states.keys:
                for item in _reminder_items(reminder, clock, states):
                    _add(groups, item, unsorted)
            else:  # most: what _reminder_items() and _add() do, without the detours
                _add_one_off(reminder, clock, groups, unsorted)
        losing.sort(key=lambda t: (-t.days_overdue, t.person_name))
        return Agenda(_in_order(groups, unsorted), tuple(losing), clock.today)


def _add(groups: defaultdict[float, list[AgendaItem]], item: AgendaItem,
         unsorted: set[float]) -> None:
    order = _order(item)
    groups[order].append(item)
    unsorted.add(order)


def _mark_anniversaries(groups: defaultdict[float, list[AgendaItem]], lead_days: int,
                        clock: _Clock, states: _States, unsorted: set[float]) -> None:
    """Apply the few states of birthdays and dates: a done or dismissed one leaves, a snoozed
    one moves to the time it was snoozed to."""
    lead = dt.timedelta(days=lead_days)
    for key, occurrence in states.by_occurrence:
        if not key.startswith(("birthday:", "date:")):
            continue
        day = occurrence.date()
        order = _order_of(clock.bucket(day), clock.at_due_hour(day - lead))
        group = groups.get(order)
        found = next((item for item in group or () if item.reminder_key == key
                      and item.occurrence == occurrence), None)
        if found is None:
            continue
        group.remove(found)
        placed = _place(key, occurrence, found.due_at, day, clock, states)
        if placed is not None:
            due_at, shown_day = placed
            item = _item(key, occurrence, due_at, shown_day, found.kind, found.title,
                         found.person_id, found.person_name, clock)
            _add(groups, item, unsorted)


def _in_order(groups: dict[float, list[AgendaItem]],
              unsorted: set[float]) -> tuple[AgendaItem, ...]:
    """By place in time, then by title (a stable sort: equal titles keep their order); the
    groups not in `unsorted` are in title order already."""
    by_title = attrgetter("title")
    items: list[AgendaItem] = []
    for order in sorted(groups):
        group = groups[order]
        if order in unsorted and len(group) > 1:
            group.sort(key=by_title)
        items += group
    return tuple(items)


def _order(item: AgendaItem) -> float:
    return _order_of(item.bucket, item.due_at)


def _order_of(bucket: Bucket, due_at: dt.datetime) -> float:
    return BUCKET_ORDER[bucket] * 1e11 + due_at.timestamp()


def _place(key: str, occurrence: dt.datetime, due_at: dt.datetime, day: dt.date,
           clock: _Clock, states: _States) -> tuple[dt.datetime, dt.date] | None:
    """(due_at, day) after applying this occurrence's state, or None when it is not shown."""
    state = states.get(key, occurrence)
    if state is not None:
        if state.state != OccurrenceState.SNOOZED:
            return None
        if state.snoozed_until is not None:
            due_at = state.snoozed_until
            day = clock.local_day(due_at)
    if day > clock.horizon:
        return None
    return due_at, day


def _item(key: str, occurrence: dt.datetime, due_at: dt.datetime, day: dt.date, kind: AgendaKind,
          title: str, person_id: int | None, person_name: str, clock: _Clock) -> AgendaItem:
    if due_at.tzinfo is not clock.tz:
        due_at = due_at.astimezone(clock.tz)
    if occurrence.tzinfo is dt.UTC and not (occurrence.hour or occurrence.minute
                                           or occurrence.second or occurrence.microsecond):
        ident = f"{key}@{occurrence.date().isoformat()}"  # item_id(), without the conversions
    else:
        ident = item_id(key, occurrence)
    return _new(AgendaItem, (ident, key, occurrence, due_at, kind, title, person_id, person_name,
                             clock.bucket(day)))


def _birthday_items(rows: Iterable[tuple], name_of: Callable | None,
                    days_of: dict[tuple[int, int], list]) -> None:
    """The hot loop of a large agenda (one pass per contact's birthday in the window), before
    any state: what depends on the day only is computed once per day (with the group its
    items go to), the title's tail once per age."""
    tails: dict[int | None, str] = {}
    kind, make = AgendaKind.BIRTHDAY, _new
    for person_id, born, month, day_of_month, given, family, others in rows:
        entries = days_of.get((month, day_of_month))
        if entries is None:
            continue
        if others is None and given and family:  # most names, without a call
            name = f"{given.strip()} {family.strip()}"
            if name[0] == " " or name[-1] == " ":  # a part was blank
                name = name_of(given, family, others)
        else:
            name = name_of(given, family, others)
        key = f"birthday:{person_id}"
        for year, occurrence, ident, due_at, bucket, append in entries:
            years = year - born if born else None
            tail = tails.get(years)
            if tail is None:
                tail = tails[years] = _title_tail(kind, "", years)
            append(make(AgendaItem, (f"{key}@{ident}", key, occurrence, due_at, kind,
                                     name + tail, person_id, name, bucket)))


def _anniversary_items(data: AgendaData, days_of: dict[tuple[int, int], list]) -> None:
    """Like _birthday_items(), for loved ones' birthdays and important dates."""
    tails: dict[tuple[AgendaKind, str, int | None], str] = {}
    make = _new
    for key, kind, month, day_of_month, born, person_id, name, label, via_id, via_name, \
            relation in data.anniversaries:
        entries = days_of.get((month, day_of_month))
        if entries is None:
            continue
        if via_id is None:
            opens_id = person_id
            opens_name = whose = name
        else:
            opens_id, opens_name = via_id, via_name
            whose = f"{via_name}'s {relation} {name}"
        for year, occurrence, ident, due_at, bucket, append in entries:
            years = year - born if born else None
            tail = tails.get((kind, label, years))
            if tail is None:
                tail = tails[(kind, label, years)] = _title_tail(kind, label, years)
            append(make(AgendaItem, (f"{key}@{ident}", key, occurrence, due_at, kind,
                                     whose + tail, opens_id, opens_name, bucket)))


def _window_days(data: AgendaData, clock: _Clock,
                 groups: defaultdict[float, list[AgendaItem]]) -> dict[tuple[int, int], list]:
    """For each (month, day) a yearly date may have: the days in the window it falls on,
    with their year, occurrence, its id text, due time, bucket and the append of their group,
    computed once (10,000 birthdays share a few dozen days)."""
    lead = dt.timedelta(days=data.lead_days)
    first = clock.today - dt.timedelta(days=MISSED_DAYS)
    found: dict[tuple[int, int], list[tuple]] = {}
    for month, day_of_month in month_days_in_window(clock.today, (clock.horizon -
                                                                  clock.today).days):
        for year in range(first.year, clock.horizon.year + 1):
            day = yearly_day(month, day_of_month, year)
            if first <= day <= clock.horizon:
                due_at, bucket = clock.at_due_hour(day - lead), clock.bucket(day)
                found.setdefault((month, day_of_month), []).append(
                    (day.year, day_key(day), day.isoformat(), due_at, bucket,
                     groups[_order_of(bucket, due_at)].append))
    return found


def anniversary_title(a: Anniversary, year: int) -> str:
    whose = f"{a.via_name}'s {a.relation} {a.person_name}" if a.via_id is not None \
        else a.person_name
    return whose + _title_tail(a.kind, a.label, year - a.year if a.year else None)


def _title_tail(kind: AgendaKind, label: str, years: int | None) -> str:
    """What follows the name: "'s birthday (turns 40)", "'s wedding anniversary (3 years)"."""
    if kind == AgendaKind.BIRTHDAY:
        return "'s birthday" + (f" (turns {years})" if years and years > 0 else "")
    label = label or "important date"
    return f"'s {label}" + (f" ({_plural(years, 'year')})" if years and years > 0 else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _keep_in_touch(cadences: Sequence[Cadence], clock: _Clock, states: _States,
                   groups: defaultdict[float, list[AgendaItem]],
                   unsorted: set[float]) -> list[LosingTouch]:
    """Items added to their groups, shown once due (not as upcoming: someone you have just
    called is not nagged about), and the losing-touch entries."""
    losing = []
    tz, today = clock.tz, clock.today
    kind, make = AgendaKind.KEEP_IN_TOUCH, _new
    closed_at, with_state = states.closed_at, states.keys
    of_day: dict[dt.date, tuple] = {}  # what _item() and _add() make of a day, made once
    cadence_of: dict[int, dt.timedelta] = {}  # a timedelta costs as much to make as the rest
    for c in cadences:
        key = f"touch:{c.person_id}"
        anchor = c.last_contact or c.added_at
        closed = closed_at.get(key)
        if closed is not None and closed > anchor:
            anchor = closed
        anchor_day = anchor.astimezone(tz).date()
        cadence = cadence_of.get(c.cadence_days)
        if cadence is None:
            cadence = cadence_of[c.cadence_days] = dt.timedelta(days=c.cadence_days)
        day = anchor_day + cadence
        if day > today:
            continue
        title = touch_title(c, clock, anchor_day if anchor is c.last_contact else None)
        if key in with_state:
            occurrence = day_key(day)
            placed = _place(key, occurrence, clock.at_due_hour(day), day, clock, states)
            if placed is None:
                continue
            due_at, shown_day = placed
            item = _item(key, occurrence, due_at, shown_day, kind, title, c.person_id,
                         c.person_name, clock)
            _add(groups, item, unsorted)
        else:  # most
            shown_day = day
            fields = of_day.get(day)
            if fields is None:
                fields = of_day[day] = _day_fields(day, clock, groups, unsorted)
            occurrence, ident, due_at, bucket, append = fields
            item = make(AgendaItem, (f"{key}@{ident}", key, occurrence, due_at, kind, title,
                                     c.person_id, c.person_name, bucket))
            append(item)
        if shown_day <= today:
            losing.append(make(LosingTouch, (c.person_id, c.person_name, c.cadence_days,
                                              c.last_contact, (today - day).days,
                                              item.item_id)))
    return losing


def _day_fields(day: dt.date, clock: _Clock, groups: defaultdict[float, list[AgendaItem]],
                unsorted: set[float]) -> tuple:
    """(occurrence, its id text, due time, bucket, the append of its group) of an item due
    on `day` at the due hour; the group is marked to be sorted again."""
    due_at, bucket = clock.at_due_hour(day), clock.bucket(day)
    order = _order_of(bucket, due_at)
    unsorted.add(order)
    return day_key(day), day.isoformat(), due_at, bucket, groups[order].append


def touch_title(c: Cadence, clock: _Clock, last_day: dt.date | None = None) -> str:
    """`last_day`: the local day of the last contact, when already known."""
    if c.last_contact is None:
        return f"Keep in touch with {c.person_name} (nothing logged yet)"
    ago = (clock.today - (last_day or clock.local_day(c.last_contact))).days
    when = "today" if ago == 0 else "yesterday" if ago == 1 else f"{ago} days ago"
    return f"Keep in touch with {c.person_name} (last spoke {when})"


def _reminder_items(r: StoredReminder, clock: _Clock, states: _States) -> list[AgendaItem]:
    kind = r.kind if type(r.kind) is AgendaKind else AgendaKind(r.kind)
    shown = []
    for occurrence in _occurrences_to_show(r, clock):
        placed = _place(r.reminder_key, occurrence, occurrence, clock.local_day(occurrence),
                        clock, states)
        if placed is not None:
            due_at, day = placed
            shown.append(_item(r.reminder_key, occurrence, due_at, day, kind, r.title,
                               r.person_id, r.person_name, clock))
    return shown


def _add_one_off(r: StoredReminder, clock: _Clock, groups: defaultdict[float, list[AgendaItem]],
                 unsorted: set[float]) -> None:
    """A one-off reminder without a state, added to its group if due by the horizon."""
    due_at = r.due_at if r.due_at.tzinfo is clock.tz else r.due_at.astimezone(clock.tz)
    day = due_at.date()
    if day > clock.horizon:
        return
    key, bucket = f"reminder:{r.reminder_id}", clock.bucket(day)
    kind = r.kind if type(r.kind) is AgendaKind else AgendaKind(r.kind)
    occurrence = r.due_at
    if occurrence.tzinfo is dt.UTC and (occurrence.hour or occurrence.minute
                                        or occurrence.second or occurrence.microsecond):
        ident = f"{key}@{occurrence.isoformat()[:-6]}Z"  # item_id(), without the conversions
    else:
        ident = item_id(key, occurrence)
    order = _order_of(bucket, due_at)
    groups[order].append(_new(AgendaItem, (ident, key, occurrence, due_at, kind, r.title,
                                           r.person_id, r.person_name, bucket)))
    unsorted.add(order)


def _occurrences_to_show(r: StoredReminder, clock: _Clock) -> list[dt.datetime] | tuple:
    if not r.rrule:
        return [r.due_at]
    if isinstance(clock.tz, ZoneInfo | dt.timezone):
        return _repeats_shown(r.rrule, r.due_at, clock.tz, clock.today, clock.horizon)
    return _repeats(r, clock)


@lru_cache(maxsize=4096)
def _repeats_shown(rule: str, due_at: dt.datetime, zone: dt.tzinfo, today: dt.date,
                   horizon: dt.date) -> tuple[dt.datetime, ...]:
    """A repeating reminder's occurrences to show depend on these alone: kept for the day,
    so that the agenda after a change does not walk every rule again."""
    clock = _Clock.__new__(_Clock)
    clock.tz, clock.today, clock.horizon = zone, today, horizon
    return tuple(_repeats(StoredReminder(0, AgendaKind.CUSTOM, "", due_at, rule), clock))


def _repeats(r: StoredReminder, clock: _Clock) -> list[dt.datetime]:
    start_of_today = dt.datetime.combine(clock.today, dt.time(), tzinfo=clock.tz)
    last_missed: dt.datetime | None = None
    shown: list[dt.datetime] = []
    start = r.due_at.astimezone(clock.tz)
    later = _later_start(r.rrule, start, start_of_today)
    if later is not None:
        found = _occurrences_from(r.rrule, later, start_of_today, clock)
        if found[0] is not None:
            return [found[0], *found[1]]
    last_missed, shown = _occurrences_from(r.rrule, start, start_of_today, clock)
    return ([last_missed] if last_missed else []) + shown


def _occurrences_from(rule: str, start: dt.datetime, start_of_today: dt.datetime,
                      clock: _Clock) -> tuple[dt.datetime | None, list[dt.datetime]]:
    """The last occurrence before today, and today's and the next one within the window."""
    last_missed: dt.datetime | None = None
    shown: list[dt.datetime] = []
    for moment in recurrences(rule, start, clock.tz):
        if moment < start_of_today:
            last_missed = moment
            continue
        day = moment.date()
        if day == clock.today:
            shown.append(moment)
            continue
        if day <= clock.horizon:
            shown.append(moment)
        break
    return last_missed, shown


_FREQ = re.compile(r"(?:^|;)FREQ=(\w+)", re.IGNORECASE)
_INTERVAL = re.compile(r"(?:^|;)INTERVAL=(\d+)", re.IGNORECASE)


def _later_start(rule: str, start: dt.datetime, before: dt.datetime) -> dt.datetime | None:
    """A start whole repeat periods later than `start` and still two periods before `before`,
    so that an old daily or weekly rule is not walked from its first day on every call.
    The rule keeps the same occurrences from there: same weekday, day of month and time.
    None when that cannot be promised (COUNT counts from the first start; Feb 29)."""
    freq, interval = _FREQ.search(rule), _INTERVAL.search(rule)
    if freq is None or "COUNT=" in rule.upper() or (start.month, start.day) == (2, 29):
        return None
    step = int(interval.group(1)) if interval else 1
    wall = start.replace(tzinfo=None)
    elapsed = before.replace(tzinfo=None) - wall
    kind = freq.group(1).upper()
    if kind in ("DAILY", "WEEKLY"):
        period = step * (7 if kind == "WEEKLY" else 1)
        skip = (elapsed.days // period - 2) * period
        moved = wall + dt.timedelta(days=skip) if skip > 0 else None
    elif kind == "MONTHLY":  # from whole years to whole months: 24 steps fewer to walk
        months = (before.year - wall.year) * 12 + before.month - wall.month
        moved = _months_later(wall, (months // step - 2) * step, step)
    elif kind == "YEARLY":
        skip = (elapsed.days // 366 // step - 1) * step
        moved = wall.replace(year=wall.year + skip) if skip > 0 else None
    else:
        return None
    if moved is None:
        return None
    moved = moved.replace(tzinfo=start.tzinfo)
    if moved.astimezone(dt.UTC).astimezone(start.tzinfo).replace(tzinfo=None) != \
            moved.replace(tzinfo=None):
        return None  # a wall time the clocks skip that day: the rule would keep the shifted one
    return moved


def _months_later(wall: dt.datetime, months: int, step: int) -> dt.datetime | None:
    """`wall` `months` later, or `step` months fewer at a time while that month has no such
    day (a rule from the 31st skips the shorter months); None when not later at all."""
    while months > 0:
        years, month = divmod(wall.month - 1 + months, 12)
        try:
            return wall.replace(year=wall.year + years, month=month + 1)
        except ValueError:
            months -= step
    return None
