"""Locking leaves nothing of the notebook on screen: no message naming people, no Undo
offer, no secondary window, no menu entry with names."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QPushButton

from app.domain import PersonDraft


def two_marias(nb):
    keep = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"),
                            company="Acme", title="CTO")
    other = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor"))
    return keep, other


def visible_undo_buttons(rapport) -> list[QPushButton]:
    return [b for b in rapport.window.statusBar().findChildren(QPushButton)
            if b.text() == "Undo" and b.isVisible()]


def test_locking_clears_the_merge_message_and_the_menu_entry_naming_people(unlocked, qtbot):
    nb = unlocked.notebook
    keep, other = two_marias(nb)
    unlocked.network.merged(nb.merge.merge(keep.id, other.id))
    assert "Maria Okafor" in unlocked.window.actions["undo_merge"].text()
    unlocked.network.undo_merge()
    status = unlocked.window.statusBar()
    assert status.currentMessage().startswith("Merge undone: Maria Okafor")
    unlocked.network.merged(nb.merge.merge(keep.id, other.id))  # the Edit entry names them

    unlocked.window.actions["lock"].trigger()

    assert status.currentMessage() == ""
    assert "Maria" not in unlocked.window.actions["undo_merge"].text()
    assert not unlocked.window.actions["undo_merge"].isEnabled()
    unlocked.window.grab().save("/tmp/fixinstance-locked.png")


def test_locking_takes_away_the_undo_offer_and_its_message(unlocked, qtbot):
    nb = unlocked.notebook
    maria, _ = two_marias(nb)
    unlocked.window.workspace.apply_filters()
    unlocked.window.workspace.select_person(maria.id)
    qtbot.waitUntil(lambda: unlocked.current_person_id == maria.id, timeout=5000)
    unlocked.trash_person()
    assert visible_undo_buttons(unlocked)
    assert "Maria Okafor" in unlocked.window.statusBar().currentMessage()

    unlocked.lock()

    assert visible_undo_buttons(unlocked) == []
    assert unlocked.window.statusBar().currentMessage() == ""


def test_locking_closes_every_window_that_shows_people(unlocked, qtbot):
    nb = unlocked.notebook
    maria, _ = two_marias(nb)
    nb.people.update(maria.id, is_me=True)
    org_id = nb.careers.organization("Acme").id
    windows = [unlocked.open_brief([(maria.id, "Maria Okafor")]),
               unlocked.open_connections((maria.id, "Maria Okafor")),
               unlocked.open_company(org_id),
               unlocked.network.open_pipeline(),
               unlocked.network.open_introductions(),
               unlocked.network.open_duplicates()]
    for window in windows:
        qtbot.waitUntil(window.isVisible, timeout=5000)
    assert len({type(w).__name__ for w in windows}) == 6

    unlocked.lock()

    qtbot.wait(50)
    shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert shown == [unlocked.window]
