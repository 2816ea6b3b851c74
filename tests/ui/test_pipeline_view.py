"""The pipeline window: counts per stage, the prospect nudge, moving people between stages."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from app.domain import PersonDraft, Stage
from ui.pipeline_view import PipelineWindow


def names(window, stage):
    people = window.columns[stage].people
    return [people.item(n).text() for n in range(people.count())]


def test_counts_people_and_the_nudge(qtbot, nb):
    for name in ("Ana", "Ben"):
        nb.people.create(PersonDraft(given_name=name, stage=Stage.PROSPECT), company="Acme")
    nb.people.create(PersonDraft(given_name="Cy", stage=Stage.CUSTOMER))
    window = PipelineWindow(nb)
    qtbot.addWidget(window)
    window.show()
    assert window.columns[Stage.PROSPECT].title.text() == "Prospect  (2)"
    assert names(window, Stage.PROSPECT) == ["Ana  ·  Acme", "Ben  ·  Acme"]
    assert names(window, Stage.LOST) == ["Nobody at this stage"]
    assert not window.banner.isVisible()  # no target, no nudge

    nb.pipeline.set_prospect_target(5)
    window.refresh()
    assert window.banner.isVisible()
    assert window.nudge.text().startswith("2 prospects — your target is 5. Add 3 more")


def test_moving_someone_writes_history_and_tells_the_app(qtbot, nb):
    ana = nb.people.create(PersonDraft(given_name="Ana", stage=Stage.PROSPECT))
    window = PipelineWindow(nb)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    prospects = window.columns[Stage.PROSPECT].people
    prospects.setCurrentRow(0)
    prospects.setFocus()
    with qtbot.waitSignal(window.stage_changed) as moved:
        qtbot.keyClick(prospects, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)  # Customer
    assert moved.args == [ana.id]
    assert names(window, Stage.CUSTOMER) == ["Ana"]
    assert window.columns[Stage.PROSPECT].title.text() == "Prospect  (0)"
    assert [h.to_stage for h in nb.pipeline.history(ana.id)] == [Stage.PROSPECT, Stage.CUSTOMER]
    with qtbot.waitSignal(window.person_opened) as opened:
        window.columns[Stage.CUSTOMER].people.itemActivated.emit(
            window.columns[Stage.CUSTOMER].people.item(0))
    assert opened.args == [ana.id]


def test_the_menu_opens_the_pipeline_and_a_click_shows_the_person(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", stage=Stage.ADVOCATE))
    unlocked.window.actions["pipeline"].trigger()
    window = unlocked.network.windows["pipeline"]
    assert window.isVisible() and names(window, Stage.ADVOCATE) == ["Ana"]
    people = window.columns[Stage.ADVOCATE].people
    people.itemActivated.emit(people.item(0))
    assert unlocked.current_person_id == ana.id
    assert "PIPELINE" in unlocked.window.workspace.view.toPlainText()
    unlocked.lock()  # nothing of the notebook stays on screen
    assert unlocked.network.windows == {}


def test_one_person_is_counted_in_the_singular(qtbot, nb):
    nb.people.create(PersonDraft(given_name="Ana", stage=Stage.PROSPECT))
    nb.pipeline.set_prospect_target(3)
    window = PipelineWindow(nb)
    qtbot.addWidget(window)
    assert window.summary.text() == "1 person in the pipeline; prospect target 3"
    assert window.nudge.text().startswith("1 prospect — your target is 3. Add 2 more")


def test_esc_and_the_close_button_close_the_window(qtbot, nb):
    window = PipelineWindow(nb)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.isVisible()
    window.show()
    next(b for b in window.findChildren(QPushButton) if b.text() == "Close").click()
    assert not window.isVisible()


def test_adding_a_prospect_picks_someone_from_the_notebook(qtbot, nb):
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"), company="Acme")
    window = PipelineWindow(nb)
    qtbot.addWidget(window)
    window.show()
    dialog = window.add_prospect()
    dialog.picker.setText("Nobody Here")
    dialog.add.click()
    assert dialog.isVisible() and "Nobody in the notebook matches" in dialog.note.text()
    dialog.grab().save("/tmp/fixnetwork-add-prospect.png")
    dialog.picker.setText("Ana Lima")
    with qtbot.waitSignal(window.stage_changed):
        dialog.add.click()
    assert names(window, Stage.PROSPECT) == ["Ana Lima  ·  Acme"]
    assert nb.people.get(ana.id).stage == Stage.PROSPECT
    window.grab().save("/tmp/fixnetwork-pipeline.png")


def test_the_open_window_follows_changes_made_elsewhere(unlocked, qtbot):
    nb = unlocked.notebook
    unlocked.window.actions["pipeline"].trigger()
    window = unlocked.network.windows["pipeline"]
    assert window.summary.text().startswith("0 people in the pipeline")
    ben = nb.people.create(PersonDraft(given_name="Ben", stage=Stage.CUSTOMER))
    unlocked._changed(ben.id)  # what the application does after any change
    qtbot.waitUntil(lambda: names(window, Stage.CUSTOMER) == ["Ben"])
    assert window.summary.text().startswith("1 person in the pipeline")
