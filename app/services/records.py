"""People <-> ContactRecords, in bulk: what export reads and what import writes.

`load_records` assembles whole people from a handful of queries per 900 people (export of
100,000 people, and merging a file into a notebook that already has them, cannot afford one
query per person). `RecordRows` turns records into rows inserted many at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import ContactKind, PartialDate, compose_display_name
from app.interchange.record import (
    ContactRecord,
    ImportedAddress,
    ImportedContact,
    ImportedDate,
    ImportedFact,
    ImportedJob,
    ImportedRelation,
    RawProperty,
)
from app.photos import photo_type
from app.store import search_index
from app.store.models import (
    AddressRow,
    CardExtraRow,
    ContactPointRow,
    CustomFieldRow,
    EmploymentRow,
    FactRow,
    ImportantDateRow,
    OrganizationRow,
    PersonTagRow,
    PhotoRow,
    TagRow,
    utcnow,
)
from app.store.rows import BackgroundWriter, insert_values

CHUNK = 900  # below SQLite's bound-parameter limit on every build we ship
NAME_FIELDS = ("prefix", "given_name", "middle_name", "family_name", "suffix", "nickname",
               "display_name")
PERSON_TEXT_FIELDS = NAME_FIELDS + ("pronouns", "hometown", "how_we_met", "notes")


def chunks(ids: Sequence[int], size: int = CHUNK) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@functools.lru_cache(maxsize=65536)  # birthdays repeat; PartialDate is immutable
def _partial(year, month, day) -> PartialDate | None:
    return PartialDate(month, day, year) if month and day else None


# In ContactRecord's field order: load_records passes them positionally (a test holds it).
_PEOPLE_SQL = (
    "SELECT id, uid, prefix, given_name, middle_name, family_name, suffix, nickname, display_name, "
    "pronouns, birthday_year, birthday_month, birthday_day, hometown, how_we_met, met_on, "
    "introduced_by_id, stage, cadence_days, notes FROM people WHERE {where}")
# (column, query): each selects (person_id, ...) for some people, in the order a record lists them.
_DETAIL_SQL = {
    "contacts": ("person_id", "SELECT person_id, kind, value, label FROM contact_points "
                 "WHERE {where} ORDER BY person_id, position, id"),
    "addresses": ("person_id", "SELECT person_id, label, street, locality, region, postcode, "
                  "country FROM addresses WHERE {where} ORDER BY person_id, position, id"),
    "dates": ("person_id", "SELECT person_id, label, year, month, day FROM important_dates "
              "WHERE {where} ORDER BY person_id, id"),
    "facts": ("person_id", "SELECT person_id, category, text, noted_on FROM facts "
              "WHERE {where} ORDER BY person_id, id"),
    "jobs": ("e.person_id", "SELECT e.person_id, o.name, e.title, e.department, e.start_date, "
             "e.end_date FROM employments e JOIN organizations o ON o.id = e.organization_id "
             "WHERE {where} ORDER BY e.person_id, e.end_date IS NOT NULL, e.start_date DESC, e.id"),
    "relations": ("r.person_id", "SELECT r.person_id, r.type, p.uid, p.is_light, "
                  "p.birthday_year, p.birthday_month, p.birthday_day, "
                  + ", ".join(f"p.{f}" for f in NAME_FIELDS) + " FROM relationships r "
                  "JOIN people p ON p.id = r.other_id "
                  "WHERE {where} AND p.trashed_at IS NULL ORDER BY r.person_id, r.id"),
    "custom_fields": ("person_id", "SELECT person_id, name, value FROM custom_fields "
                      "WHERE {where} ORDER BY person_id, position, id"),
    "extras": ("person_id", "SELECT person_id, name, value, params, grp FROM card_extras "
               "WHERE {where} ORDER BY person_id, position, id"),
    "tags": ("pt.person_id", "SELECT pt.person_id, t.name FROM person_tags pt "
             "JOIN tags t ON t.id = pt.tag_id WHERE {where} ORDER BY pt.person_id, t.name_key"),
    "photo": ("person_id", "SELECT person_id, data FROM photos WHERE {where}"),
}


@functools.lru_cache(maxsize=65536)  # dates repeat; dt.date is immutable
def _date(stored: str | None) -> dt.date | None:
    return dt.date.fromisoformat(stored) if stored else None


def load_records(session: Session, ids: Sequence[int]) -> dict[int, ContactRecord]:
    """These people as records (at most CHUNK ids per call), keyed by person id. Plain SQL
    through the driver: exporting 100,000 people reads ~1 million rows."""
    driver = session.connection().connection.driver_connection
    wanted = set(ids)
    lowest, highest = min(ids), max(ids)
    if highest - lowest < 2 * len(ids):  # mostly contiguous: a range scan beats many seeks
        where, params = "{} BETWEEN ? AND ?", (lowest, highest)
    else:
        where, params = "{} IN (" + ",".join("?" * len(ids)) + ")", tuple(ids)
    people = [row for row in driver.execute(_PEOPLE_SQL.format(where=where.format("id")), params)
              if row[0] in wanted]
    (contacts, addresses, dates, facts, jobs, relations, custom_fields, extras, tags,
     photos) = [_grouped(driver.execute(sql.format(where=where.format(column)), params),
                         _DETAIL_BUILDERS[name]) for name, (column, sql) in _DETAIL_SQL.items()]
    introducers = {row[16] for row in people if row[16]}
    uids = dict(driver.execute(
        f"SELECT id, uid FROM people WHERE id IN ({','.join('?' * len(introducers))})",
        tuple(introducers)).fetchall()) if introducers else {}
    records = {}
    for (pid, uid, prefix, given, middle, family, suffix, nickname, display, pronouns, year, month,
         day, hometown, how_we_met, met_on, introducer, stage, cadence, notes) in people:
        photo = photos.get(pid)
        records[pid] = ContactRecord(
            0, uid, prefix, given, middle, family, suffix, nickname, display, pronouns,
            _partial(year, month, day), hometown, how_we_met, _date(met_on),
            uids.get(introducer, ""), stage or "", cadence, notes, contacts.get(pid) or [],
            addresses.get(pid) or [], dates.get(pid) or [], jobs.get(pid) or [],
            relations.get(pid) or [], tags.get(pid) or [], facts.get(pid) or [],
            custom_fields.get(pid) or [], photo[0] if photo else None, extras.get(pid) or [])
    return records


def _grouped(rows, build) -> dict[int, list]:
    """person id -> the objects built from their rows, in the rows' order (built as each row
    is read: one pass, and no default lists made for ContactRecord to throw away)."""
    grouped: dict[int, list] = {}
    person_id = built = None
    for row in rows:
        if row[0] != person_id:  # rows come sorted by person: one lookup per person
            person_id = row[0]
            built = grouped.get(person_id)
            if built is None:
                built = grouped[person_id] = []
        built.append(build(row))
    return grouped


def _relation(row) -> ImportedRelation:
    _, kind, uid, is_light, year, month, day, *names = row
    name = compose_display_name(**dict(zip(NAME_FIELDS, names, strict=True)))
    birthday = _partial(year, month, day) if is_light else None  # others have their own card
    return ImportedRelation(kind, name, uid, birthday)


_CONTACT_KINDS = {kind.value: kind for kind in ContactKind}  # cheaper than ContactKind(value)
# Each takes a whole row, person id first.
_DETAIL_BUILDERS = {
    "contacts": lambda r: ImportedContact(_CONTACT_KINDS[r[1]], r[2], r[3]),
    "addresses": lambda r: ImportedAddress(r[1], r[2], r[3], r[4], r[5], r[6]),
    "dates": lambda r: ImportedDate(r[1], PartialDate(r[3], r[4], r[2])),
    "facts": lambda r: ImportedFact(r[1], r[2], _date(r[3])),
    "jobs": lambda r: ImportedJob(r[1], r[2], r[3], _date(r[4]), _date(r[5])),
    "relations": _relation,
    "custom_fields": lambda r: (r[1], r[2]),
    "extras": lambda r: RawProperty(r[1], r[2], r[3], r[4]),
    "tags": lambda r: r[1],
    "photo": lambda r: r[1],
}


def search_document(person_id: int, record: ContactRecord,
                    normalized: dict[ImportedContact, str]) -> search_index.Document:
    """The search index's document for a new person, from the record being written: the same
    text search_index.reindex() would read back from the tables (a test holds them equal)."""
    r = record
    details = [" ".join((r.hometown, r.how_we_met, r.notes, r.pronouns))]
    details += [c.value for c in r.contacts if c.kind != ContactKind.PHONE]
    details += [" ".join((a.street, a.locality, a.region, a.postcode, a.country))
                for a in r.addresses]
    details += [f"{f.category} {f.text}" for f in r.facts]
    details += [" ".join((j.organization, j.title, j.department)) for j in r.jobs]
    details += r.tags
    details += [f"{name} {value}" for name, value in r.custom_fields]
    details += [d.label for d in r.dates]
    phones = [form for c in r.contacts if c.kind == ContactKind.PHONE
              for form in search_index.phone_forms(c.value, normalized.get(c, ""))]
    return search_index.Document(person_id, " ".join(_names(r)), details, phones)


_names = operator.attrgetter(*NAME_FIELDS)


# The columns of the rows RecordRows gathers, in the order of its tuples.
ROW_COLUMNS: dict[type, tuple[str, ...]] = {
    OrganizationRow: ("id", "name", "name_key", "website", "notes", "created_at"),
    TagRow: ("id", "name", "name_key"),
    ContactPointRow: ("person_id", "kind", "label", "value", "normalized", "is_primary",
                      "position"),
    AddressRow: ("person_id", "label", "street", "locality", "region", "postcode", "country",
                 "position"),
    ImportantDateRow: ("person_id", "label", "year", "month", "day"),
    FactRow: ("person_id", "category", "text", "noted_on", "source_interaction_id"),
    EmploymentRow: ("person_id", "organization_id", "title", "department", "start_date",
                    "end_date", "reports_to_id"),
    PersonTagRow: ("person_id", "tag_id"),
    CustomFieldRow: ("person_id", "name", "value", "position"),
    CardExtraRow: ("person_id", "grp", "name", "params", "value", "position"),
    PhotoRow: ("person_id", "mime", "data"),
}


class RecordRows:
    """Rows for the details of records (new people, or what a merge adds), gathered as tuples
    (ROW_COLUMNS) for insert_values(): building a dict per row cost a third of gathering them.
    Organisation and tag ids are looked up once per name."""

    def __init__(self, session: Session, today: dt.date) -> None:
        self._session = session
        self._today = today
        self._orgs: dict[str, int] = dict(session.execute(
            select(OrganizationRow.name_key, OrganizationRow.id)).all())
        self._tags: dict[str, int] = dict(session.execute(select(TagRow.name_key, TagRow.id)).all())
        self.rows: dict[type, list[tuple]] = defaultdict(list)
        # New organisations and tags get their ids here and are inserted by write(), before
        # the rows that refer to them: one INSERT each cost ~0.2 ms, seconds for a CRM
        # export naming tens of thousands of companies.
        self._next_id = {model: (session.scalar(select(func.max(model.id))) or 0) + 1
                         for model in (OrganizationRow, TagRow)}
        self._now = utcnow()

    def add(self, person_id: int, record: ContactRecord, normalized: dict[ImportedContact, str],
            *, positions: dict[str, int] | None = None, kinds_present: set[str] = frozenset(),
            has_photo: bool = False) -> None:
        """`normalized`: each contact's matching value. `positions`: where the person's
        existing lists end (a merge appends after them)."""
        start = positions or {}
        rows = self.rows
        if record.contacts:
            kinds = set(kinds_present)
            first = start.get("contacts", 0)
            contact_rows = rows[ContactPointRow]
            for n, contact in enumerate(record.contacts, first):
                kind = contact.kind.value  # an enum's value is a property: read it once
                contact_rows.append((person_id, kind, contact.label, contact.value,
                                     normalized.get(contact, ""), kind not in kinds, n))
                kinds.add(kind)
        if record.addresses:
            rows[AddressRow].extend(
                (person_id, a.label, a.street, a.locality, a.region, a.postcode, a.country, n)
                for n, a in enumerate(record.addresses, start.get("addresses", 0)))
        if record.dates:
            rows[ImportantDateRow].extend(
                (person_id, d.label or "date", d.date.year, d.date.month, d.date.day)
                for d in record.dates)
        if record.facts:
            rows[FactRow].extend(
                (person_id, f.category.strip().lower() or "other", f.text,
                 f.noted_on or self._today, None) for f in record.facts)
        if record.jobs:
            rows[EmploymentRow].extend(
                (person_id, self._organization(job.organization), job.title, job.department,
                 job.start, job.end, None) for job in record.jobs)
        if record.tags:
            rows[PersonTagRow].extend((person_id, self._tag(name)) for name in record.tags)
        if record.custom_fields:
            rows[CustomFieldRow].extend(
                (person_id, name, value, n)
                for n, (name, value) in enumerate(record.custom_fields,
                                                  start.get("custom_fields", 0)))
        if record.extras:
            rows[CardExtraRow].extend(
                (person_id, x.group, x.name, x.params, x.value, n)
                for n, x in enumerate(record.extras, start.get("extras", 0)))
        if record.photo and not has_photo:
            rows[PhotoRow].append((person_id, photo_type(record.photo), record.photo))

    def _organization(self, name: str) -> int:
        name = " ".join(name.split())
        key = name.casefold()
        if key not in self._orgs:
            self._orgs[key] = self._new_row(OrganizationRow, name=name, name_key=key, website="",
                                            notes="", created_at=self._now)
        return self._orgs[key]

    def _tag(self, name: str) -> int:
        name = " ".join(name.split()).lstrip("#")
        key = name.casefold()
        if key not in self._tags:
            self._tags[key] = self._new_row(TagRow, name=name, name_key=key)
        return self._tags[key]

    def _new_row(self, model: type, **columns) -> int:
        row_id = self._next_id[model]
        self._next_id[model] = row_id + 1
        columns["id"] = row_id
        self.rows[model].append(tuple(columns[name] for name in ROW_COLUMNS[model]))
        return row_id

    def write(self, writer: BackgroundWriter | None = None) -> None:
        """Insert the rows gathered so far (through `writer`, if given), and forget them."""
        conn = writer.conn if writer else self._session.connection()
        for model in (OrganizationRow, TagRow, ContactPointRow, AddressRow, ImportantDateRow,
                      FactRow, EmploymentRow, PersonTagRow, CustomFieldRow, CardExtraRow, PhotoRow):
            insert_values(conn, model.__table__, ROW_COLUMNS[model], self.rows.pop(model, []),
                          writer=writer)
