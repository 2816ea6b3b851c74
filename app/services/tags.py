"""Tags on people; a tag may carry a default keep-in-touch cadence."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from app.domain import Tag
from app.errors import InvalidInput, NotFound
from app.services.base import Service, changed, person_row
from app.store.models import PersonRow, PersonTagRow, TagRow


def _clean(name: str) -> str:
    name = " ".join(name.split()).lstrip("#")
    if not name:
        raise InvalidInput("A tag needs a name.", "tag")
    return name


def tag_row(session, name: str, *, create: bool) -> TagRow:
    name = _clean(name)
    row = session.scalar(select(TagRow).where(TagRow.name_key == name.casefold()))
    if row is None:
        if not create:
            raise NotFound(f"There is no tag '{name}'.")
        row = TagRow(name=name, name_key=name.casefold())
        session.add(row)
        session.flush()
    return row


class TagsService(Service):
    def tag(self, person_id: int, name: str) -> None:
        with self._db.transaction() as session:
            person_row(session, person_id)
            tag = tag_row(session, name, create=True)
            if session.get(PersonTagRow, (person_id, tag.id)) is None:
                session.add(PersonTagRow(person_id=person_id, tag_id=tag.id))
            changed(session, person_id)

    def untag(self, person_id: int, name: str) -> None:
        with self._db.transaction() as session:
            tag = tag_row(session, name, create=False)
            session.execute(delete(PersonTagRow).where(
                PersonTagRow.person_id == person_id, PersonTagRow.tag_id == tag.id))
            changed(session, person_id)

    def list(self) -> list[Tag]:
        with self._db.read() as session:
            rows = session.execute(
                select(TagRow, func.count(PersonRow.id))
                .outerjoin(PersonTagRow, PersonTagRow.tag_id == TagRow.id)
                .outerjoin(PersonRow, (PersonRow.id == PersonTagRow.person_id)
                           & PersonRow.trashed_at.is_(None))
                .group_by(TagRow.id).order_by(TagRow.name_key))
            return [Tag(t.id, t.name, t.cadence_days, count) for t, count in rows]

    def set_cadence(self, name: str, days: int | None) -> Tag:
        if days is not None and days < 1:
            raise InvalidInput("Keep-in-touch must be a number of days, 1 or more.", "cadence")
        with self._db.transaction() as session:
            tag = tag_row(session, name, create=True)
            tag.cadence_days = days
            return Tag(tag.id, tag.name, tag.cadence_days)

    def rename(self, old: str, new: str) -> Tag:
        with self._db.transaction() as session:
            tag = tag_row(session, old, create=False)
            new = _clean(new)
            clash = session.scalar(select(TagRow.id).where(
                TagRow.name_key == new.casefold(), TagRow.id != tag.id))
            if clash:
                raise InvalidInput(f"There is already a tag '{new}'.", "tag")
            tag.name, tag.name_key = new, new.casefold()
            people = session.scalars(select(PersonTagRow.person_id).where(
                PersonTagRow.tag_id == tag.id))
            changed(session, *people)
            return Tag(tag.id, tag.name, tag.cadence_days)

    def delete(self, name: str) -> None:
        with self._db.transaction() as session:
            tag = tag_row(session, name, create=False)
            people = list(session.scalars(select(PersonTagRow.person_id).where(
                PersonTagRow.tag_id == tag.id)))
            session.delete(tag)
            changed(session, *people)
