"""Likely duplicates across the notebook: the same email or phone, or close names at the same
company. Never all pairs: contact points are grouped by their normalised value in SQL, and
names are compared only within one company's current staff (rapidfuzz, in C)."""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select, tuple_
from sqlalchemy.orm import Session

from app.domain import ContactKind, PersonRef
from app.services.base import Service, person_row, refs_by_id
from app.services.settings import _get
from app.store.models import (
    ContactPointRow,
    EmploymentRow,
    OrganizationRow,
    PersonRow,
    SettingRow,
)

CLOSE_NAME_SCORE = 90  # token_sort_ratio: "Jon Smith" ~ "John Smith" is 95
MAX_LENGTH_RATIO = 2 * 100 / CLOSE_NAME_SCORE - 1
MAX_SAME_VALUE = 20  # a shared switchboard number links everyone: not a duplicate sign
CHUNK = 500
DISMISSED = "duplicates.dismissed"  # "uid|uid" of the pairs the user said are two people


@dataclass(frozen=True)
class DuplicatePair:
    first: PersonRef
    second: PersonRef
    reason: str  # "same email ana@example.com"
    # What tells two cards of one name apart: "Initech, maria@example.com" ("" if nothing).
    first_hint: str = ""
    second_hint: str = ""


def _matchable():
    return (PersonRow.trashed_at.is_(None), PersonRow.is_light.is_(False))


def _same_contact(session: Session) -> dict[tuple[int, int], str]:
    """Pairs sharing an email or phone, with the shared value. The values held more than
    once come from the (kind, normalized) index alone; only their holders are read."""
    points = ContactPointRow.__table__.c
    shared = list(session.execute(
        select(points.kind, points.normalized)
        .where(points.kind.in_([ContactKind.EMAIL.value, ContactKind.PHONE.value]),
               points.normalized != "")
        .group_by(points.kind, points.normalized).having(func.count() > 1)))
    holders: dict[tuple[str, str], set[int]] = defaultdict(set)
    for start in range(0, len(shared), CHUNK):
        values = [tuple(pair) for pair in shared[start:start + CHUNK]]
        for kind, value, person_id in session.execute(
                select(points.kind, points.normalized, points.person_id)
                .join(PersonRow, PersonRow.id == points.person_id)
                .where(tuple_(points.kind, points.normalized).in_(values), *_matchable())):
            holders[(kind, value)].add(person_id)
    found: dict[tuple[int, int], str] = {}
    for (kind, value), people in holders.items():
        if not 1 < len(people) <= MAX_SAME_VALUE:
            continue
        ordered = sorted(people)
        for n, first in enumerate(ordered):
            for second in ordered[n + 1:]:
                found.setdefault((first, second), f"same {kind} {value}")
    return found


def _close_names(session: Session) -> dict[tuple[int, int], str]:
    """Pairs with close names among one company's current staff."""
    staff: dict[int, list[tuple[int, str]]] = defaultdict(list)
    org_names: dict[int, str] = {}
    # sort_name is the display name casefolded: no need to compose names here.
    query = (select(EmploymentRow.organization_id, OrganizationRow.name, PersonRow.id,
                    PersonRow.sort_name)
             .join(PersonRow, PersonRow.id == EmploymentRow.person_id)
             .join(OrganizationRow, OrganizationRow.id == EmploymentRow.organization_id)
             .where(EmploymentRow.end_date.is_(None), *_matchable()))
    for org_id, org_name, person_id, name in session.execute(query):
        staff[org_id].append((person_id, name))
        org_names[org_id] = org_name
    found: dict[tuple[int, int], str] = {}
    for org_id, people in staff.items():
        if len(people) < 2:
            continue
        # token_sort_ratio is ratio over the sorted words: sort once here, not per pair.
        # In length order, a name can only reach the score with the next few names: a
        # ratio of 90 needs the longer name within 2 * 100/90 - 1 = 22% of the shorter.
        people = sorted(((pid, " ".join(sorted(name.split()))) for pid, name in set(people)),
                        key=lambda p: len(p[1]))
        names = [name for _, name in people]
        lengths = [len(name) for name in names]
        for i, name in enumerate(names[:-1]):
            end = bisect.bisect_right(lengths, lengths[i] * MAX_LENGTH_RATIO, i + 1)
            if end == i + 1:
                continue
            for _, _, j in process.extract(name, names[i + 1:end], scorer=fuzz.ratio,
                                           processor=None, score_cutoff=CLOSE_NAME_SCORE,
                                           limit=None):
                pair = tuple(sorted((people[i][0], people[i + 1 + j][0])))
                if pair[0] != pair[1]:
                    found.setdefault(pair, f"close names at {org_names[org_id]}")
    return found


def _hints(session: Session, ids: set[int]) -> dict[int, str]:
    """Per person: their first current company and first email, read for all at once."""
    companies: dict[int, str] = {}
    emails: dict[int, str] = {}
    ordered = sorted(ids)
    points = ContactPointRow.__table__.c
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start:start + CHUNK]
        for person_id, name in session.execute(
                select(EmploymentRow.person_id, OrganizationRow.name)
                .join(OrganizationRow, OrganizationRow.id == EmploymentRow.organization_id)
                .where(EmploymentRow.person_id.in_(chunk), EmploymentRow.end_date.is_(None))
                .order_by(EmploymentRow.id)):
            companies.setdefault(person_id, name)
        for person_id, value in session.execute(
                select(points.person_id, points.value)
                .where(points.person_id.in_(chunk), points.kind == ContactKind.EMAIL.value)
                .order_by(points.is_primary.desc(), points.position, points.id)):
            emails.setdefault(person_id, value)
    return {i: ", ".join(x for x in (companies.get(i), emails.get(i)) if x) for i in ids}


def _pair_key(first_uid: str, second_uid: str) -> str:
    return "|".join(sorted((first_uid, second_uid)))


class DuplicatesService(Service):
    def find(self, *, limit: int = 1000) -> list[DuplicatePair]:
        """Likely duplicates, same contact details first, then close names; each pair once,
        leaving out the pairs the user said are two different people."""
        with self._db.read() as session:
            pairs = _same_contact(session)
            for pair, reason in _close_names(session).items():
                pairs.setdefault(pair, reason)
            refs = refs_by_id(session, {i for pair in pairs for i in pair})
            dismissed = set(_get(session, DISMISSED, []))
            found = [(a, b, reason) for (a, b), reason in pairs.items()
                     if _pair_key(refs[a].uid, refs[b].uid) not in dismissed][:limit]
            hints = _hints(session, {i for a, b, _ in found for i in (a, b)})
        return [DuplicatePair(refs[a], refs[b], reason, hints[a], hints[b])
                for a, b, reason in found]

    def dismiss(self, first_id: int, second_id: int) -> None:
        """"Not the same person": the pair is not offered again (kept by uid, in the
        notebook's settings)."""
        with self._db.transaction() as session:
            key = _pair_key(person_row(session, first_id).uid, person_row(session, second_id).uid)
            row = session.get(SettingRow, DISMISSED)
            dismissed = [] if row is None else json.loads(row.value)
            if key not in dismissed:
                dismissed.append(key)
            if row is None:
                session.add(SettingRow(key=DISMISSED, value=json.dumps(dismissed)))
            else:
                row.value = json.dumps(dismissed)
