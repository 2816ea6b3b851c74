"""People: create, edit, contact points, addresses, dates, custom fields, photo, trash."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import String, cast, delete, exists, func, literal, or_, select, text, update

from app.domain import (
    PERSON_FIELDS,
    Address,
    ContactKind,
    ContactPoint,
    CustomField,
    ImportantDate,
    Page,
    PartialDate,
    PeopleFilter,
    Person,
    PersonDraft,
    PersonSummary,
    Stage,
    compose_display_name,
)
from app.errors import InvalidInput, NotFound
from app.normalize import normalize_contact
from app.photos import check_photo
from app.services import read_models
from app.services.base import (
    Service,
    changed,
    existing,
    person_name,
    person_row,
    refresh_sort_name,
)
from app.services.careers import organization_row
from app.services.pipeline import record_stage_change
from app.services.settings import default_region
from app.services.tags import tag_row
from app.store.models import (
    AddressRow,
    ContactPointRow,
    CustomFieldRow,
    EmploymentRow,
    ImportantDateRow,
    InteractionParticipantRow,
    InteractionRow,
    OrganizationRow,
    PersonRow,
    PersonTagRow,
    PhotoRow,
    RelationshipRow,
    ReminderOccurrenceRow,
    ReminderRow,
    TagRow,
    utcnow,
)

_TEXT_FIELDS = ("given_name", "family_name", "middle_name", "prefix", "suffix", "nickname",
                "display_name", "pronouns", "hometown", "how_we_met", "notes")


# The cadence is the person's own, else the shortest of their tags'; it is exceeded when the
# last interaction (or, never contacted, the day they were added) is older than that.
_OVERDUE_SQL = """
coalesce(people.cadence_days, (SELECT min(t.cadence_days) FROM person_tags pt
    JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = people.id)) IS NOT NULL
AND julianday(:now) - julianday(coalesce(
    (SELECT max(i.occurred_at) FROM interaction_participants ip
       JOIN interactions i ON i.id = ip.interaction_id WHERE ip.person_id = people.id),
    people.created_at))
  > coalesce(people.cadence_days, (SELECT min(t.cadence_days) FROM person_tags pt
    JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = people.id))
"""


def _sort_keys() -> dict:
    """Per person: (person_id, key) to order the list by."""
    last = (select(InteractionParticipantRow.person_id.label("person_id"),
                   func.max(InteractionRow.occurred_at).label("key"))
            .join(InteractionRow, InteractionRow.id == InteractionParticipantRow.interaction_id)
            .group_by(InteractionParticipantRow.person_id).subquery())
    company = (select(EmploymentRow.person_id.label("person_id"),
                      func.min(OrganizationRow.name_key).label("key"))
               .join(OrganizationRow, OrganizationRow.id == EmploymentRow.organization_id)
               .where(EmploymentRow.end_date.is_(None))
               .group_by(EmploymentRow.person_id).subquery())
    # When it is due now: a snoozed occurrence's new moment; done or dismissed ones not at all.
    key = literal("reminder:", String) + cast(ReminderRow.id, String)
    state = (ReminderOccurrenceRow.reminder_key == key) \
        & (ReminderOccurrenceRow.occurrence == ReminderRow.due_at)
    reminder = (select(ReminderRow.person_id.label("person_id"),
                       func.min(func.coalesce(ReminderOccurrenceRow.snoozed_until,
                                              ReminderRow.due_at)).label("key"))
                .outerjoin(ReminderOccurrenceRow, state)
                .where(or_(ReminderOccurrenceRow.id.is_(None),
                           ReminderOccurrenceRow.state == "snoozed"))
                .group_by(ReminderRow.person_id).subquery())
    return {"last_contacted": last, "company": company, "next_reminder": reminder}


class NewContact(NamedTuple):
    kind: ContactKind | str
    value: str
    label: str = ""


@dataclasses.dataclass(frozen=True)
class MoreDetails:
    """Addresses, important dates and custom fields saved with a person's other fields, in
    the same transaction (what the person dialog edits)."""

    add_addresses: Sequence[dict[str, str]] = ()     # add_address()'s keyword arguments
    remove_address_ids: Sequence[int] = ()
    add_dates: Sequence[tuple[str, PartialDate]] = ()
    remove_date_ids: Sequence[int] = ()
    set_custom_fields: Sequence[tuple[str, str]] = ()  # (name, value): added or changed
    remove_custom_field_ids: Sequence[int] = ()


SORT_KEYS = _sort_keys()


def _add_details(session, row: PersonRow, contacts: Sequence[NewContact], company: str,
                 title: str, tags: Sequence[str]) -> None:
    region = default_region(session)
    kinds_present = {c.kind for c in row.contact_points}
    for contact in contacts:
        kind = _contact_kind(contact.kind)
        row.contact_points.append(ContactPointRow(
            kind=kind.value, value=contact.value.strip(), label=contact.label.strip(),
            normalized=normalize_contact(kind, contact.value, region),
            is_primary=kind.value not in kinds_present, position=len(row.contact_points)))
        kinds_present.add(kind.value)
    if company.strip():
        org = organization_row(session, company)
        session.add(EmploymentRow(person_id=row.id, organization_id=org.id, title=title.strip()))
    for tag in tags:
        tag_id = tag_row(session, tag, create=True).id
        if session.get(PersonTagRow, (row.id, tag_id)) is None:
            session.add(PersonTagRow(person_id=row.id, tag_id=tag_id))
            session.flush()


def _add_address(row: PersonRow, parts: dict[str, str]) -> AddressRow:
    parts = {k: (parts.get(k) or "").strip() for k in _ADDRESS_PARTS}
    if not any(v for k, v in parts.items() if k != "label"):
        raise InvalidInput("The address is empty.", "address")
    address = AddressRow(**parts, position=len(row.addresses))
    row.addresses.append(address)
    return address


_ADDRESS_PARTS = ("label", "street", "locality", "region", "postcode", "country")


def _add_date(row: PersonRow, label: str, date: PartialDate) -> ImportantDateRow:
    label = label.strip()
    if not label:
        raise InvalidInput("Say what the date is (e.g. 'anniversary').", "label")
    date_row = ImportantDateRow(label=label, year=date.year, month=date.month, day=date.day)
    row.important_dates.append(date_row)
    return date_row


def _set_custom_field(row: PersonRow, name: str, value: str) -> CustomFieldRow:
    name = name.strip()
    if not name:
        raise InvalidInput("A custom field needs a name.", "name")
    field = next((f for f in row.custom_fields if f.name.casefold() == name.casefold()), None)
    if field is None:
        field = CustomFieldRow(name=name, value=value, position=len(row.custom_fields))
        row.custom_fields.append(field)
    else:
        field.value = value
    return field


def _remove_own(session, row: PersonRow, model, row_ids: Sequence[int], what: str,
                collection: str) -> None:
    for row_id in row_ids:
        found = existing(session, model, row_id, what)
        if found.person_id != row.id:
            raise InvalidInput(f"That {what} belongs to someone else.")
        session.delete(found)
    if row_ids:
        session.flush()
        session.expire(row, [collection])  # loaded again without what was deleted


def _apply_more(session, row: PersonRow, more: MoreDetails) -> None:
    _remove_own(session, row, AddressRow, more.remove_address_ids, "address", "addresses")
    _remove_own(session, row, ImportantDateRow, more.remove_date_ids, "date", "important_dates")
    _remove_own(session, row, CustomFieldRow, more.remove_custom_field_ids, "custom field",
                "custom_fields")
    for parts in more.add_addresses:
        _add_address(row, parts)
    for label, date in more.add_dates:
        _add_date(row, label, date)
    for name, value in more.set_custom_fields:
        _set_custom_field(row, name, value)


def _validated(values: dict[str, Any]) -> dict[str, Any]:
    """Check and convert editable person fields into column values."""
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise InvalidInput(f"Unknown field(s): {', '.join(sorted(unknown))}.")
    columns: dict[str, Any] = {}
    for name, value in values.items():
        if name in _TEXT_FIELDS:
            columns[name] = (value or "").strip()
        elif name == "birthday":
            if value is not None and not isinstance(value, PartialDate):
                raise InvalidInput("The birthday must be a date (the year may be left out).")
            columns["birthday_year"] = value.year if value else None
            columns["birthday_month"] = value.month if value else None
            columns["birthday_day"] = value.day if value else None
        elif name == "stage":
            try:
                columns["stage"] = Stage(value).value if value else None
            except ValueError as exc:
                choices = ", ".join(s.value for s in Stage)
                raise InvalidInput(f"'{value}' is not a stage; choose {choices}.", "stage") from exc
        elif name == "cadence_days":
            if value is not None and (not isinstance(value, int) or value < 1):
                raise InvalidInput("Keep-in-touch must be a number of days, 1 or more.", name)
            columns[name] = value
        else:
            columns[name] = value
    return columns


class PeopleService(Service):
    # --- people -------------------------------------------------------------------------

    def create(self, draft: PersonDraft, *, contacts: Sequence[NewContact] = (),
               company: str = "", title: str = "", tags: Sequence[str] = (),
               more: MoreDetails = MoreDetails()) -> Person:
        """Add a person with their first details, all in one transaction: if any detail is
        invalid, nobody is added."""
        values = dataclasses.asdict(draft)
        values["birthday"] = draft.birthday  # asdict() would turn it into a dict
        uid = values.pop("uid") or str(uuid.uuid4())
        if not compose_display_name(**values):
            raise InvalidInput("Give the person a name (or at least a nickname).", "given_name")
        with self._db.transaction() as session:
            if draft.introduced_by_id is not None:
                person_row(session, draft.introduced_by_id)
            if session.scalar(select(PersonRow.id).where(PersonRow.uid == uid)):
                raise InvalidInput(f"Someone with the id {uid} is already in the notebook.")
            columns = _validated(values)
            stage = columns.pop("stage", None)
            row = PersonRow(uid=uid, **columns)
            refresh_sort_name(row)
            session.add(row)
            session.flush()
            record_stage_change(session, row, stage)
            if draft.is_me:
                self._only_me(session, row.id)
            _add_details(session, row, contacts, company, title, tags)
            _apply_more(session, row, more)
            changed(session, row.id)
            return read_models.load_person(session, row.id)

    def update(self, person_id: int, *, add_contacts: Sequence[NewContact] = (),
               remove_contact_ids: Sequence[int] = (),
               edit_contacts: Sequence[tuple[int, str, str]] = (), add_company: str = "",
               add_title: str = "", add_tags: Sequence[str] = (),
               remove_tags: Sequence[str] = (), more: MoreDetails = MoreDetails(),
               **changes: Any) -> Person:
        """Change fields, add and remove details in one transaction: all of it, or none."""
        columns = _validated(changes)
        with self._db.transaction() as session:
            row = person_row(session, person_id)
            for point in [c for c in row.contact_points if c.id in set(remove_contact_ids)]:
                row.contact_points.remove(point)
            _edit_contacts(session, row, edit_contacts)
            for name in remove_tags:
                tag = tag_row(session, name, create=False)
                session.execute(delete(PersonTagRow).where(
                    PersonTagRow.person_id == person_id, PersonTagRow.tag_id == tag.id))
            _add_details(session, row, add_contacts, add_company, add_title, add_tags)
            _apply_more(session, row, more)
            if columns.get("introduced_by_id") is not None:
                if columns["introduced_by_id"] == person_id:
                    raise InvalidInput("Nobody introduced a person to themself.")
                person_row(session, columns["introduced_by_id"])
            if "stage" in columns:
                record_stage_change(session, row, columns.pop("stage"))
            for name, value in columns.items():
                setattr(row, name, value)
            if not person_name(row):
                raise InvalidInput("A person needs a name (or at least a nickname).", "given_name")
            refresh_sort_name(row)
            if columns.get("is_me"):
                self._only_me(session, person_id)
            changed(session, person_id)
            return read_models.load_person(session, person_id)

    @staticmethod
    def _only_me(session, person_id: int) -> None:
        session.execute(
            update(PersonRow).where(PersonRow.id != person_id, PersonRow.is_me.is_(True))
            .values(is_me=False)
        )

    def get(self, person_id: int) -> Person:
        with self._db.read() as session:
            return read_models.load_person(session, person_id)

    def get_by_uid(self, uid: str) -> Person:
        with self._db.read() as session:
            person_id = session.scalar(select(PersonRow.id).where(PersonRow.uid == uid))
            if person_id is None:
                raise NotFound(f"There is nobody with the id {uid}.")
            return read_models.load_person(session, person_id)

    def me(self) -> Person | None:
        with self._db.read() as session:
            person_id = session.scalar(select(PersonRow.id).where(PersonRow.is_me.is_(True)))
            return None if person_id is None else read_models.load_person(session, person_id)

    # --- the list -----------------------------------------------------------------------

    def list(self, filters: PeopleFilter | None = None, *, offset: int = 0,
             limit: int = 200) -> Page:
        """A page of people in name order, and how many match in all."""
        filters = filters or PeopleFilter()
        conditions = self._conditions(filters)
        order = (PersonRow.sort_name.desc(), PersonRow.id.desc()) if filters.descending \
            else (PersonRow.sort_name, PersonRow.id)
        with self._db.read() as session:
            total = session.scalar(select(func.count()).select_from(PersonRow).where(*conditions))
            ids = list(session.scalars(
                select(PersonRow.id).where(*conditions).order_by(*order).offset(offset)
                .limit(limit)
            ))
            return Page(summaries(session, ids), total or 0)

    def ordered_ids(self, filters: PeopleFilter | None, sort: str,
                    descending: bool = False) -> list[int]:
        """Everyone the filters select, by company, last contacted or next reminder (people
        without one last, then by name). ~0.3 s at 100,000 people: callers use a worker."""
        filters = filters or PeopleFilter()
        if sort not in SORT_KEYS:
            raise InvalidInput(f"Cannot sort by {sort}.")
        keys = SORT_KEYS[sort]
        key = keys.c.key
        direction = key.desc() if descending else key.asc()
        with self._db.read() as session:
            return list(session.scalars(
                select(PersonRow.id).outerjoin(keys, keys.c.person_id == PersonRow.id)
                .where(*self._conditions(filters))
                .order_by(key.is_(None), direction, PersonRow.sort_name, PersonRow.id)))

    def summaries(self, ids: list[int]) -> list[PersonSummary]:
        """List rows for these people, in this order."""
        with self._db.read() as session:
            return summaries(session, ids)

    @staticmethod
    def _conditions(f: PeopleFilter) -> list:
        conditions = [
            PersonRow.trashed_at.is_not(None) if f.trashed else PersonRow.trashed_at.is_(None)
        ]
        if not f.trashed:
            conditions.append(
                PersonRow.archived_at.is_not(None) if f.archived else PersonRow.archived_at.is_(None)
            )
        if not f.include_light:  # written as ix_people_listed's WHERE, so that it is used
            conditions.append(PersonRow.is_light == False)  # noqa: E712
        if f.stage:
            conditions.append(PersonRow.stage == Stage(f.stage).value)
        if f.tag:
            conditions.append(exists().where(
                PersonTagRow.person_id == PersonRow.id, PersonTagRow.tag_id == TagRow.id,
                TagRow.name_key == f.tag.strip().casefold(),
            ))
        if f.company:  # works there now; the name as typed or its beginning
            prefix = f.company.strip().casefold().replace("\\", "\\\\").replace(
                "%", "\\%").replace("_", "\\_")
            conditions.append(exists().where(
                EmploymentRow.person_id == PersonRow.id, EmploymentRow.end_date.is_(None),
                OrganizationRow.id == EmploymentRow.organization_id,
                OrganizationRow.name_key.like(prefix + "%", escape="\\"),
            ))
        if f.overdue:
            conditions.append(text(_OVERDUE_SQL).bindparams(
                now=utcnow().replace(tzinfo=None).isoformat(sep=" ")))
        if f.city:
            city = f.city.strip().casefold()
            conditions.append(or_(
                func.casefold(PersonRow.hometown) == city,
                exists().where(AddressRow.person_id == PersonRow.id,
                               func.casefold(AddressRow.locality) == city),
            ))
        return conditions

    # --- contact points -----------------------------------------------------------------

    def add_contact(self, person_id: int, kind: ContactKind | str, value: str, *,
                    label: str = "", is_primary: bool = False) -> ContactPoint:
        kind = _contact_kind(kind)
        with self._db.transaction() as session:
            row = person_row(session, person_id)
            normalized = normalize_contact(kind, value, default_region(session))
            same_kind = [c for c in row.contact_points if c.kind == kind.value]
            if is_primary or not same_kind:
                for c in same_kind:
                    c.is_primary = False
                is_primary = True
            point = ContactPointRow(kind=kind.value, value=value.strip(), normalized=normalized,
                                    label=label.strip(), is_primary=is_primary,
                                    position=len(row.contact_points))
            row.contact_points.append(point)
            changed(session, person_id)
            return ContactPoint(point.id, kind, point.value, normalized, point.label, is_primary)

    def update_contact(self, contact_id: int, *, value: str | None = None,
                       label: str | None = None, is_primary: bool | None = None) -> ContactPoint:
        with self._db.transaction() as session:
            point = existing(session, ContactPointRow, contact_id, "contact detail")
            kind = ContactKind(point.kind)
            if value is not None:
                point.normalized = normalize_contact(kind, value, default_region(session))
                point.value = value.strip()
            if label is not None:
                point.label = label.strip()
            if is_primary:
                session.execute(
                    update(ContactPointRow)
                    .where(ContactPointRow.person_id == point.person_id,
                           ContactPointRow.kind == point.kind, ContactPointRow.id != point.id)
                    .values(is_primary=False)
                )
                point.is_primary = True
            elif is_primary is False:
                point.is_primary = False
            changed(session, point.person_id)
            return ContactPoint(point.id, kind, point.value, point.normalized, point.label,
                                bool(point.is_primary))

    def remove_contact(self, contact_id: int) -> None:
        self._remove(ContactPointRow, contact_id, "contact detail")

    def find_by_contact(self, kind: ContactKind | str, value: str) -> list[int]:
        """People with this email or phone (compared normalised), for duplicate checks."""
        kind = _contact_kind(kind)
        with self._db.read() as session:
            try:
                normalized = normalize_contact(kind, value, default_region(session))
            except InvalidInput:
                return []
            return list(session.scalars(
                select(ContactPointRow.person_id).distinct().where(
                    ContactPointRow.kind == kind.value, ContactPointRow.normalized == normalized)
            ))

    # --- addresses, dates, custom fields -------------------------------------------------

    def add_address(self, person_id: int, *, label: str = "", street: str = "",
                    locality: str = "", region: str = "", postcode: str = "",
                    country: str = "") -> Address:
        parts = dict(label=label, street=street, locality=locality, region=region,
                     postcode=postcode, country=country)
        with self._db.transaction() as session:
            address = _add_address(person_row(session, person_id), parts)
            changed(session, person_id)
            return Address(address.id, **{k: getattr(address, k) for k in _ADDRESS_PARTS})

    def remove_address(self, address_id: int) -> None:
        self._remove(AddressRow, address_id, "address")

    def add_date(self, person_id: int, label: str, date: PartialDate) -> ImportantDate:
        with self._db.transaction() as session:
            date_row = _add_date(person_row(session, person_id), label, date)
            changed(session, person_id)
            return ImportantDate(date_row.id, date_row.label, date)

    def remove_date(self, date_id: int) -> None:
        self._remove(ImportantDateRow, date_id, "date")

    def set_custom_field(self, person_id: int, name: str, value: str) -> CustomField:
        with self._db.transaction() as session:
            field = _set_custom_field(person_row(session, person_id), name, value)
            changed(session, person_id)
            return CustomField(field.id, field.name, field.value)

    def remove_custom_field(self, field_id: int) -> None:
        self._remove(CustomFieldRow, field_id, "custom field")

    # --- photo --------------------------------------------------------------------------

    def set_photo(self, person_id: int, data: bytes) -> str:
        """Store a JPEG, PNG or GIF up to 5 MB. Returns its MIME type."""
        try:
            mime = check_photo(data)
        except InvalidInput as exc:
            raise InvalidInput(str(exc)[0].upper() + str(exc)[1:] + ".", "photo") from exc
        with self._db.transaction() as session:
            person_row(session, person_id)
            photo = session.get(PhotoRow, person_id)
            if photo is None:
                session.add(PhotoRow(person_id=person_id, mime=mime, data=data))
            else:
                photo.mime, photo.data = mime, data
            changed(session, person_id)
        return mime

    def photo(self, person_id: int) -> tuple[bytes, str] | None:
        with self._db.read() as session:
            photo = session.get(PhotoRow, person_id)
            return None if photo is None else (photo.data, photo.mime)

    def remove_photo(self, person_id: int) -> None:
        with self._db.transaction() as session:
            session.execute(delete(PhotoRow).where(PhotoRow.person_id == person_id))
            changed(session, person_id)

    # --- archive and trash --------------------------------------------------------------

    def archive(self, person_id: int, archived: bool = True) -> None:
        with self._db.transaction() as session:
            person_row(session, person_id).archived_at = utcnow() if archived else None
            changed(session, person_id)

    def trash(self, person_id: int) -> None:
        """Soft delete: the person disappears from lists and search until restored."""
        with self._db.transaction() as session:
            row = person_row(session, person_id)
            if row.trashed_at is None:
                row.trashed_at = utcnow()
            changed(session, person_id)

    def restore(self, person_id: int) -> None:
        with self._db.transaction() as session:
            person_row(session, person_id).trashed_at = None
            changed(session, person_id)

    def purge(self, person_id: int) -> None:
        """Delete for good. Only people already in the trash can be purged."""
        with self._db.transaction() as session:
            row = person_row(session, person_id)
            if row.trashed_at is None:
                raise InvalidInput(f"{person_name(row)} is not in the trash; "
                                   "move them to the trash first.")
            self._purge_rows(session, [row])

    def empty_trash(self) -> int:
        with self._db.transaction() as session:
            rows = list(session.scalars(select(PersonRow).where(PersonRow.trashed_at.is_not(None))))
            self._purge_rows(session, rows)
            return len(rows)

    @staticmethod
    def _purge_rows(session, rows: list[PersonRow]) -> None:
        ids = [r.id for r in rows]
        if not ids:
            return
        neighbours = set(session.scalars(
            select(RelationshipRow.other_id).where(RelationshipRow.person_id.in_(ids))
        ))
        met_with = set(session.scalars(
            select(InteractionParticipantRow.person_id).where(
                InteractionParticipantRow.interaction_id.in_(
                    select(InteractionParticipantRow.interaction_id)
                    .where(InteractionParticipantRow.person_id.in_(ids))))
        ))
        # Derived reminders are keyed "kind:uid" (birthday:<uid>, ...).
        uids = [r.uid for r in rows]
        suffix = func.substr(ReminderOccurrenceRow.reminder_key,
                             func.instr(ReminderOccurrenceRow.reminder_key, ":") + 1)
        for start in range(0, len(uids), 500):
            session.execute(delete(ReminderOccurrenceRow).where(
                suffix.in_(uids[start:start + 500])))
        for row in rows:
            session.delete(row)
        session.flush()
        # Interactions nobody takes part in any more go too.
        session.execute(delete(InteractionRow).where(~exists().where(
            InteractionParticipantRow.interaction_id == InteractionRow.id)))
        changed(session, *(neighbours | met_with) - set(ids), *ids)

    def _remove(self, model, row_id: int, what: str) -> None:
        with self._db.transaction() as session:
            row = existing(session, model, row_id, what)
            person_id = row.person_id
            session.delete(row)
            changed(session, person_id)


_SUMMARY_SQL = """
SELECT p.id, p.uid, p.display_name, p.prefix, p.given_name, p.middle_name, p.family_name,
       p.suffix, p.nickname, p.stage, p.is_light, p.trashed_at IS NOT NULL,
       (SELECT o.name || char(31) || e.title FROM employments e
          JOIN organizations o ON o.id = e.organization_id
         WHERE e.person_id = p.id AND e.end_date IS NULL
         ORDER BY e.start_date DESC, e.id DESC LIMIT 1),
       (SELECT max(i.occurred_at) FROM interaction_participants ip
          JOIN interactions i ON i.id = ip.interaction_id WHERE ip.person_id = p.id),
       (SELECT min(coalesce(o.snoozed_until, r.due_at)) FROM reminders r
          LEFT JOIN reminder_occurrences o ON o.reminder_key = 'reminder:' || r.id
               AND o.occurrence = r.due_at
         WHERE r.person_id = p.id AND (o.id IS NULL OR o.state = 'snoozed'))
FROM people p WHERE p.id IN ({marks})
"""


def summaries(session, ids: list[int]) -> list[PersonSummary]:
    """List rows for these people, in the given order. One query: the list and search
    call this for every page, so it skips the ORM."""
    if not ids:
        return []
    sql = _SUMMARY_SQL.format(marks=",".join("?" * len(ids)))
    rows = session.connection().exec_driver_sql(sql, tuple(ids)).all()
    by_id = {}
    for (pid, uid, display, prefix, given, middle, family, suffix, nickname, stage, light,
         trashed, job, last, next_due) in rows:
        company, _, title = (job or "").partition("\x1f")
        name = compose_display_name(display_name=display, prefix=prefix, given_name=given,
                                    middle_name=middle, family_name=family, suffix=suffix,
                                    nickname=nickname)
        by_id[pid] = PersonSummary(
            pid, uid, name, company, title, Stage(stage) if stage else None,
            _utc(last), bool(light), bool(trashed), _utc(next_due))
    return [by_id[i] for i in ids if i in by_id]


def _utc(stored: str | None) -> dt.datetime | None:
    return None if stored is None else dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)


def _contact_kind(kind: ContactKind | str) -> ContactKind:
    try:
        return ContactKind(kind)
    except ValueError as exc:
        choices = ", ".join(k.value for k in ContactKind)
        raise InvalidInput(f"'{kind}' is not a kind of contact detail; use {choices}.") from exc




def _edit_contacts(session, row: PersonRow, edits: Sequence[tuple[int, str, str]]) -> None:
    """Correct (contact id, label, value) of the person's own contact details in place."""
    points = {c.id: c for c in row.contact_points}
    region = default_region(session) if edits else ""
    for contact_id, label, value in edits:
        point = points.get(contact_id)
        if point is None:
            raise NotFound(f"No contact detail #{contact_id} on this person.")
        point.normalized = normalize_contact(ContactKind(point.kind), value, region)
        point.value, point.label = value.strip(), label.strip()
