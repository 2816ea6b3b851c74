"""The agenda reads names in a short form (two columns and, only when set, the others):
every kind of name still reads exactly as everywhere else in the notebook."""

import datetime as dt
from zoneinfo import ZoneInfo

from app.agenda import AgendaKind
from app.domain import PartialDate, PersonDraft, compose_display_name

NOW = dt.datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("Europe/Berlin"))

NAMES = [
    {"given_name": "Ana", "family_name": "Silva"},
    {"given_name": "  José ", "family_name": "Núñez\u00a0"},
    {"given_name": "Prince"},
    {"family_name": "Okafor"},
    {"display_name": " Dr. Ben Okafor "},
    {"prefix": "Dr.", "given_name": "Lea", "middle_name": "M.", "family_name": "Roth",
     "suffix": "PhD"},
    {"nickname": "Bibi"},
    {"given_name": "Tom", "family_name": "Ek", "nickname": "Tommy"},
]


def test_every_kind_of_name_reads_as_in_the_people_list(nb):
    expected = set()
    for day, fields in enumerate(NAMES, start=2):
        person = nb.people.create(PersonDraft(birthday=PartialDate(12, day), cadence_days=7,
                                              **fields))
        expected.add(compose_display_name(**fields))
        assert nb.people.get(person.id).name == compose_display_name(**fields)
    birthdays = [i for i in nb.agenda.agenda(NOW).items if i.kind == AgendaKind.BIRTHDAY]
    assert {item.person_name for item in birthdays} == expected
    assert "José Núñez's birthday" in {item.title for item in birthdays}
    # keep in touch counts from when they were added: today, whatever NOW says
    later = nb.agenda.agenda(max(NOW, dt.datetime.now(NOW.tzinfo)) + dt.timedelta(days=30))
    assert {t.person_name for t in later.losing_touch} == expected
