"""One Rapport per user: a second launch raises the first and exits."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest

from ui import single_instance
from ui.single_instance import Claim, SingleInstance, claim, default_server_name, instance_dir

ROOT = Path(__file__).resolve().parents[2]


def unique_name() -> str:
    return f"rapport-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def short_dir():
    """A Unix socket path must stay under ~100 characters; pytest's tmp_path can be longer."""
    folder = Path(tempfile.mkdtemp(prefix="ri-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_name_is_per_user():
    name = default_server_name()
    assert name.startswith("org.rapportapp.Rapport-") and str(os.getuid()) in name


def test_lock_and_socket_live_together_in_the_runtime_dir(monkeypatch, short_dir):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short_dir))
    instance = SingleInstance()
    assert instance.acquire()
    try:
        assert Path(instance.address).parent == short_dir
        assert Path(instance.address).is_socket()
        assert (short_dir / "org.rapportapp.Rapport.lock").exists()
    finally:
        instance.release()


def test_without_a_runtime_dir_they_live_in_a_private_dir_of_ours(monkeypatch, short_dir):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    folder = instance_dir()
    assert folder.parent == short_dir
    assert folder.stat().st_uid == os.getuid() and folder.stat().st_mode & 0o777 == 0o700


def test_a_temp_dir_someone_opened_to_others_is_not_used(monkeypatch, short_dir):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("RAPPORT_DATA_DIR", str(short_dir / "data"))
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    (short_dir / f"rapport-{os.getuid()}").mkdir(mode=0o777)
    os.chmod(short_dir / f"rapport-{os.getuid()}", 0o777)
    assert instance_dir() == short_dir / "data" / "run"


def test_a_second_instance_asks_the_first_to_raise(qtbot, short_dir):
    name = unique_name()
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    second = SingleInstance(name, short_dir)
    assert not second.acquire()
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert second.ask_running_to_raise()
    first.release()
    third = SingleInstance(name, short_dir)
    assert third.acquire()  # after the first quits, a new launch is the first again
    third.release()


def test_a_second_process_raises_the_first_and_exits_0(qtbot, short_dir):
    name = unique_name()
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    script = ("import sys; from PySide6.QtCore import QCoreApplication; "
              "from ui.single_instance import SingleInstance, Claim, claim; "
              "app = QCoreApplication([]); "
              f"s = SingleInstance({name!r}, __import__('pathlib').Path({str(short_dir)!r})); "
              "sys.exit(0 if claim(s, tell=lambda pid: sys.exit(4)) is Claim.RAISED else 3)")
    with qtbot.waitSignal(first.raise_requested, timeout=15000):
        second = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT)
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=15000)
    assert second.returncode == 0
    first.release()


def test_a_crashed_instance_leaves_nothing_in_the_way(short_dir):
    name = unique_name()
    script = ("import os; from PySide6.QtCore import QCoreApplication; "
              "from ui.single_instance import SingleInstance; app = QCoreApplication([]); "
              f"s = SingleInstance({name!r}, __import__('pathlib').Path({str(short_dir)!r})); "
              "assert s.acquire(); os._exit(9)")  # dies holding the lock and the socket
    assert subprocess.run([sys.executable, "-c", script], cwd=ROOT).returncode == 9
    assert (short_dir / f"{name}.socket").exists()  # the dead one's socket is still there
    again = SingleInstance(name, short_dir)
    assert claim(again, tell=pytest.fail, patience_ms=0) is Claim.FIRST
    again.release()


def test_a_stale_socket_file_without_a_lock_is_replaced(qtbot, short_dir):
    name = unique_name()
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(short_dir / f"{name}.socket"))
    stale.close()  # the file stays, nobody listens
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert SingleInstance(name, short_dir).ask_running_to_raise()
    first.release()


def test_a_live_instance_with_another_runtime_dir_is_not_broken(qtbot, monkeypatch):
    dirs = [Path(tempfile.mkdtemp(prefix="ri-")) for _ in range(2)]
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(dirs[0]))
        first = SingleInstance()
        assert first.acquire()
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(dirs[1]))
        other = SingleInstance()
        assert other.acquire()  # its own lock and socket: nothing of the first's touched
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(dirs[0]))
        later = SingleInstance()
        with qtbot.waitSignal(first.raise_requested, timeout=5000):
            assert claim(later, tell=pytest.fail, patience_ms=0) is Claim.RAISED
        other.release()
        first.release()
    finally:
        for folder in dirs:
            shutil.rmtree(folder, ignore_errors=True)


def test_the_lock_file_deleted_under_a_live_instance_does_not_break_it(qtbot, short_dir):
    name = unique_name()
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    (short_dir / f"{name}.lock").unlink()
    second = SingleInstance(name, short_dir)
    assert not second.acquire()  # the socket still answers: it is not removed
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert second.ask_running_to_raise()
    first.release()


def test_a_deleted_socket_is_made_again_by_the_running_instance(qtbot, short_dir):
    name = unique_name()
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    os.unlink(first.address)  # a temp cleaner, or the walkthrough's mystery
    second = SingleInstance(name, short_dir)
    assert not second.ask_running_to_raise()
    first.keep_listening()  # what its timer does every few seconds
    with qtbot.waitSignal(first.raise_requested, timeout=5000):
        assert claim(second, tell=pytest.fail, patience_ms=0) is Claim.RAISED
    first.release()


def test_a_running_instance_that_does_not_answer_is_reported(short_dir):
    name = unique_name()
    first = SingleInstance(name, short_dir)
    assert first.acquire()
    first._watch.stop()  # as if hung: it will not make its socket again
    os.unlink(first.address)
    told = []
    second = SingleInstance(name, short_dir)
    assert claim(second, tell=told.append, patience_ms=300) is Claim.UNREACHABLE
    assert told == [os.getpid()]  # the user is told, with the process to end
    first.release()


def test_the_message_says_what_is_wrong(qtbot):
    box = single_instance.not_answering_box(4242)
    qtbot.addWidget(box)
    text = box.text()
    assert "running already" in text and "does not answer" in text and "4242" in text
    box.show()
    box.grab().save("/tmp/fixinstance-not-answering.png")
