import datetime as dt

import pytest

from app.domain import PersonDraft
from app.errors import InvalidInput, NotFound


@pytest.fixture
def ana(nb):
    return nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))


def test_a_job_change_keeps_history(nb, ana):
    nb.careers.add_job(ana.id, "Acme", title="Engineer", start=dt.date(2018, 3, 1))
    nb.careers.change_job(ana.id, "Globex", title="CTO", start=dt.date(2024, 5, 1))
    jobs = nb.careers.jobs(ana.id)
    assert [(j.organization.name, j.title, j.start, j.end) for j in jobs] == [
        ("Globex", "CTO", dt.date(2024, 5, 1), None),
        ("Acme", "Engineer", dt.date(2018, 3, 1), dt.date(2024, 5, 1)),
    ]
    assert [j.organization.name for j in nb.people.get(ana.id).current_jobs] == ["Globex"]
    assert nb.people.list().items[0].company == "Globex"


def test_companies_are_shared_and_keep_former_staff(nb, ana):
    ben = nb.people.create(PersonDraft(given_name="Ben"))
    nb.careers.add_job(ana.id, "Acme", start=dt.date(2018, 1, 1))
    nb.careers.add_job(ben.id, "ACME ", title="Sales", reports_to_id=ana.id)
    nb.careers.change_job(ana.id, "Globex", start=dt.date(2020, 1, 1))
    assert [o.name for o in nb.careers.organizations()] == ["Acme", "Globex"]
    staff = nb.careers.staff("acme")
    assert sorted((e.person_id, e.is_current) for e in staff) == [(ana.id, False), (ben.id, True)]
    ben_job = nb.careers.jobs(ben.id)[0]
    assert ben_job.reports_to.name == "Ana Lima"
    with pytest.raises(NotFound):
        nb.careers.staff("Initech")


def test_renaming_a_company_is_found_by_search(nb, ana):
    nb.careers.add_job(ana.id, "Acme")
    org = nb.careers.organization("acme")
    nb.careers.update_organization(org.id, name="Acme Robotics", website="https://acme.example")
    assert nb.search.search("robotics")[0].person.id == ana.id


def test_dates_must_make_sense(nb, ana):
    with pytest.raises(InvalidInput, match="end before"):
        nb.careers.add_job(ana.id, "Acme", start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1))
    nb.careers.add_job(ana.id, "Acme", start=dt.date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="started on"):
        nb.careers.change_job(ana.id, "Globex", start=dt.date(2019, 1, 1))
    assert [j.organization.name for j in nb.careers.jobs(ana.id)] == ["Acme"]


def test_update_and_remove_a_job(nb, ana):
    job = nb.careers.add_job(ana.id, "Acme", title="Engineer")
    nb.careers.update_job(job.id, title="Staff Engineer", end=dt.date(2025, 1, 1))
    assert nb.careers.jobs(ana.id)[0].title == "Staff Engineer"
    assert nb.people.get(ana.id).current_jobs == ()
    nb.careers.remove_job(job.id)
    assert nb.careers.jobs(ana.id) == []
