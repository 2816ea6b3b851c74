import datetime as dt

import pytest

from app.domain import ContactKind, PartialDate, PeopleFilter, PersonDraft, Stage
from app.errors import InvalidInput, NotFound
from app.services.people import MoreDetails, NewContact


def add(nb, given, family="", **kw):
    return nb.people.create(PersonDraft(given_name=given, family_name=family, **kw))


def test_a_person_keeps_every_field(nb):
    intro = add(nb, "Carla", "Diaz")
    p = nb.people.create(PersonDraft(
        given_name="Ana", family_name="Lima", middle_name="Maria", prefix="Dr.", suffix="PhD",
        nickname="Aninha", pronouns="she/her", birthday=PartialDate.parse("--02-29"),
        hometown="Porto", how_we_met="SaaStr 2023 dinner", met_on=dt.date(2023, 9, 12),
        introduced_by_id=intro.id, stage=Stage.PROSPECT, cadence_days=30, notes="Prefers mornings"))
    again = nb.people.get(p.id)
    assert again.name == "Dr. Ana Maria Lima PhD"
    assert again.birthday == PartialDate(2, 29, None)
    assert (again.hometown, again.how_we_met, again.met_on) == (
        "Porto", "SaaStr 2023 dinner", dt.date(2023, 9, 12))
    assert again.introduced_by.name == "Carla Diaz"
    assert again.stage == Stage.PROSPECT and again.cadence_days == 30
    assert again.nickname == "Aninha" and again.pronouns == "she/her"
    assert len(again.uid) == 36 and again.created_at.tzinfo is not None


def test_a_person_needs_a_name(nb):
    with pytest.raises(InvalidInput, match="name"):
        nb.people.create(PersonDraft(hometown="Porto"))
    assert nb.people.list().total == 0


def test_update_changes_only_what_is_given_and_validates(nb):
    p = add(nb, "Ana", "Lima", hometown="Porto")
    updated = nb.people.update(p.id, family_name="Lima-Souza", stage="customer")
    assert updated.name == "Ana Lima-Souza" and updated.hometown == "Porto"
    assert updated.stage == Stage.CUSTOMER
    with pytest.raises(InvalidInput, match="stage"):
        nb.people.update(p.id, stage="best friend")
    with pytest.raises(InvalidInput, match="Unknown field"):
        nb.people.update(p.id, shoe_size=42)
    with pytest.raises(InvalidInput):
        nb.people.update(p.id, given_name="", family_name="")
    assert nb.people.get(p.id).name == "Ana Lima-Souza"


def test_only_one_person_is_me(nb):
    a = add(nb, "Me", "First", is_me=True)
    b = add(nb, "Me", "Second")
    nb.people.update(b.id, is_me=True)
    assert nb.people.me().id == b.id
    assert not nb.people.get(a.id).is_me


def test_phones_are_normalised_with_the_default_region(nb):
    p = add(nb, "Ana")
    cp = nb.people.add_contact(p.id, ContactKind.PHONE, "020 7946 0123")  # LANG=en_GB
    assert cp.normalized == "+442079460123" and cp.value == "020 7946 0123"
    nb.settings.set("default_region", "us")
    cp2 = nb.people.add_contact(p.id, "phone", "(415) 555-0134", label="work")
    assert cp2.normalized == "+14155550134"
    assert nb.people.find_by_contact("phone", "+1 415 555 0134") == [p.id]
    with pytest.raises(InvalidInput, match="phone"):
        nb.people.add_contact(p.id, "phone", "12")
    with pytest.raises(InvalidInput, match="region"):
        nb.settings.set("default_region", "Narnia")


def test_emails_are_checked_and_matched_case_blind(nb):
    p = add(nb, "Ana")
    cp = nb.people.add_contact(p.id, ContactKind.EMAIL, "Ana.Lima@Example.COM")
    assert cp.value == "Ana.Lima@Example.COM" and cp.normalized == "ana.lima@example.com"
    assert cp.is_primary
    second = nb.people.add_contact(p.id, "email", "ana@home.example", is_primary=True)
    emails = [c for c in nb.people.get(p.id).contact_points if c.kind == ContactKind.EMAIL]
    assert [c.is_primary for c in emails] == [False, True]
    assert nb.people.find_by_contact("email", "ANA.LIMA@example.com") == [p.id]
    with pytest.raises(InvalidInput, match="email"):
        nb.people.add_contact(p.id, "email", "not-an-address")
    nb.people.update_contact(second.id, value="ana@new.example", label="home")
    nb.people.remove_contact(cp.id)
    points = nb.people.get(p.id).contact_points
    assert [(c.value, c.label) for c in points] == [("ana@new.example", "home")]


def test_create_with_details_is_all_or_nothing(nb):
    with pytest.raises(InvalidInput):
        nb.people.create(PersonDraft(given_name="Ana"), contacts=[
            NewContact("email", "ana@example.com"), NewContact("phone", "x")])
    assert nb.people.list().total == 0
    p = nb.people.create(PersonDraft(given_name="Ana"), company="Acme", title="CTO",
                         tags=["vip"], contacts=[NewContact("email", "ana@example.com")])
    assert p.current_jobs[0].organization.name == "Acme" and p.tags == ("vip",)


def test_addresses_dates_and_custom_fields(nb):
    p = add(nb, "Ana")
    nb.people.add_address(p.id, label="work", street="1 Main St", locality="Lisbon",
                          country="Portugal")
    nb.people.add_date(p.id, "wedding anniversary", PartialDate.parse("2012-07-07"))
    nb.people.set_custom_field(p.id, "Shoe size", "38")
    nb.people.set_custom_field(p.id, "shoe size", "39")
    with pytest.raises(InvalidInput):
        nb.people.add_address(p.id)
    got = nb.people.get(p.id)
    assert got.addresses[0].one_line() == "1 Main St, Lisbon, Portugal"
    assert got.important_dates[0].date == PartialDate(7, 7, 2012)
    assert [(c.name, c.value) for c in got.custom_fields] == [("Shoe size", "39")]


def test_partial_dates():
    assert PartialDate.parse("--03-14") == PartialDate(3, 14) == PartialDate.parse("3-14")
    assert PartialDate.parse("1980-03-14").iso() == "1980-03-14"
    assert PartialDate.parse("--02-29").iso() == "--02-29"
    for bad in ("1981-02-29", "13-01", "yesterday", "--02-30"):
        with pytest.raises(InvalidInput):
            PartialDate.parse(bad)


def test_photo_is_bounded_and_typed(nb):
    p = add(nb, "Ana")
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 100
    assert nb.people.set_photo(p.id, png) == "image/png"
    assert nb.people.photo(p.id) == (png, "image/png") and nb.people.get(p.id).has_photo
    with pytest.raises(InvalidInput, match="JPEG, PNG or GIF"):
        nb.people.set_photo(p.id, b"<svg/>")
    with pytest.raises(InvalidInput, match="limit"):
        nb.people.set_photo(p.id, b"\xff\xd8\xff" + b"\0" * (6 * 1024 * 1024))
    nb.people.remove_photo(p.id)
    assert nb.people.photo(p.id) is None


def test_list_filters(nb):
    ana = nb.people.create(PersonDraft(given_name="Ana", stage=Stage.CUSTOMER, hometown="Porto"),
                           company="Acme", tags=["VIP"])
    ben = nb.people.create(PersonDraft(given_name="Ben", stage=Stage.PROSPECT), company="Globex")
    nb.people.add_address(ben.id, locality="Lisbon")
    nb.relationships.add_loved_one(ana.id, "child", "Kim")
    names = lambda f: [s.name for s in nb.people.list(f).items]  # noqa: E731
    assert names(None) == ["Ana", "Ben"]
    assert names(PeopleFilter(tag="vip")) == ["Ana"]
    assert names(PeopleFilter(stage=Stage.PROSPECT)) == ["Ben"]
    assert names(PeopleFilter(company="acme")) == ["Ana"]
    assert names(PeopleFilter(company="Ac")) == ["Ana"]  # the beginning is enough
    assert names(PeopleFilter(company="%")) == []
    assert names(PeopleFilter(city="lisbon")) == ["Ben"]
    assert names(PeopleFilter(city="Porto")) == ["Ana"]
    assert names(PeopleFilter(include_light=True)) == ["Ana", "Ben", "Kim"]
    nb.people.archive(ben.id)
    assert names(None) == ["Ana"] and names(PeopleFilter(archived=True)) == ["Ben"]
    row = nb.people.list().items[0]
    assert (row.company, row.stage) == ("Acme", Stage.CUSTOMER)


def test_list_pages(nb):
    for i in range(25):
        add(nb, f"Person {i:02d}")
    page = nb.people.list(offset=20, limit=10)
    assert page.total == 25 and [p.name for p in page.items] == [
        f"Person {i:02d}" for i in range(20, 25)]


def test_trash_restore_and_purge(nb):
    ana, ben = add(nb, "Ana"), add(nb, "Ben")
    nb.relationships.relate(ana.id, ben.id, "spouse")
    nb.interactions.log("call", [ana.id, ben.id], subject="Dinner plans")
    solo = nb.interactions.log("call", [ben.id], subject="Ben alone")
    nb.people.trash(ben.id)
    assert [p.name for p in nb.people.list().items] == ["Ana"]
    assert [p.name for p in nb.people.list(PeopleFilter(trashed=True)).items] == ["Ben"]
    assert nb.search.search("ben") == []
    with pytest.raises(InvalidInput, match="not in the trash"):
        nb.people.purge(ana.id)
    nb.people.restore(ben.id)
    assert nb.search.search("ben")[0].person.name == "Ben"
    nb.people.trash(ben.id)
    nb.people.purge(ben.id)
    with pytest.raises(NotFound):
        nb.people.get(ben.id)
    with pytest.raises(NotFound):
        nb.interactions.get(solo.id)
    remaining = nb.people.get(ana.id)
    assert remaining.relationships == () and len(remaining.interactions) == 1
    assert remaining.interactions[0].participants == (remaining.ref(),)


def test_empty_trash(nb):
    for name in ("Ana", "Ben", "Cy"):
        p = add(nb, name)
        if name != "Cy":
            nb.people.trash(p.id)
    assert nb.people.empty_trash() == 2
    assert [p.name for p in nb.people.list().items] == ["Cy"]
    assert nb.people.list(PeopleFilter(trashed=True)).total == 0


def test_overdue_to_get_in_touch(nb):
    import datetime as dt

    old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    ana = add(nb, "Ana", cadence_days=30)
    ben = add(nb, "Ben")
    cy = add(nb, "Cy", cadence_days=30)
    dee = add(nb, "Dee")
    nb.tags.tag(ben.id, "clients")
    nb.tags.set_cadence("clients", 90)
    nb.interactions.log("call", [ana.id, ben.id, dee.id], when=old)
    nb.interactions.log("call", [cy.id])  # just now
    overdue = lambda: [p.name for p in nb.people.list(PeopleFilter(overdue=True)).items]  # noqa: E731
    assert overdue() == ["Ana", "Ben"]  # Dee has no cadence; Cy was just called
    nb.interactions.log("meeting", [ben.id])
    assert overdue() == ["Ana"]
    assert [p.name for p in nb.people.list(PeopleFilter(descending=True)).items] == [
        "Dee", "Cy", "Ben", "Ana"]


def test_city_filter_folds_accents_case(nb):
    add(nb, "Inês", hometown="Évora")
    assert [p.name for p in nb.people.list(PeopleFilter(city="évora")).items] == ["Inês"]
    assert [p.name for p in nb.people.list(PeopleFilter(city="ÉVORA")).items] == ["Inês"]


def test_emptying_a_large_trash(nb):
    from app.services.bulk import NewPerson

    ids = nb.bulk.add_people([NewPerson(PersonDraft(given_name=f"P{i}")) for i in range(1200)])
    import datetime as dt

    from app.domain import OccurrenceState
    nb.reminders.set_state(f"birthday:{nb.people.get(ids[5]).uid}",
                           dt.datetime(2026, 1, 1, tzinfo=dt.UTC), OccurrenceState.DONE)
    for person_id in ids:
        nb.people.trash(person_id)
    assert nb.people.empty_trash() == 1200
    assert nb.reminders.states() == []


def test_ordered_by_company_last_contacted_and_next_reminder(nb):
    import datetime as dt

    ana = nb.people.create(PersonDraft(given_name="Ana"), company="Zeta")
    ben = nb.people.create(PersonDraft(given_name="Ben"), company="Acme")
    cy = nb.people.create(PersonDraft(given_name="Cy"))
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    nb.interactions.log("call", [cy.id], when=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    nb.reminders.add("Call", dt.datetime(2026, 12, 1, tzinfo=dt.UTC), person_id=ben.id)
    order = lambda key, desc=False: nb.people.ordered_ids(None, key, desc)  # noqa: E731
    assert order("company") == [ben.id, ana.id, cy.id]  # no company last
    assert order("last_contacted", True) == [cy.id, ana.id, ben.id]  # never contacted last
    assert order("next_reminder") == [ben.id, ana.id, cy.id]
    assert [p.name for p in nb.people.summaries(order("company"))] == ["Ben", "Ana", "Cy"]


def test_corrected_contact_details_are_saved_with_the_rest_or_not_at_all(nb):
    p = nb.people.create(PersonDraft(given_name="Ana", hometown="Porto"),
                         contacts=[NewContact("email", "ana@old.example"),
                                   NewContact("phone", "+351 912 345 678")])
    email, phone = sorted(nb.people.get(p.id).contact_points, key=lambda c: c.kind)
    nb.people.update(p.id, hometown="Lisbon",
                     edit_contacts=[(email.id, "work", "Ana@New.example")])
    again = nb.people.get(p.id)
    fixed = next(c for c in again.contact_points if c.id == email.id)
    assert (fixed.label, fixed.value, fixed.normalized) == ("work", "Ana@New.example",
                                                            "ana@new.example")
    assert nb.people.find_by_contact("email", "ana@new.example") == [p.id]
    with pytest.raises(InvalidInput):
        nb.people.update(p.id, hometown="Faro", edit_contacts=[
            (email.id, "", "someone@else.example"), (phone.id, "", "not a phone")])
    after = nb.people.get(p.id)
    assert after.hometown == "Lisbon"
    assert next(c for c in after.contact_points if c.id == email.id).value == "Ana@New.example"
    with pytest.raises(NotFound):
        nb.people.update(p.id, edit_contacts=[(10_000, "", "x@y.example")])
def test_next_reminder_follows_snoozes_and_skips_closed_ones(nb):
    from app.domain import OccurrenceState

    dec1 = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    ana, ben, cy = add(nb, "Ana"), add(nb, "Ben"), add(nb, "Cy")
    snoozed = nb.reminders.add("Follow up", dec1, person_id=ana.id)
    later = dt.datetime(2026, 12, 20, 9, tzinfo=dt.UTC)
    nb.reminders.set_state(snoozed.key, dec1, OccurrenceState.SNOOZED, snoozed_until=later)
    nb.reminders.add("Call", dt.datetime(2026, 12, 10, 9, tzinfo=dt.UTC), person_id=ben.id)
    done = nb.reminders.add("Thank-you note", dec1, person_id=cy.id)
    nb.reminders.complete(done.id)
    dismissed = nb.reminders.add("Send slides", dec1, person_id=cy.id)
    nb.reminders.set_state(dismissed.key, dec1, OccurrenceState.DISMISSED)
    nb.reminders.add("Renewal", dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), person_id=cy.id)
    shown = {p.id: p.next_reminder for p in nb.people.summaries([ana.id, ben.id, cy.id])}
    assert shown[ana.id] == later  # not the original 01 Dec
    assert shown[cy.id] == dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC)  # closed ones skipped
    assert nb.people.ordered_ids(None, "next_reminder", False)[:3] == [ben.id, ana.id, cy.id]


def test_addresses_dates_and_custom_fields_are_saved_with_the_person_or_not_at_all(nb):
    ana = nb.people.create(
        PersonDraft(given_name="Ana"),
        more=MoreDetails(add_addresses=[dict(street="Rua Augusta 1", locality="Lisbon")],
                         add_dates=[("wedding anniversary", PartialDate(7, 7, 2012))],
                         set_custom_fields=[("Shoe size", "38")]))
    ben = nb.people.create(PersonDraft(given_name="Ben"),
                           more=MoreDetails(add_addresses=[dict(locality="Lagos")]))
    [address], [date], [shoe] = ana.addresses, ana.important_dates, ana.custom_fields
    with pytest.raises(InvalidInput, match="Say what the date is"):
        nb.people.update(ana.id, given_name="Anna", more=MoreDetails(
            remove_address_ids=[address.id], remove_custom_field_ids=[shoe.id],
            add_dates=[("  ", PartialDate(1, 2))]))
    with pytest.raises(InvalidInput, match="belongs to someone else"):
        nb.people.update(ana.id, more=MoreDetails(remove_address_ids=[ben.addresses[0].id]))
    assert nb.people.get(ana.id) == ana and nb.people.get(ben.id) == ben
    with pytest.raises(InvalidInput, match="address is empty"):
        nb.people.create(PersonDraft(given_name="Cleo"),
                         more=MoreDetails(add_addresses=[dict(label="home")]))
    assert nb.people.list().total == 2

    edited = nb.people.update(ana.id, given_name="Anna", more=MoreDetails(
        remove_address_ids=[address.id], remove_date_ids=[date.id],
        add_addresses=[dict(street="Praça do Comércio", locality="Lisbon")],
        set_custom_fields=[("shoe SIZE", "39"), ("Team", "Ops")]))
    assert [a.street for a in edited.addresses] == ["Praça do Comércio"]
    assert edited.important_dates == ()
    assert [(f.name, f.value) for f in edited.custom_fields] == [("Shoe size", "39"),
                                                               ("Team", "Ops")]
