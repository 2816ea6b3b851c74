"""One Rapport per user: a second launch raises the first and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from ui.single_instance import SingleInstance, default_server_name

ROOT = Path(__file__).resolve().parents[2]


def unique_name() -> str:
    return f"rapport-test-{uuid.uuid4().hex[:12]}"


def test_the_name_is_per_user():
    name = default_server_name()
    assert name.startswith("org.rapportapp.Rapport-") and str(os.getuid()) in name


def test_a_second_instance_asks_the_first_to_raise(qtbot, tmp_path):
    name = unique_name()
    first = SingleInstance(name, tmp_path)
    assert first.acquire()
    second = SingleInstance(name, tmp_path)
    assert not second.acquire()
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert second.ask_running_to_raise()
    first.release()
    third = SingleInstance(name, tmp_path)
    assert third.acquire()  # after the first quits, a new launch is the first again
    third.release()


def test_a_second_process_raises_the_first_and_exits_0(qtbot, tmp_path):
    name = unique_name()
    first = SingleInstance(name, tmp_path)
    assert first.acquire()
    script = ("import sys; from PySide6.QtCore import QCoreApplication; "
              "from ui.single_instance import SingleInstance; app = QCoreApplication([]); "
              f"s = SingleInstance({name!r}, __import__('pathlib').Path({str(tmp_path)!r})); "
              "sys.exit(0 if not s.acquire() and s.ask_running_to_raise() else 3)")
    with qtbot.waitSignal(first.raise_requested, timeout=15000):
        second = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=15000)
    assert second.returncode == 0
    first.release()


def test_a_crashed_instance_leaves_nothing_in_the_way(tmp_path):
    name = unique_name()
    script = ("import os; from PySide6.QtCore import QCoreApplication; "
              "from ui.single_instance import SingleInstance; app = QCoreApplication([]); "
              f"s = SingleInstance({name!r}, __import__('pathlib').Path({str(tmp_path)!r})); "
              "assert s.acquire(); os._exit(9)")  # dies holding the lock and the socket
    assert subprocess.run([sys.executable, "-c", script], cwd=ROOT).returncode == 9
    again = SingleInstance(name, tmp_path)
    assert again.acquire()
    again.release()
