"""Introductions on the person page (status links, mark thanked) and in their window."""

from PySide6.QtCore import QUrl

from app.domain import IntroductionStatus, PersonDraft
from ui.introductions_view import IntroductionsWindow


def test_the_person_page_section_changes_status_and_thanks(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    ben = nb.people.create(PersonDraft(given_name="Ben"))
    intro = nb.introductions.record(ana.id, ben.id, status=IntroductionStatus.ASKED)
    unlocked._changed(ana.id)
    view = unlocked.window.workspace.view
    assert "Ana introduces you to Ben" in view.toPlainText()
    assert "status asked — change to to ask · introduced · met · declined" in view.toPlainText()
    assert "Ask Ana again about meeting Ben" in view.toPlainText()

    view.anchorClicked.emit(QUrl(f"intro-status:{intro.id}:introduced"))
    text = view.toPlainText()
    assert "Thank Ana for introducing you to Ben" in text
    assert "Ask Ana again" not in text  # answered: the follow-up closed
    assert "thank you is set" in unlocked.window.statusBar().currentMessage()

    view.anchorClicked.emit(QUrl(f"intro-thanked:{intro.id}"))
    text = view.toPlainText()
    assert "thanked " in text and "Thank Ana for introducing" not in text


def test_the_window_filters_and_acts_on_the_selected_introduction(qtbot, nb):
    ana, ben, cy = (nb.people.create(PersonDraft(given_name=n)).id for n in ("Ana", "Ben", "Cy"))
    nb.introductions.record(ana, ben, status=IntroductionStatus.ASKED)
    nb.introductions.record(cy, ben, status=IntroductionStatus.INTRODUCED)
    window = IntroductionsWindow(nb)
    qtbot.addWidget(window)
    assert window.table.rowCount() == 2
    window.view.setCurrentIndex(window.view.findData("received"))
    assert window.table.rowCount() == 1 and window.table.item(0, 0).text() == "Cy"
    assert window.table.item(0, 5).text() == "not thanked yet" and window.thank.isEnabled()
    with qtbot.waitSignal(window.changed):
        window.thank.click()
    assert window.table.item(0, 5).text().startswith("thanked ")
    assert not window.thank.isEnabled()
    window.view.setCurrentIndex(window.view.findData("asked"))
    window.change_status(IntroductionStatus.DECLINED)
    assert window.table.item(0, 3).text() == "Declined"
    assert nb.reminders.list(person_id=ana) == []


def test_recording_an_introduction_from_the_dialog(qtbot, nb):
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    nb.people.create(PersonDraft(given_name="Benedict"))
    window = IntroductionsWindow(nb)
    qtbot.addWidget(window)
    dialog = window.new_introduction()
    dialog.connector.setText("Ana")
    dialog.target.setText("Benedict")
    dialog.status.setCurrentIndex(dialog.status.findData("asked"))
    with qtbot.waitSignal(window.changed):
        dialog.buttons.accepted.emit()
    assert window.table.rowCount() == 1
    assert [r.title for r in nb.reminders.list(person_id=ana.id)] == [
        "Ask Ana again about meeting Benedict"]


def test_the_dialog_adds_a_person_to_meet_who_is_not_in_the_notebook(qtbot, nb):
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    nb.people.create(PersonDraft(given_name="Benedict", family_name="Okafor"))
    window = IntroductionsWindow(nb)
    qtbot.addWidget(window)
    dialog = window.new_introduction()
    dialog.connector.setText("Ana")
    dialog.target.setText("Ben Okafor")
    dialog.target.textEdited.emit("Ben Okafor")
    assert dialog.new_target.isVisible()
    assert dialog.new_target.text() == ("Ben Okafor is not in your notebook yet: they will be "
                                        "added when you save.")
    dialog.grab().save("/tmp/fixnetwork-intro-new-target.png")
    with qtbot.waitSignal(window.changed):
        dialog.buttons.accepted.emit()
    assert [window.table.item(0, c).text() for c in range(3)] == ["Ana", "you", "Ben Okafor"]
    assert sorted(h.person.name for h in nb.search.search("Okafor")) == [
        "Ben Okafor", "Benedict Okafor"]
    assert nb.introductions.all()[0].connector.id == ana.id


def test_the_dialog_says_which_person_is_missing_in_plain_words(qtbot, nb):
    window = IntroductionsWindow(nb)
    qtbot.addWidget(window)
    dialog = window.new_introduction()
    dialog.connector.setText("Nobody Known")
    dialog.target.setText("Ben")
    dialog.buttons.accepted.emit()
    assert dialog.error.text() == "Choose the connector from your notebook (type a few letters)"
    dialog.grab().save("/tmp/fixnetwork-intro-error.png")
    assert nb.introductions.all() == []
