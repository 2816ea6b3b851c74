"""Editing every part of a person from the window."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from app.domain import PartialDate, PersonDraft
from app.services.people import NewContact
from ui.application import read_photo
from ui.dialogs import JobDialog, PersonDialog, RelationshipDialog


def test_every_field_of_a_person(unlocked, qtbot):
    nb = unlocked.notebook
    carla = nb.people.create(PersonDraft(given_name="Carla", family_name="Diaz"))
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"), contacts=[
        NewContact("email", "old@example.com"), NewContact("email", "ana@example.com")])
    dialog = PersonDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.existing.item(0).setSelected(True)
    dialog._remove_contact()
    dialog.prefix.setText("Dr.")
    dialog.display_name.setText("Ana L.")
    dialog.met_on.setText("2023-09-12")
    qtbot.keyClicks(dialog.introduced_by, "carla")
    qtbot.keyClick(dialog.introduced_by, Qt.Key.Key_Return)
    dialog.address.setText("Rua Augusta 1, Lisbon, Portugal")
    dialog.dates.setPlainText("wedding anniversary: 2012-07-07")
    dialog.custom.setPlainText("Shoe size: 38")
    dialog._save()
    assert dialog.error.isHidden(), dialog.error.text()
    saved = nb.people.get(ana.id)
    assert [c.value for c in saved.contact_points] == ["ana@example.com"]
    assert saved.met_on == dt.date(2023, 9, 12) and saved.introduced_by.id == carla.id
    assert saved.addresses[0].one_line() == "Rua Augusta 1, Lisbon, Portugal"
    assert saved.important_dates[0].date == PartialDate(7, 7, 2012)
    assert [(c.name, c.value) for c in saved.custom_fields] == [("Shoe size", "38")]
    assert (saved.prefix, saved.name) == ("Dr.", "Ana L.")
    again = PersonDialog(nb, saved, parent=unlocked.window)
    texts = [again.existing.item(i).text() for i in range(again.existing.count())]
    assert texts == ["email: ana@example.com", "address: Rua Augusta 1, Lisbon, Portugal",
                     "wedding anniversary: 2012-07-07"]
    for row in (1, 2):
        again.existing.item(row).setSelected(True)
    again._remove_contact()
    again._save()
    cleaned = nb.people.get(ana.id)
    assert (cleaned.addresses, cleaned.important_dates) == ((), ())
    assert len(cleaned.contact_points) == 1


def test_a_bad_extra_line_saves_nothing(unlocked):
    nb = unlocked.notebook
    dialog = PersonDialog(nb, parent=unlocked.window)
    dialog.given.setText("Ana")
    dialog.dates.setPlainText("anniversary 2012-07-07")  # no colon
    dialog._save()
    assert "label: YYYY-MM-DD" in dialog.error.text()
    assert nb.people.list().total == 0
    dialog.dates.setPlainText("")
    dialog._save()
    assert nb.people.list().total == 1  # and only one, after fixing it


def test_relationship_to_someone_and_to_a_new_loved_one(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    ben = nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor"))
    dialog = RelationshipDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.kind.setCurrentText("manager")
    qtbot.keyClicks(dialog.other, "okafor")
    dialog._save()
    assert dialog.relationship.other.id == ben.id
    assert [(r.type, r.other.name) for r in nb.relationships.list(ben.id)] == [("report", "Ana Lima")]
    dialog = RelationshipDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.kind.setCurrentText("child")
    dialog.new_name.setText("Sofia Lima")
    dialog.new_birthday.setText("2016-05-20")
    dialog._save()
    sofia = nb.people.get(dialog.relationship.other.id)
    assert sofia.is_light and sofia.birthday == PartialDate(5, 20, 2016)
    dialog = RelationshipDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog._save()
    assert "Choose someone" in dialog.error.text()


def test_job_change_keeps_history(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"), company="Acme", title="CTO")
    dialog = JobDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.company.setText("Globex")
    dialog.title.setText("CEO")
    dialog._save()
    jobs = nb.careers.jobs(ana.id)
    assert [(j.organization.name, j.end is None) for j in jobs] == [("Globex", True),
                                                                   ("Acme", False)]
    unlocked._changed(ana.id)
    assert unlocked.model.person_at(0).company == "Globex"
    assert "Acme" in unlocked.window.workspace.view.toPlainText()


def test_photos_are_scaled_and_huge_ones_refused(unlocked, tmp_path):
    image = QImage(2000, 1000, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = tmp_path / "ana.png"
    image.save(str(path))
    data = read_photo(path)
    scaled = QImage.fromData(data)
    assert (scaled.width(), scaled.height()) == (512, 256) and data[:3] == b"\xff\xd8\xff"
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    nb.people.set_photo(ana.id, data)
    unlocked.show_person(ana.id)
    assert "photo:current" in unlocked.window.workspace.view.toHtml()
    (tmp_path / "fake.png").write_bytes(b"not an image")
    import pytest

    from app.errors import RapportError
    with pytest.raises(RapportError, match="not an image"):
        read_photo(tmp_path / "fake.png")
    (tmp_path / "bomb.png").write_bytes(png_header(20000, 20000))
    with pytest.raises(RapportError, match="too large"):
        read_photo(tmp_path / "bomb.png")


def png_header(width, height):
    """A tiny PNG file that declares these dimensions (an image bomb's header)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b""))


def test_saving_runs_on_the_worker_and_waits(unlocked, qtbot):
    """With the app's worker, Save disables the buttons until the database answers."""
    nb = unlocked.notebook
    dialog = PersonDialog(nb, parent=unlocked.window, ops=unlocked.ops)
    dialog.given.setText("Ana")
    dialog.emails.setPlainText("not-an-email")
    dialog._save()
    qtbot.waitUntil(lambda: not dialog.error.isHidden(), timeout=5000)
    assert "email" in dialog.error.text() and dialog.buttons.isEnabled()
    dialog.emails.setPlainText("ana@example.com")
    dialog._save()
    assert not dialog.buttons.isEnabled()  # waiting for the worker
    qtbot.waitUntil(lambda: dialog.result() == dialog.DialogCode.Accepted, timeout=5000)
    assert nb.people.get(dialog.saved_id).contact_points[0].value == "ana@example.com"


def test_a_person_edit_that_fails_part_way_saves_none_of_it(unlocked):
    """Name, contacts, address, dates and custom fields are one transaction: an address
    removed elsewhere while the dialog was open fails the save, and nothing else changes."""
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.people.add_address(ana.id, street="Rua Augusta 1", locality="Lisbon")
    dialog = PersonDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.existing.item(0).setSelected(True)  # the address
    dialog._remove_contact()
    dialog.given.setText("Anna")
    dialog.dates.setPlainText("wedding anniversary: 2012-07-07")
    nb.people.remove_address(nb.people.get(ana.id).addresses[0].id)  # another window
    dialog._save()
    assert "no address" in dialog.error.text().lower(), dialog.error.text()
    unchanged = nb.people.get(ana.id)
    assert (unchanged.given_name, unchanged.important_dates) == ("Ana", ())


def test_keep_in_touch_offers_the_usual_cadences_and_any_number_of_days(unlocked):
    nb = unlocked.notebook
    dialog = PersonDialog(nb, parent=unlocked.window)
    labels = [dialog.cadence.choice.itemText(i) for i in range(dialog.cadence.choice.count())]
    assert labels[:4] == ["No reminder", "Every week", "Every two weeks", "Every month"]
    dialog.given.setText("Ana")
    dialog.cadence.choice.setCurrentIndex(dialog.cadence.choice.findData(90))
    dialog._save()
    ana = nb.people.get(dialog.saved_id)
    assert ana.cadence_days == 90
    nb.people.update(ana.id, cadence_days=45)  # set elsewhere: shown as "Other…", 45 days
    again = PersonDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    assert again.cadence.choice.currentText() == "Other…"
    assert not again.cadence.days.isHidden() and again.cadence.value() == 45
    again.cadence.choice.setCurrentIndex(0)  # No reminder
    again._save()
    assert nb.people.get(ana.id).cadence_days is None


def test_a_label_before_a_phone_or_an_email_becomes_its_label(unlocked):
    nb = unlocked.notebook
    dialog = PersonDialog(nb, parent=unlocked.window)
    dialog.given.setText("Ana")
    dialog.phones.setPlainText("mobile: +44 7700 900123\n+44 20 7946 0000")
    dialog.emails.setPlainText("work: ana@example.com")
    dialog.address.setText("work: 200 Clarendon St, Boston, USA")
    dialog._save()
    assert dialog.error.isHidden(), dialog.error.text()
    points = nb.people.get(dialog.saved_id).contact_points
    assert [(c.label, c.value) for c in points] == [
        ("mobile", "+44 7700 900123"), ("", "+44 20 7946 0000"), ("work", "ana@example.com")]
    [address] = nb.people.get(dialog.saved_id).addresses
    assert (address.label, address.street, address.locality) == ("work", "200 Clarendon St",
                                                                  "Boston")


def test_an_introducer_who_is_not_in_the_notebook_can_be_added_on_the_spot(unlocked,
                                                                            monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    nb = unlocked.notebook
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: answers.pop(0))
    dialog = PersonDialog(nb, parent=unlocked.window)
    dialog.given.setText("Ana")
    dialog.introduced_by.setText("Tom Hale")
    dialog._save()  # Cancel: nothing saved, the dialog stays
    assert nb.people.list().total == 0 and dialog.saved_id is None
    dialog._save()  # Yes: Tom is added and introduced Ana
    ana = nb.people.get(dialog.saved_id)
    assert ana.introduced_by.name == "Tom Hale"
    assert sorted(p.name for p in nb.people.list().items) == ["Ana", "Tom Hale"]
