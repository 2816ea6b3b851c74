"""Stored reminders (follow-ups, promises, custom one-off or recurring) and the per-occurrence
state (done, snoozed, dismissed) of any reminder, stored or derived from people's data."""

from __future__ import annotations

import datetime as dt

from dateutil.rrule import rrulestr
from sqlalchemy import select

from app.agenda import local_zone, recurrences
from app.domain import OccurrenceRecord, OccurrenceState, Reminder, ReminderKind
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import Service, existing, person_row
from app.store.models import ReminderOccurrenceRow, ReminderRow, utcnow

MAX_TITLE = 500


def check_rrule(rule: str, start: dt.datetime) -> str:
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    if not rule:
        return ""
    try:
        rrulestr(rule, dtstart=start)
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"'{rule}' is not a repeat rule (e.g. FREQ=MONTHLY;BYMONTHDAY=1): "
                           f"{exc}", "rrule") from exc
    return rule


def current_occurrence(reminder: Reminder) -> dt.datetime:
    if not reminder.rrule:
        return reminder.due_at
    closed = {o.occurrence for o in reminder.occurrences if o.state != OccurrenceState.SNOOZED}
    # the local zone with its DST rules, as the agenda does: 09:00 stays 09:00 in summer
    for moment in recurrences(reminder.rrule, reminder.due_at, local_zone()):
        if moment not in closed:
            return moment
    return reminder.due_at  # a finite rule with every occurrence closed


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.astimezone()


class RemindersService(Service):
    def add(self, title: str, due_at: dt.datetime, *, kind: ReminderKind = ReminderKind.CUSTOM,
            person_id: int | None = None, rrule: str = "", notes: str = "",
            introduction_id: int | None = None) -> Reminder:
        title = title.strip()
        if not title:
            raise InvalidInput("Say what the reminder is for.", "title")
        if len(title) > MAX_TITLE:
            raise InvalidInput(f"Keep the title under {MAX_TITLE} characters.", "title")
        due_at = _aware(due_at)
        rule = check_rrule(rrule, due_at)
        with self._db.transaction() as session:
            if person_id is not None:
                person_row(session, person_id)
            row = ReminderRow(person_id=person_id, kind=ReminderKind(kind).value, title=title,
                              due_at=due_at, rrule=rule, notes=notes.strip(),
                              introduction_id=introduction_id)
            session.add(row)
            session.flush()
            return read_models.reminders(session, [row])[0]

    def update(self, reminder_id: int, *, title: str | None = None,
               due_at: dt.datetime | None = None, rrule: str | None = None,
               notes: str | None = None, kind: ReminderKind | str | None = None) -> Reminder:
        with self._db.transaction() as session:
            row = existing(session, ReminderRow, reminder_id, "reminder")
            if kind is not None:
                row.kind = ReminderKind(kind).value
            if title is not None:
                if not title.strip():
                    raise InvalidInput("Say what the reminder is for.", "title")
                row.title = title.strip()
            if due_at is not None:
                row.due_at = _aware(due_at)
            if rrule is not None:
                row.rrule = check_rrule(rrule, row.due_at)
            if notes is not None:
                row.notes = notes.strip()
            session.flush()
            return read_models.reminders(session, [row])[0]

    def delete(self, reminder_id: int) -> None:
        with self._db.transaction() as session:
            row = existing(session, ReminderRow, reminder_id, "reminder")
            session.query(ReminderOccurrenceRow).filter(
                ReminderOccurrenceRow.reminder_key == f"reminder:{reminder_id}").delete()
            session.delete(row)

    def get(self, reminder_id: int) -> Reminder:
        with self._db.read() as session:
            row = existing(session, ReminderRow, reminder_id, "reminder")
            return read_models.reminders(session, [row])[0]

    def list(self, *, person_id: int | None = None, include_closed: bool = False,
             kinds: tuple[ReminderKind, ...] = ()) -> list[Reminder]:
        with self._db.read() as session:
            query = select(ReminderRow).order_by(ReminderRow.due_at, ReminderRow.id)
            if person_id is not None:
                query = query.where(ReminderRow.person_id == person_id)
            if kinds:
                query = query.where(ReminderRow.kind.in_([k.value for k in kinds]))
            found = read_models.reminders(session, list(session.scalars(query)))
        return found if include_closed else [r for r in found if not r.is_closed]

    # --- occurrences (stored and derived reminders alike) -----------------------------

    def set_state(self, reminder_key: str, occurrence: dt.datetime, state: OccurrenceState, *,
                  snoozed_until: dt.datetime | None = None) -> OccurrenceRecord:
        state = OccurrenceState(state)
        if state == OccurrenceState.SNOOZED and snoozed_until is None:
            raise InvalidInput("Say until when to snooze.", "snoozed_until")
        occurrence = _aware(occurrence)
        with self._db.transaction() as session:
            row = session.scalar(select(ReminderOccurrenceRow).where(
                ReminderOccurrenceRow.reminder_key == reminder_key,
                ReminderOccurrenceRow.occurrence == occurrence))
            if row is None:
                row = ReminderOccurrenceRow(reminder_key=reminder_key, occurrence=occurrence)
                session.add(row)
            row.state = state.value
            row.snoozed_until = _aware(snoozed_until) if snoozed_until else None
            row.updated_at = utcnow()
            session.flush()
            return read_models.occurrence(row)

    def state_of(self, reminder_key: str, occurrence: dt.datetime) -> OccurrenceRecord | None:
        """The done/snoozed/dismissed state of one occurrence, if it has one."""
        with self._db.read() as session:
            row = session.scalar(select(ReminderOccurrenceRow).where(
                ReminderOccurrenceRow.reminder_key == reminder_key,
                ReminderOccurrenceRow.occurrence == _aware(occurrence)))
            return read_models.occurrence(row) if row is not None else None

    def clear_state(self, reminder_key: str, occurrence: dt.datetime) -> None:
        """Undo done/snoozed/dismissed for one occurrence."""
        with self._db.transaction() as session:
            session.query(ReminderOccurrenceRow).filter(
                ReminderOccurrenceRow.reminder_key == reminder_key,
                ReminderOccurrenceRow.occurrence == _aware(occurrence)).delete()

    def states(self, reminder_keys: list[str] | None = None) -> list[OccurrenceRecord]:
        with self._db.read() as session:
            query = select(ReminderOccurrenceRow)
            if reminder_keys is not None:
                query = query.where(ReminderOccurrenceRow.reminder_key.in_(reminder_keys))
            return [read_models.occurrence(r) for r in session.scalars(query)]

    def complete(self, reminder_id: int) -> OccurrenceRecord:
        """Mark a stored reminder's current occurrence done: its due time, or for a
        recurring one the earliest occurrence not yet done or dismissed."""
        reminder = self.get(reminder_id)
        return self.set_state(reminder.key, current_occurrence(reminder), OccurrenceState.DONE)
