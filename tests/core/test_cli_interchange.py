"""rapport-cli import, export, backup and restore, as a user types them."""

from __future__ import annotations

import hashlib
import json
import os
import stat

import pytest

from app.cli import main

PASS = "cli passphrase 123"

PHONE_EXPORT = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lima;Ana;;;\r\nFN:Ana Lima\r\n"
    "TEL;TYPE=CELL:+351 912 345 678\r\nEMAIL;TYPE=INTERNET:ana@example.com\r\n"
    "ORG:Globex\r\nTITLE:CTO\r\nBDAY:--0314\r\nCATEGORIES:Customers\r\n"
    "NOTE:Met at Web Summit, Lisbon; likes jazz\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Ben;;;\r\nFN:Ben Okafor\r\n"
    "EMAIL:ben@example.com\r\nEND:VCARD\r\n"
)


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    path = tmp_path / "cli.rapport"
    monkeypatch.setenv("RAPPORT_PASSPHRASE", PASS)
    monkeypatch.setattr("app.cli._interactive", lambda: False)

    def run(*args, notebook=path):
        code = main(["--notebook", str(notebook), *args])
        out, err = capsys.readouterr()
        return code, out, err

    run.path = path
    assert run("init")[0] == 0
    return run


@pytest.fixture
def vcf(tmp_path):
    path = tmp_path / "phone.vcf"
    path.write_bytes(PHONE_EXPORT.encode())
    return path


def test_import_a_phone_export_then_again_adds_nobody(cli, vcf):
    code, out, _ = cli("import", str(vcf))
    assert code == 0, out
    assert "2 new" in out and "Added 2 people" in out
    code, out, _ = cli("show", "Ana", "--json")
    ana = json.loads(out)
    assert ana["birthday"] == "--03-14" and ana["notes"] == "Met at Web Summit, Lisbon; likes jazz"
    assert ana["employments"][0]["organization"]["name"] == "Globex"
    assert ana["tags"] == ["Customers"]

    code, out, _ = cli("import", str(vcf))
    assert code == 0 and "0 new, 2 already in the notebook" in out and "Added 0 people" in out
    assert "backed up" in out


def test_a_dry_run_writes_nothing_and_says_what_would_happen(cli, vcf):
    before = hashlib.sha256(cli.path.read_bytes()).hexdigest()
    code, out, _ = cli("import", str(vcf), "--dry-run")
    assert code == 0 and "2 new" in out and "Nothing was written" in out
    assert cli("list")[1].strip() == "(0 of 0)"
    assert hashlib.sha256(cli.path.read_bytes()).hexdigest() == before


def test_a_broken_file_names_the_file_and_line_and_changes_nothing(cli, tmp_path):
    broken = tmp_path / "broken.vcf"
    broken.write_bytes(PHONE_EXPORT.encode()[:-30])  # cut inside the second card
    code, _, err = cli("import", str(broken))
    assert code == 1
    assert "broken.vcf" in err and "line" in err and "Traceback" not in err
    assert cli("list")[1].strip() == "(0 of 0)"


def test_a_google_csv_with_a_possible_duplicate(cli, tmp_path):
    cli("add", "John Smith", "--email", "john@a.example")
    csv_path = tmp_path / "google.csv"
    csv_path.write_text(
        "First Name,Last Name,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
        "Jon,Smith,* Work,jon@b.example,Mobile,+1 202 555 0147\n", encoding="utf-8")
    code, out, _ = cli("import", str(csv_path), "--dry-run")
    assert "1 possible duplicates" in out and "similar name" in out and "John Smith" in out
    code, out, _ = cli("import", str(csv_path), "--duplicates", "merge")
    assert code == 0 and "merged into 1" in out
    code, out, _ = cli("show", "John Smith", "--json")
    assert {c["value"] for c in json.loads(out)["contact_points"]} == \
        {"john@a.example", "jon@b.example", "+1 202 555 0147"}


def test_export_everyone_as_vcard_and_csv_into_a_new_notebook(cli, vcf, tmp_path):
    cli("import", str(vcf))
    cli("fact", "Ana", "likes: single malt")
    for fmt, name in (("vcard", "out.vcf"), ("vcard4", "out4.vcf"), ("google-csv", "out.csv")):
        target = tmp_path / name
        code, out, err = cli("export", str(target), "--format", fmt)
        assert code == 0 and "Exported 2 people" in out and "NOT encrypted" in err
        assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
        other = tmp_path / f"other-{fmt}.rapport"
        assert cli("init", notebook=other)[0] == 0
        code, out, _ = cli("import", str(target), notebook=other)
        assert code == 0 and "Added 2 people" in out, out
        ana = json.loads(cli("show", "Ana", "--json", notebook=other)[1])
        assert ana["birthday"] == "--03-14" and ana["tags"] == ["Customers"]
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    ana = json.loads(cli("show", "Ana", "--json", notebook=tmp_path / "other-vcard.rapport")[1])
    assert [f["text"] for f in ana["facts"]] == ["single malt"]  # kept in X-RAPPORT-FACT


def test_complete_export_restores_into_an_empty_notebook_only(cli, vcf, tmp_path):
    cli("import", str(vcf))
    cli("log", "Ana", "--kind", "call", "--subject", "Renewal")
    everything = tmp_path / "all.jsonl"
    assert cli("export", str(everything), "--format", "json")[0] == 0
    code, _, err = cli("import", str(everything))
    assert code == 1 and "empty notebook" in err
    fresh = tmp_path / "fresh.rapport"
    cli("init", notebook=fresh)
    code, out, _ = cli("import", str(everything), notebook=fresh)
    assert code == 0 and "Restored 2 people" in out
    ana = json.loads(cli("show", "Ana", "--json", notebook=fresh)[1])
    assert ana["interactions"][0]["subject"] == "Renewal"


def test_backup_to_a_folder_and_restore_it(cli, tmp_path):
    cli("add", "Ana Lima")
    folder = tmp_path / "usb"
    folder.mkdir()
    code, out, _ = cli("backup", str(folder))
    assert code == 0
    [backup] = folder.iterdir()
    assert str(backup) in out and stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    cli("add", "Ben Okafor")
    with pytest.raises(SystemExit) as refused:  # not without confirmation
        cli("restore", str(backup))
    assert refused.value.code == 2
    code, out, _ = cli("restore", str(backup), "--yes")
    assert code == 0 and "kept at" in out
    listed = cli("list")[1]
    assert "Ana Lima" in listed and "Ben Okafor" not in listed



def test_import_says_a_company_card_became_a_company(cli, tmp_path):
    card = tmp_path / "widgets.vcf"
    card.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nN:;;;;\r\nFN:Example Widgets Ltd\r\n"
                     b"ORG:Example Widgets Ltd;\r\nX-ABShowAs:COMPANY\r\nEND:VCARD\r\n")
    code, out, _ = cli("import", str(card), "--dry-run")
    assert code == 0, out
    assert "0 new" in out and "1 company card → company Example Widgets Ltd" in out
    code, out, _ = cli("import", str(card))
    assert code == 0 and "Added 0 people" in out and "Example Widgets Ltd" in out
    code, out, err = cli("company", "Example Widgets Ltd")
    assert code == 0, err
