"""Likely duplicates across the notebook: the same email or phone, or close names at the same
company. Never all pairs: contact points are grouped by their normalised value in SQL, and
names are compared only within one company's current staff (rapidfuzz, in C)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import ContactKind, PersonRef, compose_display_name
from app.services.base import Service, refs_by_id
from app.store.models import ContactPointRow, EmploymentRow, OrganizationRow, PersonRow

CLOSE_NAME_SCORE = 90  # token_sort_ratio: "Jon Smith" ~ "John Smith" is 95
MAX_SAME_VALUE = 20  # a shared switchboard number links everyone: not a duplicate sign
NAME_COLUMNS = ("display_name", "prefix", "given_name", "middle_name", "family_name",
                "suffix", "nickname")


@dataclass(frozen=True)
class DuplicatePair:
    first: PersonRef
    second: PersonRef
    reason: str  # "same email ana@example.com"


def _matchable():
    return (PersonRow.trashed_at.is_(None), PersonRow.is_light.is_(False))


def _same_contact(session: Session) -> dict[tuple[int, int], str]:
    """Pairs sharing an email or phone, with the shared value."""
    members = func.group_concat(ContactPointRow.person_id.distinct())
    query = (select(ContactPointRow.kind, ContactPointRow.normalized, members)
             .join(PersonRow, PersonRow.id == ContactPointRow.person_id)
             .where(ContactPointRow.kind.in_([ContactKind.EMAIL.value, ContactKind.PHONE.value]),
                    ContactPointRow.normalized != "", *_matchable())
             .group_by(ContactPointRow.kind, ContactPointRow.normalized)
             .having(func.count(ContactPointRow.person_id.distinct()) > 1))
    found: dict[tuple[int, int], str] = {}
    for kind, value, ids in session.execute(query):
        people = sorted(int(i) for i in ids.split(","))
        if len(people) > MAX_SAME_VALUE:
            continue
        for n, first in enumerate(people):
            for second in people[n + 1:]:
                found.setdefault((first, second), f"same {kind} {value}")
    return found


def _close_names(session: Session) -> dict[tuple[int, int], str]:
    """Pairs with close names among one company's current staff."""
    staff: dict[int, list[tuple[int, str]]] = defaultdict(list)
    org_names: dict[int, str] = {}
    query = (select(EmploymentRow.organization_id, OrganizationRow.name, PersonRow.id,
                    *(getattr(PersonRow, c) for c in NAME_COLUMNS))
             .join(PersonRow, PersonRow.id == EmploymentRow.person_id)
             .join(OrganizationRow, OrganizationRow.id == EmploymentRow.organization_id)
             .where(EmploymentRow.end_date.is_(None), *_matchable())
             .distinct())
    for org_id, org_name, person_id, *parts in session.execute(query):
        name = compose_display_name(**dict(zip(NAME_COLUMNS, parts, strict=True)))
        staff[org_id].append((person_id, " ".join(name.split()).casefold()))
        org_names[org_id] = org_name
    found: dict[tuple[int, int], str] = {}
    for org_id, people in staff.items():
        if len(people) < 2:
            continue
        names = [name for _, name in people]
        for i, name in enumerate(names):
            for _, _, j in process.extract(name, names, scorer=fuzz.token_sort_ratio,
                                           score_cutoff=CLOSE_NAME_SCORE, limit=None):
                pair = tuple(sorted((people[i][0], people[j][0])))
                if j > i and pair[0] != pair[1]:
                    found.setdefault(pair, f"close names at {org_names[org_id]}")
    return found


class DuplicatesService(Service):
    def find(self, *, limit: int = 1000) -> list[DuplicatePair]:
        """Likely duplicates, same contact details first, then close names; each pair once."""
        with self._db.read() as session:
            pairs = _same_contact(session)
            for pair, reason in _close_names(session).items():
                pairs.setdefault(pair, reason)
            chosen = list(pairs.items())[:limit]
            refs = refs_by_id(session, {i for pair, _ in chosen for i in pair})
        return [DuplicatePair(refs[a], refs[b], reason) for (a, b), reason in chosen]
