"""The pipeline window: counts per stage, the prospect nudge, moving people between stages."""

from PySide6.QtCore import Qt

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
