"""Rows -> domain objects, and the one query that assembles a whole Person."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain import (
    Address,
    ContactKind,
    ContactPoint,
    CustomField,
    Employment,
    Fact,
    ImportantDate,
    Interaction,
    Introduction,
    IntroductionEvent,
    IntroductionStatus,
    OccurrenceRecord,
    OccurrenceState,
    Organization,
    PartialDate,
    Person,
    PersonRef,
    Relationship,
    Reminder,
    ReminderKind,
    Stage,
    StageChange,
)
from app.services.base import person_name, person_row, refs_by_id
from app.store.models import (
    EmploymentRow,
    FactRow,
    InteractionParticipantRow,
    InteractionRow,
    IntroductionEventRow,
    IntroductionRow,
    IntroductionSubjectRow,
    OrganizationRow,
    PersonRow,
    PersonTagRow,
    PhotoRow,
    RelationshipRow,
    ReminderOccurrenceRow,
    ReminderRow,
    StageChangeRow,
    TagRow,
)


def partial_date(year: int | None, month: int | None, day: int | None) -> PartialDate | None:
    if month is None or day is None:
        return None
    return PartialDate(month, day, year)


def fact(row: FactRow) -> Fact:
    return Fact(row.id, row.person_id, row.category, row.text, row.noted_on,
                row.source_interaction_id)


def organization(row: OrganizationRow) -> Organization:
    return Organization(row.id, row.name, row.website, row.notes)


def employments_of(session: Session, person_ids: list[int]) -> list[Employment]:
    rows = session.execute(
        select(EmploymentRow, OrganizationRow)
        .join(OrganizationRow, OrganizationRow.id == EmploymentRow.organization_id)
        .where(EmploymentRow.person_id.in_(person_ids))
        .order_by(EmploymentRow.end_date.is_not(None), EmploymentRow.start_date.desc(),
                  EmploymentRow.id.desc())
    ).all()
    refs = refs_by_id(session, [e.reports_to_id for e, _ in rows])
    return [
        Employment(e.id, e.person_id, organization(o), e.title, e.department, e.start_date,
                   e.end_date, refs.get(e.reports_to_id))
        for e, o in rows
    ]


def interactions(session: Session, interaction_rows: list[InteractionRow]) -> list[Interaction]:
    ids = [r.id for r in interaction_rows]
    participants: dict[int, list[int]] = {i: [] for i in ids}
    for link in session.scalars(
        select(InteractionParticipantRow).where(InteractionParticipantRow.interaction_id.in_(ids))
    ):
        participants[link.interaction_id].append(link.person_id)
    refs = refs_by_id(session, [p for group in participants.values() for p in group])
    return [
        Interaction(r.id, r.occurred_at, r.kind, r.subject, r.notes, r.location,
                    tuple(sorted((refs[p] for p in participants[r.id] if p in refs),
                                 key=lambda ref: ref.name.casefold())))
        for r in interaction_rows
    ]


def interactions_of(session: Session, person_id: int, limit: int | None = None) -> list[Interaction]:
    query = (
        select(InteractionRow)
        .join(InteractionParticipantRow)
        .where(InteractionParticipantRow.person_id == person_id)
        .order_by(InteractionRow.occurred_at.desc(), InteractionRow.id.desc())
    )
    if limit:
        query = query.limit(limit)
    return interactions(session, list(session.scalars(query)))


def reminders(session: Session, rows: list[ReminderRow]) -> list[Reminder]:
    keys = [f"reminder:{r.id}" for r in rows]
    states: dict[str, list[OccurrenceRecord]] = {k: [] for k in keys}
    for occ in session.scalars(
        select(ReminderOccurrenceRow).where(ReminderOccurrenceRow.reminder_key.in_(keys))
        .order_by(ReminderOccurrenceRow.occurrence)
    ):
        states[occ.reminder_key].append(occurrence(occ))
    refs = refs_by_id(session, [r.person_id for r in rows])
    return [
        Reminder(r.id, ReminderKind(r.kind), r.title, r.due_at, refs.get(r.person_id), r.rrule,
                 r.notes, r.interaction_id, r.introduction_id, tuple(states[f"reminder:{r.id}"]))
        for r in rows
    ]


def occurrence(row: ReminderOccurrenceRow) -> OccurrenceRecord:
    return OccurrenceRecord(row.reminder_key, row.occurrence, OccurrenceState(row.state),
                            row.snoozed_until)


def introductions(session: Session, rows: list[IntroductionRow]) -> list[Introduction]:
    ids = [r.id for r in rows]
    subjects: dict[int, int] = {}
    history: dict[int, list[IntroductionEvent]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        subjects.update((intro, person) for intro, person in session.execute(select(
            IntroductionSubjectRow.introduction_id, IntroductionSubjectRow.person_id)
            .where(IntroductionSubjectRow.introduction_id.in_(chunk))))
        for event in session.scalars(select(IntroductionEventRow).where(
                IntroductionEventRow.introduction_id.in_(chunk))
                .order_by(IntroductionEventRow.id)):
            history[event.introduction_id].append(
                IntroductionEvent(IntroductionStatus(event.status), event.happened_on))
    refs = refs_by_id(session, [r.connector_id for r in rows] + [r.target_id for r in rows]
                      + list(subjects.values()))
    return [
        Introduction(r.id, refs[r.connector_id], refs[r.target_id],
                     IntroductionStatus(r.status), r.asked_on, r.status_on, r.thanked_on,
                     r.notes, refs.get(subjects.get(r.id)), tuple(history[r.id]))
        for r in rows
    ]


def relationships_of(session: Session, person_id: int) -> list[Relationship]:
    """Edges to people in the trash stay stored (restoring brings them back) but unseen."""
    rows = list(session.scalars(
        select(RelationshipRow)
        .join(PersonRow, PersonRow.id == RelationshipRow.other_id)
        .where(RelationshipRow.person_id == person_id, PersonRow.trashed_at.is_(None))
        .order_by(RelationshipRow.type, RelationshipRow.id)
    ))
    refs = refs_by_id(session, [r.other_id for r in rows])
    return [Relationship(r.id, r.type, refs[r.other_id]) for r in rows]


def tag_names_of(session: Session, person_id: int) -> list[str]:
    return list(session.scalars(
        select(TagRow.name).join(PersonTagRow).where(PersonTagRow.person_id == person_id)
        .order_by(TagRow.name_key)
    ))


def last_contacted(session: Session, person_id: int):
    return session.scalar(
        select(func.max(InteractionRow.occurred_at))
        .join(InteractionParticipantRow)
        .where(InteractionParticipantRow.person_id == person_id)
    )


def load_person(session: Session, person_id: int) -> Person:
    row = person_row(session, person_id)
    introduced_by: PersonRef | None = None
    if row.introduced_by_id is not None:
        introduced_by = refs_by_id(session, [row.introduced_by_id]).get(row.introduced_by_id)
    reminder_rows = list(session.scalars(
        select(ReminderRow).where(ReminderRow.person_id == person_id).order_by(ReminderRow.due_at)
    ))
    intro_rows = list(session.scalars(
        select(IntroductionRow)
        .where(or_(IntroductionRow.connector_id == person_id, IntroductionRow.target_id == person_id,
                   IntroductionRow.id.in_(select(IntroductionSubjectRow.introduction_id).where(
                       IntroductionSubjectRow.person_id == person_id))))
        .order_by(IntroductionRow.created_at)
    ))
    facts = sorted(row.facts, key=lambda f: (f.category, f.noted_on, f.id))
    last = last_contacted(session, person_id)
    return Person(
        id=row.id, uid=row.uid, name=person_name(row), given_name=row.given_name,
        family_name=row.family_name, middle_name=row.middle_name, prefix=row.prefix,
        suffix=row.suffix, nickname=row.nickname, display_name=row.display_name,
        pronouns=row.pronouns,
        birthday=partial_date(row.birthday_year, row.birthday_month, row.birthday_day),
        hometown=row.hometown, how_we_met=row.how_we_met, met_on=row.met_on,
        introduced_by=introduced_by, stage=Stage(row.stage) if row.stage else None,
        cadence_days=row.cadence_days, notes=row.notes, is_me=bool(row.is_me),
        is_light=bool(row.is_light), has_photo=session.get(PhotoRow, person_id) is not None,
        created_at=row.created_at, updated_at=row.updated_at, archived_at=row.archived_at,
        trashed_at=row.trashed_at,
        last_contacted=last,
        contact_points=tuple(
            ContactPoint(c.id, ContactKind(c.kind), c.value, c.normalized, c.label,
                         bool(c.is_primary))
            for c in row.contact_points
        ),
        addresses=tuple(
            Address(a.id, a.label, a.street, a.locality, a.region, a.postcode, a.country)
            for a in row.addresses
        ),
        important_dates=tuple(
            ImportantDate(d.id, d.label, PartialDate(d.month, d.day, d.year))
            for d in sorted(row.important_dates, key=lambda d: (d.month, d.day))
        ),
        facts=tuple(fact(f) for f in facts),
        relationships=tuple(relationships_of(session, person_id)),
        employments=tuple(employments_of(session, [person_id])),
        interactions=tuple(interactions_of(session, person_id)),
        reminders=tuple(reminders(session, reminder_rows)),
        introductions=tuple(introductions(session, intro_rows)),
        tags=tuple(tag_names_of(session, person_id)),
        custom_fields=tuple(CustomField(c.id, c.name, c.value) for c in row.custom_fields),
        stage_history=tuple(stage_history(session, person_id)),
    )


def stage_history(session: Session, person_id: int) -> list[StageChange]:
    rows = session.scalars(select(StageChangeRow).where(StageChangeRow.person_id == person_id)
                           .order_by(StageChangeRow.changed_at, StageChangeRow.id))
    return [StageChange(Stage(r.from_stage) if r.from_stage else None,
                        Stage(r.to_stage) if r.to_stage else None, r.changed_at) for r in rows]
