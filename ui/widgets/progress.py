"""Progress and Cancel for long work on the worker: the core takes plain callables
(`progress(done, total)`, `should_cancel()`); these turn them into Qt signals and widgets.

Like Anki, nothing appears for the first SHOW_AFTER_MS: quick work never flashes a bar.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SHOW_AFTER_MS = 600
REPORT_EVERY_S = 0.05  # a core reporting every row must not flood the GUI thread
T = TypeVar("T")


class WorkProgress(QObject):
    """One long operation's progress and cancel flag. `report` and `should_cancel` are called
    on the worker; `advanced` is delivered on the GUI thread; `cancel` is called on the GUI
    thread (a button, closing a dialog, locking the notebook)."""

    advanced = Signal(int, int)  # done, total

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._reported_at = 0.0

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self._cancel.is_set():
            return  # whoever showed it has moved on
        if done >= total or now - self._reported_at >= REPORT_EVERY_S:
            self._reported_at = now
            self.advanced.emit(done, total)

    def should_cancel(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


class ProgressRow(QWidget):
    """What is being done and how far along, shown only once the work has run SHOW_AFTER_MS.
    A total of 0 means "unknown": the bar then just shows that something is happening."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName(self.tr("Progress"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self._delay = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._delay.timeout.connect(self.show)
        self.hide()

    def start(self, text: str, progress: WorkProgress | None = None, *,
              at_once: bool = False) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        if progress is not None:
            progress.advanced.connect(self.advance)
        if at_once:
            self.show()
        else:
            self._delay.start()

    def advance(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    def stop(self) -> None:
        self._delay.stop()
        self.hide()


class BusyDialog(QDialog):
    """A window-modal "Working…" box for work that has no dialog of its own (a backup, a
    restore); it opens only if the work lasts SHOW_AFTER_MS. Cancellable work gets a
    WorkProgress (`self.progress`) and a Cancel button."""

    def __init__(self, text: str, parent: QWidget | None = None, *,
                 cancellable: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Working"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress = WorkProgress(self) if cancellable else None
        self.row = ProgressRow()
        self.row.start(text, self.progress, at_once=True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setVisible(cancellable)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.row)
        layout.addLayout(buttons)
        self.setMinimumWidth(420)
        self._delay = QTimer(self, singleShot=True, interval=SHOW_AFTER_MS)
        self._delay.timeout.connect(self.open)
        self._delay.start()

    def reject(self) -> None:
        """Cancel (or Esc) asks the work to stop; the box closes when the work has."""
        if self.progress is None:
            return  # the work cannot be stopped halfway: wait for it
        self.progress.cancel()
        self.cancel_button.setEnabled(False)
        self.row.set_text(self.tr("Cancelling…"))

    def done(self, result: int) -> None:
        if result == QDialog.DialogCode.Rejected and self.progress is not None:
            self.progress.cancel()  # closed from outside: the notebook is being locked
        super().done(result)

    def finish(self) -> None:
        """The work is over: close (or never open)."""
        self._delay.stop()
        super().done(QDialog.DialogCode.Accepted)
        self.deleteLater()


def run_with_progress(ops, parent: QWidget, text: str, work: Callable[[WorkProgress | None], T],
                      on_done: Callable[[T], None], on_error: Callable[[BaseException], None], *,
                      cancellable: bool = True) -> BusyDialog:
    """Run `work(progress)` on the worker behind a BusyDialog (shown after SHOW_AFTER_MS);
    then `on_done(result)` or `on_error(error)` on the GUI thread, with the box closed."""
    box = BusyDialog(text, parent, cancellable=cancellable)
    progress = box.progress

    def finished(result: T) -> None:
        box.finish()
        on_done(result)

    def failed(error: BaseException) -> None:
        box.finish()
        on_error(error)

    ops.run(lambda: work(progress), finished, failed)
    return box
