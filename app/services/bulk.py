"""Adding many people at once (imports, generated notebooks) in one transaction, fast.

Rows go in through SQLAlchemy Core `executemany`; the search index is built once at the end.
Cancelling, or any invalid record, leaves the notebook exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select

from app.domain import ContactKind, PersonDraft, compose_display_name
from app.errors import Cancelled, InvalidInput
from app.normalize import normalize_contact, sort_key
from app.services.base import Service
from app.services.careers import organization_row
from app.services.people import NewContact, _contact_kind, _validated
from app.services.settings import default_region
from app.services.tags import tag_row
from app.store import search_index
from app.store.models import (
    ContactPointRow,
    EmploymentRow,
    FactRow,
    InteractionParticipantRow,
    InteractionRow,
    PersonRow,
    PersonTagRow,
    StageChangeRow,
    utcnow,
)

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]
BATCH = 2000


@dataclass
class NewJob:
    organization: str
    title: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class NewPerson:
    draft: PersonDraft
    contacts: Sequence[NewContact] = ()
    jobs: Sequence[NewJob] = ()
    facts: Sequence[tuple[str, str]] = ()  # (category, text)
    tags: Sequence[str] = ()


@dataclass
class NewInteraction:
    kind: str
    when: dt.datetime
    participant_indexes: Sequence[int]  # positions in the list of people being added
    subject: str = ""
    notes: str = field(default="")


class BulkService(Service):
    def add_people(self, people: Sequence[NewPerson],
                   interactions: Sequence[NewInteraction] = (), *,
                   progress: Progress | None = None,
                   should_cancel: ShouldCancel | None = None) -> list[int]:
        """Returns the new people's ids, in order."""
        total = len(people)
        with self._db.transaction() as session:
            conn = session.connection()
            region = default_region(session)
            first_id = (session.scalar(select(func.max(PersonRow.id))) or 0) + 1
            ids = list(range(first_id, first_id + total))
            orgs: dict[str, int] = {}
            tags: dict[str, int] = {}
            now = utcnow()
            for start in range(0, total, BATCH):
                if should_cancel and should_cancel():
                    raise Cancelled()
                chunk = people[start:start + BATCH]
                rows = _Rows()
                for offset, person in enumerate(chunk):
                    person_id = ids[start + offset]
                    rows.add_person(person_id, person, now, region, start + offset + 1)
                    for job in person.jobs:
                        key = job.organization.casefold()
                        if key not in orgs:
                            orgs[key] = organization_row(session, job.organization).id
                        rows.jobs.append(dict(person_id=person_id, organization_id=orgs[key],
                                              title=job.title, department="",
                                              start_date=job.start, end_date=job.end))
                    for tag in person.tags:
                        key = tag.casefold()
                        if key not in tags:
                            tags[key] = tag_row(session, tag, create=True).id
                        rows.tags.append(dict(person_id=person_id, tag_id=tags[key]))
                rows.write(conn)
                if progress:
                    progress(start + len(chunk), total)
            self._add_interactions(conn, interactions, ids)
            search_index.reindex(conn, ids)
        return ids

    @staticmethod
    def _add_interactions(conn, interactions: Sequence[NewInteraction], ids: list[int]) -> None:
        if not interactions:
            return
        first = (conn.scalar(select(func.max(InteractionRow.id))) or 0) + 1
        now = utcnow()
        conn.execute(insert(InteractionRow), [
            dict(id=first + n, occurred_at=i.when, kind=i.kind, subject=i.subject, notes=i.notes,
                 location="", created_at=now) for n, i in enumerate(interactions)])
        conn.execute(insert(InteractionParticipantRow), [
            dict(interaction_id=first + n, person_id=ids[p])
            for n, i in enumerate(interactions) for p in dict.fromkeys(i.participant_indexes)])


class _Rows:
    """The rows of one batch, validated, ready for executemany."""

    def __init__(self) -> None:
        self.people: list[dict] = []
        self.contacts: list[dict] = []
        self.jobs: list[dict] = []
        self.facts: list[dict] = []
        self.tags: list[dict] = []
        self.stages: list[dict] = []  # the pipeline history starts with the first stage

    def add_person(self, person_id: int, person: NewPerson, now, region, number: int) -> None:
        values = {f: getattr(person.draft, f) for f in person.draft.__dataclass_fields__}
        values.pop("uid")
        name = compose_display_name(**values)
        if not name:
            raise InvalidInput(f"Person {number} has no name.")
        try:
            columns = _validated(values)
        except InvalidInput as exc:
            raise InvalidInput(f"Person {number} ({name}): {exc}") from exc
        self.people.append(dict(
            columns, id=person_id, uid=person.draft.uid or str(uuid.uuid4()),
            sort_name=sort_key(name), created_at=now, updated_at=now))
        if columns.get("stage"):
            self.stages.append(dict(person_id=person_id, from_stage=None,
                                    to_stage=columns["stage"], changed_at=now))
        seen_kinds: set[ContactKind] = set()
        for position, contact in enumerate(person.contacts):
            kind = _contact_kind(contact.kind)
            try:
                normalized = normalize_contact(kind, contact.value, region)
            except InvalidInput as exc:
                raise InvalidInput(f"Person {number} ({name}): {exc}") from exc
            self.contacts.append(dict(
                person_id=person_id, kind=kind.value, label=contact.label, value=contact.value,
                normalized=normalized, is_primary=kind not in seen_kinds, position=position))
            seen_kinds.add(kind)
        for category, text in person.facts:
            self.facts.append(dict(person_id=person_id, category=category.lower(), text=text,
                                   noted_on=now.date(), source_interaction_id=None))

    def write(self, conn) -> None:
        for model, rows in ((PersonRow, self.people), (ContactPointRow, self.contacts),
                            (EmploymentRow, self.jobs), (FactRow, self.facts),
                            (PersonTagRow, self.tags), (StageChangeRow, self.stages)):
            if rows:
                conn.execute(insert(model), rows)
