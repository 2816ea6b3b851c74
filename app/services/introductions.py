"""The introductions ledger: one connector, one target, a status with dates, a thank-you."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import or_, select

from app.domain import Introduction, IntroductionStatus
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import Service, existing, person_row
from app.store.models import IntroductionRow


class IntroductionsService(Service):
    def record(self, connector_id: int, target_id: int, *,
               status: IntroductionStatus = IntroductionStatus.TO_ASK,
               asked_on: dt.date | None = None, notes: str = "") -> Introduction:
        if connector_id == target_id:
            raise InvalidInput("The connector and the person to meet must be two people.")
        status = IntroductionStatus(status)
        if status != IntroductionStatus.TO_ASK and asked_on is None:
            asked_on = dt.date.today()
        with self._db.transaction() as session:
            person_row(session, connector_id)
            person_row(session, target_id)
            row = IntroductionRow(connector_id=connector_id, target_id=target_id,
                                  status=status.value, asked_on=asked_on,
                                  status_on=asked_on or dt.date.today(), notes=notes.strip())
            session.add(row)
            session.flush()
            return read_models.introductions(session, [row])[0]

    def set_status(self, introduction_id: int, status: IntroductionStatus,
                   on: dt.date | None = None) -> Introduction:
        status = IntroductionStatus(status)
        on = on or dt.date.today()
        with self._db.transaction() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            row.status, row.status_on = status.value, on
            if status == IntroductionStatus.ASKED and row.asked_on is None:
                row.asked_on = on
            session.flush()
            return read_models.introductions(session, [row])[0]

    def mark_thanked(self, introduction_id: int, on: dt.date | None = None) -> Introduction:
        with self._db.transaction() as session:
            row = existing(session, IntroductionRow, introduction_id, "introduction")
            row.thanked_on = on or dt.date.today()
            session.flush()
            return read_models.introductions(session, [row])[0]

    def delete(self, introduction_id: int) -> None:
        with self._db.transaction() as session:
            session.delete(existing(session, IntroductionRow, introduction_id, "introduction"))

    def for_person(self, person_id: int) -> list[Introduction]:
        """Introductions where the person is the connector or the target."""
        with self._db.read() as session:
            rows = session.scalars(select(IntroductionRow).where(or_(
                IntroductionRow.connector_id == person_id, IntroductionRow.target_id == person_id
            )).order_by(IntroductionRow.created_at))
            return read_models.introductions(session, list(rows))

    def all(self) -> list[Introduction]:
        with self._db.read() as session:
            rows = session.scalars(select(IntroductionRow).order_by(IntroductionRow.created_at))
            return read_models.introductions(session, list(rows))
