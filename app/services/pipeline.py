"""The pipeline: Prospect -> Customer -> Advocate, plus Not now and Lost.

Every stage change writes a `stage_changes` row in the transaction that changes the stage
(`record_stage_change`, called by the people service too), so the history is never behind.
Counts are one GROUP BY and each stage's people come a page at a time: fast at 100,000.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import Page, PersonSummary, Stage, StageChange
from app.errors import InvalidInput
from app.services.base import Service, changed, person_row
from app.services.read_models import stage_history
from app.services.settings import _get
from app.store.models import PersonRow, SettingRow, StageChangeRow, utcnow

PROSPECT_TARGET = "pipeline.prospect_target"
STAGE_ORDER = (Stage.PROSPECT, Stage.CUSTOMER, Stage.ADVOCATE, Stage.NOT_NOW, Stage.LOST)


@dataclass(frozen=True)
class PipelineCounts:
    counts: dict[Stage, int]
    prospect_target: int | None

    @property
    def prospects_short(self) -> int:
        """How many prospects are missing to reach the target (0: none, or no target)."""
        if not self.prospect_target:
            return 0
        return max(0, self.prospect_target - self.counts.get(Stage.PROSPECT, 0))


def _listed():
    """The people the pipeline shows: the same as the people list."""
    return (PersonRow.trashed_at.is_(None), PersonRow.archived_at.is_(None),
            PersonRow.is_light.is_(False))


def record_stage_change(session: Session, row: PersonRow, stage: str | None) -> None:
    """Set the row's stage and keep the move in the history (nothing when it is the same)."""
    if (row.stage or None) == (stage or None):
        return
    session.add(StageChangeRow(person_id=row.id, from_stage=row.stage, to_stage=stage,
                               changed_at=utcnow()))
    row.stage = stage


def stage_value(stage: Stage | str | None) -> str | None:
    if not stage:
        return None
    try:
        return Stage(stage).value
    except ValueError as exc:
        choices = ", ".join(s.value for s in Stage)
        raise InvalidInput(f"'{stage}' is not a stage; choose {choices}.", "stage") from exc


class PipelineService(Service):
    def counts(self) -> PipelineCounts:
        with self._db.read() as session:
            found = dict(session.execute(
                select(PersonRow.stage, func.count()).where(
                    PersonRow.stage.is_not(None), *_listed()).group_by(PersonRow.stage)).all())
            target = _get(session, PROSPECT_TARGET)
        return PipelineCounts({s: found.get(s.value, 0) for s in STAGE_ORDER}, target)

    def people(self, stage: Stage, *, offset: int = 0, limit: int = 200) -> Page:
        """One stage's people by name, a page at a time."""
        from app.services.people import summaries  # people imports this module

        with self._db.read() as session:
            where = (PersonRow.stage == Stage(stage).value, *_listed())
            total = session.scalar(select(func.count()).select_from(PersonRow).where(*where))
            ids = list(session.scalars(select(PersonRow.id).where(*where)
                                       .order_by(PersonRow.sort_name, PersonRow.id)
                                       .offset(offset).limit(limit)))
            found: list[PersonSummary] = summaries(session, ids)
        return Page(found, total or 0)

    def set_stage(self, person_id: int, stage: Stage | str | None) -> None:
        value = stage_value(stage)
        with self._db.transaction() as session:
            record_stage_change(session, person_row(session, person_id), value)
            changed(session, person_id)

    def history(self, person_id: int) -> list[StageChange]:
        with self._db.read() as session:
            person_row(session, person_id)
            return stage_history(session, person_id)

    def set_prospect_target(self, target: int | None) -> None:
        if target is not None and (not isinstance(target, int) or target < 0):
            raise InvalidInput("The prospect target is a number of people, 0 or more.",
                               PROSPECT_TARGET)
        with self._db.transaction() as session:
            row = session.get(SettingRow, PROSPECT_TARGET)
            if row is None:
                row = SettingRow(key=PROSPECT_TARGET)
                session.add(row)
            row.value = "null" if not target else str(target)
