"""File menu: the import wizard, export, back up now and restore from a backup."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QMessageBox, QWizard

from app.domain import PersonDraft
from app.services.importer import Action
from tests.conftest import PASSPHRASE
from ui.import_wizard import PAGE_FILE, PAGE_PREVIEW, PAGE_REPORT, PAGE_SOURCE
from ui.main_window import MainWindow
from ui.models.import_plan import PlanModel

TWO_CARDS = """BEGIN:VCARD
VERSION:3.0
N:Lima;Ana;;;
FN:Ana Lima
EMAIL:ana@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okafor;Ben;;;
FN:Ben Okafor
TEL:+44 20 7946 0123
END:VCARD
"""


def names(rapport) -> list[str]:
    model = rapport.model
    return [model.person_at(row).name for row in range(model.rowCount())]


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def click(wizard: QWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), button.text()
    button.click()


def open_preview(rapport, qtbot, path: Path):
    """File > Import… on a file, through to the preview."""
    wizard = rapport.import_contacts(path)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PREVIEW, timeout=5000)
    return wizard


def rows(wizard) -> list[tuple[str, str, str]]:
    model = wizard.preview_page.model
    return [tuple(model.index(row, column).data() for column in
                  (PlanModel.NAME, PlanModel.WHAT, PlanModel.ACTION))
            for row in range(model.rowCount())]


def import_now(wizard, qtbot) -> None:
    click(wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_REPORT, timeout=10000)


def test_import_a_vcard_and_see_the_people(unlocked, qtbot, tmp_path):
    wizard = unlocked.import_contacts(write(tmp_path, "phone.vcf", TWO_CARDS))
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    source = wizard.source_page
    assert source.description.text() == "vCard file, UTF-8 — 2 cards"
    assert "Ana Lima, Ben Okafor" in source.sample.text()
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PREVIEW, timeout=5000)
    assert wizard.preview_page.counts.text() == "2 new · 0 to merge"
    assert rows(wizard) == [("Ana Lima", "New", "Add"), ("Ben Okafor", "New", "Add")]
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Import"

    import_now(wizard, qtbot)
    assert "Added: 2" in wizard.report_page.summary.text()
    wizard.resize(900, 640)
    wizard.show()
    qtbot.waitUntil(lambda: wizard.report_page.height() > 400)
    summary = wizard.report_page.summary  # at the top, not centred in the empty page
    assert summary.y() < 40 and summary.height() < 100
    assert names(unlocked) == ["Ana Lima", "Ben Okafor"]  # the list behind already shows them
    click(wizard, QWizard.WizardButton.CustomButton1)  # Show the imported people
    assert not wizard.isVisible()
    assert names(unlocked) == ["Ana Lima", "Ben Okafor"]
    assert "Ana Lima" in unlocked.window.workspace.view.toPlainText()
    assert "just imported" in unlocked.window.statusBar().currentMessage()


def test_a_possible_duplicate_merged_on_request(unlocked, qtbot, tmp_path):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Jon", family_name="Smith"))
    unlocked._changed()
    card = "BEGIN:VCARD\nVERSION:3.0\nN:Smith;John;;;\nFN:John Smith\nEMAIL:john@example.com\n" \
           "END:VCARD\n"
    wizard = open_preview(unlocked, qtbot, write(tmp_path, "john.vcf", card))
    preview = wizard.preview_page
    assert preview.counts.text() == "0 new · 0 to merge · 1 possible duplicate needs your decision"
    [(name, what, action)] = rows(wizard)
    assert (name, action) == ("John Smith", "Add separately")
    assert what.startswith("Possible duplicate of Jon Smith — similar name")

    # The Action cell's drop-down, as a user opens it (Space) and picks "Merge into …".
    index = preview.model.index(0, PlanModel.ACTION)
    preview.table.setCurrentIndex(index)
    preview.table.edit(index)
    editor = preview.table.indexWidget(index)
    assert isinstance(editor, QComboBox)
    assert [editor.itemText(i) for i in range(editor.count())] == [
        "Add separately", "Merge into Jon Smith", "Skip"]
    editor.setCurrentIndex(editor.findData(Action.MERGE))
    editor.activated.emit(editor.currentIndex())
    assert rows(wizard)[0][2] == "Merge into Jon Smith"
    assert "merge into 1 person" in preview.decided.text()

    import_now(wizard, qtbot)
    assert "Merged into people already in the notebook: 1" in \
        wizard.report_page.summary.text()
    assert names(unlocked) == ["Jon Smith"]
    [jon] = nb.people.list().items
    assert [c.value for c in nb.people.get(jon.id).contact_points] == ["john@example.com"]


def test_cancel_before_importing_writes_nothing(unlocked, qtbot, tmp_path):
    wizard = open_preview(unlocked, qtbot, write(tmp_path, "phone.vcf", TWO_CARDS))
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert not wizard.isVisible()
    assert unlocked.notebook.people.list().total == 0
    assert names(unlocked) == []


def test_cancel_while_importing_leaves_the_notebook_as_it_was(unlocked, qtbot, tmp_path):
    wizard = open_preview(unlocked, qtbot, write(tmp_path, "phone.vcf", TWO_CARDS))
    gate = threading.Event()
    unlocked.ops.run(gate.wait)  # holds the worker, so that Cancel comes before the import
    click(wizard, QWizard.WizardButton.CommitButton)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert wizard.isVisible()  # it waits for the import to stop
    gate.set()
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_REPORT, timeout=10000)
    assert wizard.report_page.summary.text() == "Cancelled; nothing was imported."
    assert unlocked.notebook.people.list().total == 0


def test_a_broken_file_is_named_with_its_line(unlocked, qtbot, tmp_path):
    broken = write(tmp_path, "broken.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:X\n")
    wizard = unlocked.import_contacts(broken)
    click(wizard, QWizard.WizardButton.NextButton)
    error = wizard.file_page.error
    qtbot.waitUntil(error.isVisible, timeout=5000)
    assert error.text().startswith(f"{broken}, line 1: ")
    assert "END:VCARD" in error.text() and "Traceback" not in error.text()
    assert wizard.currentId() == PAGE_FILE
    assert unlocked.notebook.people.list().total == 0


def test_a_csv_of_unknown_columns_is_mapped(unlocked, qtbot, tmp_path):
    csv = write(tmp_path, "clients.csv", "Cliente;Correio;Cidade\nJosé Álvarez;jose@example.com;"
                                         "Sevilla\n", encoding="cp1252")
    wizard = unlocked.import_contacts(csv)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    source = wizard.source_page
    assert source.description.text() == "CSV file, Windows-1252 — 1 row"
    table = source.mapping
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == [
        "Cliente", "Correio", "Cidade"]
    assert table.item(0, 2).text() == "José Álvarez"
    table.cellWidget(0, 1).setCurrentIndex(table.cellWidget(0, 1).findData("full_name"))
    table.cellWidget(1, 1).setCurrentIndex(table.cellWidget(1, 1).findData("email"))
    table.cellWidget(2, 1).setCurrentIndex(table.cellWidget(2, 1).findData("hometown"))
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_PREVIEW, timeout=5000)
    assert rows(wizard) == [("José Álvarez", "New", "Add")]
    import_now(wizard, qtbot)
    [jose] = unlocked.notebook.people.list().items
    assert unlocked.notebook.people.get(jose.id).hometown == "Sevilla"


def test_a_complete_export_restores_only_into_an_empty_notebook(unlocked, qtbot, tmp_path):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana"))
    export = tmp_path / "all.jsonl"
    nb.archive.export_all(export)
    wizard = unlocked.import_contacts(export)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    assert wizard.source_page.description.text() == "Rapport complete export"
    assert "only be restored into an empty notebook" in wizard.source_page.restore_note.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()


def test_export_everyone_as_vcard(unlocked, qtbot, tmp_path, monkeypatch):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor"))
    unlocked._changed()
    dialog = unlocked.export_people()
    assert dialog.warning_text.isVisible()
    assert dialog.warning_text.text() == \
        "The exported file is not encrypted: anyone with the file can read it."
    assert dialog.format.currentData() == "vcard" and dialog.scope().key == "everyone"
    assert not dialog.export_button.isEnabled()  # until the warning is acknowledged
    dialog.understood.setChecked(True)
    target = tmp_path / "out" / "contacts"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(target), ""))
    dialog.export_button.click()
    written = target.with_suffix(".vcf")
    qtbot.waitUntil(written.exists, timeout=5000)
    text = written.read_text()
    assert "FN:Ana Lima" in text and "FN:Ben Okafor" in text
    qtbot.waitUntil(lambda: str(written) in unlocked.window.statusBar().currentMessage())
    assert "Exported 2 people" in unlocked.window.statusBar().currentMessage()


def test_back_up_now_into_a_chosen_folder(unlocked, qtbot, tmp_path, monkeypatch):
    folder = tmp_path / "usb stick"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(folder))
    unlocked.window.actions["backup"].trigger()
    qtbot.waitUntil(lambda: any(folder.glob("*.rapport")), timeout=5000)
    [backup] = folder.glob("*.rapport")
    qtbot.waitUntil(lambda: unlocked.window.findChild(QMessageBox) is not None)
    assert str(backup) in unlocked.window.findChild(QMessageBox).text()


def test_restore_from_the_automatic_backup(unlocked, qtbot):
    nb = unlocked.notebook
    # The daily backup is made on the worker just after unlocking.
    qtbot.waitUntil(lambda: bool(nb.backups.list_backups()), timeout=5000)
    nb.people.create(PersonDraft(given_name="Zed"))
    unlocked._changed()
    assert names(unlocked) == ["Zed"]

    dialog = unlocked.restore_from_backup()
    assert dialog.list.topLevelItem(0).text(1) == "Daily automatic backup"
    assert not dialog.restore_button.isEnabled()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.restore_button.click()
    confirm = dialog.findChild(QMessageBox)
    assert confirm.text().startswith("Replace the notebook with the backup from ")
    next(b for b in confirm.buttons() if b.text() == "Replace").click()

    unlock = unlocked.window.unlock
    qtbot.waitUntil(lambda: "Restored the backup" in unlock.status.text(), timeout=10000)
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_UNLOCK
    assert "before-restore" in unlock.status.text()
    unlock.passphrase.setText(PASSPHRASE)
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: unlocked.notebook is not None, timeout=10000)
    assert names(unlocked) == []


def test_locking_closes_the_wizard(unlocked, qtbot, tmp_path):
    wizard = open_preview(unlocked, qtbot, write(tmp_path, "phone.vcf", TWO_CARDS))
    wizard.preview_page.set_selected(Action.SKIP)  # a decision: Cancel would ask first
    unlocked.window.actions["lock"].trigger()
    assert not wizard.isVisible()
    assert unlocked.window.stack.currentIndex() == MainWindow.PAGE_UNLOCK


def test_a_complete_export_restored_into_an_empty_notebook(unlocked, qtbot, tmp_path,
                                                           copy_notebook, template_key):
    from app.notebook import Notebook

    export = tmp_path / "all.jsonl"
    with Notebook.open_with_key(copy_notebook(), template_key) as other:
        ana = other.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
        other.facts.quick_add(ana.id, "likes: single malt")
        other.archive.export_all(export)
    wizard = unlocked.import_contacts(export)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    assert "which is empty" in wizard.source_page.restore_note.text()
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "&Restore"
    click(wizard, QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_REPORT, timeout=10000)
    assert wizard.report_page.summary.text() == "Restored 1 person and everything about them."
    assert names(unlocked) == ["Ana Lima"]
    unlocked.window.workspace.select_person(unlocked.model.person_at(0).id)
    assert "single malt" in unlocked.window.workspace.view.toPlainText()


def test_a_wrong_backup_passphrase_changes_nothing(unlocked, qtbot):
    nb = unlocked.notebook
    qtbot.waitUntil(lambda: bool(nb.backups.list_backups()), timeout=5000)
    nb.people.create(PersonDraft(given_name="Zed"))
    dialog = unlocked.restore_from_backup()
    dialog.passphrase.setText("not the passphrase")
    dialog.restore_button.click()
    confirm = dialog.findChild(QMessageBox)
    next(b for b in confirm.buttons() if b.text() == "Replace").click()
    unlock = unlocked.window.unlock
    qtbot.waitUntil(unlock.error.isVisible, timeout=10000)
    assert unlock.error.text().startswith("The backup was not restored: The passphrase does not "
                                          "open")
    unlock.passphrase.setText(PASSPHRASE)
    unlock.unlock_button.click()
    qtbot.waitUntil(lambda: unlocked.notebook is not None, timeout=10000)
    assert names(unlocked) == ["Zed"]


def test_export_the_people_in_the_list_or_everything(unlocked, qtbot, tmp_path, monkeypatch):
    nb = unlocked.notebook
    nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.people.create(PersonDraft(given_name="Ben", family_name="Okafor"))
    unlocked._changed()
    qtbot.keyClicks(unlocked.window.workspace.search, "okafor")
    qtbot.waitUntil(lambda: names(unlocked) == ["Ben Okafor"], timeout=3000)
    targets = iter([tmp_path / "list.csv", tmp_path / "everything.jsonl"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *args, **kwargs: (str(next(targets)), ""))

    dialog = unlocked.export_people()
    dialog.format.setCurrentIndex(dialog.format.findData("google-csv"))
    [in_list] = [b for b in dialog.who.buttons() if b.text() == "The &person in the list"]
    in_list.setChecked(True)
    dialog.understood.setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil((tmp_path / "list.csv").exists, timeout=5000)
    exported = (tmp_path / "list.csv").read_text(encoding="utf-8-sig")
    assert "Okafor" in exported and "Lima" not in exported

    dialog = unlocked.export_people()
    dialog.format.setCurrentIndex(dialog.format.findData("json"))
    assert all(not b.isEnabled() for b in dialog.who.buttons())  # everything, always
    dialog.understood.setChecked(True)
    dialog.export_button.click()
    qtbot.waitUntil((tmp_path / "everything.jsonl").exists, timeout=5000)
    assert '"format":"rapport-complete-export"' in \
        (tmp_path / "everything.jsonl").read_text().splitlines()[0]


def test_choosing_another_encoding_reads_the_file_again(unlocked, qtbot, tmp_path):
    csv = write(tmp_path, "clients.csv", "Full name,E-mail Address\nJosé Álvarez,jose@example.com\n",
                encoding="cp1252")
    wizard = unlocked.import_contacts(csv)
    click(wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.currentId() == PAGE_SOURCE, timeout=5000)
    source = wizard.source_page
    assert "José Álvarez" in source.mapping.item(0, 2).text()
    source.encoding.setCurrentIndex(source.encoding.findData("cp1251"))
    source.encoding.activated.emit(source.encoding.currentIndex())
    qtbot.waitUntil(lambda: "Windows-1251" in source.description.text(), timeout=5000)
    assert "José" not in source.mapping.item(0, 2).text()  # read as Cyrillic now
