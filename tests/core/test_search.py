import datetime as dt

import pytest

from app.domain import PersonDraft
from app.services.people import NewContact
from app.store.search_index import match_expression, phone_expression, phone_forms


@pytest.fixture
def ana(nb):
    p = nb.people.create(
        PersonDraft(given_name="Ana", family_name="Lima", nickname="Aninha", hometown="Porto",
                    how_we_met="Web Summit after-party", notes="Ask about the marathon"),
        contacts=[NewContact("email", "ana.lima@globex.example"),
                  NewContact("phone", "+44 20 7946 0123")],
        company="Globex Corporation", title="Procurement Director", tags=["lisbon-trip"])
    nb.facts.quick_add(p.id, "likes: single malt whisky")
    nb.people.add_address(p.id, street="Rua Augusta 1", locality="Lisboa", country="Portugal")
    nb.people.set_custom_field(p.id, "Favourite team", "Benfica")
    other = nb.people.create(PersonDraft(given_name="Zed"))
    nb.interactions.log("meal", [p.id, other.id], subject="Sushi lunch",
                        notes="Discussed the Q3 renewal", when=dt.datetime(2026, 1, 5, tzinfo=dt.UTC))
    return p


@pytest.mark.parametrize("query", [
    "ana", "Lima", "aninha", "ana lima",               # names
    "whisky", "single malt", "malt",                    # a fact
    "ana.lima@globex.example", "globex.example",        # email
    "7946", "0123", "+44 20 7946", "02079460123",       # phone fragments
    "globex", "procurement", "director",                # company and title
    "porto", "lisboa", "portugal",                      # hometown and address
    "marathon", "summit",                               # notes, how we met
    "renewal", "sushi",                                 # interaction text
    "lisbon-trip",                                      # tag
    "favourite team",                                   # custom field
])
def test_a_person_is_found_by_every_kind_of_text(nb, ana, query):
    assert ana.id in [h.person.id for h in nb.search.search(query)], query


def test_prefixes_accents_and_case(nb):
    p = nb.people.create(PersonDraft(given_name="José", family_name="Müller"))
    for query in ("jos", "JOSE", "mull", "müll", "José Mü"):
        assert [h.person.id for h in nb.search.search(query)] == [p.id], query


def test_name_matches_come_first(nb):
    by_fact = nb.people.create(PersonDraft(given_name="Aaron"))
    nb.facts.quick_add(by_fact.id, "likes: Morgan's old car")
    by_name = nb.people.create(PersonDraft(given_name="Zoe", family_name="Morgan"))
    hits = nb.search.search("morgan")
    assert [(h.person.id, h.matched_name) for h in hits] == [(by_name.id, True),
                                                             (by_fact.id, False)]


def test_the_index_follows_edits(nb, ana):
    nb.people.update(ana.id, hometown="Braga")
    assert nb.search.search("braga")[0].person.id == ana.id
    assert ana.id not in [h.person.id for h in nb.search.search("porto marathon")]
    fact = nb.facts.list(ana.id)[0]
    nb.facts.remove(fact.id)
    assert nb.search.search("whisky") == []


def test_trashed_people_are_found_only_in_the_trash(nb, ana):
    nb.people.trash(ana.id)
    assert nb.search.search("ana") == []
    assert [h.person.id for h in nb.search.search("ana", trashed=True)] == [ana.id]


def test_queries_that_mean_nothing_or_would_break_fts(nb, ana):
    for query in ("", "   ", '"', "*", "AND", "NEAR(", "ana\"", "^", "-", "ana OR"):
        nb.search.search(query)  # never raises
    assert nb.search.search("AND") == []


def test_limit(nb):
    for i in range(30):
        nb.people.create(PersonDraft(given_name="Sam", family_name=f"Person{i:02d}"))
    assert len(nb.search.search("sam", limit=10)) == 10


def test_expressions():
    assert match_expression("Ana Lima") == '"ana"* AND "lima"*'
    assert match_expression("+44 (20) 7946") == '"44207946"*'
    assert match_expression("  ") is None
    assert phone_forms("+44 20 7946 0123", "+442079460123") == ["02079460123", "442079460123"]
    assert phone_expression("7946") == '"7946"'
    assert phone_expression("79") == " OR ".join(f'"79{n}"' for n in range(10))


@pytest.mark.parametrize("query", [
    "lima 0123", "0123 ana", "globex 7946",             # words and phone digits together
    "ana 79", "ana 2",                                  # fewer digits than a trigram
    "7946 0123", "020 7946 0123", "(020) 7946-0123",    # as people type numbers
    "+44 20 7946 0123", "0044 20 7946 0123"[2:],         # E.164 digits
])
def test_phone_digits_are_found_anywhere_in_the_number_also_with_words(nb, ana, query):
    assert ana.id in [h.person.id for h in nb.search.search(query)], query


@pytest.mark.parametrize("query", ["lima 5555", "ana 99", "79460124", "zed 0123"])
def test_digits_a_number_does_not_hold_find_nobody_by_it(nb, ana, query):
    assert ana.id not in [h.person.id for h in nb.search.search(query)], query


def test_the_phone_index_follows_edits_and_the_trash(nb, ana):
    point = next(c for c in nb.people.get(ana.id).contact_points if c.kind == "phone")
    nb.people.update_contact(point.id, value="+351 912 345 678")
    assert [h.person.id for h in nb.search.search("912 345")] == [ana.id]
    assert nb.search.search("7946 0123") == []
    nb.people.trash(ana.id)
    assert nb.search.search("912 345") == []
    assert [h.person.id for h in nb.search.search("912 345", trashed=True)] == [ana.id]


def test_digits_in_other_text_still_find_people(nb):
    p = nb.people.create(PersonDraft(given_name="Rui", notes="locker 40917"))
    assert [h.person.id for h in nb.search.search("40917")] == [p.id]
    assert [h.person.id for h in nb.search.search("rui 409")] == [p.id]


def test_every_run_of_3_or_more_digits_of_a_number_finds_it(nb, ana):
    """As written, in E.164 and as dialled at home: what the suffix tokens of revision 0008
    found, the trigram phone index finds."""
    for form in ("442079460123", "02079460123"):
        runs = {form[start:end] for start in range(len(form))
                for end in range(start + 3, len(form) + 1)}
        for run in sorted(runs):
            assert ana.id in [h.person.id for h in nb.search.search(run)], run
