"""What every service shares: the database, finding rows, turning rows into domain objects,
and keeping `updated_at` and the search index in step with every change."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import PersonRef, compose_display_name
from app.errors import NotFound
from app.normalize import sort_key
from app.store import search_index
from app.store.engine import Database
from app.store.models import PersonRow, utcnow


class Service:
    def __init__(self, db: Database) -> None:
        self._db = db


def existing(session: Session, model, row_id: int, what: str):
    """The row with this id, or NotFound naming what was looked for."""
    row = session.get(model, row_id)
    if row is None:
        raise NotFound(f"There is no {what} #{row_id}.")
    return row


def person_row(session: Session, person_id: int, *, include_trashed: bool = True) -> PersonRow:
    row = session.get(PersonRow, person_id)
    if row is None or (row.trashed_at is not None and not include_trashed):
        raise NotFound(f"There is no person #{person_id}.")
    return row


def person_name(row: PersonRow) -> str:
    return compose_display_name(
        display_name=row.display_name, prefix=row.prefix, given_name=row.given_name,
        middle_name=row.middle_name, family_name=row.family_name, suffix=row.suffix,
        nickname=row.nickname,
    )


def refresh_sort_name(row: PersonRow) -> None:
    row.sort_name = sort_key(person_name(row))


def to_ref(row: PersonRow) -> PersonRef:
    return PersonRef(row.id, row.uid, person_name(row), bool(row.is_light))


def refs_by_id(session: Session, ids: Iterable[int]) -> dict[int, PersonRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.scalars(select(PersonRow).where(PersonRow.id.in_(wanted)))
    return {row.id: to_ref(row) for row in rows}


def changed(session: Session, *person_ids: int) -> None:
    """Call after changing anything about these people, inside the same transaction."""
    session.flush()
    now = utcnow()
    for person_id in set(person_ids):
        row = session.get(PersonRow, person_id)
        if row is not None:
            row.updated_at = now
    session.flush()
    search_index.reindex(session.connection(), person_ids)
