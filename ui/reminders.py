"""Reminders on the desktop: keeps the agenda fresh (a timer for the next due moment, a look
every 30 s for changes made by other processes such as rapport-cli, after any change here and
on waking from sleep), shows it in the agenda
page, the status bar and the tray, and raises notifications when items fall due."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QObject, QSettings, QTimer, Signal
from PySide6.QtWidgets import QPushButton

from app.agenda import Agenda, AgendaItem, Bucket
from app.errors import RapportError
from ui import alerts
from ui.agenda_view import KIND_NAMES
from ui.dates import weekday_day_month_time
from ui.notifier import DONE, OPEN, SNOOZE, Notifier
from ui.tray import TrayController, TrayState, due_text

# How often the clocks are compared (to notice a resume from sleep) and the agenda asked
# again: it comes back kept, in well under a millisecond, unless something was committed, by
# this process or another one (rapport-cli), and then the page and the timers follow.
HEARTBEAT_MS = 30_000
DIGEST_SETTING = "reminders/digest"
DIGEST_TIME_SETTING = "reminders/digest_time"
DEFAULT_DIGEST_TIME = dt.time(8, 30)
WATERMARK_SETTING = "reminders/notified_until"
LAST_DIGEST_SETTING = "reminders/last_digest"
SUMMARY_LINES = 5
SNOOZE_FROM_NOTIFICATION = dt.timedelta(hours=1)


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _parse_moment(text) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def digest_settings(settings: QSettings) -> tuple[bool, dt.time]:
    enabled = str(settings.value(DIGEST_SETTING, "true")).lower() == "true"
    try:
        at = dt.time.fromisoformat(str(settings.value(DIGEST_TIME_SETTING, "08:30")))
    except ValueError:
        at = DEFAULT_DIGEST_TIME
    return enabled, at


class ReminderCenter(QObject):
    agenda_changed = Signal(object)  # the Agenda just computed

    def __init__(self, rapport) -> None:
        super().__init__(rapport)
        self.rapport = rapport
        self.window = rapport.window
        self.settings = QSettings()
        self.agenda: Agenda | None = None
        self.notifier = Notifier(parent=self)
        self.notifier.action_invoked.connect(self._notification_action)
        self.tray: TrayController | None = None
        self.ledger = alerts.NotificationLedger(
            _parse_moment(self.settings.value(WATERMARK_SETTING)))
        self.locked = True  # until the notebook is unlocked
        self.counted = False  # the due times are known (from an agenda seen before locking)
        self.locked_count = 0  # what is due, counted when the notebook was locked
        self.locked_due_times: list[dt.datetime] = []  # still to come at lock time
        self._counted_at_lock: set[dt.datetime] = set()  # today's: in locked_count already
        self._wake = QTimer(self, singleShot=True)
        self._wake.timeout.connect(self.refresh)  # recompute: days roll over, snoozes end
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self.heartbeat)
        self._clocks = (time.time(), time.monotonic())
        self._heartbeat.start()
        self.due_button = QPushButton()
        self.due_button.setFlat(True)
        self.due_button.setToolTip(self.tr("Show the agenda (Ctrl+1)"))
        self.due_button.clicked.connect(self.show_agenda)
        self.due_button.hide()
        self.window.statusBar().addPermanentWidget(self.due_button)
        self._connect_view()

    def _connect_view(self) -> None:
        view = self.window.agenda
        view.person_requested.connect(self.open_person)
        view.done_requested.connect(lambda item_id: self._mark(item_id, "done"))
        view.dismiss_requested.connect(lambda item_id: self._mark(item_id, "dismiss"))
        view.snooze_requested.connect(lambda item_id, until: self._mark(item_id, "snooze", until))
        view.log_requested.connect(self.log_with)
        view.message.connect(lambda text: self.window.statusBar().showMessage(text, 8000))

    # --- parts attached by main() (tests attach fakes) ----------------------------------

    def attach_tray(self, tray, base_icon) -> TrayController:
        controller = TrayController(tray, base_icon, self.tray_state, self)
        controller.item_chosen.connect(self.open_item)
        controller.agenda_requested.connect(self.show_agenda)
        controller.log_requested.connect(lambda: (self.raise_window(),
                                                  self.rapport.log_interaction()))
        controller.open_requested.connect(self.raise_window)
        controller.lock_requested.connect(self.rapport.lock)
        controller.unlock_requested.connect(self.raise_window)
        controller.quit_requested.connect(self.rapport.quit)
        self.tray = controller
        return controller

    def attach_notifier(self, notifier: Notifier) -> None:
        self.notifier.action_invoked.disconnect(self._notification_action)
        self.notifier = notifier
        notifier.action_invoked.connect(self._notification_action)

    # --- the notebook's life --------------------------------------------------------

    def unlocked(self) -> None:
        self.locked = False
        self.locked_due_times = []
        self.refresh()

    def locking(self) -> None:
        """Before the notebook closes: keep how many items are due and when the next ones
        fall due (times only, no names), so the tray can count while locked."""
        now = local_now()
        self.locked = True
        self.counted = self.agenda is not None
        if self.agenda is not None:
            self.locked_count = self.agenda.count_due(now)
            later = [i for i in self.agenda.items if i.due_at > now]
            self.locked_due_times = [i.due_at for i in later]
            self._counted_at_lock = {i.due_at for i in later
                                     if i.bucket in (Bucket.OVERDUE, Bucket.TODAY)}
        self.agenda = None
        self.window.agenda.show_agenda(Agenda(), now)
        self._show_count()
        self._schedule(now)

    # --- computing ------------------------------------------------------------------

    def refresh(self, only_if_changed: bool = False) -> None:
        """Recompute the agenda on the worker; then show it, notify and reschedule (when
        `only_if_changed`: only if it differs from the one shown)."""
        notebook = self.rapport.notebook
        if notebook is None:
            self.check()
            return
        now = local_now()
        self.rapport.ops.run(lambda: notebook.agenda.agenda(now),
                             lambda agenda: self._computed(notebook, agenda, now,
                                                           only_if_changed),
                             lambda error: self._failed(notebook, error))

    def _computed(self, notebook, agenda: Agenda, now: dt.datetime,
                  only_if_changed: bool = False) -> None:
        if self.rapport.notebook is not notebook:  # locked meanwhile
            return
        if only_if_changed and self.agenda is not None and agenda == self.agenda \
                and agenda.today == self.agenda.today:
            return
        self.agenda = agenda
        self.window.agenda.show_agenda(agenda, now)
        self.agenda_changed.emit(agenda)
        self.check()

    def _failed(self, notebook, error: BaseException) -> None:
        if self.rapport.notebook is notebook:
            self.window.statusBar().showMessage(
                self.tr("The agenda could not be computed: %1").replace("%1", str(error)), 8000)
        self._schedule(local_now())

    def check(self) -> None:
        """Notify what fell due, send the digest when its time has come, reschedule."""
        now = local_now()
        if self.locked and not self.counted:
            # Never unlocked in this session: nothing is known, and what falls due now must
            # still be told after the unlock, so the watermark stays where it was.
            self._show_count()
            self._schedule(now)
            return
        digest = self._digest_if_due(now)
        if self.locked:
            fresh = self.ledger.fresh_while_locked(self.locked_due_times, now)
            self.locked_count += sum(1 for t in fresh if t not in self._counted_at_lock)
            if fresh and not digest:
                self._notify_count(self.locked_count)
        elif self.agenda is not None:
            fresh = self.ledger.fresh(self.agenda.due(now), now)
            if fresh and not digest:
                self._notify_items(fresh)
        self.settings.setValue(WATERMARK_SETTING, now.isoformat())
        self._show_count()
        self._schedule(now)

    def due_count(self, now: dt.datetime | None = None) -> int:
        if self.locked:
            return self.locked_count
        return self.agenda.count_due(now or local_now()) if self.agenda is not None else 0

    def _schedule(self, now: dt.datetime) -> None:
        moments: list[dt.datetime | None] = []
        if self.locked:
            moments += [t for t in self.locked_due_times if t > now][:1]
        elif self.agenda is not None:
            moments.append(self.agenda.next_due_after(now))
        enabled, at = digest_settings(self.settings)
        if enabled:
            moments.append(alerts.next_digest(now, at, self._last_digest()))
        self._wake.start(alerts.wake_in_ms(now, moments))

    def heartbeat(self) -> None:
        wall, mono = time.time(), time.monotonic()
        before = self._clocks
        self._clocks = (wall, mono)
        if alerts.slept(before[0], before[1], wall, mono):
            self.refresh()  # items that fell due while asleep notify now
        elif not self.locked and not self.rapport.ops.busy:
            self.refresh(only_if_changed=True)  # added or changed elsewhere (rapport-cli)

    # --- notifications ----------------------------------------------------------------

    def _notify_items(self, fresh: list[AgendaItem]) -> None:
        if not alerts.is_summary(len(fresh)):
            item = fresh[0]
            body = " — ".join(x for x in (item.person_name, self.tr(KIND_NAMES.get(item.kind, "")))
                              if x)
            actions = [(OPEN, self.tr("Open")), (DONE, self.tr("Done")),
                       (SNOOZE, self.tr("Snooze 1 hour"))]
            self.notifier.notify(item.title, body, item.item_id, actions)
            return
        lines = [f"{i.title} — {i.person_name}" if i.person_name and i.person_name not in i.title
                 else i.title for i in fresh[:SUMMARY_LINES]]
        if len(fresh) > SUMMARY_LINES:
            lines.append(self.tr("and %1 more").replace("%1", str(len(fresh) - SUMMARY_LINES)))
        self.notifier.notify(self.tr("%1 reminders are due").replace("%1", str(len(fresh))),
                             "\n".join(lines), "", [(OPEN, self.tr("Open the agenda"))])

    def _notify_count(self, count: int) -> None:
        self.notifier.notify("Rapport: " + due_text(count),
                             self.tr("Unlock Rapport to see them."), "",
                             [(OPEN, self.tr("Open Rapport"))])

    def _last_digest(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(self.settings.value(LAST_DIGEST_SETTING, "")))
        except ValueError:
            return None

    def _digest_if_due(self, now: dt.datetime) -> bool:
        enabled, at = digest_settings(self.settings)
        if not enabled or not alerts.digest_due(now, at, self._last_digest()):
            return False
        if self.locked:
            if self.locked_count == 0 and not self.locked_due_times:
                return False  # nothing known: nothing to say
            self.settings.setValue(LAST_DIGEST_SETTING, now.date().isoformat())
            self._notify_count(self.due_count(now))
            return True
        if self.agenda is None:
            return False
        self.settings.setValue(LAST_DIGEST_SETTING, now.date().isoformat())
        losing = {person.item_id for person in self.agenda.losing_touch}
        today = [i for i in self.agenda.items if i.bucket in (Bucket.OVERDUE, Bucket.TODAY)
                 and i.item_id not in losing]  # those get one line of their own below
        if not today and not losing:
            return True  # a quiet day: no notification, but the digest is done for today
        lines = [f"{i.title} — {i.person_name}" if i.person_name and i.person_name not in i.title
                 else i.title for i in today[:SUMMARY_LINES]]
        if len(today) > SUMMARY_LINES:
            lines.append(self.tr("and %1 more").replace("%1", str(len(today) - SUMMARY_LINES)))
        if losing:
            names = ", ".join(p.person_name for p in self.agenda.losing_touch[:3])
            more = len(losing) - 3
            lines.append(self.tr("Losing touch with %1").replace(
                "%1", names + (self.tr(" and %1 more").replace("%1", str(more)) if more > 0
                               else "")))
        self.notifier.notify(self.tr("Rapport, your day: %1").replace(
                                 "%1", due_text(len(today) + len(losing))),
                             "\n".join(lines), "", [(OPEN, self.tr("Open the agenda"))])
        return True

    def _notification_action(self, token: str, key: str) -> None:
        if key == OPEN or self.locked or not token:
            if token and not self.locked:
                self.open_item(token)
            elif not self.locked:
                self.show_agenda()
            else:
                self.raise_window()
            return
        if key == DONE:
            self._mark(token, "done", offer_undo=False)
        elif key == SNOOZE:
            self._mark(token, "snooze", local_now() + SNOOZE_FROM_NOTIFICATION, offer_undo=False)

    # --- acting on items --------------------------------------------------------------

    def _mark(self, item_id: str, how: str, until: dt.datetime | None = None,
              offer_undo: bool = True) -> None:
        notebook = self.rapport.notebook
        if notebook is None:
            return
        try:
            if how == "done":
                before = notebook.agenda.done(item_id)
                message = self.tr("Marked done.")
            elif how == "dismiss":
                before = notebook.agenda.dismiss(item_id)
                message = self.tr("Dismissed.")
            else:
                item = self.find(item_id)
                if item is not None and until <= item.due_at:
                    self.window.statusBar().showMessage(self.tr(
                        "Not snoozed: that is before it is due (%1).").replace(
                        "%1", weekday_day_month_time(item.due_at.astimezone())), 8000)
                    return
                before = notebook.agenda.snooze(item_id, until)
                message = self.tr("Snoozed until %1.").replace(
                    "%1", weekday_day_month_time(until.astimezone()))
        except RapportError as exc:
            self.window.statusBar().showMessage(str(exc), 8000)
            self.refresh()
            return
        self.rapport._changed(self.rapport.current_person_id)
        if offer_undo:
            self.rapport._offer_undo(message, lambda: self._undo(item_id, before))

    def _undo(self, item_id: str, before=None) -> None:
        if self.rapport.notebook is not None:
            self.rapport.notebook.agenda.undo(item_id, before)
            self.rapport._changed(self.rapport.current_person_id)
            self.window.statusBar().showMessage(self.tr("Undone: it is back on the agenda."),
                                                5000)

    def find(self, item_id: str) -> AgendaItem | None:
        if self.agenda is None:
            return None
        return next((i for i in self.agenda.items if i.item_id == item_id), None)

    def open_item(self, item_id: str) -> None:
        item = self.find(item_id)
        if item is not None and item.person_id is not None:
            self.open_person(item.person_id)
        else:
            self.show_agenda()
            self.window.agenda.select(item_id)

    def open_person(self, person_id: int) -> None:
        self.raise_window()
        if self.locked:
            return
        self.window.show_page(self.window.PAGE_WORKSPACE)
        self.window.workspace.select_person(person_id)

    def log_with(self, person_id: int) -> None:
        self.open_person(person_id)
        self.rapport.log_interaction()

    def show_agenda(self) -> None:
        self.raise_window()
        if not self.locked:
            self.window.show_page(self.window.PAGE_AGENDA)
            self.window.agenda.table.setFocus()

    def raise_window(self) -> None:
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()

    # --- the count, everywhere -----------------------------------------------------------

    def tray_state(self) -> TrayState:
        now = local_now()
        if self.locked:
            return TrayState(True, self.locked_count)
        if self.agenda is None:
            return TrayState(False, 0)
        today = tuple(i for i in self.agenda.items
                      if i.bucket in (Bucket.OVERDUE, Bucket.TODAY) or i.due_at <= now)
        return TrayState(False, self.agenda.count_due(now), today)

    def _show_count(self) -> None:
        count = self.due_count()
        self.due_button.setText(due_text(count))
        self.due_button.setVisible(not self.locked and self.agenda is not None)
        if self.tray is not None:
            self.tray.update(self.tray_state())

    def shutdown(self) -> None:
        self._wake.stop()
        self._heartbeat.stop()
        self.notifier.close()
