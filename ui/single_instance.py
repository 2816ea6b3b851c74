"""One Rapport per user: a second launch asks the first to show its window, then exits.

The first instance holds a lock file (a crashed one's stale lock is recovered through its
PID) and listens on a local socket; a later one finds the lock taken, connects and sends
"raise". Lock and socket live side by side in one private per-user directory, so whoever
holds the lock owns the socket next to it: an instance started with another runtime
directory has its own pair and cannot remove a socket another instance listens on. A socket
file is only ever removed when nothing answers on it.
"""

from __future__ import annotations

import contextlib
import enum
import getpass
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QLockFile, QObject, QThread, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.config import APP_ID, data_dir, ensure_private_dir

RAISE = b"raise\n"
PROBE = b"ping\n"
CONNECT_MS = 2000
WATCH_MS = 3000  # how often the first instance checks that its socket file is still there
PATIENCE_MS = WATCH_MS + 2000  # a second launch retries this long before telling the user
RETRY_MS = 250
WINDOWS = sys.platform == "win32"


def user_tag() -> str:
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        name = "user"
    return f"{name}-{uid}" if uid is not None else name


def default_server_name() -> str:
    return f"{APP_ID}-{user_tag()}"


def _is_private_dir(path: Path) -> bool:
    """Ours alone: a real directory (no symlink), owned by us, closed to others."""
    try:
        info = path.lstat()
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and info.st_mode & 0o077 == 0)


def instance_dir() -> Path:
    """Where the lock and the socket live: the user's runtime directory when there is one,
    else a 0700 directory of ours in the temp folder (in the data folder if someone else
    took that name first)."""
    if WINDOWS:
        return Path(tempfile.gettempdir())  # per user on Windows
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime)
    private = Path(tempfile.gettempdir()) / f"rapport-{os.getuid()}"
    with contextlib.suppress(OSError):  # checked just below either way
        private.mkdir(mode=0o700, exist_ok=True)
    if _is_private_dir(private):
        return private
    return ensure_private_dir(data_dir() / "run")


def answers(address: str) -> bool:
    """A live server accepts connections at `address` (a stale socket file refuses them)."""
    socket = QLocalSocket()
    socket.connectToServer(address)
    if not socket.waitForConnected(CONNECT_MS):
        return False
    socket.write(PROBE)  # so the server reads a line at once instead of waiting for one
    socket.waitForBytesWritten(CONNECT_MS)
    socket.disconnectFromServer()
    return True


def _file_id(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, name: str | None = None, directory: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Windows pipes share one namespace, so the name carries the user; on Unix the
        # directory is the user's already, and a short name keeps the socket path under
        # the ~104 characters a socket address allows (macOS's temp folder is long).
        self.name = name or (default_server_name() if WINDOWS else APP_ID)
        folder = directory or instance_dir()
        # On Unix a full path: listen() then makes the socket there, not in /tmp.
        self.address = self.name if WINDOWS else str(folder / f"{self.name}.socket")
        self._lock = QLockFile(str(folder / f"{self.name}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None
        self._socket_id: tuple[int, int] | None = None
        self._watch = QTimer(self, interval=WATCH_MS)
        self._watch.timeout.connect(self.keep_listening)

    def acquire(self) -> bool:
        """True when this is the first instance (it now listens); False when another runs."""
        if not self._lock.tryLock(0):
            return False
        if answers(self.address):  # a live Rapport whose lock file someone deleted
            self._lock.unlock()
            return False
        self._listen()
        if not WINDOWS:
            self._watch.start()
        return True

    def running_pid(self) -> int | None:
        """The process holding the lock, if it says."""
        info = self._lock.getLockInfo()  # PySide6: (pid, host, app), pid 0 when unknown
        pid = info[0] if isinstance(info, tuple) and len(info) == 3 else 0
        return pid if isinstance(pid, int) and pid > 0 else None

    def ask_running_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.address)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(RAISE)
        sent = socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return sent

    def keep_listening(self) -> None:
        """If our socket file was deleted or replaced (a temp cleaner, another program),
        listen again so that later launches still reach this instance."""
        if self._server is not None and _file_id(self.address) == self._socket_id:
            return
        if answers(self.address):
            return  # a live server of someone else's: never take its place
        self._close_server()
        self._listen()

    def _listen(self) -> bool:
        QLocalServer.removeServer(self.address)  # only reached when nothing answers there
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.address):
            server.deleteLater()  # we still hold the lock; keep_listening tries again
            return False
        server.newConnection.connect(self._connection)
        self._server = server
        self._socket_id = None if WINDOWS else _file_id(self.address)
        return True

    def _connection(self) -> None:
        # Read at once rather than on readyRead: the sender writes right after connecting,
        # and a socket kept alive by a Python closure outlived its server (a crash).
        while self._server is not None and self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            arrived = socket.bytesAvailable() > 0 or socket.waitForReadyRead(CONNECT_MS)
            if arrived and bytes(socket.readAll().data()).strip() == RAISE.strip():
                self.raise_requested.emit()
            socket.abort()
            socket.deleteLater()

    def _close_server(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def release(self) -> None:
        self._watch.stop()
        self._close_server()
        self._lock.unlock()


class Claim(enum.Enum):
    FIRST = "first"  # this launch runs Rapport
    RAISED = "raised"  # the running Rapport was asked to show its window
    UNREACHABLE = "unreachable"  # one runs but does not answer; the user was told


def not_answering_box(pid: int | None):
    from PySide6.QtWidgets import QMessageBox

    process = QObject.tr(" (process %1)").replace("%1", str(pid)) if pid else ""
    return QMessageBox(
        QMessageBox.Icon.Warning, QObject.tr("Rapport is running already"),
        QObject.tr("Rapport seems to be running already%1 but does not answer, so its window "
                   "cannot be shown from here.\n\nLook for its icon in the system tray. If it "
                   "is stuck, end that process and start Rapport again.").replace("%1", process))


def show_not_answering(pid: int | None) -> None:
    not_answering_box(pid).exec()


def claim(instance: SingleInstance, tell: Callable[[int | None], None] = show_not_answering,
          patience_ms: int = PATIENCE_MS) -> Claim:
    """Become the first instance, or hand over to the running one. A running one that does
    not answer gets a few seconds (it re-creates a deleted socket) before the user is told:
    never an exit with nothing shown."""
    deadline = QDeadlineTimer(patience_ms)
    while True:
        if instance.acquire():  # first, or the running one has just gone
            return Claim.FIRST
        if instance.ask_running_to_raise():
            return Claim.RAISED
        if deadline.hasExpired():
            break
        QThread.msleep(RETRY_MS)
    tell(instance.running_pid())
    return Claim.UNREACHABLE
