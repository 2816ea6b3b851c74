"""rapport-cli, in-process for speed, plus the installed entry point in a subprocess."""

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys

import pytest

from app.cli import main

PASS = "cli passphrase 123"


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cli.rapport"
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASS)
    monkeypatch.setattr("app.cli._interactive", lambda: False)

    def run(*args):
        code = main(["--notebook", str(path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    run.path = path
    assert run("init")[0] == 0
    return run


def test_the_done_means_walkthrough(cli):
    assert cli("add", "Ana Lima", "--hometown", "Porto", "--phone", "+44 20 7946 0123",
               "--email", "ana@example.com", "--birthday", "03-14")[0] == 0
    assert cli("add", "Ben Okafor")[0] == 0
    assert cli("fact", "Ana", "likes: single malt")[0] == 0
    assert cli("job", "Ana", "Acme", "--title", "CTO", "--start", "2020-01-01")[0] == 0
    assert cli("job", "Ana", "Globex", "--title", "VP", "--start", "2024-05-01", "--change")[0] == 0
    assert cli("log", "Ana", "Ben", "--kind", "call", "--subject", "Renewal",
               "--follow-up", (dt.date.today() + dt.timedelta(days=7)).isoformat())[0] == 0
    assert cli("relate", "Ana", "spouse", "Ben")[0] == 0
    assert cli("relate", "Ana", "child", "Kim Lima", "--light", "--birthday", "2015-06-01")[0] == 0
    assert cli("tag", "Ana", "vip")[0] == 0
    for query in ("malt", "7946", "ana@example.com", "globex", "acme", "porto", "renewal"):
        code, out, _ = cli("search", query)
        assert code == 0 and "Ana Lima" in out, query

    code, out, _ = cli("show", "Ana", "--json")
    person = json.loads(out)
    assert person["name"] == "Ana Lima" and person["birthday"] == "--03-14"
    assert person["contact_points"][0]["normalized"] == "+442079460123"
    assert person["facts"][0]["text"] == "single malt"
    assert [(e["organization"]["name"], e["end"]) for e in person["employments"]] == [
        ("Globex", None), ("Acme", "2024-04-30")]  # the old job ends the day before
    assert {(r["type"], r["other"]["name"]) for r in person["relationships"]} == {
        ("spouse", "Ben Okafor"), ("child", "Kim Lima")}
    assert person["interactions"][0]["subject"] == "Renewal"
    assert person["reminders"][0]["title"] == "Follow up: Renewal"
    assert person["tags"] == ["vip"] and person["last_contacted"]

    code, out, _ = cli("list", "--json")
    listed = json.loads(out)
    assert listed["total"] == 2 and listed["people"][0]["company"] == "Globex"


def test_edit_trash_restore(cli):
    cli("add", "Ana Lima")
    code, out, _ = cli("edit", "Ana", "--stage", "customer", "--nickname", "Aninha", "--json")
    assert code == 0 and json.loads(out)["stage"] == "customer"
    assert cli("trash", "Ana")[0] == 0
    code, out, err = cli("show", "Ana")
    assert code == 1 and "Nobody called 'Ana'" in err
    assert cli("restore", "Ana")[0] == 0
    assert "Ana Lima" in cli("list")[1]
    cli("trash", "Ana")
    assert cli("trash", "Ana", "--purge")[0] == 0
    assert cli("list", "--trashed", "--json")[1].count("Ana") == 0


def test_user_errors_are_one_line_with_exit_1(cli):
    before = hashlib.sha256(cli.path.read_bytes()).hexdigest()
    for args, message in [
        (("add", "Ana", "--phone", "12"), "phone number"),
        (("add", "Ana", "--birthday", "1981-02-29"), "not a date"),
        (("show", "Nobody"), "Nobody called"),
        (("init",), "already exists"),
    ]:
        code, out, err = cli(*args)
        assert code == 1 and message in err and err.count("\n") == 1, (args, err)
    assert hashlib.sha256(cli.path.read_bytes()).hexdigest() == before
    cli("add", "Ana Lima")
    cli("add", "Ana Souza")
    code, _, err = cli("show", "Ana")
    assert code == 1 and "could be 2 people" in err


def test_passwd(cli, monkeypatch):
    cli("add", "Ana")
    monkeypatch.setenv("RAPPORT_NEW_PASSPHRASE", "the next one 456")
    code, out, _ = cli("passwd")
    assert code == 0 and "Passphrase changed" in out
    code, _, err = cli("list")
    assert code == 1 and "does not open" in err
    monkeypatch.setenv("RAPPORT_PASSPHRASE", "the next one 456")
    assert "Ana" in cli("list")[1]


def test_remember_then_open_without_a_passphrase(cli, monkeypatch):
    cli("add", "Ana")
    assert cli("remember")[0] == 0
    monkeypatch.delenv("RAPPORT_PASSPHRASE")
    assert "Ana" in cli("list")[1]
    assert cli("forget")[0] == 0
    code, _, err = cli("list")
    assert code == 1 and "RAPPORT_PASSPHRASE" in err


def test_usage_errors_exit_2(cli):
    with pytest.raises(SystemExit) as exit_:
        main(["frobnicate"])
    assert exit_.value.code == 2


def test_the_installed_command(tmp_path):
    env = {**os.environ, "RAPPORT_PASSPHRASE": PASS, "RAPPORT_DATA_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "app.cli"]
    init = subprocess.run([*cmd, "init"], env=env, capture_output=True, text=True)
    assert init.returncode == 0, init.stderr
    assert (tmp_path / "notebook.rapport").exists()
    wrong = subprocess.run([*cmd, "list"], env={**env, "RAPPORT_PASSPHRASE": "nope nope"},
                           capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert wrong.returncode == 1
    assert wrong.stderr.count("\n") == 1 and "Traceback" not in wrong.stderr
    usage = subprocess.run([*cmd, "list", "--bogus"], env=env, capture_output=True, text=True)
    assert usage.returncode == 2


def test_edit_is_all_or_nothing(cli):
    cli("add", "Ana Lima", "--hometown", "Porto")
    code, _, err = cli("edit", "Ana", "--hometown", "Bilbao", "--email", "x@y.example",
                       "--tag", "   ")
    assert code == 1 and "tag needs a name" in err
    person = json.loads(cli("show", "Ana", "--json")[1])
    assert person["hometown"] == "Porto" and person["contact_points"] == []


def test_init_remember_without_a_keyring_creates_nothing(tmp_path, monkeypatch, capsys):
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    keyring.set_keyring(NoKeyring())
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASS)
    path = tmp_path / "k.rapport"
    assert main(["--notebook", str(path), "init", "--remember"]) == 1
    assert "without --remember" in capsys.readouterr().err and not path.exists()


def test_job_change_with_an_end_is_a_usage_error(cli):
    cli("add", "Ana")
    with pytest.raises(SystemExit) as exit_:
        cli("job", "Ana", "Acme", "--change", "--end", "2025-01-01")
    assert exit_.value.code == 2


def test_region_sets_how_phones_are_read(cli):
    cli("add", "Ana")
    assert "US" in cli("region", "US")[1]
    code, _, err = cli("edit", "Ana", "--phone", "912 345 999")
    assert code == 1 and "country code" in err and "in US" in err
    assert "PT" in cli("region", "pt")[1]
    assert cli("edit", "Ana", "--phone", "912 345 999")[0] == 0
    person = json.loads(cli("show", "Ana", "--json")[1])
    assert person["contact_points"][0]["normalized"] == "+351912345999"


def test_a_closed_pipe_is_not_an_error(tmp_path):
    env = {**os.environ, "RAPPORT_PASSPHRASE": PASS, "RAPPORT_DATA_DIR": str(tmp_path)}
    cmd = [sys.executable, "-m", "app.cli"]
    subprocess.run([*cmd, "init"], env=env, check=True, capture_output=True)
    subprocess.run([*cmd, "add", "Ana", "--notes", "x" * 100_000], env=env, check=True,
                   capture_output=True)
    shown = subprocess.run(f"{sys.executable} -m app.cli show Ana --json | head -c 10",
                           shell=True, env=env, capture_output=True, text=True)
    assert shown.stdout == '{\n  "id": ' and "Broken pipe" not in shown.stderr
