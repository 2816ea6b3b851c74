"""Help > About Rapport: the version and the bundled libraries' licences."""

from __future__ import annotations

import tomllib
from pathlib import Path

from ui.about import AboutDialog

ROOT = Path(__file__).resolve().parents[2]


def rows(dialog: AboutDialog) -> dict[str, tuple[str, str]]:
    table = dialog.table
    return {table.topLevelItem(i).text(0).lower(): (table.topLevelItem(i).text(1),
                                                    table.topLevelItem(i).text(2))
            for i in range(table.topLevelItemCount())}


def test_help_about_shows_the_version_and_each_librarys_licence(make_app, qtbot, tmp_path):
    rapport = make_app(tmp_path / "new.rapport")
    rapport.window.actions["about"].trigger()
    dialog = rapport.window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert f"Version {version}" in dialog.heading.text()

    libraries = rows(dialog)
    assert libraries["sqlalchemy"][1] == "MIT"
    assert libraries["phonenumbers"][1] == "Apache-2.0"
    assert libraries["pyside6"][1].startswith("LGPL-3.0")

    keyring_row = next(i for i in range(dialog.table.topLevelItemCount())
                       if dialog.table.topLevelItem(i).text(0).lower() == "keyring")
    dialog.table.setCurrentItem(dialog.table.topLevelItem(keyring_row))
    assert "Permission is hereby granted" in dialog.text.toPlainText()
    sqlcipher_row = next(i for i in range(dialog.table.topLevelItemCount())
                         if dialog.table.topLevelItem(i).text(0).lower() == "sqlcipher3")
    dialog.table.setCurrentItem(dialog.table.topLevelItem(sqlcipher_row))
    assert "SQLCipher" in dialog.text.toPlainText()
    dialog.grab().save("/tmp/rapport-about.png")
    dialog.close()


def test_about_is_reachable_before_any_notebook_is_open(make_app, tmp_path):
    rapport = make_app(tmp_path / "missing.rapport")
    assert rapport.window.actions["about"].isEnabled()
