"""Merging two people into one, and undoing it until the app closes.

Everything of the other person moves to the one kept, in one transaction: contact points
(identical normalised ones once), addresses, dates, facts, custom fields, card properties,
relationships (both directions; self-relations and duplicates dropped), jobs and reporting
lines, interactions, reminders and their done/snoozed state, introductions, tags, pipeline
history, and the links others have to them (introduced by, reports to). Single fields that
differ are chosen by the caller (`conflicts()` lists them); notes may keep both. So is the
current job when both cards have a different one: the one not chosen ends today (or, at the
same organisation, is the same job and is dropped); the same job on both is kept once.

Before anything moves, every row that mentions either person is copied into memory (the
generic row walk of the complete export: a table added later is covered without changes
here). Undo writes those rows back exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import Connection, Table, and_, delete, func, insert, or_, select, update

from app.domain import STAGE_TITLES, Person, PersonRef, Stage
from app.errors import InvalidInput, NotFound
from app.services import read_models
from app.services.archive import exported_tables
from app.services.base import Service, changed, person_name, person_row, refresh_sort_name, to_ref
from app.store import search_index
from app.store.models import (
    AddressRow,
    CardExtraRow,
    ContactPointRow,
    CustomFieldRow,
    EmploymentRow,
    InteractionParticipantRow,
    IntroductionRow,
    IntroductionSubjectRow,
    OrganizationRow,
    PersonRow,
    PersonTagRow,
    PhotoRow,
    RelationshipRow,
    ReminderOccurrenceRow,
)

PEOPLE = PersonRow.__table__

# Single-valued fields the user chooses between: (field, label, columns).
FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("prefix", "Prefix", ("prefix",)),
    ("given_name", "Given name", ("given_name",)),
    ("middle_name", "Middle name", ("middle_name",)),
    ("family_name", "Family name", ("family_name",)),
    ("suffix", "Suffix", ("suffix",)),
    ("nickname", "Nickname", ("nickname",)),
    ("display_name", "Shown as", ("display_name",)),
    ("pronouns", "Pronouns", ("pronouns",)),
    ("birthday", "Birthday", ("birthday_year", "birthday_month", "birthday_day")),
    ("hometown", "Where they are from", ("hometown",)),
    ("how_we_met", "How we met", ("how_we_met",)),
    ("met_on", "Met on", ("met_on",)),
    ("introduced_by", "Introduced by", ("introduced_by_id",)),
    ("current_job", "Current job", ()),
    ("stage", "Stage", ("stage",)),
    ("cadence_days", "Keep in touch every", ("cadence_days",)),
    ("notes", "Notes", ("notes",)),
    ("photo", "Photo", ()),
)
FIELD_LABELS = {name: label for name, label, _ in FIELDS}
CURRENT_JOB = "current_job"
BOTH_FIELDS = frozenset({"notes", CURRENT_JOB})  # the fields that may keep both values

# Derived reminders whose key names the person by id rather than uid ("touch:12").
# Keys "kind:<uid>" (birthday:<uid>, ...) are always rewritten; add id-keyed kinds here.
PERSON_ID_KEY_KINDS: frozenset[str] = frozenset()


class Choice(StrEnum):
    KEEP = "keep"
    OTHER = "other"
    BOTH = "both"  # notes: the kept person's, then the other's; current job: both stay current


@dataclass(frozen=True)
class FieldConflict:
    field: str
    label: str
    keep_value: str
    other_value: str
    default: Choice = Choice.KEEP


@dataclass(frozen=True)
class MergeUndo:
    """What one merge changed, to put it back: every row that mentioned either person."""

    kept: PersonRef
    removed: PersonRef
    rows: dict[str, list[dict]]
    # Rows whose key names the person (tags, participants, photo): moving made new keys.
    moved_keys: dict[str, list[tuple]] = dataclasses.field(default_factory=dict)


# --- reading field values ------------------------------------------------------------------


def _value(session, row: PersonRow, field: str) -> str:
    """The field as the user reads it; "" when empty."""
    if field == "birthday":
        date = read_models.partial_date(row.birthday_year, row.birthday_month, row.birthday_day)
        return date.iso() if date else ""
    if field == "introduced_by":
        if row.introduced_by_id is None:
            return ""
        return person_name(person_row(session, row.introduced_by_id))
    if field == "stage":
        return STAGE_TITLES[Stage(row.stage)] if row.stage else ""
    if field == "cadence_days":
        return f"{row.cadence_days} days" if row.cadence_days else ""
    if field == "met_on":
        return row.met_on.isoformat() if row.met_on else ""
    if field == "photo":
        photo = session.get(PhotoRow, row.id)
        return f"a photo ({len(photo.data) // 1024 or 1} KB)" if photo else ""
    if field == CURRENT_JOB:
        return "; ".join(_job_text(session, job) for job in _current_jobs(session, row.id))
    return getattr(row, field) or ""


def _current_jobs(session_or_conn, person_id: int) -> list:
    jobs = EmploymentRow.__table__
    return list(session_or_conn.execute(select(jobs).where(
        jobs.c.person_id == person_id, jobs.c.end_date.is_(None)).order_by(jobs.c.id)))


def _job_text(session, job) -> str:
    organization = session.get(OrganizationRow, job.organization_id)
    return " at ".join(x for x in (job.title, organization.name) if x)


def _job_key(job) -> tuple[int, str]:
    return job.organization_id, " ".join(job.title.split()).casefold()


def _jobs_conflict(session, keep_id: int, other_id: int) -> bool:
    """Both have a current job the other has not: two current jobs would be a guess."""
    mine = {_job_key(j) for j in _current_jobs(session, keep_id)}
    theirs = {_job_key(j) for j in _current_jobs(session, other_id)}
    return bool(mine - theirs) and bool(theirs - mine)


def _conflicts(session, keep: PersonRow, other: PersonRow) -> list[FieldConflict]:
    found = []
    for field, label, _ in FIELDS:
        mine, theirs = _value(session, keep, field), _value(session, other, field)
        if field == "introduced_by" and {keep.introduced_by_id, other.introduced_by_id} & \
                {keep.id, other.id}:
            continue  # one introduced the other: after the merge that link points to itself
        if field == CURRENT_JOB and not _jobs_conflict(session, keep.id, other.id):
            continue  # the same jobs, or one card's jobs include the other's
        if field == "photo" and mine and theirs and \
                session.get(PhotoRow, keep.id).data == session.get(PhotoRow, other.id).data:
            continue
        if mine and theirs and mine != theirs:
            default = Choice.BOTH if field == "notes" else Choice.KEEP
            found.append(FieldConflict(field, label, mine, theirs, default))
    return found


# --- the snapshot ---------------------------------------------------------------------------


def _people_columns(table: Table) -> list:
    return [c for c in table.c if any(fk.column.table is PEOPLE for fk in c.foreign_keys)]


def _rows(conn: Connection, table: Table, condition) -> list[dict]:
    return [dict(r._mapping) for r in conn.execute(select(table).where(condition))]


def _uid_suffix():
    key = ReminderOccurrenceRow.reminder_key
    return func.substr(key, func.instr(key, ":") + 1)


def _snapshot(conn: Connection, ids: list[int], uids: list[str]) -> dict[str, list[dict]]:
    """Every row that mentions these people, and the rows hanging from those (an
    introduction's history and reminders), and the state of their reminders."""
    taken: dict[str, list[dict]] = {}
    tables = exported_tables()
    for table in tables:
        conditions = [c.in_(ids) for c in _people_columns(table)]
        if table is PEOPLE:
            conditions.append(table.c.id.in_(ids))
        if conditions:
            taken[table.name] = _rows(conn, table, or_(*conditions))
    for table in tables:  # one level further: rows that hang from a row taken above
        for column in table.c:
            for fk in column.foreign_keys:
                parent = fk.column.table
                if parent is PEOPLE or parent.name not in taken or len(parent.primary_key) != 1:
                    continue
                parent_ids = [r[fk.column.name] for r in taken[parent.name]]
                extra = _rows(conn, table, column.in_(parent_ids)) if parent_ids else []
                _add_unique(taken, table, extra)
    occurrences = ReminderOccurrenceRow.__table__
    reminder_keys = [f"reminder:{r['id']}" for r in taken.get("reminders", [])]
    _add_unique(taken, occurrences, _rows(conn, occurrences, or_(
        occurrences.c.reminder_key.in_(reminder_keys), _uid_suffix().in_(uids),
        *[occurrences.c.reminder_key == f"{kind}:{i}"
          for kind in PERSON_ID_KEY_KINDS for i in ids])))
    return taken


def _add_unique(taken: dict[str, list[dict]], table: Table, rows: Iterable[dict]) -> None:
    have = taken.setdefault(table.name, [])
    keys = {_pk(table, r) for r in have}
    for row in rows:
        if _pk(table, row) not in keys:
            keys.add(_pk(table, row))
            have.append(row)


def _pk(table: Table, row: dict) -> tuple:
    return tuple(row[c.name] for c in table.primary_key)


def _person_keyed(table: Table) -> bool:
    return bool(set(_people_columns(table)) & set(table.primary_key.columns))


def _moved_keys(conn: Connection, keep: int, taken: dict[str, list[dict]]) -> dict:
    """After a merge: the keys of person-keyed rows that moving created."""
    moved = {}
    for table in exported_tables():
        if _person_keyed(table):
            before = {_pk(table, r) for r in taken.get(table.name, [])}
            now = {_pk(table, r) for r in _rows(conn, table, or_(
                *[c == keep for c in _people_columns(table)]))}
            moved[table.name] = sorted(now - before)
    return moved


def _put_back(conn: Connection, taken: dict[str, list[dict]],
              moved_keys: dict[str, list[tuple]]) -> None:
    """Write every snapshot row back: update it where its key still exists, else insert it."""
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table in exported_tables():
        for key in moved_keys.get(table.name, []):
            conn.execute(delete(table).where(
                and_(*[c == v for c, v in zip(table.primary_key, key, strict=True)])))
    for table in exported_tables():
        for row in taken.get(table.name, []):
            where = and_(*[c == row[c.name] for c in table.primary_key])
            if conn.execute(select(func.count()).select_from(table).where(where)).scalar():
                conn.execute(update(table).where(where).values(**row))
            else:
                conn.execute(insert(table).values(**row))


# --- moving rows ---------------------------------------------------------------------------


def rewrite_person_keys(conn: Connection, *, old_uid: str, new_uid: str, old_id: int,
                        new_id: int) -> None:
    """Move the done/snoozed state of derived reminders from one person to another.
    Derived reminder keys are "kind:<uid>" (or "kind:<id>" for PERSON_ID_KEY_KINDS); an
    occurrence the kept person already has a state for keeps that state."""
    table = ReminderOccurrenceRow.__table__
    moves = [(r.id, r.reminder_key, r.occurrence) for r in conn.execute(
        select(table.c.id, table.c.reminder_key, table.c.occurrence)
        .where(_uid_suffix() == old_uid))]
    moves += [(r.id, r.reminder_key, r.occurrence) for kind in PERSON_ID_KEY_KINDS
              for r in conn.execute(select(table.c.id, table.c.reminder_key, table.c.occurrence)
                                    .where(table.c.reminder_key == f"{kind}:{old_id}"))]
    for row_id, key, occurrence in moves:
        kind = key.partition(":")[0]
        new_key = f"{kind}:{new_id}" if kind in PERSON_ID_KEY_KINDS and \
            key == f"{kind}:{old_id}" else f"{kind}:{new_uid}"
        taken = conn.execute(select(table.c.id).where(
            table.c.reminder_key == new_key, table.c.occurrence == occurrence)).first()
        if taken:
            conn.execute(delete(table).where(table.c.id == row_id))
        else:
            conn.execute(update(table).where(table.c.id == row_id).values(reminder_key=new_key))


def _move_contact_points(conn: Connection, keep: int, other: int) -> None:
    table = ContactPointRow.__table__
    mine = list(conn.execute(select(table).where(table.c.person_id == keep)))
    seen = {(c.kind, c.normalized or c.value.casefold()) for c in mine}
    primary_kinds = {c.kind for c in mine if c.is_primary}
    position = len(mine)
    for point in conn.execute(select(table).where(table.c.person_id == other)
                              .order_by(table.c.position, table.c.id)).all():
        key = (point.kind, point.normalized or point.value.casefold())
        if key in seen:
            conn.execute(delete(table).where(table.c.id == point.id))
            continue
        seen.add(key)
        conn.execute(update(table).where(table.c.id == point.id).values(
            person_id=keep, position=position,
            is_primary=bool(point.is_primary) and point.kind not in primary_kinds))
        if point.is_primary:
            primary_kinds.add(point.kind)
        position += 1


def _move_positioned(conn: Connection, table: Table, keep: int, other: int) -> None:
    """Rows kept in order (addresses, custom fields, card properties): after the kept ones."""
    start = conn.execute(select(func.count()).select_from(table)
                         .where(table.c.person_id == keep)).scalar() or 0
    for n, row_id in enumerate(conn.execute(select(table.c.id).where(table.c.person_id == other)
                                            .order_by(table.c.position, table.c.id)).scalars()):
        conn.execute(update(table).where(table.c.id == row_id)
                     .values(person_id=keep, position=start + n))


def _move_relationships(conn: Connection, keep: int, other: int) -> None:
    table = RelationshipRow.__table__
    edges = {(r.person_id, r.other_id, r.type) for r in conn.execute(select(table).where(
        or_(table.c.person_id == keep, table.c.other_id == keep)))}
    for row in conn.execute(select(table).where(
            or_(table.c.person_id == other, table.c.other_id == other))
            .order_by(table.c.id)).all():
        moved = (keep if row.person_id == other else row.person_id,
                 keep if row.other_id == other else row.other_id, row.type)
        if moved[0] == moved[1] or moved in edges:
            conn.execute(delete(table).where(table.c.id == row.id))
        else:
            edges.add(moved)
            conn.execute(update(table).where(table.c.id == row.id)
                         .values(person_id=moved[0], other_id=moved[1]))


def _move_memberships(conn: Connection, table: Table, group_column, keep: int,
                      other: int) -> None:
    """Rows keyed by (group, person): interaction participants, tags."""
    mine = set(conn.execute(select(group_column).where(table.c.person_id == keep)).scalars())
    conn.execute(delete(table).where(table.c.person_id == other, group_column.in_(mine)))
    conn.execute(update(table).where(table.c.person_id == other).values(person_id=keep))


def _move_photo(conn: Connection, keep: int, other: int, take_other: bool) -> None:
    table = PhotoRow.__table__
    has_mine = conn.execute(select(table.c.person_id).where(table.c.person_id == keep)).first()
    has_theirs = conn.execute(select(table.c.person_id).where(table.c.person_id == other)).first()
    if has_theirs and (take_other or not has_mine):
        conn.execute(delete(table).where(table.c.person_id == keep))
        conn.execute(update(table).where(table.c.person_id == other).values(person_id=keep))
    else:
        conn.execute(delete(table).where(table.c.person_id == other))


def _settle_current_jobs(conn: Connection, keep: int, other: int, choice: Choice | None,
                         today: dt.date) -> None:
    """Before the jobs move, make the current jobs of both one set.

    The same job on both cards (same organisation and title) is kept once, the copy's blank
    details (start, department, reports to) filling the one kept. If the user chose one
    side's current job (KEEP or OTHER), the other side's current job at the same
    organisation is the same job under another title and is dropped the same way, and one
    elsewhere becomes a past job ending today (history kept). BOTH, or no conflict, leaves
    every different job current."""
    jobs = EmploymentRow.__table__
    winner, loser = (other, keep) if choice == Choice.OTHER else (keep, other)
    chosen = choice in (Choice.KEEP, Choice.OTHER)
    winning = _current_jobs(conn, winner)
    same_job = {_job_key(j): j for j in winning}
    same_organization: dict[int, object] = {}
    for job in winning if chosen else ():
        same_organization.setdefault(job.organization_id, job)
    for job in _current_jobs(conn, loser):
        kept = same_job.get(_job_key(job)) or same_organization.get(job.organization_id)
        if kept is not None:
            blanks = {column: getattr(job, column) for column in
                      ("start_date", "department", "reports_to_id")
                      if not getattr(kept, column) and getattr(job, column)}
            if blanks:
                conn.execute(update(jobs).where(jobs.c.id == kept.id).values(blanks))
            conn.execute(delete(jobs).where(jobs.c.id == job.id))
        elif chosen:
            conn.execute(update(jobs).where(jobs.c.id == job.id).values(
                end_date=max(today, job.start_date or today)))


def _drop_self_introductions(conn: Connection, keep: int) -> None:
    """An introduction between the two merged people now introduces someone to themself."""
    intros, subjects = IntroductionRow.__table__, IntroductionSubjectRow.__table__
    subject_is_party = select(subjects.c.introduction_id).where(
        subjects.c.person_id == keep,
        subjects.c.introduction_id.in_(select(intros.c.id).where(
            or_(intros.c.connector_id == keep, intros.c.target_id == keep))))
    conn.execute(delete(intros).where(or_(
        and_(intros.c.connector_id == keep, intros.c.target_id == keep),
        intros.c.id.in_(subject_is_party))))


SPECIAL_TABLES = {"people", "photos", "contact_points", "addresses", "custom_fields",
                  "card_extras", "relationships", "interaction_participants", "person_tags"}


def _move_everything(conn: Connection, keep: int, other: int, take_photo: bool,
                     job_choice: Choice | None) -> None:
    _settle_current_jobs(conn, keep, other, job_choice, dt.date.today())
    _move_contact_points(conn, keep, other)
    for model in (AddressRow, CustomFieldRow, CardExtraRow):
        _move_positioned(conn, model.__table__, keep, other)
    _move_relationships(conn, keep, other)
    _move_memberships(conn, InteractionParticipantRow.__table__,
                      InteractionParticipantRow.__table__.c.interaction_id, keep, other)
    _move_memberships(conn, PersonTagRow.__table__, PersonTagRow.__table__.c.tag_id, keep, other)
    _move_photo(conn, keep, other, take_photo)
    # Every other reference to a person (facts, dates, jobs and reports-to, reminders,
    # introductions, pipeline history, introduced-by, and tables added later) moves as is.
    for table in exported_tables():
        for column in _people_columns(table):
            if table.name in SPECIAL_TABLES and column.name == "person_id":
                continue
            conn.execute(update(table).where(column == other).values({column.name: keep}))
    conn.execute(update(PEOPLE).where(PEOPLE.c.id == keep, PEOPLE.c.introduced_by_id == keep)
                 .values(introduced_by_id=None))
    jobs = EmploymentRow.__table__
    conn.execute(update(jobs).where(jobs.c.person_id == keep, jobs.c.reports_to_id == keep)
                 .values(reports_to_id=None))
    _drop_self_introductions(conn, keep)


def _chosen(conflicts: dict[str, FieldConflict], choices: dict[str, Choice],
            field: str) -> Choice | None:
    """The choice for a conflicting field (its default unless the caller chose); None when
    both do not fill it differently."""
    return Choice(choices.get(field, conflicts[field].default)) if field in conflicts else None


def _apply_fields(session, keep: PersonRow, other: PersonRow,
                  conflicts: dict[str, FieldConflict], choices: dict[str, Choice]) -> bool:
    """Set the kept person's single fields; returns whether the other's photo wins."""
    take_photo = False
    for field, _, columns in FIELDS:
        if field == CURRENT_JOB:
            continue  # jobs are rows: _settle_current_jobs
        mine, theirs = _value(session, keep, field), _value(session, other, field)
        if not theirs:
            continue
        choice = _chosen(conflicts, choices, field) or \
            (Choice.OTHER if not mine else Choice.KEEP)
        if field == "photo":
            take_photo = choice == Choice.OTHER
        elif field == "notes" and choice == Choice.BOTH:
            keep.notes = f"{keep.notes}\n\n{other.notes}"
        elif choice == Choice.OTHER:
            for column in columns:
                setattr(keep, column, getattr(other, column))
    if other.is_me:
        keep.is_me = True
    keep.created_at = min(keep.created_at, other.created_at)
    refresh_sort_name(keep)
    return take_photo


# In memory, per notebook file: undo lasts until the app closes (locking and unlocking the
# notebook makes new services; the merges stay undoable).
_UNDO: dict[str, list[MergeUndo]] = {}


def forget_merges(notebook: Path) -> None:
    """The notebook's file was replaced (a backup restored): what its merges moved is not
    there to take back. Emptied in place: open services share the list."""
    _UNDO.get(str(Path(notebook).resolve()), []).clear()


class MergeService(Service):
    def __init__(self, db) -> None:
        super().__init__(db)
        self._undo = _UNDO.setdefault(str(db.path.resolve()), [])

    def conflicts(self, keep_id: int, other_id: int) -> list[FieldConflict]:
        """The single fields both people fill differently."""
        with self._db.read() as session:
            keep, other = self._pair(session, keep_id, other_id)
            return _conflicts(session, keep, other)

    def merge(self, keep_id: int, other_id: int,
              choices: dict[str, Choice | str] | None = None) -> Person:
        """Move everything of `other_id` to `keep_id` and remove `other_id`, in one
        transaction. `choices` picks, per conflicting field, the kept person's value (the
        default), the other's, or for notes (their default) and the current job both."""
        choices = {k: Choice(v) for k, v in (choices or {}).items()}
        unknown = set(choices) - set(FIELD_LABELS)
        if unknown:
            raise InvalidInput(f"Unknown field(s) to choose: {', '.join(sorted(unknown))}.")
        if any(v == Choice.BOTH and k not in BOTH_FIELDS for k, v in choices.items()):
            raise InvalidInput("Only the notes and the current job can keep both values.")
        with self._db.transaction() as session:
            keep, other = self._pair(session, keep_id, other_id)
            conn = session.connection()
            taken = _snapshot(conn, [keep_id, other_id], [keep.uid, other.uid])
            conflicts = {c.field: c for c in _conflicts(session, keep, other)}
            take_photo = _apply_fields(session, keep, other, conflicts, choices)
            job_choice = _chosen(conflicts, choices, CURRENT_JOB)
            other_uid, keep_uid = other.uid, keep.uid
            other_was_me = bool(other.is_me)
            session.flush()
            session.expunge(other)
            if other_was_me:
                conn.execute(update(PEOPLE).where(PEOPLE.c.id == other_id).values(is_me=False))
            _move_everything(conn, keep_id, other_id, take_photo, job_choice)
            rewrite_person_keys(conn, old_uid=other_uid, new_uid=keep_uid, old_id=other_id,
                                new_id=keep_id)
            conn.execute(delete(PEOPLE).where(PEOPLE.c.id == other_id))
            undo = MergeUndo(to_ref(keep), PersonRef(other_id, other_uid, person_name(other)),
                             taken, _moved_keys(conn, keep_id, taken))
            session.expire_all()
            changed(session, keep_id, other_id)
            merged = read_models.load_person(session, keep_id)
        self._undo.append(undo)
        return merged

    @property
    def last(self) -> MergeUndo | None:
        """The merge Undo would take back."""
        return self._undo[-1] if self._undo else None

    def undo(self) -> Person:
        """Take back the last merge: both people exactly as they were (anything added to
        the kept person since stays with them)."""
        if not self._undo:
            raise NotFound("There is no merge to undo.")
        undo = self._undo[-1]
        with self._db.transaction() as session:
            conn = session.connection()
            _put_back(conn, undo.rows, undo.moved_keys)
            search_index.reindex(conn, [undo.kept.id, undo.removed.id])
        self._undo.pop()
        return self._get(undo.removed.id)

    def _get(self, person_id: int) -> Person:
        with self._db.read() as session:
            return read_models.load_person(session, person_id)

    @staticmethod
    def _pair(session, keep_id: int, other_id: int) -> tuple[PersonRow, PersonRow]:
        if keep_id == other_id:
            raise InvalidInput("Choose two different people to merge.")
        return person_row(session, keep_id), person_row(session, other_id)

