"""The agenda service: loads what the agenda engine needs (filtered in SQL, no per-person
queries), and keeps the done/snoozed/dismissed state of every occurrence, derived or stored."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import event, text
from sqlalchemy.orm import Session

from app import agenda as engine
from app.agenda import (
    Agenda,
    AgendaData,
    AgendaKind,
    Anniversary,
    Cadence,
    ItemState,
    StoredReminder,
    local_now,
    local_zone,
)
from app.collector import collector_paused
from app.domain import LOVED_ONE_TYPES, OccurrenceRecord, OccurrenceState, compose_display_name
from app.errors import InvalidInput, NotFound
from app.services.base import Service
from app.services.reminders import RemindersService
from app.services.settings import SettingsService

LEAD_DAYS = "agenda_lead_days"
DUE_HOUR = "agenda_due_hour"
CHUNK = 500
_KINDS = {"birthday", "date", "touch", "reminder"}
_new = tuple.__new__  # a named tuple made without its generated __new__: a third of the cost
_DATE_KEYS = ("birthday:", "date:")

_VISIBLE = "trashed_at IS NULL AND archived_at IS NULL"
_LISTED = ("people.trashed_at IS NULL AND people.archived_at IS NULL AND people.is_light = 0 "
           "AND people.is_me = 0")


_OTHER_NAMES = ("display_name", "prefix", "middle_name", "suffix", "nickname")


# What the agenda reads of a name: given and family names, and the other five columns (as
# JSON) only when one is set: most names are "Given Family", and every column read costs
# time on thousands of rows (comparisons with '' cost less than joining the five with
# coalesce(); a NULL among them just takes the longer way)
def _name_values(table: str = "") -> str:
    """`table`: "p." when the people table has that alias."""
    empty = " AND ".join(f"{table}{c} = ''" for c in _OTHER_NAMES)
    others = ", ".join(f"{table}{c}" for c in _OTHER_NAMES)
    return (f"{table}given_name, {table}family_name, "
            f"CASE WHEN {empty} THEN NULL ELSE json_array({others}) END")


_NAME_VALUES = _name_values()


def _name(given: str | None, family: str | None, others: str | None) -> str:
    """compose_display_name() from the three values of _NAME_VALUES."""
    if others is None:
        given, family = (given or "").strip(), (family or "").strip()
        return f"{given} {family}" if given and family else given or family
    display, prefix, middle, suffix, nickname = json.loads(others)
    return compose_display_name(display_name=display or "", prefix=prefix or "",
                                given_name=given or "", middle_name=middle or "",
                                family_name=family or "", suffix=suffix or "",
                                nickname=nickname or "")


def _utc(value) -> dt.datetime | None:
    """A timestamp read through text(): stored as naive UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        try:  # five times faster than replace(tzinfo=...), which thousands of rows feel
            return dt.datetime.fromisoformat(value + "+00:00")
        except ValueError:
            value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC)


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# --- loading ------------------------------------------------------------------------------


def _rows(session: Session, sql: str, params: dict | tuple = ()) -> list[tuple]:
    """Plain tuples straight from the driver: thousands of rows, no ORM cost per row.
    Timestamps come back as the stored naive-UTC text."""
    driver = session.connection().connection.driver_connection
    return driver.execute(sql, params).fetchall()


def _stored(moment: dt.datetime) -> str:
    """A moment as the store writes it (naive UTC text), for comparisons in SQL."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ",
                                                                    timespec="microseconds")


def _birthdays(session: Session, pairs: list[tuple[int, int]]) -> list[Anniversary]:
    """Birthdays in the window: of listed people, and of loved ones through their contact."""
    birthday = AgendaKind.BIRTHDAY
    return [_new(Anniversary, (f"birthday:{pid}", birthday, month, day, year, pid,
                               _name(given, family, others), "", None, "", ""))
            for pid, year, month, day, given, family, others
            in _rows(session, birthdays_sql(pairs))] + _light_birthdays(session, pairs)


def _only(column: str, people: list[int] | None) -> str:
    """A term that keeps the rows of `people` alone (None: everyone's)."""
    return "" if people is None else f" AND {column} IN ({_ids(people)})"


def birthdays_sql(pairs: list[tuple[int, int]], people: list[int] | None = None) -> str:
    """Contacts' birthdays in the window as the engine's birthday rows: (person id, birth
    year, month, day, given name, family name, other names). Read through
    ix_people_birthday_window alone: its terms are this query's."""
    return (f"SELECT id, birthday_year, birthday_month, birthday_day, {_NAME_VALUES} "
            f"FROM people WHERE {_VISIBLE} AND is_me = 0 AND birthday_month IS NOT NULL "
            f"AND (birthday_month, birthday_day) IN ({_pair_values(pairs)}) AND is_light = 0"
            + _only("id", people))


def loved_birthdays_sql(pairs: list[tuple[int, int]], people: list[int] | None = None) -> str:
    """Loved ones' birthdays in the window (through ix_people_birthday_window), each with
    every contact it belongs to (in no order: sorting cost more than choosing in Python)."""
    return (f"SELECT l.id, l.birthday_year, l.birthday_month, l.birthday_day, "
            f"{_name_values('l.')}, r.person_id, r.type, {_name_values('c.')} "
            f"FROM people l JOIN relationships r ON r.other_id = l.id "
            f"JOIN people c ON c.id = r.person_id "
            f"WHERE l.trashed_at IS NULL AND l.archived_at IS NULL AND l.is_me = 0 "
            f"AND l.birthday_month IS NOT NULL "
            f"AND (l.birthday_month, l.birthday_day) IN ({_pair_values(pairs)}) "
            f"AND l.is_light = 1 AND r.type IN ({_LOVED}) AND c.is_light = 0 "
            f"AND c.trashed_at IS NULL AND c.archived_at IS NULL{_only('l.id', people)}")


def _light_birthdays(session: Session, pairs: list[tuple[int, int]],
                     people: list[int] | None = None) -> list[Anniversary]:
    """Loved ones' birthdays, each through the contact with the lowest id they belong to (and
    the first relation by name, when they are both spouse and partner): as _loved_by()."""
    first: dict[int, tuple] = {}
    for row in _rows(session, loved_birthdays_sql(pairs, people)):
        kept = first.get(row[0])
        if kept is None or row[7:9] < kept[7:9]:
            first[row[0]] = row
    birthday = AgendaKind.BIRTHDAY
    return [_new(Anniversary, (f"birthday:{pid}", birthday, month, day, year, pid,
                               _name(given, family, others), "", via_id, _name(*via_names),
                               relation))
            for pid, year, month, day, given, family, others, via_id, relation, *via_names
            in first.values()]


def _pair_values(pairs: list[tuple[int, int]]) -> str:
    # integers we computed ourselves, never user text
    return ", ".join(f"({int(m)}, {int(d)})" for m, d in pairs) or "(0, 0)"


_LOVED = ", ".join(f"'{t}'" for t in sorted(LOVED_ONE_TYPES))


def _loved_by(session: Session, light_ids: list[int]) -> list[tuple[int, int, str, str]]:
    """(light entry, our contact, contact's name, relation) - one contact per light entry."""
    seen: dict[int, tuple[int, int, str, str]] = {}
    for chunk in _chunks(light_ids):
        rows = _rows(session,
                     f"SELECT r.other_id, r.person_id, r.type, {_NAME_VALUES} "
                     f"FROM relationships r JOIN people ON people.id = r.person_id "
                     f"WHERE r.other_id IN ({', '.join(str(int(i)) for i in chunk)}) "
                     f"AND r.type IN ({_LOVED}) AND people.is_light = 0 "
                     f"AND people.trashed_at IS NULL AND people.archived_at IS NULL "
                     f"ORDER BY r.other_id, r.person_id, r.type")
        for other_id, via_id, relation, *names in rows:
            if other_id not in seen:
                seen[other_id] = (other_id, via_id, _name(*names), relation)
    return list(seen.values())


def important_dates_sql(pairs: list[tuple[int, int]]) -> str:
    """Dates in the window through ix_important_dates_window, and their person."""
    return (f"SELECT d.id, d.person_id, d.label, d.year, d.month, d.day, people.is_light, "
            f"{_NAME_VALUES} FROM important_dates d JOIN people ON people.id = d.person_id "
            f"WHERE (d.month, d.day) IN ({_pair_values(pairs)}) "
            f"AND people.trashed_at IS NULL AND people.archived_at IS NULL AND people.is_me = 0")


def _important_dates(session: Session, pairs: list[tuple[int, int]],
                     only: str = "") -> list[Anniversary]:
    rows = _rows(session, important_dates_sql(pairs) + only)
    found, light = [], []
    for date_id, pid, label, year, month, day, is_light, *names in rows:
        a = _new(Anniversary, (f"date:{date_id}", AgendaKind.IMPORTANT_DATE, month, day, year,
                               pid, _name(*names), label, None, "", ""))
        (light if is_light else found).append(a)
    if light:
        via = {pid: (v, name, rel) for pid, v, name, rel in
               _loved_by(session, sorted({a.person_id for a in light}))}
        for a in light:
            if a.person_id in via:
                v, name, rel = via[a.person_id]
                found.append(Anniversary(a.reminder_key, a.kind, a.month, a.day, a.year,
                                         a.person_id, a.person_name, a.label, v, name, rel))
    return found


# The cadence is the person's own, else the shortest of their tags' (as the people list's
# "overdue" filter has it); the last contact is one row of last_contacts (kept by triggers,
# migration 0007); only people due by the horizon (a Julian day number) come back. The CROSS
# JOIN fixes the order: from the few tags' people, never through all people.
# ix_people_cadence covers what is read of people. Plain joins: a materialized CTE of every
# cadenced person with a correlated subquery for the last contact took twice as long.
_PERSON_NAME_VALUES = _name_values("p.")
_P_LISTED = _LISTED.replace("people.", "p.")
CADENCE_SQL = f"""
WITH tag_cadence AS (
  SELECT pt.person_id AS person_id, min(t.cadence_days) AS days
  FROM tags t CROSS JOIN person_tags pt ON pt.tag_id = t.id
  WHERE t.cadence_days IS NOT NULL GROUP BY pt.person_id)
SELECT p.id, p.cadence_days, p.created_at, lc.occurred_at, {_PERSON_NAME_VALUES}
FROM people p LEFT JOIN last_contacts lc ON lc.person_id = p.id
WHERE p.cadence_days IS NOT NULL AND {_P_LISTED}
  AND julianday(coalesce(lc.occurred_at, p.created_at)) + p.cadence_days <= :horizon
UNION ALL
SELECT p.id, tc.days, p.created_at, lc.occurred_at, {_PERSON_NAME_VALUES}
FROM tag_cadence tc CROSS JOIN people p ON p.id = tc.person_id
  LEFT JOIN last_contacts lc ON lc.person_id = p.id
WHERE p.cadence_days IS NULL AND {_P_LISTED}
  AND julianday(coalesce(lc.occurred_at, p.created_at)) + tc.days <= :horizon
"""

_UNIX_EPOCH_JULIAN_DAY = 2440587.5


def _cadences(session: Session, horizon: dt.datetime) -> list[Cadence]:
    """People whose keep-in-touch is due by `horizon` (with a day's slack for time zones)."""
    julian = (horizon + dt.timedelta(days=1)).timestamp() / 86400 + _UNIX_EPOCH_JULIAN_DAY
    rows = _rows(session, CADENCE_SQL, {"horizon": julian})
    return [_new(Cadence, (pid, _name(*names), days, _utc(last), _utc(created)))
            for pid, days, created, last, *names in rows]


# Closed one-off reminders stay out (their done/dismissed row is found through the
# (reminder_key, occurrence) unique index).
_REMINDER_SQL = f"""
SELECT r.id, r.kind, r.title, r.due_at, r.rrule, r.person_id, {_NAME_VALUES}
FROM reminders r LEFT JOIN people ON people.id = r.person_id
WHERE (r.person_id IS NULL OR (people.trashed_at IS NULL AND people.archived_at IS NULL))
  AND (r.rrule != '' OR (r.due_at <= :horizon AND NOT EXISTS (
       SELECT 1 FROM reminder_occurrences o WHERE o.reminder_key = 'reminder:' || r.id
       AND o.state != 'snoozed')))
"""


# a dict lookup: AgendaKind(text) costs as much as the rest of a reminder's row
_KIND_OF = {kind.value: kind for kind in AgendaKind}


def _reminders(session: Session, horizon: dt.datetime) -> list[StoredReminder]:
    rows = _rows(session, _REMINDER_SQL, {"horizon": _stored(horizon + dt.timedelta(days=1))})
    return [_new(StoredReminder, (rid, _KIND_OF[kind], title, _utc(due_at), rule or "", pid,
                                  _name(*names) if pid is not None else ""))
            for rid, kind, title, due_at, rule, pid, *names in rows]


# States that can matter: any occurrence from the window's first day on, every snooze,
# and all of keep-in-touch's and repeating reminders' (a done mark restarts a cadence; a
# repeating reminder's last missed occurrence may lie before the window).
_STATES_SQL = """
SELECT reminder_key, occurrence, state, snoozed_until, updated_at FROM reminder_occurrences
WHERE occurrence >= :first OR state = 'snoozed' OR reminder_key LIKE 'touch:%'
   OR reminder_key IN (SELECT 'reminder:' || id FROM reminders WHERE rrule != '')
"""


def _state_rows(session: Session, first: dt.datetime) -> list[ItemState]:
    return [_new(ItemState, (key, _utc(occurrence), OccurrenceState(state), _utc(until),
                             _utc(marked)))
            for key, occurrence, state, until, marked
            in _rows(session, _STATES_SQL, {"first": _stored(first)})]


class _Window(NamedTuple):
    """What the two halves of a load ask for."""

    pairs: list[tuple[int, int]]    # (month, day) a yearly date may have to be shown
    horizon: dt.datetime            # the last moment shown
    end_of_today: dt.datetime       # keep-in-touch shows only once due: today is its horizon
    first: dt.datetime              # states from this day on can matter


def _window(now: dt.datetime, days: int) -> _Window:
    today = now.date()
    return _Window(
        sorted(engine.month_days_in_window(today, days)),
        dt.datetime.combine(today + dt.timedelta(days=days), dt.time.max, tzinfo=now.tzinfo),
        dt.datetime.combine(today, dt.time.max, tzinfo=now.tzinfo),
        dt.datetime.combine(today - dt.timedelta(days=engine.MISSED_DAYS + 1), dt.time(),
                            tzinfo=dt.UTC))


def _load_anniversaries(session: Session, window: _Window) -> list[Anniversary]:
    return _birthdays(session, window.pairs) + _important_dates(session, window.pairs)


class _Rest(NamedTuple):
    cadences: list[Cadence]
    reminders: list[StoredReminder]
    states: list[ItemState]


def _load_rest(session: Session, window: _Window) -> _Rest:
    """Everything but birthdays and dates: keep-in-touch, reminders and states."""
    return _Rest(_cadences(session, window.end_of_today), _reminders(session, window.horizon),
                 _state_rows(session, window.first))


def _settings(session: Session) -> tuple[int, int]:
    """(lead days, due hour), in one query (the ORM's two lookups cost 0.9 ms)."""
    stored = dict(_rows(session, "SELECT key, value FROM settings WHERE key IN (?, ?)",
                        (LEAD_DAYS, DUE_HOUR)))
    lead, hour = stored.get(LEAD_DAYS), stored.get(DUE_HOUR)
    return (int(json.loads(lead)) if lead is not None else 0,
            int(json.loads(hour)) if hour is not None else engine.DEFAULT_DUE_HOUR)


def _data(anniversaries: list[Anniversary], rest: _Rest,
          settings: tuple[int, int]) -> AgendaData:
    """The states of birthdays and dates are kept whatever their key (the engine looks for
    their item and passes over those it does not find): a set of 14,000 keys costs more."""
    keys = ({f"touch:{c.person_id}" for c in rest.cadences}
            | {r.reminder_key for r in rest.reminders})
    lead, hour = settings
    return AgendaData(anniversaries, rest.cadences, rest.reminders,
                      [s for s in rest.states if s.reminder_key in keys
                       or s.reminder_key.startswith(_DATE_KEYS)],
                      lead_days=lead, due_hour=hour)


def load(session: Session, now: dt.datetime, days: int) -> AgendaData:
    window = _window(now, days)
    return _data(_load_anniversaries(session, window), _load_rest(session, window),
                 _settings(session))


def _changes(session: Session) -> int:
    """Where migration 0008's log of the people whose birthdays or dates may have changed
    (by any process) stands: it only grows."""
    return _rows(session, "SELECT coalesce(max(seq), 0) FROM sqlite_sequence "
                          "WHERE name = 'agenda_changed_people'")[0][0]


def _changed_people(session: Session, since: int, limit: int) -> set[int] | None:
    """The people logged after `since`, or None when the log no longer reaches back that far
    or names more than `limit` people (making everything again costs less then)."""
    first = _rows(session, "SELECT min(seq) FROM agenda_changed_people")[0][0]
    if first is None or first > since + 1:
        return None
    people = {pid for (pid,) in _rows(session, "SELECT DISTINCT person_id FROM "
                                               "agenda_changed_people WHERE seq > ? LIMIT ?",
                                      (since, limit + 1))}
    return people if len(people) <= limit else None


def _with_their_loved_ones(session: Session, people: set[int]) -> list[int]:
    """`people` and the loved ones whose dates are shown through one of them."""
    found = set(people)
    for chunk in _chunks(sorted(people)):
        found.update(other for (other,) in _rows(
            session, f"SELECT other_id FROM relationships WHERE type IN ({_LOVED}) "
                     f"AND person_id IN ({_ids(chunk)})"))
    return sorted(found)


def _ids(values: Iterable[int]) -> str:
    return ", ".join(str(int(v)) for v in values)


class _Dates(NamedTuple):
    """Birthday and date items kept between agendas, what they were made of, and the keys
    of each person's dates among them (taken out when that person changes)."""

    key: tuple
    changes: int                        # _changes() when they were made
    items: engine.AnniversaryItems
    dates_of: dict[int, list[str]]      # person id -> "date:N" keys


def _dates_of(anniversaries: Iterable[Anniversary]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for a in anniversaries:
        if a.kind is AgendaKind.IMPORTANT_DATE:
            found.setdefault(a.person_id, []).append(a.reminder_key)
    return found


def _anniversary_items(session: Session, now: dt.datetime, days: int, settings: tuple[int, int],
                       people: list[int] | None = None,
                       pairs: list[tuple[int, int]] | None = None,
                       ) -> tuple[engine.AnniversaryItems, list[Anniversary]]:
    """Birthday and date items (before any state) of everyone, or of `people` only, on the
    (month, day) `pairs` only if given, and the anniversaries they were made of (contacts'
    own birthdays are made straight from rows)."""
    pairs = _window(now, days).pairs if pairs is None else pairs
    birthdays = _rows(session, birthdays_sql(pairs, people))
    anniversaries = (_light_birthdays(session, pairs, people)
                     + _important_dates(session, pairs, _only("d.person_id", people)))
    lead, hour = settings
    data = AgendaData(anniversaries, lead_days=lead, due_hour=hour)
    return (engine.anniversary_items(data, now, days=days, birthdays=birthdays, name_of=_name),
            anniversaries)


def _all_dates(session: Session, now: dt.datetime, key: tuple, changes: int) -> _Dates:
    """`key`: (day, zone, days, settings)."""
    items, anniversaries = _anniversary_items(session, now, key[2], key[3])
    return _Dates(key, changes, items, _dates_of(anniversaries))


def _shifts_to(kept_key: tuple, key: tuple) -> bool:
    """Whether items made for `kept_key` can be moved to the later day of `key` (the same
    zone, window and settings)."""
    return kept_key[1:] == key[1:] and engine.can_shift(kept_key[0], key[0], key[2])


def _dates_later(session: Session, now: dt.datetime, kept: _Dates, key: tuple) -> _Dates:
    """The kept items moved to the later day of `key`, with the items of the (month, day)
    pairs new to its window. They stay as of the kept changes: _dates_again() brings the
    people changed since up to date."""
    days = key[2]
    pairs = sorted(engine.new_month_days(kept.key[0], key[0], days))
    added, anniversaries = _anniversary_items(session, now, days, key[3], pairs=pairs)
    dates_of = dict(kept.dates_of)
    for person, keys in _dates_of(anniversaries).items():
        dates_of[person] = list(dict.fromkeys(dates_of.get(person, []) + keys))
    items = engine.replace_items(engine.shift_items(kept.items, now, days), set(), added)
    return _Dates(key, kept.changes, items, dates_of)


# more changed people than this and everything is made again (a few ms per 100 people)
MAX_CHANGED = 500


def _dates_again(session: Session, now: dt.datetime, kept: _Dates, changes: int) -> _Dates:
    """The kept items, with those of the people changed since they were made made again."""
    changed = _changed_people(session, kept.changes, MAX_CHANGED)
    if changed is None:
        return _all_dates(session, now, kept.key, changes)
    people = _with_their_loved_ones(session, changed)
    gone = {f"birthday:{p}" for p in people}
    dates_of = dict(kept.dates_of)
    for p in people:
        gone.update(dates_of.pop(p, ()))
    added, anniversaries = _anniversary_items(session, now, kept.key[2], kept.key[3], people)
    dates_of.update(_dates_of(anniversaries))
    return _Dates(kept.key, changes, engine.replace_items(kept.items, gone, added), dates_of)


# --- the service --------------------------------------------------------------------------


def parse_item(item_id: str) -> tuple[str, dt.datetime]:
    try:
        key, occurrence = engine.parse_item_id(item_id)
    except ValueError as exc:
        raise InvalidInput(f"{exc}. 'rapport-cli agenda' shows each item's id.", "item") from exc
    if key.partition(":")[0] not in _KINDS:
        raise InvalidInput(f"'{item_id}' is not an agenda item id: it should start with "
                           f"{', '.join(sorted(_KINDS))}.", "item")
    return key, occurrence


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=local_zone())


def _with_zone_rules(now: dt.datetime) -> dt.datetime:
    """`datetime.now().astimezone()` carries a fixed offset, which would put 09:00 items
    after a DST change at 08:00 or 10:00: when that offset is the local zone's, use the zone."""
    now = _aware(now)
    if isinstance(now.tzinfo, dt.timezone):
        local = now.astimezone(local_zone())
        if local.utcoffset() == now.utcoffset():
            return local
    return now


class AgendaService(Service):
    """The agenda is a function of the notebook's data, the day and zone of `now`, and
    `days`. The last one computed for each `days` is kept while nothing was committed: not
    by this process (counted through the engine's commit event) nor by another one
    (SQLite's data_version, asked of the same connection). The tray and the timers ask
    often; a change anywhere makes the next call compute afresh. Forgotten on lock."""

    def __init__(self, db) -> None:
        super().__init__(db)
        self._commits = 0
        self._kept: dict[int, tuple[tuple, Agenda]] = {}
        self._dates: dict[int, _Dates] = {}
        self._watched = None

    def _committed(self, _conn) -> None:
        self._commits += 1

    def _watch(self) -> None:
        """Count commits on the current engine (a new passphrase brings a new engine)."""
        if self._db.engine is not self._watched:
            event.listen(self._db.engine, "commit", self._committed)
            self._watched = self._db.engine
            self.forget()

    def forget(self) -> None:
        self._kept.clear()
        self._dates.clear()

    def agenda(self, now: dt.datetime | None = None, days: int = 30) -> Agenda:
        now = _with_zone_rules(now) if now else local_now()
        if not 0 <= days <= engine.MAX_DAYS:
            raise InvalidInput(f"Show between 0 and {engine.MAX_DAYS} days ahead.", "days")
        self._watch()
        commits = self._commits  # before reading: a commit from here on changes the key
        with self._db.read() as session:
            driver = session.connection().connection.driver_connection
            version = driver.execute("PRAGMA data_version").fetchone()[0]
            key = (driver, version, commits, now.date(), now.tzinfo)
            kept = self._kept.get(days)
            if kept is not None and kept[0] == key:
                return kept[1]
            with collector_paused():
                agenda = self._computed(session, now, days)
        if len(self._kept) > 3:
            self._kept.clear()
        self._kept[days] = (key, agenda)
        return agenda

    def _computed(self, session: Session, now: dt.datetime, days: int) -> Agenda:
        """Birthdays and dates are made again only for the people a change touched (or all
        of them when the zone, window or settings changed, or many people did): most
        changes are a logged call or a reminder. On a new day the kept ones move to it."""
        window, settings = _window(now, days), _settings(session)
        key, changes = (now.date(), now.tzinfo, days, settings), _changes(session)
        rest = _load_rest(session, window)
        dates = self._dates.get(days)
        if dates is not None and dates.key != key and _shifts_to(dates.key, key):
            dates = _dates_later(session, now, dates, key)  # a new day: most items stay
        if dates is None or dates.key != key:
            dates = _all_dates(session, now, key, changes)
        elif dates.changes != changes:
            dates = _dates_again(session, now, dates, changes)
        if len(self._dates) > 3:
            self._dates.clear()
        self._dates[days] = dates
        return engine.compute_agenda(_data([], rest, settings), now, days=days,
                                     anniversaries=dates.items)

    def count_due(self, now: dt.datetime | None = None) -> int:
        """Overdue and today's items, and those already due through a lead time: what the
        tray shows. Counted on the agenda the window shows (so one computation serves both),
        reaching as far as the lead time."""
        now = _aware(now) if now else local_now()
        return self.agenda(now, days=max(30, self.lead_days())).count_due(now)

    # done(), dismiss() and snooze() return the state the occurrence had before (None: it
    # had none), for undo() to put back: undoing a dismiss of a snoozed item snoozes it again

    def done(self, item_id: str) -> OccurrenceRecord | None:
        return self._mark(item_id, OccurrenceState.DONE)

    def dismiss(self, item_id: str) -> OccurrenceRecord | None:
        return self._mark(item_id, OccurrenceState.DISMISSED)

    def snooze(self, item_id: str, until: dt.datetime) -> OccurrenceRecord | None:
        until = _aware(until)
        if until <= dt.datetime.now(dt.UTC):
            raise InvalidInput("Snooze until a moment in the future.", "until")
        due = self._due_at(item_id)
        if due is not None and until <= due:
            raise InvalidInput(f"Not snoozed: {until.astimezone():%a %d %b %H:%M} is not after "
                               f"it is due ({due.astimezone():%a %d %b %H:%M}).", "until")
        return self._mark(item_id, OccurrenceState.SNOOZED, until)

    def _due_at(self, item_id: str) -> dt.datetime | None:
        """When the item is due now (snooze and lead time applied), if the agenda shows it
        (the kept 30-day agenda: usually free)."""
        found = [i.due_at for i in self.agenda().items if i.item_id == item_id]
        return found[0] if found else None

    def undo(self, item_id: str, before: OccurrenceRecord | None = None) -> None:
        """Take back a done, dismiss or snooze: the state `before` it (what those returned),
        or none."""
        key, occurrence = parse_item(item_id)
        self._check_exists(key)
        reminders = RemindersService(self._db)
        if before is None:
            reminders.clear_state(key, occurrence)
        else:
            reminders.set_state(key, occurrence, before.state,
                                snoozed_until=before.snoozed_until)

    # --- settings -------------------------------------------------------------------------

    def lead_days(self) -> int:
        with self._db.read() as session:
            return _settings(session)[0]

    def set_lead_days(self, days: int) -> None:
        if not 0 <= int(days) <= 60:
            raise InvalidInput("Remind between 0 and 60 days before a birthday or date.",
                               "lead_days")
        self._set(LEAD_DAYS, int(days))

    def due_hour(self) -> int:
        with self._db.read() as session:
            return _settings(session)[1]

    def set_due_hour(self, hour: int) -> None:
        if not 0 <= int(hour) <= 23:
            raise InvalidInput("The hour must be between 0 and 23.", "due_hour")
        self._set(DUE_HOUR, int(hour))

    # --- helpers --------------------------------------------------------------------------

    def _set(self, key: str, value: int) -> None:
        SettingsService(self._db).set(key, value)

    def _mark(self, item_id: str, state: OccurrenceState,
              until: dt.datetime | None = None) -> OccurrenceRecord | None:
        key, occurrence = parse_item(item_id)
        self._check_exists(key)
        reminders = RemindersService(self._db)
        before = reminders.state_of(key, occurrence)
        reminders.set_state(key, occurrence, state, snoozed_until=until)
        return before

    def _check_exists(self, key: str) -> None:
        kind, _, number = key.partition(":")
        table, what = {"birthday": ("people", "person"), "touch": ("people", "person"),
                       "date": ("important_dates", "important date"),
                       "reminder": ("reminders", "reminder")}[kind]
        with self._db.read() as session:
            if session.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"),
                               {"id": int(number)}).first() is None:
                raise NotFound(f"There is no {what} #{number} any more: the item is gone.")

