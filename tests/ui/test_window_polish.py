"""What a new user saw cut, hidden or silently accepted in the main window and its dialogs."""

from __future__ import annotations

import os

from app.domain import PersonDraft
from app.services.people import NewContact

SHOTS = os.environ.get("RAPPORT_SHOTS")  # a folder: save what each test looked at


def shoot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


def add_people(nb) -> None:
    people = nb.people
    people.create(PersonDraft(prefix="Dr.", given_name="Johnny", middle_name="Q.",
                              family_name="Appleseed", suffix="Jr.", nickname="Apple"),
                  company="Apple Inc.", title="Senior Engineer")
    people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                  contacts=[NewContact("email", "maria.okafor@example.com")],
                  company="Globex", title="CTO")
    people.create(PersonDraft(given_name="Maria", family_name="Okafor"), company="Initech")


def show_workspace(unlocked, qtbot, width: int, height: int):
    add_people(unlocked.notebook)
    window = unlocked.window
    window.resize(width, height)
    window.show()
    unlocked.window.workspace.apply_filters()
    qtbot.waitUntil(lambda: unlocked.model.rowCount() == 3)
    qtbot.wait(50)
    return window


def test_list_headers_are_whole_and_the_name_is_widest_at_the_default_size(unlocked, qtbot):
    window = show_workspace(unlocked, qtbot, 1180, 760)
    table = window.workspace.table
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    for column, text in enumerate(unlocked.model.headers):
        assert header.sectionSize(column) > metrics.horizontalAdvance(text) + 10, text
    widths = [header.sectionSize(c) for c in range(4)]
    assert widths[0] == max(widths) and widths[0] >= 180
    shoot(window, "list-1180.png")


def test_no_action_button_or_filter_is_cut_at_1024_px(unlocked, qtbot):
    window = show_workspace(unlocked, qtbot, 1024, 700)
    for key, button in window.buttons.items():
        if button.isVisible():
            assert button.width() >= button.fontMetrics().horizontalAdvance(
                button.text()) + 20, key
    assert window.workspace.table.horizontalHeader().sectionSize(0) >= 90  # was 60: "Dr. Jo…"
    company = window.workspace.company
    assert company.width() >= company.fontMetrics().horizontalAdvance("Company") + 20
    shoot(window, "list-1024.png")
    window.resize(1280, 800)
    qtbot.wait(50)
    shoot(window, "list-1280.png")


def test_someone_in_the_trash_gets_restore_and_delete_within_1024_px(unlocked, qtbot):
    window = show_workspace(unlocked, qtbot, 1024, 700)
    nb = unlocked.notebook
    nb.people.trash(nb.people.list().items[0].id)
    window.workspace.trash.setChecked(True)
    qtbot.waitUntil(lambda: window.workspace.view.person is not None)
    qtbot.wait(50)
    visible = [key for key, button in window.buttons.items() if button.isVisible()]
    assert visible == ["new", "log", "brief", "restore", "purge"]
    assert window.width() == 1024  # the row did not push the window wider
    shoot(window, "trash-1024.png")


def test_less_used_actions_are_under_more_and_keep_their_shortcuts(unlocked):
    window = unlocked.window
    more = window.buttons["more"].menu()
    assert [a.text() for a in more.actions() if a.text()] == [
        window.actions[k].text() for k in ("relate", "job", "photo", "me", "trash")]
    assert window.actions["relate"].shortcut().toString() == "Ctrl+R"


def test_two_people_of_one_name_differ_in_the_tooltip(unlocked, qtbot):
    from PySide6.QtCore import Qt

    show_workspace(unlocked, qtbot, 1180, 760)
    model = unlocked.model
    tips = {model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole)
            for row in range(model.rowCount())}
    assert {"Maria Okafor — CTO at Globex", "Maria Okafor — Initech"} <= tips


def answer_duplicate_prompt(qtbot, button_text: str, seen: list[str]) -> None:
    """Click a button of the duplicate question once it is shown (it runs its own loop)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    def click():
        boxes = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.objectName() == "duplicate_prompt"
                 and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, click)
            return
        box = boxes[0]
        seen.append(box.text())
        shoot(box, "duplicate-prompt.png")
        next(b for b in box.buttons() if b.text().replace("&", "") == button_text).click()

    QTimer.singleShot(20, click)


def test_adding_someone_with_the_same_email_asks_first(unlocked, qtbot):
    from ui.dialogs import PersonDialog

    add_people(unlocked.notebook)
    nb = unlocked.notebook
    [maria] = nb.people.find_by_contact("email", "maria.okafor@example.com")
    before = nb.people.list().total

    def new_maria(button_text: str) -> PersonDialog:
        dialog = PersonDialog(nb, parent=unlocked.window)
        dialog.given.setText("Maria")
        dialog.family.setText("Okafor")
        dialog.emails.setPlainText("MARIA.OKAFOR@example.com")
        seen: list[str] = []
        answer_duplicate_prompt(qtbot, button_text, seen)
        dialog._save()
        assert seen == [f"Maria Okafor (#{maria}, MARIA.OKAFOR@example.com) has the same email."]
        return dialog

    dialog = new_maria("Cancel")
    assert dialog.result() == 0 and nb.people.list().total == before  # back to the form
    dialog = new_maria("Open them instead")
    assert dialog.result() == dialog.DialogCode.Accepted and dialog.saved_id == maria
    assert nb.people.list().total == before
    dialog = new_maria("Add anyway")
    assert dialog.saved_id != maria and nb.people.list().total == before + 1


def test_the_exact_same_name_asks_too_but_a_new_name_does_not(unlocked, qtbot):
    from ui.dialogs import PersonDialog

    add_people(unlocked.notebook)
    dialog = PersonDialog(unlocked.notebook, parent=unlocked.window)
    dialog.given.setText("johnny")
    dialog.family.setText("Appleseed")
    assert dialog._same_person_already() is None  # "Dr. … Jr." is not the same name
    dialog.prefix.setText("Dr.")
    dialog.middle.setText("Q.")
    dialog.suffix.setText("Jr.")
    same = dialog._same_person_already()
    assert same is not None and same[1].endswith(", Apple Inc.) has the same name.")


def test_a_phone_the_region_cannot_read_names_the_region_and_the_menu(unlocked, qtbot):
    from ui.dialogs import PersonDialog

    nb = unlocked.notebook
    nb.settings.set("default_region", "US")
    dialog = PersonDialog(nb, parent=unlocked.window)
    dialog.given.setText("Priya")
    dialog.phones.setPlainText("07700 900123")
    dialog.show()
    dialog._save()
    text = dialog.error.text()
    assert "in US" in text and "United States" in text and "File > Phone region" in text
    assert "c0392b" in dialog.phones.styleSheet()
    shoot(dialog, "phone-error.png")


def test_file_phone_region_sets_what_the_cli_region_command_reads(unlocked, qtbot, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    from ui.dialogs import PersonDialog

    nb = unlocked.notebook
    nb.settings.set("default_region", "US")
    offered = []

    def pick(parent, title, label, items, current, editable):
        offered.append(items[current])
        return next(i for i in items if i.startswith("United Kingdom")), True

    monkeypatch.setattr(QInputDialog, "getItem", pick)
    action = unlocked.window.actions["phone_region"]
    assert action.isEnabled() and action in unlocked.window.menuBar().actions()[0].menu().actions()
    action.trigger()
    assert offered == ["United States (US, +1)"]
    assert nb.settings.default_region() == "GB"
    dialog = PersonDialog(nb, parent=unlocked.window)
    dialog.given.setText("Priya")
    dialog.phones.setPlainText("07700 900123")
    assert len(nb.people.find_by_contact("phone", "07700 900123")) == 0
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert nb.people.get(dialog.saved_id).contact_points[0].normalized == "+447700900123"


def johnny_in_full(nb) -> int:
    contacts = [NewContact("email", "johnny@home.example", "home"),
                NewContact("phone", "+1 408 555 0101", "iphone mobile"),
                NewContact("phone", "+1 408 555 0103", "assistantphone"),
                NewContact("social", "http://twitter.com/johnny", "twitter"),
                NewContact("social", "@johnnyq", "instagram"),
                NewContact("im", "johnny.appleseed", "skype"),
                NewContact("phone", "+1 408 555 0104", "Dad's boat")]
    person = nb.people.create(PersonDraft(given_name="Johnny", family_name="Appleseed",
                                          nickname="Apple"), contacts=contacts)
    for category, text in (("other", "Left-handed"), ("dislike", "Cilantro"),
                           ("gift idea", "A pear tree"), ("like", "Apples"),
                           ("avoid", "Politics"), ("hobby", "Orchards")):
        nb.facts.add(person.id, category, text)
    nb.interactions.log("meeting", [person.id], subject="Orchard walk", location="Cupertino")
    return person.id


def test_the_person_page_says_the_nickname_the_place_and_readable_labels(unlocked, qtbot):
    from ui.person_view import render

    nb = unlocked.notebook
    person = nb.people.get(johnny_in_full(nb))
    html = render(person)
    assert "Goes by Apple" in html
    assert "Orchard walk" in html and "at</span> Cupertino" in html
    order = [html.index(t) for t in ("Likes", "Dislikes", "Topics to avoid", "Hobbies",
                                     "Gift ideas", "Other")]
    assert order == sorted(order)
    for label in (">home email<", ">iPhone<", ">assistant<", ">Dad's boat<"):
        assert label.replace("'", "&#x27;") in html, label
    assert "iphone mobile" not in html and "assistantphone" not in html
    for href in ("href='http://twitter.com/johnny'", "href='https://www.instagram.com/johnnyq'",
                 "href='skype:johnny.appleseed'"):
        assert href in html
    window = unlocked.window
    window.resize(1180, 760)
    window.show()
    window.workspace.apply_filters()
    window.workspace.select_person(person.id)
    qtbot.waitUntil(lambda: window.workspace.view.person is not None
                    and window.workspace.view.person.id == person.id)
    shoot(window, "person-page.png")


def test_edit_person_corrects_a_phone_and_its_label_in_place(unlocked, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from ui.dialogs import PersonDialog

    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"), contacts=[
        NewContact("phone", "+351 912 345 990", "mobile"), NewContact("email", "ana@example.com")])
    dialog = PersonDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.show()
    phone, email = dialog.existing.item(0), dialog.existing.item(1)
    assert phone.text() == "mobile: +351 912 345 990"
    assert phone.flags() & Qt.ItemFlag.ItemIsEditable
    dialog.existing.setCurrentItem(phone)
    dialog._edit_contact()  # "Change selected…" opens the editor on the row
    editor = dialog.existing.findChild(QLineEdit)
    assert editor is not None and editor.isVisible()
    shoot(dialog, "edit-contact.png")
    editor.setText("work: +351 912 345 999")
    delegate = dialog.existing.itemDelegate()
    delegate.commitData.emit(editor)  # what Return in the editor does
    delegate.closeEditor.emit(editor)
    assert phone.text() == "work: +351 912 345 999"
    email.setText("email: not an email")
    dialog._save()  # a bad correction: nothing at all is written
    assert "not an email address" in dialog.error.text()
    assert [c.value for c in nb.people.get(ana.id).contact_points] == [
        "+351 912 345 990", "ana@example.com"]
    email.setText("email: ana.lima@example.com")
    dialog._save()
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    points = nb.people.get(ana.id).contact_points
    assert [(c.label, c.value, c.normalized) for c in points] == [
        ("work", "+351 912 345 999", "+351912345999"),
        ("", "ana.lima@example.com", "ana.lima@example.com")]
    assert points[0].is_primary  # corrected, not removed and added again


def visible_menus(window) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions() if a.isVisible()]


def test_the_welcome_screen_shows_only_file_and_help(make_app, qtbot, tmp_path):
    from tests.conftest import PASSPHRASE

    rapport = make_app(tmp_path / "new" / "notebook.rapport")
    window = rapport.window
    assert visible_menus(window) == ["File", "Help"]
    window.resize(900, 600)
    window.show()
    shoot(window, "welcome.png")
    window.welcome.location.setText(str(tmp_path / "new" / "notebook.rapport"))
    window.welcome.passphrase.setText(PASSPHRASE)
    window.welcome.repeat.setText(PASSPHRASE)
    window.welcome.create_button.click()
    qtbot.waitUntil(lambda: rapport.notebook is not None, timeout=10000)
    assert visible_menus(window) == ["File", "Edit", "People", "Network", "View", "Help"]


def test_the_title_names_a_notebook_only_when_it_is_not_the_default(unlocked):
    from app.config import default_notebook_path

    window = unlocked.window
    assert unlocked.notebook.path.name == "notebook.rapport"
    assert window.windowTitle() == "Rapport"  # not "notebook — Rapport"
    window.show_notebook_title(default_notebook_path().with_name("work.rapport"))
    assert window.windowTitle() == "work"
