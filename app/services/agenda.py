"""The agenda service: loads what the agenda engine needs (filtered in SQL, no per-person
queries), and keeps the done/snoozed/dismissed state of every occurrence, derived or stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from dateutil import tz
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app import agenda as engine
from app.agenda import (
    Agenda,
    AgendaData,
    AgendaKind,
    Anniversary,
    Cadence,
    ItemState,
    State,
    StoredReminder,
)
from app.domain import LOVED_ONE_TYPES, OccurrenceState, compose_display_name
from app.errors import InvalidInput, NotFound
from app.services.base import Service
from app.services.reminders import RemindersService
from app.services.settings import SettingsService, _get
from app.store.models import ReminderOccurrenceRow

LEAD_DAYS = "agenda_lead_days"
DUE_HOUR = "agenda_due_hour"
CHUNK = 500
_KINDS = {"birthday", "date", "touch", "reminder"}

_NAME_COLUMNS = "display_name, prefix, given_name, middle_name, family_name, suffix, nickname"
_VISIBLE = "trashed_at IS NULL AND archived_at IS NULL"


def local_now() -> dt.datetime:
    """Now in the computer's zone, with its DST rules (not a fixed offset)."""
    return dt.datetime.now(tz.tzlocal())


def _name(row: Sequence) -> str:
    display, prefix, given, middle, family, suffix, nickname = row
    return compose_display_name(display_name=display or "", prefix=prefix or "",
                                given_name=given or "", middle_name=middle or "",
                                family_name=family or "", suffix=suffix or "",
                                nickname=nickname or "")


def _utc(value) -> dt.datetime | None:
    """A timestamp read through text(): stored as naive UTC."""
    if value is None:
        return None
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(value)
    return moment.replace(tzinfo=dt.UTC)


def _chunks(values: list, size: int = CHUNK) -> Iterable[list]:
    for start in range(0, len(values), size):
        yield values[start:start + size]


# --- loading ------------------------------------------------------------------------------


def _birthdays(session: Session, pairs: list[tuple[int, int]]) -> list[Anniversary]:
    """Birthdays in the window: of listed people, and of light entries (loved ones) through
    the contact they belong to."""
    found: list[Anniversary] = []
    light: dict[int, tuple[str, int | None, int, int]] = {}
    for chunk in _chunks(pairs, 200):
        rows = session.execute(text(
            f"SELECT id, birthday_year, birthday_month, birthday_day, is_light, {_NAME_COLUMNS} "
            f"FROM people WHERE {_VISIBLE} AND is_me = 0 AND "
            f"(birthday_month, birthday_day) IN ({_pair_values(chunk)})"))
        for pid, year, month, day, is_light, *names in rows:
            if is_light:
                light[pid] = (_name(names), year, month, day)
            else:
                found.append(Anniversary(f"birthday:{pid}", AgendaKind.BIRTHDAY, month, day,
                                         year, pid, _name(names)))
    for pid, via_id, via_name, relation in _loved_by(session, list(light)):
        name, year, month, day = light[pid]
        found.append(Anniversary(f"birthday:{pid}", AgendaKind.BIRTHDAY, month, day, year, pid,
                                 name, via_id=via_id, via_name=via_name, relation=relation))
    return found


def _pair_values(pairs: list[tuple[int, int]]) -> str:
    # integers we computed ourselves, never user text
    return ", ".join(f"({int(m)}, {int(d)})" for m, d in pairs)


def _loved_by(session: Session, light_ids: list[int]) -> list[tuple[int, int, str, str]]:
    """(light entry, our contact, contact's name, relation) - one contact per light entry."""
    seen: dict[int, tuple[int, int, str, str]] = {}
    loved = ", ".join(f"'{t}'" for t in sorted(LOVED_ONE_TYPES))
    for chunk in _chunks(light_ids):
        rows = session.execute(text(
            f"SELECT r.other_id, r.person_id, r.type, {_NAME_COLUMNS} FROM relationships r "
            f"JOIN people ON people.id = r.person_id WHERE r.other_id IN "
            f"({', '.join(str(int(i)) for i in chunk)}) AND r.type IN ({loved}) "
            f"AND people.is_light = 0 AND people.{_VISIBLE.replace(' AND ', ' AND people.')} "
            "ORDER BY r.other_id, r.person_id"))
        for other_id, via_id, relation, *names in rows:
            seen.setdefault(other_id, (other_id, via_id, _name(names), relation))
    return list(seen.values())


def _important_dates(session: Session, pairs: set[tuple[int, int]]) -> list[Anniversary]:
    rows = session.execute(text(
        f"SELECT d.id, d.person_id, d.label, d.year, d.month, d.day, people.is_light, "
        f"{_NAME_COLUMNS} FROM important_dates d JOIN people ON people.id = d.person_id "
        f"WHERE people.trashed_at IS NULL AND people.archived_at IS NULL"))
    found, light = [], []
    for date_id, pid, label, year, month, day, is_light, *names in rows:
        if (month, day) not in pairs:
            continue
        a = Anniversary(f"date:{date_id}", AgendaKind.IMPORTANT_DATE, month, day, year, pid,
                        _name(names), label=label)
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


_CADENCE_SQL = f"""
WITH tag_cadence AS (
  SELECT pt.person_id AS person_id, min(t.cadence_days) AS days
  FROM person_tags pt JOIN tags t ON t.id = pt.tag_id
  WHERE t.cadence_days IS NOT NULL GROUP BY pt.person_id),
cadenced AS (
  SELECT people.id AS id, coalesce(people.cadence_days, tc.days) AS days, people.created_at,
         {_NAME_COLUMNS}
  FROM people LEFT JOIN tag_cadence tc ON tc.person_id = people.id
  WHERE (people.cadence_days IS NOT NULL OR tc.days IS NOT NULL)
    AND people.{_VISIBLE.replace(' AND ', ' AND people.')}
    AND people.is_light = 0 AND people.is_me = 0),
contacted AS (
  SELECT cadenced.*, (SELECT max(i.occurred_at) FROM interaction_participants ip
      JOIN interactions i ON i.id = ip.interaction_id WHERE ip.person_id = cadenced.id) AS last
  FROM cadenced)
SELECT id, days, created_at, last, {_NAME_COLUMNS} FROM contacted
WHERE julianday(coalesce(last, created_at)) + days <= julianday(:horizon)
"""


def _cadences(session: Session, horizon: dt.datetime) -> list[Cadence]:
    """People whose keep-in-touch falls due by `horizon` (a day's slack for time zones)."""
    naive = (horizon + dt.timedelta(days=1)).astimezone(dt.UTC).replace(tzinfo=None)
    rows = session.execute(text(_CADENCE_SQL), {"horizon": naive.isoformat(sep=" ")})
    return [Cadence(pid, _name(names), days, _utc(last), _utc(created))
            for pid, days, created, last, *names in rows]


_REMINDER_SQL = f"""
SELECT r.id, r.kind, r.title, r.due_at, r.rrule, r.person_id, {_NAME_COLUMNS}
FROM reminders r LEFT JOIN people ON people.id = r.person_id
WHERE (r.person_id IS NULL OR (people.{_VISIBLE.replace(' AND ', ' AND people.')}))
  AND (r.rrule != '' OR (r.due_at <= :horizon AND NOT EXISTS (
       SELECT 1 FROM reminder_occurrences o WHERE o.reminder_key = 'reminder:' || r.id
       AND o.state != 'snoozed')))
"""


def _reminders(session: Session, horizon: dt.datetime) -> list[StoredReminder]:
    naive = (horizon + dt.timedelta(days=1)).astimezone(dt.UTC).replace(tzinfo=None)
    rows = session.execute(text(_REMINDER_SQL), {"horizon": naive.isoformat(sep=" ")})
    found = []
    for rid, kind, title, due_at, rule, pid, *names in rows:
        found.append(StoredReminder(rid, AgendaKind(kind), title, _utc(due_at), rule or "", pid,
                                    _name(names) if pid is not None else ""))
    return found


def _states(session: Session, keys: list[str]) -> list[ItemState]:
    found = []
    for chunk in _chunks(sorted(set(keys))):
        for row in session.scalars(select(ReminderOccurrenceRow).where(
                ReminderOccurrenceRow.reminder_key.in_(chunk))):
            found.append(ItemState(row.reminder_key, row.occurrence, State(row.state),
                                   row.snoozed_until, row.updated_at))
    return found


def load(session: Session, now: dt.datetime, days: int) -> AgendaData:
    today = now.date()
    pairs = engine.month_days_in_window(today, days)
    horizon = dt.datetime.combine(today + dt.timedelta(days=days), dt.time.max, tzinfo=now.tzinfo)
    anniversaries = _birthdays(session, sorted(pairs)) + _important_dates(session, pairs)
    cadences = _cadences(session, horizon)
    reminders = _reminders(session, horizon)
    keys = ([a.reminder_key for a in anniversaries] + [f"touch:{c.person_id}" for c in cadences]
            + [r.reminder_key for r in reminders])
    lead = _get(session, LEAD_DAYS, 0)
    hour = _get(session, DUE_HOUR, engine.DEFAULT_DUE_HOUR)
    return AgendaData(anniversaries, cadences, reminders, _states(session, keys),
                      lead_days=int(lead), due_hour=int(hour))


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
    return moment if moment.tzinfo else moment.replace(tzinfo=tz.tzlocal())


class AgendaService(Service):
    def agenda(self, now: dt.datetime | None = None, days: int = 30) -> Agenda:
        now = _aware(now) if now else local_now()
        if not 0 <= days <= engine.MAX_DAYS:
            raise InvalidInput(f"Show between 0 and {engine.MAX_DAYS} days ahead.", "days")
        with self._db.read() as session:
            data = load(session, now, days)
        return engine.compute_agenda(data, now, days=days)

    def count_due(self, now: dt.datetime | None = None) -> int:
        now = _aware(now) if now else local_now()
        return self.agenda(now, days=0).count_due(now)

    def done(self, item_id: str) -> None:
        self._mark(item_id, OccurrenceState.DONE)

    def dismiss(self, item_id: str) -> None:
        self._mark(item_id, OccurrenceState.DISMISSED)

    def snooze(self, item_id: str, until: dt.datetime) -> None:
        until = _aware(until)
        if until <= dt.datetime.now(dt.UTC):
            raise InvalidInput("Snooze until a moment in the future.", "until")
        self._mark(item_id, OccurrenceState.SNOOZED, until)

    def undo(self, item_id: str) -> None:
        key, occurrence = parse_item(item_id)
        self._check_exists(key)
        RemindersService(self._db).clear_state(key, occurrence)

    # --- settings -------------------------------------------------------------------------

    def lead_days(self) -> int:
        with self._db.read() as session:
            return int(_get(session, LEAD_DAYS, 0))

    def set_lead_days(self, days: int) -> None:
        if not 0 <= int(days) <= 60:
            raise InvalidInput("Remind between 0 and 60 days before a birthday or date.",
                               "lead_days")
        self._set(LEAD_DAYS, int(days))

    def due_hour(self) -> int:
        with self._db.read() as session:
            return int(_get(session, DUE_HOUR, engine.DEFAULT_DUE_HOUR))

    def set_due_hour(self, hour: int) -> None:
        if not 0 <= int(hour) <= 23:
            raise InvalidInput("The hour must be between 0 and 23.", "due_hour")
        self._set(DUE_HOUR, int(hour))

    # --- helpers --------------------------------------------------------------------------

    def _set(self, key: str, value: int) -> None:
        SettingsService(self._db).set(key, value)

    def _mark(self, item_id: str, state: OccurrenceState,
              until: dt.datetime | None = None) -> None:
        key, occurrence = parse_item(item_id)
        self._check_exists(key)
        RemindersService(self._db).set_state(key, occurrence, state, snoozed_until=until)

    def _check_exists(self, key: str) -> None:
        kind, _, number = key.partition(":")
        table, what = {"birthday": ("people", "person"), "touch": ("people", "person"),
                       "date": ("important_dates", "important date"),
                       "reminder": ("reminders", "reminder")}[kind]
        with self._db.read() as session:
            if session.execute(text(f"SELECT 1 FROM {table} WHERE id = :id"),
                               {"id": int(number)}).first() is None:
                raise NotFound(f"There is no {what} #{number} any more: the item is gone.")

