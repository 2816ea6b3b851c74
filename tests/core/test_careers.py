import datetime as dt

import pytest

from app.domain import PeopleFilter, PersonDraft
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
        ("Acme", "Engineer", dt.date(2018, 3, 1), dt.date(2024, 4, 30)),
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
    with pytest.raises(InvalidInput, match="must start after"):
        nb.careers.change_job(ana.id, "Globex", start=dt.date(2019, 1, 1))
    assert [j.organization.name for j in nb.careers.jobs(ana.id)] == ["Acme"]


def test_update_and_remove_a_job(nb, ana):
    job = nb.careers.add_job(ana.id, "Acme", title="Engineer")
    nb.careers.update_job(job.id, title="Staff Engineer", end=dt.date(2025, 1, 1))
    assert nb.careers.jobs(ana.id)[0].title == "Staff Engineer"
    assert nb.people.get(ana.id).current_jobs == ()
    nb.careers.remove_job(job.id)
    assert nb.careers.jobs(ana.id) == []


def test_a_job_change_closes_the_old_job_the_day_before(nb, ana):
    nb.careers.add_job(ana.id, "Acme", title="Engineer", start=dt.date(2018, 3, 1))
    nb.careers.change_job(ana.id, "Globex", title="CTO", start=dt.date(2024, 5, 1),
                          congratulate_on=dt.date(2024, 5, 3))
    old = next(j for j in nb.careers.jobs(ana.id) if j.organization.name == "Acme")
    assert old.end == dt.date(2024, 4, 30)
    [reminder] = nb.reminders.list(person_id=ana.id)
    assert reminder.title == "Congratulate Ana Lima on the new job at Globex"
    assert reminder.due_at.astimezone().date() == dt.date(2024, 5, 3)


def test_a_bad_job_change_changes_nothing(nb, ana):
    nb.careers.add_job(ana.id, "Acme", start=dt.date(2020, 1, 1))
    with pytest.raises(InvalidInput, match="must start after"):
        nb.careers.change_job(ana.id, "Globex", start=dt.date(2020, 1, 1),
                              congratulate_on=dt.date(2020, 1, 2))
    with pytest.raises(InvalidInput, match="Name the new company"):
        nb.careers.change_job(ana.id, "  ")
    assert [(j.organization.name, j.end) for j in nb.careers.jobs(ana.id)] == [("Acme", None)]
    assert nb.reminders.list(person_id=ana.id) == []


def test_my_own_job_change_leaves_my_former_colleagues_untouched(nb, ana):
    me = nb.people.create(PersonDraft(given_name="Sam", is_me=True))
    nb.careers.add_job(me.id, "Acme", title="Account manager", start=dt.date(2019, 1, 1))
    nb.careers.add_job(ana.id, "Acme", title="Buyer", start=dt.date(2017, 1, 1))
    before = nb.careers.jobs(ana.id)
    nb.careers.change_job(me.id, "Globex", start=dt.date(2025, 2, 1))
    assert nb.careers.jobs(ana.id) == before
    assert nb.people.list(PeopleFilter(company="Acme")).items[0].name == "Ana Lima"
    page = nb.careers.company(nb.careers.organization("Acme").id)
    assert [m.person.name for m in page.current] == ["Ana Lima"]
    assert [(m.person.name, m.job.end) for m in page.former] == [("Sam", dt.date(2025, 1, 31))]


def test_company_page_has_former_staff_and_an_org_chart(nb, ana):
    def person(name):
        return nb.people.create(PersonDraft(given_name=name, family_name="X")).id

    boss, mia, noa, old = person("Boss"), person("Mia"), person("Noa"), person("Old")
    nb.careers.add_job(boss, "Acme", title="CEO", start=dt.date(2015, 1, 1))
    nb.careers.add_job(mia, "Acme", title="VP Sales", reports_to_id=boss)
    nb.careers.add_job(noa, "Acme", title="Rep", reports_to_id=mia)
    nb.careers.add_job(ana.id, "Acme", title="Intern", reports_to_id=ana.id)  # a typo loop
    nb.careers.add_job(old, "Acme", title="CFO", start=dt.date(2015, 1, 1),
                       end=dt.date(2019, 6, 30))
    page = nb.careers.company(nb.careers.organization("acme").id)
    assert page.organization.name == "Acme"
    assert sorted(m.person.name for m in page.current) == ["Ana Lima", "Boss X", "Mia X",
                                                           "Noa X"]
    assert [(m.person.name, m.job.title, m.job.end) for m in page.former] == [
        ("Old X", "CFO", dt.date(2019, 6, 30))]

    def shape(nodes):
        return [(n.member.person.name, shape(n.reports)) for n in nodes]

    assert shape(page.chart) == [("Ana Lima", []),
                                 ("Boss X", [("Mia X", [("Noa X", [])])])]
    with pytest.raises(NotFound):
        nb.careers.company(9999)


def test_a_company_is_found_by_part_of_its_name_when_only_one_matches(nb):
    for name, company in (("Ana", "Example Widgets Ltd"), ("Ben", "Widget_Works"),
                          ("Cy", "Globex")):
        nb.people.create(PersonDraft(given_name=name), company=company)
    assert nb.careers.organization("example widgets").name == "Example Widgets Ltd"
    assert nb.careers.organization("globex").name == "Globex"
    with pytest.raises(InvalidInput, match="Example Widgets Ltd, Widget_Works"):
        nb.careers.organization("widget")
    assert nb.careers.organization("t_w").name == "Widget_Works"  # _ is a letter, not a wildcard
    with pytest.raises(NotFound):
        nb.careers.organization("Initech")
