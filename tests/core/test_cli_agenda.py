"""rapport-cli agenda, remind, done, snooze, dismiss and undo (in-process, real notebook)."""

import datetime as dt
import json

from tests.core.test_cli import cli  # noqa: F401 (the fixture)


def day(offset: int) -> dt.date:
    return dt.date.today() + dt.timedelta(days=offset)


def agenda_json(cli, *extra) -> dict:  # noqa: F811
    code, out, err = cli("agenda", "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_remind_then_agenda_lists_it_grouped_with_its_id(cli):  # noqa: F811
    assert cli("add", "Ana Lima", "--birthday", f"{day(0):%m-%d}")[0] == 0
    code, out, _ = cli("remind", "Ana", "--on", day(-2).isoformat(), "--kind", "promise",
                       "send", "the", "deck")
    assert code == 0 and "Reminder #1 for Ana Lima" in out and "09:00" in out
    code, out, _ = cli("remind", "Ana", "--on", f"{day(3)}T14:30", "call about renewal")
    assert code == 0
    code, out, _ = cli("agenda")
    assert code == 0
    lines = out.splitlines()
    assert lines.index("Overdue") < lines.index("Today") < lines.index("Next 7 days")
    assert "send the deck (Ana Lima)" in out and "Ana Lima's birthday" in out
    assert f"[birthday:1@{day(0)}]" in out and "14:30" in out

    data = agenda_json(cli)
    assert [(i["bucket"], i["kind"]) for i in data["items"]] == [
        ("overdue", "promise"), ("today", "birthday"), ("next_7_days", "custom")]
    assert data["items"][0]["person_name"] == "Ana Lima"


def test_done_snooze_dismiss_and_undo_by_item_id(cli):  # noqa: F811
    cli("add", "Ana Lima", "--birthday", f"{day(0):%m-%d}")
    cli("remind", "Ana", "--on", day(-1).isoformat(), "follow up")
    promise, birthday = (i["item_id"] for i in agenda_json(cli)["items"])

    code, out, _ = cli("done", promise)
    assert (code, out.strip()) == (0, f"Marked {promise} done.")
    code, out, _ = cli("snooze", birthday, "--until", day(2).isoformat())
    assert code == 0 and f"until {day(2)} 09:00" in out
    assert [(i["item_id"], i["bucket"]) for i in agenda_json(cli)["items"]] == [
        (birthday, "next_7_days")]
    assert cli("dismiss", birthday)[0] == 0
    assert agenda_json(cli)["items"] == []
    assert cli("agenda")[1].strip() == "Nothing on the agenda."
    assert cli("undo", promise)[0] == 0
    assert [i["item_id"] for i in agenda_json(cli)["items"]] == [promise]


def test_repeating_reminder_and_days(cli):  # noqa: F811
    cli("add", "Ben Okafor")
    code, out, _ = cli("remind", "Ben", "--on", day(1).isoformat(), "--every", "FREQ=WEEKLY",
                       "pipeline review")
    assert code == 0 and "repeating FREQ=WEEKLY" in out
    assert len(agenda_json(cli)["items"]) == 1
    assert agenda_json(cli, "--days", "0")["items"] == []


def test_losing_touch_shows_and_a_logged_call_clears_it(cli):  # noqa: F811
    cli("add", "Ana Lima", "--cadence", "7")
    cli("log", "Ana", "--kind", "call", "--when", day(-20).isoformat())
    data = agenda_json(cli)
    assert [(t["person_name"], t["days_overdue"]) for t in data["losing_touch"]] == [
        ("Ana Lima", 13)]
    assert "Losing touch" in cli("agenda")[1]
    cli("log", "Ana", "--kind", "call")
    assert agenda_json(cli)["losing_touch"] == []


def test_mistakes_get_one_line_errors(cli):  # noqa: F811
    cli("add", "Ana Lima")
    code, _, err = cli("done", "nonsense")
    assert code == 1 and err.startswith("rapport-cli: ") and "agenda item id" in err
    code, _, err = cli("done", "reminder:42@2026-01-01")
    assert code == 1 and "no reminder #42" in err
    code, _, err = cli("remind", "Nobody Here", "--on", day(1).isoformat(), "x")
    assert code == 1 and "Nobody called" in err
    code, _, err = cli("remind", "Ana", "--on", "someday", "x")
    assert code == 1 and "not a date" in err
    code, _, err = cli("remind", "Ana", "--on", day(1).isoformat(), "--every", "FREQ=SOON", "x")
    assert code == 1 and "repeat rule" in err
    code, _, err = cli("agenda", "--days", "999")
    assert code == 1 and "between 0 and 366" in err
