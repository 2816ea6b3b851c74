"""Duplicate-aware import: plan first (nothing written), then apply in one transaction.

`plan()` matches every incoming record against the notebook and against the records before
it in the same file: the same UID, email or phone means the same person (merge: add what is
new, keep what is there); the same name with nothing contradicting it also does; a similar
name (rapidfuzz) is a possible duplicate the user decides about. `apply()` writes the plan
as one transaction, after a backup: cancelling or any failure leaves the notebook as it was.
"""

from __future__ import annotations

import contextlib
import dataclasses
import operator
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlalchemy import func, insert, select, update

from app.collector import collector_paused
from app.domain import (
    ContactKind,
    PartialDate,
    Stage,
    compose_display_name,
    inverse_relationship,
)
from app.errors import Cancelled, InvalidInput
from app.interchange.company import company_name, company_note_parts, company_website, with_parts
from app.interchange.merge import combined, is_empty, missing_from
from app.interchange.record import ContactRecord, ImportedContact, ParsedFile, Problem
from app.normalize import normalize_contact, sort_key
from app.services.backups import BackupService
from app.services.base import Service
from app.services.careers import organization_row
from app.services.records import (
    NAME_FIELDS,
    PERSON_TEXT_FIELDS,
    RecordRows,
    chunks,
    load_records,
    search_document,
)
from app.services.settings import default_region
from app.store import search_index
from app.store.bulk_load import indexes_built_after
from app.store.models import (
    AddressRow,
    CardExtraRow,
    ContactPointRow,
    CustomFieldRow,
    EmploymentRow,
    FactRow,
    ImportantDateRow,
    OrganizationRow,
    PersonRow,
    PersonTagRow,
    RelationshipRow,
    StageChangeRow,
    utcnow,
)
from app.store.rows import BackgroundWriter, background_writer, insert_rows, insert_values

Progress = Callable[[int, int], None]
ShouldCancel = Callable[[], bool]
SIMILAR_NAME_SCORE = 85  # rapidfuzz token_sort_ratio: "Jon Smith" ~ "John Smith" is 95
MATCHED_KINDS = (ContactKind.EMAIL, ContactKind.PHONE)
CANCEL_EVERY = 500
ADD_BATCH = 2000  # new people built, then written while the next are built
# The columns of a new person's row, in the order _add_people() builds it.
NEW_PERSON_COLUMNS = (*PERSON_TEXT_FIELDS, "birthday_year", "birthday_month", "birthday_day",
                      "met_on", "stage", "cadence_days", "sort_name", "id", "uid", "is_me",
                      "is_light", "created_at", "updated_at")
# From this many new people, and at least as many as the notebook had, the indexes of the
# tables they go into are built after their rows (app/store/bulk_load.py).
BULK_LOAD_MIN = 5000
BULK_LOADED_TABLES = tuple(model.__tablename__ for model in (
    PersonRow, ContactPointRow, AddressRow, ImportantDateRow, FactRow, EmploymentRow,
    PersonTagRow, CustomFieldRow, CardExtraRow))


_person_text = operator.attrgetter(*PERSON_TEXT_FIELDS)


class Match(StrEnum):
    NEW = "new"
    SAME = "same"  # the same person: merged
    POSSIBLE = "possible"  # a possible duplicate: the user decides


class Action(StrEnum):
    ADD = "add"
    MERGE = "merge"
    SKIP = "skip"


@dataclass
class PlannedRecord:
    record: ContactRecord
    match: Match
    action: Action
    existing_id: int | None = None  # the person in the notebook it matches
    existing_name: str = ""
    reason: str = ""  # "same email ana@example.com", "similar name (92%)"
    same_as: int | None = None  # index of an earlier record of this file it was merged into

    @property
    def decidable(self) -> bool:
        """Whether the user may choose add / merge / skip for this one."""
        return self.same_as is None


@dataclass
class PlannedCompany:
    """A company's own card: it becomes (or adds to) an organization, not a person."""

    record: ContactRecord
    name: str
    exists: bool  # an organization of that name is in the notebook already


def company_summary(names: list[str]) -> str:
    """'1 company card → company Example Widgets Ltd', for previews and reports."""
    if not names:
        return ""
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")
    if len(names) == 1:
        return f"1 company card → company {shown}"
    return f"{len(names):,} company cards → companies {shown}"


@dataclass
class ImportPlan:
    file: str
    format: str
    encoding: str
    items: list[PlannedRecord]
    problems: list[Problem] = field(default_factory=list)
    normalized: dict[ImportedContact, str] = field(default_factory=dict)
    companies: list[PlannedCompany] = field(default_factory=list)

    def count(self, match: Match) -> int:
        return sum(1 for item in self.items if item.match == match and item.same_as is None)


@dataclass
class ImportReport:
    added: list[int]
    merged: list[int]
    skipped: int
    loved_ones: int
    problems: list[Problem]
    backup: Path | None = None
    companies: list[str] = field(default_factory=list)  # the company cards' organizations


def _name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class _Known:
    """Who is in the notebook, by what identifies them: built once per plan."""

    def __init__(self, session) -> None:
        self.uids: dict[str, int] = {}
        self.unmatchable: set[int] = set()  # trashed or light: matched by UID only
        self.names: dict[int, str] = {}
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.by_family: dict[str, list[int]] = defaultdict(list)
        for pid, uid, trashed, light, *parts in session.execute(select(
                PersonRow.id, PersonRow.uid, PersonRow.trashed_at.is_not(None), PersonRow.is_light,
                *(getattr(PersonRow, f) for f in NAME_FIELDS))):
            self.uids[uid.casefold()] = pid
            if trashed or light:
                self.unmatchable.add(pid)
                continue
            fields = dict(zip(NAME_FIELDS, parts, strict=True))
            name = compose_display_name(**fields)
            self.names[pid] = name
            self.by_name[_name_key(name)].append(pid)
            self.by_family[_block_key(fields)].append(pid)
        self.by_contact: dict[str, int] = {}
        self.contacts_of: dict[int, set[str]] = defaultdict(set)
        for pid, kind, normalized in session.execute(select(
                ContactPointRow.person_id, ContactPointRow.kind, ContactPointRow.normalized)
                .where(ContactPointRow.kind.in_([k.value for k in MATCHED_KINDS]))):
            if pid in self.unmatchable or not normalized:
                continue
            key = f"{kind}:{normalized}"
            self.by_contact.setdefault(key, pid)
            self.contacts_of[pid].add(key)
        self.organizations: set[str] = set(session.scalars(select(OrganizationRow.name_key)))


def _similar_names(first: str, second: str) -> bool:
    a, b = _name_key(first), _name_key(second)
    if a == b or "@" in a or "@" in b:  # an email standing in for a missing name
        return True
    return fuzz.token_sort_ratio(a, b) >= SIMILAR_NAME_SCORE or \
        fuzz.token_set_ratio(a, b) == 100  # "Ana Lima" and "Ana Maria Lima"


def _block_key(fields: dict) -> str:
    """People compared for similar names share their family name (or given name)."""
    return (fields.get("family_name") or fields.get("given_name") or "").strip().casefold()


class ImportService(Service):
    @collector_paused()
    def plan(self, parsed: ParsedFile, file: str = "", *,
             should_cancel: ShouldCancel | None = None) -> ImportPlan:
        """Classify every record of a read file. Writes nothing."""
        with self._db.read() as session:
            known = _Known(session)
            region = default_region(session)
        plan = ImportPlan(file, parsed.format, parsed.encoding, [], list(parsed.problems))
        planner = _Planner(plan, known, region)
        for n, record in enumerate(parsed.records):
            if should_cancel and n % CANCEL_EVERY == 0 and should_cancel():
                raise Cancelled()
            planner.add(record)
        return plan

    @collector_paused()
    def apply(self, plan: ImportPlan, *, progress: Progress | None = None,
              should_cancel: ShouldCancel | None = None, backup: bool = True) -> ImportReport:
        """Write the plan's decisions in one transaction, after a backup of a notebook that
        has people in it. Cancel (or any error) leaves the notebook exactly as it was."""
        backup_path = None
        if backup and self._has_people():
            backup_path = BackupService(self._db).backup_before("import")
        with self._db.transaction() as session:
            writer = _Writer(session, plan, progress, should_cancel)
            report = writer.run()
        report.backup = backup_path
        return report

    def _has_people(self) -> bool:
        with self._db.read() as session:
            return session.scalar(select(PersonRow.id).limit(1)) is not None


class _Planner:
    def __init__(self, plan: ImportPlan, known: _Known, region: str | None) -> None:
        self.plan, self.known, self.region = plan, known, region
        self.pending: dict[str, int] = {}  # uid/contact key -> index of a new record
        self.companies: dict[str, PlannedCompany] = {}  # by name key

    def add(self, record: ContactRecord) -> None:
        if record.is_organization:
            self._add_company(record)
            return
        record = self._named(record)
        if record is None:
            return
        keys = self._identity(record)
        earlier = self._earlier(record, keys)
        if earlier is not None:
            self._merge_into_earlier(record, earlier, keys)
            return
        item = self._classify(record, keys)
        index = len(self.plan.items)
        self.plan.items.append(item)
        if item.match == Match.NEW:
            for key in keys:
                self.pending.setdefault(key, index)

    def _earlier(self, record: ContactRecord, keys: list[str]) -> int | None:
        """The earlier record of this file that is the same person, if any."""
        pending = self.pending
        for key in keys:
            earlier = pending.get(key)
            if earlier is not None and (key.startswith("uid:") or _similar_names(
                    self.plan.items[earlier].record.name(), record.name())):
                return earlier
        return None

    def _add_company(self, record: ContactRecord) -> None:
        name = company_name(record)
        key = _name_key(name)
        earlier = self.companies.get(key)
        if earlier is not None:  # two cards of one company: one organization
            earlier.record = combined(earlier.record, record)
            return
        company = PlannedCompany(record, name, key in self.known.organizations)
        self.companies[key] = company
        self.plan.companies.append(company)

    def _named(self, record: ContactRecord) -> ContactRecord | None:
        """A record needs a name: else its email, phone or company stands in for it. Details
        with nothing in them are dropped; a job title without a company is kept as a field."""
        record = _without_blanks(record)
        if record.name():
            return record
        stand_in = next((c.value for c in record.contacts if c.kind in MATCHED_KINDS), "") or \
            next((j.organization for j in record.jobs), "")
        if not stand_in:
            self.plan.problems.append(Problem(record.line, "skipped a card with no name, email, "
                                                           "phone or company"))
            return None
        return dataclasses.replace(record, display_name=stand_in)

    def _identity(self, record: ContactRecord) -> list[str]:
        keys = [f"uid:{record.uid.casefold()}"] if record.uid else []
        for contact in record.contacts:
            normalized = self._normalize(record, contact)
            if contact.kind in MATCHED_KINDS and normalized:
                keys.append(f"{contact.kind.value}:{normalized}")
        return keys

    def _normalize(self, record: ContactRecord, contact: ImportedContact) -> str:
        cache = self.plan.normalized
        normalized = cache.get(contact)  # each lookup hashes every field of the contact
        if normalized is None:
            try:
                normalized = normalize_contact(contact.kind, contact.value, self.region)
            except InvalidInput as exc:
                normalized = ""
                self.plan.problems.append(Problem(record.line, f"{exc} It is kept as written."))
            cache[contact] = normalized
        return normalized

    def _merge_into_earlier(self, record: ContactRecord, earlier: int, keys: list[str]) -> None:
        first = self.plan.items[earlier]
        first.record = combined(first.record, record, self._contact_key)
        for key in keys:
            self.pending.setdefault(key, earlier)
        self.plan.items.append(PlannedRecord(
            record, Match.SAME, Action.MERGE, reason=self._line_reason(first.record.line),
            same_as=earlier))

    @staticmethod
    def _line_reason(line: int) -> str:
        return f"the same person as line {line} of this file"

    def _contact_key(self, contact: ImportedContact) -> str:
        return f"{contact.kind.value}:{self.plan.normalized.get(contact) or contact.value}"

    def _classify(self, record: ContactRecord, keys: list[str]) -> PlannedRecord:
        known = self.known
        if not known.uids:  # an empty notebook, as for a new user's first import
            return PlannedRecord(record, Match.NEW, Action.ADD)
        for key in keys:
            pid = known.uids.get(key[4:]) if key.startswith("uid:") else known.by_contact.get(key)
            if pid is None:
                continue
            if pid in known.unmatchable:
                return PlannedRecord(record, Match.POSSIBLE, Action.SKIP, pid, "",
                                     "has the same id as someone in the trash or a loved one")
            if key.startswith("uid:"):
                return PlannedRecord(record, Match.SAME, Action.MERGE, pid, known.names[pid],
                                     "same id")
            kind, value = key.split(":", 1)
            if _similar_names(known.names[pid], record.name()):
                return PlannedRecord(record, Match.SAME, Action.MERGE, pid, known.names[pid],
                                     f"same {kind} {value}")
            # A shared number or address (a switchboard, info@) does not make two names one.
            return PlannedRecord(record, Match.POSSIBLE, Action.ADD, pid, known.names[pid],
                                 f"same {kind} {value}, different name")
        return self._by_name(record, keys)

    def _by_name(self, record: ContactRecord, keys: list[str]) -> PlannedRecord:
        known = self.known
        name = _name_key(record.name())
        mine = {k for k in keys if not k.startswith("uid:")}
        for pid in known.by_name.get(name, ()):
            theirs = known.contacts_of.get(pid, set())
            if not (mine and theirs):  # nothing to tell them apart: the same person
                return PlannedRecord(record, Match.SAME, Action.MERGE, pid, known.names[pid],
                                     "same name")
            return PlannedRecord(record, Match.POSSIBLE, Action.ADD, pid, known.names[pid],
                                 "same name, different email or phone")
        block = known.by_family.get(_block_key(
            {"family_name": record.family_name, "given_name": record.given_name}), ())
        if block:
            choices = {pid: _name_key(known.names[pid]) for pid in block}
            best = process.extractOne(name, choices, scorer=fuzz.token_sort_ratio,
                                      score_cutoff=SIMILAR_NAME_SCORE)
            if best is not None:
                _, score, pid = best
                return PlannedRecord(record, Match.POSSIBLE, Action.ADD, pid, known.names[pid],
                                     f"similar name ({score:.0f}%)")
        return PlannedRecord(record, Match.NEW, Action.ADD)


def _without_blanks(record: ContactRecord) -> ContactRecord:
    if _has_no_blanks(record):
        return record
    titles = [("Job title", j.title) for j in record.jobs if not j.organization.strip() and j.title]
    return dataclasses.replace(
        record,
        contacts=[c for c in record.contacts if c.value.strip()],
        addresses=[a for a in record.addresses if not a.is_empty()],
        jobs=[j for j in record.jobs if j.organization.strip()],
        relations=[r for r in record.relations if r.name.strip()],
        tags=[t for t in record.tags if t.strip().lstrip("#")],
        facts=[f for f in record.facts if f.text.strip()],
        custom_fields=[f for f in record.custom_fields + titles if f[0].strip()],
    )


def _has_no_blanks(r: ContactRecord) -> bool:
    # Plain loops: all() over generators cost a sixth of planning 100,000 records.
    for contact in r.contacts:
        if not contact.value.strip():
            return False
    for address in r.addresses:
        if address.is_empty():
            return False
    for job in r.jobs:
        if not job.organization.strip():
            return False
    for relation in r.relations:
        if not relation.name.strip():
            return False
    for tag in r.tags:
        if not tag.strip():
            return False
    for fact in r.facts:
        if not fact.text.strip():
            return False
    return all(name.strip() for name, _ in r.custom_fields)  # usually none


class _Writer:
    """One apply(): new people, merges, then relationships and introducers."""

    def __init__(self, session, plan: ImportPlan, progress: Progress | None,
                 should_cancel: ShouldCancel | None) -> None:
        self.session, self.plan = session, plan
        self.progress, self.should_cancel = progress, should_cancel
        # Before RecordRows reads the organizations (and their next id): people of this file
        # who work there then find the company's organization.
        self.companies = _write_companies(session, plan.companies)
        self.rows = RecordRows(session, utcnow().date())
        self.problems: list[Problem] = list(plan.problems)
        self.uids: dict[str, int] = {
            uid.casefold(): pid for pid, uid in session.execute(select(PersonRow.id, PersonRow.uid))}
        self.people_before = session.scalar(select(func.max(PersonRow.id))) or 0
        self.next_id = self.people_before + 1
        self.written: list[tuple[int, ContactRecord]] = []  # (person id, what was written)
        self.documents: list[search_index.Document] = []  # of new people and loved ones

    def run(self) -> ImportReport:
        adds, merges, skipped = self._decisions()
        total, done = len(adds) + len(merges), 0
        added = []
        # Each batch of new people is written by a second thread while this one builds the
        # next (app/store/rows.py): writing an import of 100,000 people, 10.9 -> ~7 s.
        with self._bulk_load(len(adds)), background_writer(self.session.connection()) as writer, \
                search_index.automerge_paused(writer.execute, len(adds) >= search_index.BULK_DOCUMENTS):
            for batch in chunks(adds, ADD_BATCH):
                self._check_cancel()
                added += self._add_people(batch, writer)
                done += len(batch)
                self._report(done, total)
        for batch in chunks(list(merges.items())):
            self._check_cancel()
            self._merge(batch)
            done += len(batch)
            self._report(done, total)
        self.rows.write()
        loved_ones = self._link_people()
        conn = self.session.connection()
        search_index.add_documents(conn.exec_driver_sql, self.documents)
        new = set(added)
        search_index.reindex(conn, [pid for pid, _ in self.written if pid not in new])
        return ImportReport(added, list(merges), skipped, len(loved_ones), self.problems,
                            companies=self.companies)

    def _bulk_load(self, new_people: int):
        if new_people < max(BULK_LOAD_MIN, self.people_before):
            return contextlib.nullcontext()
        return indexes_built_after(self.session.connection(), BULK_LOADED_TABLES)

    def _decisions(self):
        adds: list[ContactRecord] = []
        merges: dict[int, ContactRecord] = {}
        skipped = 0
        items = self.plan.items
        for item in items:
            action = items[item.same_as].action if item.same_as is not None else item.action
            if action == Action.SKIP:
                skipped += 1
            elif item.same_as is not None:
                continue  # its data is already in the earlier record
            elif action == Action.ADD:
                adds.append(item.record)
            elif item.existing_id is None:
                raise InvalidInput(f"Line {item.record.line}: there is nobody to merge into.")
            else:
                pid = item.existing_id
                merges[pid] = combined(merges[pid], item.record, self._contact_key) \
                    if pid in merges else item.record
        return adds, merges, skipped

    def _contact_key(self, contact: ImportedContact) -> str:
        return f"{contact.kind.value}:{self.plan.normalized.get(contact) or contact.value}"

    def _check_cancel(self) -> None:
        if self.should_cancel and self.should_cancel():
            raise Cancelled()

    def _report(self, done: int, total: int) -> None:
        if self.progress:
            self.progress(done, total)

    # --- new people ---------------------------------------------------------------------

    def _add_people(self, records, writer: BackgroundWriter) -> list[int]:
        """Build the rows and search documents of these new people and hand them to the
        writer."""
        people, ids, documents, stages = [], [], [], []
        now = utcnow()
        normalized = self.plan.normalized
        for record in records:
            pid = self.next_id
            self.next_id += 1
            uid = record.uid
            if not uid or uid.casefold() in self.uids:
                uid = str(uuid.uuid4())
            self.uids[uid.casefold()] = pid
            stage = self._stage(record)
            people.append(tuple(map(str.strip, _person_text(record))) +
                          self._person_values(record, stage) +
                          (pid, uid, False, False, now, now))
            if stage:
                stages.append((pid, None, stage, now))  # pipeline history
            self.rows.add(pid, record, normalized)
            self.written.append((pid, record))
            documents.append(search_document(pid, record, normalized))
            ids.append(pid)
        conn = writer.conn
        insert_values(conn, PersonRow.__table__, NEW_PERSON_COLUMNS, people, writer=writer)
        insert_values(conn, StageChangeRow.__table__,
                      ("person_id", "from_stage", "to_stage", "changed_at"), stages, writer=writer)
        self.rows.write(writer)
        search_index.add_documents(writer.execute, documents)
        return ids

    def _person_values(self, record: ContactRecord, stage: str | None) -> tuple:
        """The values of NEW_PERSON_COLUMNS after the text fields, up to sort_name."""
        birthday = record.birthday
        return (birthday.year if birthday else None, birthday.month if birthday else None,
                birthday.day if birthday else None, record.met_on, stage,
                self._cadence(record), sort_key(record.name()))

    def _person_columns(self, record: ContactRecord, only: set[str] | None = None) -> dict:
        columns = {f: getattr(record, f).strip() for f in PERSON_TEXT_FIELDS}
        birthday = record.birthday
        columns.update(birthday_year=birthday.year if birthday else None,
                       birthday_month=birthday.month if birthday else None,
                       birthday_day=birthday.day if birthday else None,
                       met_on=record.met_on, stage=self._stage(record),
                       cadence_days=self._cadence(record))
        if only is not None:
            columns = {k: v for k, v in columns.items() if k in only}
        if only is None or only & set(NAME_FIELDS):
            columns["sort_name"] = sort_key(record.name())
        return columns

    def _stage(self, record: ContactRecord) -> str | None:
        if not record.stage:
            return None
        try:
            return Stage(record.stage.strip().lower().replace(" ", "_")).value
        except ValueError:
            self.problems.append(Problem(record.line, f"'{record.stage}' is not a stage; left out"))
            return None

    def _cadence(self, record: ContactRecord) -> int | None:
        cadence = record.cadence_days
        if cadence is not None and cadence < 1:
            self.problems.append(Problem(record.line, "a keep-in-touch cadence must be 1 day or "
                                                      "more; left out"))
            return None
        return cadence

    # --- merges -------------------------------------------------------------------------

    def _merge(self, batch) -> None:
        existing = load_records(self.session, [pid for pid, _ in batch])
        for pid, incoming in batch:
            have = existing[pid]
            delta = missing_from(have, incoming, self._contact_key)
            if is_empty(delta):
                continue
            self._update_person(pid, have, delta)
            self.rows.add(pid, delta, self.plan.normalized,
                          positions={name: len(getattr(have, name)) for name in
                                     ("contacts", "addresses", "custom_fields", "extras")},
                          kinds_present={c.kind.value for c in have.contacts},
                          has_photo=have.photo is not None)
            self.written.append((pid, delta))

    def _update_person(self, pid: int, have: ContactRecord, delta: ContactRecord) -> None:
        filled = {name for name in PERSON_TEXT_FIELDS + ("birthday", "met_on", "stage",
                                                          "cadence_days") if getattr(delta, name)}
        if not filled:
            return
        if delta.notes:
            delta = dataclasses.replace(
                delta, notes=f"{have.notes}\n\n{delta.notes}" if have.notes else delta.notes)
        columns = self._person_columns(dataclasses.replace(have, **{
            f: getattr(delta, f) for f in filled}), only=_columns_of(filled))
        columns["updated_at"] = utcnow()
        self.session.execute(update(PersonRow).where(PersonRow.id == pid).values(**columns))
        if columns.get("stage") and not have.stage:  # merging fills only an empty stage
            self.session.add(StageChangeRow(person_id=pid, from_stage=None,
                                            to_stage=columns["stage"], changed_at=utcnow()))

    # --- relationships and introducers --------------------------------------------------

    def _link_people(self) -> list[int]:
        """Relationships (to people in the file or notebook by UID, else by name when exactly
        one person has that name, else new light entries) and who introduced whom. Returns
        the light entries' ids."""
        edges, light_rows, introducers = [], [], []
        by_name = self._ids_by_name(
            {r.name for _, record in self.written for r in record.relations} |
            {record.introduced_by for _, record in self.written if record.introduced_by})
        for pid, record in self.written:
            for relation in record.relations:
                other = self.uids.get(relation.uid.casefold()) if relation.uid else None
                if other is None:
                    other = _only(by_name.get(_name_key(relation.name), ()), but=pid)
                if other is None:
                    other = self._new_light_person(relation, light_rows)
                if other != pid:
                    edges.append(dict(person_id=pid, other_id=other, type=relation.type))
                    edges.append(dict(person_id=other, other_id=pid,
                                      type=inverse_relationship(relation.type)))
            if record.introduced_by:
                introducers.append((pid, record))
        conn = self.session.connection()
        insert_rows(conn, PersonRow.__table__, light_rows)
        if edges:
            conn.execute(insert(RelationshipRow).prefix_with("OR IGNORE"), edges)
        self._set_introducers(introducers, by_name)
        return [row["id"] for row in light_rows]

    def _new_light_person(self, relation, light_rows: list[dict]) -> int:
        pid = self.next_id
        self.next_id += 1
        uid = relation.uid if relation.uid and relation.uid.casefold() not in self.uids \
            else str(uuid.uuid4())
        self.uids[uid.casefold()] = pid
        given, _, family = relation.name.strip().partition(" ")
        birthday: PartialDate | None = relation.birthday
        now = utcnow()
        light_rows.append(dict(
            id=pid, uid=uid, given_name=given, family_name=family.strip(), is_light=True,
            is_me=False, sort_name=sort_key(relation.name.strip()),
            birthday_year=birthday.year if birthday else None,
            birthday_month=birthday.month if birthday else None,
            birthday_day=birthday.day if birthday else None, created_at=now, updated_at=now,
            **{f: "" for f in PERSON_TEXT_FIELDS if f not in ("given_name", "family_name")}))
        self.documents.append(search_index.Document(pid, relation.name, []))
        return pid

    def _set_introducers(self, introducers: list[tuple[int, ContactRecord]],
                         by_name: dict[str, list[int]]) -> None:
        for pid, record in introducers:
            ref = record.introduced_by.strip()
            introducer = self.uids.get(ref.casefold())
            if introducer is None:
                matches = by_name.get(_name_key(ref), [])
                introducer = matches[0] if len(matches) == 1 else None
            if introducer is None or introducer == pid:
                self.problems.append(Problem(record.line, f"the introducer '{ref}' is not in the "
                                                          "notebook; left out"))
                continue
            self.session.execute(update(PersonRow).where(PersonRow.id == pid)
                                 .values(introduced_by_id=introducer))

    def _ids_by_name(self, names: set[str]) -> dict[str, list[int]]:
        """Everyone (in the notebook, and added by this import) called one of `names`: one
        pass over the people, only when there are names to look up."""
        wanted = {_name_key(n) for n in names} - {""}
        if not wanted:
            return {}
        found: dict[str, list[int]] = defaultdict(list)
        for pid, *parts in self.session.execute(select(
                PersonRow.id, *(getattr(PersonRow, f) for f in NAME_FIELDS))
                .where(PersonRow.trashed_at.is_(None), PersonRow.is_light.is_(False))):
            key = _name_key(compose_display_name(**dict(zip(NAME_FIELDS, parts, strict=True))))
            if key in wanted:
                found[key].append(pid)
        return found


def _only(ids, *, but: int) -> int | None:
    """The one person a name matches (not `but`, the person it is related to): several
    people of that name are ambiguous."""
    return ids[0] if len(ids) == 1 and ids[0] != but else None


def _write_companies(session, companies: list[PlannedCompany]) -> list[str]:
    """Find or create each company's organization; fill an empty website and append the
    card's note, phones, emails and addresses to its notes, each line once."""
    for company in companies:
        row = organization_row(session, company.name)
        website = company_website(company.record)
        if website and not row.website:
            row.website = website
        notes = with_parts(row.notes or "", company_note_parts(company.record, row.website))
        if notes != (row.notes or ""):
            row.notes = notes
    session.flush()
    return [company.name for company in companies]


def _columns_of(fields: set[str]) -> set[str]:
    columns = set(fields) - {"birthday"}
    if "birthday" in fields:
        columns |= {"birthday_year", "birthday_month", "birthday_day"}
    return columns

