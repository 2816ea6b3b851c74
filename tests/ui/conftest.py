"""Desktop tests: offscreen, an isolated QSettings, a fresh notebook per test."""

from __future__ import annotations

import os
import shutil

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402

from tests.conftest import PASSPHRASE  # noqa: E402


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    QCoreApplication.setOrganizationName("RapportTests")
    QCoreApplication.setApplicationName("RapportTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(tmp_path / "settings"))
    QSettings().clear()
    yield


@pytest.fixture
def make_app(qtbot, tmp_path):
    """A RapportApp on a notebook path (existing or not), shut down after the test."""
    from ui.application import RapportApp

    apps = []

    def make(path):
        rapport = RapportApp(path)
        qtbot.addWidget(rapport.window)
        rapport.start()
        apps.append(rapport)
        return rapport

    yield make
    for rapport in apps:
        rapport.shutdown()


@pytest.fixture
def unlocked(make_app, qtbot, notebook_path):
    """The app, unlocked on a fresh copy of the test notebook."""
    rapport = make_app(notebook_path)
    qtbot.waitUntil(lambda: rapport.window.unlock.unlock_button.isEnabled(), timeout=5000)
    rapport.window.unlock.passphrase.setText(PASSPHRASE)
    rapport.window.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=10000)
    return rapport


@pytest.fixture
def copy_notebook(tmp_path, template_notebook):
    def copy(name="other.rapport"):
        target = tmp_path / name
        shutil.copy2(template_notebook, target)
        return target
    return copy
