"""Companies and careers: organisations, dated jobs (a job change never overwrites the past)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.domain import Employment, Organization
from app.errors import InvalidInput, NotFound
from app.services import read_models
from app.services.base import Service, changed, existing, person_row
from app.store.models import EmploymentRow, OrganizationRow


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


def _check_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise InvalidInput("A job cannot end before it starts.", "end")


class CareersService(Service):
    def organization(self, name: str) -> Organization:
        with self._db.read() as session:
            return read_models.organization(organization_row(session, name, create=False))

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
                   reports_to_id: int | None = None) -> Employment:
        """Close every current job on `start` (today by default) and open the new one."""
        start = start or dt.date.today()
        with self._db.transaction() as session:
            person_row(session, person_id)
            current = session.scalars(select(EmploymentRow).where(
                EmploymentRow.person_id == person_id, EmploymentRow.end_date.is_(None)))
            for job in current:
                if job.start_date and job.start_date > start:
                    raise InvalidInput(
                        f"The current job started on {job.start_date}, after {start}.", "start")
                job.end_date = start
            org = organization_row(session, organization)
            row = EmploymentRow(person_id=person_id, organization_id=org.id, title=title.strip(),
                                department=department.strip(), start_date=start,
                                reports_to_id=reports_to_id)
            session.add(row)
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
            org = organization_row(session, organization, create=False)
            ids = list(session.scalars(select(EmploymentRow.person_id).distinct().where(
                EmploymentRow.organization_id == org.id)))
            return [e for e in read_models.employments_of(session, ids)
                    if e.organization.id == org.id]



    @staticmethod
    def _one(session, employment_id: int) -> Employment:
        session.flush()
        row = session.get(EmploymentRow, employment_id)
        return next(e for e in read_models.employments_of(session, [row.person_id])
                    if e.id == employment_id)
