"""The introductions ledger: one connector, one target, a status with dates, a thank-you.

Reminders follow the status, in the same transaction as the change:
- "asked": a follow-up ("Ask Ana again about meeting Ben") due a number of days after the ask
  (setting `introductions.follow_up_days`, 7 by default), closed as soon as the status moves on;
- "introduced" or "met": a thank-you ("Thank Ana for introducing you to Ben"), due the day it
  happened, closed when the connector is marked as thanked.
An introduction that happened more than THANKS_WITHIN_DAYS ago brings no thank-you: that is
history being written down, not a debt ("1,089 days late").
Introductions the user made (the connector is the user's own card) need neither.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.domain import Introduction, IntroductionStatus, OccurrenceState, ReminderKind
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import (
    Service,
    changed,
    existing,
    person_name,
    person_row,
    refresh_sort_name,
)
from app.services.settings import _get
from app.store.models import (
    IntroductionEventRow,
    IntroductionRow,
    IntroductionSubjectRow,
    PersonRow,
    ReminderOccurrenceRow,
    ReminderRow,
)

FOLLOW_UP_DAYS = "introductions.follow_up_days"
DEFAULT_FOLLOW_UP_DAYS = 7
THANKS_WITHIN_DAYS = 30
REMIND_AT = dt.time(9, 0)  # reminders created from a date are due at 9 in the morning
ASK_AGAIN = ReminderKind.FOLLOW_UP
SAY_THANKS = ReminderKind.PROMISE


class IntroductionView(StrEnum):
    """The ledger seen from the user: asks they made, introductions they received (the user
    was introduced), and introductions they made between two other people."""

    ASKED = "asked"
    RECEIVED = "received"
    MADE = "made"


def _me_id(session: Session) -> int | None:
    return session.scalar(select(PersonRow.id).where(PersonRow.is_me.is_(True)))


def _at_nine(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, REMIND_AT).astimezone()


def _open_reminders(session: Session, introduction_id: int, kind: ReminderKind) -> list:
    rows = list(session.scalars(select(ReminderRow).where(
        ReminderRow.introduction_id == introduction_id, ReminderRow.kind == kind.value)))
    closed = set(session.scalars(select(ReminderOccurrenceRow.reminder_key).where(
        ReminderOccurrenceRow.reminder_key.in_([f"reminder:{r.id}" for r in rows]),
        ReminderOccurrenceRow.state != OccurrenceState.SNOOZED.value)))
    return [r for r in rows if f"reminder:{r.id}" not in closed]


def _close(session: Session, introduction_id: int, kind: ReminderKind) -> None:
    for reminder in _open_reminders(session, introduction_id, kind):
        session.add(ReminderOccurrenceRow(reminder_key=f"reminder:{reminder.id}",
                                          occurrence=reminder.due_at,
                                          state=OccurrenceState.DONE.value))


def _names(session: Session, row: IntroductionRow) -> tuple[str, str, str]:
    """(connector, target, who is introduced: 'you' or a name)."""
    subject = session.get(IntroductionSubjectRow, row.id)
    introduced = "you" if subject is None else person_name(person_row(session, subject.person_id))
    return (person_name(person_row(session, row.connector_id)),
            person_name(person_row(session, row.target_id)), introduced)


def _remind(session: Session, row: IntroductionRow, kind: ReminderKind, title: str,
            due: dt.date) -> None:
    if _open_reminders(session, row.id, kind):
        return
    session.add(ReminderRow(person_id=row.connector_id, kind=kind.value, title=title,
                            due_at=_at_nine(due), introduction_id=row.id))


def _follow_status(session: Session, row: IntroductionRow) -> None:
    """Open and close the reminders the new status calls for."""
    status = IntroductionStatus(row.status)
    if status != IntroductionStatus.ASKED:
        _close(session, row.id, ASK_AGAIN)
    if row.connector_id == _me_id(session):
        return
    connector, target, introduced = _names(session, row)
    if status == IntroductionStatus.ASKED:
        days = int(_get(session, FOLLOW_UP_DAYS, DEFAULT_FOLLOW_UP_DAYS))
        about = f"meeting {target}" if introduced == "you" else \
            f"introducing {introduced} to {target}"
        _remind(session, row, ASK_AGAIN, f"Ask {connector} again about {about}",
                (row.asked_on or dt.date.today()) + dt.timedelta(days=days))
    elif status in (IntroductionStatus.INTRODUCED, IntroductionStatus.MET) \
            and row.thanked_on is None and _recent(row.status_on):
        _remind(session, row, SAY_THANKS,
                f"Thank {connector} for introducing {introduced} to {target}",
                row.status_on or dt.date.today())


def _recent(day: dt.date | None) -> bool:
    return day is None or (dt.date.today() - day).days <= THANKS_WITHIN_DAYS


def _new_person(session: Session, name: str) -> int:
    """Someone the user wants to meet and has not recorded yet: a person of their own."""
    given, _, family = " ".join(name.split()).partition(" ")
    row = PersonRow(uid=str(uuid.uuid4()), given_name=given, family_name=family)
    refresh_sort_name(row)
    session.add(row)
    session.flush()
    changed(session, row.id)
    return row.id


class IntroductionsService(Service):
    def record(self, connector_id: int, target_id: int | None, *,
               status: IntroductionStatus = IntroductionStatus.TO_ASK,
               asked_on: dt.date | None = None, notes: str = "",
               introduced_id: int | None = None, new_target_name: str = "") -> Introduction:
        """`introduced_id`: who is introduced to the target when it is not the user.
        `new_target_name` (target_id None): the person to meet is not in the notebook yet and
        is added with the introduction, in the same transaction."""
        if target_id is None and not new_target_name.strip():
            raise InvalidInput("Say whom you want to meet.", "target")
        if connector_id == target_id or (introduced_id is not None
                                         and introduced_id in (connector_id, target_id)):
            raise InvalidInput("The connector, the person to meet and the person introduced "
                               "must be different people.")
        status = IntroductionStatus(status)
        if status != IntroductionStatus.TO_ASK and asked_on is None:
            asked_on = dt.date.today()
        with self._db.transaction() as session:
            for person_id in (connector_id, target_id, introduced_id):
                if person_id is not None:
                    person_row(session, person_id)
            if target_id is None:
                target_id = _new_person(session, new_target_name)
            row = IntroductionRow(connector_id=connector_id, target_id=target_id,
                                  status=status.value, asked_on=asked_on,
                                  status_on=asked_on or dt.date.today(), notes=notes.strip())
            session.add(row)
            session.flush()
            me = _me_id(session)
            if connector_id == me and introduced_id in (None, me):
                raise InvalidInput("You are the connector: say whom you introduced to "
                                   f"{person_name(person_row(session, target_id))}.")
            if introduced_id is not None and introduced_id != me:
                session.add(IntroductionSubjectRow(introduction_id=row.id,
                                                   person_id=introduced_id))
            session.add(IntroductionEventRow(introduction_id=row.id, status=status.value,
                                             happened_on=row.status_on))
            session.flush()
            _follow_status(session, row)
            session.flush()
            return read_models.introductions(session, [row])[0]

    def set_status(self, introduction_id: int, status: IntroductionStatus,
                   on: dt.date | None = None) -> Introduction:
        status = IntroductionStatus(status)
        on = on or dt.date.today()
        with self._db.transaction() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            if row.status == status.value:
                return read_models.introductions(session, [row])[0]
            row.status, row.status_on = status.value, on
            if status == IntroductionStatus.ASKED and row.asked_on is None:
                row.asked_on = on
            session.add(IntroductionEventRow(introduction_id=row.id, status=status.value,
                                             happened_on=on))
            session.flush()
            _follow_status(session, row)
            session.flush()
            return read_models.introductions(session, [row])[0]

    def mark_thanked(self, introduction_id: int, on: dt.date | None = None) -> Introduction:
        with self._db.transaction() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            row.thanked_on = on or dt.date.today()
            _close(session, row.id, SAY_THANKS)
            session.flush()
            return read_models.introductions(session, [row])[0]

    def delete(self, introduction_id: int) -> None:
        """The introduction, its history and its reminders."""
        with self._db.transaction() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            for reminder in session.scalars(select(ReminderRow).where(
                    ReminderRow.introduction_id == row.id)):
                session.query(ReminderOccurrenceRow).filter(
                    ReminderOccurrenceRow.reminder_key == f"reminder:{reminder.id}").delete()
            session.delete(row)

    def get(self, introduction_id: int) -> Introduction:
        with self._db.read() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            return read_models.introductions(session, [row])[0]

    def for_person(self, person_id: int) -> list[Introduction]:
        """Introductions where the person is the connector, the target or the one introduced."""
        with self._db.read() as session:
            rows = session.scalars(select(IntroductionRow).where(or_(
                IntroductionRow.connector_id == person_id, IntroductionRow.target_id == person_id,
                IntroductionRow.id.in_(select(IntroductionSubjectRow.introduction_id).where(
                    IntroductionSubjectRow.person_id == person_id))
            )).order_by(IntroductionRow.created_at, IntroductionRow.id))
            return read_models.introductions(session, list(rows))

    def all(self) -> list[Introduction]:
        with self._db.read() as session:
            rows = session.scalars(select(IntroductionRow)
                                   .order_by(IntroductionRow.created_at, IntroductionRow.id))
            return read_models.introductions(session, list(rows))

    def listed(self, view: IntroductionView | None = None,
               status: IntroductionStatus | None = None) -> list[Introduction]:
        """The ledger for the Introductions window: one of the three views, one status."""
        with self._db.read() as session:
            me = _me_id(session)
            query = select(IntroductionRow).order_by(IntroductionRow.status_on.desc(),
                                                     IntroductionRow.id.desc())
            if status is not None:
                query = query.where(IntroductionRow.status == IntroductionStatus(status).value)
            rows = list(session.scalars(query))
            if view is not None:
                rows = [r for r in rows if _view_of(r, me) == view]
            return read_models.introductions(session, rows)

    def follow_up_days(self) -> int:
        with self._db.read() as session:
            return int(_get(session, FOLLOW_UP_DAYS, DEFAULT_FOLLOW_UP_DAYS))


def _view_of(row: IntroductionRow, me: int | None) -> IntroductionView:
    if row.connector_id == me:
        return IntroductionView.MADE
    happened = row.status in (IntroductionStatus.INTRODUCED, IntroductionStatus.MET)
    return IntroductionView.RECEIVED if happened else IntroductionView.ASKED
