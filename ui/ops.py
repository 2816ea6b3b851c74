"""Database work off the GUI thread.

One worker thread runs every operation in order (so writes never race each other); the
result, or the error, comes back to the GUI thread through a signal and is handed to the
callback given. Long operations get a progress dialog after 600 ms, with Cancel.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)


class _Job:
    def __init__(self, fn: Callable[[], Any], on_done, on_error) -> None:
        self.fn, self.on_done, self.on_error = fn, on_done, on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self.details = ""


class _Worker(QObject):
    finished = Signal(object)

    @Slot(object)
    def run(self, job: _Job) -> None:
        try:
            job.result = job.fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            job.error = exc
            job.details = traceback.format_exc()
        self.finished.emit(job)


class Operations(QObject):
    """`ops.run(fn, on_done, on_error)`: fn runs on the worker; callbacks on the GUI thread."""

    _submit = Signal(object)
    busy_changed = Signal(bool)
    status = Signal(str)  # emitted from the worker by report(); delivered on the GUI thread
    failed = Signal(object, str)  # an error nobody handled, with its details

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("rapport-db-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._submit.connect(self._worker.run)
        self._worker.finished.connect(self._finished)
        self._pending = 0
        self._thread.start()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        self._submit.emit(_Job(fn, on_done, on_error))

    def report(self, stage: str) -> None:
        """Callable from the worker: tell the window what a long operation is doing."""
        self.status.emit(stage)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    @Slot(object)
    def _finished(self, job: _Job) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)
        if job.error is None:
            if job.on_done:
                job.on_done(job.result)
        elif job.on_error:
            job.on_error(job.error)
        else:
            log.error("operation failed: %s", job.error)
            self.failed.emit(job.error, job.details)

    def wait_idle(self, timeout_ms: int = 30_000) -> None:
        """For shutdown: let queued work finish (it is all short transactions)."""
        deadline = QTimer()
        deadline.setSingleShot(True)
        deadline.start(timeout_ms)
        from PySide6.QtCore import QCoreApplication

        while self._pending and deadline.isActive():
            QCoreApplication.processEvents()
            QThread.msleep(5)

    def shutdown(self) -> None:
        self.wait_idle()
        self._thread.quit()
        self._thread.wait(5000)
