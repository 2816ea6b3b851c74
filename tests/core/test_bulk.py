import datetime as dt

import pytest

from app.domain import PersonDraft
from app.errors import Cancelled, InvalidInput
from app.services.bulk import NewInteraction, NewJob, NewPerson
from app.services.people import NewContact


def person(given, **kw):
    return NewPerson(PersonDraft(given_name=given), **kw)


def test_many_people_with_their_details_in_one_go(nb):
    progress = []
    ids = nb.bulk.add_people(
        [person("Ana", contacts=[NewContact("phone", "020 7946 0123")],
                jobs=[NewJob("Acme", "CTO", dt.date(2020, 1, 1))],
                facts=[("like", "single malt")], tags=["vip"]),
         person("Ben", tags=["VIP"])],
        [NewInteraction("call", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), [0, 1], "Kick-off")],
        progress=lambda done, total: progress.append((done, total)))
    ana = nb.people.get(ids[0])
    assert ana.contact_points[0].normalized == "+442079460123"
    assert ana.current_jobs[0].organization.name == "Acme"
    assert ana.facts[0].text == "single malt" and ana.tags == ("vip",)
    assert nb.people.get(ids[1]).last_contacted == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    assert [t.people_count for t in nb.tags.list()] == [2]
    assert progress[-1] == (2, 2)
    assert nb.search.search("malt")[0].person.id == ids[0]
    assert nb.search.search("kick")[0].person.id in ids


def test_one_bad_record_adds_nobody(nb):
    with pytest.raises(InvalidInput, match="Person 2 .Ben.*phone"):
        nb.bulk.add_people([person("Ana"), person("Ben", contacts=[NewContact("phone", "1")])])
    assert nb.people.list().total == 0


def test_cancel_adds_nobody(nb):
    people = [person(f"P{i}") for i in range(5000)]
    calls = iter([False, True])
    with pytest.raises(Cancelled):
        nb.bulk.add_people(people, should_cancel=lambda: next(calls))
    assert nb.people.list().total == 0
    assert nb.search.search("p1") == []
