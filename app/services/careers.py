"""Companies and careers: organisations, dated jobs (a job change never overwrites the past)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.domain import Employment, Organization, PersonRef, ReminderKind
from app.errors import InvalidInput, NotFound
from app.services import read_models
from app.services.base import Service, changed, existing, person_name, person_row, refs_by_id
from app.services.interactions import follow_up_due
from app.store.models import EmploymentRow, OrganizationRow, PersonRow, ReminderRow


def organization_row(session, name: str, *, create: bool = True) -> OrganizationRow:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Name the company.", "organization")
    row = session.scalar(select(OrganizationRow).where(OrganizationRow.name_key == name.casefold()))
    if row is None:
        if not create:
            raise NotFound(f"There is no company called {name}.")
        row = OrganizationRow(name=name, name_key=name.casefold())
        session.add(row)
        session.flush()
    return row


@dataclass(frozen=True)
class StaffMember:
    person: PersonRef
    job: Employment


@dataclass(frozen=True)
class ChartNode:
    member: StaffMember
    reports: tuple[ChartNode, ...] = ()


@dataclass(frozen=True)
class CompanyPage:
    organization: Organization
    current: tuple[StaffMember, ...]
    former: tuple[StaffMember, ...]  # people who left (and are not back)
    chart: tuple[ChartNode, ...]  # the current staff; tops first


def org_chart(current: list[StaffMember]) -> tuple[ChartNode, ...]:
    """Trees from reports-to among the current staff. Someone whose manager is not on the
    staff (or is unknown) is a top; a loop of reports-to is broken where it is met."""
    by_person = {m.person.id: m for m in current}
    reports: dict[int, list[StaffMember]] = {}
    tops = []
    for m in current:
        boss = m.job.reports_to.id if m.job.reports_to else None
        if boss in by_person and boss != m.person.id:
            reports.setdefault(boss, []).append(m)
        else:
            tops.append(m)

    def node(m: StaffMember, seen: frozenset[int]) -> ChartNode:
        below = [r for r in reports.get(m.person.id, ()) if r.person.id not in seen]
        return ChartNode(m, tuple(node(r, seen | {r.person.id}) for r in
                                  sorted(below, key=lambda r: r.person.name.casefold())))

    placed = {m.person.id for m in tops}
    trees = [node(m, frozenset({m.person.id})) for m in
             sorted(tops, key=lambda m: m.person.name.casefold())]
    # People only in a reports-to loop have no top: start a tree at one of them.
    for m in current:
        if m.person.id not in placed and not _in_tree(trees, m.person.id):
            trees.append(node(m, frozenset({m.person.id})))
    return tuple(trees)


def _in_tree(trees, person_id: int) -> bool:
    return any(n.member.person.id == person_id or _in_tree(n.reports, person_id) for n in trees)


def _staff(session, organization_id: int) -> list[Employment]:
    ids = list(session.scalars(
        select(EmploymentRow.person_id).distinct()
        .join(PersonRow, PersonRow.id == EmploymentRow.person_id)
        .where(EmploymentRow.organization_id == organization_id,
               PersonRow.trashed_at.is_(None))))
    jobs = [e for e in read_models.employments_of(session, ids)
            if e.organization.id == organization_id]
    return jobs


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise InvalidInput("A job cannot end before it starts.", "end")


def find_organization(session, name: str) -> OrganizationRow:
    """The company of that name, else the one company whose name contains it."""
    try:
        return organization_row(session, name, create=False)
    except NotFound:
        key = " ".join(name.split()).casefold()
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = list(session.scalars(select(OrganizationRow).where(
            OrganizationRow.name_key.like(pattern, escape="\\")).order_by(
            OrganizationRow.name_key).limit(6)))
        if len(found) == 1:
            return found[0]
        if found:
            names = ", ".join(o.name for o in found[:5]) + (", …" if len(found) > 5 else "")
            raise InvalidInput(f"'{name}' could be several companies: {names}. "
                               "Give more of the name.", "organization") from None
        raise


class CareersService(Service):
    def organization(self, name: str) -> Organization:
        with self._db.read() as session:
            return read_models.organization(find_organization(session, name))

    def organizations(self) -> list[Organization]:
        with self._db.read() as session:
            rows = session.scalars(select(OrganizationRow).order_by(OrganizationRow.name_key))
            return [read_models.organization(r) for r in rows]

    def update_organization(self, organization_id: int, *, name: str | None = None,
                            website: str | None = None, notes: str | None = None) -> Organization:
        with self._db.transaction() as session:
            row = session.get(OrganizationRow, organization_id)
            if row is None:
                raise NotFound(f"There is no company #{organization_id}.")
            if name is not None:
                name = " ".join(name.split())
                if not name:
                    raise InvalidInput("Name the company.", "name")
                clash = session.scalar(select(OrganizationRow.id).where(
                    OrganizationRow.name_key == name.casefold(),
                    OrganizationRow.id != organization_id))
                if clash:
                    raise InvalidInput(f"There is already a company called {name}.", "name")
                row.name, row.name_key = name, name.casefold()
            if website is not None:
                row.website = website.strip()
            if notes is not None:
                row.notes = notes
            staff = session.scalars(select(EmploymentRow.person_id).where(
                EmploymentRow.organization_id == organization_id))
            changed(session, *staff)
            return read_models.organization(row)

    def add_job(self, person_id: int, organization: str, *, title: str = "",
                department: str = "", start: dt.date | None = None, end: dt.date | None = None,
                reports_to_id: int | None = None) -> Employment:
        _check_dates(start, end)
        with self._db.transaction() as session:
            person_row(session, person_id)
            if reports_to_id is not None:
                person_row(session, reports_to_id)
            org = organization_row(session, organization)
            row = EmploymentRow(person_id=person_id, organization_id=org.id, title=title.strip(),
                                department=department.strip(), start_date=start, end_date=end,
                                reports_to_id=reports_to_id)
            session.add(row)
            changed(session, person_id)
            return self._one(session, row.id)

    def change_job(self, person_id: int, organization: str, *, title: str = "",
                   department: str = "", start: dt.date | None = None,
                   reports_to_id: int | None = None,
                   congratulate_on: dt.date | None = None) -> Employment:
        """A new job from `start` (today by default): every current job closes the day
        before, and stays in the history. Only this person's jobs change: colleagues at the
        old company (even when this is the user's own card) keep theirs. With
        `congratulate_on`, a follow-up reminder to congratulate them, in the same step."""
        start = start or dt.date.today()
        if not " ".join(organization.split()):
            raise InvalidInput("Name the new company.", "organization")
        with self._db.transaction() as session:
            person = person_row(session, person_id)
            if reports_to_id is not None:
                person_row(session, reports_to_id)
            current = session.scalars(select(EmploymentRow).where(
                EmploymentRow.person_id == person_id, EmploymentRow.end_date.is_(None)))
            for job in current:
                if job.start_date and job.start_date >= start:
                    raise InvalidInput(
                        f"The current job started on {job.start_date:%d %B %Y}: the new one "
                        f"must start after that.", "start")
                job.end_date = start - dt.timedelta(days=1)
            org = organization_row(session, organization)
            row = EmploymentRow(person_id=person_id, organization_id=org.id, title=title.strip(),
                                department=department.strip(), start_date=start,
                                reports_to_id=reports_to_id)
            session.add(row)
            if congratulate_on is not None:
                session.add(ReminderRow(
                    person_id=person_id, kind=ReminderKind.FOLLOW_UP.value,
                    title=f"Congratulate {person_name(person)} on the new job at {org.name}",
                    due_at=follow_up_due(congratulate_on)))
            changed(session, person_id)
            return self._one(session, row.id)

    def update_job(self, employment_id: int, **changes) -> Employment:
        allowed = {"title", "department", "start", "end", "reports_to_id", "organization"}
        unknown = set(changes) - allowed
        if unknown:
            raise InvalidInput(f"Unknown job field(s): {', '.join(sorted(unknown))}.")
        with self._db.transaction() as session:
            row = existing(session, EmploymentRow, employment_id, "job")
            if "organization" in changes:
                row.organization_id = organization_row(session, changes["organization"]).id
            for field in ("title", "department"):
                if field in changes:
                    setattr(row, field, (changes[field] or "").strip())
            if "start" in changes:
                row.start_date = changes["start"]
            if "end" in changes:
                row.end_date = changes["end"]
            if changes.get("reports_to_id") is not None:
                person_row(session, changes["reports_to_id"])
            if "reports_to_id" in changes:
                row.reports_to_id = changes["reports_to_id"]
            _check_dates(row.start_date, row.end_date)
            changed(session, row.person_id)
            return self._one(session, row.id)

    def remove_job(self, employment_id: int) -> None:
        with self._db.transaction() as session:
            row = existing(session, EmploymentRow, employment_id, "job")
            session.delete(row)
            changed(session, row.person_id)

    def jobs(self, person_id: int) -> list[Employment]:
        with self._db.read() as session:
            return read_models.employments_of(session, [person_id])

    def staff(self, organization: str) -> list[Employment]:
        """Everyone who works or worked there: current staff first."""
        with self._db.read() as session:
            org = find_organization(session, organization)
            return _staff(session, org.id)

    def company(self, organization_id: int) -> CompanyPage:
        """Whom you know at a company: current and former staff with titles and dates, and
        the org chart of the current staff from reports-to."""
        with self._db.read() as session:
            org = session.get(OrganizationRow, organization_id)
            if org is None:
                raise NotFound(f"There is no company #{organization_id}.")
            jobs = _staff(session, org.id)
            refs = refs_by_id(session, {e.person_id for e in jobs})
        current = [StaffMember(refs[e.person_id], e) for e in jobs
                   if e.is_current and e.person_id in refs]
        still_there = {m.person.id for m in current}
        former = [StaffMember(refs[e.person_id], e) for e in jobs
                  if not e.is_current and e.person_id in refs
                  and e.person_id not in still_there]
        return CompanyPage(read_models.organization(org), tuple(current), tuple(former),
                           org_chart(current))

    @staticmethod
    def _one(session, employment_id: int) -> Employment:
        session.flush()
        row = session.get(EmploymentRow, employment_id)
        return next(e for e in read_models.employments_of(session, [row.person_id])
                    if e.id == employment_id)
