import datetime as dt

import pytest

from app.domain import IntroductionStatus, PersonDraft
from app.services.connections import Outcome


def _person(nb, name: str, **fields):
    given, _, family = name.partition(" ")
    return nb.people.create(PersonDraft(given_name=given, family_name=family, **fields)).id


@pytest.fixture
def graph(nb):
    """me —(Acme 2019–2022)— ben —spouse— carla;  me —friend— dan —colleague— carla;
    eve worked at Acme long before me; fay is known to nobody."""
    people = {name: _person(nb, name) for name in ("Ben Ode", "Carla Diaz", "Dan Park",
                                                   "Eve Old", "Fay Alone")}
    people["me"] = _person(nb, "Sam User", is_me=True)
    nb.careers.add_job(people["me"], "Acme", start=dt.date(2019, 1, 1), end=dt.date(2022, 6, 30))
    nb.careers.add_job(people["Ben Ode"], "Acme", start=dt.date(2020, 3, 1),
                       end=dt.date(2023, 1, 31))
    nb.careers.add_job(people["Eve Old"], "Acme", start=dt.date(2010, 1, 1),
                       end=dt.date(2018, 12, 31))
    nb.relationships.relate(people["Ben Ode"], people["Carla Diaz"], "spouse")
    nb.relationships.relate(people["me"], people["Dan Park"], "friend")
    nb.relationships.relate(people["Dan Park"], people["Carla Diaz"], "colleague")
    return people


def test_ties_are_all_shown_with_the_link_at_each_step(nb, graph):
    result = nb.connections.connect(graph["Carla Diaz"])
    assert result.outcome == Outcome.FOUND
    assert sorted(p.text() for p in result.paths) == [
        "Sam User — is a friend of — Dan Park — works with — Carla Diaz",
        "Sam User — worked with (Acme, 2020–2022) — Ben Ode — is married to — Carla Diaz",
    ]
    assert "2 steps away: 2 shortest paths" in result.message


def test_shared_employer_without_overlapping_dates_is_no_link(nb, graph):
    result = nb.connections.connect(graph["Eve Old"])
    assert result.outcome == Outcome.NO_PATH
    assert "No known path to Eve Old" in result.message


def test_nobody_links_to_a_stranger(nb, graph):
    assert nb.connections.connect(graph["Fay Alone"]).outcome == Outcome.NO_PATH


def test_without_my_own_card_the_user_is_told_to_mark_it(nb, graph):
    nb.people.update(graph["me"], is_me=False)
    result = nb.connections.connect(graph["Carla Diaz"])
    assert result.outcome == Outcome.NO_ME
    assert "This is me" in result.message
    nb.people.update(graph["me"], is_me=True)
    assert nb.connections.connect(graph["me"]).outcome == Outcome.IS_ME


def test_introductions_and_introducers_link_people(nb, graph):
    gus = _person(nb, "Gus Intro", introduced_by_id=graph["Fay Alone"])
    nb.introductions.record(graph["Dan Park"], graph["Fay Alone"],
                            status=IntroductionStatus.ASKED)
    result = nb.connections.connect(gus)
    assert [p.text() for p in result.paths] == [
        "Sam User — is a friend of — Dan Park — can introduce you to — Fay Alone — "
        "introduced you to — Gus Intro"]


def test_a_colleague_still_there_works_with_and_a_job_change_ends_the_link(nb, graph):
    ivy = _person(nb, "Ivy Now")
    nb.careers.add_job(ivy, "Globex", start=dt.date(2021, 1, 1))
    nb.careers.change_job(graph["me"], "Globex", start=dt.date(2024, 1, 1))
    [path] = nb.connections.connect(ivy).paths
    assert path.text() == "Sam User — works with (Globex, since 2024) — Ivy Now"
    nb.careers.change_job(ivy, "Initech", start=dt.date(2024, 1, 1))
    assert nb.connections.connect(ivy).outcome == Outcome.NO_PATH  # one day short


def test_people_in_the_trash_are_not_links(nb, graph):
    nb.people.trash(graph["Dan Park"])
    nb.people.trash(graph["Ben Ode"])
    assert nb.connections.connect(graph["Carla Diaz"]).outcome == Outcome.NO_PATH


def test_ties_are_capped_at_five(nb):
    me = _person(nb, "Sam User", is_me=True)
    target = _person(nb, "Tara Target")
    for n in range(8):
        middle = _person(nb, f"Mid {n}")
        nb.relationships.relate(me, middle, "friend")
        nb.relationships.relate(middle, target, "friend")
    assert len(nb.connections.connect(target).paths) == 5


def test_a_long_chain_reads_the_right_way_round_from_both_ends(nb):
    """The search grows from both ends; every link must still read from left to right."""
    me = _person(nb, "Sam User", is_me=True)
    ann, bo, cy, dee, eli = (_person(nb, n) for n in ("Ann A", "Bo B", "Cy C", "Dee D",
                                                       "Eli E"))
    nb.relationships.relate(me, ann, "mentor")  # Ann is my mentor
    nb.relationships.relate(ann, bo, "child")  # Bo is Ann's child
    nb.people.update(cy, introduced_by_id=bo)  # Bo introduced me to Cy
    nb.relationships.relate(dee, cy, "manager")  # Cy is Dee's manager
    nb.relationships.relate(eli, dee, "spouse")
    [path] = nb.connections.connect(eli).paths
    assert path.text() == ("Sam User — is mentored by — Ann A — is a parent of — Bo B — "
                           "introduced you to — Cy C — manages — Dee D — is married to — Eli E")
    [back] = nb.connections.connect(ann).paths
    assert back.text() == "Sam User — is mentored by — Ann A"


def test_people_the_user_has_met_are_one_step_away(nb, graph):
    """A logged interaction or a 'how we met' is knowing someone; an introduction links its
    connector to the person to meet even while only asked for."""
    maria, johnny, lee = (_person(nb, n) for n in ("Maria Okafor", "Johnny Appleseed", "Lee Far"))
    nb.introductions.record(maria, johnny, status=IntroductionStatus.TO_ASK)
    assert nb.connections.connect(johnny).outcome == Outcome.NO_PATH
    nb.interactions.log("meeting", [maria, graph["Fay Alone"]],
                        when=dt.datetime(2026, 11, 12, 12, 0, tzinfo=dt.UTC))
    [path] = nb.connections.connect(johnny).paths
    assert path.text() == ("Sam User — met 12 Nov 2026 (meeting) — Maria Okafor — "
                           "can introduce you to — Johnny Appleseed")
    nb.people.update(lee, how_we_met="at SaaStr 2023")
    [path] = nb.connections.connect(lee).paths
    assert path.text() == "Sam User — met at SaaStr 2023 — Lee Far"
    nb.interactions.log("call", [lee], when=dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC))
    assert nb.connections.connect(lee).paths[0].text() == "Sam User — met at SaaStr 2023 — Lee Far"
    nb.people.update(lee, how_we_met="")
    assert nb.connections.connect(lee).paths[0].text() == \
        "Sam User — in touch 3 Mar 2026 (call) — Lee Far"


def test_someone_met_then_trashed_links_nobody(nb, graph):
    maria, johnny = (_person(nb, n) for n in ("Maria Okafor", "Johnny Appleseed"))
    nb.introductions.record(maria, johnny, status=IntroductionStatus.DECLINED)
    nb.people.update(maria, met_on=dt.date(2023, 5, 2))
    assert nb.connections.connect(johnny).paths[0].text() == (
        "Sam User — met in May 2023 — Maria Okafor — can introduce you to — Johnny Appleseed")
    nb.people.trash(maria)
    assert nb.connections.connect(johnny).outcome == Outcome.NO_PATH
