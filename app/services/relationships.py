"""Loved ones and colleagues: typed, two-way relationships kept consistent in both directions."""

from __future__ import annotations

import uuid

from sqlalchemy import and_, select

from app.domain import PartialDate, Relationship, inverse_relationship
from app.errors import InvalidInput
from app.services import read_models
from app.services.base import Service, changed, existing, person_row, refresh_sort_name, to_ref
from app.store.models import PersonRow, RelationshipRow


def _clean_type(kind: str) -> str:
    kind = " ".join(kind.strip().lower().split())
    if not kind:
        raise InvalidInput("Say how they are related (spouse, child, manager ...).", "type")
    return kind


class RelationshipsService(Service):
    def relate(self, person_id: int, other_id: int, kind: str) -> Relationship:
        """Record that `other` is the `kind` of `person` (and the reverse edge on `other`)."""
        kind = _clean_type(kind)
        if person_id == other_id:
            raise InvalidInput("A person cannot be related to themself.")
        with self._db.transaction() as session:
            person_row(session, person_id)
            other = person_row(session, other_id)
            edge = self._edge(session, person_id, other_id, kind)
            self._edge(session, other_id, person_id, inverse_relationship(kind))
            changed(session, person_id, other_id)
            return Relationship(edge.id, kind, to_ref(other))

    def add_loved_one(self, person_id: int, kind: str, name: str,
                      birthday: PartialDate | None = None) -> Relationship:
        """A light entry (a name, maybe a birthday) related to person, in one transaction."""
        kind = _clean_type(kind)
        given, _, family = name.strip().partition(" ")
        if not given:
            raise InvalidInput("Give the loved one a name.", "name")
        with self._db.transaction() as session:
            person_row(session, person_id)
            light = PersonRow(uid=str(uuid.uuid4()), given_name=given,
                              family_name=family.strip(), is_light=True,
                              birthday_year=birthday.year if birthday else None,
                              birthday_month=birthday.month if birthday else None,
                              birthday_day=birthday.day if birthday else None)
            refresh_sort_name(light)
            session.add(light)
            session.flush()
            edge = self._edge(session, person_id, light.id, kind)
            self._edge(session, light.id, person_id, inverse_relationship(kind))
            changed(session, person_id, light.id)
            return Relationship(edge.id, kind, to_ref(light))

    def change_type(self, relationship_id: int, kind: str) -> Relationship:
        kind = _clean_type(kind)
        with self._db.transaction() as session:
            edge = existing(session, RelationshipRow, relationship_id, "relationship")
            if kind != edge.type and session.scalar(select(RelationshipRow.id).where(
                    RelationshipRow.person_id == edge.person_id,
                    RelationshipRow.other_id == edge.other_id, RelationshipRow.type == kind)):
                raise InvalidInput(f"They are already recorded as {kind}.", "type")
            reverse = self._reverse(session, edge)
            edge.type = kind
            if reverse is not None:
                reverse.type = inverse_relationship(kind)
            else:
                self._edge(session, edge.other_id, edge.person_id, inverse_relationship(kind))
            changed(session, edge.person_id, edge.other_id)
            return Relationship(edge.id, kind, to_ref(person_row(session, edge.other_id)))

    def unrelate(self, relationship_id: int) -> None:
        with self._db.transaction() as session:
            edge = existing(session, RelationshipRow, relationship_id, "relationship")
            reverse = self._reverse(session, edge)
            session.delete(edge)
            if reverse is not None:
                session.delete(reverse)
            changed(session, edge.person_id, edge.other_id)

    def list(self, person_id: int) -> list[Relationship]:
        with self._db.read() as session:
            person_row(session, person_id)
            return read_models.relationships_of(session, person_id)

    @staticmethod
    def _edge(session, person_id: int, other_id: int, kind: str) -> RelationshipRow:
        existing = session.scalar(select(RelationshipRow).where(
            RelationshipRow.person_id == person_id, RelationshipRow.other_id == other_id,
            RelationshipRow.type == kind))
        if existing is not None:
            return existing
        edge = RelationshipRow(person_id=person_id, other_id=other_id, type=kind)
        session.add(edge)
        session.flush()
        return edge

    @staticmethod
    def _reverse(session, edge: RelationshipRow) -> RelationshipRow | None:
        return session.scalar(select(RelationshipRow).where(and_(
            RelationshipRow.person_id == edge.other_id, RelationshipRow.other_id == edge.person_id,
            RelationshipRow.type == inverse_relationship(edge.type))))
