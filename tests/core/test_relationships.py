import pytest

from app.domain import PartialDate, PersonDraft, inverse_relationship
from app.errors import InvalidInput


@pytest.fixture
def people(nb):
    def add(name):
        return nb.people.create(PersonDraft(given_name=name))
    return {name: add(name) for name in ("Ana", "Ben", "Cy")}


def edges(nb, person):
    return sorted((r.type, r.other.name) for r in nb.relationships.list(person.id))


def test_relating_writes_the_reverse_edge(nb, people):
    ana, ben, cy = people["Ana"], people["Ben"], people["Cy"]
    nb.relationships.relate(ana.id, ben.id, "child")
    nb.relationships.relate(ana.id, cy.id, "Manager")
    assert edges(nb, ana) == [("child", "Ben"), ("manager", "Cy")]
    assert edges(nb, ben) == [("parent", "Ana")]
    assert edges(nb, cy) == [("report", "Ana")]


def test_unknown_types_are_symmetric_and_relating_twice_is_harmless(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    nb.relationships.relate(ana.id, ben.id, "godparent")
    nb.relationships.relate(ana.id, ben.id, "godparent")
    assert edges(nb, ana) == [("godparent", "Ben")] and edges(nb, ben) == [("godparent", "Ana")]
    assert inverse_relationship("assistant") == "executive"


def test_changing_the_type_changes_both_sides(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    rel = nb.relationships.relate(ana.id, ben.id, "partner")
    nb.relationships.change_type(rel.id, "parent")
    assert edges(nb, ana) == [("parent", "Ben")] and edges(nb, ben) == [("child", "Ana")]


def test_removing_either_side_removes_both(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    nb.relationships.relate(ana.id, ben.id, "spouse")
    reverse = nb.relationships.list(ben.id)[0]
    nb.relationships.unrelate(reverse.id)
    assert edges(nb, ana) == [] and edges(nb, ben) == []


def test_purging_a_person_removes_their_edges_on_others(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    nb.relationships.relate(ana.id, ben.id, "spouse")
    nb.people.trash(ben.id)
    nb.people.purge(ben.id)
    assert edges(nb, ana) == []


def test_a_loved_one_can_be_a_light_entry(nb, people):
    ana = people["Ana"]
    rel = nb.relationships.add_loved_one(ana.id, "child", "Kim Lima",
                                         PartialDate.parse("2015-06-01"))
    kim = nb.people.get(rel.other.id)
    assert kim.is_light and kim.birthday == PartialDate(6, 1, 2015) and kim.name == "Kim Lima"
    assert edges(nb, kim) == [("parent", "Ana")]
    assert nb.search.search("kim")[0].person.is_light


def test_nobody_is_their_own_relative(nb, people):
    with pytest.raises(InvalidInput):
        nb.relationships.relate(people["Ana"].id, people["Ana"].id, "sibling")
    with pytest.raises(InvalidInput):
        nb.relationships.relate(people["Ana"].id, people["Ben"].id, "  ")


def test_changing_to_a_type_already_recorded_is_refused(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    nb.relationships.relate(ana.id, ben.id, "friend")
    colleague = nb.relationships.relate(ana.id, ben.id, "colleague")
    with pytest.raises(InvalidInput, match="already recorded"):
        nb.relationships.change_type(colleague.id, "friend")
    assert edges(nb, ben) == [("colleague", "Ana"), ("friend", "Ana")]


def test_relatives_in_the_trash_are_hidden_until_restored(nb, people):
    ana, ben = people["Ana"], people["Ben"]
    nb.relationships.relate(ana.id, ben.id, "spouse")
    nb.people.trash(ben.id)
    assert edges(nb, ana) == []
    nb.people.restore(ben.id)
    assert edges(nb, ana) == [("spouse", "Ben")]
