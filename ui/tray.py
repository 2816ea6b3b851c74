"""The tray icon: how many items are due, on the icon and in the tooltip, and a menu of
today's items rebuilt each time it opens. While the notebook is locked it shows a count only."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QRect, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

ICON_SIZE = 64
MENU_ITEMS = 12  # more than this and the menu points to the agenda instead


@dataclass(frozen=True)
class TrayState:
    locked: bool
    due_count: int  # overdue and due now (also known while locked: counted at lock time)
    items: tuple = field(default_factory=tuple)  # AgendaItems for today (and overdue)


def icon_with_count(base: QIcon, count: int) -> QIcon:
    """The app icon with a red badge carrying the count (none at zero)."""
    pixmap = base.pixmap(ICON_SIZE, ICON_SIZE)
    if pixmap.isNull():
        pixmap = QPixmap(ICON_SIZE, ICON_SIZE)
        pixmap.fill(QColor("#3d6b8f"))
    if count <= 0:
        return QIcon(pixmap)
    text = str(count) if count < 100 else "99+"
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    size = ICON_SIZE * 5 // 8
    badge = QRect(ICON_SIZE - size, ICON_SIZE - size, size, size)
    painter.setBrush(QColor("#d12f2f"))
    painter.setPen(QColor("white"))
    painter.drawEllipse(badge.adjusted(1, 1, -1, -1))
    font = QFont()
    font.setBold(True)
    font.setPixelSize(size * (6 if len(text) == 1 else 5 if len(text) == 2 else 4) // 10)
    painter.setFont(font)
    painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return QIcon(pixmap)


def due_text(count: int) -> str:
    """What the count on the icon means: overdue items and today's, due now or later today
    (an item due at 17:00 is counted from the morning)."""
    tr = QObject.tr
    if count == 0:
        return tr("Nothing due today")
    return tr("1 item due today") if count == 1 else \
        tr("%1 items due today").replace("%1", str(count))


class TrayController(QObject):
    """Drives a QSystemTrayIcon (or, in tests, anything with the same few methods)."""

    item_chosen = Signal(str)  # an agenda item's id
    agenda_requested = Signal()
    log_requested = Signal()
    open_requested = Signal()
    lock_requested = Signal()
    unlock_requested = Signal()
    quit_requested = Signal()

    def __init__(self, tray, base_icon: QIcon, state: Callable[[], TrayState],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.base_icon = base_icon
        self._state = state
        self.menu = QMenu()
        self.menu.aboutToShow.connect(self.rebuild_menu)
        tray.setContextMenu(self.menu)
        tray.activated.connect(self._activated)
        self.shown_count = -1
        self.update(state())

    def update(self, state: TrayState) -> None:
        """Icon and tooltip for the state (cheap; called after each agenda refresh)."""
        if state.due_count != self.shown_count:
            self.tray.setIcon(icon_with_count(self.base_icon, state.due_count))
            self.shown_count = state.due_count
        tip = "Rapport — " + due_text(state.due_count)
        if state.locked:
            tip += " " + self.tr("(locked)")
        self.tray.setToolTip(tip)

    def rebuild_menu(self) -> None:
        state = self._state()
        self.update(state)
        menu = self.menu
        menu.clear()
        header = menu.addAction(due_text(state.due_count))
        header.setEnabled(False)
        if state.locked:
            menu.addSeparator()
            self._add(self.tr("Unlock…"), self.unlock_requested)
        else:
            for item in state.items[:MENU_ITEMS]:
                action = menu.addAction(item_label(item))
                action.triggered.connect(lambda _=False, i=item.item_id: self.item_chosen.emit(i))
            if len(state.items) > MENU_ITEMS:
                self._add(self.tr("%1 more in the agenda…").replace(
                    "%1", str(len(state.items) - MENU_ITEMS)), self.agenda_requested)
            elif not state.items:
                empty = menu.addAction(self.tr("Nothing else today"))
                empty.setEnabled(False)
            menu.addSeparator()
            self._add(self.tr("Log interaction…"), self.log_requested)
            self._add(self.tr("Open Rapport"), self.open_requested)
            self._add(self.tr("Lock"), self.lock_requested)
        menu.addSeparator()
        self._add(self.tr("Quit Rapport"), self.quit_requested)

    def _add(self, text: str, signal) -> QAction:
        action = self.menu.addAction(text)
        action.triggered.connect(lambda _=False: signal.emit())
        return action

    def _activated(self, reason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger,
                      QSystemTrayIcon.ActivationReason.DoubleClick):
            self.open_requested.emit()


def item_label(item) -> str:
    """“Call back about the quote — Ana Lima⇥09:30” (“overdue” instead of a time): after a
    tab, QMenu right-aligns the time in its own column, so the titles line up. A “&” is
    doubled, or the menu would take it for a keyboard accelerator and hide it."""
    from app.agenda import Bucket

    when = QObject.tr("overdue") if item.bucket == Bucket.OVERDUE else \
        item.due_at.astimezone().strftime("%H:%M")
    who = f" — {item.person_name}" if item.person_name and item.person_name not in item.title \
        else ""
    return f"{item.title}{who}".replace("&", "&&") + f"\t{when}"
