"""The company page, the connections window, "This is me" and the job change dialog."""

import datetime as dt
import re

from PySide6.QtCore import QUrl

from app.domain import PersonDraft
from tests.meeting_notebook import fill
from ui.company_page import CompanyWindow
from ui.connections_view import ConnectionsWindow
from ui.dialogs import JobDialog


def test_company_page_lists_current_and_former_staff_and_the_org_chart(unlocked, qtbot,
                                                                       tmp_path):
    nb = unlocked.notebook
    ids = fill(nb)
    window = unlocked.open_company(nb.careers.organization("Acme").id)
    qtbot.waitUntil(window.isVisible)
    assert window.windowTitle() == "Acme"
    assert window.summary.text() == "You know 8 people there now and 2 who used to work there."
    current = [window.current.topLevelItem(r).text(0)
               for r in range(window.current.topLevelItemCount())]
    assert "Ana Lima" in current and "Dr. Benedict Okafor" in current
    former = [(window.former.topLevelItem(r).text(0), window.former.topLevelItem(r).text(2))
              for r in range(window.former.topLevelItemCount())]
    assert ("Olivia Silva", "Jan 2010 – Dec 2011") in former
    top = window.chart.topLevelItem(0)
    assert top.text(0) == "Dr. Benedict Okafor"
    assert "Ana Lima" in [top.child(n).text(0) for n in range(top.childCount())]
    window.tabs.setCurrentIndex(2)
    window.grab().save(str(tmp_path / "company.png"))
    ana_item = next(top.child(n) for n in range(top.childCount())
                    if top.child(n).text(0) == "Ana Lima")
    window.chart.itemActivated.emit(ana_item, 0)  # opens her in the main window
    assert unlocked.current_person_id == ids["ana"]


def test_the_company_on_a_person_page_opens_its_page(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"), company="Acme", title="CTO")
    unlocked._changed(ana.id)
    org_id = nb.careers.organization("Acme").id
    assert f"company:{org_id}" in unlocked.window.workspace.view.toHtml()
    unlocked.window.workspace.view.anchorClicked.emit(QUrl(f"company:{org_id}"))
    window = unlocked.window.findChild(CompanyWindow)
    assert window is not None and window.page.organization.name == "Acme"


def test_connections_window_shows_the_chain_and_opens_people(unlocked, qtbot, tmp_path):
    nb = unlocked.notebook
    ids = fill(nb)
    window = unlocked.open_connections((ids["helena"], "Helena Park"))
    qtbot.waitUntil(lambda: window.result is not None)  # found on the worker
    text = window.view.toPlainText()
    # Sam has logged calls and meetings with several of Helena's colleagues: each counts.
    assert "Helena Park is 2 steps away: 4 shortest paths." in text
    assert re.search(r"Sam Carter — in touch \d+ \w+ \d{4} \(call\) — Oscar Rossi — works with "
                     r"\(Hooli, since 2020\) — Helena Park", " ".join(text.split()))
    assert ("Sam Carter — worked with (Northwind, 2018–2021) — Daniel Weiss — reports to — "
            "Helena Park") in " ".join(text.split())
    window.grab().save("/tmp/fixnetwork-connections.png")
    window.view.anchorClicked.emit(QUrl(f"person:{ids['dan']}"))
    assert unlocked.current_person_id == ids["dan"]


def test_without_my_card_connections_say_how_to_mark_it(unlocked, qtbot):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    me = nb.people.create(PersonDraft(given_name="Sam"))
    window = ConnectionsWindow(nb, (ana.id, "Ana"), unlocked.window)
    assert "People > This is me" in window.view.toPlainText()
    unlocked._changed(me.id)
    assert unlocked.window.actions["me"].isEnabled()
    unlocked.window.actions["me"].trigger()
    assert nb.people.me().id == me.id
    assert "your own card" in unlocked.window.statusBar().currentMessage()
    window.show_connections(ana.id)
    assert "No known path to Ana" in window.result.message


def test_job_change_dialog_can_add_a_congratulate_reminder(unlocked):
    nb = unlocked.notebook
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima"))
    nb.careers.add_job(ana.id, "Acme", title="CTO", start=dt.date(2020, 1, 1))
    dialog = JobDialog(nb, nb.people.get(ana.id), parent=unlocked.window)
    dialog.company.setText("Globex")
    dialog.title.setText("CEO")
    dialog.congratulate.setChecked(True)
    dialog._save()
    jobs = nb.careers.jobs(ana.id)
    assert [(j.organization.name, j.end) for j in jobs] == [
        ("Globex", None), ("Acme", dt.date.today() - dt.timedelta(days=1))]
    [reminder] = nb.reminders.list(person_id=ana.id)
    assert reminder.title == "Congratulate Ana Lima on the new job at Globex"


def test_my_own_job_change_dialog_leaves_colleagues_alone(unlocked):
    nb = unlocked.notebook
    me = nb.people.create(PersonDraft(given_name="Sam", is_me=True))
    ana = nb.people.create(PersonDraft(given_name="Ana"))
    nb.careers.add_job(me.id, "Acme", start=dt.date(2020, 1, 1))
    nb.careers.add_job(ana.id, "Acme", start=dt.date(2019, 1, 1))
    dialog = JobDialog(nb, nb.people.get(me.id), parent=unlocked.window)
    assert dialog.congratulate.parent() is None or not dialog.congratulate.isVisible()
    dialog.company.setText("Globex")
    dialog._save()
    assert [j.organization.name for j in nb.people.get(me.id).current_jobs] == ["Globex"]
    assert [(j.organization.name, j.end) for j in nb.careers.jobs(ana.id)] == [("Acme", None)]


def test_the_page_opens_where_there_is_something_and_explains_the_empty_chart(qtbot, nb):
    maria = nb.people.create(PersonDraft(given_name="Maria", family_name="Okafor")).id
    nb.careers.add_job(maria, "Globex", title="VP Engineering", start=dt.date(2019, 1, 1),
                       end=dt.date(2026, 11, 1))
    window = CompanyWindow(nb, nb.careers.organization("Globex").id)
    qtbot.addWidget(window)
    assert window.tabs.currentIndex() == 1  # "Worked there (1)", not the empty first tab
    window.show()
    qtbot.waitExposed(window)
    window.grab().save("/tmp/fixnetwork-company-worked.png")
    assert window.tabs.tabText(1) == "Worked there (1)"
    assert "Nobody you know works here now" in window.chart_help.text()
    assert not window.set_manager.isEnabled()


def test_columns_fit_their_text_and_set_manager_builds_the_chart(qtbot, nb):
    boss = nb.people.create(PersonDraft(given_name="Helena", family_name="Park")).id
    ana = nb.people.create(PersonDraft(given_name="Ana", family_name="Lima")).id
    nb.careers.add_job(boss, "Acme", title="Chief Executive Officer", department="Board",
                       start=dt.date(2015, 1, 1))
    nb.careers.add_job(ana, "Acme", title="Head of Procurement and Logistics",
                       department="Operations and Supply", start=dt.date(2020, 5, 1))
    window = CompanyWindow(nb, nb.careers.organization("Acme").id)
    qtbot.addWidget(window)
    window.show()
    assert window.tabs.currentIndex() == 0
    tree, fm = window.current, window.current.fontMetrics()
    for column, text in ((1, "Head of Procurement and Logistics"), (2, "Operations and Supply")):
        assert tree.columnWidth(column) >= fm.horizontalAdvance(text)
    assert tree.columnWidth(0) < tree.viewport().width() / 2  # the name does not hog the row
    qtbot.waitExposed(window)
    qtbot.wait(50)
    window.grab().save("/tmp/fixnetwork-company-works.png")
    window.tabs.setCurrentIndex(2)
    assert "No managers recorded yet" in window.chart_help.text()
    window.grab().save("/tmp/fixnetwork-company-chart-empty.png")
    ana_item = next(window.chart.topLevelItem(n) for n in range(window.chart.topLevelItemCount())
                    if window.chart.topLevelItem(n).text(0) == "Ana Lima")
    window.chart.setCurrentItem(ana_item)
    assert window.set_manager.isEnabled()
    window.choose_manager("Helena Park")
    top = window.chart.topLevelItem(0)
    assert (top.text(0), top.child(0).text(0)) == ("Helena Park", "Ana Lima")
    assert window.tabs.currentIndex() == 2 and "Who reports to whom" in window.chart_help.text()
    assert window.chart.currentItem().text(0) == "Ana Lima" and window.set_manager.isEnabled()
    window.grab().save("/tmp/fixnetwork-company-chart.png")
