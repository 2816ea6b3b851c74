"""The timeline: meetings, calls, emails, meals ... with any number of participants.
"Last contacted" is derived from it, never stored, so it cannot drift."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, select

from app.domain import Interaction, ReminderKind
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import Service, changed, existing, person_row
from app.store.models import InteractionParticipantRow, InteractionRow, ReminderRow

FOLLOW_UP_HOUR = 9


def _aware(moment: dt.datetime) -> dt.datetime:
    """Naive times are taken as the computer's local time."""
    return moment if moment.tzinfo else moment.astimezone()


def _check_when(moment: dt.datetime) -> dt.datetime:
    """An interaction has happened: one dated in the future would make "last contacted"
    lie and hide the person from the overdue list. A day's slack covers time zones."""
    if moment > dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
        raise InvalidInput("That date is in the future: log an interaction once it has "
                           "happened, or add a reminder for it.", "when")
    return moment


def follow_up_due(on: dt.date) -> dt.datetime:
    return dt.datetime.combine(on, dt.time(FOLLOW_UP_HOUR)).astimezone()


class InteractionsService(Service):
    def log(self, kind: str, participant_ids: list[int], *, when: dt.datetime | None = None,
            subject: str = "", notes: str = "", location: str = "",
            follow_up_on: dt.date | None = None, follow_up_title: str = "") -> Interaction:
        """Record an interaction; optionally create a follow-up reminder for each participant."""
        kind = kind.strip().lower()
        if not kind:
            raise InvalidInput("Say what kind of interaction it was (call, meeting ...).", "kind")
        people = list(dict.fromkeys(participant_ids))
        if not people:
            raise InvalidInput("An interaction needs at least one person.", "participants")
        when = _aware(when) if when else dt.datetime.now().astimezone()
        _check_when(when)
        if follow_up_on is not None and follow_up_on < when.astimezone().date():
            raise InvalidInput("The follow-up must come after the interaction.", "follow_up")
        with self._db.transaction() as session:
            for person_id in people:
                person_row(session, person_id, include_trashed=False)
            row = InteractionRow(occurred_at=when, kind=kind, subject=subject.strip(),
                                 notes=notes.strip(), location=location.strip())
            session.add(row)
            session.flush()
            session.add_all(InteractionParticipantRow(interaction_id=row.id, person_id=p)
                            for p in people)
            if follow_up_on is not None:
                title = follow_up_title.strip() or f"Follow up: {subject.strip() or kind}"
                session.add_all(
                    ReminderRow(person_id=p, kind=ReminderKind.FOLLOW_UP.value, title=title,
                                due_at=follow_up_due(follow_up_on), interaction_id=row.id)
                    for p in people)
            changed(session, *people)
            return read_models.interactions(session, [row])[0]

    def update(self, interaction_id: int, *, kind: str | None = None,
               when: dt.datetime | None = None, subject: str | None = None,
               notes: str | None = None, location: str | None = None,
               participant_ids: list[int] | None = None) -> Interaction:
        with self._db.transaction() as session:
            row = existing(session, InteractionRow, interaction_id, "interaction")
            before = self._participants(session, interaction_id)
            if kind is not None:
                if not kind.strip():
                    raise InvalidInput("Say what kind of interaction it was.", "kind")
                row.kind = kind.strip().lower()
            if when is not None:
                row.occurred_at = _check_when(_aware(when))
            for name, value in (("subject", subject), ("notes", notes), ("location", location)):
                if value is not None:
                    setattr(row, name, value.strip())
            after = before
            if participant_ids is not None:
                after = list(dict.fromkeys(participant_ids))
                if not after:
                    raise InvalidInput("An interaction needs at least one person.", "participants")
                for person_id in after:
                    person_row(session, person_id)
                session.execute(delete(InteractionParticipantRow).where(
                    InteractionParticipantRow.interaction_id == interaction_id))
                session.add_all(InteractionParticipantRow(interaction_id=interaction_id,
                                                          person_id=p) for p in after)
            changed(session, *set(before) | set(after))
            return read_models.interactions(session, [row])[0]

    def delete(self, interaction_id: int) -> None:
        with self._db.transaction() as session:
            row = existing(session, InteractionRow, interaction_id, "interaction")
            people = self._participants(session, interaction_id)
            session.delete(row)
            changed(session, *people)

    def get(self, interaction_id: int) -> Interaction:
        with self._db.read() as session:
            row = existing(session, InteractionRow, interaction_id, "interaction")
            return read_models.interactions(session, [row])[0]

    def for_person(self, person_id: int, limit: int | None = None) -> list[Interaction]:
        with self._db.read() as session:
            person_row(session, person_id)
            return read_models.interactions_of(session, person_id, limit)

    def last_contacted(self, person_id: int) -> dt.datetime | None:
        with self._db.read() as session:
            return read_models.last_contacted(session, person_id)

    @staticmethod
    def _participants(session, interaction_id: int) -> list[int]:
        return list(session.scalars(select(InteractionParticipantRow.person_id).where(
            InteractionParticipantRow.interaction_id == interaction_id)))
