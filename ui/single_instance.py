"""One Rapport per user: a second launch asks the first to show its window, then exits.

The first instance holds a lock file (a crashed one's stale lock is recovered through its
PID) and listens on a local socket named for the user; a later one finds the lock taken,
connects and sends "raise". Without the lock two launches at the same moment could both
remove and re-create the socket.
"""

from __future__ import annotations

import getpass
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.config import APP_ID

RAISE = b"raise\n"
CONNECT_MS = 2000


def user_tag() -> str:
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        name = "user"
    return f"{name}-{uid}" if uid is not None else name


def default_server_name() -> str:
    return f"{APP_ID}-{user_tag()}"


def runtime_dir() -> Path:
    """Where the lock lives: the user's private runtime directory where there is one."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and Path(runtime).is_dir():
        return Path(runtime)
    return Path(tempfile.gettempdir())


class SingleInstance(QObject):
    raise_requested = Signal()

    def __init__(self, name: str | None = None, lock_dir: Path | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name or default_server_name()
        self._lock = QLockFile(str((lock_dir or runtime_dir()) / f"{self.name}.lock"))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None

    def acquire(self) -> bool:
        """True when this is the first instance (it now listens); False when another runs."""
        if not self._lock.tryLock(0):
            return False
        QLocalServer.removeServer(self.name)  # a socket left by a crashed instance
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            self._lock.unlock()
            return False
        server.newConnection.connect(self._connection)
        self._server = server
        return True

    def ask_running_to_raise(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(RAISE)
        sent = socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        return sent

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

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._lock.unlock()
