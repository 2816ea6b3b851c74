"""The tray with a fake tray icon and a fake notification service: the menu unlocked and
locked, the count on the icon, what is notified, and acting from a notification."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor

from app.domain import PersonDraft
from ui.notifier import DONE, OPEN, SNOOZE, Notifier
from ui.resources import icon


class FakeTray(QObject):
    activated = Signal(object)
    messageClicked = Signal()  # noqa: N815 (Qt's name)

    def __init__(self) -> None:
        super().__init__()
        self.icon, self.tooltip, self.menu, self.messages = None, "", None, []

    def setIcon(self, value): self.icon = value  # noqa: E704, N802
    def setToolTip(self, value): self.tooltip = value  # noqa: E704, N802
    def setContextMenu(self, menu): self.menu = menu  # noqa: E704, N802
    def isVisible(self): return True  # noqa: E704, N802
    def showMessage(self, title, body): self.messages.append((title, body))  # noqa: E704, N802


class FakeService(QObject):
    """Stands in for org.freedesktop.Notifications (the integration test uses the real one)."""

    action_invoked = Signal(int, str)
    closed = Signal(int)
    supports_actions = True

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str, list]] = []

    def notify(self, summary, body, actions=()):
        self.sent.append((summary, body, list(actions)))
        return len(self.sent)

    def close(self):
        pass


def now():
    return dt.datetime.now().astimezone()


def settle(rapport, qtbot):
    rapport.reminders.refresh()
    qtbot.waitUntil(lambda: not rapport.ops.busy, timeout=5000)


def with_tray(rapport):
    """A fake tray and notification service; no digest unless a test turns it on (whether
    one is due would depend on the time of day the tests run)."""
    from PySide6.QtCore import QSettings

    from ui.reminders import DIGEST_SETTING

    QSettings().setValue(DIGEST_SETTING, "false")
    tray, service = FakeTray(), FakeService()
    rapport.reminders.attach_tray(tray, icon("rapport"))
    rapport.reminders.attach_notifier(Notifier(tray, service))
    return tray, service


def menu_texts(tray) -> list[str]:
    tray.menu.aboutToShow.emit()  # the menu is rebuilt each time it opens
    return [a.text() for a in tray.menu.actions() if not a.isSeparator()]


def badge_is_drawn(tray) -> bool:
    image = tray.icon.pixmap(64, 64).toImage()
    red = image.pixelColor(image.width() - 12, image.height() - 12)
    return red.red() > 180 and red.green() < 90 and red != QColor("white")


def add_due(nb, name, title, in_seconds=-7200.0):
    """A person and a reminder for them, due already (by default) or in a moment."""
    person = nb.people.create(PersonDraft(given_name=name, family_name="Lima"))
    nb.reminders.add(title, now() + dt.timedelta(seconds=in_seconds), person_id=person.id)
    return person


def falling_due(nb, *titles):
    """Reminders that fall due in a second, after Rapport has looked at the agenda."""
    for title in titles:
        add_due(nb, title.split()[-1], title, in_seconds=1.0)


def test_menu_lists_todays_items_and_the_icon_counts_them(unlocked, qtbot):
    tray, _service = with_tray(unlocked)
    assert menu_texts(tray)[:2] == ["Nothing due today", "Nothing else today"]
    assert not badge_is_drawn(tray)
    ana = add_due(unlocked.notebook, "Ana", "Send the proposal")
    add_due(unlocked.notebook, "Bo", "Call back")
    settle(unlocked, qtbot)
    texts = menu_texts(tray)
    assert texts[0] == "2 items due today"
    assert any("Send the proposal — Ana Lima" in t for t in texts)
    assert texts[-4:] == ["Log interaction…", "Open Rapport", "Lock", "Quit Rapport"]
    assert tray.tooltip == "Rapport — 2 items due today" and badge_is_drawn(tray)
    item = next(a for a in tray.menu.actions() if "Send the proposal" in a.text())
    unlocked.window.show_page(unlocked.window.PAGE_AGENDA)
    item.trigger()  # opens the person in the window
    qtbot.waitUntil(lambda: unlocked.current_person_id == ana.id, timeout=3000)
    assert unlocked.window.stack.currentIndex() == unlocked.window.PAGE_WORKSPACE


def test_locked_menu_shows_a_count_and_no_names(unlocked, qtbot):
    tray, _service = with_tray(unlocked)
    add_due(unlocked.notebook, "Ana", "Send the proposal")
    settle(unlocked, qtbot)
    unlocked.lock()
    texts = menu_texts(tray)
    assert texts == ["1 item due today", "Unlock…", "Quit Rapport"]
    assert "Ana" not in tray.tooltip and "locked" in tray.tooltip
    assert badge_is_drawn(tray)


def test_one_item_falling_due_is_one_notification_with_actions(unlocked, qtbot):
    _tray, service = with_tray(unlocked)
    add_due(unlocked.notebook, "Bo", "Due before Rapport looked: shown, not notified")
    falling_due(unlocked.notebook, "Send the proposal to Ana")
    settle(unlocked, qtbot)
    assert service.sent == []
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=5000)  # the timer fires
    summary, body, actions = service.sent[0]
    assert summary == "Send the proposal to Ana" and "Ana Lima" in body
    assert [key for key, _label in actions] == [OPEN, DONE, SNOOZE]
    settle(unlocked, qtbot)  # the next check: already told
    assert len(service.sent) == 1


def test_many_falling_due_at_once_make_one_summary(unlocked, qtbot):
    _tray, service = with_tray(unlocked)
    falling_due(unlocked.notebook, "Call Ana", "Call Bo", "Call Cy", "Call Di")
    settle(unlocked, qtbot)
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=5000)
    qtbot.wait(300)
    assert len(service.sent) == 1
    summary, body, _ = service.sent[0]
    assert summary == "4 reminders are due" and "Call Cy" in body


def test_while_locked_a_notification_says_how_many_never_who(unlocked, qtbot):
    _tray, service = with_tray(unlocked)
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    soon = now() + dt.timedelta(seconds=2)
    nb.reminders.add("Send the proposal", soon, person_id=ana.id)
    settle(unlocked, qtbot)
    assert service.sent == []
    unlocked.lock()
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=10000)  # the timer fires
    summary, body, _ = service.sent[0]
    assert summary == "Rapport: 1 item due today" and "Unlock" in body
    assert "Ana" not in summary + body and "proposal" not in summary + body


def test_done_and_snooze_from_a_notification(unlocked, qtbot):
    _tray, service = with_tray(unlocked)
    nb = unlocked.notebook
    falling_due(nb, "Send the proposal to Ana")
    settle(unlocked, qtbot)
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=5000)
    token = unlocked.reminders.notifier._tokens[1]
    service.action_invoked.emit(1, SNOOZE)
    qtbot.waitUntil(lambda: not unlocked.ops.busy, timeout=5000)
    item = next(i for i in nb.agenda.agenda().items if i.item_id == token)
    assert item.due_at > now() + dt.timedelta(minutes=55)
    falling_due(nb, "Call Bo")
    settle(unlocked, qtbot)
    qtbot.waitUntil(lambda: len(service.sent) == 2, timeout=5000)
    service.action_invoked.emit(2, DONE)
    qtbot.waitUntil(lambda: not unlocked.ops.busy, timeout=5000)
    assert [i.title for i in nb.agenda.agenda().items] == ["Send the proposal to Ana"]


def test_closing_the_window_keeps_rapport_in_the_tray_and_says_so_once(unlocked, qtbot):
    from ui.desktop import CloseBehaviour

    _tray, service = with_tray(unlocked)
    CloseBehaviour(unlocked, tray_available=lambda: True)
    unlocked.window.show()
    unlocked.window.close()
    assert not unlocked.window.isVisible() and unlocked.notebook is not None
    assert service.sent[-1][0] == "Rapport is still running"
    unlocked.window.show()
    unlocked.window.close()
    assert sum(1 for s in service.sent if s[0] == "Rapport is still running") == 1


def test_without_a_tray_closing_asks_whether_to_quit(unlocked, qtbot, monkeypatch):
    from ui.desktop import CloseBehaviour

    behaviour = CloseBehaviour(unlocked, tray_available=lambda: False)
    monkeypatch.setattr(behaviour, "_confirm_quit", lambda: False)  # Cancel
    unlocked.window.show()
    unlocked.window.close()
    assert unlocked.window.isVisible()
    quits = []
    monkeypatch.setattr(behaviour, "_confirm_quit", lambda: True)
    monkeypatch.setattr(unlocked, "quit", lambda: quits.append(True))
    unlocked.window.close()
    assert quits == [True]


def test_the_daily_digest_lists_the_day_and_goes_once(unlocked, qtbot):
    from PySide6.QtCore import QSettings

    from ui.reminders import DIGEST_SETTING, DIGEST_TIME_SETTING, LAST_DIGEST_SETTING

    _tray, service = with_tray(unlocked)
    nb = unlocked.notebook
    add_due(nb, "Ana", "Send the proposal")
    bo = nb.people.create(PersonDraft(given_name="Bo", family_name="Berg", cadence_days=30))
    nb.interactions.log("call", [bo.id], when=now() - dt.timedelta(days=40))
    settle(unlocked, qtbot)
    settings = QSettings()
    settings.setValue(DIGEST_SETTING, "true")
    settings.setValue(DIGEST_TIME_SETTING, "00:00")
    settings.setValue(LAST_DIGEST_SETTING, (now().date() - dt.timedelta(days=1)).isoformat())
    unlocked.reminders.check()
    summary, body, _ = service.sent[-1]
    assert summary == "Rapport, your day: 2 items due today"
    assert "Send the proposal — Ana Lima" in body and "Losing touch with Bo Berg" in body
    unlocked.reminders.check()
    assert len(service.sent) == 1  # once a day
    settings.setValue(LAST_DIGEST_SETTING, (now().date() - dt.timedelta(days=1)).isoformat())
    unlocked.lock()  # the digest while locked: a count, no names
    unlocked.reminders.check()  # what the timer does
    summary, body, _ = service.sent[-1]
    assert summary == "Rapport: 2 items due today" and "Ana" not in body and "Bo" not in body


def test_an_item_due_during_sleep_is_notified_on_wake(unlocked, qtbot):
    import time

    _tray, service = with_tray(unlocked)
    nb = unlocked.notebook
    settle(unlocked, qtbot)
    reminders = unlocked.reminders
    reminders._wake.stop()  # asleep: the timer for the due moment never fired
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.reminders.add("Send the proposal", now() - dt.timedelta(minutes=30), person_id=ana.id)
    reminders.ledger.watermark = now() - dt.timedelta(hours=1)  # last looked before sleeping
    reminders._clocks = (time.time() - 3600, time.monotonic())  # the wall clock jumped an hour
    reminders.heartbeat()  # the heartbeat after waking
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=5000)
    assert service.sent[0][0] == "Send the proposal"


def test_started_locked_nothing_is_lost_before_the_first_unlock(make_app, qtbot, notebook_path,
                                                               template_key):
    from app.notebook import Notebook

    with Notebook.open_with_key(notebook_path, template_key) as nb:
        ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
        nb.reminders.add("Send the proposal", now() - dt.timedelta(minutes=5), person_id=ana.id)
    rapport = make_app(notebook_path)  # no remembered key: it waits on the unlock page
    _tray, service = with_tray(rapport)
    rapport.reminders.ledger.watermark = now() - dt.timedelta(hours=1)  # the last run
    rapport.reminders.check()  # a timer while locked, before any unlock
    assert service.sent == [] and rapport.reminders.ledger.watermark < now() - dt.timedelta(
        minutes=30)
    qtbot.waitUntil(lambda: rapport.window.unlock.unlock_button.isEnabled(), timeout=5000)
    from tests.conftest import PASSPHRASE

    rapport.window.unlock.passphrase.setText(PASSPHRASE)
    rapport.window.unlock.unlock_button.click()
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=10000)
    assert service.sent[0][0] == "Send the proposal"


def test_a_reminder_added_by_another_process_is_noticed_by_the_heartbeat(
        unlocked, qtbot, notebook_path, template_key):
    from app.notebook import Notebook

    _tray, service = with_tray(unlocked)
    settle(unlocked, qtbot)
    assert unlocked.reminders.due_count() == 0
    with Notebook.open_with_key(notebook_path, template_key) as cli:  # as rapport-cli does
        ana = cli.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
        cli.reminders.add("Thank-you note", now() - dt.timedelta(hours=1), person_id=ana.id)
        cli.reminders.add("Send the proposal", now() + dt.timedelta(seconds=1.5),
                          person_id=ana.id)
    unlocked.reminders.heartbeat()  # no edit in the app: the next 30 s tick
    view = unlocked.window.agenda
    qtbot.waitUntil(lambda: "Thank-you note" in view.section_texts("overdue")
                    + view.section_texts("today"), timeout=5000)
    assert unlocked.reminders.due_count() == 2  # the tray's badge counts them
    qtbot.waitUntil(lambda: len(service.sent) == 1, timeout=6000)  # falls due: notified
    assert service.sent[0][0] == "Send the proposal"
    assert unlocked.reminders._heartbeat.interval() <= 60_000


def test_menu_items_keep_an_ampersand_and_put_the_time_in_its_own_column(unlocked, qtbot,
                                                                         tmp_path):
    tray, _service = with_tray(unlocked)
    add_due(unlocked.notebook, "Ana", "Thank Smith & Sons")
    settle(unlocked, qtbot)
    [item] = [t for t in menu_texts(tray) if "Smith" in t]
    # shown as "Thank Smith & Sons", the time (or "overdue" after midnight) right-aligned
    assert re.fullmatch(r"Thank Smith && Sons — Ana Lima\t(\d\d:\d\d|overdue)", item), item
    tray.menu.grab().save(str(tmp_path / "tray-menu.png"))
