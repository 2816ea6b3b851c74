"""Desktop notifications: the desktop's own notification service where there is one (on
Linux `org.freedesktop.Notifications` on the session bus), else the tray icon's balloon.

The D-Bus messages are built with jeepney (already installed with `keyring` on Linux) and its
socket is watched by a QSocketNotifier, so signals arrive in Qt's event loop. QtDBus from
PySide6 cannot be used for this: Python ints reach the bus as int32 or uint16, never as the
uint32 that Notify's `replaces_id` must be, and every server rejects the call.
"""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QObject, QSocketNotifier, Signal

log = logging.getLogger(__name__)

BUS_NAME = "org.freedesktop.Notifications"
OBJECT_PATH = "/org/freedesktop/Notifications"
CALL_TIMEOUT_S = 2.0
DONE, SNOOZE, OPEN = "done", "snooze", "default"  # "default": the notification was clicked


class FreedesktopNotifications(QObject):
    """A connection to the notification server. `open()` gives None when there is none."""

    action_invoked = Signal(int, str)  # notification id, action key
    closed = Signal(int)

    def __init__(self, connection, capabilities: list[str]) -> None:
        super().__init__()
        from jeepney import MatchRule

        self._connection = connection
        self.capabilities = capabilities
        self._signals: deque = deque(maxlen=256)
        rule = MatchRule(type="signal", interface=BUS_NAME, path=OBJECT_PATH)
        self._filter = connection.filter(rule, queue=self._signals)
        self._filter.__enter__()  # kept for the connection's life: signals are queued
        from jeepney.bus_messages import message_bus

        connection.send_and_get_reply(message_bus.AddMatch(rule), timeout=CALL_TIMEOUT_S)
        self._watch = QSocketNotifier(connection.sock.fileno(), QSocketNotifier.Type.Read, self)
        self._watch.activated.connect(self._readable)

    @classmethod
    def open(cls) -> FreedesktopNotifications | None:
        try:
            from jeepney import DBusAddress, new_method_call
            from jeepney.io.blocking import open_dbus_connection
        except ImportError:  # not Linux: no jeepney, no such service
            return None
        try:
            connection = open_dbus_connection(bus="SESSION")
        except (OSError, KeyError, ValueError) as exc:  # no session bus
            log.info("no D-Bus session bus: %s", exc)
            return None
        try:
            reply = connection.send_and_get_reply(
                new_method_call(DBusAddress(OBJECT_PATH, BUS_NAME, BUS_NAME), "GetCapabilities"),
                timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            connection.close()
            log.info("no notification server answered: %s", exc)
            return None
        if reply.header.message_type.name == "error":
            connection.close()
            log.info("no notification server: %s", reply.body)
            return None
        return cls(connection, list(reply.body[0]))

    @property
    def supports_actions(self) -> bool:
        return "actions" in self.capabilities

    def notify(self, summary: str, body: str, actions: list[tuple[str, str]] = (),
               app_icon: str = "rapport", timeout_ms: int = -1) -> int:
        """Show a notification; returns its id (0 when the server refused it)."""
        from jeepney import DBusAddress, new_method_call

        flat = [part for key, label in actions for part in (key, label)] \
            if self.supports_actions else []
        message = new_method_call(
            DBusAddress(OBJECT_PATH, BUS_NAME, BUS_NAME), "Notify", "susssasa{sv}i",
            ("Rapport", 0, app_icon, summary, body, flat,
             {"desktop-entry": ("s", "rapport"), "category": ("s", "x-rapport.reminder")},
             timeout_ms))
        try:
            reply = self._connection.send_and_get_reply(message, timeout=CALL_TIMEOUT_S)
        except (OSError, TimeoutError) as exc:
            log.warning("notification not sent: %s", exc)
            return 0
        self._deliver()  # signals that came in with the reply
        if reply.header.message_type.name == "error":
            log.warning("notification refused: %s", reply.body)
            return 0
        return int(reply.body[0])

    def _readable(self) -> None:
        while True:
            try:
                self._connection.recv_messages(timeout=0)
            except TimeoutError:
                break
            except (OSError, ValueError) as exc:  # the bus went away
                log.info("notification bus closed: %s", exc)
                self._watch.setEnabled(False)
                break
        self._deliver()

    def _deliver(self) -> None:
        from jeepney.low_level import HeaderFields

        while self._signals:
            message = self._signals.popleft()
            member = message.header.fields.get(HeaderFields.member)
            if member == "ActionInvoked":
                self.action_invoked.emit(int(message.body[0]), str(message.body[1]))
            elif member == "NotificationClosed":
                self.closed.emit(int(message.body[0]))

    def close(self) -> None:
        self._watch.setEnabled(False)
        self._connection.close()


class Notifier(QObject):
    """Sends notifications through the desktop service, else through the tray's balloon;
    tells which one was acted on by the token given when it was sent."""

    action_invoked = Signal(str, str)  # token, DONE / SNOOZE / OPEN

    def __init__(self, tray=None, service: FreedesktopNotifications | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.service = service
        self._tokens: dict[int, str] = {}
        self._balloon_token = ""
        if service is not None:
            service.action_invoked.connect(self._service_action)
            service.closed.connect(lambda nid: self._tokens.pop(nid, None))
        if tray is not None:
            tray.messageClicked.connect(
                lambda: self.action_invoked.emit(self._balloon_token, OPEN))

    @property
    def can_act(self) -> bool:
        return self.service is not None and self.service.supports_actions

    def notify(self, summary: str, body: str, token: str = "",
               actions: list[tuple[str, str]] = ()) -> str:
        """Returns how it was shown: "service", "tray" or "" (nowhere to show it)."""
        if self.service is not None:
            nid = self.service.notify(summary, body, list(actions))
            if nid:
                self._tokens[nid] = token
                return "service"
        if self.tray is not None and self.tray.isVisible():
            self._balloon_token = token
            self.tray.showMessage(summary, body)
            return "tray"
        log.info("a notification had nowhere to go: %s", summary)
        return ""

    def _service_action(self, nid: int, key: str) -> None:
        token = self._tokens.get(nid)
        if token is not None:
            self.action_invoked.emit(token, key)

    def close(self) -> None:
        if self.service is not None:
            self.service.close()
            self.service = None
