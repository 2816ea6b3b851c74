"""Start at login: the XDG autostart entry."""

from __future__ import annotations

import os
import stat
import sys

from ui import autostart


def test_entry_written_and_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert not autostart.is_enabled()
    path = autostart.enable()
    assert path == tmp_path / "config" / "autostart" / "org.rapportapp.Rapport.desktop"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert text.startswith("[Desktop Entry]\n") and "Type=Application" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --hidden")
    launcher = exec_line.removeprefix("Exec=").removesuffix(" --hidden")
    assert launcher in (os.path.join(os.path.dirname(sys.executable), "rapport"),
                        f"{sys.executable} -m ui.application")
    assert autostart.is_enabled()
    autostart.disable()
    assert not path.exists() and not autostart.is_enabled()
    autostart.disable()  # twice: no error


def test_frozen_app_starts_itself(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/opt/Rapport/rapport")
    assert autostart.launcher() == ["/opt/Rapport/rapport"]
    assert "Exec=/opt/Rapport/rapport --hidden" in autostart.desktop_entry(autostart.launcher())


def test_the_menu_item_follows_the_entry(unlocked, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    action = unlocked.window.actions["autostart"]
    action.setChecked(True)
    assert autostart.is_enabled()
    action.setChecked(False)
    assert not autostart.is_enabled()
