"""rapport-cli for introductions, the pipeline, duplicates and merge."""

import datetime as dt
import json

from tests.core.test_cli import cli  # noqa: F401 (the fixture)


def test_an_introduction_from_ask_to_thanks(cli):  # noqa: F811
    asked = dt.date.today() - dt.timedelta(days=20)  # a thank-you is for the last 30 days
    day = {n: (asked + dt.timedelta(days=n)).isoformat() for n in (0, 3, 4, 7)}
    cli("add", "Ana Lima")
    cli("add", "Ben Okafor")
    code, out, _ = cli("intro", "Ana", "Ben", "--status", "asked", "--on", day[0])
    assert code == 0
    assert f"Recorded: #1 Ana Lima introduces you to Ben Okafor: asked ({day[0]})" in out
    assert f"Reminder {day[7]}: Ask Ana Lima again about meeting Ben Okafor" in out
    code, out, _ = cli("intro-status", "1", "introduced", "--on", day[3])
    assert "not thanked yet" in out
    assert f"Reminder {day[3]}: Thank Ana Lima for introducing you to Ben Okafor" in out
    code, out, _ = cli("thanked", "1", "--on", day[4])
    assert code == 0 and f"thanked {day[4]}" in out
    code, out, _ = cli("intros", "--view", "received", "--json")
    assert [i["thanked_on"] for i in json.loads(out)] == [day[4]]
    code, _, err = cli("intro-status", "9", "met")
    assert code == 1 and err.startswith("rapport-cli: There is no introduction #9")


def test_pipeline_and_stage(cli):  # noqa: F811
    cli("add", "Ana Lima", "--stage", "prospect")
    cli("add", "Ben Okafor")
    assert cli("stage", "Ben", "customer")[0] == 0
    assert cli("stage", "--target", "5")[0] == 0
    code, out, _ = cli("pipeline")
    assert "Prospect (1): Ana Lima" in out and "Customer (1): Ben Okafor" in out
    assert "1 prospects; your target is 5: add 4 more." in out
    code, out, _ = cli("pipeline", "--json")
    stages = {s["stage"]: s["count"] for s in json.loads(out)["stages"]}
    assert stages == {"prospect": 1, "customer": 1, "advocate": 0, "not_now": 0, "lost": 0}


def test_duplicates_and_merge(cli):  # noqa: F811
    cli("add", "Ana Lima", "--email", "ana@example.com", "--hometown", "Porto")
    cli("add", "Ana L.", "--email", "Ana@Example.com", "--hometown", "Lisbon")
    cli("log", "#2", "--subject", "Lunch")
    code, out, _ = cli("duplicates")
    assert "#1 Ana Lima  ~  #2 Ana L.  (same email ana@example.com)" in out
    code, _, err = cli("merge", "#1", "#2")
    assert code == 1 and "--yes" in err  # no question can be asked: nothing merged
    code, out, _ = cli("merge", "#1", "#2", "--take", "hometown=other", "--yes")
    assert code == 0 and "Where they are from: 'Porto' | 'Lisbon' -> other" in out
    assert "Merged Ana L. into Ana Lima (#1): 1 interactions" in out
    code, out, _ = cli("show", "#1", "--json")
    assert json.loads(out)["hometown"] == "Lisbon"
    assert cli("duplicates")[1].strip() == "No likely duplicates."
