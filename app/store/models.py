"""SQLAlchemy models. Private to app/store and app/services: nothing else sees these rows."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Stored as naive UTC, returned as aware UTC: no local-time ambiguity on disk."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class PersonRow(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    given_name: Mapped[str] = mapped_column(Text, default="")
    family_name: Mapped[str] = mapped_column(Text, default="")
    middle_name: Mapped[str] = mapped_column(Text, default="")
    prefix: Mapped[str] = mapped_column(Text, default="")
    suffix: Mapped[str] = mapped_column(Text, default="")
    nickname: Mapped[str] = mapped_column(Text, default="")
    display_name: Mapped[str] = mapped_column(Text, default="")
    sort_name: Mapped[str] = mapped_column(Text, default="", index=True)
    pronouns: Mapped[str] = mapped_column(Text, default="")
    birthday_year: Mapped[int | None] = mapped_column(Integer)
    birthday_month: Mapped[int | None] = mapped_column(Integer)
    birthday_day: Mapped[int | None] = mapped_column(Integer)
    hometown: Mapped[str] = mapped_column(Text, default="")
    how_we_met: Mapped[str] = mapped_column(Text, default="")
    met_on: Mapped[dt.date | None] = mapped_column(Date)
    introduced_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    stage: Mapped[str | None] = mapped_column(String(16), index=True)
    cadence_days: Mapped[int | None] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")
    is_me: Mapped[bool] = mapped_column(Boolean, default=False)
    is_light: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    archived_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    trashed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    contact_points: Mapped[list[ContactPointRow]] = relationship(
        cascade="all, delete-orphan", order_by="ContactPointRow.position"
    )
    addresses: Mapped[list[AddressRow]] = relationship(
        cascade="all, delete-orphan", order_by="AddressRow.position"
    )
    important_dates: Mapped[list[ImportantDateRow]] = relationship(cascade="all, delete-orphan")
    facts: Mapped[list[FactRow]] = relationship(cascade="all, delete-orphan")
    custom_fields: Mapped[list[CustomFieldRow]] = relationship(
        cascade="all, delete-orphan", order_by="CustomFieldRow.position"
    )


# The agenda reads index pages only (revision 0006): birthdays in a window of days, of the
# people it can show, and the listed people with a keep-in-touch cadence.
_NAMES = (PersonRow.display_name, PersonRow.prefix, PersonRow.given_name, PersonRow.middle_name,
          PersonRow.family_name, PersonRow.suffix, PersonRow.nickname)
_LIVE = "trashed_at IS NULL AND archived_at IS NULL AND is_me = 0"
# SQLite reads a partial index alone only when it also holds the columns of its own terms
_LIVE_COLUMNS = (PersonRow.trashed_at, PersonRow.archived_at, PersonRow.is_me)
Index("ix_people_birthday_window", PersonRow.birthday_month, PersonRow.birthday_day,
      PersonRow.birthday_year, PersonRow.is_light, *_NAMES, *_LIVE_COLUMNS,
      sqlite_where=text(f"{_LIVE} AND birthday_month IS NOT NULL"))
Index("ix_people_cadence", PersonRow.cadence_days, PersonRow.created_at, *_NAMES,
      PersonRow.is_light, *_LIVE_COLUMNS,
      sqlite_where=text(f"{_LIVE} AND is_light = 0 AND cadence_days IS NOT NULL"))
# The people list: exactly the rows it shows, in its order (revision 0003).
Index("ix_people_listed", PersonRow.sort_name, PersonRow.id,
      sqlite_where=text("trashed_at IS NULL AND archived_at IS NULL AND is_light = 0"))
Index("ix_people_trashed", PersonRow.sort_name, PersonRow.id,
      sqlite_where=text("trashed_at IS NOT NULL"))


class PhotoRow(Base):
    __tablename__ = "photos"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    mime: Mapped[str] = mapped_column(String(32))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ContactPointRow(Base):
    __tablename__ = "contact_points"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text)
    normalized: Mapped[str] = mapped_column(Text, default="")
    is_primary: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


Index("ix_contact_points_match", ContactPointRow.kind, ContactPointRow.normalized)


class AddressRow(Base):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(Text, default="")
    street: Mapped[str] = mapped_column(Text, default="")
    locality: Mapped[str] = mapped_column(Text, default="", index=True)
    region: Mapped[str] = mapped_column(Text, default="")
    postcode: Mapped[str] = mapped_column(Text, default="")
    country: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class ImportantDateRow(Base):
    __tablename__ = "important_dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)


# The agenda's important dates in a window of days, read from the index alone (revision 0006).
Index("ix_important_dates_window", ImportantDateRow.month, ImportantDateRow.day,
      ImportantDateRow.person_id, ImportantDateRow.year, ImportantDateRow.label)


class InteractionRow(Base):
    __tablename__ = "interactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class InteractionParticipantRow(Base):
    __tablename__ = "interaction_participants"

    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interactions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# A person's last contact without reading the participants' table rows (revision 0006).
Index("ix_interaction_participants_last_contact", InteractionParticipantRow.person_id,
      InteractionParticipantRow.interaction_id)


class FactRow(Base):
    __tablename__ = "facts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    noted_on: Mapped[dt.date] = mapped_column(Date)
    source_interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )


class RelationshipRow(Base):
    """One directed edge; the service always writes its reverse in the same transaction."""

    __tablename__ = "relationships"
    __table_args__ = (UniqueConstraint("person_id", "other_id", "type"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(64))


class OrganizationRow(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    website: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class EmploymentRow(Base):
    __tablename__ = "employments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(Text, default="")
    department: Mapped[str] = mapped_column(Text, default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    reports_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )


class ReminderRow(Base):
    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    due_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    rrule: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    interaction_id: Mapped[int | None] = mapped_column(
        ForeignKey("interactions.id", ondelete="SET NULL")
    )
    introduction_id: Mapped[int | None] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE")
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderOccurrenceRow(Base):
    """Done/snoozed/dismissed state of one occurrence of any reminder, stored or derived."""

    __tablename__ = "reminder_occurrences"
    __table_args__ = (UniqueConstraint("reminder_key", "occurrence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_key: Mapped[str] = mapped_column(String(80))
    occurrence: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16))
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IntroductionRow(Base):
    __tablename__ = "introductions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    connector_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    target_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    asked_on: Mapped[dt.date | None] = mapped_column(Date)
    status_on: Mapped[dt.date | None] = mapped_column(Date)
    thanked_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IntroductionEventRow(Base):
    """One dated status of an introduction: its history (revision 0005)."""

    __tablename__ = "introduction_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    happened_on: Mapped[dt.date] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class IntroductionSubjectRow(Base):
    """Who is introduced to the target, when it is not the user: an introduction the
    connector (often the user's own card) made between two other people (revision 0005)."""

    __tablename__ = "introduction_subjects"

    introduction_id: Mapped[int] = mapped_column(
        ForeignKey("introductions.id", ondelete="CASCADE"), primary_key=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)


class StageChangeRow(Base):
    """One pipeline move of a person, kept for ever (revision 0005)."""

    __tablename__ = "stage_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    from_stage: Mapped[str | None] = mapped_column(String(16))
    to_stage: Mapped[str | None] = mapped_column(String(16))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class TagRow(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text, unique=True)
    cadence_days: Mapped[int | None] = mapped_column(Integer)


class PersonTagRow(Base):
    __tablename__ = "person_tags"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CustomFieldRow(Base):
    __tablename__ = "custom_fields"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class CardExtraRow(Base):
    """A vCard property we do not interpret, kept verbatim for export (revision 0004)."""

    __tablename__ = "card_extras"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    grp: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text)
    params: Mapped[str] = mapped_column(Text, default="")
    value: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class SettingRow(Base):
    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
