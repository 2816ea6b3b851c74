"""The real thing: Rapport started as a user starts it, on an X server (Xvfb) with a tray
host (trayer) and a notification daemon (dunst) on a private D-Bus session bus. A reminder
falls due and the daemon receives the notification; the tray icon is embedded in the tray.

`make system-deps` (run by `.ci/run`) installs the Debian packages these need.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.domain import PartialDate, PersonDraft
from app.notebook import Notebook

pytestmark = [pytest.mark.integration, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
NEEDED = ("Xvfb", "trayer", "dunst", "dunstctl", "dbus-daemon", "dbus-send", "dbus-monitor",
          "xwininfo")
PASSPHRASE = "integration passphrase"
DUE_IN_SECONDS = 12


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


def run(args, env, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=30, **kwargs)


@pytest.fixture
def desktop(tmp_path):
    """A private desktop: its own D-Bus session, X display, tray host and notification
    daemon, and a home directory of its own."""
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)}: run 'make system-deps' (Debian: apt-get "
                    "install xvfb trayer dunst dbus x11-utils)")
    home = tmp_path / "home"
    runtime = tmp_path / "runtime"
    for folder in (home, runtime):
        folder.mkdir(mode=0o700)
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8",
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_RUNTIME_DIR": str(runtime), "RAPPORT_DATA_DIR": str(tmp_path / "data"),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    started: list[subprocess.Popen] = []

    def start(args, **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(args, env=env, **kwargs)
        started.append(process)
        return process

    try:
        x = start(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        env["DISPLAY"] = ":" + x.stdout.readline().strip()
        bus = start(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                    stdout=subprocess.PIPE, text=True)
        env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        start(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
               "--height", "32", "--transparent", "false"],
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        start(["dunst", "-conf", "/dev/null"], stdout=subprocess.DEVNULL,
              stderr=subprocess.DEVNULL)
        wait_for(lambda: "true" in run(
            ["dbus-send", "--session", "--print-reply=literal", "--dest=org.freedesktop.DBus",
             "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
             "string:org.freedesktop.Notifications"], env).stdout, 20, "dunst on the bus")
        yield env
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def tray_available(env) -> bool:
    probe = ("from PySide6.QtWidgets import QApplication, QSystemTrayIcon; "
             "app = QApplication([]); print(QSystemTrayIcon.isSystemTrayAvailable())")
    result = run([sys.executable, "-c", probe], {**env, "QT_QPA_PLATFORM": "xcb"}, cwd=ROOT)
    return result.stdout.strip() == "True"


def embedded_in_tray(env) -> bool:
    """Is a Rapport window inside trayer's panel window?"""
    tree = run(["xwininfo", "-root", "-tree"], env).stdout
    panel = next((line.split()[0] for line in tree.splitlines()
                  if '("panel" "trayer")' in line), None)
    if panel is None:
        return False
    return '"Rapport")' in run(["xwininfo", "-tree", "-id", panel], env).stdout  # its class


def launcher() -> list[str]:
    """`rapport` as installed (make setup), else the same entry point through Python."""
    script = Path(sys.executable).with_name("rapport")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from ui.application import main; sys.exit(main())"]


def make_notebook(path: Path) -> dt.datetime:
    now = dt.datetime.now().astimezone()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with Notebook.create(path, PASSPHRASE) as nb:
        ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
        cy = nb.people.create(PersonDraft(given_name="Cy", family_name="Okafor",
                                          birthday=PartialDate(now.month, now.day)))
        nb.reminders.add("Send the proposal", now + dt.timedelta(seconds=DUE_IN_SECONDS),
                         person_id=ana.id)
        assert cy.id
    return now


def test_a_reminder_falling_due_reaches_the_notification_daemon(desktop, tmp_path):
    env = desktop
    assert wait_for(lambda: tray_available(env), 20, "trayer to offer a tray")
    make_notebook(Path(env["RAPPORT_DATA_DIR"]) / "notebook.rapport")
    monitor_log = (tmp_path / "notify.log").open("w")
    monitor = subprocess.Popen(
        ["dbus-monitor", "--session", "interface='org.freedesktop.Notifications',member='Notify'"],
        env=env, stdout=monitor_log, stderr=subprocess.STDOUT)
    app_env = {**env, "RAPPORT_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "xcb"}
    app = subprocess.Popen(launcher(), env=app_env, cwd=ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: app.poll() is not None or embedded_in_tray(env), 30,
                 "the tray icon in trayer")
        assert app.poll() is None, app.communicate()[0]
        notified = (tmp_path / "notify.log")
        wait_for(lambda: 'string "Send the proposal"' in notified.read_text(),
                 DUE_IN_SECONDS + 30, "the reminder's notification on the bus")
        calls = notified.read_text()
        assert 'string "Ana Lima — Reminder"' in calls
        assert 'string "done"' in calls and 'string "snooze"' in calls  # dunst has actions
        counts = run(["dunstctl", "count"], env).stdout
        shown = sum(int(line.split(":")[1]) for line in counts.splitlines()
                    if "displayed" in line or "History" in line)
        assert shown >= 1, counts  # the daemon accepted it (the signature is right)
        second = run(launcher(), app_env, cwd=ROOT)
        assert second.returncode == 0  # it raised the running window instead
        assert app.poll() is None
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            output = app.communicate(timeout=15)[0]
        except subprocess.TimeoutExpired:
            app.kill()
            output = app.communicate()[0]
        monitor.terminate()
        monitor.wait(timeout=10)
        monitor_log.close()
    assert "Traceback" not in (output or "")
