"""Start at login: an XDG autostart entry on Linux (packaging/autostart.md has the Windows
and macOS equivalents, which the installers create)."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from app.config import APP_ID, ensure_private_dir
from app.files import write_text_atomically

HIDDEN_FLAG = "--hidden"


def config_home() -> Path:
    configured = os.environ.get("XDG_CONFIG_HOME")
    return Path(configured) if configured and os.path.isabs(configured) \
        else Path.home() / ".config"


def entry_path() -> Path:
    return config_home() / "autostart" / f"{APP_ID}.desktop"


def launcher() -> list[str]:
    """The command that starts this Rapport: the frozen executable, or the `rapport` script
    installed beside this Python (a venv or a system install)."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    script = Path(sys.executable).with_name("rapport.exe" if os.name == "nt" else "rapport")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "ui.application"]


def desktop_entry(command: list[str]) -> str:
    exec_line = " ".join(shlex.quote(part) for part in [*command, HIDDEN_FLAG])
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Rapport",
        "Comment=Reminders from your notebook of people, in the system tray",
        f"Exec={exec_line}",
        "Icon=rapport",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def is_enabled() -> bool:
    return entry_path().is_file()


def enable() -> Path:
    path = entry_path()
    ensure_private_dir(path.parent)
    write_text_atomically(path, [desktop_entry(launcher())])
    return path


def disable() -> None:
    entry_path().unlink(missing_ok=True)
