"""notebook.agenda over a real encrypted notebook: what SQL loads, and the state of items."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.agenda import AgendaKind, Bucket, compute_agenda
from app.domain import PartialDate, PersonDraft, ReminderKind
from app.errors import InvalidInput, NotFound
from app.services.agenda import load

BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=BERLIN)


def person(nb, name, tags=(), **kw):
    given, _, family = name.partition(" ")
    return nb.people.create(PersonDraft(given_name=given, family_name=family, **kw), tags=tags)


def titles(agenda):
    return [i.title for i in agenda.items]


def test_birthdays_of_people_and_of_their_loved_ones(nb):
    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3, 1986))
    ben = person(nb, "Ben Okafor")
    nb.relationships.add_loved_one(ben.id, "child", "Mia", PartialDate(12, 5, 2018))
    person(nb, "Far Away", birthday=PartialDate(6, 1))
    agenda = nb.agenda.agenda(NOW)
    assert titles(agenda) == ["Ana Silva's birthday (turns 40)",
                              "Ben Okafor's child Mia's birthday (turns 8)"]
    mia = agenda.items[1]
    assert (mia.person_id, mia.person_name, mia.bucket) == (ben.id, "Ben Okafor", Bucket.WEEK)
    assert mia.kind == AgendaKind.BIRTHDAY and agenda.items[0].person_id == ana.id


def test_a_loved_one_of_two_contacts_shows_once_through_the_first_one_listed(nb):
    ben = person(nb, "Ben Okafor")
    cara = person(nb, "Cara Diaz")
    mia = nb.relationships.add_loved_one(cara.id, "child", "Mia", PartialDate(12, 5, 2018))
    nb.relationships.relate(ben.id, mia.other.id, "child")
    nb.relationships.relate(cara.id, person(nb, "Dev Rao").id, "colleague")
    assert [(i.title, i.person_id) for i in nb.agenda.agenda(NOW).items] == [
        ("Ben Okafor's child Mia's birthday (turns 8)", ben.id)]
    nb.people.trash(ben.id)
    assert [(i.title, i.person_id) for i in nb.agenda.agenda(NOW).items] == [
        ("Cara Diaz's child Mia's birthday (turns 8)", cara.id)]


def test_a_loved_one_who_is_partner_and_spouse_reads_the_same_after_a_change(nb):
    ben = person(nb, "Ben Okafor")
    mia = nb.relationships.add_loved_one(ben.id, "spouse", "Mia", PartialDate(12, 5))
    nb.relationships.relate(ben.id, mia.other.id, "partner")
    assert titles(nb.agenda.agenda(NOW)) == ["Ben Okafor's partner Mia's birthday"]
    nb.people.update(mia.other.id, given_name="Mira")  # her items alone are made again
    assert titles(nb.agenda.agenda(NOW)) == ["Ben Okafor's partner Mira's birthday"]


def test_only_the_window_is_loaded_from_the_database(nb):
    person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    person(nb, "Far Away", birthday=PartialDate(6, 1))
    with nb._db.read() as session:
        data = load(session, NOW, 30)
    assert [a.person_name for a in data.anniversaries] == ["Ana Silva"]


def test_what_load_reads_computes_the_agenda_the_service_keeps(nb):
    """load() + compute_agenda() (the engine alone, as the bench measures it) and the service,
    which makes contacts' birthday items straight from rows, give the same agenda."""
    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3, 1986), cadence_days=30)
    nb.relationships.add_loved_one(ana.id, "spouse", "Zoe", PartialDate(12, 4))
    nb.people.add_date(ana.id, "wedding anniversary", PartialDate(12, 9, 2010))
    nb.reminders.add("Send the deck", NOW + dt.timedelta(days=2), person_id=ana.id)
    nb.interactions.log("call", [ana.id], when=NOW - dt.timedelta(days=40))
    with nb._db.read() as session:
        data = load(session, NOW, 30)
    assert len(data.anniversaries) == 3 and len(data.cadences) == 1
    assert compute_agenda(data, NOW, days=30) == nb.agenda.agenda(NOW, 30)
    nb.agenda.snooze(nb.agenda.agenda(NOW).items[0].item_id,
                     dt.datetime.now(dt.UTC) + dt.timedelta(days=400))
    with nb._db.read() as session:
        data = load(session, NOW, 30)
    # made without their classes' __new__: nothing checks that every field was given
    for loaded in (*data.anniversaries, *data.cadences, *data.reminders, *data.states):
        assert len(loaded) == len(type(loaded)._fields), loaded
    assert len(data.states) == 1


def test_trashed_and_archived_people_never_appear(nb):
    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3), cadence_days=7)
    ben = person(nb, "Ben Okafor", cadence_days=7)
    nb.relationships.add_loved_one(ben.id, "spouse", "Zoe", PartialDate(12, 4))
    nb.reminders.add("Send the deck", NOW - dt.timedelta(days=3), kind=ReminderKind.PROMISE,
                     person_id=ben.id)
    # keep-in-touch through a tag (the query's second branch) and the owner's own entry
    cleo = person(nb, "Cleo Park", tags=["client"])
    dan = person(nb, "Dan Wu", tags=["client"])
    person(nb, "Me Myself", tags=["client"], cadence_days=7, is_me=True)
    nb.tags.set_cadence("client", 14)
    later = NOW + dt.timedelta(days=400)
    assert {t.person_name for t in nb.agenda.agenda(later).losing_touch} == {
        "Ana Silva", "Ben Okafor", "Cleo Park", "Dan Wu"}
    nb.people.archive(ana.id)
    nb.people.trash(ben.id)
    nb.people.archive(cleo.id)
    nb.people.trash(dan.id)
    assert nb.agenda.agenda(NOW).items == ()
    assert nb.agenda.agenda(later).losing_touch == ()


def test_keep_in_touch_due_today_by_the_local_day_across_a_dst_change(nb):
    """The last call was late on March 1 in Berlin (22:30 UTC): thirty days on is March 31,
    local, though 30 x 24 hours after it falls on April 1 in UTC, after the end of today."""
    ana = person(nb, "Ana Silva", cadence_days=30)
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 3, 1, 23, 30, tzinfo=BERLIN))
    now = dt.datetime(2026, 3, 31, 12, tzinfo=BERLIN)
    [item] = nb.agenda.agenda(now).items
    assert (item.item_id, item.bucket) == (f"touch:{ana.id}@2026-03-31", Bucket.TODAY)
    assert nb.agenda.agenda(now - dt.timedelta(days=1)).items == ()


def test_logging_a_call_takes_someone_off_losing_touch(nb):
    ana = person(nb, "Ana Silva", cadence_days=30)
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 10, 1, 10, tzinfo=BERLIN))
    agenda = nb.agenda.agenda(NOW)
    [losing] = agenda.losing_touch
    assert (losing.person_id, losing.days_overdue) == (ana.id, 31)
    assert losing.last_contact == dt.datetime(2026, 10, 1, 8, tzinfo=dt.UTC)
    assert nb.agenda.count_due(NOW) == 1
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 11, 20, 10, tzinfo=BERLIN))
    after = nb.agenda.agenda(NOW)
    assert after.losing_touch == () and after.items == ()
    assert nb.agenda.count_due(NOW) == 0


def test_cadence_is_the_persons_own_else_the_shortest_of_their_tags(nb):
    ana = person(nb, "Ana Silva", tags=["client", "vip"])
    ben = person(nb, "Ben Okafor", tags=["vip"], cadence_days=90)
    nb.tags.set_cadence("client", 60)
    nb.tags.set_cadence("vip", 14)
    last = dt.datetime(2026, 11, 1, 10, tzinfo=BERLIN)
    nb.interactions.log("meeting", [ana.id, ben.id], when=last)
    losing = nb.agenda.agenda(NOW).losing_touch
    assert [(t.person_id, t.cadence_days, t.days_overdue) for t in losing] == [(ana.id, 14, 16)]
    assert nb.agenda.agenda(NOW + dt.timedelta(days=70)).losing_touch[-1].person_id == ben.id


def test_never_contacted_counts_from_when_they_were_added(nb):
    ana = person(nb, "Ana Silva", cadence_days=10)
    now = dt.datetime.now(BERLIN)
    assert nb.agenda.agenda(now).losing_touch == ()
    [losing] = nb.agenda.agenda(now + dt.timedelta(days=11)).losing_touch
    assert losing.person_id == ana.id and losing.last_contact is None


def test_done_snooze_dismiss_and_undo_of_a_derived_birthday(nb):
    now = dt.datetime.now(BERLIN)
    day = (now + dt.timedelta(days=1)).date()  # tomorrow: real time, since snoozes look ahead
    person(nb, "Ana Silva", birthday=PartialDate(day.month, day.day))
    [item] = nb.agenda.agenda(now).items
    nb.agenda.done(item.item_id)
    assert nb.agenda.agenda(now).items == ()
    nb.agenda.undo(item.item_id)
    assert [i.item_id for i in nb.agenda.agenda(now).items] == [item.item_id]
    until = item.due_at + dt.timedelta(days=2)
    nb.agenda.snooze(item.item_id, until)
    [moved] = nb.agenda.agenda(now).items
    assert moved.due_at == until and moved.item_id == item.item_id
    nb.agenda.dismiss(item.item_id)
    assert nb.agenda.agenda(now).items == ()
    # next year's birthday is another occurrence
    assert len(nb.agenda.agenda(now.replace(year=now.year + 1)).items) == 1


def test_done_on_keep_in_touch_restarts_the_count(nb):
    ana = person(nb, "Ana Silva", cadence_days=30)
    nb.interactions.log("call", [ana.id], when=dt.datetime(2026, 10, 1, 10, tzinfo=BERLIN))
    [item] = nb.agenda.agenda(NOW).items
    nb.agenda.done(item.item_id)
    marked = dt.datetime.now(BERLIN)
    assert nb.agenda.agenda(max(NOW, marked)).losing_touch == ()
    assert len(nb.agenda.agenda(marked + dt.timedelta(days=31)).losing_touch) == 1


def test_stored_reminders_and_each_occurrence_of_a_repeating_one(nb):
    ben = person(nb, "Ben Okafor")
    nb.reminders.add("Send the deck", dt.datetime(2026, 11, 20, 17, tzinfo=BERLIN),
                     kind=ReminderKind.PROMISE, person_id=ben.id)
    nb.reminders.add("Pipeline review", dt.datetime(2026, 11, 2, 9, tzinfo=BERLIN),
                     rrule="FREQ=WEEKLY")
    agenda = nb.agenda.agenda(NOW)
    assert [(i.bucket, i.kind, i.title) for i in agenda.items] == [
        (Bucket.OVERDUE, AgendaKind.PROMISE, "Send the deck"),
        (Bucket.OVERDUE, AgendaKind.CUSTOM, "Pipeline review"),
        (Bucket.WEEK, AgendaKind.CUSTOM, "Pipeline review")]
    assert agenda.items[0].person_name == "Ben Okafor"
    nb.agenda.done(agenda.items[1].item_id)
    assert [i.due_at for i in nb.agenda.agenda(NOW).items[1:]] == [
        dt.datetime(2026, 12, 7, 9, tzinfo=BERLIN)]
    nb.agenda.done(agenda.items[0].item_id)
    assert titles(nb.agenda.agenda(NOW)) == ["Pipeline review"]


def test_lead_days_is_a_setting(nb):
    person(nb, "Ana Silva", birthday=PartialDate(12, 5))
    assert nb.agenda.lead_days() == 0
    nb.agenda.set_lead_days(3)
    [item] = nb.agenda.agenda(NOW).items
    assert item.due_at == dt.datetime(2026, 12, 2, 9, tzinfo=BERLIN)
    with pytest.raises(InvalidInput):
        nb.agenda.set_lead_days(-1)
    nb.agenda.set_due_hour(8)
    assert nb.agenda.agenda(NOW).items[0].due_at.hour == 8


def test_bad_item_ids_say_what_is_wrong(nb):
    with pytest.raises(InvalidInput, match="agenda item id"):
        nb.agenda.done("tomorrow")
    with pytest.raises(InvalidInput, match="should start with"):
        nb.agenda.done("pizza:1@2026-12-01")
    with pytest.raises(NotFound, match="no person #999"):
        nb.agenda.snooze("birthday:999@2026-12-01", NOW + dt.timedelta(days=900))
    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 1))
    with pytest.raises(InvalidInput, match="future"):
        nb.agenda.snooze(f"birthday:{ana.id}@2026-12-01", dt.datetime(2020, 1, 1, tzinfo=BERLIN))
    with pytest.raises(InvalidInput):
        nb.agenda.agenda(NOW, days=1000)


def test_the_agenda_is_kept_until_anything_is_committed_here_or_elsewhere(nb, notebook_path,
                                                                           template_key):
    from app.notebook import Notebook

    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    first = nb.agenda.agenda(NOW)
    assert nb.agenda.agenda(NOW + dt.timedelta(hours=1)) is first  # same day, nothing changed
    assert nb.agenda.agenda(NOW + dt.timedelta(days=1)) is not first  # another day
    nb.people.update(ana.id, given_name="Ann")
    assert titles(nb.agenda.agenda(NOW)) == ["Ann Silva's birthday"]
    with Notebook.open_with_key(notebook_path, template_key) as other:  # another process
        other.people.update(ana.id, given_name="Anna")
    assert titles(nb.agenda.agenda(NOW)) == ["Anna Silva's birthday"]
    nb.agenda.forget()
    assert titles(nb.agenda.agenda(NOW)) == ["Anna Silva's birthday"]


def test_a_new_passphrase_does_not_leave_a_stale_agenda(nb):
    from tests.conftest import PASSPHRASE

    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    nb.agenda.agenda(NOW)
    nb.change_passphrase(PASSPHRASE, "a brand new passphrase 456")
    nb.agenda.agenda(NOW)
    nb.people.update(ana.id, given_name="Ann")
    assert titles(nb.agenda.agenda(NOW)) == ["Ann Silva's birthday"]


def test_count_due_includes_what_a_lead_time_has_made_due(nb):
    person(nb, "Ana Silva", birthday=PartialDate(12, 20))
    person(nb, "Ben Okafor", birthday=PartialDate(12, 1))
    assert nb.agenda.count_due(NOW) == 1
    nb.agenda.set_lead_days(20)
    assert nb.agenda.count_due(NOW) == 2
    assert nb.agenda.count_due(NOW - dt.timedelta(days=2)) == 1


def test_a_fixed_offset_now_gets_the_local_zones_daylight_saving_rules(nb, monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    person(nb, "Ana Silva", birthday=PartialDate(4, 2))
    winter = dt.datetime(2026, 3, 20, 12, tzinfo=dt.timezone(dt.timedelta(hours=1)))
    [item] = nb.agenda.agenda(winter).items
    assert item.due_at == dt.datetime(2026, 4, 2, 9, tzinfo=BERLIN)  # 09:00 summer time
    assert item.due_at.utcoffset() == dt.timedelta(hours=2)


def test_birthdays_and_dates_are_made_again_only_when_what_they_come_from_changes(
        nb, notebook_path, template_key):
    from app.notebook import Notebook

    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    first = nb.agenda.agenda(NOW)
    [birthday] = first.items
    nb.interactions.log("call", [ana.id])
    nb.reminders.add("Send the deck", NOW + dt.timedelta(days=2), person_id=ana.id)
    after_a_call = nb.agenda.agenda(NOW)
    assert titles(after_a_call) == ["Ana Silva's birthday", "Send the deck"]
    assert after_a_call.items[0] is birthday  # kept, not made again
    with Notebook.open_with_key(notebook_path, template_key) as other:  # another process
        other.people.add_date(ana.id, "wedding anniversary", PartialDate(12, 5, 2020))
    assert titles(nb.agenda.agenda(NOW)) == ["Ana Silva's birthday", "Send the deck",
                                             "Ana Silva's wedding anniversary (6 years)"]
    with Notebook.open_with_key(notebook_path, template_key) as other:
        other.relationships.add_loved_one(ana.id, "child", "Mia", PartialDate(12, 2))
    assert titles(nb.agenda.agenda(NOW))[:2] == ["Ana Silva's child Mia's birthday",
                                                 "Ana Silva's birthday"]
    with Notebook.open_with_key(notebook_path, template_key) as other:
        other.people.update(ana.id, birthday=PartialDate(12, 4))
    assert {i.title: i.due_at.day for i in nb.agenda.agenda(NOW).items}[
        "Ana Silva's birthday"] == 4
    with Notebook.open_with_key(notebook_path, template_key) as other:
        other.people.trash(ana.id)
    assert nb.agenda.agenda(NOW).items == ()


def test_keep_in_touch_follows_logged_edited_moved_and_deleted_interactions(nb):
    """The last contact comes from last_contacts, kept by triggers (migration 0007)."""
    now = dt.datetime.now(BERLIN).replace(microsecond=0)
    ana = person(nb, "Ana Silva", cadence_days=30)
    ben = person(nb, "Ben Okafor", cadence_days=30)

    def losing():
        return [(t.person_name, t.last_contact) for t in nb.agenda.agenda(now).losing_touch]

    old = nb.interactions.log("call", [ana.id], when=now - dt.timedelta(days=40))
    assert losing() == [("Ana Silva", now - dt.timedelta(days=40))]
    recent = nb.interactions.log("call", [ana.id], when=now - dt.timedelta(days=5))
    assert losing() == []
    nb.interactions.update(recent.id, when=now - dt.timedelta(days=50))
    assert losing() == [("Ana Silva", now - dt.timedelta(days=40))]
    nb.interactions.delete(old.id)
    assert losing() == [("Ana Silva", now - dt.timedelta(days=50))]
    nb.interactions.update(recent.id, participant_ids=[ben.id])
    assert losing() == [("Ben Okafor", now - dt.timedelta(days=50))]
    nb.interactions.delete(recent.id)
    assert losing() == []
    with nb._db.read() as session:
        assert session.execute(text("SELECT count(*) FROM last_contacts")).scalar() == 0


def test_a_snooze_never_brings_an_item_forward(nb):
    due = dt.datetime.now(BERLIN).replace(microsecond=0) + dt.timedelta(days=3)
    ben = person(nb, "Ben Okafor")
    reminder = nb.reminders.add("Send the deck", due, kind=ReminderKind.PROMISE, person_id=ben.id)
    [item] = [i for i in nb.agenda.agenda().items if i.reminder_key == reminder.key]
    with pytest.raises(InvalidInput, match="not after it is due"):
        nb.agenda.snooze(item.item_id, due - dt.timedelta(days=2))
    assert [i.due_at for i in nb.agenda.agenda().items if i.reminder_key == reminder.key] == [due]
    nb.agenda.snooze(item.item_id, due + dt.timedelta(hours=1))
    assert [i.due_at for i in nb.agenda.agenda().items if i.reminder_key == reminder.key] == [
        due + dt.timedelta(hours=1)]


def shown(agenda):
    """What a user sees of each item, in order (ties between equal titles aside)."""
    return sorted((i.bucket, i.due_at, i.title, i.item_id, i.person_id, i.person_name)
                  for i in agenda.items)


def made_afresh(nb, now):
    nb.agenda.forget()
    return nb.agenda.agenda(now)


def test_after_each_kind_of_change_the_kept_dates_equal_dates_made_afresh(nb):
    """Only the people a change touched are made again (and their loved ones): every kind
    of change gives what a fresh agenda gives, and the other items stay the objects kept."""
    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3, 1986))
    ben = person(nb, "Ben Okafor", birthday=PartialDate(12, 9))
    cleo = person(nb, "Cleo Park", birthday=PartialDate(12, 20))
    mia = nb.relationships.add_loved_one(ben.id, "child", "Mia", PartialDate(12, 5, 2018))
    wedding = nb.people.add_date(ben.id, "wedding anniversary", PartialDate(12, 12, 2015))
    nb.people.add_date(mia.other.id, "first day at school", PartialDate(12, 7, 2024))
    to_mia = nb.relationships.relate(cleo.id, mia.other.id, "child")
    eve = person(nb, "Eve Adams", birthday=PartialDate(12, 24))  # no change touches her
    changes = [
        lambda: nb.people.update(ben.id, given_name="Benjamin"),   # loved ones' titles too
        lambda: nb.people.update(mia.other.id, given_name="Mila"),
        lambda: nb.people.update(ana.id, birthday=PartialDate(12, 4, 1986)),
        lambda: nb.people.archive(ben.id),         # Mia is shown through Cleo now
        lambda: nb.people.archive(ben.id, False),
        lambda: nb.relationships.unrelate(to_mia.id),
        lambda: nb.people.remove_date(wedding.id),
        lambda: nb.people.add_date(cleo.id, "joined the company", PartialDate(12, 15, 2020)),
        lambda: nb.people.trash(ana.id),
        lambda: nb.people.restore(ana.id),
        lambda: person(nb, "Dan Ito", birthday=PartialDate(12, 2)),
        lambda: nb.relationships.add_loved_one(cleo.id, "spouse", "Zoe", PartialDate(12, 30)),
    ]
    for change in changes:
        before = {i.item_id: i for i in nb.agenda.agenda(NOW).items}
        change()
        kept = nb.agenda.agenda(NOW)
        assert shown(kept) == shown(made_afresh(nb, NOW))
        eves = f"birthday:{eve.id}@2026-12-24"
        assert next(i for i in kept.items if i.item_id == eves) is before[eves]  # not remade
    assert "Benjamin Okafor's child Mila's first day at school (2 years)" in titles(kept)
    assert "Cleo Park's spouse Zoe's birthday" in titles(kept)


def fresh(nb, now, days=30):
    """The agenda made from everything (load() and the engine), the service's kept items
    left untouched."""
    with nb._db.read() as session:
        return compute_agenda(load(session, now, days), now, days=days)


@pytest.mark.parametrize(("first", "last"), [
    (dt.date(2027, 12, 20), dt.date(2028, 1, 12)),  # a new year, a leap one
    (dt.date(2028, 2, 18), dt.date(2028, 4, 2)),    # February 29; clocks change March 26
    (dt.date(2027, 2, 20), dt.date(2027, 3, 4)),    # a common year: February 29 on the 28th
])
def test_on_each_new_day_the_kept_dates_moved_to_it_equal_dates_made_afresh(nb, first, last):
    """A new day moves the kept birthday and date items (new buckets, missed ones leaving,
    the days entering the window added) instead of making all of them again."""
    born = [(2, 28, 1980), (2, 29, 1988), (3, 1, None), (12, 31, 1975), (1, 1, 1990),
            (3, 26, None), (3, 29, 2001), (1, 4, None), (1, 20, 1999)]
    people = [person(nb, f"Person {n}", birthday=PartialDate(m, d, y))
              for n, (m, d, y) in enumerate(born)]
    ben = person(nb, "Ben Okafor")
    nb.relationships.add_loved_one(ben.id, "spouse", "Zoe", PartialDate(2, 29, 1988))
    nb.people.add_date(ben.id, "wedding anniversary", PartialDate(2, 29, 2000))
    nb.people.add_date(people[4].id, "signed", PartialDate(1, 1))
    nb.agenda.set_lead_days(2)
    day, kept_before = first, None
    while day <= last:
        now = dt.datetime.combine(day, dt.time(12), tzinfo=BERLIN)
        if day == first + dt.timedelta(days=5):
            nb.people.update(people[0].id, given_name="Renamed")  # moved, then made again
        if day == first + dt.timedelta(days=6):
            nb.agenda.done(nb.agenda.agenda(now).items[0].item_id)
        if day == first + dt.timedelta(days=8):  # onto the day entering the window tomorrow
            entering = day + dt.timedelta(days=31)
            nb.people.update(people[1].id, birthday=PartialDate(entering.month, entering.day))
        agenda = nb.agenda.agenda(now)
        assert shown(agenda) == shown(fresh(nb, now)), day
        assert [(i.bucket, i.due_at, i.title) for i in agenda.items] == [
            (i.bucket, i.due_at, i.title) for i in fresh(nb, now).items], day
        if kept_before is not None and day != first + dt.timedelta(days=5):
            stayed = [i for i in agenda.items if i.item_id in kept_before
                      and i.bucket is kept_before[i.item_id].bucket]
            assert all(kept_before[i.item_id] is i for i in stayed)  # moved, not made again
        kept_before = {i.item_id: i for i in agenda.items}
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(("days", "shift"), [(351, 7), (356, 2), (300, 7)])
def test_a_long_window_moved_to_a_later_day_loses_no_date(nb, days, shift):
    """A date that leaves the window's start (a missed one, a week old) can come back at its
    end a year on: with a long enough window it must be read again, not thought kept."""
    person(nb, "Ana Silva", birthday=PartialDate(6, 3, 1990))
    person(nb, "Ben Okafor", birthday=PartialDate(6, 12))
    before = dt.datetime(2026, 6, 10, 12, tzinfo=BERLIN)
    nb.agenda.agenda(before, days)
    now = before + dt.timedelta(days=shift)
    assert shown(nb.agenda.agenda(now, days)) == shown(fresh(nb, now, days))


def test_a_new_day_far_ahead_or_back_makes_everything_again(nb, monkeypatch):
    import app.services.agenda as agenda_service

    person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    moved = []
    monkeypatch.setattr(agenda_service, "_dates_later",
                        lambda *a, _real=agenda_service._dates_later: moved.append(a[3][0])
                        or _real(*a))
    for day in (1, 2, 10, 9, 12):  # later by 1, by 8 (too far), earlier, later by 3
        now = dt.datetime(2026, 12, day, 12, tzinfo=BERLIN)
        assert shown(nb.agenda.agenda(now)) == shown(fresh(nb, now))
    assert moved == [dt.date(2026, 12, 2), dt.date(2026, 12, 12)]


def test_many_changes_or_a_log_cut_behind_the_kept_dates_make_everything_again(nb,
                                                                              monkeypatch):
    import app.services.agenda as agenda_service

    ana = person(nb, "Ana Silva", birthday=PartialDate(12, 3))
    nb.agenda.agenda(NOW)
    monkeypatch.setattr(agenda_service, "MAX_CHANGED", 1)
    ben = person(nb, "Ben Okafor", birthday=PartialDate(12, 4))
    nb.people.update(ana.id, given_name="Ann")
    assert titles(nb.agenda.agenda(NOW)) == ["Ann Silva's birthday", "Ben Okafor's birthday"]
    monkeypatch.undo()
    with nb._db.transaction() as session:  # the log keeps its last 1,024 to 2,048 rows
        session.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                             "WHERE i < 2100) INSERT INTO agenda_changed_people (person_id) "
                             "SELECT 0 FROM n"))
        kept_rows = session.execute(text("SELECT count(*) FROM agenda_changed_people")).scalar()
    assert 1024 <= kept_rows <= 2048
    nb.people.update(ben.id, given_name="Benedict")
    assert titles(nb.agenda.agenda(NOW)) == ["Ann Silva's birthday", "Benedict Okafor's birthday"]
